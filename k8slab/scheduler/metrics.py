"""kube-scheduler's /metrics: counted as the scheduler works, read from its queue and cache when scraped.

Follows `pkg/scheduler/metrics/metrics.go` and `profile_metrics.go` as of v1.32 (names, help
texts with their stability level, buckets) and where upstream counts:
- scheduler_schedule_attempts_total{result,profile} and scheduler_scheduling_attempt_duration_seconds:
  once per attempt, "scheduled" after the binding cycle, "unschedulable" or "error" in
  handleSchedulingFailure (a rejection is unschedulable, anything else an error), timed from the pop;
- scheduler_scheduling_algorithm_duration_seconds: schedulePod of a successful cycle;
- scheduler_pod_scheduling_attempts and scheduler_pod_scheduling_sli_duration_seconds{attempts}
  ("15+" from 15): when a pod is bound, its attempts and the time since its first attempt;
- scheduler_preemption_attempts_total: every DefaultPreemption PostFilter run;
  scheduler_preemption_victims: the victims of each chosen candidate;
- scheduler_queue_incoming_pods_total{queue,event}: the queue counts the pods it takes in;
- scheduler_pending_pods{queue}, scheduler_unschedulable_pods{plugin,profile} (pods waiting after a
  rejection, by rejecting plugin and spec.schedulerName) and scheduler_scheduler_cache_size{type}:
  read from the queue and the cache when scraped.

    sched.metrics()                                  # the Prometheus text
    sched.stats.schedule_attempts                    # Counter {(result, profile): attempts}

Differences from upstream: durations are read from the scheduler's clock (a virtual clock stands
still while a pod is scheduled, so an attempt takes 0 s there, the same on every run; `k8slab up`
runs on the real clock); "gated" is always 0 (no scheduling gates); the queue's own event names
label cluster events (NodeUpdate where upstream tells NodeLabelChange, NodeTaintChange, ...). Not
kept: the per-plugin and per-extension-point durations, plugin_evaluation_total, goroutines,
permit_wait_duration_seconds, the event-handling and queueing-hint durations.
"""

from __future__ import annotations

import collections

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

from ..metrics.histogram import Histogram, HistogramVec, exponential_buckets, histogram_family
from .plugins.defaultpreemption import NAME as DEFAULT_PREEMPTION, STATE_KEY as PREEMPTION_STATE_KEY

SCHEDULED, UNSCHEDULABLE, ERROR = "scheduled", "unschedulable", "error"
ATTEMPT_BUCKETS = exponential_buckets(0.001, 2, 15)
SLI_BUCKETS = exponential_buckets(0.01, 2, 20)
POD_ATTEMPTS_BUCKETS = exponential_buckets(1, 2, 5)
VICTIMS_BUCKETS = exponential_buckets(1, 2, 7)


def attempts_label(attempts: int) -> str:
    """getAttemptsLabel: the attempt count, "15+" from 15 on."""
    return "15+" if attempts >= 15 else str(attempts)


class SchedulerMetrics:
    """What the scheduler counts as it works (cheap: a few additions per attempt)."""

    def __init__(self):
        self.schedule_attempts: collections.Counter = collections.Counter()   # (result, profile) -> n
        self.attempt_duration = HistogramVec(ATTEMPT_BUCKETS)                  # by (result, profile)
        self.algorithm_duration = Histogram(ATTEMPT_BUCKETS)
        self.pod_scheduling_attempts = Histogram(POD_ATTEMPTS_BUCKETS)
        self.pod_scheduling_sli_duration = HistogramVec(SLI_BUCKETS)           # by (attempts label,)
        self.preemption_attempts = 0
        self.preemption_victims = Histogram(VICTIMS_BUCKETS)

    def attempt(self, result: str, profile: str, seconds: float) -> None:
        """observeScheduleAttemptAndLatency."""
        self.schedule_attempts[result, profile] += 1
        self.attempt_duration.labels(result, profile).observe(seconds)

    def scheduled(self, profile: str, seconds: float, attempts: int, since_first_attempt: float) -> None:
        self.attempt(SCHEDULED, profile, seconds)
        self.pod_scheduling_attempts.observe(attempts)
        self.pod_scheduling_sli_duration.labels(attempts_label(attempts)).observe(since_first_attempt)

    def post_filter(self, plugins: list, state) -> None:
        """The PostFilter plugins ran: DefaultPreemption counts an attempt, the victims of its choice."""
        if any(p.name == DEFAULT_PREEMPTION for p in plugins):
            self.preemption_attempts += 1
        found = state.get(PREEMPTION_STATE_KEY)
        if found is not None and found["chosen"] is not None:
            self.preemption_victims.observe(len(found["chosen"].victims))

    def __repr__(self):
        return f"SchedulerMetrics({dict(self.schedule_attempts)}, preemption_attempts={self.preemption_attempts})"


