"""The vocabulary of the store: key-values, events, compares, operations and etcd's errors.

Follows etcd v3's `api/mvccpb/kv.proto` (KeyValue, Event) and `api/etcdserverpb/rpc.proto`
(RangeRequest, PutRequest, DeleteRangeRequest, Compare, RequestOp, TxnRequest), and the error
strings of `api/v3rpc/rpctypes/error.go`. Every backend speaks these types, so a test written for
one backend runs unchanged on the others.

Differences from upstream: nested txns (a RequestOp holding a TxnRequest) and range sorting
options are not offered; keys and values are always bytes (str arguments are UTF-8 encoded).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union

# ---- key-values and events -------------------------------------------------------------------


class KeyValue:
    """One version of one key, as etcd's mvccpb.KeyValue; a deletion has version 0."""

    __slots__ = ("key", "value", "create_revision", "mod_revision", "version", "lease")

    def __init__(self, key: bytes, value: bytes, create_revision: int, mod_revision: int,
                 version: int, lease: int = 0):
        self.key = key
        self.value = value
        self.create_revision = create_revision
        self.mod_revision = mod_revision
        self.version = version
        self.lease = lease

    @property
    def deleted(self) -> bool:
        return self.version == 0

    def keys_only(self) -> KeyValue:
        return KeyValue(self.key, b"", self.create_revision, self.mod_revision, self.version, self.lease)

    def __eq__(self, other):
        return isinstance(other, KeyValue) and all(
            getattr(self, s) == getattr(other, s) for s in KeyValue.__slots__)

    def __repr__(self):
        return (f"KeyValue({self.key!r}, {self.value[:40]!r}, create={self.create_revision}, "
                f"mod={self.mod_revision}, version={self.version}, lease={self.lease})")


PUT = "PUT"
DELETE = "DELETE"


@dataclass(slots=True)
class Event:
    """A watch event: PUT or DELETE of `kv` at kv.mod_revision; prev_kv when asked for."""

    type: Literal["PUT", "DELETE"]
    kv: KeyValue
    prev_kv: KeyValue | None = None


@dataclass(slots=True)
class ResponseHeader:
    revision: int


# ---- requests and their results ----------------------------------------------------------------


@dataclass(slots=True)
class RangeResult:
    revision: int                  # the store's revision when the range was served
    kvs: list[KeyValue]
    count: int                     # how many keys matched, whatever the limit
    more: bool = False             # True when limit cut the answer short


@dataclass(slots=True)
class PutResult:
    revision: int
    prev_kv: KeyValue | None = None


@dataclass(slots=True)
class DeleteResult:
    revision: int
    deleted: int
    prev_kvs: list[KeyValue] = field(default_factory=list)


@dataclass(slots=True)
class TxnResult:
    revision: int
    succeeded: bool
    responses: list[Union[RangeResult, PutResult, DeleteResult]]


@dataclass(slots=True)
class LeaseInfo:
    id: int
    ttl: int                       # seconds left; -1 once the lease is gone
    granted_ttl: int
    keys: list[bytes] = field(default_factory=list)


# ---- txn building blocks ----------------------------------------------------------------------

Target = Literal["VERSION", "CREATE", "MOD", "VALUE", "LEASE"]
Result = Literal["EQUAL", "GREATER", "LESS", "NOT_EQUAL"]


@dataclass(slots=True)
class Compare:
    """etcd's Compare: `target` of `key` (or of every key in [key, range_end)) `result` `value`."""

    key: bytes
    target: Target
    result: Result
    value: Union[int, bytes]
    range_end: bytes = b""

    @staticmethod
    def mod(key, result: Result, rev: int) -> Compare:
        return Compare(to_bytes(key), "MOD", result, rev)

    @staticmethod
    def create(key, result: Result, rev: int) -> Compare:
        return Compare(to_bytes(key), "CREATE", result, rev)

    @staticmethod
    def version(key, result: Result, version: int) -> Compare:
        return Compare(to_bytes(key), "VERSION", result, version)

    @staticmethod
    def value_of(key, result: Result, value) -> Compare:
        return Compare(to_bytes(key), "VALUE", result, to_bytes(value))

    @staticmethod
    def lease_of(key, result: Result, lease: int) -> Compare:
        return Compare(to_bytes(key), "LEASE", result, lease)

    def holds_for(self, kv: KeyValue | None) -> bool:
        """Evaluate against the key's current value (None: the key does not exist)."""
        if kv is None:
            # etcd (applyCompare): a VALUE compare on a missing key always fails; the other
            # targets compare as if every field of the missing key were zero
            if self.target == "VALUE":
                return False
            actual = 0
        else:
            actual = {"VERSION": kv.version, "CREATE": kv.create_revision, "MOD": kv.mod_revision,
                      "VALUE": kv.value, "LEASE": kv.lease}[self.target]
        want = self.value
        if self.result == "EQUAL":
            return actual == want
        if self.result == "NOT_EQUAL":
            return actual != want
        if self.result == "GREATER":
            return actual > want
        return actual < want


