"""Zone states and the tainting rate limiter."""

from k8slab.controllers.nodelifecycle.node_lifecycle_controller import NodeLifecycleController, zone_key
from k8slab.controllers.nodelifecycle.scheduler import RateLimitedTimedQueue
from k8slab.sim.clock import VirtualClock

from .nodes import cluster, run, taints


def ready(status):
    return {"type": "Ready", "status": status}


def test_compute_zone_state():
    z = NodeLifecycleController().compute_zone_state
    assert z([ready("Unknown"), ready("False")]) == (2, "FullDisruption")
    assert z([ready("True"), ready("Unknown")]) == (1, "Normal")
    assert z([ready("True")] + [ready("Unknown")] * 3) == (3, "PartialDisruption")
    assert z([ready("True")] * 3 + [ready("Unknown")] * 3) == (3, "Normal")      # 50 % < 55 %
    assert z([None, ready("True")]) == (1, "Normal")


def test_zone_key():
    node = {"metadata": {"labels": {"topology.kubernetes.io/region": "r1", "topology.kubernetes.io/zone": "a"}}}
    assert zone_key(node) == "r1:\x00:a"
    assert zone_key({"metadata": {}}) == ""


def test_rate_limited_queue_one_node_per_ten_seconds():
    clock = VirtualClock()
    q = RateLimitedTimedQueue(clock, 0.1)
    for n in ("a", "b", "c"):
        assert q.add(n, "")
    assert not q.add("a", "")
    done = []
    q.try_(lambda v: (done.append(v.value) or True, 0))
    assert done == ["a"]
    assert abs(q.next_attempt_in() - 10) < 1e-9
    clock.advance(10)
    q.try_(lambda v: (done.append(v.value) or True, 0))
    assert done == ["a", "b"]
    q.swap_limiter(0)                                   # full disruption: stop
    clock.advance(100)
    q.try_(lambda v: (done.append(v.value) or True, 0))
    assert done == ["a", "b"] and q.next_attempt_in() is None


def test_nodes_in_other_zones_keep_their_own_queue():
    c = cluster(nodes=())
    from .nodes import add_node
    for name, zone in (("a1", "a"), ("a2", "a"), ("b1", "b")):
        add_node(c, name)
        n = c.client.get("v1", "Node", name)
        n["metadata"]["labels"] = {"topology.kubernetes.io/zone": zone}
        c.client.update(n)
    run(c, 70, alive=("a1", "a2"))                     # zone b: fully disrupted, zone a: fine
    assert ("node.kubernetes.io/unreachable", "NoExecute") in taints(c, "b1")
    assert not any("master disruption" in line for line in c.nlc.logs)
