"""Tables for custom resources: a CRD version's additionalPrinterColumns, evaluated by simple JSONPath.

Follows `staging/src/k8s.io/apiextensions-apiserver/pkg/registry/customresource/tableconvertor/
tableconvertor.go` (NAME first, then one column per additionalPrinterColumn; `cellForJSONValue`
types integer/number/boolean/date; `string` columns printed as kubectl's JSONPath prints a value),
`.../pkg/apis/apiextensions/helpers.go` (`serveDefaultColumnsIfEmpty`: a version without columns
gets NAME and AGE) and `k8s.io/apimachinery/pkg/api/meta/table` (`MetaToTableRow`).

The JSONPath subset: `.field`, `['field.with.dots']`, `field\\.with\\.dots`, `[n]` (negative too),
`[*]`, `.*`, and filters `[?(@.a.b=="x")]`, `!=`, `[?(@.a)]`. A cell takes the first match; no match
gives a null cell (kubectl leaves it blank).

Differences from upstream: floats inside JSON-printed maps/lists follow Python's repr, not Go's
encoding/json; no recursive descent (`..`), slices or unions; CEL column expressions are not supported.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from .common import NAME, Printer, column, dig, human_duration, name_of, parse_time

_MISSING = object()
_STEP = re.compile(r"""
      \.\*                                         # .*  every value
    | \.((?:[^.\[\]\\]|\\.)+)                      # .name, with \. escapes
    | \[\s*(-?\d+)\s*\]                            # [3]
    | \[\s*\*\s*\]                                 # [*]
    | \[\s*'([^']*)'\s*\]|\[\s*"([^"]*)"\s*\]      # ['key'] or ["key"]
    | \[\s*\?\(\s*@((?:\.[^.=!<>()\s]+)+)\s*(?:(==|!=)\s*("[^"]*"|'[^']*'|[^)\s]+))?\s*\)\s*\]
""", re.VERBOSE)


def parse_json_path(path: str) -> list[tuple]:
    """`.status.conditions[?(@.type=="Ready")].status` -> steps; ValueError if outside the subset."""
    text = path.strip()
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1].strip()
    if text.startswith("$"):
        text = text[1:]
    if text and text[0] not in ".[":
        text = "." + text
    steps, pos = [], 0
    while pos < len(text):
        m = _STEP.match(text, pos)
        if not m:
            raise ValueError(f"unrecognized column definition {path!r}")
        field, index, quoted1, quoted2, filter_path, op, literal = m.groups()
        if m.group(0) == ".*" or m.group(0).replace(" ", "") == "[*]":
            steps.append(("all",))
        elif field is not None:
            steps.append(("field", re.sub(r"\\(.)", r"\1", field)))
        elif index is not None:
            steps.append(("index", int(index)))
        elif quoted1 is not None or quoted2 is not None:
            steps.append(("field", quoted1 if quoted1 is not None else quoted2))
        else:
            keys = filter_path[1:].split(".")
            steps.append(("filter", keys, op, _literal(literal) if op else None))
        pos = m.end()
    return steps


def _literal(text: str) -> Any:
    if text[0] in "'\"":
        return text[1:-1]
    if text in ("true", "false"):
        return text == "true"
    try:
        return json.loads(text)
    except ValueError:
        return text


def find_results(data: Any, steps: list[tuple]) -> list[Any]:
    """Every value the path reaches (missing keys are skipped, as with AllowMissingKeys)."""
    current = [data]
    for step in steps:
        following = []
        for value in current:
            if step[0] == "field" and isinstance(value, dict) and step[1] in value:
                following.append(value[step[1]])
            elif step[0] == "index" and isinstance(value, list) and -len(value) <= step[1] < len(value):
                following.append(value[step[1]])
            elif step[0] == "all" and isinstance(value, (list, dict)):
                following.extend(value if isinstance(value, list) else [value[k] for k in sorted(value)])
            elif step[0] == "filter" and isinstance(value, list):
                following.extend(item for item in value if _filter_matches(item, step))
        current = following
    return current


def _filter_matches(item: Any, step: tuple) -> bool:
    _, keys, op, wanted = step
    found = item
    for key in keys:
        if not isinstance(found, dict) or key not in found:
            return False
        found = found[key]
    if op is None:
        return found is not None
    return (found == wanted) == (op == "==")


# --- how a value becomes a cell ------------------------------------------------------------------

def go_float_text(f: float) -> str:
    """fmt.Sprint(float64): shortest digits, exponent form below 1e-4 or from 1e6 (`1e+06`)."""
    if f != f:
        return "NaN"
    if f in (float("inf"), float("-inf")):
        return "+Inf" if f > 0 else "-Inf"
    if f == 0:
        return "-0" if str(f).startswith("-") else "0"
    sign, digits, exponent = Decimal(repr(f)).normalize().as_tuple()
    digits = "".join(map(str, digits))
    point = len(digits) + exponent - 1            # exponent of the first digit
    minus = "-" if sign else ""
    if point < -4 or point >= 6:
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{minus}{mantissa}e{'+' if point >= 0 else '-'}{abs(point):02d}"
    return minus + format(Decimal(digits).scaleb(exponent), "f")


def _go_json(value: Any) -> str:
    """json.Marshal of a decoded value: compact, keys sorted, <>& escaped."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def jsonpath_text(value: Any) -> str:
    """How kubectl's JSONPath prints one value: maps and lists as JSON, scalars as Go prints them."""
    if isinstance(value, (dict, list)):
        return _go_json(value)
    if value is None:
        return "<no value>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return go_float_text(value)
    return str(value)


_DATE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def cell_for_json_value(column_type: str, value: Any, now: float) -> Any:
    """cellForJSONValue: a typed cell, or None when the value does not fit the column's type."""
    if value is None:
        return None
    if column_type == "integer" and not isinstance(value, bool):
        if isinstance(value, int):
            return value
        if isinstance(value, float):
            return int(value)
    elif column_type == "number" and not isinstance(value, bool) and isinstance(value, (int, float)):
        return float(value)
    elif column_type == "boolean" and isinstance(value, bool):
        return value
    elif column_type == "string" and isinstance(value, str):
        return value
    elif column_type == "date" and isinstance(value, str):
        if value in ("", "null"):
            return "<unknown>"
        if not _DATE.match(value):
            return "<invalid>"
        created = parse_time(value)
        return "<unknown>" if created is None else human_duration(now - created)
    return None


# --- the table convertor -------------------------------------------------------------------------

AGE_COLUMN = {"name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp",
              "description": "Time since the object was created (metadata.creationTimestamp)."}


def crd_printer(crd_version: dict) -> Printer:
    """The Printer for one entry of a CRD's spec.versions (or a v1beta1 CRD spec).

    A definition whose JSONPath cannot be parsed ends the column list there, as upstream serves the
    columns built so far when `tableconvertor.New` fails.
    """
    definitions = crd_version.get("additionalPrinterColumns") or [AGE_COLUMN]
    columns, paths = [NAME], []
    for definition in definitions:
        path = definition.get("jsonPath", definition.get("JSONPath", ""))
        try:
            paths.append(parse_json_path(path))
        except ValueError:
            break
        description = definition.get("description") or \
            f"Custom resource definition column (in JSONPath format): {path}"
        columns.append(column(definition.get("name", ""), definition.get("type", ""), description,
                              format=definition.get("format", ""),
                              priority=definition.get("priority", 0)))
    columns = tuple(columns)

    def cells(obj: dict, now: float) -> list:
        row = [name_of(obj)]
        for col, steps in zip(columns[1:], paths):
            results = find_results(obj, steps)
            if not results:
                row.append(None)
            elif col["type"] == "string":
                row.append(jsonpath_text(results[0]))
            else:
                row.append(cell_for_json_value(col["type"], results[0], now))
        return row

    return Printer(columns, cells)


def crd_version_for(crd: dict, version: str) -> dict:
    """The spec.versions entry named `version` (KeyError if the CRD has none)."""
    for entry in dig(crd, "spec", "versions", default=[]):
        if entry.get("name") == version:
            return entry
    raise KeyError(f"version {version} not found in CustomResourceDefinition: {name_of(crd)}")
