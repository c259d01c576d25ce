"""The scheduling queue: activeQ, backoffQ and the unschedulable pods, plus nominated pods.

Follows `pkg/scheduler/backend/queue/scheduling_queue.go` (PriorityQueue) as of v1.32:
- activeQ: a heap in the order of the QueueSort plugin (PrioritySort: priority, then timestamp);
  `pop` hands out the next pod and counts an attempt and a scheduling cycle.
- backoffQ: pods waiting out their backoff, initial 1 s doubling per attempt up to 10 s, counted
  from the time they were last put back; flushBackoffQCompleted moves finished ones every second.
- unschedulablePods: pods that failed; a cluster event moves a pod out when it may help one of the
  plugins that rejected it (the plugin's events and queueing hints); flushUnschedulablePodsLeftover
  (every 30 s) moves pods that have waited longer than 5 minutes. A failed pod goes to backoffQ
  directly when no plugin rejected it (an error) or when a move request arrived while it was being
  scheduled (moveRequestCycle >= its scheduling cycle).
- the nominator (`nominator.go`): pods nominated to a node by preemption, so that filters can count
  them on that node.

Differences from upstream: no PreEnqueue plugins or scheduling gates; the queueing hints are
plain functions of (pod, old object, new object); timers are the cluster clock's, armed only while
a queue has pods waiting.
"""

from __future__ import annotations

import collections
import heapq
import itertools

from .nodeinfo import PodInfo

POD_INITIAL_BACKOFF_DURATION = 1.0           # seconds
POD_MAX_BACKOFF_DURATION = 10.0
POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION = 300.0
BACKOFF_FLUSH_PERIOD = 1.0
UNSCHEDULABLE_FLUSH_PERIOD = 30.0
UNSCHEDULABLE_TIMEOUT = "UnschedulableTimeout"
# the other events that bring pods into a queue (the `event` label of scheduler_queue_incoming_pods_total)
UNSCHEDULED_POD_ADD, UNSCHEDULED_POD_UPDATE = "UnschedulablePodAdd", "UnschedulablePodUpdate"
SCHEDULE_ATTEMPT_FAILURE, BACKOFF_COMPLETE = "ScheduleAttemptFailure", "BackoffComplete"

# cluster events the scheduler's informer handlers report
NODE_ADD, NODE_UPDATE = "NodeAdd", "NodeUpdate"
ASSIGNED_POD_ADD, ASSIGNED_POD_UPDATE, ASSIGNED_POD_DELETE = "AssignedPodAdd", "AssignedPodUpdate", "AssignedPodDelete"


class QueuedPodInfo:
    """A pod in the queue: when it was (re)queued, how often it was tried, who rejected it."""

    __slots__ = ("pod_info", "timestamp", "attempts", "initial_attempt_timestamp", "unschedulable_plugins",
                 "pending_plugins")

    def __init__(self, pod_info: PodInfo, now: float):
        self.pod_info = pod_info
        self.timestamp = now
        self.attempts = 0
        self.initial_attempt_timestamp: float | None = None
        self.unschedulable_plugins: set[str] = set()
        self.pending_plugins: set[str] = set()

    @property
    def key(self) -> str:
        return self.pod_info.key

    def __repr__(self):
        return f"QueuedPodInfo({self.key}, attempts={self.attempts}, rejected by {sorted(self.unschedulable_plugins)})"


def _spec_changed(old: dict, new: dict) -> bool:
    """isPodUpdated: anything but status, resourceVersion, generation and managedFields changed?"""
    def strip(p):
        meta = {k: v for k, v in p.get("metadata", {}).items()
                if k not in ("resourceVersion", "generation", "managedFields")}
        return meta, p.get("spec")
    return strip(old) != strip(new)


class Nominator:
    """Pods nominated to nodes (status.nominatedNodeName), by node."""

    def __init__(self):
        self.nominated_pods: dict[str, list[PodInfo]] = {}
        self.pod_to_node: dict[str, str] = {}

    def add(self, pi: PodInfo, node_name: str | None = None) -> None:
        self.delete(pi)
        nn = node_name if node_name is not None else ((pi.pod.get("status") or {}).get("nominatedNodeName") or "")
        if not nn:
            return
        self.pod_to_node[pi.uid] = nn
        self.nominated_pods.setdefault(nn, []).append(pi)

    def delete(self, pi: PodInfo) -> None:
        nn = self.pod_to_node.pop(pi.uid, None)
        if nn is None:
            return
        pods = [p for p in self.nominated_pods.get(nn, []) if p.uid != pi.uid]
        if pods:
            self.nominated_pods[nn] = pods
        else:
            self.nominated_pods.pop(nn, None)

    def update(self, old: PodInfo, new: PodInfo) -> None:
        nn = (new.pod.get("status") or {}).get("nominatedNodeName") or ""
        if not nn:
            nn = self.pod_to_node.get(old.uid, "")     # keep reserving until the scheduler clears it
        self.add(new, nn)

    def for_node(self, node_name: str) -> list[PodInfo]:
        return list(self.nominated_pods.get(node_name, ()))


