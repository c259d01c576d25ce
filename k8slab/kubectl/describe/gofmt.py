"""How Go prints the values describe shows: `%v`, `time.RFC1123Z`, ages, quantities, selectors.

Follows Go's `fmt` (`%v`: `true`, `<nil>`, `[a b]`, `map[k:v]`, floats as strconv's shortest
`%g`: `1.5`, `1e+06`), `time.Time.Format(time.RFC1123Z)` in the local time zone (metav1.Time
unmarshals into `time.Local`), apimachinery's `duration.HumanDuration` and `resource.Quantity`
(`String()` is the canonical form; `Add` keeps the first operand's format unless it is zero),
and metav1's label selector helpers. Ages and selectors come from k8slab.api.printers.common,
quantities from k8slab.api.validation.quantity: the same code the server's tables use.

Differences from upstream: `%v` of a struct pointer is only written for the two reference types
volume sources hold (`&LocalObjectReference{Name:x,}`, `&SecretReference{...}`).
"""

from __future__ import annotations

import time
from decimal import Decimal

from ...api.printers.common import (format_label_selector, format_labels, human_duration, label_selector_string,
                                    parse_time)

__all__ = ["format_label_selector", "format_labels", "human_duration", "label_selector_string", "parse_time",
           "go_v", "go_float", "go_bool", "print_bool", "print_bool_ptr", "string_or_none", "ref_string",
           "rfc1123z", "since", "quantity", "quantity_string", "quantity_add", "milli_value", "value", "percent"]

ZERO_TIME_RFC1123Z = "Mon, 01 Jan 0001 00:00:00 +0000"
INT64_MIN = -(1 << 63)          # what Go's int64(x) gives for NaN and infinities on amd64


def go_v(value) -> str:
    """fmt's `%v` of a JSON value."""
    if value is None:
        return "<nil>"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float):
        return go_float(value)
    if isinstance(value, list):
        return "[" + " ".join(go_v(v) for v in value) + "]"
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{go_v(v)}" for k, v in sorted(value.items())) + "]"
    return str(value)


def go_float(f: float) -> str:
    """strconv.FormatFloat(f, 'g', -1, 64), as `%v` prints a float64."""
    if f != f:
        return "NaN"
    if f in (float("inf"), float("-inf")):
        return "+Inf" if f > 0 else "-Inf"
    if f == 0:
        return "-0" if str(f).startswith("-") else "0"
    sign, digits, exponent = Decimal(repr(f)).as_tuple()
    ds = "".join(map(str, digits)).rstrip("0") or "0"
    exponent += len(digits) - len(ds)
    dp = len(ds) + exponent                      # position of the decimal point
    neg = "-" if sign else ""
    exp = dp - 1
    if exp < -4 or exp >= 6:                     # shortest: %e below 1e-4 and from 1e6 up
        mant = ds[0] + ("." + ds[1:] if len(ds) > 1 else "")
        return f"{neg}{mant}e{'-' if exp < 0 else '+'}{abs(exp):02d}"
    if dp <= 0:
        return f"{neg}0.{'0' * -dp}{ds}"
    if dp >= len(ds):
        return f"{neg}{ds}{'0' * (dp - len(ds))}"
    return f"{neg}{ds[:dp]}.{ds[dp:]}"


def go_bool(value) -> str:
    return "true" if value else "false"


def print_bool(value) -> str:
    """describe.go printBool: `True`/`False`."""
    return "True" if value else "False"


def print_bool_ptr(value) -> str:
    return "<unset>" if value is None else print_bool(value)


def string_or_none(s: str) -> str:
    return s if s else "<none>"


def ref_string(kind: str, ref: dict | None) -> str:
    """`%v` of a *LocalObjectReference / *SecretReference (the generated String methods)."""
    if ref is None:
        return "<nil>"
    if kind == "SecretReference":
        return f"&SecretReference{{Name:{ref.get('name', '')},Namespace:{ref.get('namespace', '')},}}"
    return f"&LocalObjectReference{{Name:{ref.get('name', '')},}}"


# ---- time ------------------------------------------------------------------------------------

def rfc1123z(timestamp) -> str:
    """`t.Format(time.RFC1123Z)` of a metav1.Time, in the local zone; Go's zero time when unset."""
    t = parse_time(timestamp) if not isinstance(timestamp, (int, float)) else timestamp
    if t is None:
        return ZERO_TIME_RFC1123Z
    return time.strftime("%a, %d %b %Y %H:%M:%S %z", time.localtime(t))


def since(timestamp, now: float) -> str:
    """translateTimestampSince / translateMicroTimestampSince: `<unknown>` when unset."""
    t = parse_time(timestamp)
    if t is None:
        return "<unknown>"
    return human_duration(now - t)


# ---- quantities ------------------------------------------------------------------------------

def quantity(value):
    """A Quantity from a JSON value (None for a missing one)."""
    from ...api.validation.quantity import parse_quantity
    if value is None:
        return None
    try:
        return parse_quantity(value)
    except ValueError:
        return None


def quantity_string(q) -> str:
    """Quantity.String(): the canonical form; the zero Quantity prints `0`."""
    return "0" if q is None else str(q)


def quantity_add(a, b):
    """a.Add(b) (a may be None: a missing entry); the sum keeps a's format unless a is zero."""
    from ...api.validation.quantity import Quantity
    if a is None:
        return Quantity(b.value, b.format)
    return Quantity(a.value + b.value, b.format if a.value == 0 else a.format)


def milli_value(q) -> int:
    return 0 if q is None else q.milli_value()


def value(q) -> int:
    """Quantity.Value(): rounded up to an integer."""
    import math
    return 0 if q is None else math.ceil(q.value)


def percent(part: int, whole: int) -> int:
    """int64(float64(part) / float64(whole) * 100), Go's conversion of NaN/Inf included."""
    if whole == 0:
        return INT64_MIN
    return int(float(part) / float(whole) * 100)
