"""Field paths and field sets, the vocabulary of server-side apply's ownership.

Follows `sigs.k8s.io/structured-merge-diff/v6/fieldpath` (element.go, path.go, set.go,
serialize.go, serialize-pe.go). A path is a tuple of elements, one per step into an object:

    ("f", "spec")                        a field of a struct or a key of a map   f:spec
    ("k", '{"name":"nginx"}')            an item of a list keyed by listMapKeys  k:{"name":"nginx"}
    ("v", '"example.com/finalizer"')     an item of a set of scalars             v:"example.com/finalizer"
    ("i", 3)                             an item by position (unused by k8s kinds) i:3

Key and value elements hold their JSON text (keys sorted), which is also how FieldsV1 spells them.
A set is a Python set of such tuples. FieldsV1 is the nested-object encoding kept in
`metadata.managedFields[*].fieldsV1`: each element becomes a key holding the set below it, `{}`
for a leaf, and `".": {}` when a path is both owned itself and has owned children.

Differences from upstream: sets are flat Python sets, not the sorted trees SMD keeps; key values
are compared by their JSON text, so sorting orders `k:` entries by text where SMD compares typed
values (the same order for the string and integer keys Kubernetes uses).
"""

from __future__ import annotations

import json

import orjson

from .gojson import go_json

Path = tuple
FIELD, KEY, VALUE, INDEX = "f", "k", "v", "i"
_KIND_ORDER = {FIELD: 0, KEY: 1, VALUE: 2, INDEX: 3}


def field(name: str) -> tuple:
    return (FIELD, name)


def key_element(fields: dict) -> tuple:
    return (KEY, go_json(fields))


def value_element(v) -> tuple:
    return (VALUE, go_json(v))


def _sort_key(pe: tuple):
    kind, x = pe
    if kind == KEY:
        items = json.loads(x)
        return (1, [(k, _value_order(v)) for k, v in sorted(items.items())])
    if kind == VALUE:
        return (2, _value_order(json.loads(x)))
    return (_KIND_ORDER[kind], x)


def _value_order(v):
    """value.Compare's total order, roughly: null, bool, number, string, list, map."""
    if v is None:
        return (0, 0)
    if isinstance(v, bool):
        return (1, v)
    if isinstance(v, (int, float)):
        return (2, v)
    if isinstance(v, str):
        return (3, v)
    return (4, go_json(v))


def element_string(pe: tuple) -> str:
    """PathElement.String(): `.name`, `[name="nginx"]`, `[="value"]`, `[3]`."""
    kind, x = pe
    if kind == FIELD:
        return "." + x
    if kind == KEY:
        return "[" + ",".join(f"{k}={value_string(v)}" for k, v in json.loads(x).items()) + "]"
    if kind == VALUE:
        return f"[={value_string(json.loads(x))}]"
    return f"[{x}]"


def value_string(v) -> str:
    """value.ToString: strings quoted (%q), numbers and booleans bare."""
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ",".join(value_string(x) for x in v) + "]"
    if isinstance(v, dict):
        return "".join(f"{k}={value_string(x)}" for k, x in v.items())
    return str(v)


def path_string(path: Path) -> str:
    """Path.String(): `.spec.template.spec.containers[name="nginx"].image`."""
    return "".join(element_string(pe) for pe in path)


# ---- sets ----------------------------------------------------------------------------------------

def with_prefix(s: set, pe: tuple) -> set:
    """Set.WithPrefix: the paths below `pe`, with `pe` taken off."""
    return {p[1:] for p in s if len(p) > 1 and p[0] == pe}


def ensure_named_fields_are_members(s: set) -> set:
    """EnsureNamedFieldsAreMembers: a field that has owned children is owned itself too."""
    out = set(s)
    for p in s:
        for i in range(1, len(p)):
            if p[i - 1][0] == FIELD:
                out.add(p[:i])
    return out


def iterate(s: set) -> list:
    """Set.Iterate's order: at each level the members first, then the children's paths."""
    def walk(paths: set, prefix: tuple) -> list:
        heads = {p[0] for p in paths}
        members = sorted((pe for pe in heads if (pe,) in paths), key=_sort_key)
        children = sorted((pe for pe in heads if any(len(p) > 1 and p[0] == pe for p in paths)),
                          key=_sort_key)
        out = [prefix + (pe,) for pe in members]
        for pe in children:
            out += walk(with_prefix(paths, pe), prefix + (pe,))
        return out
    return walk(s, ())


# ---- FieldsV1 ------------------------------------------------------------------------------------

def element_to_json_key(pe: tuple) -> str:
    kind, x = pe
    return f"{kind}:{x}"


def element_from_json_key(k: str) -> tuple:
    kind, _, x = k.partition(":")
    if kind not in _KIND_ORDER or not _:
        raise ValueError(f"parsing JSON: unknown path element kind in {k!r}")
    if kind == INDEX:
        return (INDEX, int(x))
    if kind in (KEY, VALUE):
        return (kind, go_json(json.loads(x)))
    return (FIELD, x)


_ENCODED: dict = {}                    # frozenset of paths -> its FieldsV1 as JSON bytes
_DECODED: dict = {}                    # FieldsV1 as JSON bytes -> frozenset of paths
_CACHE_MAX = 256


def to_fields_v1(s: set) -> dict:
    """SetToFields, remembered: objects made from one template own the same field sets."""
    key = frozenset(s)
    raw = _ENCODED.get(key)
    if raw is None:
        raw = memoryview(orjson.dumps(_to_fields_v1(key))).tobytes()   # exact size, kept
        if len(_ENCODED) >= _CACHE_MAX:
            _ENCODED.clear()
        _ENCODED[key] = raw
    return orjson.loads(raw)              # a fresh dict: callers may change it


def from_fields_v1(fields: dict) -> set:
    """FieldsToSet, remembered by the FieldsV1 object's JSON."""
    try:
        raw = orjson.dumps(fields or {})
    except TypeError:
        return _from_fields_v1(fields)
    hit = _DECODED.get(raw)
    if hit is None:
        raw = memoryview(raw).tobytes()   # a kept key: exact size
        hit = frozenset(_from_fields_v1(fields))
        if len(_DECODED) >= _CACHE_MAX:
            _DECODED.clear()
        _DECODED[raw] = hit
    return set(hit)


def _to_fields_v1(s) -> dict:
    """SetToFields: the nested-object form, keys in SMD's order, "." first."""
    def build(paths: set, include_self: bool) -> dict:
        out: dict = {}
        if include_self and paths:
            out["."] = {}
        for pe in sorted({p[0] for p in paths}, key=_sort_key):
            below = with_prefix(paths, pe)
            out[element_to_json_key(pe)] = build(below, (pe,) in paths) if below else {}
        return out
    return build(s, False)


def _from_fields_v1(fields: dict) -> set:
    """FieldsToSet: the set a FieldsV1 object encodes."""
    out: set = set()

    def walk(node: dict, prefix: tuple):
        for k, sub in node.items():
            if k == ".":
                out.add(prefix)
                continue
            path = prefix + (element_from_json_key(k),)
            if sub:
                walk(sub, path)
            else:
                out.add(path)
    walk(fields or {}, ())
    out.discard(())
    return out
