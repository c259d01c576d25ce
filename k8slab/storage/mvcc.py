"""MemoryStore: an MVCC key-value store with etcd v3's semantics, held in memory.

Follows etcd's `server/mvcc/` (kvstore.go, kvstore_txn.go, index.go, key_index.go, watchable_store.go)
and `server/lease/lessor.go`:
- one global revision, bumped once per write txn; every key keeps create_revision, mod_revision
  and version (1 at creation, +1 per put, history restarts after a delete);
- reads at any revision not yet compacted; compaction keeps each key's newest version at or below
  the compaction revision and drops the rest (and tombstones);
- watches replay history from their start revision, then receive events as they are written,
  in revision order;
- leases expire on the store's clock and their keys are deleted in one revision.

How it is held (etcd keeps a B-tree index in memory and the values in bbolt, keyed by revision):
`_history[key]` is the list of that key's versions (deletions as version-0 records), `_live[key]`
its current version, `_keys` all keys in byte order (for ranges), and `_log` the event log that
watches replay from.

Differences from upstream: one member, no Raft (the raft term is always 1 and the raft index is the
revision); no sorting options on ranges; leases have no minimum TTL and no checkpoints. Values of 512 bytes or more are kept
zlib-compressed in memory (etcd's bbolt file holds them as they are).
"""

from __future__ import annotations

import bisect
import threading
from typing import Callable

from . import kv as K
from .kv import Event, KeyValue, to_bytes
from .packing import PACK_MIN_BYTES, pack, unpack
from .store import Member, Status, Store, Watcher

ETCD_VERSION = "3.4.23"             # the etcd release whose behaviour this store follows


def _key_bucket(key: bytes) -> bytes | None:
    """`/registry/pods/` for `/registry/pods/ns/name`: a key's first two path segments."""
    if key[:1] != b"/":
        return None
    i = key.find(b"/", 1)
    j = key.find(b"/", i + 1) if i > 0 else -1
    return key[:j + 1] if j > 0 else None


def _watch_bucket(key: bytes, range_end: bytes) -> bytes | None:
    """The bucket every key a watch covers falls in, or None when it may span buckets."""
    bucket = _key_bucket(key)
    if bucket is None:
        return None
    if not range_end:
        return bucket                                    # one key
    if range_end == K.prefix_end(key) and len(key) >= len(bucket):
        return bucket                                    # a prefix at or below the bucket
    return None


