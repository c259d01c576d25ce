"""Pod helpers shared by the workload controllers: readiness, availability, which pods to delete
first, pods made from a template, and the PodControl that creates/deletes them with Events.

Follows `pkg/api/v1/pod/util.go` (IsPodReady, IsPodAvailable) and
`pkg/controller/controller_utils.go` (IsPodActive, FilterActivePods, ActivePodsWithRanks,
GetPodFromTemplate, RealPodControl with its SuccessfulCreate/FailedCreate/SuccessfulDelete/
FailedDelete events, slowStartBatch, SlowStartInitialBatchSize).

Differences from upstream: pod creates in a batch run one after the other (no goroutines);
the LogarithmicScaleDown comparison uses the controller's clock.
"""

from __future__ import annotations

from k8slab.api.copying import deep_copy

import functools
import math

from ..api.names import parse_rfc3339
from ..apiserver.errors import APIError

SLOW_START_INITIAL_BATCH_SIZE = 1

FAILED_CREATE_POD_REASON = "FailedCreate"
SUCCESSFUL_CREATE_POD_REASON = "SuccessfulCreate"
FAILED_DELETE_POD_REASON = "FailedDelete"
SUCCESSFUL_DELETE_POD_REASON = "SuccessfulDelete"

POD_DELETION_COST = "controller.kubernetes.io/pod-deletion-cost"
_PHASE_ORDINAL = {"Pending": 0, "Unknown": 1, "Running": 2}


def ts(text: str | None) -> float | None:
    """An API timestamp as Unix seconds (None stays None)."""
    return parse_rfc3339(text) if text else None


# ---- readiness and availability (pkg/api/v1/pod/util.go) ------------------------------------

def get_pod_ready_condition(pod: dict) -> dict | None:
    for c in (pod.get("status") or {}).get("conditions") or []:
        if c.get("type") == "Ready":
            return c
    return None


def is_pod_ready(pod: dict) -> bool:
    c = get_pod_ready_condition(pod)
    return c is not None and c.get("status") == "True"


def is_pod_available(pod: dict, min_ready_seconds: int, now: float) -> bool:
    """Ready, and Ready for longer than minReadySeconds (`now` is Unix seconds)."""
    if not is_pod_ready(pod):
        return False
    if not min_ready_seconds:
        return True
    since = ts(get_pod_ready_condition(pod).get("lastTransitionTime"))
    return since is not None and since + min_ready_seconds < now


def is_pod_active(pod: dict) -> bool:
    """Not Succeeded, not Failed, not being deleted: a pod that counts as a replica."""
    phase = (pod.get("status") or {}).get("phase")
    return phase not in ("Succeeded", "Failed") and not pod["metadata"].get("deletionTimestamp")


def is_pod_terminal(pod: dict) -> bool:
    return (pod.get("status") or {}).get("phase") in ("Succeeded", "Failed")


def filter_active_pods(pods: list[dict]) -> list[dict]:
    return [p for p in pods if is_pod_active(p)]


# ---- the pod informer's controllerUID index (AddPodControllerUIDIndexer, FilterPodsByOwner) ----

POD_CONTROLLER_UID_INDEX = "podControllerUID"
ORPHAN_POD_INDEX_KEY = "_ORPHAN_POD"


def _controller_uid_index(pod: dict) -> list[str]:
    for ref in pod["metadata"].get("ownerReferences") or []:
        if ref.get("controller"):
            return [ref.get("uid", "")]
    return [ORPHAN_POD_INDEX_KEY]


def add_pod_controller_uid_indexer(pod_informer) -> None:
    """Index pods by their controller's UID (orphans under one key), once per informer."""
    if POD_CONTROLLER_UID_INDEX not in pod_informer.indexer.indexers:
        pod_informer.indexer.add_indexers({POD_CONTROLLER_UID_INDEX: _controller_uid_index})


def filter_pods_by_owner(indexer, owner: dict, include_orphans: bool = True) -> list[dict]:
    """The pods an owner controls, plus the orphans of its namespace it might adopt."""
    meta = owner["metadata"]
    keys = [meta["uid"]] + ([ORPHAN_POD_INDEX_KEY] if include_orphans else [])
    return [p for key in keys for p in indexer.by_index(POD_CONTROLLER_UID_INDEX, key)
            if p["metadata"].get("namespace") == meta["namespace"]]


# ---- which pods go first when scaling down (ActivePodsWithRanks.Less) --------------------------

def _deletion_cost(pod: dict) -> int:
    try:
        return int((pod["metadata"].get("annotations") or {}).get(POD_DELETION_COST, "0"))
    except ValueError:
        return 0


def _max_restarts(pod: dict) -> int:
    return max([c.get("restartCount", 0) for c in (pod.get("status") or {}).get("containerStatuses") or []],
               default=0)


def _log_rank(t: float, now: float) -> int:
    d = (now - t) * 1e9                  # Go compares nanosecond durations
    return int(math.log2(d)) if d > 0 else -1


def _time_less(t1: float | None, t2: float | None, now: float | None, uid1: str, uid2: str) -> bool:
    """Newer first; zero times first; with LogarithmicScaleDown, same power-of-two age -> by UID."""
    if not t1 or not t2 or now is None:
        if not t1 or not t2:
            return not t1
        return t1 > t2
    diff = _log_rank(t1, now) - _log_rank(t2, now)
    if diff == 0:
        return uid1 < uid2
    return diff < 0


