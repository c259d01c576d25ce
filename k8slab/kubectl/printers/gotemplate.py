"""`-o go-template=...`: a subset of Go's text/template, enough for kubectl templates.

Follows Go's `text/template` (actions `{{ }}` with `{{-`/`-}}` trimming; `.`, `.a.b`, `$`,
`$x := ...`; `if`/`else if`/`else`/`end`, `range` (with `$i, $v :=`) and `with` with `else`;
pipelines with `|`; literals; the functions and, or, not, len, index, print, printf, println,
eq, ne, lt, le, gt, ge; values printed as fmt.Sprint prints them, `<no value>` for a missing
key) and `staging/src/k8s.io/cli-runtime/pkg/printers/template.go` (kubectl adds
`base64decode`; lists print as one List object).

Differences from upstream: `define`/`template`/`block`, `break`/`continue` and method calls are
not supported; printf knows %s %d %v %q %f %x %%.
"""

from __future__ import annotations

import base64
import re

from ..errors import error

NO_VALUE = object()


from .gotemplate_parser import TemplateError, parse


# ---- execution ---------------------------------------------------------------------------------


class Context:
    def __init__(self, root, allow_missing: bool):
        self.root = root
        self.vars = [{"$": root}]
        self.allow_missing = allow_missing

    def lookup(self, name: str):
        for scope in reversed(self.vars):
            if name in scope:
                return scope[name]
        raise TemplateError(f'undefined variable "{name}"')


def _field(path: str, dot, ctx: Context):
    if path.startswith("$"):
        head, _, rest = path.partition(".")
        value = ctx.lookup(head)
        parts = [p for p in rest.split(".") if p] if rest else []
    else:
        value = dot
        parts = [p for p in path.split(".") if p]
    for p in parts:
        if isinstance(value, dict):
            if p in value:
                value = value[p]
            elif ctx.allow_missing:
                value = NO_VALUE
            else:
                raise TemplateError(f'map has no entry for key "{p}"')
        elif value is None or value is NO_VALUE:
            if not ctx.allow_missing:
                raise TemplateError(f"nil pointer evaluating interface {{}}.{p}")
            value = NO_VALUE
        else:
            raise TemplateError(f"can't evaluate field {p} in type {_type(value)}")
    return value


def _type(v) -> str:
    return {dict: "map[string]interface {}", list: "[]interface {}", str: "string", int: "int64",
            float: "float64", bool: "bool"}.get(type(v), "interface {}")


def _truth(v) -> bool:
    if v is NO_VALUE or v is None:
        return False
    if isinstance(v, (dict, list, str)):
        return len(v) > 0
    return bool(v)


def _call(name: str, args: list, ctx: Context):
    if name == "and":
        v = args[0]
        for a in args:
            v = a
            if not _truth(a):
                return a
        return v
    if name == "or":
        for a in args:
            if _truth(a):
                return a
        return args[-1]
    if name == "not":
        return not _truth(args[0])
    if name == "len":
        return len(args[0])
    if name == "index":
        v = args[0]
        for k in args[1:]:
            v = v[k] if not isinstance(v, dict) else v.get(k, NO_VALUE if ctx.allow_missing else None)
        return v
    if name in ("print", "println"):
        text = ""
        for i, a in enumerate(args):
            if i and not (isinstance(a, str) or isinstance(args[i - 1], str)) or (name == "println" and i):
                text += " "
            text += sprint(a)
        return text + ("\n" if name == "println" else "")
    if name == "printf":
        return _printf(args[0], args[1:])
    if name in ("eq", "ne", "lt", "le", "gt", "ge"):
        a, rest = args[0], args[1:]
        if name == "eq":
            return any(a == b for b in rest)
        b = rest[0]
        return {"ne": a != b, "lt": a < b, "le": a <= b, "gt": a > b, "ge": a >= b}[name]
    if name == "base64decode":
        return base64.b64decode(args[0]).decode("utf-8", "replace")
    raise TemplateError(f'function "{name}" not defined')


