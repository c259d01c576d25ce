"""The shape every controller here shares: informer handlers enqueue keys, one `sync(key)` does
the work, a rate-limited work queue retries failures.

Follows the worker loop the controllers of `pkg/controller/` repeat (e.g. replica_set.go
`worker`/`processNextWorkItem`, deployment_controller.go `handleErr` with maxRetries = 15) and
client-go's `util/workqueue`. A controller subclass sets its names, registers handlers in
`setup()`, and implements `sync(key)`:

    class Foo(Controller):
        name, queue_name, component = "foo-controller", "foo", "foo-controller"
        def setup(self):
            inf = self.informer("v1", "configmaps")
            inf.add_event_handler(on_add=self.enqueue, on_update=lambda old, new: self.enqueue(new))
        def sync(self, key): ...

The shared helpers live beside this module and are re-exported here: expectations
(`expectations.py`), owner references and claiming (`ref_manager.py`), pod readiness,
ranking and PodControl (`pod_util.py`), template hashes (`hashing.py`).

Differences from upstream: no worker goroutines; `process()` drains the keys queued when it
was called (keys re-added meanwhile wait for the next round, after the informers caught up).
A failed sync is remembered in `errors` (what `utilruntime.HandleError` would log).
"""

from __future__ import annotations

import logging
import math
import random

from ..apiserver.errors import APIError
from ..client.events import EventRecorder
from ..client.informers import DeletedFinalStateUnknown, meta_namespace_key, split_key
from ..client.workqueue import RateLimitingQueue
from .errors import ControllerError
from .expectations import (EXPECTATIONS_TIMEOUT, ControllerExpectations,
                           UIDTrackingControllerExpectations)
from .hashing import compute_hash
from .pod_util import (PodControl, filter_active_pods, is_pod_active, is_pod_available,
                       is_pod_ready, slow_start_batch, sort_pods_for_deletion)
from .ref_manager import (ControllerRefManager, fresh_getter, get_controller_of,
                          new_controller_ref, recheck_deletion_timestamp)

__all__ = ["Controller", "ControllerError", "update_status", "scaled_value", "round_half_away", "with_kind",
           "new_condition", "EXPECTATIONS_TIMEOUT", "ControllerExpectations", "UIDTrackingControllerExpectations",
           "compute_hash", "PodControl", "filter_active_pods", "is_pod_active", "is_pod_available", "is_pod_ready",
           "slow_start_batch", "sort_pods_for_deletion", "ControllerRefManager", "fresh_getter", "get_controller_of",
           "new_controller_ref", "recheck_deletion_timestamp"]

log = logging.getLogger("k8slab.controllers")

MAX_ERRORS_KEPT = 100