@dataclass(slots=True)
class RangeOp:
    key: bytes
    range_end: bytes = b""
    limit: int = 0
    revision: int = 0
    keys_only: bool = False
    count_only: bool = False


@dataclass(slots=True)
class PutOp:
    key: bytes
    value: bytes
    lease: int = 0
    prev_kv: bool = False


@dataclass(slots=True)
class DeleteOp:
    key: bytes
    range_end: bytes = b""
    prev_kv: bool = False


Op = Union[RangeOp, PutOp, DeleteOp]


def op_get(key, range_end=b"", **kw) -> RangeOp:
    return RangeOp(to_bytes(key), to_bytes(range_end), **kw)


def op_put(key, value, **kw) -> PutOp:
    return PutOp(to_bytes(key), to_bytes(value), **kw)


def op_delete(key, range_end=b"", **kw) -> DeleteOp:
    return DeleteOp(to_bytes(key), to_bytes(range_end), **kw)


# ---- keys and ranges ----------------------------------------------------------------------------

MAX_TXN_OPS = 128                  # etcd's --max-txn-ops default
MAX_REQUEST_BYTES = 1536 * 1024    # etcd's --max-request-bytes default (1.5 MiB)
MAX_LEASE_TTL = 9_000_000_000      # etcd's MaxLeaseTTL (seconds)


def to_bytes(x) -> bytes:
    if isinstance(x, bytes):
        return x
    if isinstance(x, str):
        return x.encode()
    if isinstance(x, (bytearray, memoryview)):
        return bytes(x)
    raise TypeError(f"keys and values are bytes or str, not {type(x).__name__}")


def prefix_end(prefix: bytes) -> bytes:
    """The range_end that selects every key starting with `prefix` (clientv3.GetPrefixRangeEnd)."""
    prefix = to_bytes(prefix)
    end = bytearray(prefix)
    for i in range(len(end) - 1, -1, -1):
        if end[i] < 0xFF:
            end[i] += 1
            return bytes(end[: i + 1])
    return b"\x00"                  # every byte was 0xff: range to the end of the keyspace


def in_range(key: bytes, start: bytes, range_end: bytes) -> bool:
    """etcd's interval semantics: no range_end = exactly `start`; b"\\0" = every key >= start."""
    if not range_end:
        return key == start
    if range_end == b"\x00":
        return key >= start
    return start <= key < range_end


# ---- errors, with etcd's messages and gRPC codes --------------------------------------------------


class StoreError(Exception):
    """An error etcd would return; `str(e)` is etcd's message, `code` its gRPC status code."""

    message = "etcdserver: unknown error"
    code = 2                        # UNKNOWN

    def __init__(self, message: str | None = None):
        if message is not None:
            self.message = message
        super().__init__(self.message)


class EmptyKey(StoreError):
    message, code = "etcdserver: key is not provided", 3            # INVALID_ARGUMENT


class DuplicateKey(StoreError):
    message, code = "etcdserver: duplicate key given in txn request", 3


class TooManyOps(StoreError):
    message, code = "etcdserver: too many operations in txn request", 3


class RequestTooLarge(StoreError):
    message, code = "etcdserver: request is too large", 3


class Compacted(StoreError):
    message, code = "etcdserver: mvcc: required revision has been compacted", 11  # OUT_OF_RANGE
    compact_revision = 0            # for a watch: the revision it was compacted at


class FutureRevision(StoreError):
    message, code = "etcdserver: mvcc: required revision is a future revision", 11


class LeaseNotFound(StoreError):
    message, code = "etcdserver: requested lease not found", 5      # NOT_FOUND


class LeaseExists(StoreError):
    message, code = "etcdserver: lease already exists", 9           # FAILED_PRECONDITION


class LeaseTTLTooLarge(StoreError):
    message, code = "etcdserver: too large lease TTL", 11


class Unavailable(StoreError):
    message, code = "etcdserver: request timed out", 14             # UNAVAILABLE


ERRORS_BY_MESSAGE = {cls.message: cls for cls in (
    EmptyKey, DuplicateKey, TooManyOps, RequestTooLarge, Compacted, FutureRevision,
    LeaseNotFound, LeaseExists, LeaseTTLTooLarge)}


def error_from_message(message: str, code: int = 2) -> StoreError:
    cls = ERRORS_BY_MESSAGE.get(message)
    if cls is not None:
        return cls()
    err = StoreError(message)
    err.code = code
    return err