class SchedulingQueue:
    """activeQ + backoffQ + unschedulable pods, on a clock."""

    def __init__(self, clock, sort_key, hints: dict | None = None, *,
                 initial_backoff: float = POD_INITIAL_BACKOFF_DURATION,
                 max_backoff: float = POD_MAX_BACKOFF_DURATION,
                 max_in_unschedulable: float = POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION):
        self.clock, self.sort_key = clock, sort_key
        self.hints = hints or {}                 # event -> {plugin name: hint fn or None}
        self.initial_backoff, self.max_backoff = initial_backoff, max_backoff
        self.max_in_unschedulable = max_in_unschedulable
        self._active: dict[str, QueuedPodInfo] = {}
        self._active_heap: list = []
        self._entry: dict[str, int] = {}          # key -> seq of its live heap entry
        self._backoff: dict[str, QueuedPodInfo] = {}
        self._backoff_heap: list = []
        self.unschedulable: dict[str, QueuedPodInfo] = {}
        self.in_flight: dict[str, QueuedPodInfo] = {}
        self._seq = itertools.count()
        self.scheduling_cycle = 0
        self.move_request_cycle = -1
        self.nominator = Nominator()
        self._start = clock.now()
        self._timers: dict[str, object] = {}
        self.incoming: collections.Counter = collections.Counter()    # (queue, event) -> pods moved in

    # ---- adding and popping ------------------------------------------------------------------------

    def add(self, pod: dict, event: str = UNSCHEDULED_POD_ADD) -> None:
        """A new unscheduled pod goes straight to activeQ."""
        pi = PodInfo(pod)
        self._remove_everywhere(pi.key)
        self._push_active(QueuedPodInfo(pi, self.clock.now()))
        self.incoming["active", event] += 1
        self.nominator.add(pi)

    def _push_active(self, qpi: QueuedPodInfo) -> None:
        seq = next(self._seq)
        self._active[qpi.key] = qpi
        self._entry[qpi.key] = seq
        heapq.heappush(self._active_heap, (self.sort_key(qpi), seq, qpi.key))

    def pop(self) -> QueuedPodInfo | None:
        while self._active_heap:
            _, seq, key = heapq.heappop(self._active_heap)
            if self._entry.get(key) != seq:
                continue                              # a stale entry (updated or removed)
            del self._entry[key]
            qpi = self._active.pop(key)
            qpi.attempts += 1
            if qpi.initial_attempt_timestamp is None:
                qpi.initial_attempt_timestamp = self.clock.now()
            self.scheduling_cycle += 1
            self.in_flight[key] = qpi
            return qpi
        return None

    def done(self, key: str) -> None:
        self.in_flight.pop(key, None)

    def add_unschedulable_if_not_present(self, qpi: QueuedPodInfo, pod_scheduling_cycle: int) -> None:
        """Put a pod that failed back: backoffQ when it was an error or a move request arrived
        meanwhile, otherwise among the unschedulable pods until an event or the timeout."""
        key = qpi.key
        self.in_flight.pop(key, None)
        if key in self._active or key in self._backoff or key in self.unschedulable:
            return
        qpi.timestamp = self.clock.now()
        if not qpi.unschedulable_plugins or self.move_request_cycle >= pod_scheduling_cycle:
            self._move_to_active_or_backoff(qpi, SCHEDULE_ATTEMPT_FAILURE)
        else:
            self.unschedulable[key] = qpi
            self.incoming["unschedulable", SCHEDULE_ATTEMPT_FAILURE] += 1
            self._arm("unschedulable", UNSCHEDULABLE_FLUSH_PERIOD, self.flush_unschedulable_pods_leftover)

    # ---- backoff -----------------------------------------------------------------------------------

    def backoff_duration(self, qpi: QueuedPodInfo) -> float:
        """calculateBackoffDuration: initial * 2^(attempts-1), capped."""
        d = self.initial_backoff
        for _ in range(1, qpi.attempts):
            if d > self.max_backoff - d:
                return self.max_backoff
            d += d
        return d

    def backoff_time(self, qpi: QueuedPodInfo) -> float:
        return qpi.timestamp + self.backoff_duration(qpi)

    def is_pod_backing_off(self, qpi: QueuedPodInfo) -> bool:
        return self.backoff_time(qpi) > self.clock.now()

    def _move_to_active_or_backoff(self, qpi: QueuedPodInfo, event: str) -> str:
        if self.is_pod_backing_off(qpi):
            self._backoff[qpi.key] = qpi
            heapq.heappush(self._backoff_heap, (self.backoff_time(qpi), next(self._seq), qpi.key, qpi))
            self._arm("backoff", BACKOFF_FLUSH_PERIOD, self.flush_backoff_q_completed)
            self.incoming["backoff", event] += 1
            return "backoffQ"
        self._push_active(qpi)
        self.incoming["active", event] += 1
        return "activeQ"

    def flush_backoff_q_completed(self) -> int:
        now, n = self.clock.now(), 0
        while self._backoff_heap and self._backoff_heap[0][0] <= now:
            _, _, key, qpi = heapq.heappop(self._backoff_heap)
            if self._backoff.get(key) is qpi:
                del self._backoff[key]
                self._push_active(qpi)
                n += 1
        if n:
            self.incoming["active", BACKOFF_COMPLETE] += n
        return n

    def flush_unschedulable_pods_leftover(self) -> int:
        now = self.clock.now()
        stale = [q for q in self.unschedulable.values() if now - q.timestamp > self.max_in_unschedulable]
        for qpi in stale:
            del self.unschedulable[qpi.key]
            self._move_to_active_or_backoff(qpi, UNSCHEDULABLE_TIMEOUT)
        return len(stale)

    def _arm(self, name: str, period: float, flush) -> None:
        """Run `flush` on the next tick of a `period` ticker started with the queue, while needed."""
        if name in self._timers:
            return
        now = self.clock.now()
        ticks = int((now - self._start) // period) + 1
        due = self._start + ticks * period

        def fire():
            del self._timers[name]
            flush()
            pending = self._backoff if name == "backoff" else self.unschedulable
            if pending:
                self._arm(name, period, flush)

        self._timers[name] = self.clock.call_at(due, fire)

    # ---- cluster events ----------------------------------------------------------------------------

    def move_all_to_active_or_backoff_queue(self, event: str, old=None, new=None, pre_check=None) -> int:
        """MoveAllToActiveOrBackoffQueue: let the event move the unschedulable pods it may help."""
        moved = 0
        for key, qpi in list(self.unschedulable.items()):
            if pre_check is not None and not pre_check(qpi.pod_info):
                continue
            if self._worth_requeuing(qpi, event, old, new):
                del self.unschedulable[key]
                self._move_to_active_or_backoff(qpi, event)
                moved += 1
        self.move_request_cycle = self.scheduling_cycle
        return moved

    def _worth_requeuing(self, qpi: QueuedPodInfo, event: str, old, new) -> bool:
        if not qpi.unschedulable_plugins or event == UNSCHEDULABLE_TIMEOUT:
            return True
        hints = self.hints.get(event, {})
        for plugin in qpi.unschedulable_plugins:
            if plugin in hints:
                fn = hints[plugin]
                if fn is None or fn(qpi.pod_info, old, new):
                    return True
        return False

    # ---- pod updates and deletes -------------------------------------------------------------------

    def update(self, old: dict | None, new: dict) -> None:
        key = f"{new['metadata'].get('namespace')}/{new['metadata']['name']}"
        for where in (self.in_flight, self._active, self._backoff, self.unschedulable):
            qpi = where.get(key)
            if qpi is None:
                continue
            old_pi = qpi.pod_info
            qpi.pod_info = PodInfo(new)
            self.nominator.update(old_pi, qpi.pod_info)
            if where is self._active:
                self._push_active(qpi)                 # its priority may have changed
            elif where is self.unschedulable and old is not None and _spec_changed(old, new):
                del self.unschedulable[key]
                self._move_to_active_or_backoff(qpi, UNSCHEDULED_POD_UPDATE)
            return
        self.add(new, UNSCHEDULED_POD_UPDATE)

    def delete(self, pod: dict) -> None:
        pi = PodInfo(pod)
        self.nominator.delete(pi)
        self._remove_everywhere(pi.key)

    def _remove_everywhere(self, key: str) -> None:
        self._active.pop(key, None)
        self._entry.pop(key, None)
        self._backoff.pop(key, None)
        self.unschedulable.pop(key, None)

    # ---- introspection ------------------------------------------------------------------------------

    def nominated_pods_for_node(self, node_name: str) -> list[PodInfo]:
        return self.nominator.for_node(node_name)

    def where(self, key: str) -> str | None:
        for name, d in (("activeQ", self._active), ("backoffQ", self._backoff),
                        ("unschedulablePods", self.unschedulable), ("inFlight", self.in_flight)):
            if key in d:
                return name
        return None

    def sizes(self) -> dict[str, int]:
        """Pods waiting in activeQ, backoffQ and among the unschedulable (scheduler_pending_pods)."""
        return {"active": len(self._active), "backoff": len(self._backoff), "unschedulable": len(self.unschedulable)}

    def pending_pods(self) -> dict[str, list[str]]:
        return {"activeQ": sorted(self._active), "backoffQ": sorted(self._backoff),
                "unschedulablePods": sorted(self.unschedulable)}

    def __len__(self):
        return len(self._active) + len(self._backoff) + len(self.unschedulable)

    def __repr__(self):
        return (f"SchedulingQueue(active={len(self._active)}, backoff={len(self._backoff)}, "
                f"unschedulable={len(self.unschedulable)})")
