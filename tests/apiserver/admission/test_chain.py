import pytest

from k8slab.apiserver import errors as E
from k8slab.apiserver.admission import (ALL_ORDERED_PLUGINS, AdmissionConfigError, build_chain,
                                        enabled_plugin_names)

from .helpers import create, pod, server


def test_default_set_is_upstreams_in_upstreams_order():
    names = enabled_plugin_names()
    assert names[:3] == ["NamespaceLifecycle", "LimitRanger", "ServiceAccount"]
    assert names[-5:] == ["MutatingAdmissionPolicy", "MutatingAdmissionWebhook", "ValidatingAdmissionPolicy",
                          "ValidatingAdmissionWebhook", "ResourceQuota"]
    assert "AlwaysPullImages" not in names and "NodeRestriction" not in names
    assert names == [n for n in ALL_ORDERED_PLUGINS if n in names]


def test_enable_and_disable_keep_the_order():
    names = enabled_plugin_names(["AlwaysPullImages", "NodeRestriction", "ServiceAccount"], ["LimitRanger"])
    assert names.index("ServiceAccount") < names.index("NodeRestriction") < names.index("AlwaysPullImages")
    assert "LimitRanger" not in names


def test_unknown_and_overlapping_names_are_upstreams_errors():
    with pytest.raises(AdmissionConfigError) as e:
        enabled_plugin_names(["Nope"])
    assert str(e.value) == 'enable-admission-plugins plugin "Nope" is unknown'
    with pytest.raises(AdmissionConfigError) as e:
        enabled_plugin_names(["Nope"], ["Gone"])
    assert str(e.value) == ('[enable-admission-plugins plugin "Nope" is unknown, '
                            'disable-admission-plugins plugin "Gone" is unknown]')
    with pytest.raises(AdmissionConfigError) as e:
        enabled_plugin_names(["Priority", "LimitRanger"], ["Priority", "LimitRanger"])
    assert str(e.value) == "[LimitRanger Priority] in enable-admission-plugins and disable-admission-plugins overlapped"


def test_an_unknown_plugin_stops_the_server():
    with pytest.raises(AdmissionConfigError):
        server(enable="NamespaceLifecycle,Bogus")


def test_flags_take_comma_separated_strings():
    api = server(disable="NamespaceLifecycle, ServiceAccount")
    assert "NamespaceLifecycle" not in api.admission.names and "ServiceAccount" not in api.admission.names
    create(api, "pods", pod(), ns="missing")           # no namespace check, no account looked up


def test_a_refusal_is_recorded_with_its_plugin_and_message():
    api = server()
    with pytest.raises(E.APIError) as e:
        create(api, "pods", pod("x"), ns="missing")
    assert e.value.code == 404
    rec = api.admission.last_records[-1]
    assert (rec.operation, rec.resource, rec.namespace, rec.name) == ("CREATE", "pods", "missing", "x")
    assert rec.steps == [{"plugin": "NamespaceLifecycle", "phase": "admit",
                          "denied": 'namespaces "missing" not found'}]
    assert not rec.allowed


def test_build_chain_refuses_a_plugin_k8slab_lacks_when_asked_for_explicitly():
    with pytest.raises(AdmissionConfigError) as e:
        build_chain(None, enable="ImagePolicyWebhook")
    assert "not implemented" in str(e.value)


def test_k8slab_up_refuses_to_start_with_an_unknown_plugin(tmp_path, capsys):
    import asyncio

    from k8slab.up import parse_args, serve
    args = parse_args(["--data-dir", str(tmp_path), "--enable-admission-plugins", "AlwaysPullImages,Bogus"])
    assert asyncio.run(serve(args)) == 1
    assert capsys.readouterr().err == 'Error: enable-admission-plugins plugin "Bogus" is unknown\n'
    assert not any(tmp_path.iterdir())                 # nothing started, nothing written
