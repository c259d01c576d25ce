"""Filter plugins on small builders: the verdict and the exact upstream reason per node."""

from k8slab.scheduler.plugins.nodeaffinity import NodeAffinity
from k8slab.scheduler.plugins.nodename import NodeName
from k8slab.scheduler.plugins.nodeports import NodePorts
from k8slab.scheduler.plugins.noderesources import Fit
from k8slab.scheduler.plugins.nodeunschedulable import NodeUnschedulable
from k8slab.scheduler.plugins.tainttoleration import TaintToleration

from .builders import FakeHandle, make_node, make_pod, run_filter


def test_node_unschedulable_rejects_cordoned_nodes_unless_tolerated():
    pl = NodeUnschedulable(FakeHandle([make_node("a"), make_node("b").unschedulable()]))
    assert run_filter(pl, make_pod("p")) == {"a": "ok", "b": "node(s) were unschedulable"}
    tolerant = make_pod("p").tolerate("node.kubernetes.io/unschedulable", operator="Exists", effect="NoSchedule")
    assert run_filter(pl, tolerant) == {"a": "ok", "b": "ok"}


def test_node_name_only_the_named_node():
    pl = NodeName(FakeHandle([make_node("a"), make_node("b")]))
    assert run_filter(pl, make_pod("p")) == {"a": "ok", "b": "ok"}
    assert run_filter(pl, make_pod("p").node("b")) == {
        "a": "node(s) didn't match the requested node name", "b": "ok"}


def test_taint_toleration_filter_reason_names_the_first_untolerated_taint():
    h = FakeHandle([make_node("master").taint("node-role.kubernetes.io/master"),
                    make_node("gpu").taint("dedicated", "gpu").taint("other", "x", "NoExecute"),
                    make_node("soft").taint("spot", "true", "PreferNoSchedule")])
    pl = TaintToleration(h)
    assert run_filter(pl, make_pod("p")) == {
        "master": "node(s) had untolerated taint {node-role.kubernetes.io/master: }",
        "gpu": "node(s) had untolerated taint {dedicated: gpu}",
        "soft": "ok"}                                     # PreferNoSchedule never filters
    p = make_pod("p").tolerate("dedicated", "gpu", "NoSchedule")
    assert run_filter(pl, p)["gpu"] == "node(s) had untolerated taint {other: x}"
    p = make_pod("p").tolerate(operator="Exists")            # empty key + Exists tolerates everything
    assert set(run_filter(pl, p).values()) == {"ok"}
    p = make_pod("p").tolerate("dedicated", "cpu", "NoSchedule")   # wrong value
    assert run_filter(pl, p)["gpu"].endswith("{dedicated: gpu}")


def test_node_affinity_selector_and_required_terms():
    h = FakeHandle([make_node("a").label("disk", "ssd").label("zone", "1"),
                    make_node("b").label("disk", "hdd").label("gen", "5"),
                    make_node("c")])
    pl = NodeAffinity(h)
    assert set(run_filter(pl, make_pod("p")).values()) == {"skip"}
    reason = "node(s) didn't match Pod's node affinity/selector"
    assert run_filter(pl, make_pod("p").node_selector(disk="ssd")) == {"a": "ok", "b": reason, "c": reason}
    terms = [{"matchExpressions": [{"key": "gen", "operator": "Gt", "values": ["4"]}]},
             {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["1", "2"]},
                                   {"key": "disk", "operator": "NotIn", "values": ["hdd"]}]}]
    assert run_filter(pl, make_pod("p").node_affinity(required=terms)) == {"a": "ok", "b": "ok", "c": reason}
    both = make_pod("p").node_affinity(required=terms).node_selector(disk="hdd")
    assert run_filter(pl, both) == {"a": reason, "b": "ok", "c": reason}
    missing = [{"matchExpressions": [{"key": "disk", "operator": "DoesNotExist"}]}]
    assert run_filter(pl, make_pod("p").node_affinity(required=missing)) == {"a": reason, "b": reason, "c": "ok"}


