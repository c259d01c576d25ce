from prometheus_client import CollectorRegistry, generate_latest

from k8slab.client.workqueue import RateLimitingQueue
from k8slab.metrics.workqueue import QueueMetrics, WorkqueueCollector
from k8slab.sim.clock import VirtualClock


def scrape(*queues) -> dict[str, float]:
    registry = CollectorRegistry()
    registry.register(WorkqueueCollector(lambda: queues))
    out = {}
    for line in generate_latest(registry).decode().splitlines():
        if not line.startswith("#"):
            name, value = line.rsplit(" ", 1)
            out[name] = float(value)
    return out


def test_queue_and_work_durations_follow_the_queue_clock():
    clock = VirtualClock()
    q = RateLimitingQueue(clock, name="replicaset")
    q.metrics = QueueMetrics(clock)
    q.add("default/a")
    q.add("default/a")                   # already queued: not an add
    clock.advance(0.5)
    key = q.get()
    clock.advance(2)
    q.done(key)
    m = q.metrics
    assert (m.latency.count, m.latency.sum) == (1, 0.5)
    assert (m.work_duration.count, m.work_duration.sum) == (1, 2)
    got = scrape(q)
    assert got['workqueue_adds_total{name="replicaset"}'] == 1
    assert got['workqueue_depth{name="replicaset"}'] == 0
    assert got['workqueue_queue_duration_seconds_bucket{le="0.1",name="replicaset"}'] == 0
    assert got['workqueue_queue_duration_seconds_bucket{le="1",name="replicaset"}'] == 1
    assert got['workqueue_work_duration_seconds_bucket{le="1",name="replicaset"}'] == 0
    assert got['workqueue_work_duration_seconds_bucket{le="10",name="replicaset"}'] == 1
    assert got['workqueue_work_duration_seconds_sum{name="replicaset"}'] == 2


def test_every_add_after_is_a_retry_and_work_in_progress_is_unfinished():
    clock = VirtualClock()
    q = RateLimitingQueue(clock, name="deployment")
    q.metrics = QueueMetrics(clock)
    q.add_rate_limited("default/a")      # 5 ms back-off
    q.add_after("default/b", 0)          # no delay: added now, still counted (delaying_queue.go)
    assert q.metrics.retries == 2 and len(q) == 1
    clock.advance(0.005)
    clock.run_due()
    assert len(q) == 2
    q.get()
    clock.advance(3)
    got = scrape(q)
    assert got['workqueue_retries_total{name="deployment"}'] == 2
    assert got['workqueue_unfinished_work_seconds{name="deployment"}'] == 3
    assert got['workqueue_longest_running_processor_seconds{name="deployment"}'] == 3
    assert got['workqueue_depth{name="deployment"}'] == 1


def test_a_queue_without_metrics_reports_adds_and_depth_only():
    q = RateLimitingQueue(VirtualClock(), name="job")
    q.add("x")
    got = scrape(q)
    assert got == {'workqueue_adds_total{name="job"}': 1, 'workqueue_depth{name="job"}': 1}
