"""Label and field selectors: parsing the query-string forms and matching objects.

Follows `staging/src/k8s.io/apimachinery/pkg/labels/selector.go` (equality- and set-based syntax:
`a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, `a>1`), `.../pkg/fields/selector.go`
(`=`, `==`, `!=` joined by commas) and `metav1.LabelSelectorAsSelector` for matchLabels and
matchExpressions. Field selectors support the fields upstream registers per resource
(`pkg/registry/*/strategy.go` ...FieldsSet).

Differences from upstream: label values are not validated while parsing.
"""

from __future__ import annotations

import re

from ..apiserver.errors import bad_request


class SelectorError(ValueError):
    pass


Requirement = tuple[str, str, tuple[str, ...]]   # (key, operator, values)

_TOKEN = re.compile(r"\s*(!=|==|=|!|\(|\)|,|\bnotin\b|\bin\b|>|<|[^\s!=(),<>]+)")


def parse_label_selector(text: str) -> list[Requirement]:
    """Parse `app=web,tier in (fe,be),!canary` into requirements (an empty string selects all)."""
    tokens = [t for t in _TOKEN.findall(text or "") if t.strip()]
    reqs: list[Requirement] = []
    i = 0

    def need(cond, what):
        if not cond:
            raise SelectorError(f"unable to parse requirement: {what}")

    while i < len(tokens):
        tok = tokens[i]
        if tok == "!":
            need(i + 1 < len(tokens), "found '', expected: identifier")
            reqs.append((tokens[i + 1], "!", ()))
            i += 2
        else:
            key = tok
            i += 1
            if i >= len(tokens) or tokens[i] == ",":
                reqs.append((key, "exists", ()))
            else:
                op = tokens[i]
                i += 1
                if op in ("in", "notin"):
                    need(i < len(tokens) and tokens[i] == "(", f"found '{tokens[i] if i < len(tokens) else ''}', expected: '('")
                    i += 1
                    values = []
                    while i < len(tokens) and tokens[i] != ")":
                        if tokens[i] != ",":
                            values.append(tokens[i])
                        i += 1
                    need(i < len(tokens), "found '', expected: ')'")
                    i += 1
                    reqs.append((key, op, tuple(values)))
                elif op in ("=", "==", "!=", ">", "<"):
                    value = ""
                    if i < len(tokens) and tokens[i] != ",":
                        value = tokens[i]
                        i += 1
                    reqs.append((key, "=" if op == "==" else op, (value,)))
                else:
                    raise SelectorError(f"unable to parse requirement: found '{op}', expected: "
                                        "'=', '!=', '==', 'in', notin'")
        if i < len(tokens):
            need(tokens[i] == ",", f"found '{tokens[i]}', expected: ',' or 'end of string'")
            i += 1
    return reqs


def selector_from_label_selector(sel: dict | None) -> list[Requirement] | None:
    """metav1.LabelSelector -> requirements; None selects nothing, {} selects everything."""
    if sel is None:
        return None
    reqs: list[Requirement] = [(k, "=", (v,)) for k, v in sorted((sel.get("matchLabels") or {}).items())]
    for expr in sel.get("matchExpressions") or []:
        op = {"In": "in", "NotIn": "notin", "Exists": "exists", "DoesNotExist": "!"}.get(expr.get("operator"))
        if op is None:
            raise SelectorError(f'"{expr.get("operator")}" is not a valid label selector operator')
        reqs.append((expr["key"], op, tuple(expr.get("values") or ())))
    return reqs


def matches_labels(reqs: list[Requirement] | None, labels: dict | None) -> bool:
    if reqs is None:
        return False
    labels = labels or {}
    for key, op, values in reqs:
        present = key in labels
        value = labels.get(key)
        if op == "=":
            if not present or value != values[0]:
                return False
        elif op == "!=":
            if present and value == values[0]:
                return False
        elif op == "in":
            if not present or value not in values:
                return False
        elif op == "notin":
            if present and value in values:
                return False
        elif op == "exists":
            if not present:
                return False
        elif op == "!":
            if present:
                return False
        elif op in (">", "<"):
            try:
                have, want = int(value), int(values[0])
            except (TypeError, ValueError):
                return False
            if not (have > want if op == ">" else have < want):
                return False
    return True


def format_label_selector(sel: dict | None) -> str:
    """metav1.FormatLabelSelector: how kubectl's SELECTOR column shows a LabelSelector."""
    if sel is None:
        return "<none>"
    parts = [f"{k}={v}" for k, v in sorted((sel.get("matchLabels") or {}).items())]
    for e in sel.get("matchExpressions") or []:
        op, vals = e.get("operator"), ",".join(e.get("values") or [])
        parts.append({"In": f"{e['key']} in ({vals})", "NotIn": f"{e['key']} notin ({vals})",
                      "Exists": e["key"], "DoesNotExist": f"!{e['key']}"}.get(op, e["key"]))
    return ",".join(parts) if parts else "<none>"


# ---- field selectors -----------------------------------------------------------------------------

def _get(obj: dict, path: str):
    cur = obj
    for part in path.split("."):
        if not isinstance(cur, dict):
            return None
        cur = cur.get(part)
    return cur


def _s(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


# fields each resource can be selected by, beyond metadata.name and metadata.namespace
FIELD_SETS: dict[str, tuple[str, ...]] = {
    "pods": ("spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
             "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"),
    "events": ("involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
               "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
               "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"),
    "secrets": ("type",),
    "namespaces": ("status.phase",),
    "nodes": ("spec.unschedulable",),
    "replicationcontrollers": ("status.replicas",),
    "replicasets": ("status.replicas",),
    "jobs": ("status.successful",),
    "certificatesigningrequests": ("spec.signerName",),
}


def field_value(resource: str, obj: dict, field: str) -> str:
    if field == "source" and resource == "events":
        return _s(_get(obj, "source.component") or obj.get("reportingController"))
    if field == "spec.hostNetwork":
        return _s(bool(_get(obj, field)))
    if field == "spec.unschedulable":
        return _s(bool(_get(obj, field)))
    return _s(_get(obj, field))


def parse_field_selector(text: str, resource: str) -> list[tuple[str, str, str]]:
    """Parse `spec.nodeName=n1,status.phase!=Failed` into (field, op, value), checking the fields."""
    out = []
    allowed = ("metadata.name", "metadata.namespace") + FIELD_SETS.get(resource, ())
    for part in filter(None, (text or "").split(",")):
        m = re.match(r"^([^=!]+)(==|=|!=)(.*)$", part)
        if not m:
            raise SelectorError(f"invalid selector: '{text}'; can't understand '{part}'")
        field, op, value = m.group(1).strip(), m.group(2), m.group(3).strip()
        if field not in allowed:
            raise SelectorError(f'field label not supported: {field}')
        out.append((field, "!=" if op == "!=" else "=", value))
    return out


def matches_fields(reqs: list[tuple[str, str, str]], resource: str, obj: dict) -> bool:
    for field, op, value in reqs:
        have = field_value(resource, obj, field)
        if (have == value) != (op == "="):
            return False
    return True


def selector_error(gvr: str, label_selector: str, field_selector: str, err: Exception):
    """The 400 kube-apiserver returns for a selector it cannot parse or serve."""
    return bad_request(f'Unable to find "{gvr}" that match label selector "{label_selector}", '
                       f'field selector "{field_selector}": {err}')