def test_node_affinity_prefilter_narrows_to_named_nodes():
    pl = NodeAffinity(FakeHandle([make_node("a"), make_node("b"), make_node("c")]))
    terms = [{"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["b", "c"]}]}]
    assert run_filter(pl, make_pod("p").node_affinity(required=terms)) == {"b": "ok", "c": "ok"}


def test_node_ports_conflicts_and_wildcard_ip():
    h = FakeHandle([make_node("a"), make_node("b"), make_node("c")],
                   pods=[make_pod("web").node("a").host_port(80),
                         make_pod("dns").node("b").host_port(53, ip="10.0.0.1", protocol="UDP")])
    pl = NodePorts(h)
    reason = "node(s) didn't have free ports for the requested pod ports"
    assert set(run_filter(pl, make_pod("p")).values()) == {"skip"}
    assert run_filter(pl, make_pod("p").host_port(80)) == {"a": reason, "b": "ok", "c": "ok"}
    assert run_filter(pl, make_pod("p").host_port(53, protocol="UDP")) == {"a": "ok", "b": reason, "c": "ok"}
    assert run_filter(pl, make_pod("p").host_port(53, ip="10.0.0.2", protocol="UDP"))["b"] == "ok"
    assert run_filter(pl, make_pod("p").host_port(53, protocol="TCP"))["b"] == "ok"


def test_fit_reasons_in_one_unschedulable_status():
    h = FakeHandle([make_node("small", cpu="1", memory="1Gi", pods="2"), make_node("big", cpu="8", memory="32Gi")],
                   pods=[make_pod("x").node("small").req(cpu="600m", memory="512Mi"),
                         make_pod("y").node("small")])
    pl = Fit(h)
    assert run_filter(pl, make_pod("p").req(cpu="500m")) == {
        "small": "Too many pods, Insufficient cpu", "big": "ok"}
    assert run_filter(pl, make_pod("p").req(memory="16Gi"))["big"] == "ok"
    from k8slab.scheduler.framework import CycleState, UNSCHEDULABLE
    from k8slab.scheduler.nodeinfo import PodInfo
    big = h.cache.node_infos["big"]
    state = CycleState()
    st = pl.filter(state, PodInfo(make_pod("p").req(cpu="9").build()), big)
    assert st.message() == "Insufficient cpu" and st.code == UNSCHEDULABLE       # v1.32: even beyond allocatable
    small = h.cache.node_infos["small"]
    st = pl.filter(state, PodInfo(make_pod("p").req(memory="600Mi").build()), small)
    assert st.reasons == ("Too many pods", "Insufficient memory") and st.code == UNSCHEDULABLE


def test_fit_counts_init_containers_and_sidecars():
    from k8slab.scheduler.nodeinfo import PodInfo
    p = make_pod("p").req(cpu="1", memory="1Gi").build()
    p["spec"]["initContainers"] = [
        {"name": "init", "image": "busybox", "resources": {"requests": {"cpu": "2"}}},
        {"name": "sidecar", "image": "envoy", "restartPolicy": "Always", "resources": {"requests": {"cpu": "500m"}}}]
    pi = PodInfo(p)
    assert pi.milli_cpu == 2000 and pi.memory == 1024 ** 3       # max(1000 + 500, 2000)
    # scoring defaults: the sidecar counts 200Mi memory; the init container alone (200Mi) is smaller
    assert pi.non0_cpu == 2000 and pi.non0_mem == 1024 ** 3 + 200 * 1024 ** 2


def test_fast_paths_give_the_same_verdicts_as_filter():
    """filter_nodes (the hot loop's plugin-by-plugin form) must agree with filter, node by node."""
    import random

    from k8slab.scheduler.framework import CycleState
    from k8slab.scheduler.plugins import new_plugins

    rng = random.Random(7)
    nodes, pods = [], []
    for i in range(40):
        n = make_node(f"n{i}", cpu=rng.choice(["1", "2", "4"]), memory=rng.choice(["1Gi", "4Gi"]),
                      pods=rng.choice(["2", "110"]))
        if rng.random() < 0.2:
            n.taint("k", rng.choice(["a", "b"]))
        if rng.random() < 0.1:
            n.unschedulable()
        nodes.append(n)
        for j in range(rng.randrange(3)):
            pods.append(make_pod(f"p{i}-{j}").node(f"n{i}").req(cpu=rng.choice(["100m", "500m", "1"]),
                                                                memory=rng.choice(["100Mi", "1Gi"])))
    h = FakeHandle(nodes, pods)
    for k in range(20):
        pod = make_pod(f"q{k}").req(cpu=rng.choice(["0", "200m", "1500m"]), memory=rng.choice(["0", "2Gi"]))
        if rng.random() < 0.5:
            pod.tolerate("k", "a", "NoSchedule")
        pi = pod.info()
        for pl in new_plugins(h):
            if not hasattr(pl, "filter"):
                continue
            state = CycleState()
            if hasattr(pl, "pre_filter"):
                _, st = pl.pre_filter(state, pi, h.cache.node_list())
                if st is not None:
                    continue
            one_by_one = {ni.name: pl.filter(state, pi, ni) for ni in h.cache.node_list()}
            statuses: dict = {}
            passed = pl.filter_nodes(state, pi, h.cache.node_list(), statuses)
            assert {ni.name for ni in passed} == {n for n, st in one_by_one.items() if st is None}, pl.name
            assert {n: st.message() for n, st in statuses.items()} == \
                {n: st.message() for n, st in one_by_one.items() if st is not None}, pl.name
