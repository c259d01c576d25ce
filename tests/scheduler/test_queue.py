"""The scheduling queue: PrioritySort order, backoff durations, unschedulable pods and what moves them."""

from k8slab.scheduler.plugins.noderesources import Fit
from k8slab.scheduler.plugins.queuesort import PrioritySort
from k8slab.scheduler.queue import NODE_ADD, SchedulingQueue
from k8slab.sim.clock import VirtualClock

from .builders import create, events, make_node, make_pod, pod_node, scheduler_cluster


def new_queue(clock=None):
    clock = clock or VirtualClock()
    hints = {event: {"NodeResourcesFit": fn} for event, fn in Fit().events_to_register().items()}
    return clock, SchedulingQueue(clock, PrioritySort.sort_key, hints)


def test_active_queue_orders_by_priority_then_time():
    clock, q = new_queue()
    q.add(make_pod("low").build())
    clock.advance(1)
    q.add(make_pod("high").priority(100).build())
    q.add(make_pod("low2").build())
    assert [q.pop().pod_info.name for _ in range(3)] == ["high", "low", "low2"]
    assert q.pop() is None


def test_backoff_doubles_from_one_second_to_ten():
    clock, q = new_queue()
    q.add(make_pod("p").build())
    durations = []
    for _ in range(6):
        qpi = q.pop()
        durations.append(q.backoff_duration(qpi))
        qpi.unschedulable_plugins = set()                   # an error: straight to backoffQ
        q.add_unschedulable_if_not_present(qpi, q.scheduling_cycle)
        assert q.where("default/p") == "backoffQ"
        clock.advance(durations[-1] - 0.001)
        assert q.pop() is None                              # still backing off
        clock.advance(1.0)                                  # the 1 s flush picks it up
    assert durations == [1, 2, 4, 8, 10, 10]


def test_unschedulable_pod_moves_on_a_node_that_fits_and_after_five_minutes():
    clock, q = new_queue()
    q.add(make_pod("p").req(cpu="2").build())
    qpi = q.pop()
    qpi.unschedulable_plugins = {"NodeResourcesFit"}
    q.add_unschedulable_if_not_present(qpi, q.scheduling_cycle)
    assert q.where("default/p") == "unschedulablePods"
    assert q.move_all_to_active_or_backoff_queue(NODE_ADD, None, make_node("tiny", cpu="1").build()) == 0
    assert q.move_all_to_active_or_backoff_queue(NODE_ADD, None, make_node("big", cpu="4").build()) == 1
    assert q.where("default/p") == "backoffQ"               # the 1 s backoff is not over yet
    clock.advance(1)
    assert q.pop().pod_info.name == "p"
    qpi.unschedulable_plugins = {"NodeResourcesFit"}
    q.add_unschedulable_if_not_present(qpi, q.scheduling_cycle)
    clock.advance(300)
    assert q.where("default/p") == "unschedulablePods"      # exactly 5 minutes is not longer than 5 minutes
    clock.advance(30)
    assert q.where("default/p") == "activeQ"                # flushUnschedulablePodsLeftover, every 30 s


def test_a_move_request_during_the_cycle_sends_the_pod_to_backoff():
    clock, q = new_queue()
    q.add(make_pod("p").build())
    qpi = q.pop()
    q.move_all_to_active_or_backoff_queue(NODE_ADD, None, make_node("n").build())
    qpi.unschedulable_plugins = {"NodeResourcesFit"}
    q.add_unschedulable_if_not_present(qpi, q.scheduling_cycle)
    assert q.where("default/p") == "backoffQ"


def test_cluster_requeues_an_unschedulable_pod_when_a_node_is_added():
    c, s = scheduler_cluster()
    create(c, make_node("small", cpu="1"), make_pod("p").req(cpu="2"))
    c.settle()
    assert pod_node(c, "p") == "" and s.queue.where("default/p") == "unschedulablePods"
    assert events(c, "FailedScheduling")[0]["message"] == \
        "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: " \
        "1 No preemption victims found for incoming pod."
    c.advance(0.5)
    create(c, make_node("big", cpu="4"))
    c.settle()
    assert s.queue.where("default/p") == "backoffQ"         # failed at t=0: backing off until t=1
    c.advance(0.5)
    assert pod_node(c, "p") == "big"
    attempts = s.traces.for_pod("default", "p")
    assert [a.result for a in attempts] == ["Unschedulable", "Scheduled"] and attempts[1].time == 1
    # a node added once the backoff is over: straight to activeQ
    create(c, make_pod("q").req(cpu="8"))
    c.settle()
    c.advance(5)
    create(c, make_node("huge", cpu="16"))
    c.settle()
    assert pod_node(c, "q") == "huge" and s.traces.last("default", "q").time == 6
