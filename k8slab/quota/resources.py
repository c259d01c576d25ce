"""Resource lists ({name: Quantity}) and the arithmetic quota does on them.

Follows `staging/src/k8s.io/apiserver/pkg/quota/v1/resources.go` (Add, SubtractWithNonNegativeResult,
Mask, LessThanOrEqual, RemoveZeros, IsNegative, ResourceNames) and Quantity.Add/Sub of
`apimachinery/pkg/api/resource/quantity.go`: a sum takes the format of its left operand unless that
operand is zero, so `0 + 1Gi` prints `1Gi` and `100m + 200m` prints `300m`.
"""

from __future__ import annotations

from fractions import Fraction

from ..api.validation.quantity import Quantity, QuantityError, parse_quantity

ZERO = Quantity(Fraction(0), "DecimalSI")


def qty(n) -> Quantity:
    """resource.NewQuantity(n, DecimalSI)."""
    return Quantity(Fraction(n), "DecimalSI")


def add_quantity(a: Quantity, b: Quantity) -> Quantity:
    return Quantity(a.value + b.value, b.format if a.value == 0 else a.format)


def sub_quantity(a: Quantity, b: Quantity) -> Quantity:
    return Quantity(a.value - b.value, b.format if a.value == 0 else a.format)


def parse_list(wire: dict | None) -> dict[str, Quantity]:
    """A ResourceList from the wire; values that do not parse are left out."""
    out = {}
    for k, v in (wire or {}).items():
        try:
            out[k] = parse_quantity(v)
        except QuantityError:
            pass
    return out


def to_wire(rl: dict[str, Quantity]) -> dict[str, str]:
    """A ResourceList as the API writes it: canonical strings, keys sorted (Go marshals maps so)."""
    return {k: str(rl[k]) for k in sorted(rl)}


def add(a: dict, b: dict) -> dict:
    out = dict(a)
    for k, v in b.items():
        out[k] = add_quantity(out[k], v) if k in out else v
    return out


def subtract_non_negative(a: dict, b: dict) -> dict:
    """SubtractWithNonNegativeResult: a - b, floored at zero, for the keys of a and b."""
    out = {}
    for k in list(a) + [k for k in b if k not in a]:
        v = sub_quantity(a.get(k, ZERO), b[k]) if k in b else a[k]
        out[k] = v if v.value > 0 else Quantity(Fraction(0), v.format)
    return out


def mask(rl: dict, names) -> dict:
    names = set(names)
    return {k: v for k, v in rl.items() if k in names}


def less_than_or_equal(a: dict, b: dict) -> tuple[bool, list[str]]:
    """Whether every a[k] <= b[k] for the keys both have; the keys that exceed."""
    exceeded = [k for k, v in a.items() if k in b and v.value > b[k].value]
    return not exceeded, exceeded


def remove_zeros(rl: dict) -> dict:
    return {k: v for k, v in rl.items() if v.value != 0}


def is_negative(rl: dict) -> list[str]:
    return [k for k, v in rl.items() if v.value < 0]


def equals(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(a[k].value == b[k].value for k in a)


def pretty_print(rl: dict) -> str:
    """prettyPrint: `name=value` pairs sorted by name, comma-separated."""
    return ",".join(f"{k}={rl[k]}" for k in sorted(rl))
