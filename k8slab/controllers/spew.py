"""What ComputeHash hashes: a pod template printed as go-spew prints a Go value with `%#v`.

`controller.ComputeHash` feeds `hashutil.DeepHashObject` the typed v1.PodTemplateSpec, and that
prints it with go-spew (`spew.ConfigState{Indent: " ", SortKeys: true, DisableMethods: true,
SpewKeys: true}`, verb `%#v`, from `davecgh/go-spew/spew/format.go`): every field of every Go
struct in declaration order, zero values included, each value prefixed by its Go type --

    (v1.PodTemplateSpec){ObjectMeta:(v1.ObjectMeta){Name:(string) GenerateName:(string) ...

-- map keys sorted, slice and map elements without types, nil pointers, slices and maps as
`<nil>`. So the hash of a template depends on the Go types of the Kubernetes version that
computes it; `gotypes/` lists their field order for v1.11 (the booklet) and v1.33 (today).

Checked against hashes printed by real clusters: the booklet's 3731017676 (`redis-7c7545cbcb`)
and 663450821 (`redis-bb7894d65`) on v1.11, `nginx-deployment-647677fc66` on v1.32/v1.33.

This module rebuilds the typed value from the wire dict as the controller-manager's client would
decode it (protobuf: an empty list or map arrives as nil) and prints it the same way, including
resource.Quantity's internals (`ParseQuantity`'s int64 fast path and its cached string).

Differences from upstream: a non-null metav1.Time inside a template prints as the zero time
(templates carry `creationTimestamp: null`); quantities outside the int64 fast path print an
approximation of inf.Dec.
"""

from __future__ import annotations

import importlib
import re

BUILTIN_INTS = {"int", "int32", "int64", "uint8", "uint64", "byte"}
_VERSIONS = {"book": "v1_11", "current": "v1_33"}


def types_for(profile: str) -> dict:
    return importlib.import_module(f".gotypes.{_VERSIONS.get(profile, 'v1_33')}", __package__).TYPES


def type_string(expr: str) -> str:
    """reflect.Type.String(): package name, not path (`core.Container` -> `v1.Container`)."""
    return re.sub(r"\b(core|meta)\.", "v1.", expr)


def _split_map(expr: str) -> tuple[str, str]:
    depth, i = 0, 4                            # after "map["
    while True:
        ch = expr[i]
        if ch == "[":
            depth += 1
        elif ch == "]":
            if depth == 0:
                return expr[4:i], expr[i + 1:]
            depth -= 1
        i += 1


class Printer:
    def __init__(self, types: dict):
        self.types = types
        self._fields: dict[str, list] = {}

    def fields(self, key: str) -> list[tuple]:
        out = self._fields.get(key)
        if out is None:
            out = []
            for part in self.types[key].split("; "):
                name, typ, js, flags = part.split(" ")
                out.append((name, typ, "" if js == "-" else js, "e" in flags))
            self._fields[key] = out
        return out

    def underlying(self, expr: str) -> str:
        while expr in self.types and self.types[expr].startswith("="):
            expr = self.types[expr][1:]
        return expr

    def fmt(self, expr: str, val, ignore_type: bool = False) -> str:
        if expr.startswith("*"):
            if val is None:
                return "<nil>" if ignore_type else f"({type_string(expr)})<nil>"
            head = "" if ignore_type else f"({type_string(expr)})"
            return head + self.fmt(expr[1:], val, True)
        prefix = "" if ignore_type else f"({type_string(expr)})"
        return prefix + self.value(expr, val)

    def value(self, expr: str, val) -> str:
        special = _SPECIAL.get(expr)
        if special is not None:
            return special(self, val)
        base = self.underlying(expr)
        if base in ("string", "types.UID"):
            return "" if val is None else str(val)
        if base in BUILTIN_INTS:
            return str(int(val or 0))
        if base == "bool":
            return "true" if val else "false"
        if base.startswith("[]"):
            if not val:
                return "<nil>"                 # protobuf decodes empty lists as nil slices
            return "[" + " ".join(self.fmt(base[2:], x, True) for x in val) + "]"
        if base.startswith("map["):
            if not val:
                return "<nil>"                 # nil and empty maps alike arrive as nil maps
            k_expr, v_expr = _split_map(base)
            items = sorted(val.items())
            return "map[" + " ".join(f"{self.fmt(k_expr, k, True)}:{self.fmt(v_expr, v, True)}"
                                     for k, v in items) + "]"
        if base in self.types:
            return self.struct(base, val or {})
        raise KeyError(f"no Go type layout for {expr}")

    def struct(self, key: str, obj: dict) -> str:
        parts = []
        for name, typ, js, embedded in self.fields(key):
            v = obj if embedded else obj.get(js or name)
            parts.append(f"{name}:{self.fmt(typ, v)}")
        return "{" + " ".join(parts) + "}"


