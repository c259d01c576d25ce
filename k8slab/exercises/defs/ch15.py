"""Chapter 15 (kube-scheduler): pin a pod with node affinity; v1.11's selectHost tie-break."""

from __future__ import annotations

import copy

from ..registry import Exercise

PIN = '''
def pin_to_node(pod: dict, node: str) -> dict:
    """A copy of `pod` that the scheduler can only place on `node`.

    Use a required node affinity on the label kubernetes.io/hostname, not spec.nodeName
    (spec.nodeName skips the scheduler altogether). Do not change the pod you were given.
    """
    # BEGIN SOLUTION
    import copy
    pinned = copy.deepcopy(pod)
    term = {"matchExpressions": [{"key": "kubernetes.io/hostname", "operator": "In", "values": [node]}]}
    affinity = pinned["spec"].setdefault("affinity", {})
    affinity["nodeAffinity"] = {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [term]}}
    return pinned
    # END SOLUTION
'''


def check_pin(pin_to_node) -> str:
    from k8slab import Cluster
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
           "spec": {"containers": [{"name": "c", "image": "nginx"}]}}
    original = copy.deepcopy(pod)
    c = Cluster(nodes=3, seed=0)
    scheduler = next(x for x in c.components if x.name == "scheduler")
    for i, node in enumerate(["node3", "node1", "node3", "node2"]):
        manifest = pin_to_node(pod, node)
        assert pod == original, "pin_to_node changed the pod it was given; work on a copy"
        assert not manifest["spec"].get("nodeName"), "spec.nodeName bypasses the scheduler; use node affinity"
        manifest["metadata"] = {"name": f"pinned-{i}"}
        c.apply(manifest)
        got = c.client.get("v1", "Pod", f"pinned-{i}", "default")["spec"].get("nodeName")
        assert got == node, f"pinned-{i} was meant for {node} but the scheduler put it on {got}"
        attempt = scheduler.traces.last("default", f"pinned-{i}")
        rejected = {n for n, st in attempt.failures.items() if st.plugin == "NodeAffinity"}
        assert rejected == {"node1", "node2", "node3"} - {node}, \
            f"NodeAffinity should have rejected every other node, it rejected {sorted(rejected)}"
    return "4 pods landed on the nodes they were pinned to; NodeAffinity filtered out the others"


SELECT = '''
def select_host(scores: list, last_node_index: int) -> tuple:
    """Kubernetes v1.11's selectHost: the node with the highest score, ties taken in turn.

    `scores` is a list of (node, score). Among the nodes sharing the highest score (kept in the
    order given), pick the one at position last_node_index modulo how many there are; return
    (node, last_node_index + 1). An empty list raises ValueError("empty priorityList").
    """
    # BEGIN SOLUTION
    if not scores:
        raise ValueError("empty priorityList")
    best = max(score for _, score in scores)
    ties = [node for node, score in scores if score == best]
    return ties[last_node_index % len(ties)], last_node_index + 1
    # END SOLUTION
'''


def check_select(select_host) -> str:
    assert select_host([("node1", 3), ("node2", 9), ("node3", 5)], 0) == ("node2", 1), \
        "the node with the highest score wins, whatever last_node_index is"
    assert select_host([("a", 7)], 41) == ("a", 42), "one node: it wins and the index still moves on"
    scores = [("node1", 10), ("node2", 4), ("node3", 10), ("node4", 10)]
    index, picked = 0, []
    for _ in range(6):
        node, index = select_host(scores, index)
        picked.append(node)
    assert picked == ["node1", "node3", "node4", "node1", "node3", "node4"], \
        f"ties should be taken in turn (round robin): got {picked}"
    try:
        select_host([], 0)
    except ValueError as e:
        assert str(e) == "empty priorityList", f"the error should say 'empty priorityList', not {str(e)!r}"
    else:
        raise AssertionError("an empty list must raise ValueError")
    return "highest score wins, ties rotate with last_node_index, empty list refused"


EXERCISES = [
    Exercise("15-A", "pin a pod to one node with node affinity",
             "Write pin_to_node(pod, node): the scheduler must place the returned pod on `node`, and its\n"
             "trace must show the NodeAffinity filter rejecting the other nodes.",
             PIN.lstrip(), "pin_to_node", check_pin),
    Exercise("15-B", "selectHost: the best score, and ties in turn",
             "Write select_host(scores, last_node_index) as Kubernetes v1.11 chose among equally good\n"
             "nodes (pkg/scheduler/core/generic_scheduler.go, selectHost).",
             SELECT.lstrip(), "select_host", check_select),
]
