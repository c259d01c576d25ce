"""client-go's workqueue metrics, and their Prometheus exposition.

Follows `k8s.io/client-go/util/workqueue/metrics.go` (defaultQueueMetrics: `add` notes when an item
entered the queue, `get` observes how long it waited and notes when its processing started, `done`
observes how long the processing took; `retry` counts each AddAfter of the delaying queue, rate-
limited re-adds included; updateUnfinishedWork sums the ages of the items being processed) and
`k8s.io/component-base/metrics/prometheus/workqueue/metrics.go` as of v1.32 (names, ALPHA help
texts, ExponentialBuckets(10e-9, 10, 10) for both durations; the `name` label is the queue's name).

A queue measures once it has a QueueMetrics (`queue.metrics = QueueMetrics(clock)`), as client-go's
queues measure once a metrics provider is set; kube-controller-manager sets one for its queues.

    from k8slab.metrics.workqueue import QueueMetrics, WorkqueueCollector

Differences from upstream: durations are read from the queue's clock, the cluster's: on a virtual
clock an item waits only while the clock is advanced and processing takes no time, so a notebook
gets the same figures on every run; `k8slab up` runs on the real clock. Depth is the queue's
length (upstream's gauge also counts an item re-added while it is processed; between two
process() rounds, when /metrics is read, the two agree). Unfinished work is computed when scraped,
not every 500 ms.
"""

from __future__ import annotations

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

from .histogram import Histogram, exponential_buckets, histogram_family

DURATION_BUCKETS = exponential_buckets(10e-9, 10, 10)      # 1e-08 s .. 10 s


class QueueMetrics:
    """One queue's timings, on the queue's clock."""

    __slots__ = ("clock", "retries", "add_times", "processing_start_times", "latency", "work_duration")

    def __init__(self, clock):
        self.clock = clock
        self.retries = 0                                    # workqueue_retries_total
        self.add_times: dict = {}                           # item -> when it was added
        self.processing_start_times: dict = {}              # item -> when get() handed it out
        self.latency = Histogram(DURATION_BUCKETS)          # workqueue_queue_duration_seconds
        self.work_duration = Histogram(DURATION_BUCKETS)    # workqueue_work_duration_seconds

    def add(self, item) -> None:
        if item not in self.add_times:
            self.add_times[item] = self.clock.now()

    def get(self, item) -> None:
        now = self.clock.now()
        self.processing_start_times[item] = now
        start = self.add_times.pop(item, None)
        if start is not None:
            self.latency.observe(now - start)

    def done(self, item) -> None:
        start = self.processing_start_times.pop(item, None)
        if start is not None:
            self.work_duration.observe(self.clock.now() - start)

    def unfinished_work(self) -> tuple[float, float]:
        """(seconds of work in progress in all, the age of the oldest processing)."""
        now = self.clock.now()
        ages = [now - t for t in self.processing_start_times.values()]
        return sum(ages), max(ages, default=0.0)

    def __repr__(self):
        return (f"QueueMetrics(waited={self.latency.count}, processed={self.work_duration.count}, "
                f"retries={self.retries})")


class WorkqueueCollector:
    """The workqueue_* families of the queues `queues()` returns, read when scraped."""

    def __init__(self, queues):
        self.queues = queues

    def collect(self):
        labels = ["name"]
        adds = CounterMetricFamily("workqueue_adds", "[ALPHA] Total number of adds handled by workqueue", labels=labels)
        depth = GaugeMetricFamily("workqueue_depth", "[ALPHA] Current depth of workqueue", labels=labels)
        longest = GaugeMetricFamily("workqueue_longest_running_processor_seconds",
                                    "[ALPHA] How many seconds has the longest running processor for workqueue "
                                    "been running.", labels=labels)
        retries = CounterMetricFamily("workqueue_retries", "[ALPHA] Total number of retries handled by workqueue",
                                      labels=labels)
        unfinished = GaugeMetricFamily("workqueue_unfinished_work_seconds",
                                       "[ALPHA] How many seconds of work has done that is in progress and hasn't "
                                       "been observed by work_duration. Large values indicate stuck threads. One "
                                       "can deduce the number of stuck threads by observing the rate at which "
                                       "this increases.", labels=labels)
        latency, work = {}, {}
        for q in sorted(self.queues(), key=lambda q: q.name):
            name = [q.name]
            adds.add_metric(name, q.adds)
            depth.add_metric(name, len(q))
            m = getattr(q, "metrics", None)
            if m is None:
                continue
            total, oldest = m.unfinished_work()
            longest.add_metric(name, oldest)
            retries.add_metric(name, m.retries)
            unfinished.add_metric(name, total)
            latency[(q.name,)] = m.latency
            work[(q.name,)] = m.work_duration
        queue_duration = histogram_family("workqueue_queue_duration_seconds", "[ALPHA] How long in seconds an item "
                                          "stays in workqueue before being requested.", labels, latency)
        work_duration = histogram_family("workqueue_work_duration_seconds", "[ALPHA] How long in seconds "
                                         "processing an item from workqueue takes.", labels, work)
        # the Go client writes families in name order and leaves out those without a series
        for family in (adds, depth, longest, queue_duration, retries, unfinished, work_duration):
            if family.samples:
                yield family
