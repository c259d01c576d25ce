"""Which pod a command means when it is given a workload: `logs deploy/x`, `port-forward svc/x`.

Follows `staging/src/k8s.io/kubectl/pkg/polymorphichelpers/` (helpers.go: SelectorsForObject
and GetFirstPod, a list with the selector, sorted, the first taken, or a watch until a pod appears
within `--pod-running-timeout`; attachablepodforobject.go: the most active pod, ActivePods
reversed) and `staging/src/k8s.io/kubectl/pkg/util/podutils/podutils.go` (ByLogging and
ActivePods orders, IsPodReady, the Ready condition's transition time).

    namespace, selector = selectors_for_object(obj)          # ValueError with upstream's text
    pod, count = get_first_pod(session, namespace, selector, timeout, by_logging)

Differences from upstream: the watch for a first pod is bounded by the server's timeoutSeconds
rather than a client-side context (the same timeout).
"""

from __future__ import annotations

import functools
import time

from .client import ACCEPT_JSON
from .mutation import Failure
from ..api.printers.common import label_selector_string

WITH_SPEC_SELECTOR = {"Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job"}
WITH_MAP_SELECTOR = {"ReplicationController"}


def go_type(obj: dict) -> str:
    """`*v1.ConfigMap`: how `%T` names a typed object in kubectl's messages."""
    version = (obj.get("apiVersion") or "v1").rpartition("/")[2]
    return f"*{version}.{obj.get('kind', '')}"


def selectors_for_object(obj: dict) -> tuple[str, str]:
    """(namespace, selector string) of a workload or service; ValueError for other kinds."""
    kind = obj.get("kind", "")
    meta, spec = obj.get("metadata") or {}, obj.get("spec") or {}
    namespace = meta.get("namespace", "")
    if kind in WITH_SPEC_SELECTOR:
        text = label_selector_string(spec.get("selector"))
        if text is None:
            raise ValueError("invalid label selector")
        return namespace, text
    if kind in WITH_MAP_SELECTOR:
        return namespace, _map_selector(spec.get("selector"))
    if kind == "Service":
        if not spec.get("selector"):
            raise ValueError(f"invalid service '{meta.get('name', '')}': Service is defined without a selector")
        return namespace, _map_selector(spec.get("selector"))
    raise ValueError(f"selector for {go_type(obj)} not implemented")


def _map_selector(selector: dict | None) -> str:
    """labels.SelectorFromSet(...).String(): `k=v` sorted by key."""
    return ",".join(f"{k}={v}" for k, v in sorted((selector or {}).items()))


# ---- pod orders (podutils.go) ----------------------------------------------------------------

def is_pod_ready(pod: dict) -> bool:
    return _ready_condition(pod).get("status") == "True"


def _ready_condition(pod: dict) -> dict:
    for c in (pod.get("status") or {}).get("conditions") or []:
        if c.get("type") == "Ready":
            return c
    return {}


def _ready_time(pod: dict) -> str:
    return _ready_condition(pod).get("lastTransitionTime") or "" if is_pod_ready(pod) else ""


def _max_restarts(pod: dict) -> int:
    return max([c.get("restartCount", 0) for c in (pod.get("status") or {}).get("containerStatuses") or []] or [0])


def _after_or_zero(t1: str, t2: str) -> bool:
    """afterOrZero: a zero time counts as after everything. RFC 3339 texts in UTC compare as strings."""
    if not t1 or not t2:
        return not t1
    return t1 > t2


def _node(pod):
    return (pod.get("spec") or {}).get("nodeName") or ""


def _phase(pod):
    return (pod.get("status") or {}).get("phase") or ""


def _created(pod):
    return (pod.get("metadata") or {}).get("creationTimestamp") or ""


