"""YAML exactly as kubectl prints it: sigs.k8s.io/yaml over go-yaml v2.

Follows `sigs.k8s.io/yaml` (Marshal = JSON, then JSONToYAML: the JSON is read back by go-yaml
and written out again) and its `goyaml.v2` fork: `encode.go` (stringv: a string with a newline
is a literal block; a string that would read back as something else -- `true`, `yes`, `null`,
`""`, `123`, `1.5`, a timestamp such as `2024-01-01T00:00:00Z`, a base-60 float -- is
double-quoted; otherwise the emitter chooses plain, then single quotes), `resolve.go` (YAML 1.1
resolution), `sorter.go` (map keys in "natural" order: digits compared as numbers, non-letters
before letters) and libyaml's emitter, which go-yaml ports line by line and PyYAML's C emitter
is: 80-column folding, indentless sequences in mappings, `{}` and `[]` for empty collections.

Events are built here and handed to the emitter, so PyYAML's own resolver never decides quoting.
"""

from __future__ import annotations

import math
import re

import yaml
from yaml.events import (DocumentEndEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent,
                         ScalarEvent, SequenceEndEvent, SequenceStartEvent, StreamEndEvent,
                         StreamStartEvent)

_Dumper = getattr(yaml, "CDumper", yaml.Dumper)

_BOOL_NULL_SPECIAL = {
    "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON",
    "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF",
    "", "~", "null", "Null", "NULL", ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF",
    "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
}   # ("<<" is in go-yaml's table too, but '<' is no resolve hint, so it is never looked up)
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_BASE60 = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
_TIMESTAMPS = (
    re.compile(r"^\d{4}-\d{1,2}-\d{1,2}[Tt]\d{1,2}:\d{1,2}:\d{1,2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$"),
    re.compile(r"^\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{1,2}:\d{1,2}(\.\d{1,9})?$"),
    re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$"),
)
_INT_DEC = re.compile(r"^[-+]?[0-9]+$")
_INT_PREFIXED = re.compile(r"^[-+]?0([xX][0-9a-fA-F]+|[oO][0-7]+|[bB][01]+|[0-7]+)$")


def resolves_to_str(s: str) -> bool:
    """go-yaml v2's resolve("", s) == !!str (and not a base-60 float): may be written plain."""
    if s in _BOOL_NULL_SPECIAL:
        return False
    c = s[0]
    if c == ".":
        try:
            float(s)
            return False
        except ValueError:
            return True
    if c in "+-0123456789":
        if any(t.match(s) for t in _TIMESTAMPS):
            return False
        plain = s.replace("_", "")
        if _INT_DEC.match(plain) or _INT_PREFIXED.match(plain) or _FLOAT.match(plain):
            return False
        if _BASE60.match(s):
            return False
    return True


def key_less(a: str, b: str) -> bool:
    """go-yaml v2's keyList.Less for two string keys."""
    for i in range(min(len(a), len(b))):
        ca, cb = a[i], b[i]
        if ca == cb:
            continue
        al, bl = ca.isalpha(), cb.isalpha()
        if al and bl:
            return ca < cb
        if al or bl:
            return bl
        an = bn = 0
        if ca == "0" or cb == "0":
            j = i - 1
            while j >= 0 and a[j].isdigit():
                if a[j] != "0":
                    an = bn = 1
                    break
                j -= 1
        ai = i
        while ai < len(a) and a[ai].isdigit():
            an = an * 10 + int(a[ai])
            ai += 1
        bi = i
        while bi < len(b) and b[bi].isdigit():
            bn = bn * 10 + int(b[bi])
            bi += 1
        if an != bn:
            return an < bn
        if ai != bi:
            return ai < bi
        return ca < cb
    return len(a) < len(b)


def sorted_keys(keys) -> list[str]:
    from functools import cmp_to_key
    keys = list(keys)
    if all(_simple(k) for k in keys):       # letters, '-', '.', '/' only: plain order agrees
        return sorted(keys)
    return sorted(keys, key=cmp_to_key(lambda a, b: -1 if key_less(a, b) else (1 if key_less(b, a) else 0)))


_SIMPLE = re.compile(r"^[A-Za-z]+$")


def _simple(k: str) -> bool:
    return bool(_SIMPLE.match(k))


def _scalar(value: str, style=None) -> ScalarEvent:
    return ScalarEvent(None, None, (True, True), value, style=style)


def format_float(f: float) -> str:
    """Go's strconv.FormatFloat(f, 'g', -1, 64) with YAML's spellings of the specials."""
    if math.isnan(f):
        return ".nan"
    if math.isinf(f):
        return ".inf" if f > 0 else "-.inf"
    if f == int(f) and abs(f) < 1e21:
        return str(int(f))
    r = repr(f)
    if "e" in r:
        mant, exp = r.split("e")
        sign = exp[0] if exp[0] in "+-" else "+"
        digits = exp.lstrip("+-").lstrip("0") or "0"
        return f"{mant}e{sign}{digits.zfill(2)}"
    return r


def _events(value, out: list) -> None:
    if isinstance(value, dict):
        out.append(MappingStartEvent(None, None, True, flow_style=False))
        for k in sorted_keys(value):
            _string(str(k), out)
            _events(value[k], out)
        out.append(MappingEndEvent())
    elif isinstance(value, (list, tuple)):
        out.append(SequenceStartEvent(None, None, True, flow_style=False))
        for v in value:
            _events(v, out)
        out.append(SequenceEndEvent())
    elif isinstance(value, str):
        _string(value, out)
    elif value is None:
        out.append(_scalar("null"))
    elif value is True:
        out.append(_scalar("true"))
    elif value is False:
        out.append(_scalar("false"))
    elif isinstance(value, int):
        out.append(_scalar(str(value)))
    elif isinstance(value, float):
        if value == int(value) and abs(value) < 1e21 and not math.isinf(value):
            out.append(_scalar(str(int(value))))       # JSON drops ".0"; go-yaml reads an int
        else:
            out.append(_scalar(format_float(value)))
    else:
        _string(str(value), out)


def _string(s: str, out: list) -> None:
    if "\n" in s:
        out.append(_scalar(s, "|"))
    elif resolves_to_str(s):
        out.append(_scalar(s))
    else:
        out.append(_scalar(s, '"'))


def dumps(value) -> str:
    """The YAML kubectl prints for a JSON-shaped value."""
    events: list = [StreamStartEvent(), DocumentStartEvent(explicit=False)]
    _events(value, events)
    events += [DocumentEndEvent(explicit=False), StreamEndEvent()]
    return yaml.emit(events, Dumper=_Dumper, allow_unicode=True)
