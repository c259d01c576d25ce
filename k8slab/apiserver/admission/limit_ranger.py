"""LimitRanger: the LimitRanges of a namespace give its pods default requests and limits, and
refuse pods and claims outside their min, max and maxLimitRequestRatio.

Follows `plugin/pkg/admission/limitranger/admission.go`: Admit (PodMutateLimitFunc:
defaultContainerResourceRequirements, mergeContainerResources, the `kubernetes.io/limit-ranger`
annotation `LimitRanger plugin set: cpu, memory request for container nginx; ...`) and Validate
(PodValidateLimitFunc for the Container and Pod types, PersistentVolumeClaimValidateLimitFunc;
minConstraint, maxConstraint, maxRequestConstraint, limitRequestRatioConstraint and their
messages, joined as utilerrors.NewAggregate prints them: one as itself, several as `[a, b]`).
Pods are handled on create only (their containers cannot change), claims on create and update;
objects being deleted are let through.

Differences from upstream: Go ranges over the min/max/ratio maps in random order, so the order of
several messages varies there; here it is the resource names' sorted order.
"""

from __future__ import annotations

import math

from ...api.validation.quantity import Quantity
from ...quota.pods import pod_limits, pod_requests
from ...quota.resources import parse_list
from .patches import escape, set_field
from .watched import WatchedObjects

LIMIT_RANGER_ANNOTATION = "kubernetes.io/limit-ranger"
MAX_MILLI_VALUE = (2 ** 63 - 1) // 1000          # resource.MaxMilliValue


class LimitRanger:
    name = "LimitRanger"
    resources = {("", "pods"), ("", "persistentvolumeclaims")}
    operations = ("CREATE", "UPDATE")

    def __init__(self, registry):
        self.registry = registry
        self._limit_ranges = None

    def limit_ranges(self, namespace: str) -> list[dict]:
        """GetLimitRanges: the namespace's LimitRanges (a dict lookup when it has none)."""
        if self._limit_ranges is None:
            self._limit_ranges = WatchedObjects(self.registry.store, self.registry.table.get("", "v1", "limitranges"))
        return self._limit_ranges.list(namespace)

    def _items(self, a) -> list[dict]:
        """SupportsAttributes, the deletion check, then the LimitRanges to apply."""
        if a.res.plural == "pods" and a.operation == "UPDATE":
            return []
        if a.old is not None and (a.old.get("metadata") or {}).get("deletionTimestamp"):
            return []
        return self.limit_ranges(a.namespace or "")

    def admit(self, a) -> list:
        ops: list = []
        if a.res.plural != "pods":
            return ops
        for lr in self._items(a):
            merge_pod_resource_requirements(a.obj, default_container_resource_requirements(lr), ops)
        return ops

    def validate(self, a) -> None:
        for lr in self._items(a):
            if a.res.plural == "pods":
                errs = pod_validate_limit(lr, a.obj)
            else:
                errs = pvc_validate_limit(lr, a.obj)
            msg = aggregate(errs)
            if msg:
                raise a.forbidden(msg)


def aggregate(errs: list[str]) -> str:
    """utilerrors.NewAggregate(errs).Error(): duplicates dropped, several in brackets."""
    seen: list[str] = []
    for e in errs:
        if e not in seen:
            seen.append(e)
    if not seen:
        return ""
    return seen[0] if len(seen) == 1 else "[" + ", ".join(seen) + "]"


# ---- defaults ---------------------------------------------------------------------------------

def default_container_resource_requirements(lr: dict) -> tuple[dict, dict]:
    """(requests, limits) from the Container items' defaultRequest and default."""
    requests, limits = {}, {}
    for item in (lr.get("spec") or {}).get("limits") or []:
        if item.get("type") == "Container":
            requests.update(item.get("defaultRequest") or {})
            limits.update(item.get("default") or {})
    return requests, limits


def merge_pod_resource_requirements(pod: dict, defaults: tuple[dict, dict], ops: list) -> None:
    """mergePodResourceRequirements: fill what each container leaves out; annotate what was set."""
    notes: list[str] = []
    spec = pod.get("spec") or {}
    for kind, prefix in (("containers", "container"), ("initContainers", "init container")):
        for i, c in enumerate(spec.get(kind) or []):
            notes += _merge_container(c, defaults, prefix, f"/spec/{kind}/{i}/resources", ops)
    if notes:
        value = "LimitRanger plugin set: " + "; ".join(notes)
        meta = pod.setdefault("metadata", {})
        if meta.get("annotations") is None:
            set_field(meta, "annotations", {LIMIT_RANGER_ANNOTATION: value}, "/metadata/annotations", ops)
        else:
            set_field(meta["annotations"], LIMIT_RANGER_ANNOTATION, value,
                      f"/metadata/annotations/{escape(LIMIT_RANGER_ANNOTATION)}", ops)


def _merge_container(c: dict, defaults: tuple[dict, dict], prefix: str, path: str, ops: list) -> list[str]:
    requests_default, limits_default = defaults
    res = c.get("resources")
    if res is None:
        res = c["resources"] = {}
    notes = {}
    for field, default in (("limits", limits_default), ("requests", requests_default)):
        have = res.get(field) or {}
        added = {k: v for k, v in default.items() if k not in have}
        if not added:
            continue
        if have:
            for k in sorted(added):
                ops.append({"op": "add", "path": f"{path}/{field}/{escape(k)}", "value": added[k]})
            res[field] = dict(sorted({**have, **added}.items()))      # Go writes maps sorted
        else:
            set_field(res, field, dict(sorted(added.items())), f"{path}/{field}", ops)
        notes[field] = ", ".join(sorted(added))
    # mergeContainerResources notes the requests it set before the limits
    name = c.get("name", "")
    return [f"{notes[field]} {word} for {prefix} {name}"
            for field, word in (("requests", "request"), ("limits", "limit")) if field in notes]


