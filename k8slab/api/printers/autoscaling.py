"""Group autoscaling: horizontalpodautoscalers (v2 shape; v1 objects are read through the v1->v2
conversion of their CPU target).

Follows `pkg/printers/internalversion/printers.go`: `printHorizontalPodAutoscaler` and
`formatHPAMetrics` (`cpu: 45%/80%`, `<unknown>/500m`, `+ N more...` after two).

Differences from upstream: quantities are printed as stored, not re-canonicalized.
"""

from __future__ import annotations

from .common import AGE, NAME, Printer, age, column, dig, name_of

HORIZONTAL_POD_AUTOSCALER_COLUMNS = (
    NAME,
    column("Reference", "string", "The scaled object, as Kind/name (spec.scaleTargetRef)."),
    column("Targets", "string", "Current/target value of each metric."),
    column("MinPods", "string", "Lower limit for the number of replicas."),
    column("MaxPods", "string", "Upper limit for the number of replicas."),
    column("Replicas", "string", "Current number of replicas."),
    AGE,
)

MAX_METRICS_SHOWN = 2


def _v1_metrics(hpa: dict) -> tuple[list, list]:
    """autoscaling/v1 keeps one CPU utilization target; v2 lists it as a Resource metric."""
    spec, status = hpa.get("spec") or {}, hpa.get("status") or {}
    specs, statuses = [], []
    if spec.get("targetCPUUtilizationPercentage") is not None:
        specs.append({"type": "Resource", "resource": {"name": "cpu", "target": {
            "type": "Utilization", "averageUtilization": spec["targetCPUUtilizationPercentage"]}}})
    if status.get("currentCPUUtilizationPercentage") is not None:
        statuses.append({"type": "Resource", "resource": {"name": "cpu", "current": {
            "averageUtilization": status["currentCPUUtilizationPercentage"]}}})
    return specs, statuses


def _q(value) -> str:
    """Quantity.String(), which prints `<nil>` for a missing pointer."""
    return "<nil>" if value is None else str(value)


def _format_metric(spec: dict, status: dict | None) -> str:
    """One metric as `current/target`; statuses pair with specs by position, as upstream."""
    kind = spec.get("type")
    key = {"External": "external", "Object": "object", "Pods": "pods", "Resource": "resource",
           "ContainerResource": "containerResource"}.get(kind)
    if key is None:
        return "<unknown type>"
    target = dig(spec, key, "target", default={})
    reported = dig(status, key)                      # statuses[i].<Type>, None when absent
    current = dig(reported, "current", default={})
    if kind == "Pods":
        shown = "<unknown>" if reported is None else _q(current.get("averageValue"))
        return f"{shown}/{_q(target.get('averageValue'))}"
    if kind in ("External", "Object"):
        if target.get("averageValue") is not None:
            shown = "<unknown>" if current.get("averageValue") is None else _q(current["averageValue"])
            return f"{shown}/{_q(target['averageValue'])} (avg)"
        shown = "<unknown>" if reported is None else _q(current.get("value"))
        return f"{shown}/{_q(target.get('value'))}"
    name = dig(spec, key, "name", default="")
    if target.get("averageValue") is not None:
        shown = "<unknown>" if reported is None else _q(current.get("averageValue"))
        return f"{name}: {shown}/{_q(target['averageValue'])}"
    shown = "<unknown>"
    if current.get("averageUtilization") is not None:
        shown = f"{current['averageUtilization']}%"
    wanted = "<auto>"
    if target.get("averageUtilization") is not None:
        wanted = f"{target['averageUtilization']}%"
    return f"{name}: {shown}/{wanted}"


def format_hpa_metrics(specs: list, statuses: list) -> str:
    if not specs:
        return "<none>"
    shown = [_format_metric(spec, statuses[i] if i < len(statuses) else None)
             for i, spec in enumerate(specs)]
    text = ", ".join(shown[:MAX_METRICS_SHOWN])
    if len(shown) > MAX_METRICS_SHOWN:
        return f"{text} + {len(shown) - MAX_METRICS_SHOWN} more..."
    return text


def print_horizontal_pod_autoscaler(hpa: dict, now: float) -> list:
    spec = hpa.get("spec") or {}
    if "metrics" in spec or "targetCPUUtilizationPercentage" not in spec:
        specs, statuses = spec.get("metrics") or [], dig(hpa, "status", "currentMetrics", default=[])
    else:
        specs, statuses = _v1_metrics(hpa)
    ref = spec.get("scaleTargetRef") or {}
    min_replicas = spec.get("minReplicas")
    return [name_of(hpa), f"{ref.get('kind', '')}/{ref.get('name', '')}", format_hpa_metrics(specs, statuses),
            "<unset>" if min_replicas is None else str(min_replicas), spec.get("maxReplicas", 0),
            dig(hpa, "status", "currentReplicas", default=0), age(hpa, now)]


PRINTERS = {"horizontalpodautoscalers": Printer(HORIZONTAL_POD_AUTOSCALER_COLUMNS,
                                                print_horizontal_pod_autoscaler)}
