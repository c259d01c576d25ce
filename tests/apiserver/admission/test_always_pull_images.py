import pytest

from k8slab.apiserver import errors as E

from .helpers import create, pod, server


def test_every_container_pulls_always_and_the_change_is_recorded():
    api = server(plugins=["AlwaysPullImages"])
    out = create(api, "pods", pod("web", initContainers=[{"name": "i", "image": "busybox",
                                                          "imagePullPolicy": "IfNotPresent"}]))
    spec = out["spec"]
    assert [c["imagePullPolicy"] for c in spec["initContainers"] + spec["containers"]] == ["Always", "Always"]
    step = api.admission.records_for("web", "default")[-1].steps[0]
    assert step["plugin"] == "AlwaysPullImages"
    assert {"op": "replace", "path": "/spec/initContainers/0/imagePullPolicy", "value": "Always"} in step["patch"]


def test_an_update_without_a_new_image_is_left_alone():
    from k8slab.apiserver.admission import Attributes
    api = server(plugins=["AlwaysPullImages"])
    plugin = api.admission.plugin("AlwaysPullImages")
    res = api.lookup("", "v1", "pods")
    old = pod("web", containers=[{"name": "c", "image": "nginx", "imagePullPolicy": "Never"}])
    new = pod("web", containers=[{"name": "c", "image": "nginx", "imagePullPolicy": "Never"}])
    assert plugin.admit(Attributes(res, "UPDATE", new, old, None)) == []
    new["spec"]["containers"][0]["image"] = "nginx:2"
    plugin.admit(Attributes(res, "UPDATE", new, old, None))
    assert new["spec"]["containers"][0]["imagePullPolicy"] == "Always"


def test_validate_refuses_what_a_later_plugin_set_back():
    from k8slab.apiserver.admission import Attributes
    api = server(plugins=["AlwaysPullImages"])
    plugin = api.admission.plugin("AlwaysPullImages")
    obj = pod("web", containers=[{"name": "a", "image": "x", "imagePullPolicy": "Never"},
                                 {"name": "b", "image": "y", "imagePullPolicy": "IfNotPresent"}])
    a = Attributes(api.lookup("", "v1", "pods"), "CREATE", obj, None, None, phase="validate")
    with pytest.raises(E.APIError) as e:
        plugin.validate(a)
    assert e.value.code == 500 and e.value.reason == "Unknown"
    assert e.value.message == (
        '[pods "web" is forbidden: spec.containers[0].imagePullPolicy: Unsupported value: "Never": supported '
        'values: "Always", pods "web" is forbidden: spec.containers[1].imagePullPolicy: Unsupported value: '
        '"IfNotPresent": supported values: "Always"]')
    obj["spec"]["containers"].pop()
    with pytest.raises(E.APIError) as e:
        plugin.validate(a)
    assert e.value.message == ('pods "web" is forbidden: spec.containers[0].imagePullPolicy: Unsupported value: '
                               '"Never": supported values: "Always"')


def test_off_by_default():
    assert server().admission.plugin("AlwaysPullImages") is None