class Controller:
    """One control loop: a rate-limited queue of keys and the `sync` that reconciles a key."""

    name = ""              # the --controllers name, as upstream's names package spells it
    queue_name = ""        # the work queue's name (the `name` label of workqueue_* metrics)
    component = ""         # the Events' source component
    max_retries: int | None = None   # None: retry forever, as most upstream controllers do
    seed_offset = 0        # this controller's own random stream: seed * 1000 + offset

    def start(self, cluster) -> None:
        self.cluster = cluster
        self.client = cluster.client
        self.clock = cluster.clock
        self.informers = cluster.informers
        self.profile = getattr(cluster.api, "profile", "current")
        self.queue = RateLimitingQueue(cluster.clock, name=self.queue_name or self.name)
        self.recorder = EventRecorder(cluster.client, cluster.clock, self.component or self.name)
        self.rng = random.Random(cluster.seed * 1000 + self.seed_offset)
        self.errors: list[tuple[str, Exception]] = []
        self.syncs = 0
        self.retries = 0                    # workqueue_retries_total
        self.setup()

    def setup(self) -> None:
        """Create informers, listers and handlers (subclasses)."""

    def sync(self, key: str) -> None:
        raise NotImplementedError

    # ---- queue helpers (what handlers call) ---------------------------------------------------

    def informer(self, api_version: str, plural: str):
        return self.informers.informer(api_version, plural)

    @staticmethod
    def key_of(obj) -> str:
        return meta_namespace_key(obj)

    def enqueue(self, obj) -> None:
        self.queue.add(self.key_of(obj))

    def enqueue_after(self, obj, seconds: float) -> None:
        self.queue.add_after(self.key_of(obj), seconds)


    def requeue_for_pod_update(self, old: dict, cur: dict, candidates) -> None:
        """The shared body of the ReplicaSet, DaemonSet and StatefulSet updatePod handlers
        (replica_set.go updatePod): wake the old controller if the pod changed hands, the current
        one (again once the pod has been ready for minReadySeconds, to count it available), and
        for an orphan whose labels or owner changed, every `candidates(pod)` that may adopt it."""
        cur_ref, old_ref = get_controller_of(cur), get_controller_of(old)
        ref_changed = cur_ref != old_ref
        ns = cur["metadata"]["namespace"]
        if ref_changed and old_ref is not None:
            owner = self.resolve_controller_ref(ns, old_ref)
            if owner is not None:
                self.enqueue(owner)
        if cur_ref is not None:
            owner = self.resolve_controller_ref(ns, cur_ref)
            if owner is None:
                return
            self.enqueue(owner)
            mrs = (owner.get("spec") or {}).get("minReadySeconds") or 0
            if not is_pod_ready(old) and is_pod_ready(cur) and mrs > 0:
                self.enqueue_after(owner, mrs + 1)
            return
        if cur["metadata"].get("labels") != old["metadata"].get("labels") or ref_changed:
            for owner in candidates(cur):
                self.enqueue(owner)
    def enqueue_rate_limited(self, obj) -> None:
        self.queue.add_rate_limited(self.key_of(obj))

    @staticmethod
    def unwrap(obj):
        """A delete handler's argument: the object, or the last state a tombstone carried."""
        return obj.obj if isinstance(obj, DeletedFinalStateUnknown) else obj

    @staticmethod
    def split_key(key: str) -> tuple[str | None, str]:
        return split_key(key)

    def now(self) -> float:
        """Unix seconds on the cluster's clock (what metav1.Now() gives upstream)."""
        return self.clock.time()

    # ---- the worker ---------------------------------------------------------------------------

    def process(self) -> int:
        """Sync each key queued now; return how many were synced."""
        n = 0
        for _ in range(len(self.queue)):
            key = self.queue.get()
            if key is None:
                break
            self.process_next_work_item(key)
            n += 1
        return n

    def process_next_work_item(self, key: str) -> None:
        try:
            self.syncs += 1
            self.sync(key)
        except Exception as err:                      # noqa: BLE001 -- a controller never dies
            self.handle_err(key, err)
        else:
            self.queue.forget(key)
        finally:
            self.queue.done(key)

    def handle_err(self, key: str, err: Exception) -> None:
        self.errors.append((key, err))
        del self.errors[:-MAX_ERRORS_KEPT]
        if not isinstance(err, (APIError, ControllerError)):
            log.warning("%s: sync %r failed", self.name, key, exc_info=err)
        if self.max_retries is None or self.queue.num_requeues(key) < self.max_retries:
            self.retries += 1
            self.queue.add_rate_limited(key)
        else:
            self.queue.forget(key)                    # dropped out of the queue

    def __repr__(self):
        return f"{type(self).__name__}(queue={len(self.queue) if hasattr(self, 'queue') else '-'})"


def update_status(client, obj: dict) -> dict:
    """UpdateStatus: PUT the object to its /status subresource."""
    res = client._resource(obj["apiVersion"], obj["kind"])
    meta = obj["metadata"]
    return client._call("PUT", res.path(meta.get("namespace"), meta["name"]) + "/status", None, obj)


def scaled_value(value, total: int, round_up: bool) -> int:
    """intstr.GetScaledValueFromIntOrPercent: an int, or "25%" of total rounded up or down."""
    if value is None:
        return 0
    if isinstance(value, int):
        return value
    text = str(value)
    if not text.endswith("%"):
        try:
            return int(text)
        except ValueError:
            raise ControllerError("invalid value for IntOrString: invalid type: string is not a percentage")
    pct = int(text[:-1])
    exact = pct * total / 100
    return math.ceil(exact) if round_up else math.floor(exact)


def round_half_away(x: float) -> int:
    """math.Round (Go): halves away from zero, unlike Python's round()."""
    return int(math.floor(x + 0.5)) if x >= 0 else -int(math.floor(-x + 0.5))


def with_kind(obj: dict, api_version: str, kind: str) -> dict:
    """A copy carrying apiVersion/kind (list items and informer objects may lack them)."""
    out = dict(obj)
    out["apiVersion"], out["kind"] = api_version, kind
    return out


def new_condition(type_: str, status: str, reason: str, message: str, now_text: str) -> dict:
    return {"type": type_, "status": status, "lastTransitionTime": now_text, "reason": reason,
            "message": message}