# ---- validation -------------------------------------------------------------------------------

def _values(req: Quantity | None, lim: Quantity | None, enforced: Quantity) -> tuple[int, int, int]:
    """requestLimitEnforcedValues: milli-values when none overflows, whole values otherwise."""
    zero = Quantity(0)
    req, lim = req or zero, lim or zero
    whole = [math.ceil(q.value) for q in (req, lim, enforced)]
    if all(v <= MAX_MILLI_VALUE for v in whole):
        return req.milli_value(), lim.milli_value(), enforced.milli_value()
    return tuple(whole)


def min_constraint(limit_type, name, enforced, requests, limits) -> str | None:
    req, lim = requests.get(name), limits.get(name)
    r, l, e = _values(req, lim, enforced)
    if req is None:
        return f"minimum {name} usage per {limit_type} is {enforced}.  No request is specified"
    if r < e:
        return f"minimum {name} usage per {limit_type} is {enforced}, but request is {req}"
    if lim is not None and l < e:
        return f"minimum {name} usage per {limit_type} is {enforced}, but limit is {lim}"
    return None


def max_request_constraint(limit_type, name, enforced, requests) -> str | None:
    req = requests.get(name)
    r, _, e = _values(req, None, enforced)
    if req is None:
        return f"maximum {name} usage per {limit_type} is {enforced}.  No request is specified"
    if r > e:
        return f"maximum {name} usage per {limit_type} is {enforced}, but request is {req}"
    return None


def max_constraint(limit_type, name, enforced, requests, limits) -> str | None:
    req, lim = requests.get(name), limits.get(name)
    r, l, e = _values(req, lim, enforced)
    if lim is None:
        return f"maximum {name} usage per {limit_type} is {enforced}.  No limit is specified"
    if l > e:
        return f"maximum {name} usage per {limit_type} is {enforced}, but limit is {lim}"
    if req is not None and r > e:
        return f"maximum {name} usage per {limit_type} is {enforced}, but request is {req}"
    return None


def limit_request_ratio_constraint(limit_type, name, enforced, requests, limits) -> str | None:
    req, lim = requests.get(name), limits.get(name)
    r, l, _ = _values(req, lim, enforced)
    if req is None or r == 0:
        return (f"{name} max limit to request ratio per {limit_type} is {enforced}, "
                "but no request is specified or request is 0")
    if lim is None or l == 0:
        return (f"{name} max limit to request ratio per {limit_type} is {enforced}, "
                "but no limit is specified or limit is 0")
    observed = l / r
    display = observed
    max_ratio = float(math.ceil(enforced.value))
    if math.ceil(enforced.value) <= MAX_MILLI_VALUE:
        observed *= 1000
        max_ratio = float(enforced.milli_value())
    if observed > max_ratio:
        return (f"{name} max limit to request ratio per {limit_type} is {enforced}, "
                f"but provided ratio is {display:f}")
    return None


def _check_item(item: dict, requests: dict, limits: dict, errs: list) -> None:
    t = item.get("type")
    for k, v in sorted(parse_list(item.get("min")).items()):
        errs.append(min_constraint(t, k, v, requests, limits))
    for k, v in sorted(parse_list(item.get("max")).items()):
        errs.append(max_constraint(t, k, v, requests, limits))
    for k, v in sorted(parse_list(item.get("maxLimitRequestRatio")).items()):
        errs.append(limit_request_ratio_constraint(t, k, v, requests, limits))


def pod_validate_limit(lr: dict, pod: dict) -> list[str]:
    """PodValidateLimitFunc: each container (Container items) and the whole pod (Pod items)."""
    errs: list = []
    spec = pod.get("spec") or {}
    for item in (lr.get("spec") or {}).get("limits") or []:
        if item.get("type") == "Container":
            for c in (spec.get("containers") or []) + (spec.get("initContainers") or []):
                res = c.get("resources") or {}
                _check_item(item, parse_list(res.get("requests")), parse_list(res.get("limits")), errs)
        elif item.get("type") == "Pod":
            _check_item(item, pod_requests(pod), pod_limits(pod), errs)
    return [e for e in errs if e]


def pvc_validate_limit(lr: dict, pvc: dict) -> list[str]:
    """PersistentVolumeClaimValidateLimitFunc: min and max against the claim's requests."""
    errs: list = []
    requests = parse_list((((pvc.get("spec") or {}).get("resources")) or {}).get("requests"))
    for item in (lr.get("spec") or {}).get("limits") or []:
        if item.get("type") != "PersistentVolumeClaim":
            continue
        for k, v in sorted(parse_list(item.get("min")).items()):
            errs.append(min_constraint("PersistentVolumeClaim", k, v, requests, {}))
        for k, v in sorted(parse_list(item.get("max")).items()):
            errs.append(max_request_constraint("PersistentVolumeClaim", k, v, requests))
    return [e for e in errs if e]
