"""kube-scheduler's metrics, counted on a virtual-clock cluster: attempts by result, queues, preemption."""

from prometheus_client.parser import text_string_to_metric_families

from k8slab.scheduler.metrics import attempts_label

from .builders import create, make_node, make_pod, pod_node, scheduler_cluster


def samples(s) -> dict:
    """{(sample name, sorted label items): value} of what s.metrics() serves."""
    out = {}
    for family in text_string_to_metric_families(s.metrics()):
        for smp in family.samples:
            out[smp.name, tuple(sorted(smp.labels.items()))] = smp.value
    return out


def value(got, name, **labels):
    return got[name, tuple(sorted(labels.items()))]


P = "default-scheduler"


def test_attempts_queues_and_cache_after_scheduling_and_a_rejection():
    c, s = scheduler_cluster()
    create(c, make_node("n1", cpu="2"))
    create(c, make_pod("p1").req(cpu="1"), make_pod("big").req(cpu="100"))
    c.settle()
    got = samples(s)
    assert value(got, "scheduler_schedule_attempts_total", result="scheduled", profile=P) == 1
    assert value(got, "scheduler_schedule_attempts_total", result="unschedulable", profile=P) == 1
    assert ("scheduler_schedule_attempts_total", (("profile", P), ("result", "error"))) not in got
    assert {q: value(got, "scheduler_pending_pods", queue=q) for q in ("active", "backoff", "unschedulable", "gated")} \
        == {"active": 0, "backoff": 0, "unschedulable": 1, "gated": 0}
    assert value(got, "scheduler_queue_incoming_pods_total", queue="active", event="UnschedulablePodAdd") == 2
    assert value(got, "scheduler_queue_incoming_pods_total", queue="unschedulable", event="ScheduleAttemptFailure") == 1
    assert value(got, "scheduler_unschedulable_pods", plugin="NodeResourcesFit", profile=P) == 1
    assert {t: value(got, "scheduler_scheduler_cache_size", type=t) for t in ("nodes", "pods", "assumed_pods")} \
        == {"nodes": 1, "pods": 1, "assumed_pods": 0}
    # a virtual clock stands still while a pod is scheduled: every attempt took 0 s
    assert value(got, "scheduler_scheduling_attempt_duration_seconds_bucket", result="scheduled", profile=P,
                 le="0.001") == 1
    assert value(got, "scheduler_scheduling_attempt_duration_seconds_sum", result="unschedulable", profile=P) == 0
    assert value(got, "scheduler_scheduling_algorithm_duration_seconds_count") == 1     # successful cycles only
    assert value(got, "scheduler_pod_scheduling_attempts_count") == 1

    # a big node arrives: NodeAdd moves the pod (still backing off), it is bound on its second attempt
    create(c, make_node("n2", cpu="200"))
    c.settle()
    got = samples(s)
    moved = {q: got.get(("scheduler_queue_incoming_pods_total", (("event", "NodeAdd"), ("queue", q))), 0)
             for q in ("active", "backoff")}
    assert sum(moved.values()) == 1
    c.advance(2)
    assert pod_node(c, "big") == "n2"
    got = samples(s)
    assert value(got, "scheduler_schedule_attempts_total", result="scheduled", profile=P) == 2
    assert value(got, "scheduler_pod_scheduling_attempts_sum") == 3          # 1 + 2 attempts
    assert value(got, "scheduler_pod_scheduling_attempts_bucket", le="1") == 1
    first, second = s.traces.for_pod("default", "big")
    # the SLI runs from the first attempt to the bind, on the cluster's clock
    assert value(got, "scheduler_pod_scheduling_sli_duration_seconds_sum", attempts="2") == second.time - first.time
    assert ("scheduler_unschedulable_pods", (("plugin", "NodeResourcesFit"), ("profile", P))) not in got
    assert value(got, "scheduler_pending_pods", queue="unschedulable") == 0


def test_an_error_goes_to_backoff_and_comes_back_when_it_completes():
    c, s = scheduler_cluster()
    create(c, make_pod("p"))                                     # no node at all: an error, not a rejection
    c.settle()
    got = samples(s)
    assert value(got, "scheduler_schedule_attempts_total", result="error", profile=P) == 1
    assert value(got, "scheduler_queue_incoming_pods_total", queue="backoff", event="ScheduleAttemptFailure") == 1
    assert value(got, "scheduler_pending_pods", queue="backoff") == 1
    c.advance(1)
    got = samples(s)
    assert value(got, "scheduler_queue_incoming_pods_total", queue="active", event="BackoffComplete") == 1
    assert value(got, "scheduler_schedule_attempts_total", result="error", profile=P) == 2


def test_preemption_attempts_and_victims():
    c, s = scheduler_cluster()
    create(c, make_node("n1", cpu="2"))
    create(c, make_pod("low1").node("n1").req(cpu="750m"), make_pod("low2").node("n1").req(cpu="750m"))
    create(c, make_pod("high").req(cpu="1").priority(100))
    c.settle()
    got = samples(s)
    assert value(got, "scheduler_preemption_attempts_total") == 1
    assert value(got, "scheduler_preemption_victims_count") == 1
    assert value(got, "scheduler_preemption_victims_sum") == 1              # low2 alone
    assert s.stats.preemption_attempts == 1


def test_attempts_label_caps_at_fifteen():
    assert [attempts_label(n) for n in (1, 14, 15, 40)] == ["1", "14", "15+", "15+"]
