"""What a pod costs: its effective requests and limits, its QoS class, and its quota usage.

Follows `staging/src/k8s.io/component-helpers/resource/helpers.go` (PodRequests, PodLimits,
AggregateContainerRequests/Limits: the containers' sum plus sidecars, at least each init container
plus the sidecars started before it, plus the pod overhead), `pkg/apis/core/v1/helper/qos/qos.go`
(GetPodQOS) and `pkg/quota/v1/evaluator/core/pods.go` (podComputeUsageHelper, PodUsageFunc,
QuotaV1Pod, the scope functions, Constraints).

Differences from upstream: pod-level resources (alpha) and in-place resize are not considered.
"""

from __future__ import annotations

from ..api.names import parse_rfc3339
from .resources import add_quantity, parse_list, qty

POD_OBJECT_COUNT = "count/pods"
POD_RESOURCES = (POD_OBJECT_COUNT, "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory",
                 "requests.ephemeral-storage", "limits.cpu", "limits.memory", "limits.ephemeral-storage", "pods")
POD_RESOURCE_PREFIXES = ("hugepages-", "requests.hugepages-")
# the resources a container must state when a quota tracks them (a historical mistake upstream keeps)
VALIDATION_SET = ("cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory")
NATIVE_PREFIX = "kubernetes.io/"


def _add_into(total: dict, rl: dict) -> None:
    for k, v in rl.items():
        total[k] = add_quantity(total[k], v) if k in total else v


def _max_into(total: dict, rl: dict) -> None:
    for k, v in rl.items():
        if k not in total or v.value > total[k].value:
            total[k] = v


def _aggregate(pod: dict, field: str) -> dict:
    spec = pod.get("spec") or {}
    total: dict = {}
    for c in spec.get("containers") or []:
        _add_into(total, parse_list((c.get("resources") or {}).get(field)))
    sidecars: dict = {}
    init_max: dict = {}
    for c in spec.get("initContainers") or []:
        own = parse_list((c.get("resources") or {}).get(field))
        if c.get("restartPolicy") == "Always":
            _add_into(total, own)
            _add_into(sidecars, own)
            this = dict(sidecars)
        else:
            this = dict(own)
            _add_into(this, sidecars)
        _max_into(init_max, this)
    _max_into(total, init_max)
    return total


def pod_requests(pod: dict) -> dict:
    """PodRequests: {resource: Quantity}."""
    reqs = _aggregate(pod, "requests")
    _add_into(reqs, parse_list((pod.get("spec") or {}).get("overhead")))
    return reqs


def pod_limits(pod: dict) -> dict:
    """PodLimits: the overhead is added only to the limits that are set."""
    limits = _aggregate(pod, "limits")
    for k, v in parse_list((pod.get("spec") or {}).get("overhead")).items():
        if k in limits:
            limits[k] = add_quantity(limits[k], v)
    return limits


def pod_qos(pod: dict) -> str:
    """GetPodQOS: BestEffort, Burstable or Guaranteed (cpu and memory only)."""
    spec = pod.get("spec") or {}
    requests: dict = {}
    limits: dict = {}
    guaranteed = True
    for c in (spec.get("containers") or []) + (spec.get("initContainers") or []):
        res = c.get("resources") or {}
        for k, v in parse_list(res.get("requests")).items():
            if k in ("cpu", "memory") and v.value != 0:
                requests[k] = add_quantity(requests[k], v) if k in requests else v
        found = set()
        for k, v in parse_list(res.get("limits")).items():
            if k in ("cpu", "memory") and v.value != 0:
                found.add(k)
                limits[k] = add_quantity(limits[k], v) if k in limits else v
        if found != {"cpu", "memory"}:
            guaranteed = False
    if not requests and not limits:
        return "BestEffort"
    if guaranteed and all(k in limits and limits[k].value == v.value for k, v in requests.items()) \
            and len(requests) == len(limits):
        return "Guaranteed"
    return "Burstable"


def _is_extended(name: str) -> bool:
    """helper.IsExtendedResourceName: a qualified name outside kubernetes.io/ and not requests.*."""
    return "/" in name and NATIVE_PREFIX not in name and not name.startswith("requests.")


