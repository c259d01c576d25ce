"""`kubectl describe hpa`.

Follows `staging/src/k8s.io/kubectl/pkg/describe/describe.go` (HorizontalPodAutoscalerDescriber:
autoscaling/v2 first, autoscaling/v1 when that fails; describeHorizontalPodAutoscalerV2: one line
per metric with `current / target`, `<unknown>` until the controller has measured;
printDirectionBehavior; describeHorizontalPodAutoscalerV1: the CPU utilization target). A nil
quantity prints `<nil>`, as Quantity.String on a nil pointer does.
"""

from __future__ import annotations

import json

from ..errors import StatusError
from .context import DescribeContext, group_path, meta, spec, status
from .events import describe_events
from .gofmt import quantity, rfc1123z
from .workloads import events_for
from .writer import LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, PrefixWriter, print_annotations_multiline, \
    print_labels_multiline


def _quote(s: str) -> str:
    """`%q`: strconv.Quote."""
    return json.dumps(s, ensure_ascii=False)


def _q(value) -> str:
    if value is None:
        return "<nil>"
    q = quantity(value)
    return str(q) if q is not None else str(value)


def _current(st: dict, i: int, kind: str) -> dict | None:
    metrics = st.get("currentMetrics") or []
    if len(metrics) > i and metrics[i].get(kind) is not None:
        return metrics[i][kind].get("current") or {}
    return None


def describe_horizontal_pod_autoscaler(ctx: DescribeContext, resource, namespace: str, name: str) -> str:
    try:
        hpa = ctx.get(group_path("autoscaling/v2", "horizontalpodautoscalers", namespace, name))
    except StatusError:
        hpa = ctx.get(group_path("autoscaling/v1", "horizontalpodautoscalers", namespace, name))
        return _v1(hpa, events_for(ctx, hpa, "HorizontalPodAutoscaler"), ctx.now)
    events = events_for(ctx, hpa, "HorizontalPodAutoscaler")
    m, s, st = meta(hpa), spec(hpa), status(hpa)
    ref = s.get("scaleTargetRef") or {}
    w = _header(m, ref)
    w.write(LEVEL_0, "Metrics:\t( current / target )\n")
    for i, metric in enumerate(s.get("metrics") or []):
        _metric(w, i, metric, st)
    w.write(LEVEL_0, f"Min replicas:\t{s['minReplicas'] if s.get('minReplicas') is not None else '<unset>'}\n")
    w.write(LEVEL_0, f"Max replicas:\t{s.get('maxReplicas', 0)}\n")
    behavior = s.get("behavior")
    if behavior is not None:
        w.write(LEVEL_0, "Behavior:\n")
        _direction(w, "Scale Up", behavior.get("scaleUp"))
        _direction(w, "Scale Down", behavior.get("scaleDown"))
    w.write(LEVEL_0, f"{ref.get('kind', '')} pods:\t")
    w.write(LEVEL_0, f"{st.get('currentReplicas', 0)} current / {st.get('desiredReplicas', 0)} desired\n")
    conditions = st.get("conditions") or []
    if conditions:
        w.write(LEVEL_0, "Conditions:\n")
        w.write(LEVEL_1, "Type\tStatus\tReason\tMessage\n")
        w.write(LEVEL_1, "----\t------\t------\t-------\n")
        for c in conditions:
            w.write(LEVEL_1, f"{c.get('type', '')}\t{c.get('status', '')}\t{c.get('reason', '')}\t"
                             f"{c.get('message', '')}\n")
    if events is not None:
        describe_events(events, w, ctx.now)
    return w.string()


def _header(m: dict, ref: dict) -> PrefixWriter:
    """The lines both versions of the describer start with."""
    w = PrefixWriter()
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    w.write(LEVEL_0, f"Namespace:\t{m.get('namespace', '')}\n")
    print_labels_multiline(w, "Labels", m.get("labels"))
    print_annotations_multiline(w, "Annotations", m.get("annotations"))
    w.write(LEVEL_0, f"CreationTimestamp:\t{rfc1123z(m.get('creationTimestamp'))}\n")
    w.write(LEVEL_0, f"Reference:\t{ref.get('kind', '')}/{ref.get('name', '')}\n")
    return w


