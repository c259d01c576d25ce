from .helpers import create, pod, server

NOT_READY = {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute",
             "tolerationSeconds": 300}
UNREACHABLE = {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute",
               "tolerationSeconds": 300}


def test_adds_both_tolerations_and_records_the_patch():
    api = server(plugins=["NamespaceLifecycle", "DefaultTolerationSeconds"])
    out = create(api, "pods", pod("a"))
    assert out["spec"]["tolerations"] == [NOT_READY, UNREACHABLE]
    rec = api.admission.last_records[-1]
    assert rec.name == "a" and rec.allowed
    assert rec.steps == [{"plugin": "DefaultTolerationSeconds", "phase": "admit", "patch": [
        {"op": "add", "path": "/spec/tolerations", "value": [NOT_READY]},
        {"op": "add", "path": "/spec/tolerations/-", "value": UNREACHABLE}]}]


def test_keeps_tolerations_the_pod_has():
    api = server(plugins=["DefaultTolerationSeconds"])
    own = {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute",
           "tolerationSeconds": 10}
    out = create(api, "pods", pod("b", tolerations=[own]))
    assert out["spec"]["tolerations"] == [own, NOT_READY]
    everything = {"operator": "Exists"}                    # no key, no effect: tolerates all
    out = create(api, "pods", pod("c", tolerations=[everything]))
    assert out["spec"]["tolerations"] == [everything]


def test_disabled_it_adds_nothing():
    api = server(disable="DefaultTolerationSeconds")
    assert "tolerations" not in create(api, "pods", pod("d"))["spec"]
