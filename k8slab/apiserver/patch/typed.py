"""Objects walked with their schema, as server-side apply sees them: field sets, comparisons,
merges and removals.

Follows `sigs.k8s.io/structured-merge-diff/v6/typed` (tofieldset.go, compare.go, merge.go,
remove.go, helpers.go). The schema is `schema.py`'s: a list is a list-map (items named
`k:{...}` by their listMapKeys), a set (`v:...`) or atomic (one leaf, the default for lists
nobody described); a map or struct is granular unless marked atomic; an empty or absent list or
map on both sides counts as a leaf. A list-map key the item leaves out takes its schema default
(`protocol` is "TCP"), as SMD reads defaults from the OpenAPI schema.

Differences from upstream: every map is walked like a struct (SMD tells `map[string]T` from a
struct only to decide whether a non-empty map value is itself owned); a map or list emptied by a
removal disappears instead of becoming `null`; values of different JSON types are one modified
leaf, where SMD reports a validation error.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field as dc_field

import orjson

from .fieldpath import FIELD, key_element, value_element
from .schema import NO_META, FieldMeta, Struct

MISSING = object()                       # "no value here" (absent), unlike None (JSON null)
KEY_DEFAULTS = {"protocol": "TCP"}       # OpenAPI defaults of list-map key fields


def _is_map(v) -> bool:
    return isinstance(v, dict)


def _empty(v) -> bool:
    return v is MISSING or v is None or v == {} or v == []


def _granular(l, r, meta: FieldMeta, struct: Struct) -> str:
    """"map", "list" or "" (a leaf) for the pair of values at one path.

    `struct` is the schema of the value (of a list's items, for a list)."""
    kinds = {type(v) for v in (l, r) if v is not MISSING and v is not None}
    if kinds == {dict} and not (_empty(l) and _empty(r)) and not (meta.atomic or struct.atomic):
        return "map"
    if kinds == {list} and meta.list_type in ("map", "set") and not (_empty(l) and _empty(r)):
        return "list"
    return ""


def item_element(item, meta: FieldMeta) -> tuple:
    """listItemToPathElement: the `k:` or `v:` element naming a list item."""
    if meta.list_type == "set":
        return value_element(item)
    if not isinstance(item, dict):
        raise ValueError("associative list with keys may not have non-map elements")
    keys = {k: item.get(k, KEY_DEFAULTS.get(k)) for k in meta.list_map_keys}
    keys = {k: v for k, v in sorted(keys.items()) if v is not None}
    if not keys:
        raise ValueError("associative list with keys has an element that omits all key fields "
                         f"{json.dumps(list(meta.list_map_keys))} (and doesn't have default values "
                         "for any key fields)")
    return key_element(keys)


def _items(lst, meta: FieldMeta) -> list[tuple]:
    return [(item_element(x, meta), x) for x in lst] if isinstance(lst, list) else []


# ---- ToFieldSet ----------------------------------------------------------------------------------

def field_set(obj: dict, schema: Struct) -> set:
    """ToFieldSet: what an applied configuration claims (its leaves and list items)."""
    out: set = set()
    _to_set(obj, schema, NO_META, (), out)
    return out


def _to_set(v, struct: Struct, meta: FieldMeta, path: tuple, out: set) -> None:
    kind = _granular(v, MISSING, meta, struct)
    if kind == "map":
        for k, x in v.items():
            sub, m = struct.lookup(k)
            _to_set(x, sub, m, path + ((FIELD, k),), out)
            if x is None or x == {}:
                out.add(path + ((FIELD, k),))
    elif kind == "list":
        pes = [pe for pe, _ in _items(v, meta)]
        for pe, x in _items(v, meta):
            if pes.count(pe) > 1:
                out.add(path + (pe,))
                continue
            _to_set(x, struct, NO_META, path + (pe,), out)
            out.add(path + (pe,))
    elif isinstance(v, dict) and not (meta.atomic or struct.atomic):
        return                  # an empty map: its parent owns it as a leaf
    elif isinstance(v, list) and meta.list_type in ("map", "set"):
        return                  # an empty list-map or set owns nothing
    else:
        out.add(path)


# ---- Compare -------------------------------------------------------------------------------------

@dataclass
class Comparison:
    """typed.Comparison: paths added, modified and removed between two objects."""
    added: set = dc_field(default_factory=set)
    modified: set = dc_field(default_factory=set)
    removed: set = dc_field(default_factory=set)


def compare(old, new, schema: Struct) -> Comparison:
    cmp = Comparison()
    _compare(old, new, schema, NO_META, (), cmp)
    cmp.added.discard(())
    cmp.removed.discard(())
    return cmp


def equal(a, b) -> bool:
    """value.Equals: numbers by value (1 == 1.0), everything else by type and content."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(equal(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def _same(l, r) -> bool:
    """Containers equal in type and content at every level (true is not 1, 1 is not 1.0): no
    path below them can be added, modified or removed. Checked in C before walking in Python."""
    if l is r:
        return True
    if type(l) is not type(r) or l != r:
        return False
    try:
        return orjson.dumps(l, option=orjson.OPT_SORT_KEYS) == orjson.dumps(r, option=orjson.OPT_SORT_KEYS)
    except TypeError:
        return False


def _added(v, struct: Struct, meta: FieldMeta, path: tuple, out: set) -> None:
    """What _compare(MISSING, v) adds: every path of `v` (a new subtree), walked directly."""
    t = type(v)
    if t is dict and v and not (meta.atomic or struct.atomic):
        lookup = struct.lookup
        for k, x in v.items():
            sub, m = lookup(k)
            _added(x, sub, m, path + ((FIELD, k),), out)
    elif t is list and v and meta.list_type in ("map", "set"):
        for pe, x in dict(_items(v, meta)).items():
            _added(x, struct, NO_META, path + (pe,), out)
    out.add(path)


def _compare(l, r, struct: Struct, meta: FieldMeta, path: tuple, cmp: Comparison) -> None:
    if l is MISSING:
        _added(r, struct, meta, path, cmp.added)
        return
    if type(l) in (dict, list) and _same(l, r):
        return
    kind = _granular(l, r, meta, struct)
    if not kind:
        if l is MISSING:
            cmp.added.add(path)
        elif r is MISSING:
            cmp.removed.add(path)
        elif not equal(l, r):
            cmp.modified.add(path)
        return
    if kind == "map":
        lm, rm = l if _is_map(l) else {}, r if _is_map(r) else {}
        for k in list(lm) + [k for k in rm if k not in lm]:
            sub, m = struct.lookup(k)
            _compare(lm.get(k, MISSING), rm.get(k, MISSING), sub, m, path + ((FIELD, k),), cmp)
    else:
        li, ri = dict(_items(l, meta)), dict(_items(r, meta))
        for pe in list(li) + [pe for pe in ri if pe not in li]:
            _compare(li.get(pe, MISSING), ri.get(pe, MISSING), struct, NO_META,
                     path + (pe,), cmp)
    if l is MISSING:
        cmp.added.add(path)
    elif r is MISSING:
        cmp.removed.add(path)


# ---- Merge ---------------------------------------------------------------------------------------

def merge(live, config, schema: Struct):
    """TypedValue.Merge: `config` over `live`; list-maps and sets merged item by item."""
    out = _merge(live, config, schema, NO_META)
    return {} if out is MISSING else out


def _merge(l, r, struct: Struct, meta: FieldMeta):
    kind = _granular(l, r, meta, struct)
    if not kind:
        return r if r is not MISSING else l
    if kind == "map":
        lm, rm = l if _is_map(l) else {}, r if _is_map(r) else {}
        out = {}
        for k in list(lm) + [k for k in rm if k not in lm]:
            sub, m = struct.lookup(k)
            v = _merge(lm.get(k, MISSING), rm.get(k, MISSING), sub, m)
            if v is not MISSING:
                out[k] = v
        return out or MISSING
    return _merge_list_items(_items(l, meta), _items(r, meta), struct) or MISSING


def _merge_list_items(lhs: list, rhs: list, item_struct: Struct) -> list:
    """visitListItems: the live order, with the config's new items where the config puts them."""
    seen_l, seen_r = dict(lhs), dict(rhs)
    shared = [pe for pe, _ in rhs if pe in seen_l]
    next_shared = shared.pop(0) if shared else None
    merged_r: set = set()
    out, li, ri = [], 0, 0

    def item(pe):
        v = _merge(seen_l.get(pe, MISSING), seen_r.get(pe, MISSING), item_struct, NO_META)
        if v is not MISSING:
            out.append(v)

    while li < len(lhs) or ri < len(rhs):
        if li < len(lhs) and ri < len(rhs):
            pe = lhs[li][0]
            if pe == rhs[ri][0]:
                merged_r.add(pe)
                item(pe)
                li, ri = li + 1, ri + 1
                next_shared = shared.pop(0) if shared else None
                continue
            if pe in seen_r and next_shared is not None and next_shared != pe:
                li += 1
                continue
        if li < len(lhs):
            pe = lhs[li][0]
            if pe not in seen_r:
                v = _merge(lhs[li][1], MISSING, item_struct, NO_META)
                if v is not MISSING:
                    out.append(v)
                li += 1
                continue
            if pe in merged_r:
                li += 1
        if ri < len(rhs):
            pe = rhs[ri][0]
            merged_r.add(pe)
            item(pe)
            ri += 1
            if next_shared is not None and next_shared == pe:
                next_shared = shared.pop(0) if shared else None
    return out


# ---- RemoveItems ---------------------------------------------------------------------------------

def remove_items(obj: dict, paths: set, schema: Struct) -> dict:
    """TypedValue.RemoveItems: drop every owned path (a member path takes its subtree along)."""
    out = _remove(obj, paths, schema, NO_META)
    return {} if out is MISSING else out


def _remove(v, paths: set, struct: Struct, meta: FieldMeta):
    kind = _granular(v, MISSING, meta, struct)
    if kind == "map":
        out = {}
        for k, x in v.items():
            pe = (FIELD, k)
            if (pe,) in paths:
                continue
            below = {p[1:] for p in paths if len(p) > 1 and p[0] == pe}
            if below:
                sub, m = struct.lookup(k)
                x = _remove(x, below, sub, m)
                if x is MISSING:
                    continue
            out[k] = x
        return out or MISSING
    if kind == "list":
        out = []
        for pe, x in _items(v, meta):
            if (pe,) in paths:
                continue
            below = {p[1:] for p in paths if len(p) > 1 and p[0] == pe}
            if below:
                x = _remove(x, below, struct, NO_META)
                if x is MISSING:
                    x = {}
            out.append(x)
        return out or MISSING
    return v
