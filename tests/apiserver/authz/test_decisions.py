"""The decision log: bounded rings, filters, a readable explanation."""

from k8slab.apiserver.authz.attributes import Attributes
from k8slab.apiserver.authz.decisions import Decision, DecisionLog


def decision(name, allowed=True):
    a = Attributes({"username": name, "groups": []}, "get", namespace="n", resource="pods", name="p")
    return Decision(a, "Allow" if allowed else "NoOpinion", "RBAC" if allowed else "", "",
                    trail=[] if allowed else [("RBAC", "NoOpinion", "", [])])


def test_rings_are_bounded_and_denials_kept_apart():
    log = DecisionLog(size=3)
    for i in range(5):
        log.add(decision(f"u{i}", allowed=i != 1))
    assert [d.user["username"] for d in log.all] == ["u2", "u3", "u4"]
    assert [d.user["username"] for d in log.denials] == ["u1"]
    assert [d.user["username"] for d in log.last(2)] == ["u3", "u4"]
    assert [d.user["username"] for d in log.last(user="u1", allowed=False)] == ["u1"]


def test_explain_and_to_dict():
    d = decision("alice", allowed=False)
    assert d.explain() == ("alice (groups=[]) get pods \"p\" in namespace n: NoOpinion\n"
                           "  RBAC: NoOpinion; no binding names this user or its groups")
    out = d.to_dict()
    assert out["attributes"] == {"namespace": "n", "verb": "get", "resource": "pods", "name": "p"}
    assert out["trail"] == [{"authorizer": "RBAC", "decision": "NoOpinion", "reason": "", "detail": []}]
    assert repr(decision("bob")) == '<Decision Allow by RBAC: bob get pods "p" in namespace n>'
