"""Informers: a local, watched copy of the objects of one resource, as client-go's `tools/cache`.

- Reflector (reflector.go): LIST, then WATCH from the list's resourceVersion; when the watch
  says 410 Expired (the store was compacted past it), LIST again and reconcile.
- Indexer (thread_safe_store.go, index.go): objects by `namespace/name` key, plus indexes
  (namespace by default) for cheap lookups.
- Lister (listers.go): list / get from the indexer, never from the server.
- SharedIndexInformer (shared_informer.go): one reflector and indexer per resource, shared by
  every controller that asks, each with its own event handlers (add, update, delete).
- DeletedFinalStateUnknown: what a delete handler gets when a relist found the object gone
  without seeing its DELETED event.

Objects in the indexer are shared: handlers and listers must not mutate them.

A factory may carry a transform applied to every object before it is stored (SetTransform /
`informers.WithTransform`); `trim_managed_fields` is the one kube-controller-manager
(`cmd/kube-controller-manager/app/controllermanager.go`) and kube-scheduler use: their caches
drop `metadata.managedFields`, which no controller reads and which is a third of a pod's size.
`trim_and_share` also makes equal strings one object (not in upstream: Go strings from one
decode do not share memory across objects either, but a Go string costs 16 bytes, a Python one 50+).
Nothing blocks: `pump()` takes what the watch has delivered; the cluster's loop calls it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Callable

from ..api.copying import without_managed_fields
from ..api.selectors import matches_labels


# The transform that drops managedFields (a shallow copy: the input may be shared).
trim_managed_fields = without_managed_fields


def share_strings(value):
    """Make equal strings in a JSON-shaped value one object each (sys.intern), in place.

    A decoded pod holds some 75 strings, of which only a handful are its own (name, uid, IP,
    container ID): the rest (image, phase, condition types, "True", the node's name, timestamps
    of the same second) repeat across thousands of cached objects. Sharing them takes a cached
    pod from about 13.5 KB to about 9 KB. Changing a str for an equal str is invisible to readers,
    so objects shared with the API server's decode cache may be changed."""
    intern = sys.intern
    if type(value) is dict:
        for k, v in value.items():
            t = type(v)
            if t is str:
                value[k] = intern(v)
            elif t is dict or t is list:
                share_strings(v)
    elif type(value) is list:
        for i, v in enumerate(value):
            t = type(v)
            if t is str:
                value[i] = intern(v)
            elif t is dict or t is list:
                share_strings(v)
    return value


def trim_and_share(obj):
    """The cluster's informer transform: trim_managed_fields, then share_strings."""
    return share_strings(trim_managed_fields(obj))


def meta_namespace_key(obj) -> str:
    """cache.MetaNamespaceKeyFunc: "namespace/name", or "name" for cluster-scoped objects."""
    if isinstance(obj, DeletedFinalStateUnknown):
        return obj.key
    meta = obj["metadata"]
    ns = meta.get("namespace")
    return f"{ns}/{meta['name']}" if ns else meta["name"]


def split_key(key: str) -> tuple[str | None, str]:
    ns, sep, name = key.partition("/")
    return (ns, name) if sep else (None, ns)


@dataclass
class DeletedFinalStateUnknown:
    key: str
    obj: dict


def namespace_index(obj) -> list[str]:
    return [obj["metadata"].get("namespace") or ""]


def label_index(obj) -> list[str]:
    """"namespace/key=value" for each label: lets a selector start from the objects that carry
    one of its labels instead of the whole namespace."""
    meta = obj["metadata"]
    ns = meta.get("namespace") or ""
    return [f"{ns}/{k}={v}" for k, v in (meta.get("labels") or {}).items()]