def _v1(hpa: dict, events, now: float) -> str:
    m, s, st = meta(hpa), spec(hpa), status(hpa)
    ref = s.get("scaleTargetRef") or {}
    w = _header(m, ref)
    if s.get("targetCPUUtilizationPercentage") is not None:
        w.write(LEVEL_0, f"Target CPU utilization:\t{s['targetCPUUtilizationPercentage']}%\n")
        current = st.get("currentCPUUtilizationPercentage")
        w.write(LEVEL_0, f"Current CPU utilization:\t{'<unknown>' if current is None else current}%\n")
    w.write(LEVEL_0, f"Min replicas:\t{s['minReplicas'] if s.get('minReplicas') is not None else '<unset>'}\n")
    w.write(LEVEL_0, f"Max replicas:\t{s.get('maxReplicas', 0)}\n")
    w.write(LEVEL_0, f"{ref.get('kind', '')} pods:\t")
    w.write(LEVEL_0, f"{st.get('currentReplicas', 0)} current / {st.get('desiredReplicas', 0)} desired\n")
    if events is not None:
        describe_events(events, w, now)
    return w.string()


def _metric(w, i: int, metric: dict, st: dict) -> None:
    kind = metric.get("type", "")
    if kind == "External":
        ext = metric.get("external") or {}
        target, name = ext.get("target") or {}, _quote((ext.get("metric") or {}).get("name", ""))
        cur = _current(st, i, "external")
        if target.get("averageValue") is not None:
            current = _q(cur.get("averageValue")) if cur is not None and cur.get("averageValue") is not None \
                else "<unknown>"
            w.write(LEVEL_1, f"{name} (target average value):\t{current} / {_q(target['averageValue'])}\n")
        else:
            current = _q(cur.get("value")) if cur is not None else "<unknown>"
            w.write(LEVEL_1, f"{name} (target value):\t{current} / {_q(target.get('value'))}\n")
    elif kind == "Pods":
        pods = metric.get("pods") or {}
        cur = _current(st, i, "pods")
        current = _q(cur.get("averageValue")) if cur is not None else "<unknown>"
        w.write(LEVEL_1, f"{_quote((pods.get('metric') or {}).get('name', ''))} on pods:\t{current} / "
                         f"{_q((pods.get('target') or {}).get('averageValue'))}\n")
    elif kind == "Object":
        obj = metric.get("object") or {}
        described, target = obj.get("describedObject") or {}, obj.get("target") or {}
        w.write(LEVEL_1, f"\"{(obj.get('metric') or {}).get('name', '')}\" on "
                         f"{described.get('kind', '')}/{described.get('name', '')} ")
        cur = _current(st, i, "object")
        if target.get("type") == "AverageValue":
            current = _q(cur.get("averageValue")) if cur is not None else "<unknown>"
            w.write(LEVEL_0, f"(target average value):\t{current} / {_q(target.get('averageValue'))}\n")
        else:
            current = _q(cur.get("value")) if cur is not None else "<unknown>"
            w.write(LEVEL_0, f"(target value):\t{current} / {_q(target.get('value'))}\n")
    elif kind in ("Resource", "ContainerResource"):
        key = "resource" if kind == "Resource" else "containerResource"
        res = metric.get(key) or {}
        target = res.get("target") or {}
        if kind == "Resource":
            w.write(LEVEL_1, f"resource {res.get('name', '')} on pods")
        else:
            w.write(LEVEL_1, f"resource {res.get('name', '')} of container \"{res.get('container', '')}\" on pods")
        cur = _current(st, i, key)
        if target.get("averageValue") is not None:
            current = _q(cur.get("averageValue")) if cur is not None else "<unknown>"
            w.write(LEVEL_0, f":\t{current} / {_q(target['averageValue'])}\n")
        else:
            current = "<unknown>"
            if cur is not None and cur.get("averageUtilization") is not None:
                current = f"{cur['averageUtilization']}% ({_q(cur.get('averageValue'))})"
            goal = f"{target['averageUtilization']}%" if target.get("averageUtilization") is not None else "<auto>"
            w.write(LEVEL_1, f"(as a percentage of request):\t{current} / {goal}\n")
    else:
        w.write(LEVEL_1, f"<unknown metric type {_quote(kind)}>\n")


def _direction(w, title: str, rules: dict | None) -> None:
    if rules is None:
        return
    w.write(LEVEL_1, f"{title}:\n")
    if rules.get("stabilizationWindowSeconds") is not None:
        w.write(LEVEL_2, f"Stabilization Window: {rules['stabilizationWindowSeconds']} seconds\n")
    policies = rules.get("policies") or []
    if policies:
        w.write(LEVEL_2, f"Select Policy: {rules.get('selectPolicy') or 'Max'}\n")
        w.write(LEVEL_2, "Policies:\n")
        for p in policies:
            w.write(LEVEL_3, f"- Type: {p.get('type', '')}\tValue: {p.get('value', 0)}\t"
                             f"Period: {p.get('periodSeconds', 0)} seconds\n")
