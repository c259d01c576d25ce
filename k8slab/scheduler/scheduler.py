"""kube-scheduler as a cluster component: pop a pod, run a scheduling cycle, bind or put it back.

Follows `pkg/scheduler/scheduler.go` (New, the profile's framework, the informers it needs) and
`pkg/scheduler/schedule_one.go` (ScheduleOne -> schedulingCycle: schedulePod, on FitError the
PostFilter plugins (preemption), assume the pod in the cache, Reserve, Permit; bindingCycle:
PreBind, Bind, the `Scheduled` event "Successfully assigned <ns>/<pod> to <node>", PostBind;
handleSchedulingFailure: put the pod back in the queue, a `FailedScheduling` Warning event and the
PodScheduled=False condition (reason Unschedulable, or SchedulerError) with the nominated node).
The scheduler is also the plugins' Handle (`framework/interface.go`): cache, client, listers,
the queue's nominator, the seeded RNG, and preemption's API calls. It counts its metrics where
schedule_one.go does (metrics.py); healthz(), metrics(), configz() and the traces of a pod come
from endpoints.py.

Differences from upstream: one profile; the binding cycle runs right after the scheduling cycle
in the same process() call (no goroutine); events go through core/v1 Events.
"""

from __future__ import annotations

import random
import zlib

from ..api.names import rfc3339
from ..apiserver.errors import APIError
from ..client.events import EventRecorder
from . import compat
from .cache import Cache
from .endpoints import SchedulerEndpoints
from .eventhandlers import EventHandlers
from .framework import CycleState, FitError, Framework
from .metrics import ERROR, UNSCHEDULABLE, SchedulerMetrics
from .nodeinfo import PodInfo
from .plugins import default_weights, new_plugins
from .plugins.defaultpreemption import STATE_KEY as PREEMPTION_STATE_KEY
from .queue import SchedulingQueue
from .schedule_one import SchedulerError, schedule_pod
from .traces import Attempt, TraceStore

DEFAULT_SCHEDULER_NAME = "default-scheduler"
SEED_OFFSET = zlib.crc32(b"kube-scheduler")          # a stable offset from the cluster seed
MAX_MESSAGE_LENGTH = 1024                            # truncateMessage in schedule_one.go
EXTRA_INFORMERS = (("v1", "namespaces"), ("v1", "services"), ("v1", "replicationcontrollers"),
                   ("apps/v1", "replicasets"), ("apps/v1", "statefulsets"))


def truncate_message(msg: str) -> str:
    if len(msg) <= MAX_MESSAGE_LENGTH:
        return msg
    suffix = " ..."
    return msg[:MAX_MESSAGE_LENGTH - len(suffix)] + suffix


