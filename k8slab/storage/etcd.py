"""EtcdStore: the store interface on a real etcd (3.4+) server, through etcd's v3 JSON gateway.

etcd serves its gRPC API as JSON over HTTP at `/v3/...` (grpc-gateway: bytes in base64, int64s as
strings, errors as `{"error", "message", "code"}`). Speaking that needs nothing but the standard
library, where a gRPC client would bring grpcio and a pinned protobuf. Unary calls reuse one
keep-alive connection per thread; each watch holds its own streaming connection, read by a
daemon thread that feeds the Watcher.

Follows the request and response shapes of etcd's `api/etcdserverpb/rpc.proto`.
Differences from upstream clients: no retries, no endpoint balancing, no TLS client certificates.
"""

from __future__ import annotations

import base64
import http.client
import json
import threading
import urllib.parse

from . import kv as K
from .kv import Event, KeyValue, to_bytes
from .store import Member, Status, Store, Watcher


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode()


def _unb64(s: str | None) -> bytes:
    return base64.b64decode(s) if s else b""


def _kv(d: dict) -> KeyValue:
    return KeyValue(_unb64(d.get("key")), _unb64(d.get("value")), int(d.get("create_revision", 0)),
                    int(d.get("mod_revision", 0)), int(d.get("version", 0)), int(d.get("lease", 0)))


def _range_req(key: bytes, range_end: bytes, limit=0, revision=0, keys_only=False, count_only=False):
    req = {"key": _b64(key)}
    if range_end:
        req["range_end"] = _b64(range_end)
    if limit:
        req["limit"] = str(limit)
    if revision:
        req["revision"] = str(revision)
    if keys_only:
        req["keys_only"] = True
    if count_only:
        req["count_only"] = True
    return req


def _put_req(op: K.PutOp) -> dict:
    req = {"key": _b64(op.key), "value": _b64(op.value)}
    if op.lease:
        req["lease"] = str(op.lease)
    if op.prev_kv:
        req["prev_kv"] = True
    return req


def _delete_req(op: K.DeleteOp) -> dict:
    req = {"key": _b64(op.key)}
    if op.range_end:
        req["range_end"] = _b64(op.range_end)
    if op.prev_kv:
        req["prev_kv"] = True
    return req


_COMPARE_FIELD = {"VERSION": "version", "CREATE": "create_revision", "MOD": "mod_revision",
                  "VALUE": "value", "LEASE": "lease"}


def _compare_req(c: K.Compare) -> dict:
    req = {"key": _b64(c.key), "target": c.target, "result": c.result}
    if c.range_end:
        req["range_end"] = _b64(c.range_end)
    req[_COMPARE_FIELD[c.target]] = _b64(c.value) if c.target == "VALUE" else str(c.value)
    return req


def _range_result(d: dict) -> K.RangeResult:
    return K.RangeResult(int(d["header"].get("revision", 0)), [_kv(x) for x in d.get("kvs", [])],
                         int(d.get("count", 0)), bool(d.get("more", False)))


def _put_result(d: dict) -> K.PutResult:
    prev = d.get("prev_kv")
    return K.PutResult(int(d["header"].get("revision", 0)), _kv(prev) if prev else None)


def _delete_result(d: dict) -> K.DeleteResult:
    return K.DeleteResult(int(d["header"].get("revision", 0)), int(d.get("deleted", 0)),
                          [_kv(x) for x in d.get("prev_kvs", [])])


def _event(d: dict) -> Event:
    prev = d.get("prev_kv")
    return Event(d.get("type", "PUT"), _kv(d["kv"]), _kv(prev) if prev else None)


