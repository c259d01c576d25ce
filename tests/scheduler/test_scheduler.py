"""The scheduler in a cluster: fake Nodes through the API, pods bound to the best node, the exact
FailedScheduling messages, traces that explain the choice, and deterministic tie-breaking."""

import pytest

from k8slab.scheduler.schedule_one import num_feasible_nodes_to_find

from .builders import create, events, make_node, make_pod, pod_node, scheduler_cluster


def test_pod_goes_to_the_best_node_and_the_trace_explains_why():
    c, s = scheduler_cluster()
    create(c, make_node("node1", cpu="2", memory="4Gi"), make_node("node2", cpu="8", memory="16Gi"),
           make_node("node3", cpu="8", memory="16Gi").taint("spot", "yes", "PreferNoSchedule"),
           make_node("master", cpu="8", memory="16Gi").taint("node-role.kubernetes.io/master"))
    create(c, make_pod("web").req(cpu="500m", memory="512Mi"))
    c.settle()
    assert pod_node(c, "web") == "node2"
    ev = events(c, "Scheduled", "web")[0]
    assert ev["message"] == "Successfully assigned default/web to node2" and ev["type"] == "Normal"
    assert ev["source"] == {"component": "default-scheduler"}
    [attempt] = s.traces.for_pod("default", "web")
    assert attempt.result == "Scheduled" and attempt.node == "node2"
    assert attempt.evaluated == ["node1", "node2", "node3", "master"] and attempt.feasible == ["node1", "node2", "node3"]
    assert attempt.failures["master"].plugin == "TaintToleration"
    rows = {r["node"]: r for r in attempt.rows()}
    assert rows["master"]["filters"]["TaintToleration"] == \
        "node(s) had untolerated taint {node-role.kubernetes.io/master: }"
    assert rows["master"]["filters"]["NodeResourcesFit"] == "-"          # not run after the rejection
    assert rows["node3"]["scores"]["TaintToleration"] == {"raw": 1, "normalized": 0, "weight": 3}
    # node1: cpu 2000m, 500m asked -> 75; memory 4Gi, 512Mi -> 87  => 81
    assert rows["node1"]["scores"]["NodeResourcesFit"] == {"raw": 81, "normalized": 81, "weight": 1}
    # node2: TaintToleration 100 x3; fit cpu 93, memory 96 -> 94; balance |1/16 - 1/32| / 2 -> 98; no images
    assert rows["node2"]["total"] == 3 * 100 + 94 + 98 + 0 and rows["node2"]["chosen"]
    assert max(r.get("total") or 0 for r in rows.values() if r["node"] != "node2") < rows["node2"]["total"]
    text = str(attempt)
    assert "default/web attempt 1" in text and "* node2" in text and "TaintToleration x3" in text
    assert attempt.why.startswith(f"highest total score {rows['node2']['total']}")
    assert "next best" in attempt.why and "skipped: Filter InterPodAffinity, NodeAffinity, NodePorts" in text


def test_failed_scheduling_message_taint_and_insufficient_cpu():
    c, s = scheduler_cluster()
    create(c, make_node("master").taint("node-role.kubernetes.io/master"),
           make_node("node1", cpu="2"), make_node("node2", cpu="2"))
    create(c, make_pod("busy1").node("node1").req(cpu="1500m"), make_pod("busy2").node("node2").req(cpu="1500m"))
    create(c, make_pod("big").req(cpu="1"))
    c.settle()
    msg = ("0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/master: }, "
           "2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, "
           "2 No preemption victims found for incoming pod.")
    [ev] = events(c, "FailedScheduling", "big")
    assert ev["message"] == msg and ev["type"] == "Warning" and ev["source"]["component"] == "default-scheduler"
    cond = c.client.get("v1", "Pod", "big", "default")["status"]["conditions"]
    assert [(x["type"], x["status"], x["reason"], x["message"]) for x in cond] == \
        [("PodScheduled", "False", "Unschedulable", msg)]
    assert s.traces.last("default", "big").message == msg
    # retried when the 5 minutes are over (at the 30 s flush after them): the Event's count goes up
    c.advance(329)
    assert events(c, "FailedScheduling", "big")[0]["count"] == 1
    c.advance(1)
    assert events(c, "FailedScheduling", "big")[0]["count"] == 2