class Scheduler(SchedulerEndpoints):
    """The default scheduler: `Scheduler()` is the component a Cluster runs."""

    name = "scheduler"

    def __init__(self, scheduler_name: str = DEFAULT_SCHEDULER_NAME, *, percentage_of_nodes_to_score: int = 0,
                 plugins: list[str] | None = None, weights: dict[str, int] | None = None,
                 plugin_args: dict | None = None, traces: bool = True, max_traced_pods: int = 1000,
                 attempts_per_pod: int = 4, max_trace_rows: int = 1_000_000):
        self.scheduler_name = scheduler_name
        self.percentage_of_nodes_to_score = percentage_of_nodes_to_score   # 0: adaptive
        self._plugin_names, self._weights, self._plugin_args = plugins, weights, plugin_args
        self.traces = TraceStore(max_traced_pods, attempts_per_pod, max_trace_rows) if traces else None
        self.next_start_node_index = 0
        self.round_robin = compat.RoundRobin()
        self.scheduled = self.failed = 0
        self.stats = SchedulerMetrics()                  # what /metrics counts
        self._attempt_start = 0.0                        # clock time the current attempt began
        self.cluster = None

    # ---- component ----------------------------------------------------------------------------------

    def start(self, cluster) -> None:
        self.cluster = cluster
        self.client, self.clock = cluster.client, cluster.clock
        self.profile = getattr(cluster.api, "profile", "current")
        self.rng = random.Random(cluster.seed + SEED_OFFSET)
        self.recorder = EventRecorder(self.client, self.clock, DEFAULT_SCHEDULER_NAME)
        self.informers = cluster.informers
        self.cache = Cache()
        self.framework = Framework(new_plugins(self, self._plugin_names, self._plugin_args),
                                   {**default_weights(), **(self._weights or {})}, self.scheduler_name)
        hints: dict = {}
        for p in self.framework.plugins:
            for event, fn in p.events_to_register().items():
                hints.setdefault(event, {})[p.name] = fn
        sort = self.framework.queue_sort
        self.queue = SchedulingQueue(self.clock, sort.sort_key if sort else (lambda q: (0, q.timestamp)), hints)
        self._listers = {}
        for api_version, plural in EXTRA_INFORMERS:
            self._listers[plural] = self.informers.informer(api_version, plural).lister()
        pods = self.informers.informer("v1", "pods")
        self._listers["pods"] = pods.lister()
        EventHandlers(self).register(pods, self.informers.informer("v1", "nodes"))
        cluster.api.components[self.name] = self.component_status

    def process(self) -> int:
        n = 0
        while True:
            qpi = self.queue.pop()
            if qpi is None:
                return n
            self.schedule_one(qpi)
            n += 1

    # ---- the Handle plugins use ---------------------------------------------------------------------

    def lister(self, plural: str):
        return self._listers[plural]

    def pod_lister(self):
        return self._listers["pods"]

    def namespace_labels(self, namespace: str) -> dict:
        ns = self._listers["namespaces"].get(None, namespace)
        return (ns or {}).get("metadata", {}).get("labels") or {}

    # ---- one pod ------------------------------------------------------------------------------------

    def schedule_one(self, qpi) -> None:
        pi, fwk = qpi.pod_info, self.framework
        if pi.terminating or self.cache.is_assumed(pi.uid):          # skipPodSchedule
            self.queue.done(pi.key)
            return
        cycle = self.queue.scheduling_cycle
        start = self._attempt_start = self.clock.now()
        attempt = None
        if self.traces is not None:
            attempt = Attempt(pi.key, qpi.attempts, cycle, start, self.profile)
        state = CycleState()
        try:
            host = schedule_pod(self, fwk, state, pi, attempt)
        except FitError as fe:
            nominated = None
            if fwk.post_filter_plugins:
                nominated, st = fwk.run_post_filter_plugins(state, pi, fe.diagnosis)
                fe.diagnosis.post_filter_msg = st.message()
                self.stats.post_filter(fwk.post_filter_plugins, state)
                if attempt is not None and PREEMPTION_STATE_KEY in state:
                    p = state[PREEMPTION_STATE_KEY]
                    chosen = p["chosen"]
                    attempt.preemption = {"node": chosen.name if chosen else "",
                                          "victims": [v.key for v in chosen.victims] if chosen else [],
                                          "candidates": [c.name for c in p["candidates"]],
                                          "statuses": {n: s.message() for n, s in p["statuses"].items()}}
            qpi.unschedulable_plugins = set(fe.diagnosis.unschedulable_plugins)
            self.handle_scheduling_failure(qpi, cycle, "Unschedulable", str(fe), nominated, attempt)
            return
        except SchedulerError as e:
            qpi.unschedulable_plugins = set()
            self.handle_scheduling_failure(qpi, cycle, "SchedulerError", str(e), None, attempt)
            return
        self.stats.algorithm_duration.observe(self.clock.now() - start)
        # assume: the next pod must see this one's resources taken even before the binding lands
        self.cache.assume_pod(pi, host)
        self.queue.nominator.delete(pi)
        st = fwk.run_reserve_plugins_reserve(state, pi, host)
        if st is None:
            st = fwk.run_permit_plugins(state, pi, host)
            point = "Permit"
        else:
            point = "Reserve"
        if st is None:
            st = fwk.run_pre_bind_plugins(state, pi, host)
            point = "PreBind"
        if st is None:
            st = fwk.run_bind_plugins(state, pi, host)
            point = "Bind"
        if st is not None:
            fwk.run_reserve_plugins_unreserve(state, pi, host)
            self.cache.forget_pod(pi)
            rejected = st.is_rejected()
            qpi.unschedulable_plugins = {st.plugin} if rejected and st.plugin else set()
            msg = f'running {point} plugin "{st.plugin}": {st.message()}' if st.plugin else st.message()
            self.handle_scheduling_failure(qpi, cycle, "Unschedulable" if rejected else "SchedulerError", msg,
                                           None, attempt)
            return
        self.queue.done(pi.key)
        self.scheduled += 1
        now, first = self.clock.now(), qpi.initial_attempt_timestamp
        self.stats.scheduled(fwk.profile_name, now - start, qpi.attempts, now - (start if first is None else first))
        if attempt is not None:
            attempt.result, attempt.node = "Scheduled", host
            self.traces.record(attempt)
        self.recorder.normal(pi.pod, "Scheduled", f"Successfully assigned {pi.namespace}/{pi.name} to {host}")
        fwk.run_post_bind_plugins(state, pi, host)

    def handle_scheduling_failure(self, qpi, cycle: int, reason: str, message: str, nominated, attempt) -> None:
        """Requeue the pod, record FailedScheduling, set PodScheduled=False (and the nomination)."""
        self.failed += 1
        self.stats.attempt(UNSCHEDULABLE if reason == "Unschedulable" else ERROR, self.framework.profile_name,
                           self.clock.now() - self._attempt_start)
        if attempt is not None:
            attempt.result = "Unschedulable" if reason == "Unschedulable" else "Error"
            attempt.message = message
            self.traces.record(attempt)
        pi = qpi.pod_info
        pod = self.pod_lister().get(pi.namespace, pi.name)
        if pod is None or (pod.get("spec") or {}).get("nodeName"):
            self.queue.done(pi.key)                  # deleted or bound meanwhile: nothing to requeue
            return
        if pod is not pi.pod:
            qpi.pod_info = PodInfo(pod)              # requeue the latest version the informer has
        self.queue.add_unschedulable_if_not_present(qpi, cycle)
        if nominated is not None:
            if nominated:
                self.queue.nominator.add(qpi.pod_info, nominated)
            else:
                self.queue.nominator.delete(qpi.pod_info)
        self.recorder.warning(pod, "FailedScheduling", truncate_message(message))
        self.update_pod(pod, reason, message, nominated)

    def update_pod(self, pod: dict, reason: str, message: str, nominated) -> None:
        """updatePod: patch the PodScheduled condition and nominatedNodeName when they change."""
        status = pod.get("status") or {}
        old = next((c for c in status.get("conditions") or [] if c.get("type") == "PodScheduled"), None)
        cond = {"type": "PodScheduled", "status": "False", "lastProbeTime": None, "reason": reason,
                "message": message,
                "lastTransitionTime": (old.get("lastTransitionTime") if old and old.get("status") == "False"
                                       else rfc3339(self.clock.time()))}
        patch: dict = {}
        if old is None or any(old.get(k) != cond[k] for k in ("status", "reason", "message")):
            patch["conditions"] = [cond]
        if nominated is not None and (status.get("nominatedNodeName") or "") != nominated:
            patch["nominatedNodeName"] = nominated or None
        if not patch:
            return
        meta = pod["metadata"]
        try:
            self.client.patch("v1", "Pod", meta["name"], {"status": patch}, meta.get("namespace"),
                              patch_type="application/strategic-merge-patch+json", subresource="status")
        except APIError:
            pass                                     # the pod is gone; the next event will tell

    # ---- preemption's API calls ----------------------------------------------------------------------

    def preempt_pod(self, victim, preemptor, node_name: str) -> str | None:
        """Evaluator.PreemptPod: mark the victim DisruptionTarget, delete it, record Preempted."""
        meta = victim.pod["metadata"]
        cond = {"type": "DisruptionTarget", "status": "True", "lastProbeTime": None,
                "lastTransitionTime": rfc3339(self.clock.time()), "reason": "PreemptionByScheduler",
                "message": f"{self.scheduler_name}: preempting to accommodate a higher priority pod"}
        try:
            self.client.patch("v1", "Pod", meta["name"], {"status": {"conditions": [cond]}}, victim.namespace,
                              patch_type="application/strategic-merge-patch+json", subresource="status")
            self.client.delete("v1", "Pod", meta["name"], victim.namespace)
        except APIError as e:
            if e.code != 404:
                return e.message
            return None
        self.recorder.normal(victim.pod, "Preempted", f"Preempted by pod {preemptor.uid} on node {node_name}")
        return None

    def clear_lower_priority_nominations(self, pi, node_name: str) -> None:
        for other in self.queue.nominated_pods_for_node(node_name):
            if other.priority < pi.priority:
                self.queue.nominator.delete(other)
                pod = self.pod_lister().get(other.namespace, other.name)
                if pod is not None and (pod.get("status") or {}).get("nominatedNodeName"):
                    try:
                        self.client.patch("v1", "Pod", other.name, {"status": {"nominatedNodeName": None}},
                                          other.namespace, patch_type="application/strategic-merge-patch+json",
                                          subresource="status")
                    except APIError:
                        pass

    def __repr__(self):
        q = getattr(self, "queue", None)
        return (f"Scheduler({self.scheduler_name}, scheduled={self.scheduled}, failed={self.failed}, "
                f"queue={q!r})")
