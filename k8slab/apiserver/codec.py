"""How objects sit in the store: compact JSON bytes without resourceVersion, decoded lazily.

Follows the etcd3 storage of `staging/src/k8s.io/apiserver/pkg/storage/etcd3/store.go`: the object
is encoded without its resourceVersion (`versioner.PrepareObjectForStorage`) and, on the way out,
gets the etcd mod_revision as its resourceVersion (`versioner.UpdateObject`).

Decoded objects are cached per (key, mod_revision) and shared: callers must not mutate them
(copy first), as client-go's informer caches demand the same of their readers.
"""

from __future__ import annotations

import contextlib
import copy
import gc

import orjson

from ..storage.kv import KeyValue

_loads = orjson.loads


def encode(obj: dict) -> bytes:
    """The stored form: resourceVersion removed (the store's revision is the version).

    Copied to an exactly sized bytes object: orjson's result keeps its whole write buffer
    (8 KiB for a 1 KiB Event), and stored values live as long as their revision."""
    meta = obj.get("metadata")
    if meta and "resourceVersion" in meta:
        meta = dict(meta)
        del meta["resourceVersion"]
        obj = {**obj, "metadata": meta}
    return memoryview(orjson.dumps(obj)).tobytes()


# Go encodes a struct's fields in declaration order: TypeMeta (kind, apiVersion), ObjectMeta, the
# type's own fields (spec, data, ...), status last; ObjectMeta in the order of its declaration
_TOP_RANK = {"kind": 0, "apiVersion": 1, "metadata": 2, "status": 4}
_META_RANK = {k: i for i, k in enumerate((
    "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation",
    "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations",
    "ownerReferences", "finalizers", "managedFields"))}


def _reorder(d: dict, rank: dict, other: int) -> None:
    keys = list(d)
    ranks = [rank.get(k, other) for k in keys]
    if any(a > b for a, b in zip(ranks, ranks[1:])):
        items = sorted(d.items(), key=lambda kv: rank.get(kv[0], other))     # stable
        d.clear()
        d.update(items)


def canonical_order(obj: dict) -> dict:
    """Put the top-level fields and metadata in the order the Go API server writes them, in place
    (objects built in Python keep their builder's order otherwise; clients reading raw JSON see it)."""
    _reorder(obj, _TOP_RANK, 3)
    meta = obj.get("metadata")
    if isinstance(meta, dict):
        _reorder(meta, _META_RANK, len(_META_RANK))
    return obj


def dumps(obj) -> bytes:
    """Compact JSON, UTF-8, keys in insertion order (what Go's encoder sends, less key sorting)."""
    return orjson.dumps(obj)


class DecodeCache:
    """key -> (mod_revision, decoded object with resourceVersion set), for the most recently
    written or read keys (at most `max_entries`, oldest first out): a 150,000-pod cluster keeps
    its objects as stored bytes, and decodes (fast, in C) what falls out of the cache. An entry
    holds a whole object with its managedFields (10-20 KB for a pod), so 4,096 of them are
    some 50 MB: enough for the objects being written in a burst, and what readers re-read."""

    def __init__(self, max_entries: int = 4096):
        self._cache: dict[bytes, tuple[int, dict]] = {}
        self.max_entries = max_entries

    def _put(self, key: bytes, entry: tuple) -> None:
        cache = self._cache
        cache.pop(key, None)
        cache[key] = entry
        if len(cache) > self.max_entries:
            del cache[next(iter(cache))]

    def decode(self, kv: KeyValue) -> dict:
        hit = self._cache.get(kv.key)
        if hit is not None and hit[0] == kv.mod_revision:
            return hit[1]
        obj = _loads(kv.value)
        obj.setdefault("metadata", {})["resourceVersion"] = str(kv.mod_revision)
        self._put(kv.key, (kv.mod_revision, obj))
        return obj

    def remember(self, key: bytes, mod_revision: int, obj: dict) -> None:
        """Write-through: the object a write just stored (with its resourceVersion set)."""
        self._put(key, (mod_revision, obj))

    def decode_if_cached(self, kv: KeyValue) -> dict:
        """For reads at an older revision: the cached object when it is this very version,
        else a fresh decode that is not cached (so current reads keep their entry)."""
        hit = self._cache.get(kv.key)
        if hit is not None and hit[0] == kv.mod_revision:
            return hit[1]
        return self.decode_at(kv, kv.mod_revision)

    def decode_private(self, kv: KeyValue) -> dict:
        """A fresh object from the stored bytes, for a caller that will own it (not cached)."""
        obj = _loads(kv.value)
        obj.setdefault("metadata", {})["resourceVersion"] = str(kv.mod_revision)
        return obj

    def decode_at(self, kv: KeyValue, revision: int) -> dict:
        """A historical or deleted version: not cached, resourceVersion as given."""
        obj = _loads(kv.value)
        obj.setdefault("metadata", {})["resourceVersion"] = str(revision)
        return obj

    def forget(self, key: bytes) -> None:
        self._cache.pop(key, None)

    def __len__(self):
        return len(self._cache)


def mutable(obj: dict) -> dict:
    """A private copy of a shared (cached) object, safe to change (a JSON round trip: objects
    are JSON-shaped, and this is many times faster than copy.deepcopy)."""
    return orjson.loads(orjson.dumps(obj))


@contextlib.contextmanager
def no_gc():
    """Pause the cyclic garbage collector while building many objects at once (a big LIST): the
    objects have no cycles, and each collection would walk the whole, growing heap."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def copy_json(value):
    """A private deep copy of a JSON-shaped value (much faster than copy.deepcopy)."""
    with no_gc():
        return orjson.loads(orjson.dumps(value))