def test_failed_scheduling_messages_for_other_cases():
    c, s = scheduler_cluster()
    create(c, make_pod("lonely"))
    c.settle()
    assert events(c, "FailedScheduling", "lonely")[0]["message"] == "no nodes available to schedule pods"
    cond = c.client.get("v1", "Pod", "lonely", "default")["status"]["conditions"][0]
    assert cond["reason"] == "SchedulerError"
    create(c, make_node("a").label("disk", "hdd"), make_node("b").unschedulable())
    create(c, make_pod("never").node_selector(disk="ssd").preemption_policy("Never"))
    create(c, make_pod("ports").host_port(80).node_selector(disk="hdd"), make_pod("ports2").host_port(80))
    c.advance(10)
    assert pod_node(c, "lonely") == "a"
    assert events(c, "FailedScheduling", "never")[0]["message"] == (
        "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, "
        "1 node(s) were unschedulable. preemption: not eligible due to preemptionPolicy=Never.")
    assert events(c, "FailedScheduling", "ports2")[0]["message"] == (
        "0/2 nodes are available: 1 node(s) didn't have free ports for the requested pod ports, "
        "1 node(s) were unschedulable. preemption: 0/2 nodes are available: "
        "1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.")


def test_tie_break_is_deterministic_per_seed():
    def placements(seed, profile="current"):
        c, s = scheduler_cluster(seed=seed, profile=profile)
        create(c, *[make_node(f"n{i}", cpu="64", memory="256Gi") for i in range(6)])
        create(c, *[make_pod(f"p{i}") for i in range(8)])
        c.settle()
        return [pod_node(c, f"p{i}") for i in range(8)], s

    first, s = placements(1)
    assert placements(1)[0] == first
    assert any(placements(seed)[0] != first for seed in (2, 3, 4))
    a = s.traces.for_pod("default", "p0")[0]
    assert len(a.ties) == 6 and "reservoir sampling" in a.why
    book, s = placements(1, "book")
    assert book[:6] == ["n0", "n1", "n2", "n3", "n4", "n5"]        # v1.11 round-robin over the tied nodes
    text = str(s.traces.for_pod("default", "p0")[0])
    assert "PodFitsResources" in text and "LeastRequestedPriority x1" in text and "round-robin" in text


@pytest.mark.parametrize("nodes,expected", [(50, 50), (100, 100), (1000, 420), (5000, 500), (6000, 300),
                                            (100_000, 5000)])
def test_percentage_of_nodes_to_score(nodes, expected):
    assert num_feasible_nodes_to_find(0, nodes) == expected


def test_only_a_share_of_a_large_cluster_is_evaluated_and_the_start_rotates():
    c, s = scheduler_cluster(percentage_of_nodes_to_score=10)
    create(c, *[make_node(f"n{i:03}") for i in range(300)])
    create(c, make_pod("a"), make_pod("b"))
    c.settle()
    ta, tb = s.traces.last("default", "a"), s.traces.last("default", "b")
    assert ta.num_to_find == 100 and len(ta.evaluated) == 100 and len(ta.feasible) == 100
    assert ta.start_index == 0 and tb.start_index == 100 and tb.evaluated[0] == "n100"


def test_scheduler_name_and_assigned_pods():
    c, s = scheduler_cluster()
    create(c, make_node("a", cpu="1"))
    other = make_pod("other")
    other.spec["schedulerName"] = "my-scheduler"
    create(c, other, make_pod("pinned").node("a").req(cpu="800m"), make_pod("p").req(cpu="500m"))
    c.settle()
    assert pod_node(c, "other") == "" and not s.traces.for_pod("default", "other")
    assert pod_node(c, "p") == ""                              # the pinned pod's 800m counts
    c.client.delete("v1", "Pod", "pinned", "default", gracePeriodSeconds=0)
    c.advance(2)
    assert pod_node(c, "p") == "a"


def test_the_full_cluster_runs_this_scheduler():
    from k8slab.cluster import Cluster
    try:
        c = Cluster(nodes=0)
    except Exception as e:                                      # pragma: no cover - other components in progress
        pytest.skip(f"the rest of the control plane does not start yet: {e!r}")
    [s] = [x for x in c.components if x.name == "scheduler"]
    c.client.create(make_node("n1").build())
    c.client.create(make_pod("p").api())
    c.settle()
    assert pod_node(c, "p") == "n1" and s.traces.last("default", "p").result == "Scheduled"
    assert ("scheduler", True, "ok") in c.api.component_health()