def compute_usage(requests: dict, limits: dict) -> dict:
    """podComputeUsageHelper."""
    out = {"pods": qty(1)}
    for res in ("cpu", "memory", "ephemeral-storage"):
        if res in requests:
            out[res] = requests[res]
            out[f"requests.{res}"] = requests[res]
        if res in limits:
            out[f"limits.{res}"] = limits[res]
    for k, v in requests.items():
        if k.startswith("hugepages-"):
            out[k] = v
            out["requests." + k] = v
        if _is_extended(k):
            out["requests." + k] = v
    return out


def quota_v1_pod(pod: dict, now: float) -> bool:
    """QuotaV1Pod: a pod counts until it is terminal or its deletion grace period has run out."""
    status = pod.get("status") or {}
    if status.get("phase") in ("Failed", "Succeeded"):
        return False
    meta = pod.get("metadata") or {}
    if meta.get("deletionTimestamp") and meta.get("deletionGracePeriodSeconds") is not None:
        if now > parse_rfc3339(meta["deletionTimestamp"]) + meta["deletionGracePeriodSeconds"]:
            return False
    return True


def pod_usage(pod: dict, now: float) -> dict:
    """PodUsageFunc: count/pods always; the compute resources while the pod counts."""
    out = {POD_OBJECT_COUNT: qty(1)}
    if not quota_v1_pod(pod, now):
        return out
    for k, v in compute_usage(pod_requests(pod), pod_limits(pod)).items():
        out[k] = add_quantity(out[k], v) if k in out else v
    return out


def is_terminating(pod: dict) -> bool:
    ads = (pod.get("spec") or {}).get("activeDeadlineSeconds")
    return ads is not None and ads >= 0


def matches_scope(selector: dict, pod: dict) -> bool:
    """podMatchesScopeFunc for one scope selector requirement."""
    scope = selector.get("scopeName")
    if scope == "Terminating":
        return is_terminating(pod)
    if scope == "NotTerminating":
        return not is_terminating(pod)
    if scope == "BestEffort":
        return pod_qos(pod) == "BestEffort"
    if scope == "NotBestEffort":
        return pod_qos(pod) != "BestEffort"
    if scope == "PriorityClass":
        return _matches_priority_class(selector, (pod.get("spec") or {}).get("priorityClassName") or "")
    if scope == "CrossNamespacePodAffinity":
        return _cross_namespace_affinity(pod)
    return False


def _matches_priority_class(selector: dict, name: str) -> bool:
    """ScopedResourceSelectorRequirementsAsSelector over the label {PriorityClass: name}."""
    op, values = selector.get("operator"), selector.get("values") or []
    if op == "In":
        return bool(name) and name in values
    if op == "NotIn":
        return not name or name not in values
    if op == "Exists":
        return bool(name)
    if op == "DoesNotExist":
        return not name
    return False


def _cross_namespace_affinity(pod: dict) -> bool:
    affinity = (pod.get("spec") or {}).get("affinity") or {}
    for kind in ("podAffinity", "podAntiAffinity"):
        a = affinity.get(kind) or {}
        terms = list(a.get("requiredDuringSchedulingIgnoredDuringExecution") or [])
        terms += [w.get("podAffinityTerm") or {} for w in a.get("preferredDuringSchedulingIgnoredDuringExecution") or []]
        if any(t.get("namespaces") or t.get("namespaceSelector") is not None for t in terms):
            return True
    return False


def constraints(required: list[str], pod: dict) -> str | None:
    """Constraints: every container must state the cpu/memory resources a matching quota tracks;
    the message upstream wraps in `failed quota: <name>: ...`, or None."""
    required_set = set(required) & set(VALIDATION_SET)
    missing: dict[str, set] = {}
    spec = pod.get("spec") or {}
    for c in (spec.get("containers") or []) + (spec.get("initContainers") or []):
        res = c.get("resources") or {}
        have = set(compute_usage(parse_list(res.get("requests")), parse_list(res.get("limits"))))
        for r in required_set - have:
            missing.setdefault(r, set()).add(c.get("name", ""))
    if not missing:
        return None
    return "must specify " + "; ".join(f"{r} for: {','.join(sorted(missing[r]))}" for r in sorted(missing))
