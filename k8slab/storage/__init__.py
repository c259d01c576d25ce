"""k8slab.storage: an MVCC key-value store with etcd v3 semantics, behind one interface.

Backends: `memory` (default), `sqlite` (durable; every acknowledged write is fsynced) and `etcd`
(a real etcd 3.4+ server through its v3 JSON gateway). `open_store(spec)` picks one:
"memory", "sqlite:PATH" (or a data dir), "etcd=http://HOST:PORT".
"""

from .kv import (Compare, DeleteOp, DeleteResult, Event, KeyValue, LeaseInfo, PutOp, PutResult,
                 RangeOp, RangeResult, StoreError, TxnResult, op_delete, op_get, op_put, prefix_end)
from .mvcc import MemoryStore
from .store import Member, Status, Store, Watcher

__all__ = [
    "Compare", "DeleteOp", "DeleteResult", "Event", "KeyValue", "LeaseInfo", "MemoryStore",
    "Member", "PutOp", "PutResult", "RangeOp", "RangeResult", "Status", "Store", "StoreError",
    "TxnResult", "Watcher", "op_delete", "op_get", "op_put", "open_store", "prefix_end",
]


def open_store(spec: str = "memory", clock=None) -> Store:
    """A store from a spec: "memory", "sqlite:PATH" (a file or a data dir), "etcd=http://HOST:PORT"."""
    if spec in ("", "memory"):
        return MemoryStore(clock)
    if spec.startswith("sqlite:") or spec == "sqlite":
        from .sqlite import SqliteStore
        path = spec[len("sqlite:"):] or "."
        return SqliteStore(path, clock)
    if spec.startswith(("etcd=", "etcd:")):
        from .etcd import EtcdStore
        return EtcdStore(spec[5:])
    raise ValueError(f"unknown store {spec!r}: use memory, sqlite:PATH or etcd=http://HOST:PORT")
