"""Copying API objects: they are JSON-shaped (dicts, lists, str, int, float, bool, None), so a JSON
round trip through orjson copies them many times faster than copy.deepcopy -- which matters in
the hot loops of controllers, patches and managedFields bookkeeping."""

from __future__ import annotations

import copy

import orjson


def deep_copy(obj):
    """A deep copy of a JSON-shaped value (anything else falls back to copy.deepcopy)."""
    if isinstance(obj, (dict, list)):
        try:
            return orjson.loads(orjson.dumps(obj))
        except TypeError:                       # not JSON-shaped (a set, bytes, an object)
            pass
    return copy.deepcopy(obj)


def without_managed_fields(obj):
    """`obj` without metadata.managedFields: a shallow copy (new top level and metadata, the rest
    shared), or `obj` itself when it has none. For reading; the input may be shared."""
    if isinstance(obj, dict):
        meta = obj.get("metadata")
        if meta and "managedFields" in meta:
            meta = dict(meta)
            del meta["managedFields"]
            obj = {**obj, "metadata": meta}
    return obj
