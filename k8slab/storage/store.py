"""The one interface every backend implements (memory, sqlite, a real etcd), plus conveniences.

The methods mirror etcd v3's KV, Watch, Lease and Maintenance services (`api/etcdserverpb/rpc.proto`):
`range`, `put`, `delete_range`, `txn`, `compact`, `watch`, `lease_*`, `status`, `members`.
Keys and values are bytes; str is accepted and UTF-8 encoded.
"""

from __future__ import annotations

import abc
import collections
import threading
from dataclasses import dataclass
from typing import Callable, Iterable

from .kv import (DeleteResult, Event, KeyValue, LeaseInfo, Op, PutResult, RangeResult, TxnResult,
                 Compare, prefix_end, to_bytes)


@dataclass(slots=True)
class Member:
    id: int
    name: str
    peer_urls: list[str]
    client_urls: list[str]
    is_learner: bool = False


@dataclass(slots=True)
class Status:
    version: str
    db_size: int
    leader: int
    member_id: int
    cluster_id: int
    raft_term: int
    raft_index: int
    raft_applied_index: int
    revision: int
    db_size_in_use: int = 0


class Watcher:
    """One watch: events for [key, range_end) in revision order, buffered until taken.

    `take()` returns what has arrived; `wait(timeout)` blocks (real time) until something has.
    A watch the server ended (compaction, cancel) has `canceled` set, and `compact_revision`
    when it was compaction.
    """

    def __init__(self, watch_id: int, key: bytes, range_end: bytes, prev_kv: bool,
                 on_event: Callable[["Watcher"], None] | None = None):
        self.id = watch_id
        self.key = key
        self.range_end = range_end
        self.prev_kv = prev_kv
        self.on_event = on_event
        self.canceled = False
        self.compact_revision = 0
        self._batches: collections.deque[tuple[int, list[Event]]] = collections.deque()
        self._count = 0
        self._cond = threading.Condition(threading.Lock())
        self._cancel_hook: Callable[[], None] | None = None

    def _deliver(self, events: list[Event], revision: int = 0) -> None:
        """Queue one watch response: `events`, sent when the store was at `revision`."""
        with self._cond:
            self._batches.append((revision or events[-1].kv.mod_revision, events))
            self._count += len(events)
            self._cond.notify_all()
        if self.on_event is not None:
            self.on_event(self)

    def _end(self, compact_revision: int = 0) -> None:
        with self._cond:
            self.canceled = True
            self.compact_revision = compact_revision
            self._cond.notify_all()
        if self.on_event is not None:
            self.on_event(self)

    def _drain(self) -> list[tuple[int, list[Event]]]:
        out = list(self._batches)
        self._batches.clear()
        self._count = 0
        return out

    def take(self) -> list[Event]:
        """Every event that has arrived, in order; does not block."""
        with self._cond:
            return [e for _, evs in self._drain() for e in evs]

    def take_responses(self) -> list[tuple[int, list[Event]]]:
        """The arrived events grouped as the server sent them: (header revision, events)."""
        with self._cond:
            return self._drain()

    def wait(self, timeout: float | None = None) -> list[Event]:
        """Block (real time) up to `timeout` until events arrive or the watch ends; take them."""
        return [e for _, evs in self.wait_responses(timeout) for e in evs]

    def wait_responses(self, timeout: float | None = None) -> list[tuple[int, list[Event]]]:
        with self._cond:
            if not self._batches and not self.canceled:
                self._cond.wait(timeout)
            return self._drain()

    def pending(self) -> int:
        return self._count

    def cancel(self) -> None:
        if self._cancel_hook is not None:
            self._cancel_hook()
        self._end()

    def __iter__(self):
        """Block and yield events until the watch ends."""
        while True:
            events = self.wait(None)
            yield from events
            if self.canceled and not self._count:
                return

    def __repr__(self):
        state = "canceled" if self.canceled else f"{self._count} pending"
        return f"Watcher(id={self.id}, key={self.key!r}, range_end={self.range_end!r}, {state})"


class Store(abc.ABC):
    """Abstract base: backends implement the etcd-shaped methods; conveniences live here."""

    backend = "abstract"

    # -- etcd's KV service --
    @abc.abstractmethod
    def range(self, key, range_end=b"", *, limit: int = 0, revision: int = 0,
              keys_only: bool = False, count_only: bool = False) -> RangeResult:
        ...

    @abc.abstractmethod
    def put(self, key, value, *, lease: int = 0, prev_kv: bool = False) -> PutResult:
        ...

    @abc.abstractmethod
    def delete_range(self, key, range_end=b"", *, prev_kv: bool = False) -> DeleteResult:
        ...

    @abc.abstractmethod
    def txn(self, compares: list[Compare], success: list[Op], failure: list[Op] = ()) -> TxnResult:
        ...

    @abc.abstractmethod
    def compact(self, revision: int) -> None:
        ...

    # -- Watch --
    @abc.abstractmethod
    def watch(self, key, range_end=b"", *, start_revision: int = 0, prev_kv: bool = False,
              on_event: Callable[[Watcher], None] | None = None) -> Watcher:
        ...

    # -- Lease --
    @abc.abstractmethod
    def lease_grant(self, ttl: int, lease_id: int = 0) -> LeaseInfo:
        ...

    @abc.abstractmethod
    def lease_revoke(self, lease_id: int) -> int:
        ...

    @abc.abstractmethod
    def lease_keep_alive(self, lease_id: int) -> int:
        ...

    @abc.abstractmethod
    def lease_time_to_live(self, lease_id: int, keys: bool = False) -> LeaseInfo:
        ...

    @abc.abstractmethod
    def lease_leases(self) -> list[int]:
        ...

    # -- Maintenance / Cluster --
    @abc.abstractmethod
    def status(self) -> Status:
        ...

    @abc.abstractmethod
    def members(self) -> list[Member]:
        ...

    @property
    @abc.abstractmethod
    def revision(self) -> int:
        ...

    @property
    @abc.abstractmethod
    def compact_revision(self) -> int:
        ...

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- conveniences --
    def get(self, key, *, revision: int = 0) -> KeyValue | None:
        """The key's value (at `revision`), or None."""
        kvs = self.range(key, revision=revision).kvs
        return kvs[0] if kvs else None

    def get_prefix(self, prefix, **kw) -> RangeResult:
        prefix = to_bytes(prefix)
        return self.range(prefix, prefix_end(prefix), **kw)

    def delete(self, key, *, prev_kv: bool = False) -> DeleteResult:
        return self.delete_range(key, prev_kv=prev_kv)

    def delete_prefix(self, prefix, *, prev_kv: bool = False) -> DeleteResult:
        prefix = to_bytes(prefix)
        return self.delete_range(prefix, prefix_end(prefix), prev_kv=prev_kv)

    def watch_prefix(self, prefix, **kw) -> Watcher:
        prefix = to_bytes(prefix)
        return self.watch(prefix, prefix_end(prefix), **kw)

    def __repr__(self):
        return f"<{type(self).__name__} revision={self.revision} compacted={self.compact_revision}>"