def _less(a: tuple, b: tuple, now: float | None) -> bool:
    pa, ra = a
    pb, rb = b
    na, nb = pa["spec"].get("nodeName") or "", pb["spec"].get("nodeName") or ""
    # 1. unassigned < assigned
    if na != nb and (not na or not nb):
        return not na
    # 2. Pending < Unknown < Running
    oa = _PHASE_ORDINAL.get((pa.get("status") or {}).get("phase"), 0)
    ob = _PHASE_ORDINAL.get((pb.get("status") or {}).get("phase"), 0)
    if oa != ob:
        return oa < ob
    # 3. not ready < ready
    if is_pod_ready(pa) != is_pod_ready(pb):
        return not is_pod_ready(pa)
    # 4. lower pod-deletion-cost < higher
    if _deletion_cost(pa) != _deletion_cost(pb):
        return _deletion_cost(pa) < _deletion_cost(pb)
    # 5. doubled up (more colocated related pods) < not doubled up
    if ra != rb:
        return ra > rb
    # 6. ready for a shorter time < longer
    if is_pod_ready(pa) and is_pod_ready(pb):
        t1 = ts(get_pod_ready_condition(pa).get("lastTransitionTime"))
        t2 = ts(get_pod_ready_condition(pb).get("lastTransitionTime"))
        if t1 != t2:
            return _time_less(t1, t2, now, pa["metadata"].get("uid", ""), pb["metadata"].get("uid", ""))
    # 7. more container restarts < fewer
    if _max_restarts(pa) != _max_restarts(pb):
        return _max_restarts(pa) > _max_restarts(pb)
    # 8. empty creation time < newer < older
    c1, c2 = ts(pa["metadata"].get("creationTimestamp")), ts(pb["metadata"].get("creationTimestamp"))
    if c1 != c2:
        return _time_less(c1, c2, now, pa["metadata"].get("uid", ""), pb["metadata"].get("uid", ""))
    return False


def sort_pods_for_deletion(pods: list[dict], ranks: list[int], now: float | None = None) -> list[dict]:
    """The pods ordered as ActivePodsWithRanks sorts them: the best to delete first."""
    def cmp(a, b):
        return -1 if _less(a, b, now) else (1 if _less(b, a, now) else 0)
    return [p for p, _ in sorted(zip(pods, ranks), key=functools.cmp_to_key(cmp))]


# ---- pods from templates, and the PodControl that writes them --------------------------------

def get_pods_prefix(controller_name: str) -> str:
    """getPodsPrefix: `<controller>-`, used as generateName."""
    return f"{controller_name}-"


def get_pod_from_template(template: dict, parent: dict, controller_ref: dict | None) -> dict:
    """GetPodFromTemplate: labels, annotations, finalizers and spec of the template; the
    parent's name plus `-` as generateName; the controllerRef as the only ownerReference."""
    tmeta = template.get("metadata") or {}
    meta: dict = {"generateName": get_pods_prefix(parent["metadata"]["name"])}
    if tmeta.get("labels"):
        meta["labels"] = dict(tmeta["labels"])
    if tmeta.get("annotations"):
        meta["annotations"] = dict(tmeta["annotations"])
    if tmeta.get("finalizers"):
        meta["finalizers"] = list(tmeta["finalizers"])
    if controller_ref is not None:
        meta["ownerReferences"] = [dict(controller_ref)]
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta,
            "spec": deep_copy(template.get("spec") or {})}


class PodControl:
    """RealPodControl: pod writes through the API, each reported as an Event on the parent."""

    def __init__(self, client, recorder):
        self.client, self.recorder = client, recorder

    def create_pods(self, namespace: str, template: dict, parent: dict, controller_ref: dict) -> dict:
        pod = get_pod_from_template(template, parent, controller_ref)
        return self.create_pod(namespace, pod, parent)

    def create_pod(self, namespace: str, pod: dict, parent: dict) -> dict:
        if not pod["metadata"].get("labels"):
            raise ValueError("unable to create pods, no labels")
        try:
            created = self.client.create(pod, namespace)
        except APIError as err:
            if not _namespace_terminating(err):
                self.recorder.warning(parent, FAILED_CREATE_POD_REASON, f"Error creating: {err.message}")
            raise
        self.recorder.normal(parent, SUCCESSFUL_CREATE_POD_REASON, f"Created pod: {created['metadata']['name']}")
        return created

    def delete_pod(self, namespace: str, name: str, parent: dict) -> None:
        try:
            self.client.delete("v1", "Pod", name, namespace)
        except APIError as err:
            if err.code == 404:
                raise
            self.recorder.warning(parent, FAILED_DELETE_POD_REASON, f"Error deleting: {err.message}")
            raise APIError(err.code, err.reason, f"unable to delete pods: {err.message}", err.details)
        self.recorder.normal(parent, SUCCESSFUL_DELETE_POD_REASON, f"Deleted pod: {name}")

    def patch_pod(self, namespace: str, name: str, patch: dict) -> dict:
        return self.client.patch("v1", "Pod", name, patch, namespace,
                                 patch_type="application/strategic-merge-patch+json")


def _namespace_terminating(err: APIError) -> bool:
    causes = (err.details or {}).get("causes") or []
    return any(c.get("reason") == "NamespaceTerminating" for c in causes)


def slow_start_batch(count: int, initial_batch_size: int, fn) -> tuple[int, Exception | None]:
    """slowStartBatch: call fn in batches of 1, 2, 4, ... and stop after the first batch with an
    error, so a controller that cannot create pods (quota, admission) fails once, not N times.
    Returns (successes, the first error)."""
    remaining = count
    successes = 0
    batch_size = min(remaining, initial_batch_size)
    while batch_size > 0:
        first_err = None
        for _ in range(batch_size):
            try:
                fn()
                successes += 1
            except Exception as err:     # noqa: BLE001 -- the batch keeps going, as goroutines would
                first_err = first_err or err
        if first_err is not None:
            return successes, first_err
        remaining -= batch_size
        batch_size = min(2 * batch_size, remaining)
    return successes, None
