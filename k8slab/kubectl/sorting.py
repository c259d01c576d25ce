"""`--sort-by=<jsonpath>`: ordering table rows and objects as kubectl does.

Follows `staging/src/k8s.io/kubectl/pkg/cmd/get/sorter.go` (TableSorter and RuntimeSorter: the
first value the JSONPath finds in each object; objects without it first; `couldn't find any
field with path ...` when no object has it; isLess: numbers numerically,
strings in natural order) and `github.com/fvbommel/sortorder` NaturalLess (digit runs compared
as numbers, digits before other characters).

Differences from upstream: Go's sort.Sort is not stable; ties keep their order here.
"""

from __future__ import annotations

from functools import cmp_to_key

from .errors import error
from .printers import jsonpath


def natural_less(a: str, b: str) -> bool:
    i = j = 0
    while i < len(a) and j < len(b):
        c1, c2 = a[i], b[j]
        d1, d2 = c1.isdigit(), c2.isdigit()
        if d1 != d2:
            return d1
        if not d1:
            if c1 != c2:
                return c1.encode() < c2.encode()
            i += 1
            j += 1
            continue
        while i < len(a) and a[i] == "0":
            i += 1
        while j < len(b) and b[j] == "0":
            j += 1
        nz1, nz2 = i, j
        while i < len(a) and a[i].isdigit():
            i += 1
        while j < len(b) and b[j].isdigit():
            j += 1
        if i - nz1 != j - nz2:
            return i - nz1 < j - nz2
        if a[nz1:i] != b[nz2:j]:
            return a[nz1:i] < b[nz2:j]
        if nz1 != nz2:
            return nz1 < nz2
    return len(a) < len(b)


def is_less(a, b) -> bool:
    if isinstance(a, bool) and isinstance(b, bool):
        return (not a) and b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a < b
    if isinstance(a, str) and isinstance(b, str):
        return natural_less(a, b)
    if isinstance(a, (dict, list)) or isinstance(b, (dict, list)):
        raise error(f"Field is an unsortable type: {type(a).__name__}")
    return str(a) < str(b)


def _keys(objects: list, field: str) -> list:
    expr = jsonpath.relaxed(field)
    try:
        nodes = jsonpath.parse(expr)
    except jsonpath.JSONPathError as e:
        raise error(f"error parsing jsonpath {expr}, {e}") from None
    steps = nodes[0][1] if nodes and nodes[0][0] == "list" else []
    keys = []
    found = False
    for obj in objects:
        values = jsonpath.find(steps, obj) if obj is not None else []
        keys.append(values[0] if values else None)
        found = found or bool(values)
    if objects and not found:
        raise error(f'couldn\'t find any field with path "{expr}" in the list of objects')
    return keys


def _order(keys: list) -> list[int]:
    def cmp(i: int, j: int) -> int:
        a, b = keys[i], keys[j]
        if a is None:
            return -1 if b is not None else 0
        if b is None:
            return 1
        if is_less(a, b):
            return -1
        if is_less(b, a):
            return 1
        return 0
    return sorted(range(len(keys)), key=cmp_to_key(cmp))


def sort_rows(rows: list[dict], field: str) -> list[dict]:
    """Table rows ordered by the field of their full objects (requested with includeObject=Object)."""
    keys = _keys([r.get("object") for r in rows], field)
    return [rows[i] for i in _order(keys)]


def sort_objects(objects: list[dict], field: str) -> list[dict]:
    keys = _keys(objects, field)
    return [objects[i] for i in _order(keys)]
