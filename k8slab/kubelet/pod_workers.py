"""Pod workers: one state machine per pod, syncing it until it has terminated.

Follows `pkg/kubelet/pod_workers.go` (each pod is syncing, then terminating, then terminated; a
deleted pod's containers are stopped with its grace period before it is forgotten; a sync that
failed is retried after the worker back-off of 10 s; events that arrive while a sync is busy are
coalesced into one more sync) and `pkg/kubelet/kubelet.go` (SyncPod: start probing, run the
containers, report the status; a pod whose phase became Succeeded or Failed is terminal;
SyncTerminatingPod: kill the containers, report the final status; SyncTerminatedPod).

Work arrives as pod UIDs in a queue: from the API (the pod was bound here, changed or deleted),
from the runtime's container events (the PLEG), from probe results and from timers. Handlers only
enqueue; `sync(uid)` does the work.

Differences from upstream: no goroutines (one queue drained by `process()`); a failed sync is
retried exactly when its back-off ends (at most after 10 s) rather than on a jittered timer; no
periodic resync of healthy pods; no pod admission (resource fit) on the node.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..client.workqueue import WorkQueue
from . import cri
from .backoff import BACKOFF_PERIOD
from .container import get_pod_status
from .status import generate_api_pod_status

SYNCING, TERMINATING, TERMINATED = "syncing", "terminating", "terminated"


@dataclass
class PodWorker:
    uid: str
    pod: dict
    static: bool = False
    state: str = SYNCING
    deleted: bool = False          # gone from the API (or its manifest removed)
    started: bool = False
    busy: bool = False             # waiting for a pull or a stop
    dirty: bool = False            # something happened while busy: sync once more
    timer: object = None


def _spec_view(pod: dict) -> tuple:
    meta = pod["metadata"]
    return (pod.get("spec"), meta.get("deletionTimestamp"), meta.get("deletionGracePeriodSeconds"),
            meta.get("labels"), meta.get("annotations"))


class PodWorkers:
    """The pods this kubelet runs, and the queue that drives their syncs."""

    def __init__(self, kubelet):
        self.k = kubelet
        self.workers: dict[str, PodWorker] = {}
        self.queue = WorkQueue(f"podworkers/{kubelet.node_name}")
        self.syncs = 0

    # ---- what the config sources and the PLEG call ---------------------------------------------

    def update_pod(self, pod: dict, static: bool = False) -> None:
        uid = pod["metadata"]["uid"]
        w = self.workers.get(uid)
        if w is None:
            w = self.workers[uid] = PodWorker(uid, pod, static)
            phase = (pod.get("status") or {}).get("phase")
            if phase in ("Succeeded", "Failed") and not static:
                w.state = TERMINATED                      # finished before this kubelet saw it
                self.k.status_manager.adopt(pod)
                return
            self.enqueue(uid)
            return
        old, w.pod = w.pod, pod
        pods = self.k.status_manager.pods
        if uid in pods:
            pods[uid] = pod                 # hold the current object, not a superseded copy
        if _spec_view(old) != _spec_view(pod):
            self.enqueue(uid)

    def remove_pod(self, pod: dict) -> None:
        w = self.workers.get(pod["metadata"]["uid"])
        if w is not None:
            w.deleted = True
            self.enqueue(w.uid)

    def enqueue(self, uid: str, delay: float = 0.0, external: bool = True) -> None:
        w = self.workers.get(uid)
        if w is None:
            return
        if delay > 0:
            when = self.k.clock.now() + delay
            if w.timer is not None and not w.timer.cancelled and w.timer.when <= when:
                return
            if w.timer is not None:
                w.timer.cancel()
            w.timer = self.k.clock.call_at(when, lambda: self.enqueue(uid, external=False))
            return
        if w.busy and external:
            w.dirty = True
        self.queue.add(uid)

    def process(self) -> int:
        n = 0
        while True:
            uid = self.queue.get()
            if uid is None:
                return n
            try:
                self.sync(uid)
            finally:
                self.queue.done(uid)
            n += 1

    # ---- views for the prober and the server ------------------------------------------------------

    def pod_of(self, uid: str) -> dict | None:
        w = self.workers.get(uid)
        return w.pod if w is not None else None

    def latest_container(self, uid: str, name: str) -> cri.ContainerStatus | None:
        found = self.k.runtime.list_containers(cri.ContainerFilter(label_selector={
            cri.POD_UID_LABEL: uid, cri.CONTAINER_NAME_LABEL: name}))
        if not found:
            return None
        newest = max(found, key=lambda c: (c.created_at, c.metadata.attempt))
        return self.k.runtime.container_status(newest.id)

    def pod_ip(self, uid: str) -> str:
        ips = get_pod_status(self.k.runtime, uid).ips
        return ips[0] if ips else ""

    # ---- the sync ---------------------------------------------------------------------------------

    def _status(self, w: PodWorker):
        meta = w.pod["metadata"]
        return get_pod_status(self.k.runtime, w.uid, meta["name"], meta.get("namespace", ""))

    def _generate(self, w: PodWorker, status, terminal: bool) -> dict:
        k = self.k
        old = k.status_manager.get(w.uid) or (w.pod.get("status") or {})
        return generate_api_pod_status(
            w.pod, status, reasons=k.runtime_manager.reasons.get(w.uid, {}),
            probe=lambda name, cid: k.probes.status_of(w.uid, name, cid), runtime_name=k.runtime_name,
            sandbox_ready=bool(status.ips) or any(s.state == cri.SANDBOX_READY for s in status.sandbox_statuses),
            terminal=terminal, old_status=old, host_ip=k.node_ip, now=k.clock.time())

    def sync(self, uid: str) -> None:
        w = self.workers.get(uid)
        if w is None:
            return
        self.syncs += 1
        k, rm = self.k, self.k.runtime_manager
        if w.state == TERMINATED:
            if w.deleted:
                self._cleanup(w)
            elif w.pod["metadata"].get("deletionTimestamp") and not w.static:
                k.status_manager.terminated(w.pod)
            return
        if w.deleted or w.pod["metadata"].get("deletionTimestamp"):
            w.state = TERMINATING
        if w.state == TERMINATING:
            done = rm.kill_pod(w.pod, self._status(w))
            api_status = self._generate(w, self._status(w), terminal=done)
            if not w.deleted:
                k.status_manager.set_pod_status(w.pod, api_status)
            if done:
                w.state = TERMINATED
                k.probes.remove_pod(uid)
                if w.deleted:
                    self._cleanup(w)
                else:
                    k.status_manager.terminated(w.pod)
            return
        if not w.started:
            w.started = True
            k.probes.add_pod(w.pod)
        if w.static:
            k.static_pods.ensure_mirror(w.pod)
        res = rm.sync_pod(w.pod, self._status(w), w)
        api_status = self._generate(w, self._status(w), terminal=False)
        if api_status["phase"] in ("Succeeded", "Failed"):
            rm.kill_pod(w.pod, self._status(w))
            api_status = self._generate(w, self._status(w), terminal=True)
            w.state = TERMINATED
            k.probes.remove_pod(uid)
        k.status_manager.set_pod_status(w.pod, api_status)
        w.busy = res.busy
        if res.error and w.state == SYNCING:
            if w.dirty:
                w.dirty = False
                self.enqueue(uid, external=False)
            else:
                delay = BACKOFF_PERIOD
                if res.retry_at is not None:
                    delay = min(delay, max(0.0, res.retry_at - k.clock.now()))
                self.enqueue(uid, delay, external=False)
        elif not res.busy:
            w.dirty = False

    def _cleanup(self, w: PodWorker) -> None:
        """SyncTerminatedPod for a pod that is gone: remove its sandbox and containers."""
        k = self.k
        if w.static:
            k.static_pods.delete_mirror(w.pod)
        for sb in k.runtime.list_pod_sandbox({cri.POD_UID_LABEL: w.uid}):
            k.runtime.remove_pod_sandbox(sb.id)
        if w.timer is not None:
            w.timer.cancel()
        k.runtime_manager.forget_pod(w.uid)
        k.images.forget_pod(w.uid)
        k.status_manager.forget(w.uid)
        k.probes.remove_pod(w.uid)
        del self.workers[w.uid]

    def __repr__(self):
        states = [w.state for w in self.workers.values()]
        return (f"PodWorkers({len(states)} pods: {states.count(SYNCING)} syncing, "
                f"{states.count(TERMINATING)} terminating, {states.count(TERMINATED)} terminated)")