class Indexer:
    """Objects by key, with named indexes: index name -> function(obj) -> index values."""

    def __init__(self, indexers: dict[str, Callable] | None = None):
        self.items: dict[str, dict] = {}
        self.indexers: dict[str, Callable] = {"namespace": namespace_index, "labels": label_index,
                                              **(indexers or {})}
        # index value -> keys, as an insertion-ordered dict (a set's order would vary per process)
        self.indices: dict[str, dict[str, dict[str, None]]] = {name: {} for name in self.indexers}

    def add_indexers(self, indexers: dict[str, Callable]) -> None:
        for name, fn in indexers.items():
            self.indexers[name] = fn
            self.indices[name] = {}
            for key, obj in self.items.items():
                for v in fn(obj):
                    self.indices[name].setdefault(v, {})[key] = None

    def _unindex(self, key: str, obj: dict) -> None:
        for name, fn in self.indexers.items():
            for v in fn(obj):
                keys = self.indices[name].get(v)
                if keys is not None:
                    keys.pop(key, None)
                    if not keys:
                        del self.indices[name][v]

    def _index(self, key: str, obj: dict) -> None:
        for name, fn in self.indexers.items():
            for v in fn(obj):
                self.indices[name].setdefault(v, {})[key] = None

    def upsert(self, obj: dict) -> dict | None:
        key = meta_namespace_key(obj)
        old = self.items.get(key)
        if old is not None:
            self._unindex(key, old)
        self.items[key] = obj
        self._index(key, obj)
        return old

    def delete(self, key: str) -> dict | None:
        old = self.items.pop(key, None)
        if old is not None:
            self._unindex(key, old)
        return old

    def get_by_key(self, key: str) -> dict | None:
        return self.items.get(key)

    def by_index(self, name: str, value: str) -> list[dict]:
        return [self.items[k] for k in self.indices[name].get(value, ())]

    def list(self) -> list[dict]:
        """Every object, in the order they arrived (deterministic for a seed)."""
        return list(self.items.values())

    def __len__(self):
        return len(self.items)


class Lister:
    """Reads from an informer's indexer (a controller's view of the cluster)."""

    def __init__(self, indexer: Indexer):
        self.indexer = indexer

    def list(self, namespace: str | None = None, selector=None) -> list[dict]:
        """Objects (in a namespace), filtered by parsed label requirements, in arrival order."""
        if selector is None:
            return self.indexer.by_index("namespace", namespace) if namespace is not None else self.indexer.list()
        equal = [(k, vals[0]) for k, op, vals in selector if op == "=" and vals]
        if namespace is not None and equal:
            # start from the smallest set of objects carrying one of the selector's labels
            buckets = [self.indexer.indices["labels"].get(f"{namespace}/{k}={v}", {}) for k, v in equal]
            keys = min(buckets, key=len)
            objs = [self.indexer.items[k] for k in keys]
        else:
            objs = self.indexer.by_index("namespace", namespace) if namespace is not None else self.indexer.list()
        return [o for o in objs if matches_labels(selector, o["metadata"].get("labels"))]

    def get(self, namespace: str | None, name: str) -> dict | None:
        return self.indexer.get_by_key(f"{namespace}/{name}" if namespace else name)


@dataclass
class Handlers:
    on_add: Callable | None = None
    on_update: Callable | None = None
    on_delete: Callable | None = None


