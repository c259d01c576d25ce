"""InterPodAffinity and PodTopologySpread: filters, scores, and their PreFilter extensions."""

import math

from k8slab.scheduler.framework import CycleState
from k8slab.scheduler.plugins.interpodaffinity import InterPodAffinity
from k8slab.scheduler.plugins.podtopologyspread import PodTopologySpread

from .builders import FakeHandle, make_node, make_pod, run_filter, run_score

ZONE = "topology.kubernetes.io/zone"
HOST = "kubernetes.io/hostname"


def zoned():
    return [make_node("a").label(ZONE, "z1"), make_node("b").label(ZONE, "z1"), make_node("c").label(ZONE, "z2")]


def test_required_pod_affinity_and_anti_affinity():
    h = FakeHandle(zoned() + [make_node("d")], pods=[make_pod("db").node("a").labels(app="db")])
    pl = InterPodAffinity(h)
    assert set(run_filter(pl, make_pod("p")).values()) == {"skip"}
    no_aff = "node(s) didn't match pod affinity rules"
    assert run_filter(pl, make_pod("p").pod_affinity("podAffinity", {"app": "db"}, ZONE)) == {
        "a": "ok", "b": "ok", "c": no_aff, "d": no_aff}
    assert run_filter(pl, make_pod("p").pod_affinity("podAffinity", {"app": "db"}, HOST)) == {
        "a": "ok", "b": no_aff, "c": no_aff, "d": no_aff}
    anti = make_pod("p").pod_affinity("podAntiAffinity", {"app": "db"}, HOST)
    assert run_filter(pl, anti) == {"a": "node(s) didn't match pod anti-affinity rules", "b": "ok", "c": "ok", "d": "ok"}


def test_existing_pods_anti_affinity_and_the_first_pod_of_a_self_affine_group():
    guard = make_pod("guard").node("b").labels(app="guard").pod_affinity("podAntiAffinity", {"app": "web"}, ZONE)
    h = FakeHandle(zoned() + [make_node("d")], pods=[guard])
    pl = InterPodAffinity(h)
    reason = "node(s) didn't satisfy existing pods anti-affinity rules"
    assert run_filter(pl, make_pod("web").labels(app="web")) == {"a": reason, "b": reason, "c": "ok", "d": "ok"}
    first = make_pod("web").labels(app="web").pod_affinity("podAffinity", {"app": "web"}, ZONE)
    out = run_filter(pl, first)
    assert out["c"] == "ok" and out["d"] == "node(s) didn't match pod affinity rules"   # no zone label


def test_pod_affinity_prefilter_extensions_track_removed_pods():
    h = FakeHandle(zoned(), pods=[make_pod("db").node("a").labels(app="db")])
    pl = InterPodAffinity(h)
    pi = make_pod("p").pod_affinity("podAntiAffinity", {"app": "db"}, HOST).info()
    state = CycleState()
    pl.pre_filter(state, pi, h.cache.node_list())
    a = h.cache.node_infos["a"]
    assert pl.filter(state, pi, a) is not None
    db = next(iter(a.pods.values()))
    pl.remove_pod(state, pi, db, a)
    assert pl.filter(state, pi, a) is None
    pl.add_pod(state, pi, db, a)
    assert pl.filter(state, pi, a) is not None


def test_preferred_pod_affinity_and_anti_affinity_scores():
    h = FakeHandle(zoned(), pods=[make_pod("db").node("a").labels(app="db")])
    pl = InterPodAffinity(h)
    raw, norm = run_score(pl, make_pod("p").pod_affinity("podAffinity", {"app": "db"}, ZONE, weight=10))
    assert raw == {"a": 10, "b": 10, "c": 0} and norm == {"a": 100, "b": 100, "c": 0}
    raw, norm = run_score(pl, make_pod("p").pod_affinity("podAntiAffinity", {"app": "db"}, HOST, weight=10))
    assert raw == {"a": -10, "b": 0, "c": 0} and norm == {"a": 0, "b": 100, "c": 100}
    assert run_score(pl, make_pod("p")) is None           # nobody has affinity: PreScore skips


