"""Namespaces (with their resource quotas and limit ranges), resource quotas and limit ranges.

Follows `staging/src/k8s.io/kubectl/pkg/describe/describe.go` (NamespaceDescriber: quotas and
limit ranges listed in chunks, a NotFound list leaving its section out; describeNamespace,
DescribeResourceQuotas, DescribeLimitRanges, describeLimitRangeSpec; LimitRangeDescriber;
ResourceQuotaDescriber, describeQuota, helpTextForResourceQuotaScope).

Differences from upstream: a limit range item's resources are printed in sorted order (upstream
walks a Go map: a random order).
"""

from __future__ import annotations

from ..errors import StatusError
from .context import DescribeContext, core_path, meta, spec, status
from .gofmt import quantity, rfc1123z
from .gosort import go_sort
from .writer import LEVEL_0, LEVEL_1, PrefixWriter, print_annotations_multiline, print_labels_multiline

SCOPE_HELP = {
    "Terminating": "Matches all pods that have an active deadline. These pods have a limited lifespan on a "
                   "node before being actively terminated by the system.",
    "NotTerminating": "Matches all pods that do not have an active deadline. These pods usually include long "
                      "running pods whose container command is not expected to terminate.",
    "BestEffort": "Matches all pods that do not have resource requirements set. These pods have a best effort "
                  "quality of service.",
    "NotBestEffort": "Matches all pods that have at least one resource requirement set. These pods have a "
                     "burstable or guaranteed quality of service.",
}


def _q(v) -> str:
    q = quantity(v)
    return "0" if q is None else str(q)


def describe_namespace(ctx: DescribeContext, resource, namespace: str, name: str) -> str:
    ns = ctx.get(core_path("namespaces", None, name))
    quotas = _optional_list(ctx, core_path("resourcequotas", name))
    limits = _optional_list(ctx, core_path("limitranges", name))
    w = PrefixWriter()
    m = meta(ns)
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    print_labels_multiline(w, "Labels", m.get("labels"))
    print_annotations_multiline(w, "Annotations", m.get("annotations"))
    w.write(LEVEL_0, f"Status:\t{status(ns).get('phase', '')}\n")
    conditions = status(ns).get("conditions") or []
    if conditions:
        w.write(LEVEL_0, "Conditions:\n")
        w.write(LEVEL_1, "Type\tStatus\tLastTransitionTime\tReason\tMessage\n")
        w.write(LEVEL_1, "----\t------\t------------------\t------\t-------\n")
        for c in conditions:
            w.write(LEVEL_1, f"{c.get('type', '')}\t{c.get('status', '')}\t{rfc1123z(c.get('lastTransitionTime'))}\t"
                             f"{c.get('reason', '')}\t{c.get('message', '')}\n")
    if quotas is not None:
        w.write(LEVEL_0, "\n")
        describe_resource_quotas(quotas, w)
    if limits is not None:
        w.write(LEVEL_0, "\n")
        describe_limit_ranges(limits, w)
    return w.string()


def _optional_list(ctx: DescribeContext, path: str) -> list | None:
    try:
        return ctx.list(path)
    except StatusError as e:
        if e.http_code == 404 or e.reason == "NotFound":
            return None
        raise


def _limit_range_spec(lr: dict, prefix: str, w) -> None:
    for item in spec(lr).get("limits") or []:
        columns = [item.get(k) or {} for k in ("min", "max", "defaultRequest", "default", "maxLimitRequestRatio")]
        names: list[str] = []
        for col in columns:
            names.extend(k for k in col if k not in names)
        for name in sorted(names):
            cells = "\t".join(_q(col[name]) if name in col else "-" for col in columns)
            w.write(LEVEL_0, f"{prefix}{item.get('type', '')}\t{name}\t{cells}\n")


def describe_limit_ranges(limit_ranges: list, w) -> None:
    if not limit_ranges:
        w.write(LEVEL_0, "No LimitRange resource.\n")
        return
    w.write(LEVEL_0, "Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\t"
                     "Max Limit/Request Ratio\n")
    w.write(LEVEL_0, " ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n")
    for lr in limit_ranges:
        _limit_range_spec(lr, " ", w)


def describe_resource_quotas(quotas: list, w) -> None:
    if not quotas:
        w.write(LEVEL_0, "No resource quota.\n")
        return
    quotas = go_sort(list(quotas), lambda a, b: meta(a).get("name", "") < meta(b).get("name", ""))
    w.write(LEVEL_0, "Resource Quotas\n")
    for q in quotas:
        w.write(LEVEL_1, f"Name:\t{meta(q).get('name', '')}\n")
        scopes = sorted(spec(q).get("scopes") or [])
        if scopes:
            w.write(LEVEL_1, f"Scopes:\t{', '.join(scopes)}\n")
            for scope in scopes:
                if SCOPE_HELP.get(scope):
                    w.write(LEVEL_1, f"* {SCOPE_HELP[scope]}\n")
        w.write(LEVEL_1, "Resource\tUsed\tHard\n")
        w.write(LEVEL_1, "--------\t---\t---\n")
        hard, used = status(q).get("hard") or {}, status(q).get("used") or {}
        for name in sorted(hard):
            w.write(LEVEL_1, f"{name}\t{_q(used.get(name))}\t{_q(hard[name])}\n")


def describe_limit_range(ctx: DescribeContext, resource, namespace: str, name: str) -> str:
    lr = ctx.get(core_path("limitranges", namespace, name))
    w = PrefixWriter()
    w.write(LEVEL_0, f"Name:\t{meta(lr).get('name', '')}\n")
    w.write(LEVEL_0, f"Namespace:\t{meta(lr).get('namespace', '')}\n")
    w.write(LEVEL_0, "Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n")
    w.write(LEVEL_0, "----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n")
    _limit_range_spec(lr, "", w)
    return w.string()


def describe_quota(ctx: DescribeContext, resource, namespace: str, name: str) -> str:
    q = ctx.get(core_path("resourcequotas", namespace, name))
    w = PrefixWriter()
    w.write(LEVEL_0, f"Name:\t{meta(q).get('name', '')}\n")
    w.write(LEVEL_0, f"Namespace:\t{meta(q).get('namespace', '')}\n")
    scopes = sorted(spec(q).get("scopes") or [])
    if scopes:
        w.write(LEVEL_0, f"Scopes:\t{', '.join(scopes)}\n")
        for scope in scopes:
            if SCOPE_HELP.get(scope):
                w.write(LEVEL_0, f" * {SCOPE_HELP[scope]}\n")
    w.write(LEVEL_0, "Resource\tUsed\tHard\n")
    w.write(LEVEL_0, "--------\t----\t----\n")
    hard, used = status(q).get("hard") or {}, status(q).get("used") or {}
    for name in sorted(hard):
        hq, uq = quantity(hard[name]), quantity(used.get(name))
        used_text = "0" if uq is None else str(uq)
        if hq is not None and uq is not None and hq.format != uq.format:
            from .gofmt import value
            from ...api.validation.quantity import Quantity
            from fractions import Fraction
            used_text = str(Quantity(Fraction(value(uq)), hq.format))
        w.write(LEVEL_0, f"{name}\t{used_text}\t{'0' if hq is None else str(hq)}\n")
    return w.string()