class EtcdStore(Store):
    """A real etcd server at `url` (http://HOST:PORT), spoken to through its JSON gateway."""

    backend = "etcd"

    def __init__(self, url: str = "http://127.0.0.1:2379", timeout: float = 10.0, *,
                 cacert: str | None = None, cert: str | None = None, key: str | None = None,
                 insecure_skip_verify: bool = False):
        if "://" not in url:
            url = ("https://" if cacert or cert else "http://") + url
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme not in ("http", "https"):
            raise ValueError(f"etcd endpoints are http:// or https://, not {url}")
        self.url = url
        self.host, self.port = parsed.hostname, parsed.port or 2379
        self.timeout = timeout
        self._ssl = None
        if parsed.scheme == "https":
            import ssl
            self._ssl = ssl.create_default_context(cafile=cacert)
            if insecure_skip_verify:
                self._ssl.check_hostname = False
                self._ssl.verify_mode = ssl.CERT_NONE
            if cert:
                self._ssl.load_cert_chain(cert, key)
        self._local = threading.local()
        self._watch_conns: set[http.client.HTTPConnection] = set()
        self._last_header: dict = {}

    # ---- transport --------------------------------------------------------------------------

    def _conn(self) -> http.client.HTTPConnection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self._new_conn(self.timeout)
        return conn

    def _new_conn(self, timeout):
        if self._ssl is not None:
            return http.client.HTTPSConnection(self.host, self.port, timeout=timeout,
                                               context=self._ssl)
        return http.client.HTTPConnection(self.host, self.port, timeout=timeout)

    def _call(self, path: str, body: dict) -> dict:
        data = json.dumps(body).encode()
        for attempt in (0, 1):
            conn = self._conn()
            try:
                conn.request("POST", "/v3/" + path, data, {"Content-Type": "application/json"})
                resp = conn.getresponse()
                raw = resp.read()
                break
            except (ConnectionError, http.client.HTTPException, OSError):
                conn.close()                  # a stale keep-alive socket: reconnect once
                self._local.conn = None
                if attempt:
                    raise K.Unavailable(f"etcd at {self.url} did not answer")
        out = json.loads(raw or b"{}")
        if "result" in out and isinstance(out["result"], dict):     # a streaming RPC's first message
            out = out["result"]
        if resp.status != 200 or "error" in out:
            raise K.error_from_message(out.get("message") or out.get("error", ""), out.get("code", 2))
        if "header" in out:
            self._last_header = out["header"]
        return out

    # ---- KV ---------------------------------------------------------------------------------

    def range(self, key, range_end=b"", *, limit=0, revision=0, keys_only=False, count_only=False):
        key, range_end = to_bytes(key), to_bytes(range_end)
        if not key:
            raise K.EmptyKey()
        return _range_result(self._call("kv/range", _range_req(key, range_end, limit, revision,
                                                                keys_only, count_only)))

    def put(self, key, value, *, lease=0, prev_kv=False):
        op = K.PutOp(to_bytes(key), to_bytes(value), lease, prev_kv)
        if not op.key:
            raise K.EmptyKey()
        return _put_result(self._call("kv/put", _put_req(op)))

    def delete_range(self, key, range_end=b"", *, prev_kv=False):
        op = K.DeleteOp(to_bytes(key), to_bytes(range_end), prev_kv)
        if not op.key:
            raise K.EmptyKey()
        return _delete_result(self._call("kv/deleterange", _delete_req(op)))

    def txn(self, compares, success, failure=()):
        def ops(lst):
            out = []
            for op in lst:
                if isinstance(op, K.PutOp):
                    out.append({"request_put": _put_req(op)})
                elif isinstance(op, K.DeleteOp):
                    out.append({"request_delete_range": _delete_req(op)})
                else:
                    out.append({"request_range": _range_req(op.key, op.range_end, op.limit,
                                                            op.revision, op.keys_only, op.count_only)})
            return out

        body = {"compare": [_compare_req(c) for c in compares], "success": ops(success),
                "failure": ops(failure)}
        d = self._call("kv/txn", body)
        rev = int(d["header"]["revision"])
        responses = []
        for r in d.get("responses", []):
            (kind, payload), = r.items()
            payload.setdefault("header", {})["revision"] = str(rev)
            responses.append({"response_range": _range_result, "response_put": _put_result,
                              "response_delete_range": _delete_result}[kind](payload))
        return K.TxnResult(rev, bool(d.get("succeeded", False)), responses)

    def compact(self, revision: int) -> None:
        self._call("kv/compaction", {"revision": str(revision)})

    @property
    def revision(self) -> int:
        return int(self._call("kv/range", {"key": _b64(b"\x00"), "count_only": True})["header"]
                   ["revision"])

    @property
    def compact_revision(self) -> int:
        """etcd does not report it directly: a watch from revision 1 is told the compacted one."""
        w = None
        try:
            w = self.watch(b"\x00", start_revision=1)
        except K.Compacted as e:
            return e.compact_revision
        finally:
            if w is not None:
                w.cancel()
        return 0

    # ---- watch ------------------------------------------------------------------------------

    def watch(self, key, range_end=b"", *, start_revision=0, prev_kv=False, on_event=None):
        key, range_end = to_bytes(key), to_bytes(range_end)
        if not key:
            raise K.EmptyKey()
        create = {"key": _b64(key)}
        if range_end:
            create["range_end"] = _b64(range_end)
        if start_revision:
            create["start_revision"] = str(start_revision)
        if prev_kv:
            create["prev_kv"] = True
        compacted = False
        if start_revision:
            # etcd creates a watch below the compaction and then cancels it; find out first, so
            # that the caller gets the error instead of a dead watch
            try:
                self.range(key, range_end, revision=start_revision, count_only=True)
            except K.Compacted:
                compacted = True
            except K.FutureRevision:
                pass
        conn = self._new_conn(None)
        conn.request("POST", "/v3/watch", json.dumps({"create_request": create}).encode(),
                     {"Content-Type": "application/json"})
        resp = conn.getresponse()
        first = json.loads(resp.readline() or b"{}").get("result", {})
        while compacted and not first.get("canceled"):
            first = json.loads(resp.readline() or b'{"result":{"canceled":true}}').get("result", {})
        if first.get("canceled"):
            conn.close()
            err = K.Compacted()
            err.compact_revision = int(first.get("compact_revision", 0))
            raise err
        events: list[Event] = []
        w = Watcher(int(first.get("watch_id", 0)), key, range_end, prev_kv, on_event)
        self._watch_conns.add(conn)

        def stop():
            self._watch_conns.discard(conn)
            try:
                conn.sock and conn.sock.shutdown(2)
            except OSError:
                pass
            conn.close()

        w._cancel_hook = stop
        if events:
            w._deliver(events, events_rev)
        threading.Thread(target=self._pump, args=(resp, w), daemon=True,
                         name=f"etcd-watch-{w.id}").start()
        return w

    @staticmethod
    def _pump(resp, w: Watcher) -> None:
        try:
            while True:
                line = resp.readline()
                if not line:
                    break
                result = json.loads(line).get("result", {})
                if result.get("canceled"):
                    w._end(int(result.get("compact_revision", 0)))
                    return
                events = [_event(e) for e in result.get("events", [])]
                if events:
                    w._deliver(events, int(result.get("header", {}).get("revision", 0)))
        except (OSError, ValueError, http.client.HTTPException, AttributeError):
            pass
        if not w.canceled:
            w._end()

    # ---- leases -----------------------------------------------------------------------------

    def lease_grant(self, ttl, lease_id=0):
        body = {"TTL": str(ttl)}
        if lease_id:
            body["ID"] = str(lease_id)
        d = self._call("lease/grant", body)
        return K.LeaseInfo(int(d["ID"]), int(d["TTL"]), int(d["TTL"]))

    def lease_revoke(self, lease_id):
        return int(self._call("lease/revoke", {"ID": str(lease_id)})["header"]["revision"])

    def lease_keep_alive(self, lease_id):
        d = self._call("lease/keepalive", {"ID": str(lease_id)})
        ttl = int(d.get("TTL", 0))
        if ttl <= 0:
            raise K.LeaseNotFound()
        # the gateway keeps a streaming keep-alive open; drop the connection rather than reuse it
        self._conn().close()
        self._local.conn = None
        return ttl

    def lease_time_to_live(self, lease_id, keys=False):
        d = self._call("lease/timetolive", {"ID": str(lease_id), "keys": bool(keys)})
        return K.LeaseInfo(int(d["ID"]), int(d.get("TTL", -1)), int(d.get("grantedTTL", 0)),
                           [_unb64(k) for k in d.get("keys", [])])

    def lease_leases(self):
        return sorted(int(x["ID"]) for x in self._call("lease/leases", {}).get("leases", []))

    # ---- maintenance ------------------------------------------------------------------------

    def status(self):
        d = self._call("maintenance/status", {})
        h = d["header"]
        return Status(d["version"], int(d.get("dbSize", 0)), int(d.get("leader", 0)),
                      int(h["member_id"]), int(h["cluster_id"]), int(d.get("raftTerm", 0)),
                      int(d.get("raftIndex", 0)), int(d.get("raftAppliedIndex", 0)),
                      int(h.get("revision", 0)), int(d.get("dbSizeInUse", 0)))

    def members(self):
        d = self._call("cluster/member/list", {})
        return [Member(int(m["ID"]), m.get("name", ""), m.get("peerURLs", []),
                       m.get("clientURLs", []), bool(m.get("isLearner", False)))
                for m in d.get("members", [])]

    def header(self) -> dict:
        """The last response header etcd sent (cluster_id, member_id, revision, raft_term)."""
        return dict(self._last_header)

    def close(self):
        for conn in list(self._watch_conns):
            conn.close()
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
