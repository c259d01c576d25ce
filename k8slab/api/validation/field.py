"""Field errors as upstream renders them: the reason type, the field path and `ErrorBody()`.

Follows `staging/src/k8s.io/apimachinery/pkg/util/validation/field/errors.go` (v1.32): Required and
Forbidden print no value; Invalid, NotSupported and Duplicate print the bad value after the type --
strings with Go's `%q`, numbers and booleans with `%v`, everything else with Go's `%#v`
(`map[string]string{"app":"x"}`, `v1.LabelSelector{...}`). The `go_*` helpers below build those
`%#v` texts from the plain dicts k8slab keeps, so messages match upstream byte for byte.

Differences from upstream: a Cause is a plain tuple; Go's internal struct names are spelled out by
hand for the few structs that appear in messages (LabelSelector, ServicePort, RoleRef, IntOrString,
DeploymentStrategy).
"""

from __future__ import annotations

Cause = tuple[str, str, str]          # (field path, reason type, message body)

REQUIRED = "FieldValueRequired"
INVALID = "FieldValueInvalid"
NOT_SUPPORTED = "FieldValueNotSupported"
FORBIDDEN = "FieldValueForbidden"
DUPLICATE = "FieldValueDuplicate"
TOO_LONG = "FieldValueTooLong"
TOO_MANY = "FieldValueTooMany"
NOT_FOUND = "FieldValueNotFound"
TYPE_INVALID = "FieldValueTypeInvalid"

IMMUTABLE = "field is immutable"
IS_NEGATIVE = "must be greater than or equal to 0"


class Go(str):
    """A value already rendered as Go's `%#v` would print it."""


def go_quote(s: str) -> str:
    """Go's strconv.Quote (`%q`): printable runes kept, the rest escaped."""
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch in "\a\b\f\n\r\t\v":
            out.append({"\a": r"\a", "\b": r"\b", "\f": r"\f", "\n": r"\n", "\r": r"\r",
                        "\t": r"\t", "\v": r"\v"}[ch])
        elif ch.isprintable():
            out.append(ch)
        elif o < 0x80:
            out.append(f"\\x{o:02x}")
        elif o < 0x10000:
            out.append(f"\\u{o:04x}")
        else:
            out.append(f"\\U{o:08x}")
    out.append('"')
    return "".join(out)


def render(value) -> str:
    """The value part of ErrorBody: `%q` for strings, `%v` for simple types, `%#v` otherwise."""
    if isinstance(value, Go):
        return str(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if value != int(value) else str(int(value))
    if isinstance(value, str):
        return go_quote(value)
    if isinstance(value, dict):
        return go_map(value)
    if isinstance(value, list):
        return go_strings(value)
    return str(value)


# ---- Go %#v helpers for the shapes that appear in upstream messages ----

def go_map(d: dict | None, typ: str = "map[string]string") -> str:
    if d is None:
        return f"{typ}(nil)"
    items = ", ".join(f"{go_quote(str(k))}:{go_quote(str(v))}" for k, v in sorted(d.items()))
    return f"{typ}{{{items}}}"


def go_strings(items: list | None, typ: str = "[]string") -> str:
    if items is None:
        return f"{typ}(nil)"
    return f"{typ}{{{', '.join(go_quote(str(i)) for i in items)}}}"


def go_struct(name: str, fields: list[tuple[str, str]]) -> str:
    return f"{name}{{{', '.join(f'{k}:{v}' for k, v in fields)}}}"


def go_label_selector(sel: dict | None) -> Go:
    """`v1.LabelSelector{MatchLabels:..., MatchExpressions:...}` (a nil pointer prints null)."""
    if sel is None:
        return Go("null")
    exprs = sel.get("matchExpressions")
    if exprs is None:
        rendered = "[]v1.LabelSelectorRequirement(nil)"
    else:
        parts = [go_struct("v1.LabelSelectorRequirement", [
            ("Key", go_quote(e.get("key", ""))), ("Operator", go_quote(e.get("operator", ""))),
            ("Values", go_strings(e.get("values")))]) for e in exprs]
        rendered = "[]v1.LabelSelectorRequirement{" + ", ".join(parts) + "}"
    return Go(go_struct("v1.LabelSelector", [("MatchLabels", go_map(sel.get("matchLabels"))),
                                             ("MatchExpressions", rendered)]))


def go_intstr(v) -> Go:
    if isinstance(v, str):
        return Go(f'intstr.IntOrString{{Type:1, IntVal:0, StrVal:{go_quote(v)}}}')
    return Go(f'intstr.IntOrString{{Type:0, IntVal:{int(v or 0)}, StrVal:""}}')


def go_ptr_nil(typ: str) -> str:
    return f"(*{typ})(nil)"


# ---- constructors, one per upstream field.* function ----

def _body(kind: str, value, detail: str, show_value: bool = True) -> str:
    s = kind if not show_value else f"{kind}: {render(value)}"
    return f"{s}: {detail}" if detail else s


def required(path: str, detail: str = "") -> Cause:
    return (path, REQUIRED, _body("Required value", None, detail, False))


def forbidden(path: str, detail: str) -> Cause:
    return (path, FORBIDDEN, _body("Forbidden", None, detail, False))


def invalid(path: str, value, detail: str) -> Cause:
    return (path, INVALID, _body("Invalid value", value, detail))


def invalids(path: str, value, messages: list[str]) -> list[Cause]:
    """One Invalid cause per message, as upstream's `for _, msg := range IsX(v)` loops build them."""
    return [invalid(path, value, msg) for msg in messages]


def not_supported(path: str, value, valid: list[str]) -> Cause:
    detail = "supported values: " + ", ".join(go_quote(v) for v in valid) if valid else ""
    return (path, NOT_SUPPORTED, _body("Unsupported value", value, detail))


def duplicate(path: str, value) -> Cause:
    return (path, DUPLICATE, _body("Duplicate value", value, ""))


def not_found(path: str, value) -> Cause:
    return (path, NOT_FOUND, _body("Not found", value, ""))


def too_long(path: str, max_length: int) -> Cause:
    return (path, TOO_LONG, f"Too long: may not be more than {max_length} bytes")


def too_many(path: str, actual: int, max_items: int) -> Cause:
    return (path, TOO_MANY, f"Too many: {actual}: must have at most {max_items} items")


def dedupe(causes: list[Cause]) -> list[Cause]:
    """ErrorList.ToAggregate drops repeated messages; keep the first of each."""
    seen, out = set(), []
    for c in causes:
        key = (c[0], c[2])
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out