def _printf(fmt: str, args: list) -> str:
    out, i = [], 0
    parts = re.split(r"(%[-+# 0]*\d*(?:\.\d+)?[a-zA-Z%])", fmt)
    for part in parts:
        if not part.startswith("%") or len(part) < 2:
            out.append(part)
            continue
        verb = part[-1]
        if verb == "%":
            out.append("%")
            continue
        a = args[i] if i < len(args) else NO_VALUE
        i += 1
        if verb in "sv":
            out.append((part[:-1] + "s") % sprint(a))
        elif verb == "d":
            out.append(part % int(a))
        elif verb == "q":
            out.append('"' + str(a).replace("\\", "\\\\").replace('"', '\\"') + '"')
        elif verb in "fFeEgGxX":
            out.append(part % a)
        else:
            out.append(sprint(a))
    return "".join(out)


def sprint(v) -> str:
    """fmt.Sprint of a decoded JSON value."""
    if v is NO_VALUE:
        return "<no value>"
    if v is None:
        return "<nil>"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, float):
        from .table import go_float
        return go_float(v)
    if isinstance(v, dict):
        return "map[" + " ".join(f"{k}:{sprint(v[k])}" for k in sorted(v)) + "]"
    if isinstance(v, list):
        return "[" + " ".join(sprint(x) for x in v) + "]"
    return str(v)


def _eval_pipeline(decl_pipe, dot, ctx: Context):
    decl, commands = decl_pipe
    value = NO_VALUE
    first = True
    for cmd in commands:
        args = [_eval_operand(op, dot, ctx) for op in cmd[1:]] if cmd else []
        head = cmd[0] if cmd else ("lit", "")
        if not first:
            args.append(value)
        if head[0] == "func":
            value = _call(head[1], args, ctx)
        else:
            value = _eval_operand(head, dot, ctx)
        first = False
    if decl:
        ctx.vars[-1][decl[-1]] = value
        return None
    return value


def _eval_operand(op, dot, ctx: Context):
    kind, v = op
    if kind == "lit":
        return v
    if kind == "field":
        if v == ".":
            return dot
        if v == "$":
            return ctx.lookup("$")
        return _field(v, dot, ctx)
    if kind == "pipe":
        return _eval_pipeline(([], v), dot, ctx)
    if kind == "chain":
        inner, path = v
        return _field(path, _eval_operand(inner, dot, ctx), ctx)
    if kind == "func":
        return _call(v, [], ctx)
    raise TemplateError(f"bad operand {op}")


def execute(nodes: list, dot, ctx: Context, out: list) -> None:
    for node in nodes:
        kind = node[0]
        if kind == "text":
            out.append(node[1])
        elif kind == "action":
            value = _eval_pipeline(node[1], dot, ctx)
            if node[1][0]:
                continue
            out.append(sprint(value))
        elif kind == "if":
            value = _eval_pipeline(node[1], dot, ctx)
            branch = node[2] if _truth(value) else node[3]
            if branch:
                execute(branch, dot, ctx, out)
        elif kind == "with":
            value = _eval_pipeline(([], node[1][1]), dot, ctx)
            if _truth(value):
                execute(node[2], value, ctx, out)
            elif node[3]:
                execute(node[3], dot, ctx, out)
        elif kind == "range":
            decl, commands = node[1]
            value = _eval_pipeline(([], commands), dot, ctx)
            items = list(value.items()) if isinstance(value, dict) else \
                list(enumerate(value)) if isinstance(value, list) else []
            if isinstance(value, dict):
                items.sort()
            if not items and node[3]:
                execute(node[3], dot, ctx, out)
            for k, v in items:
                ctx.vars.append({})
                if len(decl) == 2:
                    ctx.vars[-1][decl[0]], ctx.vars[-1][decl[1]] = k, v
                elif len(decl) == 1:
                    ctx.vars[-1][decl[0]] = v
                execute(node[2], v, ctx, out)
                ctx.vars.pop()


class GoTemplatePrinter:
    def __init__(self, template: str, allow_missing_keys: bool = True):
        self.template = template
        self.allow_missing = allow_missing_keys
        try:
            self.nodes = parse(template)
        except TemplateError as e:
            raise error(f"error parsing template {template}, template: output:1: {e}") from None

    def print(self, obj, out) -> None:
        buf: list[str] = []
        try:
            execute(self.nodes, obj, Context(obj, self.allow_missing), buf)
        except (TemplateError, KeyError, IndexError, TypeError) as e:
            out.write("".join(buf))
            raise error(f"error executing template {self.template!r}: template: output:1: {e}") from None
        out.write("".join(buf))
