"""JSON as Go's apiserver reads and prints it: strict decoding, `%v` / `%T` printing, Marshal.

Follows `sigs.k8s.io/json` (UnmarshalStrict: duplicate and unknown fields become "strict errors"
named by their path, e.g. `duplicate field "spec.replicas"`, `unknown field "[0].values"`),
`encoding/json` (type-mismatch messages, Marshal's sorted keys and HTML escaping) and `fmt`
(`%v` of maps, slices and floats), because upstream's patch errors print values that way.

Differences from upstream: integers beyond int64 stay Python ints instead of becoming float64.
"""

from __future__ import annotations

import json
from decimal import Decimal


class _Pairs(list):
    """An object as decoded, before duplicates are resolved: a list of (key, value) pairs."""


def _reject_constant(name):
    raise ValueError(f"invalid character '{name[0]}' looking for beginning of value")


def valid(body: bytes) -> bool:
    """encoding/json.Valid: one JSON value, nothing after it (NaN and Infinity are not JSON)."""
    try:
        json.loads(body.decode("utf-8", "replace"), parse_constant=_reject_constant)
        return True
    except ValueError:
        return False


def loads_strict(body: bytes) -> tuple[object, list[str]]:
    """Decode a valid JSON body; also return its duplicate fields as upstream's strict errors."""
    raw = json.loads(body.decode("utf-8", "replace"), object_pairs_hook=_Pairs,
                     parse_constant=_reject_constant)
    errors: list[str] = []
    return _resolve(raw, "", errors), errors


def _resolve(v, path: str, errors: list[str]):
    if isinstance(v, _Pairs):
        out: dict = {}
        for k, x in v:
            p = f"{path}.{k}" if path else k
            if k in out:
                err = f"duplicate field {go_quote(p)}"
                if err not in errors:
                    errors.append(err)
            out[k] = _resolve(x, p, errors)
        return out
    if isinstance(v, list):
        return [_resolve(x, f"{path}[{i}]", errors) for i, x in enumerate(v)]
    return v


def go_quote(s: str) -> str:
    """strconv.Quote for the common case: double quotes, escapes, printable Unicode kept."""
    return json.dumps(s, ensure_ascii=False)


def json_kind(v) -> str:
    """The word encoding/json uses for a JSON value in "cannot unmarshal X into ..."."""
    return {dict: "object", list: "array", str: "string", bool: "bool"}.get(type(v), "number")


def go_fmt(v) -> str:
    """fmt's %v of a JSON value as Go holds it: map[k:v ...] (keys sorted), [a b], <nil>."""
    if v is None:
        return "<nil>"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return _go_float(v)
    if isinstance(v, dict):
        return "map[" + " ".join(f"{k}:{go_fmt(v[k])}" for k in sorted(v)) + "]"
    if isinstance(v, list):
        return "[" + " ".join(go_fmt(x) for x in v) + "]"
    return str(v)


def go_s(v) -> str:
    """fmt's %s: strings as they are, anything else as Go's %!s(type=value) complaint."""
    if isinstance(v, str):
        return v
    if v is None:
        return "%!s(<nil>)"
    return f"%!s({go_type(v)}={go_fmt(v)})"


def _go_float(f: float) -> str:
    """strconv.FormatFloat(f, 'g', -1, 64): shortest digits, exponent form when exp < -4 or >= 6."""
    if f != f or f in (float("inf"), float("-inf")):
        return {"nan": "NaN", "inf": "+Inf", "-inf": "-Inf"}[repr(f)]
    if f == 0:
        return "-0" if repr(f).startswith("-") else "0"
    t = Decimal(repr(abs(f))).normalize().as_tuple()
    digits, exp = "".join(map(str, t.digits)), len(t.digits) + t.exponent - 1
    sign = "-" if f < 0 else ""
    if exp < -4 or exp >= 6:
        mant = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{sign}{mant}e{'-' if exp < 0 else '+'}{abs(exp):02d}"
    return sign + format(Decimal(repr(abs(f))).normalize(), "f")


def go_type(v) -> str:
    """reflect.TypeOf(v).String() for a decoded JSON value (%s of a nil Type for null)."""
    if v is None:
        return "%!s(<nil>)"
    return {bool: "bool", int: "int64", float: "float64", str: "string",
            dict: "map[string]interface {}", list: "[]interface {}"}.get(type(v), type(v).__name__)


def go_json(v) -> str:
    """encoding/json's Marshal: keys sorted, no spaces, and <, >, & escaped as Go does."""
    s = json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return (s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def same(a, b) -> bool:
    """Go's == on two interface{} values holding JSON scalars: same dynamic type, same value."""
    return type(a) is type(b) and a == b


def deep_equal(a, b) -> bool:
    """reflect.DeepEqual on decoded JSON: types must match all the way down (1 != 1.0)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(deep_equal(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(deep_equal(x, y) for x, y in zip(a, b))
    return a == b