def test_existing_pods_required_affinity_attracts_matching_pods():
    friend = make_pod("f").node("c").labels(app="f").pod_affinity("podAffinity", {"app": "web"}, ZONE)
    h = FakeHandle(zoned(), pods=[friend])
    raw, norm = run_score(InterPodAffinity(h), make_pod("web").labels(app="web"))
    assert raw == {"a": 0, "b": 0, "c": 1} and norm == {"a": 0, "b": 0, "c": 100}   # hardPodAffinityWeight 1


def test_topology_spread_filter_skew_and_missing_label():
    pods = [make_pod(f"w{i}").node("a").labels(app="web") for i in range(2)]
    h = FakeHandle(zoned() + [make_node("d")], pods=pods)
    pl = PodTopologySpread(h)
    assert set(run_filter(pl, make_pod("p").labels(app="web")).values()) == {"skip"}
    pod = make_pod("p").labels(app="web").spread(1, ZONE, {"app": "web"})
    skew = "node(s) didn't match pod topology spread constraints"
    assert run_filter(pl, pod) == {"a": skew, "b": skew, "c": "ok",
                                   "d": skew + " (missing required label)"}
    # minDomains 3 with two zones: the global minimum counts as 0 ... and z2 still fits
    assert run_filter(pl, make_pod("p").labels(app="web").spread(2, ZONE, {"app": "web"}, minDomains=3))["c"] == "ok"
    assert run_filter(pl, make_pod("p").labels(app="web").spread(3, ZONE, {"app": "web"}))["a"] == "ok"


def test_topology_spread_prefilter_extensions():
    pods = [make_pod(f"w{i}").node("a").labels(app="web") for i in range(2)]
    h = FakeHandle(zoned(), pods=pods)
    pl = PodTopologySpread(h)
    pi = make_pod("p").labels(app="web").spread(1, ZONE, {"app": "web"}).info()
    state = CycleState()
    pl.pre_filter(state, pi, h.cache.node_list())
    a = h.cache.node_infos["a"]
    assert pl.filter(state, pi, a) is not None
    for other in list(a.pods.values()):
        pl.remove_pod(state, pi, other, a)
    assert pl.filter(state, pi, a) is None


def test_topology_spread_score_and_system_defaults():
    pods = [make_pod(f"w{i}").node("a").labels(app="web") for i in range(2)]
    h = FakeHandle(zoned(), pods=pods)
    pl = PodTopologySpread(h)
    raw, norm = run_score(pl, make_pod("p").labels(app="web").spread(1, HOST, {"app": "web"}, when="ScheduleAnyway"))
    assert raw == {"a": round(2 * math.log(3 + 2)), "b": 0, "c": 0} == {"a": 3, "b": 0, "c": 0}
    assert norm == {"a": 0, "b": 100, "c": 100}
    assert run_score(pl, make_pod("p").labels(app="web")) is None       # nothing selects it: no defaults
    rs = {"apiVersion": "apps/v1", "kind": "ReplicaSet",
          "metadata": {"name": "web-1", "namespace": "default"},
          "spec": {"selector": {"matchLabels": {"app": "web"}}}}
    h.objects["replicasets"] = [rs]
    raw, norm = run_score(pl, make_pod("p").labels(app="web"))
    # hostname (maxSkew 3) over 3 nodes and zone (maxSkew 5) over 2 zones
    host_w, zone_w = math.log(3 + 2), math.log(2 + 2)
    assert raw == {"a": round(2 * host_w + 2 + 2 * zone_w + 4), "b": round(0 + 2 + 2 * zone_w + 4),
                   "c": round(2 + 4)}
    assert norm["c"] == 100 and norm["a"] < norm["b"] < 100
