"""The cache (assume / confirm / forget, node tree order, image states) and the bounded trace store."""

from k8slab.scheduler.cache import Cache
from k8slab.scheduler.nodeinfo import PodInfo
from k8slab.scheduler.traces import Attempt, TraceStore

from .builders import make_node, make_pod

ZONE = "topology.kubernetes.io/zone"


def test_assume_confirm_and_forget():
    cache = Cache()
    cache.add_node(make_node("n1", cpu="2").build())
    pod = make_pod("p").req(cpu="500m", memory="1Gi").host_port(8080).build()
    pi = PodInfo(pod)
    cache.assume_pod(pi, "n1")
    ni = cache.node_infos["n1"]
    assert (ni.req_milli_cpu, ni.req_memory, len(ni.pods)) == (500, 1024 ** 3, 1) and cache.is_assumed(pi.uid)
    assert ni.port_conflict("0.0.0.0", "TCP", 8080) and ni.port_conflict("10.1.1.1", "TCP", 8080)
    cache.add_pod({**pod, "spec": {**pod["spec"], "nodeName": "n1"}})       # the informer confirms the binding
    assert not cache.is_assumed(pi.uid) and ni.req_milli_cpu == 500 and len(ni.pods) == 1
    cache.remove_pod(pod)
    assert (ni.req_milli_cpu, ni.non0_milli_cpu, ni.used_ports) == (0, 0, {})
    cache.assume_pod(pi, "n1")
    cache.forget_pod(pi)
    assert ni.req_milli_cpu == 0 and not cache.pod_states


def test_node_tree_interleaves_zones_and_keeps_places_on_update():
    cache = Cache()
    for name, zone in (("a1", "a"), ("a2", "a"), ("a3", "a"), ("b1", "b"), ("c1", "c"), ("c2", "c")):
        cache.add_node(make_node(name).label(ZONE, zone).build())
    assert [ni.name for ni in cache.node_list()] == ["a1", "b1", "c1", "a2", "c2", "a3"]
    cache.update_node(make_node("a1", cpu="8").label(ZONE, "a").build())
    assert cache.node_list()[0].name == "a1" and cache.node_infos["a1"].alloc_milli_cpu == 8000
    cache.remove_node("b1")
    assert [ni.name for ni in cache.node_list()] == ["a1", "c1", "a2", "c2", "a3"]


def test_image_states_count_nodes():
    cache = Cache()
    cache.add_node(make_node("n1").image(["nginx:1.25", "nginx@sha256:1"], 100).build())
    cache.add_node(make_node("n2").image(["nginx:1.25"], 100).image(["redis"], 50).build())
    assert len(cache.image_states["nginx:1.25"].nodes) == 2 and "redis:latest" in cache.image_states
    cache.remove_node("n2")
    assert cache.image_states["nginx:1.25"].nodes == {"n1"} and "redis:latest" not in cache.image_states


def test_trace_store_is_bounded():
    store = TraceStore(max_pods=3, per_pod=2)
    for i in range(5):
        for n in range(3):
            store.record(Attempt(f"ns/p{i}", n + 1, 0, 0.0))
    assert store.pods() == ["ns/p2", "ns/p3", "ns/p4"] and store.for_pod("ns", "p0") == []
    assert [a.attempt for a in store.for_pod("ns", "p4")] == [2, 3]
    store.record(Attempt("ns/p2", 4, 0, 0.0))                   # used again: now the most recent
    store.record(Attempt("ns/p9", 1, 0, 0.0))
    assert store.pods() == ["ns/p4", "ns/p2", "ns/p9"] and store.last("ns", "p2").attempt == 4


def test_attempt_to_dict_is_json():
    import json

    from .builders import create, scheduler_cluster
    c, s = scheduler_cluster()
    create(c, make_node("a"), make_node("b").taint("k", "v"), make_node("c"))
    create(c, make_pod("p"))
    c.settle()
    d = json.loads(json.dumps(s.traces.last("default", "p").to_dict()))
    assert d["result"] == "Scheduled" and d["failures"]["b"] == {
        "plugin": "TaintToleration", "code": "UnschedulableAndUnresolvable",
        "reasons": ["node(s) had untolerated taint {k: v}"]}
    # a pod requesting nothing is BestEffort: NodeResourcesBalancedAllocation skips it at PreScore
    assert [x["plugin"] for x in d["scores"]] == ["TaintToleration", "NodeResourcesFit", "ImageLocality"]
    assert "NodeResourcesBalancedAllocation" in d["skipped_score"]


def test_trace_store_bounds_node_rows():
    store = TraceStore(max_pods=100, per_pod=4, max_rows=1000)
    for i in range(5):
        a = Attempt(f"ns/p{i}", 1, 0, 0.0)
        a.evaluated = [f"n{j}" for j in range(400)]
        store.record(a)
    assert store.pods() == ["ns/p3", "ns/p4"] and store.rows == 800
