"""SqliteStore: the MVCC store made durable in one SQLite file.

The same split as etcd's (`server/mvcc/kvstore.go` + `server/mvcc/backend/`): the index and the
values live in memory (MemoryStore), and every write txn is also written to disk keyed by revision
-- etcd's bbolt `key` bucket holds `revision -> KeyValue`, here the `kv` table does. A write is
committed and fsynced (WAL, synchronous=FULL) before it becomes visible or is acknowledged, so an
acknowledged write survives `kill -9`. Opening the file replays the table to rebuild the index,
as etcd rebuilds its in-memory index from bbolt at start.

Differences from upstream: one fsync per write txn (no batching across clients); leases are
refreshed to their full TTL on restart, as etcd does after a leader change.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3

from .kv import Event, KeyValue
from .mvcc import MemoryStore

SCHEMA = """
CREATE TABLE IF NOT EXISTS kv (
    revision INTEGER NOT NULL,          -- etcd's main revision: the write txn
    sub INTEGER NOT NULL,               -- etcd's sub revision: the change within the txn
    key BLOB NOT NULL,
    value BLOB NOT NULL,
    create_revision INTEGER NOT NULL,
    version INTEGER NOT NULL,           -- 0 marks a deletion (etcd's tombstone)
    lease INTEGER NOT NULL,
    PRIMARY KEY (revision, sub)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS kv_by_key ON kv (key, revision);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS leases (id INTEGER PRIMARY KEY, ttl INTEGER NOT NULL);
"""

DB_FILE = "k8slab.db"


class SqliteStore(MemoryStore):
    """A MemoryStore whose every write is fsynced to `path` before it is acknowledged."""

    backend = "sqlite"

    def __init__(self, path: str, clock=None, **kw):
        super().__init__(clock, **kw)
        if os.path.isdir(path):
            path = os.path.join(path, DB_FILE)
        self.path = path
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")     # fsync the WAL at every commit
        self._db.executescript(SCHEMA)
        self._load()

    def _load(self) -> None:
        db = self._db
        meta = dict(db.execute("SELECT name, value FROM meta"))
        events: list[Event] = []
        prev_rev = None
        for rev, key, value, create, version, lease in db.execute(
                "SELECT revision, key, value, create_revision, version, lease FROM kv "
                "ORDER BY revision, sub"):
            key, value = bytes(key), bytes(value)
            old = self._live.get(key)
            kv = KeyValue(key, value, create, rev, version, lease)
            self._record(kv)
            events.append(Event("PUT" if version else "DELETE", kv, old))
            prev_rev = rev
        self._log = events
        self._log_revs = [e.kv.mod_revision for e in events]
        self._rev = max(meta.get("revision", 1), prev_rev or 1)
        self._compact_rev = meta.get("compact_revision", 0)
        for lease_id, ttl in db.execute("SELECT id, ttl FROM leases"):
            self._add_lease(lease_id, ttl)
        for key, kv in self._live.items():
            if kv.lease in self._leases:
                self._leases[kv.lease][2].add(key)

    # ---- the persistence hooks MemoryStore calls under its lock --------------------------------

    @contextlib.contextmanager
    def _transaction(self):
        """One SQLite transaction; its COMMIT returns only after the WAL is fsynced."""
        db = self._db
        db.execute("BEGIN")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def _persist(self, rev: int, events: list[Event]) -> None:
        rows = [(rev, i, e.kv.key, e.kv.value, e.kv.create_revision, e.kv.version, e.kv.lease)
                for i, e in enumerate(events)]
        with self._transaction() as db:
            db.executemany("INSERT INTO kv VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
            db.execute("INSERT OR REPLACE INTO meta VALUES ('revision', ?)", (rev,))

    def _persist_leases(self, granted, revoked) -> None:
        with self._transaction() as db:
            db.executemany("INSERT OR REPLACE INTO leases VALUES (?, ?)", granted)
            db.executemany("DELETE FROM leases WHERE id = ?", [(i,) for i in revoked])

    def _persist_compaction(self, revision: int) -> None:
        with self._transaction() as db:
            # drop every version superseded at or below `revision`, and tombstones there
            db.execute(
                "DELETE FROM kv WHERE revision <= :c AND (version = 0 OR EXISTS ("
                " SELECT 1 FROM kv AS newer WHERE newer.key = kv.key"
                " AND newer.revision > kv.revision AND newer.revision <= :c))", {"c": revision})
            db.execute("INSERT OR REPLACE INTO meta VALUES ('compact_revision', ?)", (revision,))

    def db_size(self) -> int:
        page_count = self._db.execute("PRAGMA page_count").fetchone()[0]
        page_size = self._db.execute("PRAGMA page_size").fetchone()[0]
        return page_count * page_size

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None