def _counter(name, doc, labels, values: dict) -> CounterMetricFamily:
    family = CounterMetricFamily(name, doc, labels=labels)
    for key, n in sorted(values.items()):
        family.add_metric(list(key), n)
    return family


def _gauge(name, doc, labels, values: dict) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, doc, labels=labels)
    for key, n in sorted(values.items()):
        family.add_metric(list(key), n)
    return family


class SchedulerCollector:
    """The scheduler_* families of one Scheduler, built when scraped."""

    def __init__(self, sched):
        self.sched = sched

    def collect(self):
        s = self.sched
        m, q, cache = s.stats, s.queue, s.cache
        sizes = {**q.sizes(), "gated": 0}
        rejected: collections.Counter = collections.Counter()
        for waiting in (q._backoff, q.unschedulable):
            for qpi in waiting.values():
                scheduler_name = (qpi.pod_info.pod.get("spec") or {}).get("schedulerName") or s.scheduler_name
                for plugin in qpi.unschedulable_plugins | qpi.pending_plugins:
                    rejected[plugin, scheduler_name] += 1
        families = [
            _gauge("scheduler_pending_pods", "[STABLE] Number of pending pods, by the queue type. 'active' means "
                   "number of pods in activeQ; 'backoff' means number of pods in backoffQ; 'unschedulable' means "
                   "number of pods in unschedulablePods that the scheduler attempted to schedule and failed; "
                   "'gated' is the number of unschedulable pods that the scheduler never attempted to schedule "
                   "because they are gated.", ["queue"], {(k,): v for k, v in sizes.items()}),
            histogram_family("scheduler_pod_scheduling_attempts", "[STABLE] Number of attempts to successfully "
                             "schedule a pod.", [], m.pod_scheduling_attempts),
            histogram_family("scheduler_pod_scheduling_sli_duration_seconds", "[BETA] E2e latency for a pod being "
                             "scheduled, from the time the pod enters the scheduling queue an d might involve "
                             "multiple scheduling attempts.", ["attempts"], m.pod_scheduling_sli_duration),
            _counter("scheduler_preemption_attempts", "[STABLE] Total preemption attempts in the cluster till now",
                     [], {(): m.preemption_attempts}),
            histogram_family("scheduler_preemption_victims", "[STABLE] Number of selected preemption victims", [],
                             m.preemption_victims),
            _counter("scheduler_queue_incoming_pods", "[STABLE] Number of pods added to scheduling queues by event "
                     "and queue type.", ["queue", "event"], q.incoming),
            _counter("scheduler_schedule_attempts", "[STABLE] Number of attempts to schedule pods, by the result. "
                     "'unschedulable' means a pod could not be scheduled, while 'error' means an internal scheduler "
                     "problem.", ["result", "profile"], m.schedule_attempts),
            _gauge("scheduler_scheduler_cache_size", "[ALPHA] Number of nodes, pods, and assumed (bound) pods in the "
                   "scheduler cache.", ["type"], {("assumed_pods",): len(cache.assumed),
                                                  ("nodes",): cache.num_nodes(), ("pods",): len(cache.pod_states)}),
            histogram_family("scheduler_scheduling_algorithm_duration_seconds", "[ALPHA] Scheduling algorithm "
                             "latency in seconds", [], m.algorithm_duration),
            histogram_family("scheduler_scheduling_attempt_duration_seconds", "[STABLE] Scheduling attempt latency "
                             "in seconds (scheduling algorithm + binding)", ["result", "profile"], m.attempt_duration),
            _gauge("scheduler_unschedulable_pods", "[ALPHA] The number of unschedulable pods broken down by plugin "
                   "name. A pod will increment the gauge for all plugins that caused it to not schedule and so this "
                   "metric have meaning only when broken down by plugin.", ["plugin", "profile"], rejected),
        ]
        # the Go client writes families in name order and leaves out a vector without series
        for family in families:
            if family.samples:
                yield family
