"""DefaultPreemption: victims of lower priority on one node, nominatedNodeName, Preempted events."""

from k8slab.scheduler.plugins.defaultpreemption import Candidate, DefaultPreemption
from k8slab.scheduler.nodeinfo import PodInfo

from .builders import create, events, make_node, make_pod, pod_node, scheduler_cluster


def test_preemption_evicts_the_fewest_lowest_priority_pods_and_nominates_the_node():
    c, s = scheduler_cluster()
    create(c, make_node("n1", cpu="2"), make_node("n2", cpu="2"))
    create(c, make_pod("low1").node("n1").req(cpu="750m"), make_pod("low2").node("n1").req(cpu="750m"),
           make_pod("mid").node("n2").req(cpu="1500m").priority(50))
    create(c, make_pod("high").req(cpu="1").priority(100))
    c.settle()
    # n1: removing both low pods makes room; low1 can be reprieved, low2 cannot.  n2's victim has a
    # higher priority (50 > 0), so n1 is the better candidate.
    [ev] = events(c, "FailedScheduling", "high")
    assert ev["message"] == "0/2 nodes are available: 2 Insufficient cpu."   # preemption succeeded: no suffix
    high = c.client.get("v1", "Pod", "high", "default")
    assert high["status"]["nominatedNodeName"] == "n1"
    low2 = c.client.get("v1", "Pod", "low2", "default")
    assert low2["metadata"].get("deletionTimestamp")                          # graceful: the kubelet finishes it
    assert any(x["type"] == "DisruptionTarget" and x["reason"] == "PreemptionByScheduler" and
               x["message"] == "default-scheduler: preempting to accommodate a higher priority pod"
               for x in low2["status"]["conditions"])
    [pre] = events(c, "Preempted", "low2")
    assert pre["message"] == f"Preempted by pod {high['metadata']['uid']} on node n1" and pre["type"] == "Normal"
    assert c.client.get("v1", "Pod", "low1", "default")["metadata"].get("deletionTimestamp") is None
    trace = s.traces.last("default", "high")
    assert trace.preemption["node"] == "n1" and trace.preemption["victims"] == ["default/low2"]
    assert "preemption: nominated n1, victims: default/low2" in str(trace)
    # the victim is still terminating: no second preemption, the pod waits
    c.advance(20)
    assert len(events(c, "Preempted")) == 1 and pod_node(c, "high") == ""
    # the kubelet would now finish the deletion; the delete event moves the pod back
    c.client.delete("v1", "Pod", "low2", "default", gracePeriodSeconds=0)
    c.advance(11)
    assert pod_node(c, "high") == "n1"
    assert s.traces.last("default", "high").why == "the pod's nominated node passed every filter"


def test_nominated_pods_reserve_their_node_for_equal_or_higher_priority():
    c, s = scheduler_cluster()
    create(c, make_node("n1", cpu="2"))
    create(c, make_pod("low").node("n1").req(cpu="1500m"))
    create(c, make_pod("high").req(cpu="1").priority(100))
    c.settle()
    assert c.client.get("v1", "Pod", "high", "default")["status"]["nominatedNodeName"] == "n1"
    c.client.delete("v1", "Pod", "low", "default", gracePeriodSeconds=0)
    create(c, make_pod("sneaky").req(cpu="1500m").priority(10))     # lower priority than the nominated pod
    c.settle()
    assert pod_node(c, "sneaky") == ""
    assert s.traces.last("default", "sneaky").failures["n1"].message() == "Insufficient cpu"
    c.advance(2)
    assert pod_node(c, "high") == "n1"


def test_select_candidate_tie_breakers():
    def victims(*prios):
        return [PodInfo(make_pod(f"v{i}-{p}").priority(p).build()) for i, p in enumerate(prios)]

    pick = DefaultPreemption.select_candidate
    assert pick([Candidate("a", victims(10)), Candidate("b", victims(5))]).name == "b"        # lowest top victim
    assert pick([Candidate("a", victims(5, 5)), Candidate("b", victims(5, 1))]).name == "b"   # lowest sum
    assert pick([Candidate("a", victims(5, 0)), Candidate("b", victims(5))]).name == "b"      # fewest... sum first
    assert pick([Candidate("a", victims(5)), Candidate("b", victims(5))]).name == "a"         # then the first
    assert DefaultPreemption.calculate_num_candidates(50) == 50
    assert DefaultPreemption.calculate_num_candidates(5000) == 500
