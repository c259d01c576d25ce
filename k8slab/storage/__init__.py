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
    "TxnResult", "Watcher", "op_delete", "op_get", "op_put", "prefix_end",
]
