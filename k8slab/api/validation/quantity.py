"""Resource quantities: parsing `500m`, `1Gi`, `1e3`, comparing them and printing the canonical form.

Follows `staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go` (ParseQuantity, the
suffixes of suffix.go, CanonicalizeBytes: DecimalSI/DecimalExponent print the mantissa with an
exponent that is a multiple of 3, BinarySI prints a power of 1024 when exact and falls back to
DecimalSI below 1024 or when not an integer) and `pkg/apis/core/v1/defaults.go`
SetDefaults_ResourceList (values are rounded up to milli precision).

Differences from upstream: values are exact Python Fractions (no int64/inf.Dec split); numbers
beyond upstream's maximum are not clamped.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

QUANTITY_ERROR = ("quantities must match the regular expression "
                  "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")

_BINARY = {"Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60}
_DECIMAL = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
_DEC_SUFFIX = {v: k for k, v in _DECIMAL.items()}
_BIN_SUFFIX = {v: k for k, v in _BINARY.items()}
_RE = re.compile(r"^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$")


class QuantityError(ValueError):
    pass


class Quantity:
    """An exact value plus the format it was written in (DecimalSI, BinarySI, DecimalExponent)."""

    __slots__ = ("value", "format")

    def __init__(self, value: Fraction, fmt: str = "DecimalSI"):
        self.value, self.format = value, fmt

    def __repr__(self):
        return f"Quantity({str(self)!r})"

    def __eq__(self, other):
        return isinstance(other, Quantity) and self.value == other.value

    def __lt__(self, other):
        return self.value < other.value

    def __le__(self, other):
        return self.value <= other.value

    def __gt__(self, other):
        return self.value > other.value

    def milli_value(self) -> int:
        return math.ceil(self.value * 1000)

    def round_up_milli(self) -> "Quantity":
        return Quantity(Fraction(math.ceil(self.value * 1000), 1000), self.format)

    def __str__(self) -> str:
        v = self.value
        if v == 0:
            return "0"
        fmt = self.format
        if fmt == "BinarySI":
            if -1024 < v < 1024 or v.denominator != 1:
                fmt = "DecimalSI"
        if fmt == "BinarySI":
            n, exp = int(v), 0
            while n % 1024 == 0 and exp < 60:
                n //= 1024
                exp += 10
            return f"{n}{_BIN_SUFFIX.get(exp, '')}" if exp else str(n)
        # base-10: integer mantissa, exponent a multiple of 3
        exp = 0
        while (v * Fraction(10) ** -exp).denominator != 1:
            exp -= 3
        mant = int(v * Fraction(10) ** -exp)
        while mant % 1000 == 0 and mant != 0:
            mant //= 1000
            exp += 3
        if fmt == "DecimalExponent":
            return f"{mant}e{exp}" if exp else str(mant)
        if exp > 18:
            mant *= 10 ** (exp - 18)
            exp = 18
        if exp < -9:
            return f"{math.ceil(Fraction(mant) * Fraction(10) ** (exp + 9))}n"
        return f"{mant}{_DEC_SUFFIX[exp]}"


_PARSED: dict = {}                       # string -> Quantity or QuantityError (both immutable)
_PARSED_MAX = 4096


def parse_quantity(s) -> Quantity:
    """ParseQuantity: accepts JSON numbers as well as strings; raises QuantityError."""
    if type(s) is str:
        hit = _PARSED.get(s)
        if hit is None:
            try:
                hit = _parse_quantity(s)
            except QuantityError as e:
                hit = e
            if len(_PARSED) >= _PARSED_MAX:
                _PARSED.clear()
            _PARSED[s] = hit
        if isinstance(hit, QuantityError):
            raise QuantityError(*hit.args)
        return hit
    return _parse_quantity(s)


def _parse_quantity(s) -> Quantity:
    if isinstance(s, bool) or s is None:
        raise QuantityError(QUANTITY_ERROR)
    if isinstance(s, (int, float)):
        s = repr(s) if isinstance(s, float) else str(s)
    s = s.strip() if isinstance(s, str) else s
    m = _RE.match(s or "")
    if not m:
        raise QuantityError(QUANTITY_ERROR)
    num, suffix = m.groups()
    if num.count(".") > 1 or num.strip("+-") in ("", "."):
        raise QuantityError(QUANTITY_ERROR)
    value = Fraction(num)
    if suffix in _BINARY:
        return Quantity(value * 2 ** _BINARY[suffix], "BinarySI")
    if suffix in _DECIMAL:
        return Quantity(value * Fraction(10) ** _DECIMAL[suffix], "DecimalSI")
    em = re.match(r"^[eE]([-+]?[0-9]+)$", suffix)
    if em:
        return Quantity(value * Fraction(10) ** int(em.group(1)), "DecimalExponent")
    raise QuantityError(QUANTITY_ERROR)


_CANONICAL: dict = {}


def canonical(s) -> str:
    """The string the apiserver stores for a quantity: rounded up to milli, canonical suffix."""
    if type(s) is str:
        out = _CANONICAL.get(s)
        if out is None:
            out = str(parse_quantity(s).round_up_milli())
            if len(_CANONICAL) >= _PARSED_MAX:
                _CANONICAL.clear()
            _CANONICAL[s] = out
        return out
    return str(parse_quantity(s).round_up_milli())