# ---- values whose Go form is not their JSON form ----------------------------------------------

def _time(p: Printer, val) -> str:
    return "{Time:(time.Time){wall:(uint64)0 ext:(int64)0 loc:(*time.Location)<nil>}}"


def _int_or_string(p: Printer, val) -> str:
    if isinstance(val, int):
        return f"{{Type:(intstr.Type)0 IntVal:(int32){val} StrVal:(string)}}"
    return f"{{Type:(intstr.Type)1 IntVal:(int32)0 StrVal:(string){val or ''}}}"


_SUFFIXES = {"Ki": (2, 10), "Mi": (2, 20), "Gi": (2, 30), "Ti": (2, 40), "Pi": (2, 50), "Ei": (2, 60),
             "n": (10, -9), "u": (10, -6), "m": (10, -3), "": (10, 0), "k": (10, 3), "M": (10, 6),
             "G": (10, 9), "T": (10, 12), "P": (10, 15), "E": (10, 18)}
_QTY = re.compile(r"^([+-]?)0*(\d*)(?:\.(\d*))?([eE][+-]?\d+|[a-zA-Z]*)$")


def _quantity(p: Printer, val) -> str:
    """resource.Quantity after ParseQuantity: {i: int64Amount, d: infDecAmount, s, Format}."""
    text = str(val if val is not None else "").strip()
    value, scale, s, fmt_ = _parse_quantity(text)
    if value is None:                          # outside the int64 fast path
        return ("{i:(resource.int64Amount){value:(int64)0 scale:(resource.Scale)0} "
                f"d:(resource.infDecAmount){{Dec:(*inf.Dec){{unscaled:(big.Int){{neg:(bool)false abs:(big.nat)<nil>}} "
                f"scale:(inf.Scale)0}}}} s:(string) Format:(resource.Format){fmt_}}}")
    return (f"{{i:(resource.int64Amount){{value:(int64){value} scale:(resource.Scale){scale}}} "
            f"d:(resource.infDecAmount){{Dec:(*inf.Dec)<nil>}} s:(string){s} Format:(resource.Format){fmt_}}}")


def _parse_quantity(text: str):
    """(int64 value or None, scale, cached string, format), following ParseQuantity's fast path."""
    if text == "0":
        return 0, 0, "0", "DecimalSI"
    m = _QTY.match(text)
    if not m:
        return None, 0, "", "DecimalSI"
    sign, num, denom, suffix = m.group(1), m.group(2) or "0", m.group(3) or "", m.group(4)
    if suffix[:1] in ("e", "E"):
        base, exponent, fmt_ = 10, int(suffix[1:]), "DecimalExponent"
    elif suffix in _SUFFIXES:
        base, exponent = _SUFFIXES[suffix]
        fmt_ = "BinarySI" if base == 2 else "DecimalSI"
    else:
        return None, 0, "", "DecimalSI"
    mantissa = 1
    if base == 10:
        scale, precision = exponent, 18 - (len(num) + len(denom))
    elif exponent >= 0 and not denom:
        scale, mantissa = 0, 1 << exponent
        precision = 15 - len(num) - int(exponent * 3 / 10) - 1
    else:
        return None, 0, "", fmt_
    if precision < 0:
        return None, 0, "", fmt_
    scale -= len(denom)
    if scale < -9:
        return None, 0, "", fmt_
    shifted = num + denom
    result = int(shifted) * mantissa
    if result >= 2 ** 63:
        return None, 0, "", fmt_
    if sign == "-":
        result = -result
    canonical = ((exponent % 10 == 0 and int(shifted) & 7 != 0) if fmt_ == "BinarySI"
                 else (scale % 3 == 0 and not shifted.endswith("000") and shifted[0] != "0"))
    return result, scale, text if canonical else "", fmt_


_SPECIAL = {"meta.Time": _time, "intstr.IntOrString": _int_or_string, "resource.Quantity": _quantity}

_PRINTERS: dict[str, Printer] = {}


def spew_template(template: dict, profile: str = "current") -> str:
    """The `%#v` text of a v1.PodTemplateSpec given as a wire dict."""
    printer = _PRINTERS.get(profile)
    if printer is None:
        printer = _PRINTERS[profile] = Printer(types_for(profile))
    return printer.fmt("core.PodTemplateSpec", template or {})
