"""Parsing kubectl's JSONPath templates into nodes (see jsonpath.py for evaluating them).

Follows `staging/src/k8s.io/client-go/util/jsonpath/parser.go` (text and `{...}` actions;
parseInsideAction: fields, brackets, quotes, filters, `range`/`end`; its error messages such as
`unrecognized character in action: U+005C '\\'` and `unrecognized identifier x`).

Nodes: ("text", s), ("list", steps) for an action, ("range", steps, body). Steps: ("root",),
("current",), ("field", names), ("wild",), ("recursive",), ("index", specs),
("filter", (left, op, right)).
"""

from __future__ import annotations

import re


class JSONPathError(Exception):
    pass


_MISSING = object()


# ---- parsing ---------------------------------------------------------------------------------


def parse(template: str) -> list:
    """Nodes: ("text", s), ("list", [steps]) for an action, ("range", [steps], body), ..."""
    nodes, pos = _parse_nodes(template, 0, top=True)
    return nodes


def _parse_nodes(t: str, pos: int, top: bool):
    nodes = []
    while pos < len(t):
        start = t.find("{", pos)
        if start < 0:
            nodes.append(("text", t[pos:]))
            return nodes, len(t)
        if start > pos:
            nodes.append(("text", t[pos:start]))
        end = _close(t, start)
        if end < 0:
            raise JSONPathError(f"unclosed action")
        inner = t[start + 1:end].strip()
        pos = end + 1
        if inner.startswith("range"):
            expr = inner[len("range"):].strip()
            body, pos = _parse_nodes(t, pos, top=False)
            nodes.append(("range", _parse_expr(expr), body))
        elif inner == "end":
            if top:
                raise JSONPathError("not in range, nothing to end")
            return nodes, pos
        elif len(inner) >= 2 and inner[0] in "\"'" and inner[-1] == inner[0]:
            nodes.append(("text", _unquote(inner)))
        else:
            nodes.append(("list", _parse_expr(inner)))
    if not top:
        raise JSONPathError("range without end")
    return nodes, pos


def _close(t: str, start: int) -> int:
    depth, i, quote = 0, start, ""
    while i < len(t):
        c = t[i]
        if quote:
            if c == "\\":
                i += 2
                continue
            if c == quote:
                quote = ""
        elif c in "\"'":
            quote = c
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _unquote(s: str) -> str:
    body = s[1:-1]
    return body.encode("utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8") \
        if "\\" in body else body


_IDENT = re.compile(r"[A-Za-z0-9_\-/$@]+")


def _parse_expr(expr: str) -> list:
    """Steps: ("root"), ("current"), ("field", [names]), ("wild"), ("recursive"), ("index", spec),
    ("filter", (left, op, right))."""
    steps: list = []
    i = 0
    n = len(expr)
    while i < n:
        c = expr[i]
        if c in " \t":
            i += 1
            continue
        if c == "$":
            steps.append(("root",))
            i += 1
        elif c == "@":
            steps.append(("current",))
            i += 1
        elif c == ".":
            if expr.startswith("..", i):
                steps.append(("recursive",))
                i += 2
                m = re.match(r"[^.\[\]\s()]+", expr[i:])
                if m and m.group(0) != "*":           # `..name`: a field below every level
                    steps.append(("field", [m.group(0)]))
                    i += len(m.group(0))
                continue
            i += 1
            if i < n and expr[i] == "*":
                steps.append(("wild",))
                i += 1
                continue
            m = re.match(r"[^.\[\]\s()]*", expr[i:])
            name = m.group(0)
            i += len(name)
            if name:
                steps.append(("field", [name]))
        elif c == "[":
            end = _bracket_end(expr, i)
            inner = expr[i + 1:end].strip()
            i = end + 1
            steps.append(_parse_bracket(inner))
        elif c == "*":
            steps.append(("wild",))
            i += 1
        elif c.isalnum() or c == "_":
            m = re.match(r"\w+", expr[i:])
            raise JSONPathError(f"unrecognized identifier {m.group(0)}")
        else:
            raise JSONPathError(f"unrecognized character in action: U+{ord(c):04X} '{c}'")
    return steps


def _bracket_end(expr: str, i: int) -> int:
    depth, quote = 0, ""
    for j in range(i, len(expr)):
        c = expr[j]
        if quote:
            if c == quote:
                quote = ""
            continue
        if c in "\"'":
            quote = c
        elif c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
            if depth == 0:
                return j
    raise JSONPathError("unterminated array")


def _parse_bracket(inner: str):
    if inner.startswith("?"):
        m = re.match(r"^\?\s*\((.*)\)$", inner, re.S)
        if not m:
            raise JSONPathError(f"unclosed filter")
        return ("filter", _parse_filter(m.group(1).strip()))
    if inner == "*":
        return ("wild",)
    if inner[:1] in "\"'":
        names = [_unquote(p.strip()) for p in _split_union(inner)]
        return ("field", names)
    parts = _split_union(inner)
    specs = []
    for p in parts:
        p = p.strip()
        if ":" in p:
            bits = p.split(":")
            if len(bits) > 3:
                raise JSONPathError(f"invalid array index {p}")
            vals = [int(b) if b.strip() else None for b in bits] + [None] * (3 - len(bits))
            specs.append(("slice", vals[0], vals[1], vals[2]))
        else:
            try:
                specs.append(("at", int(p)))
            except ValueError:
                raise JSONPathError(f"invalid array index {p}") from None
    return ("index", specs)


def _split_union(inner: str) -> list[str]:
    out, cur, quote = [], "", ""
    for c in inner:
        if quote:
            cur += c
            if c == quote:
                quote = ""
            continue
        if c in "\"'":
            quote = c
            cur += c
        elif c == ",":
            out.append(cur)
            cur = ""
        else:
            cur += c
    out.append(cur)
    return out


_OPS = ("==", "!=", "<=", ">=", "<", ">")


def _parse_filter(text: str):
    quote = ""
    for i, c in enumerate(text):
        if quote:
            if c == quote:
                quote = ""
            continue
        if c in "\"'":
            quote = c
            continue
        for op in _OPS:
            if text.startswith(op, i):
                return (_operand(text[:i].strip()), op, _operand(text[i + len(op):].strip()))
    return (_operand(text), None, None)


def _operand(s: str):
    if s[:1] in "\"'" and s[-1:] == s[:1]:
        return ("literal", s[1:-1])
    if s in ("true", "false"):
        return ("literal", s == "true")
    try:
        return ("literal", int(s))
    except ValueError:
        pass
    try:
        return ("literal", float(s))
    except ValueError:
        pass
    return ("path", _parse_expr(s))
