import pytest

from k8slab.apiserver import errors as E

from .helpers import create, pod, server


def priority_class(name, value, **fields):
    return {"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass", "metadata": {"name": name},
            "value": value, **fields}


def create_pc(api, obj):
    return create(api, "priorityclasses", obj, ns=None, group="scheduling.k8s.io")


def refused(api, plural, obj, **kw) -> str:
    with pytest.raises(E.APIError) as e:
        create(api, plural, obj, **kw)
    assert e.value.code == 403 and e.value.reason == "Forbidden"
    return e.value.message


def test_no_class_gives_priority_zero_and_the_default_policy():
    api = server(plugins=["Priority"])
    out = create(api, "pods", pod("a"))
    assert out["spec"]["priority"] == 0 and out["spec"]["preemptionPolicy"] == "PreemptLowerPriority"
    assert "priorityClassName" not in out["spec"]
    assert api.admission.last_records[-1].steps == [{"plugin": "Priority", "phase": "admit", "patch": [
        {"op": "add", "path": "/spec/priority", "value": 0},
        {"op": "add", "path": "/spec/preemptionPolicy", "value": "PreemptLowerPriority"}]}]


def test_the_system_classes_exist_and_resolve():
    api = server(plugins=["Priority"])
    out = create(api, "pods", pod("dns", priorityClassName="system-cluster-critical"), ns="kube-system")
    assert out["spec"]["priority"] == 2000000000
    out = create(api, "pods", pod("proxy", priorityClassName="system-node-critical"), ns="kube-system")
    assert out["spec"]["priority"] == 2000001000


def test_unknown_class_and_a_hand_written_priority_are_refused():
    api = server(plugins=["Priority"])
    assert refused(api, "pods", pod("x", priorityClassName="foo")) == (
        'pods "x" is forbidden: no PriorityClass with name foo was found')
    assert refused(api, "pods", pod("y", priority=10)) == (
        'pods "y" is forbidden: the integer value of priority (10) must not be provided in pod spec; '
        'priority admission controller computed 0 from the given PriorityClass name')
    create_pc(api, priority_class("high", 1000, preemptionPolicy="Never"))
    assert refused(api, "pods", pod("z", priorityClassName="high", preemptionPolicy="PreemptLowerPriority")) == (
        'pods "z" is forbidden: the string value of PreemptionPolicy (PreemptLowerPriority) must not be provided '
        'in pod spec; priority admission controller computed Never from the given PriorityClass name')
    out = create(api, "pods", pod("ok", priorityClassName="high", priority=1000))
    assert out["spec"]["priority"] == 1000 and out["spec"]["preemptionPolicy"] == "Never"


def test_global_default_applies_and_only_one_may_exist():
    api = server(plugins=["Priority"])
    create_pc(api, priority_class("normal", 100, globalDefault=True))
    out = create(api, "pods", pod("a"))
    assert (out["spec"]["priorityClassName"], out["spec"]["priority"]) == ("normal", 100)
    assert refused(api, "priorityclasses", priority_class("other", 5, globalDefault=True), ns=None,
                   group="scheduling.k8s.io") == (
        'priorityclasses.scheduling.k8s.io "other" is forbidden: PriorityClass normal is already marked as '
        'default. Only one default can exist')


def test_priority_class_validation():
    api = server(plugins=["Priority"])
    with pytest.raises(E.APIError) as e:
        create_pc(api, priority_class("huge", 2000000000))
    assert e.value.code == 422 and "maximum allowed value of a user defined priority is 1000000000" in e.value.message
    with pytest.raises(E.APIError) as e:
        create_pc(api, priority_class("system-mine", 10))
    assert e.value.code == 422 and "priority class names with 'system-' prefix are reserved" in e.value.message


def test_an_update_that_omits_the_priority_keeps_it():
    api = server(plugins=["Priority"])
    out = create(api, "pods", pod("a"))
    res = api.lookup("", "v1", "pods")
    sent = {**out, "metadata": {**out["metadata"], "labels": {"x": "y"}}, "spec": dict(out["spec"])}
    del sent["spec"]["priority"], sent["spec"]["preemptionPolicy"]
    updated = api.registry.update(res, "default", "a", sent)
    assert updated["spec"]["priority"] == 0 and updated["metadata"]["labels"] == {"x": "y"}


def test_book_profile_pods_have_no_preemption_policy():
    from k8slab.apiserver.bootstrap import bootstrap
    from k8slab.apiserver.handler import APIServer
    from k8slab.sim.clock import VirtualClock
    api = APIServer(clock=VirtualClock(), profile="book", admission_plugins=["Priority"])
    bootstrap(api)
    out = create(api, "pods", pod("a"))
    assert out["spec"]["priority"] == 0 and "preemptionPolicy" not in out["spec"]