class MemoryStore(Store):
    # watchers receive a write's events before the write returns (readers may rely on it)
    delivers_synchronously = True
    """An etcd-like store in memory. Thread-safe; deterministic on a virtual clock."""

    backend = "memory"

    def __init__(self, clock=None, *, name: str = "default", member_id: int = 0x8E9E05C52164694D,
                 cluster_id: int = 0xCDF818194E3A8C32):
        if clock is None:
            from ..sim.clock import RealClock
            clock = RealClock()
        self.clock = clock
        self.name = name
        self.member_id = member_id
        self.cluster_id = cluster_id
        self._lock = threading.RLock()
        self._rev = 1                                   # etcd starts at revision 1
        self._compact_rev = 0
        self._history: dict[bytes, list[KeyValue]] = {}
        self._live: dict[bytes, KeyValue] = {}
        self._keys: list[bytes] = []                    # sorted; keys with any retained history
        self._log: list[Event] = []                     # events with revision > _log_floor
        self._log_revs: list[int] = []                  # parallel to _log, for bisect
        self._watchers: dict[int, Watcher] = {}
        # watchers whose whole range lies under one `/a/b/` prefix, indexed by it (the API
        # server's watches: /registry/pods/...); the rest are offered every event
        self._watch_index: dict[bytes, dict[int, Watcher]] = {}
        self._watch_general: dict[int, Watcher] = {}
        self._next_watch_id = 0
        # leases: id -> [granted ttl, deadline on the clock, attached keys]
        self._leases: dict[int, list] = {}
        self._lease_seq = 0
        self._failed: Exception | None = None

    # ---- reads ------------------------------------------------------------------------------

    @property
    def revision(self) -> int:
        return self._rev

    @property
    def compact_revision(self) -> int:
        return self._compact_rev

    def _check_rev(self, revision: int) -> None:
        if revision > self._rev:
            raise K.FutureRevision()
        if revision < self._compact_rev:
            raise K.Compacted()

    def _keys_in(self, key: bytes, range_end: bytes) -> list[bytes]:
        if not range_end:
            return [key] if key in self._history else []
        lo = bisect.bisect_left(self._keys, key)
        if range_end == b"\x00":
            return self._keys[lo:]
        hi = bisect.bisect_left(self._keys, range_end, lo)
        return self._keys[lo:hi]

    def _at(self, key: bytes, revision: int) -> KeyValue | None:
        """The live version of `key` at `revision` (None if absent then)."""
        hist = self._history.get(key)
        if not hist:
            return None
        i = bisect.bisect_right(hist, revision, key=_mod_rev) - 1
        if i < 0:
            return None
        kv = hist[i]
        return None if kv.version == 0 else kv

    def range(self, key, range_end=b"", *, limit: int = 0, revision: int = 0,
              keys_only: bool = False, count_only: bool = False) -> K.RangeResult:
        key, range_end = to_bytes(key), to_bytes(range_end)
        if not key:
            raise K.EmptyKey()
        with self._lock:
            self._ensure_ok()
            self._expire_due()
            return self._range(key, range_end, limit, revision, keys_only, count_only)

    def _range(self, key: bytes, range_end: bytes, limit: int, revision: int, keys_only: bool,
               count_only: bool) -> K.RangeResult:
        if revision > 0:
            self._check_rev(revision)
        current = revision <= 0 or revision == self._rev
        if not range_end:
            kv = self._live.get(key) if current else self._at(key, revision)
            kvs = [kv] if kv is not None else []
            count = len(kvs)
        elif current:
            live = self._live
            keys = [k for k in self._keys_in(key, range_end) if k in live]
            count = len(keys)
            if count_only:
                keys = []
            elif limit and count > limit:
                keys = keys[:limit]
            kvs = [live[k] for k in keys]
        else:
            at = self._at
            kvs = [kv for kv in (at(k, revision) for k in self._keys_in(key, range_end)) if kv]
            count = len(kvs)
        more = False
        if count_only:
            kvs = []
        elif limit and count > limit:
            kvs, more = kvs[:limit], True
        if keys_only:
            kvs = [kv.keys_only() for kv in kvs]
        return K.RangeResult(self._rev, kvs, count, more)

    # ---- writes -----------------------------------------------------------------------------

    def put(self, key, value, *, lease: int = 0, prev_kv: bool = False) -> K.PutResult:
        op = K.PutOp(to_bytes(key), to_bytes(value), lease, prev_kv)
        _validate_put(op)
        with self._lock:
            self._ensure_ok()
            self._expire_due()
            if lease and lease not in self._leases:
                raise K.LeaseNotFound()
            events: list[Event] = []
            result = self._do_put(op, self._rev + 1, events)
            self._finish_write(events)
            return result

    def delete_range(self, key, range_end=b"", *, prev_kv: bool = False) -> K.DeleteResult:
        op = K.DeleteOp(to_bytes(key), to_bytes(range_end), prev_kv)
        if not op.key:
            raise K.EmptyKey()
        with self._lock:
            self._ensure_ok()
            self._expire_due()
            events: list[Event] = []
            result = self._do_delete(op, self._rev + 1, events)
            self._finish_write(events)
            return result

    def txn(self, compares, success, failure=()) -> K.TxnResult:
        compares, success, failure = list(compares), list(success), list(failure)
        _validate_txn(compares, success, failure)
        with self._lock:
            self._ensure_ok()
            self._expire_due()
            ok = all(self._compare_holds(c) for c in compares)
            ops = success if ok else failure
            for op in ops:
                if isinstance(op, K.PutOp) and op.lease and op.lease not in self._leases:
                    raise K.LeaseNotFound()
                if isinstance(op, K.RangeOp) and op.revision > 0:
                    self._check_rev(op.revision)
            events: list[Event] = []
            rev = self._rev + 1
            responses = []
            for op in ops:
                if isinstance(op, K.PutOp):
                    responses.append(self._do_put(op, rev, events))
                elif isinstance(op, K.DeleteOp):
                    responses.append(self._do_delete(op, rev, events))
                else:
                    # a range inside a write txn sees the txn's own writes, as in etcd
                    r = self._range(op.key, op.range_end, op.limit, op.revision, op.keys_only,
                                    op.count_only)
                    responses.append(r)
            self._finish_write(events)
            for r in responses:
                r.revision = self._rev
            return K.TxnResult(self._rev, ok, responses)

    def _compare_holds(self, c: K.Compare) -> bool:
        if c.range_end:
            keys = [k for k in self._keys_in(c.key, c.range_end) if k in self._live]
            if not keys:
                return c.holds_for(None)
            return all(c.holds_for(self._live[k]) for k in keys)
        return c.holds_for(self._live.get(c.key))

    def _do_put(self, op: K.PutOp, rev: int, events: list[Event]) -> K.PutResult:
        key = op.key
        old = self._live.get(key)
        make = _PackedKeyValue if len(op.value) >= PACK_MIN_BYTES else KeyValue
        if old is None:
            kv = make(key, op.value, rev, rev, 1, op.lease)
        else:
            kv = make(key, op.value, old.create_revision, rev, old.version + 1, op.lease)
            if old.lease and old.lease != op.lease and old.lease in self._leases:
                self._leases[old.lease][2].discard(key)
        if op.lease:
            self._leases[op.lease][2].add(key)
        self._record(kv)
        events.append(Event(K.PUT, kv, old))
        return K.PutResult(rev, old if op.prev_kv else None)

    def _do_delete(self, op: K.DeleteOp, rev: int, events: list[Event]) -> K.DeleteResult:
        live = self._live
        keys = [k for k in self._keys_in(op.key, op.range_end) if k in live]
        prev = []
        for key in keys:
            old = live[key]
            if old.lease and old.lease in self._leases:
                self._leases[old.lease][2].discard(key)
            tomb = KeyValue(key, b"", 0, rev, 0, 0)
            self._record(tomb)
            events.append(Event(K.DELETE, tomb, old))
            prev.append(old)
        return K.DeleteResult(rev, len(keys), prev if op.prev_kv else [])

    def _record(self, kv: KeyValue) -> None:
        key = kv.key
        hist = self._history.get(key)
        if hist is None:
            self._history[key] = [kv]
            keys = self._keys
            if not keys or key > keys[-1]:
                keys.append(key)
            else:
                bisect.insort(keys, key)
        else:
            hist.append(kv)
        if kv.version:
            self._live[key] = kv
        else:
            self._live.pop(key, None)

    def _finish_write(self, events: list[Event]) -> None:
        """Make a write txn's events durable and visible: bump the revision, log, notify."""
        if not events:
            return
        rev = events[0].kv.mod_revision
        try:
            self._persist(rev, events)
        except Exception as e:          # the disk said no: stop, as etcd panics, rather than diverge
            self._failed = e
            raise
        self._rev = rev
        self._log.extend(events)
        self._log_revs.extend([rev] * len(events))
        if self._watchers:
            self._notify(events)

    def _persist(self, rev: int, events: list[Event]) -> None:
        """Backends that keep data on disk write the txn here, before anyone can see it."""

    def _persist_leases(self, granted: list[tuple[int, int]], revoked: list[int]) -> None:
        """Backends that keep data on disk record lease grants and revocations here."""

    def _persist_compaction(self, revision: int) -> None:
        """Backends that keep data on disk drop compacted history here."""

    def _ensure_ok(self) -> None:
        if self._failed is not None:
            raise K.StoreError(f"etcdserver: storage failed: {self._failed}")

    # ---- compaction -------------------------------------------------------------------------

    def compact(self, revision: int) -> None:
        with self._lock:
            self._ensure_ok()
            if revision <= self._compact_rev:
                raise K.Compacted()
            if revision > self._rev:
                raise K.FutureRevision()
            self._persist_compaction(revision)
            self._compact_history(revision)

    def _compact_history(self, revision: int) -> None:
        self._compact_rev = revision
        dead = []
        for key, hist in self._history.items():
            if hist[0].mod_revision > revision:
                continue
            i = bisect.bisect_right(hist, revision, key=_mod_rev) - 1
            keep_from = i + 1 if hist[i].version == 0 else i
            if keep_from:
                del hist[:keep_from]
            if not hist:
                dead.append(key)
        if dead:
            gone = set(dead)
            for key in dead:
                del self._history[key]
            self._keys = [k for k in self._keys if k not in gone]
        cut = bisect.bisect_left(self._log_revs, revision)
        if cut:
            del self._log[:cut]
            del self._log_revs[:cut]

    # ---- watch ------------------------------------------------------------------------------

    def watch(self, key, range_end=b"", *, start_revision: int = 0, prev_kv: bool = False,
              on_event: Callable[[Watcher], None] | None = None) -> Watcher:
        key, range_end = to_bytes(key), to_bytes(range_end)
        if not key:
            raise K.EmptyKey()
        with self._lock:
            self._ensure_ok()
            if 0 < start_revision < self._compact_rev:
                err = K.Compacted()
                err.compact_revision = self._compact_rev
                raise err
            self._next_watch_id += 1
            w = Watcher(self._next_watch_id, key, range_end, prev_kv, on_event)
            w._cancel_hook = lambda wid=w.id: self._unwatch(wid)
            if 0 < start_revision <= self._rev:
                start = bisect.bisect_left(self._log_revs, start_revision)
                backlog = [_for_watcher(e, prev_kv) for e in self._log[start:]
                           if K.in_range(e.kv.key, key, range_end)]
                if backlog:
                    w._deliver(backlog, self._rev)      # history arrives as one response
            self._watchers[w.id] = w
            bucket = _watch_bucket(key, range_end)
            if bucket is None:
                self._watch_general[w.id] = w
            else:
                self._watch_index.setdefault(bucket, {})[w.id] = w
            return w

    def _unwatch(self, watch_id: int) -> None:
        with self._lock:
            w = self._watchers.pop(watch_id, None)
            if w is None:
                return
            bucket = _watch_bucket(w.key, w.range_end)
            if bucket is None:
                self._watch_general.pop(watch_id, None)
            else:
                group = self._watch_index.get(bucket)
                if group is not None:
                    group.pop(watch_id, None)
                    if not group:
                        del self._watch_index[bucket]

    def _candidates(self, events: list[Event]) -> list[Watcher]:
        """The watchers an event of this txn may concern, in watch-id order."""
        buckets = {_key_bucket(e.kv.key) for e in events}
        if None in buckets:
            return list(self._watchers.values())
        found = dict(self._watch_general)
        for b in buckets:
            group = self._watch_index.get(b)
            if group:
                found.update(group)
        return [found[i] for i in sorted(found)] if len(found) > 1 else list(found.values())

    def _notify(self, events: list[Event]) -> None:
        in_range = K.in_range
        for w in self._candidates(events):
            key, end, pkv = w.key, w.range_end, w.prev_kv
            if not end:
                mine = [_for_watcher(e, pkv) for e in events if e.kv.key == key]
            else:
                mine = [_for_watcher(e, pkv) for e in events if in_range(e.kv.key, key, end)]
            if mine:
                w._deliver(mine, mine[-1].kv.mod_revision)

    # ---- leases -----------------------------------------------------------------------------

    def lease_grant(self, ttl: int, lease_id: int = 0) -> K.LeaseInfo:
        if ttl > K.MAX_LEASE_TTL:
            raise K.LeaseTTLTooLarge()
        with self._lock:
            self._ensure_ok()
            if lease_id == 0:
                lease_id = self._new_lease_id()
            elif lease_id in self._leases:
                raise K.LeaseExists()
            self._persist_leases([(lease_id, ttl)], [])
            self._add_lease(lease_id, ttl)
            return K.LeaseInfo(lease_id, ttl, ttl)

    def _add_lease(self, lease_id: int, ttl: int) -> None:
        deadline = self.clock.now() + ttl
        self._leases[lease_id] = [ttl, deadline, set()]
        self.clock.call_at(deadline, lambda: self._lease_timer(lease_id))

    def _new_lease_id(self) -> int:
        # etcd (pkg/idutil): the member id's low 16 bits, then a time-derived counter
        if self._lease_seq == 0:
            self._lease_seq = (int(self.clock.time() * 1000) & 0xFFFFFFFFFF) << 8
        while True:
            self._lease_seq += 1
            lease_id = ((self.member_id & 0xFFFF) << 48) | (self._lease_seq & 0xFFFFFFFFFFFF)
            if lease_id not in self._leases:
                return lease_id

    def lease_revoke(self, lease_id: int) -> int:
        with self._lock:
            self._ensure_ok()
            if lease_id not in self._leases:
                raise K.LeaseNotFound()
            return self._revoke(lease_id)

    def _revoke(self, lease_id: int) -> int:
        keys = sorted(self._leases[lease_id][2])
        events: list[Event] = []
        rev = self._rev + 1
        for key in keys:
            self._do_delete(K.DeleteOp(key), rev, events)
        self._persist_leases([], [lease_id])
        self._finish_write(events)
        del self._leases[lease_id]
        return self._rev

    def lease_keep_alive(self, lease_id: int) -> int:
        with self._lock:
            self._ensure_ok()
            self._expire_due()
            lease = self._leases.get(lease_id)
            if lease is None:
                raise K.LeaseNotFound()
            lease[1] = self.clock.now() + lease[0]
            return lease[0]

    def lease_time_to_live(self, lease_id: int, keys: bool = False) -> K.LeaseInfo:
        with self._lock:
            self._expire_due()
            lease = self._leases.get(lease_id)
            if lease is None:
                return K.LeaseInfo(lease_id, -1, 0, [])
            left = int(lease[1] - self.clock.now())
            return K.LeaseInfo(lease_id, left, lease[0], sorted(lease[2]) if keys else [])

    def lease_leases(self) -> list[int]:
        with self._lock:
            self._expire_due()
            return sorted(self._leases)

    def _lease_timer(self, lease_id: int) -> None:
        with self._lock:
            lease = self._leases.get(lease_id)
            if lease is None or self._failed is not None:
                return
            if lease[1] <= self.clock.now():
                self._revoke(lease_id)
            else:                                        # kept alive since: look again later
                self.clock.call_at(lease[1], lambda: self._lease_timer(lease_id))

    def _expire_due(self) -> None:
        """Revoke leases already past their deadline (a timer may not have run yet)."""
        if not self._leases:
            return
        now = self.clock.now()
        for lease_id in [i for i, lease in self._leases.items() if lease[1] <= now]:
            self._revoke(lease_id)

    # ---- maintenance ------------------------------------------------------------------------

    def status(self) -> Status:
        with self._lock:
            size = self.db_size()
            return Status(ETCD_VERSION, size, self.member_id, self.member_id, self.cluster_id,
                          1, self._rev, self._rev, self._rev, size)

    def db_size(self) -> int:
        """Bytes held: keys and values of every retained version."""
        return sum(len(kv.key) + len(kv.value) for hist in self._history.values() for kv in hist)

    def members(self) -> list[Member]:
        return [Member(self.member_id, self.name, ["http://localhost:2380"], ["http://localhost:2379"])]