class SharedIndexInformer:
    """One resource's reflector + indexer + handlers."""

    def __init__(self, client, api_version: str, plural: str, namespace: str | None = None,
                 transform: Callable | None = None):
        self.client = client
        self.transform = transform
        self.api_version, self.plural, self.namespace = api_version, plural, namespace
        self.indexer = Indexer()
        self.handlers: list[Handlers] = []
        self.stream = None
        self.resource_version = ""
        self.synced = False
        self.relists = 0

    def add_event_handler(self, on_add=None, on_update=None, on_delete=None) -> None:
        h = Handlers(on_add, on_update, on_delete)
        self.handlers.append(h)
        if self.synced and on_add:                       # late handlers see what is there
            for obj in self.indexer.list():
                on_add(obj)

    def lister(self) -> Lister:
        return Lister(self.indexer)

    def has_synced(self) -> bool:
        return self.synced

    # ---- the reflector ----------------------------------------------------------------------

    def run(self) -> None:
        """ListAndWatch: the initial LIST fills the indexer; the WATCH continues from it."""
        self._list_and_reconcile()
        self.synced = True

    def _list_and_reconcile(self) -> None:
        lst = self.client.list(self.api_version, self.plural, self.namespace)
        self.resource_version = lst["metadata"]["resourceVersion"]
        seen = set()
        transform = self.transform
        for obj in lst["items"]:
            if transform is not None:
                obj = transform(obj)
            key = meta_namespace_key(obj)
            seen.add(key)
            old = self.indexer.upsert(obj)
            if old is None:
                self._dispatch("add", None, obj)
            elif old["metadata"].get("resourceVersion") != obj["metadata"].get("resourceVersion"):
                self._dispatch("update", old, obj)
        for key in [k for k in self.indexer.items if k not in seen]:
            old = self.indexer.delete(key)
            self._dispatch("delete", None, DeletedFinalStateUnknown(key, old))
        self.stream = self.client.watch(self.api_version, self.plural, self.namespace,
                                        resourceVersion=self.resource_version, allowWatchBookmarks="true")

    def pump(self) -> int:
        """Apply what the watch delivered since the last call; return how many events."""
        if self.stream is None:
            return 0
        w = self.stream.watcher
        if w is not None and not self.stream._pending and not w._count and not w.canceled:
            return 0                                     # nothing arrived: the common case
        # one at a time: each decoded version replaces the last in the indexer before the next
        # is decoded
        events = self.stream.iter_events()
        n = seen = 0
        transform = self.transform
        for ev in events:
            seen += 1
            kind, obj = ev["type"], ev["object"]
            if transform is not None and kind in ("ADDED", "MODIFIED", "DELETED"):
                obj = transform(obj)
            if kind == "ERROR":
                if obj.get("code") == 410:               # too old: relist
                    self.relists += 1
                    self.stream.close()
                    self._list_and_reconcile()
                    return n + 1
                continue
            if kind == "BOOKMARK":
                self.resource_version = obj["metadata"]["resourceVersion"]
                continue
            self.resource_version = obj["metadata"].get("resourceVersion", self.resource_version)
            key = meta_namespace_key(obj)
            if kind == "DELETED":
                old = self.indexer.delete(key)
                self._dispatch("delete", None, old if old is not None else obj)
            else:
                old = self.indexer.upsert(obj)
                self._dispatch("add" if old is None else "update", old, obj)
            n += 1
        if self.stream.done and not seen:                  # the server ended the watch: resume
            self.stream = self.client.watch(self.api_version, self.plural, self.namespace,
                                            resourceVersion=self.resource_version)
        return n

    def pending(self) -> bool:
        stream = self.stream
        if stream is None:
            return False
        w = stream.watcher
        return bool(stream._pending or (w is not None and w._count))   # a racy peek is enough here

    def _dispatch(self, what: str, old, new) -> None:
        for h in self.handlers:
            if what == "add" and h.on_add:
                h.on_add(new)
            elif what == "update" and h.on_update:
                h.on_update(old, new)
            elif what == "delete" and h.on_delete:
                h.on_delete(new)

    def __repr__(self):
        return f"SharedIndexInformer({self.api_version} {self.plural}, {len(self.indexer)} objects)"


class SharedInformerFactory:
    """One informer per resource, shared by every component that asks for it."""

    def __init__(self, client, transform: Callable | None = None):
        self.client = client
        self.transform = transform
        self.informers: dict[tuple, SharedIndexInformer] = {}
        self._rev = -1                       # the store revision the last full pump saw
        self._dirty = True

    def informer(self, api_version: str, plural: str, namespace: str | None = None) -> SharedIndexInformer:
        key = (api_version, plural, namespace)
        inf = self.informers.get(key)
        if inf is None:
            self._dirty = True
            inf = self.informers[key] = SharedIndexInformer(self.client, api_version, plural, namespace,
                                                            self.transform)
        return inf

    def start(self) -> None:
        self._dirty = True
        for inf in self.informers.values():
            if inf.stream is None:
                inf.run()

    def _store(self):
        """The store behind an in-process transport whose watchers are fed synchronously: then
        nothing can be waiting for an informer unless the store's revision moved (or a watch was
        just started), and a pump can answer from one comparison."""
        server = getattr(self.client.transport, "server", None)
        store = getattr(server, "store", None)
        return store if getattr(store, "delivers_synchronously", False) else None

    def pump(self) -> int:
        store = self._store()
        if store is not None:
            rev = store.revision
            if rev == self._rev and not self._dirty:
                return 0
        self._dirty = False
        n = sum(inf.pump() for inf in list(self.informers.values()))
        if store is not None:
            self._rev = rev
        if n:
            self._dirty = True              # handlers may have started watches: look once more
        return n

    def pending(self) -> bool:
        store = self._store()
        if store is not None and store.revision == self._rev and not self._dirty:
            return False
        return any(inf.pending() for inf in self.informers.values())
