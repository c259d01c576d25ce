"""Node health: Unknown after the grace period, taints, pods not ready, eviction, disruption mode."""

from k8slab.apiserver.errors import APIError

from .nodes import cluster, conditions, events, pod, post_ready, run, taints

UNREACHABLE = "node.kubernetes.io/unreachable"


def test_registered_node_event():
    c = cluster()
    run(c, 5)                                       # the next monitor pass sees the new nodes
    assert ("Normal", "RegisteredNode", "Node node1 event: Registered Node node1 in Controller") in events(c, "node1")


def test_node_goes_unknown_after_the_grace_period():
    c = cluster()
    run(c, 50)
    ready = conditions(c.client.get("v1", "Node", "node2"))["Ready"]
    assert ready[0] == "True"                       # 50 s is the grace period itself: not yet
    run(c, 10)
    conds = conditions(c.client.get("v1", "Node", "node2"))
    for ctype in ("Ready", "MemoryPressure", "DiskPressure", "PIDPressure"):
        assert conds[ctype] == ("Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status.")
    assert conditions(c.client.get("v1", "Node", "node1"))["Ready"][0] == "True"
    assert ("Normal", "NodeNotReady", "Node node2 status is now: NodeNotReady") in events(c, "node2")
    assert (UNREACHABLE, "NoSchedule") in taints(c, "node2")
    run(c, 5)
    assert taints(c, "node2") == [(UNREACHABLE, "NoExecute"), (UNREACHABLE, "NoSchedule")]
    assert taints(c, "node1") == []
    node = c.client.get("v1", "Node", "node2")
    assert all(t["timeAdded"] for t in node["spec"]["taints"])


def test_book_profile_grace_is_40_seconds_and_pid_pressure_stays():
    c = cluster("book")
    run(c, 50)
    conds = conditions(c.client.get("v1", "Node", "node2"))
    assert conds["Ready"] == ("Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status.")
    assert conds["PIDPressure"][0] == "False"


def test_pods_on_the_node_are_marked_not_ready():
    c = cluster()
    pod(c, "web", "node2")
    pod(c, "other", "node1")
    run(c, 60)
    p = c.client.get("v1", "Pod", "web", "default")
    assert [x["status"] for x in p["status"]["conditions"] if x["type"] == "Ready"] == ["False"]
    assert ("Warning", "NodeNotReady", "Node is not ready") in events(c, "web")
    other = c.client.get("v1", "Pod", "other", "default")
    assert [x["status"] for x in other["status"]["conditions"] if x["type"] == "Ready"] == ["True"]


def test_taint_based_eviction_after_300_seconds():
    c = cluster()
    pod(c, "web", "node2")                                   # default tolerations: 300 s
    pod(c, "quick", "node2", tolerations=[{"key": UNREACHABLE, "operator": "Exists", "effect": "NoExecute",
                                           "tolerationSeconds": 20}])
    pod(c, "forever", "node2", tolerations=[{"key": UNREACHABLE, "operator": "Exists", "effect": "NoExecute"}])
    pod(c, "intolerant", "node2", tolerations=[{"key": "node.kubernetes.io/not-ready", "operator": "Exists",
                                                "effect": "NoExecute", "tolerationSeconds": 600},
                                               {"key": "other", "operator": "Exists"}])
    run(c, 65)                                               # tainted NoExecute at ~60 s
    deleting = lambda name: bool(c.client.get("v1", "Pod", name, "default")["metadata"].get("deletionTimestamp"))
    assert not deleting("web") and not deleting("quick") and not deleting("forever")
    run(c, 20)
    assert deleting("quick") and not deleting("web")
    run(c, 270)
    assert not deleting("web")
    run(c, 10)
    assert deleting("web") and not deleting("forever")
    assert ("Normal", "TaintManagerEviction", "Marking for deletion Pod default/web") in events(c, "web")
    p = c.client.get("v1", "Pod", "web", "default")
    [cond] = [x for x in p["status"]["conditions"] if x["type"] == "DisruptionTarget"]
    assert (cond["reason"], cond["message"]) == ("DeletionByTaintManager",
                                                 "Taint manager: deleting due to NoExecute taint")


def test_pod_not_tolerating_the_taint_goes_at_once():
    c = cluster()
    pod(c, "strict", "node2", tolerations=[{"key": "node.kubernetes.io/not-ready", "operator": "Exists",
                                            "effect": "NoExecute", "tolerationSeconds": 600},
                                           {"key": UNREACHABLE, "operator": "Equal", "value": "x",
                                            "effect": "NoExecute"}])
    run(c, 65)
    assert c.client.get("v1", "Pod", "strict", "default")["metadata"].get("deletionTimestamp")


def test_recovery_removes_taints_and_cancels_eviction():
    c = cluster()
    pod(c, "web", "node2")
    run(c, 70)
    assert (UNREACHABLE, "NoExecute") in taints(c, "node2")
    post_ready(c, "node2")
    run(c, 10, alive=("node1", "node2"))
    assert taints(c, "node2") == []
    assert ("Normal", "TaintManagerEviction", "Cancelling deletion of Pod default/web") in events(c, "web")
    run(c, 400, alive=("node1", "node2"))
    assert not c.client.get("v1", "Pod", "web", "default")["metadata"].get("deletionTimestamp")


def test_master_disruption_mode_when_all_nodes_are_not_ready():
    c = cluster()
    pod(c, "web", "node2")
    run(c, 70, alive=())
    assert "Controller detected that all Nodes are not-Ready. Entering master disruption mode" in c.nlc.logs
    for n in ("node1", "node2"):
        assert conditions(c.client.get("v1", "Node", n))["Ready"][0] == "Unknown"
        assert (UNREACHABLE, "NoExecute") not in taints(c, n)
    run(c, 400, alive=())
    assert not c.client.get("v1", "Pod", "web", "default")["metadata"].get("deletionTimestamp")
    post_ready(c, "node1")
    run(c, 10, alive=("node1",))
    assert "Controller detected that some Nodes are Ready. Exiting master disruption mode" in c.nlc.logs


def test_book_profile_log_line_has_the_period():
    c = cluster("book", nodes=("node1",))
    run(c, 60, alive=())
    assert "Controller detected that all Nodes are not-Ready. Entering master disruption mode." in c.nlc.logs


def test_deleted_node_removed_from_controller():
    c = cluster()
    run(c, 5)
    c.client.delete("v1", "Node", "node2")
    run(c, 10)
    assert ("Normal", "RemovingNode", "Node node2 event: Removing Node node2 from Controller") in events(c, "node2")
    try:
        c.client.get("v1", "Node", "node2")
    except APIError as e:
        assert e.code == 404