def by_logging_less(a: dict, b: dict) -> bool:
    """ByLogging: assigned, running, ready, ready longer, more restarts, older first."""
    if _node(a) != _node(b) and (not _node(a) or not _node(b)):
        return bool(_node(a))
    rank = {"Running": 0, "Unknown": 1, "Pending": 2}
    if rank.get(_phase(a), 0) != rank.get(_phase(b), 0):
        return rank.get(_phase(a), 0) < rank.get(_phase(b), 0)
    if is_pod_ready(a) != is_pod_ready(b):
        return is_pod_ready(a)
    if is_pod_ready(a) and is_pod_ready(b) and _ready_time(a) != _ready_time(b):
        return _after_or_zero(_ready_time(b), _ready_time(a))
    if _max_restarts(a) != _max_restarts(b):
        return _max_restarts(a) > _max_restarts(b)
    if _created(a) != _created(b):
        return _after_or_zero(_created(b), _created(a))
    return False


def active_pods_less(a: dict, b: dict) -> bool:
    """ActivePods: unassigned, pending, not ready, ready shorter, more restarts, newer first."""
    if _node(a) != _node(b) and (not _node(a) or not _node(b)):
        return not _node(a)
    rank = {"Pending": 0, "Unknown": 1, "Running": 2}
    if rank.get(_phase(a), 0) != rank.get(_phase(b), 0):
        return rank.get(_phase(a), 0) < rank.get(_phase(b), 0)
    if is_pod_ready(a) != is_pod_ready(b):
        return not is_pod_ready(a)
    if is_pod_ready(a) and is_pod_ready(b) and _ready_time(a) != _ready_time(b):
        return _after_or_zero(_ready_time(a), _ready_time(b))
    if _max_restarts(a) != _max_restarts(b):
        return _max_restarts(a) > _max_restarts(b)
    if _created(a) != _created(b):
        return _after_or_zero(_created(a), _created(b))
    return False


def by_logging(pods: list[dict]) -> list[dict]:
    return _sorted(pods, by_logging_less)


def most_active_first(pods: list[dict]) -> list[dict]:
    """sort.Reverse(ActivePods): what attach, exec and port-forward pick from a workload."""
    return _sorted(pods, lambda a, b: active_pods_less(b, a))


def _sorted(pods: list[dict], less) -> list[dict]:
    # sort.Sort on so few pods is an insertion sort: stable, like Python's
    return sorted(pods, key=functools.cmp_to_key(lambda a, b: -1 if less(a, b) else (1 if less(b, a) else 0)))


# ---- GetFirstPod ------------------------------------------------------------------------------

def get_first_pod(session, namespace: str, selector: str, timeout: float, order) -> tuple[dict, int]:
    """(the first pod in `order`, how many matched); waits up to `timeout` seconds for one."""
    path = f"/api/v1/namespaces/{namespace}/pods"
    page = session.client.get(path, {"labelSelector": selector}, accept=ACCEPT_JSON)
    items = page.get("items") or []
    if items:
        return order(items)[0], len(items)
    rv = (page.get("metadata") or {}).get("resourceVersion", "")
    deadline = time.monotonic() + timeout
    query = {"labelSelector": selector, "resourceVersion": rv, "watch": "true",
             "timeoutSeconds": str(max(1, int(timeout)))}
    for event in session.client.watch(path, query):
        if event.get("type") == "ADDED":
            return event.get("object") or {}, 1
        if time.monotonic() > deadline:
            break
    raise Failure("timed out waiting for the condition")


def pod_for_object(session, obj: dict, timeout: float, what: str) -> dict:
    """attachablePodForObject: a pod as is, else the most active pod its selector matches.
    `what` words the error (`cannot attach to *v1.ConfigMap: ...`)."""
    if obj.get("kind") == "Pod":
        return obj
    try:
        namespace, selector = selectors_for_object(obj)
    except ValueError as e:
        raise Failure(f"cannot {what} {go_type(obj)}: {e}") from None
    pod, _ = get_first_pod(session, namespace, selector, timeout, most_active_first)
    return pod
