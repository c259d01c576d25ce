"""kubectl's JSONPath dialect: templates such as `{range .items[*]}{.metadata.name}{"\\n"}{end}`.

Follows `staging/src/k8s.io/client-go/util/jsonpath/` (parser.go: text and `{...}` actions;
fields `.a`, `['a']`, `["a.b"]`, `.a.b`; arrays `[0]`, `[-1]`, `[1:3]`, `[::2]`, `[*]`, `.*`;
unions `[0,2]`, `['a','b']`; recursive descent `..a`; filters `[?(@.a == "x")]` with
`== != < > <= >=` and existence `[?(@.a)]`; `range`/`end`; quoted text `{"\\n"}`; `$` and `@`.
jsonpath.go: results of one action are joined by spaces; maps and lists print as compact JSON,
scalars as text; missing keys print nothing when allowed) and `kubectl/pkg/cmd/get`'s
RelaxedJSONPathExpression (`.metadata.name` and `metadata.name` mean `{.metadata.name}`).

Differences from upstream: map keys are walked in sorted order by `.*` and `..` (Go walks them
in random order, so upstream's order there is not reproducible anyway).
"""

from __future__ import annotations

import re

from ..errors import error


from .jsonpath_parser import JSONPathError, parse  # noqa: F401  (parse is part of this module's API)


# ---- evaluation ------------------------------------------------------------------------------


def find(steps: list, root, current=None, allow_missing: bool = True) -> list:
    values = [root if current is None else current]
    for step in steps:
        values = _step(step, values, root, allow_missing)
    return values


def _step(step, values: list, root, allow_missing: bool) -> list:
    kind = step[0]
    out = []
    if kind == "root":
        return [root]
    if kind == "current":
        return values
    if kind == "field":
        for v in values:
            for name in step[1]:
                if isinstance(v, dict):
                    if name in v:
                        out.append(v[name])
                    elif not allow_missing:
                        raise JSONPathError(f"{name} is not found")
                elif v is not None and not allow_missing:
                    raise JSONPathError(f"{name} is not found")
        return out
    if kind == "wild":
        for v in values:
            if isinstance(v, dict):
                out.extend(v[k] for k in sorted(v))
            elif isinstance(v, list):
                out.extend(v)
        return out
    if kind == "recursive":
        for v in values:
            out.extend(_walk(v))
        return out
    if kind == "index":
        for v in values:
            if not isinstance(v, list):
                continue
            for spec in step[1]:
                if spec[0] == "at":
                    i = spec[1]
                    j = i + len(v) if i < 0 else i
                    if 0 <= j < len(v):
                        out.append(v[j])
                    elif not allow_missing:
                        raise JSONPathError(f"array index out of bounds: index {i}, length {len(v)}")
                else:
                    _, a, b, s = spec
                    out.extend(v[slice(a, b, s)])
        return out
    if kind == "filter":
        left, op, right = step[1]
        for v in values:
            items = v if isinstance(v, list) else ([v] if isinstance(v, dict) else [])
            for item in items:
                if _test(item, left, op, right, root):
                    out.append(item)
        return out
    raise JSONPathError(f"unknown step {kind}")


def _walk(v) -> list:
    """`..`: the value and everything below it, depth first."""
    out = [v]
    if isinstance(v, dict):
        for k in sorted(v):
            out.extend(_walk(v[k]))
    elif isinstance(v, list):
        for x in v:
            out.extend(_walk(x))
    return out


def _operand_values(operand, item, root) -> list:
    if operand[0] == "literal":
        return [operand[1]]
    return find(operand[1], root, current=item)


def _test(item, left, op, right, root) -> bool:
    lv = _operand_values(left, item, root)
    if op is None:
        return bool(lv)
    rv = _operand_values(right, item, root)
    if not lv or not rv:
        return False
    a, b = lv[0], rv[0]
    try:
        if op == "==":
            return _eq(a, b)
        if op == "!=":
            return not _eq(a, b)
        a, b = _num(a), _num(b)
        return {"<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]
    except TypeError:
        return False


def _eq(a, b) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return float(a) == float(b)
    return a == b


def _num(v):
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise TypeError
    return v


# ---- printing --------------------------------------------------------------------------------


def text_of(value) -> str:
    """A scalar as fmt.Fprint writes it; maps and lists as compact JSON."""
    from .json import compact
    if isinstance(value, (dict, list)):
        return compact(value)
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float):
        from .table import go_float
        return go_float(value)
    return str(value)


def execute(nodes: list, data, allow_missing: bool = True, as_json: bool = False) -> str:
    out: list[str] = []
    _execute(nodes, data, data, allow_missing, out, as_json)
    return "".join(out)


def _execute(nodes, root, current, allow_missing, out, as_json) -> None:
    for node in nodes:
        if node[0] == "text":
            out.append(node[1])
        elif node[0] == "list":
            steps = node[1]
            start = None if steps and steps[0][0] == "root" else current
            values = find(steps, root, start, allow_missing)
            if as_json:
                from .json import dumps
                out.append(dumps(values))
            else:
                out.append(" ".join(text_of(v) for v in values))
        elif node[0] == "range":
            steps = node[1]
            start = None if steps and steps[0][0] == "root" else current
            for value in find(steps, root, start, allow_missing):
                _execute(node[2], root, value, allow_missing, out, as_json)


def relaxed(expr: str) -> str:
    """RelaxedJSONPathExpression: `.a.b`, `a.b` and `{.a.b}` all mean `{.a.b}`."""
    m = re.match(r"^\{?(\.?[^{}]*)\}?$", expr)
    if not m:
        raise error("unexpected path string, expected a 'name1.name2' or '.name1.name2' or "
                    "'{name1.name2}' or '{.name1.name2}'")
    body = m.group(1)
    if not body.startswith("."):
        body = "." + body
    return "{" + body + "}"


class JSONPathPrinter:
    """`-o jsonpath=TEMPLATE`: the template run against the object (or the List)."""

    def __init__(self, template: str, allow_missing_keys: bool = True, as_json: bool = False):
        self.template = template
        self.allow_missing = allow_missing_keys
        self.as_json = as_json
        try:
            self.nodes = parse(template)
        except JSONPathError as e:
            raise error(f"error parsing jsonpath {template}, {e}") from None

    def print(self, obj, out) -> None:
        try:
            out.write(execute(self.nodes, obj, self.allow_missing, self.as_json))
        except JSONPathError as e:
            raise error(f"error executing jsonpath {self.template!r}: {e}. Printing more information "
                        f"for debugging the template:\n\ttemplate was:\n\t\t{self.template}\n\t"
                        f"object given to jsonpath engine was:\n\t\t{obj}\n\n") from None