class _PackedKeyValue(KeyValue):
    """A KeyValue whose value sits compressed in memory; `value` gives the bytes back."""

    __slots__ = ("_packed",)

    @property
    def value(self) -> bytes:
        return unpack(self._packed)

    @value.setter
    def value(self, v: bytes) -> None:      # KeyValue.__init__ assigns it
        self._packed = pack(v)


def _mod_rev(kv: KeyValue) -> int:
    return kv.mod_revision


def _for_watcher(e: Event, prev_kv: bool) -> Event:
    return e if prev_kv or e.prev_kv is None else Event(e.type, e.kv, None)


def _validate_put(op: K.PutOp) -> None:
    if not op.key:
        raise K.EmptyKey()
    if len(op.key) + len(op.value) > K.MAX_REQUEST_BYTES:
        raise K.RequestTooLarge()


def _validate_txn(compares, success, failure) -> None:
    """etcd's checkTxnReqsPermission/checkIntervals: sizes, empty keys, duplicate writes."""
    if max(len(success), len(failure)) > K.MAX_TXN_OPS:
        raise K.TooManyOps()
    size = 0
    for c in compares:
        if not c.key:
            raise K.EmptyKey()
    for ops in (success, failure):
        puts, dels = set(), []
        for op in ops:
            if not op.key:
                raise K.EmptyKey()
            if isinstance(op, K.PutOp):
                size += len(op.key) + len(op.value)
                if op.key in puts:
                    raise K.DuplicateKey()
                puts.add(op.key)
            elif isinstance(op, K.DeleteOp):
                dels.append(op)
        for d in dels:
            if any(K.in_range(k, d.key, d.range_end) for k in puts):
                raise K.DuplicateKey()
    if size > K.MAX_REQUEST_BYTES:
        raise K.RequestTooLarge()
