"""What the Endpoints and EndpointSlice controllers share: which pods belong, which port a service
port means on a pod, and the last-change-trigger-time bookkeeping.

Follows `staging/src/k8s.io/endpointslice/util/controller_utils.go` (ShouldPodBeInEndpoints,
ShouldSetHostname), `.../endpointslice/utils.go` (FindPort) and
`.../util/trigger_time_tracker.go` (TriggerTimeTracker).

Differences from upstream: single-stack IPv4 only (status.podIP / podIPs[0]).
"""

from __future__ import annotations

from ...api.names import parse_rfc3339

LAST_CHANGE_TRIGGER_TIME = "endpoints.kubernetes.io/last-change-trigger-time"
HEADLESS_LABEL = "service.kubernetes.io/headless"


def pod_condition(pod: dict, ctype: str) -> dict | None:
    for c in (pod.get("status") or {}).get("conditions") or []:
        if c.get("type") == ctype:
            return c
    return None


def is_pod_ready(pod: dict) -> bool:
    c = pod_condition(pod, "Ready")
    return c is not None and c.get("status") == "True"


def is_pod_terminal(pod: dict) -> bool:
    return (pod.get("status") or {}).get("phase") in ("Failed", "Succeeded")


def pod_ip(pod: dict) -> str:
    status = pod.get("status") or {}
    if status.get("podIP"):
        return status["podIP"]
    ips = status.get("podIPs") or []
    return ips[0].get("ip", "") if ips else ""


def should_pod_be_in_endpoints(pod: dict, include_terminating: bool) -> bool:
    """A pod with an IP that is not terminal (and, unless asked, not being deleted)."""
    if is_pod_terminal(pod):
        return False
    if not pod_ip(pod):
        return False
    if not include_terminating and pod["metadata"].get("deletionTimestamp"):
        return False
    return True


def should_set_hostname(pod: dict, svc: dict) -> bool:
    spec = pod.get("spec") or {}
    return bool(spec.get("hostname")) and spec.get("subdomain") == svc["metadata"]["name"] \
        and pod["metadata"].get("namespace") == svc["metadata"].get("namespace")


def find_port(pod: dict, service_port: dict) -> int | None:
    """FindPort: a numeric targetPort is used as is; a named one is looked up in the pod's
    containers (and sidecar init containers) with the same protocol; None when it is not found."""
    target = service_port.get("targetPort", service_port.get("port"))
    protocol = service_port.get("protocol", "TCP")
    if isinstance(target, int):
        return target
    if isinstance(target, str) and target.isdigit():
        return int(target)
    spec = pod.get("spec") or {}
    containers = list(spec.get("containers") or [])
    containers += [c for c in spec.get("initContainers") or [] if c.get("restartPolicy") == "Always"]
    for c in containers:
        for p in c.get("ports") or []:
            if p.get("name") == target and p.get("protocol", "TCP") == protocol:
                return p["containerPort"]
    return None


def is_service_ip_set(svc: dict) -> bool:
    ip = (svc.get("spec") or {}).get("clusterIP") or ""
    return ip not in ("", "None")


class TriggerTimeTracker:
    """ComputeEndpointLastChangeTriggerTime: the earliest pod-Ready transition (or the service's
    creation) that changed since the last sync of that service; None exports no annotation."""

    def __init__(self):
        self.states: dict[tuple[str, str], tuple[float, dict[str, float]]] = {}

    def compute(self, namespace: str, svc: dict, pods: list[dict]) -> float | None:
        key = (namespace, svc["metadata"]["name"])
        known = key in self.states
        last_svc, last_pods = self.states.get(key, (0.0, {}))
        min_changed = None
        pod_times = {}
        for pod in pods:
            c = pod_condition(pod, "Ready")
            if c is None or not c.get("lastTransitionTime"):
                continue
            t = parse_rfc3339(c["lastTransitionTime"])
            pod_times[pod["metadata"]["name"]] = t
            if t > last_pods.get(pod["metadata"]["name"], 0.0):
                min_changed = t if min_changed is None else min(min_changed, t)
        svc_time = parse_rfc3339(svc["metadata"]["creationTimestamp"])
        if svc_time > last_svc:
            min_changed = svc_time if min_changed is None else min(min_changed, svc_time)
        self.states[key] = (svc_time, pod_times)
        if not known:
            return svc_time
        return min_changed

    def delete_service(self, namespace: str, name: str) -> None:
        self.states.pop((namespace, name), None)


def format_trigger_time(t: float) -> str:
    """time.RFC3339Nano in UTC, as the annotation carries it (trailing zeros dropped)."""
    import datetime as _dt
    d = _dt.datetime.fromtimestamp(t, _dt.timezone.utc)
    frac = f"{d.microsecond:06d}".rstrip("0")
    return d.strftime("%Y-%m-%dT%H:%M:%S") + (f".{frac}" if frac else "") + "Z"
