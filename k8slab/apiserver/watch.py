"""Watch streams: store events turned into ADDED / MODIFIED / DELETED API events.

Follows `staging/src/k8s.io/apiserver/pkg/storage/etcd3/watcher.go` (resourceVersion semantics:
"" and "0" begin with a synthetic ADDED per existing object, N continues after revision N; a
revision below the compaction ends with an ERROR event carrying 410 Expired "too old resource
version") and its filtering: with a selector, an object that stops matching is reported DELETED
and one that starts matching ADDED.
"""

from __future__ import annotations

from ..api.resources import Resource
from ..api.selectors import matches_fields, matches_labels
from ..storage import kv as K
from . import errors as E


class WatchStream:
    """One client's watch; `events()` returns what is ready, `done` says when it has ended."""

    def __init__(self, registry, res: Resource, ns: str | None, resource_version: str, *,
                 labels=None, fields=None, deadline: float | None = None, on_ready=None):
        self.registry, self.res = registry, res
        self.labels, self.fields = labels, fields
        self.deadline = deadline                       # on the registry's clock
        self.done = False
        self._pending: list[dict] = []
        self.watcher = None
        prefix = res.prefix(ns).encode()
        if resource_version in ("", "0"):
            listed = registry.list(res, ns)
            self._pending = [{"type": "ADDED", "object": o} for o in listed["items"] if self._match(o)]
            start = int(listed["metadata"]["resourceVersion"]) + 1
        else:
            start = registry._parse_rv(resource_version) + 1
        try:
            self.watcher = registry.store.watch(prefix, K.prefix_end(prefix), start_revision=start,
                                                prev_kv=True, on_event=on_ready)
        except K.Compacted as e:
            compacted = e.compact_revision or registry.store.compact_revision
            status = E.gone(f"too old resource version: {start - 1} ({compacted})").status()
            self._pending.append({"type": "ERROR", "object": status})
            self.done = True

    def _match(self, obj: dict) -> bool:
        if self.labels is not None and not matches_labels(self.labels, obj["metadata"].get("labels")):
            return False
        if self.fields and not matches_fields(self.fields, self.res.plural, obj):
            return False
        return True

    def events(self) -> list[dict]:
        return list(self.iter_events())

    def iter_events(self):
        """events(), each decoded as it is asked for: an in-process informer that replaces each
        object as it goes holds one decoded version at a time, however long the backlog (a
        scheduler binding 75,000 pods in one round leaves that many events for the pods informer;
        decoded all at once they were 2 GB)."""
        out, self._pending = self._pending, []
        yield from out
        if self.watcher is None:
            return
        decode = self.registry.cache.decode_at
        filtered = self.labels is not None or bool(self.fields)
        for e in self.watcher.take():
            if e.type == K.DELETE:
                prev = decode(e.prev_kv, e.prev_kv.mod_revision) if e.prev_kv else None
                if prev is not None and self._match(prev):
                    prev["metadata"]["resourceVersion"] = str(e.kv.mod_revision)
                    yield {"type": "DELETED", "object": prev}
                continue
            obj = self.registry.cache.decode(e.kv) if e.kv.mod_revision == self.registry.store.revision \
                else decode(e.kv, e.kv.mod_revision)
            if filtered:                 # the previous version decides ADDED / DELETED transitions
                prev = decode(e.prev_kv, e.prev_kv.mod_revision) if e.prev_kv else None
                now_in, was_in = self._match(obj), prev is not None and self._match(prev)
            else:
                now_in, was_in = True, e.prev_kv is not None
            if now_in and was_in:
                yield {"type": "MODIFIED", "object": obj}
            elif now_in:
                yield {"type": "ADDED", "object": obj}
            elif was_in:
                yield {"type": "DELETED", "object": obj}
        if self.watcher.canceled:
            self.done = True

    def expired(self) -> bool:
        return self.deadline is not None and self.registry.clock.now() >= self.deadline

    def close(self) -> None:
        self.done = True
        if self.watcher is not None:
            self.watcher.cancel()
