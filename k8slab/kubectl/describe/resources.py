"""A pod's summed requests and limits, and its QoS class, as kubectl computes them.

Follows `staging/src/k8s.io/kubectl/pkg/util/resource/resource.go` (PodRequestsAndLimits:
containers summed, the largest init container (restartable sidecars added to both), pod
overhead; a container status's allocated resources win when larger; ExtractContainerResourceValue
for env vars from resourceFieldRef) and `staging/src/k8s.io/kubectl/pkg/util/qos/qos.go`
(GetPodQOS: status.qosClass, else computed: BestEffort, Guaranteed, Burstable).

Quantities are k8slab.api.validation.quantity.Quantity values (None: absent).
"""

from __future__ import annotations

import math

from .gofmt import milli_value, quantity, quantity_add, value

STANDARD = ("cpu", "memory", "ephemeral-storage")
HUGEPAGES = "hugepages-"


def _list(resources: dict | None) -> dict:
    out = {}
    for name, v in (resources or {}).items():
        q = quantity(v)
        if q is not None:
            out[name] = q
    return out


def _add(total: dict, new: dict) -> None:
    for name, q in new.items():
        total[name] = quantity_add(total.get(name), q)


def _max(total: dict, new: dict) -> None:
    for name, q in new.items():
        if name not in total or q.value > total[name].value:
            total[name] = q


def _restartable(container: dict) -> bool:
    return container.get("restartPolicy") == "Always"


def pod_requests(pod: dict) -> dict:
    spec, status = pod.get("spec") or {}, pod.get("status") or {}
    reqs: dict = {}
    statuses = {s.get("name"): s for s in status.get("containerStatuses") or []}
    for c in spec.get("containers") or []:
        creqs = _list((c.get("resources") or {}).get("requests"))
        cs = statuses.get(c.get("name"))
        if cs is not None and cs.get("resources") is not None:
            allocated = _list(cs["resources"].get("requests"))
            if status.get("resize") == "Infeasible":
                creqs = allocated
            else:
                merged = dict(creqs)
                for name, q in allocated.items():
                    if name not in merged or merged[name].value <= q.value:
                        merged[name] = q
                creqs = merged
        _add(reqs, creqs)
    sidecars: dict = {}
    init: dict = {}
    for c in spec.get("initContainers") or []:
        creqs = _list((c.get("resources") or {}).get("requests"))
        if _restartable(c):
            _add(reqs, creqs)
            _add(sidecars, creqs)
            creqs = dict(sidecars)
        else:
            tmp: dict = {}
            _add(tmp, creqs)
            _add(tmp, sidecars)
            creqs = tmp
        _max(init, creqs)
    _max(reqs, init)
    if spec.get("overhead"):
        _add(reqs, _list(spec["overhead"]))
    return reqs


def pod_limits(pod: dict) -> dict:
    spec = pod.get("spec") or {}
    limits: dict = {}
    for c in spec.get("containers") or []:
        _add(limits, _list((c.get("resources") or {}).get("limits")))
    sidecars: dict = {}
    init: dict = {}
    for c in spec.get("initContainers") or []:
        climits = _list((c.get("resources") or {}).get("limits"))
        if _restartable(c):
            _add(limits, climits)
            _add(sidecars, climits)
            climits = dict(sidecars)
        else:
            tmp: dict = {}
            _add(tmp, climits)
            _add(tmp, sidecars)
            climits = tmp
        _max(init, climits)
    _max(limits, init)
    for name, q in _list(spec.get("overhead")).items():
        if name in limits and limits[name].value != 0:
            limits[name] = quantity_add(limits[name], q)
    return limits


def pod_requests_and_limits(pod: dict) -> tuple[dict, dict]:
    return pod_requests(pod), pod_limits(pod)


def is_huge_page(name: str) -> bool:
    return name.startswith(HUGEPAGES)


def is_standard_container_resource(name: str) -> bool:
    return name in STANDARD or is_huge_page(name)


def extract_container_resource_value(field: dict, container: dict) -> str | None:
    """ExtractContainerResourceValue; None for an unsupported resource (upstream's error)."""
    divisor = quantity(field.get("divisor"))
    if divisor is None or divisor.value == 0:
        divisor = quantity("1")
    resource = field.get("resource", "")
    res = container.get("resources") or {}
    for prefix, which in (("limits.", "limits"), ("requests.", "requests")):
        if not resource.startswith(prefix):
            continue
        name = resource[len(prefix):]
        q = _list(res.get(which)).get(name)
        if name == "cpu":
            return str(math.ceil(float(milli_value(q)) / float(divisor.milli_value())))
        if name in ("memory", "ephemeral-storage") or is_huge_page(name):
            return str(math.ceil(float(value(q)) / float(value(divisor))))
    return None


def _qos_list(resources: dict | None) -> dict:
    return {k: q for k, q in _list(resources).items() if k in ("cpu", "memory") and q.value > 0}


def pod_qos(pod: dict) -> str:
    """GetPodQOS."""
    qos = (pod.get("status") or {}).get("qosClass")
    if qos:
        return qos
    spec = pod.get("spec") or {}
    requests: dict = {}
    limits: dict = {}
    guaranteed = True
    pod_resources = spec.get("resources")
    if pod_resources is not None:
        _add(requests, _qos_list(pod_resources.get("requests")))
        if pod_resources.get("limits") is not None:
            lim = _qos_list(pod_resources.get("limits"))
            _add(limits, lim)
            if not {"cpu", "memory"} <= set(lim):
                guaranteed = False
    else:
        for c in (spec.get("containers") or []) + (spec.get("initContainers") or []):
            res = c.get("resources") or {}
            _add(requests, _qos_list(res.get("requests")))
            lim = _qos_list(res.get("limits"))
            _add(limits, lim)
            if not {"cpu", "memory"} <= set(lim):
                guaranteed = False
    if not requests and not limits:
        return "BestEffort"
    if guaranteed:
        for name, req in requests.items():
            if name not in limits or limits[name].value != req.value:
                guaranteed = False
                break
    if guaranteed and len(requests) == len(limits):
        return "Guaranteed"
    return "Burstable"
