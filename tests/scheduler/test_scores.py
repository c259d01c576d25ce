"""Score plugins on small builders: raw and normalized scores, computed by hand from upstream's formulas."""

from k8slab.scheduler.plugins.balancedallocation import BalancedAllocation
from k8slab.scheduler.plugins.imagelocality import ImageLocality
from k8slab.scheduler.plugins.nodeaffinity import NodeAffinity
from k8slab.scheduler.plugins.noderesources import Fit
from k8slab.scheduler.plugins.tainttoleration import TaintToleration

from .builders import FakeHandle, make_node, make_pod, run_score

MB = 1024 * 1024


def test_least_allocated_with_non_zero_defaults():
    h = FakeHandle([make_node("a", cpu="4", memory="8Gi"), make_node("b", cpu="4", memory="8Gi")],
                   pods=[make_pod("x").node("a").req(cpu="1", memory="2Gi")])
    raw, norm = run_score(Fit(h), make_pod("p").req(cpu="1", memory="1Gi"))
    # a: cpu (4000-2000)*100/4000 = 50, memory (8-3)/8 -> 62; b: 75 and 87; mean of the two
    assert raw == norm == {"a": 56, "b": 81}
    raw, _ = run_score(Fit(h), make_pod("p"))           # requests nothing: scored as 100m / 200Mi
    assert raw["b"] == (97 + 97) // 2


def test_least_allocated_sum_over_containers_and_the_custom_weights_path():
    h = FakeHandle([make_node("a", cpu="2", memory="4Gi")])
    pod = make_pod("p").req(cpu="500m").container("side", "envoy", memory="1Gi")
    raw, _ = run_score(Fit(h), pod)
    # cpu: 500m + 100m default for the sidecar = 600m -> 70; memory: 200Mi default + 1Gi -> 70
    assert raw == {"a": (70 + 70) // 2}
    weighted = Fit(h, {"resources": [{"name": "cpu", "weight": 3}, {"name": "memory", "weight": 1}]})
    assert run_score(weighted, pod)[0] == {"a": (70 * 3 + 70) // 4}


def test_balanced_allocation_prefers_equal_shares_and_skips_best_effort():
    h = FakeHandle([make_node("a", cpu="4", memory="8Gi"), make_node("b", cpu="4", memory="8Gi")],
                   pods=[make_pod("x").node("a").req(cpu="2", memory="1Gi")])
    raw, norm = run_score(BalancedAllocation(h), make_pod("p").req(cpu="1", memory="2Gi"))
    # a: cpu 3/4, memory 3/8 -> std 0.1875 -> 81; b: 1/4 and 2/8 -> 100
    assert raw == norm == {"a": 81, "b": 100}
    assert run_score(BalancedAllocation(h), make_pod("p")) is None


def test_image_locality_scales_by_size_and_spread():
    h = FakeHandle([make_node("a").image(["nginx:1.25"], 500 * MB), make_node("b"),
                    make_node("c").image(["docker.io/library/nginx@sha256:abc", "nginx:1.25"], 500 * MB)
                                  .image(["redis"], 100 * MB)])
    raw, _ = run_score(ImageLocality(h), make_pod("p").image("nginx:1.25"))
    spread = int(500 * MB * 2 / 3)
    expected = 100 * (spread - 23 * MB) // (1000 * MB - 23 * MB)
    assert raw == {"a": expected, "b": 0, "c": expected} and expected == 31
    raw, _ = run_score(ImageLocality(h), make_pod("p").image("redis"))   # "redis" means redis:latest
    # 100MB on one node of three: 33MB counts, just above the 23MB floor
    assert raw == {"a": 0, "b": 0, "c": 100 * (int(100 * MB / 3) - 23 * MB) // (1000 * MB - 23 * MB)} == \
        {"a": 0, "b": 0, "c": 1}


def test_taint_toleration_score_counts_intolerable_prefer_no_schedule_taints():
    h = FakeHandle([make_node("a"), make_node("b").taint("spot", "1", "PreferNoSchedule"),
                    make_node("c").taint("spot", "1", "PreferNoSchedule").taint("old", "", "PreferNoSchedule")
                                  .taint("hard", "", "NoSchedule")])
    raw, norm = run_score(TaintToleration(h), make_pod("p"))
    assert raw == {"a": 0, "b": 1, "c": 2} and norm == {"a": 100, "b": 50, "c": 0}
    raw, norm = run_score(TaintToleration(h), make_pod("p").tolerate("spot", "1", "PreferNoSchedule"))
    assert raw == {"a": 0, "b": 0, "c": 1} and norm == {"a": 100, "b": 100, "c": 0}


def test_node_affinity_preferred_weights():
    h = FakeHandle([make_node("a").label("disk", "ssd").label("zone", "1"), make_node("b"),
                    make_node("c").label("zone", "1")])
    pref = [{"weight": 10, "preference": {"matchExpressions": [{"key": "disk", "operator": "In", "values": ["ssd"]}]}},
            {"weight": 5, "preference": {"matchExpressions": [{"key": "zone", "operator": "Exists"}]}}]
    raw, norm = run_score(NodeAffinity(h), make_pod("p").node_affinity(preferred=pref))
    assert raw == {"a": 15, "b": 0, "c": 5} and norm == {"a": 100, "b": 0, "c": 33}
    assert run_score(NodeAffinity(h), make_pod("p")) is None
