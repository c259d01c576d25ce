"""An etcd v3 JSON gateway in front of any k8slab store, so etcd clients reach a running cluster.

etcd serves its gRPC API as JSON at `/v3/...` (grpc-gateway); this module serves the same paths
and shapes over a k8slab store: `/v3/kv/{range,put,deleterange,txn,compaction}`, `/v3/watch`
(a stream of JSON lines), `/v3/lease/{grant,revoke,keepalive,timetolive,leases}`,
`/v3/maintenance/status`, `/v3/cluster/member/list`, `/version` and `/health`. `k8slab etcdctl
--endpoints` (and any JSON-gateway client) then works against `k8slab up --etcd-port`.

Differences from upstream: no gRPC (the real etcdctl speaks gRPC, so it cannot use this);
no auth; a watch stream carries one watch (the create_request it was opened with).
"""

from __future__ import annotations

import asyncio
import base64
import json

from aiohttp import web

from . import kv as K


def _b(s: str | None) -> bytes:
    return base64.b64decode(s) if s else b""


def _e(b: bytes) -> str:
    return base64.b64encode(b).decode()


def _kv(kv: K.KeyValue, keys_only: bool = False) -> dict:
    d = {"key": _e(kv.key)}
    for name in ("create_revision", "mod_revision", "version", "lease"):
        if getattr(kv, name):
            d[name] = str(getattr(kv, name))
    if kv.value and not keys_only:
        d["value"] = _e(kv.value)
    return d


class Gateway:
    """The routes; `app` is an aiohttp Application to run on a port."""

    def __init__(self, store):
        self.store = store
        # bodies up to gRPC's limit reach the store, which answers "request is too large" itself
        self.app = web.Application(client_max_size=2 * K.MAX_REQUEST_BYTES + 512 * 1024)
        for path, fn in [("/v3/kv/range", self.range), ("/v3/kv/put", self.put),
                         ("/v3/kv/deleterange", self.delete), ("/v3/kv/txn", self.txn),
                         ("/v3/kv/compaction", self.compaction), ("/v3/lease/grant", self.grant),
                         ("/v3/lease/revoke", self.revoke), ("/v3/lease/keepalive", self.keepalive),
                         ("/v3/lease/timetolive", self.timetolive), ("/v3/lease/leases", self.leases),
                         ("/v3/maintenance/status", self.status),
                         ("/v3/cluster/member/list", self.members)]:
            self.app.router.add_post(path, self._wrap(fn))
        self.app.router.add_post("/v3/watch", self._wrap(self.watch, streaming=True))
        self.app.router.add_get("/version", self.version)
        self.app.router.add_get("/health", self.health)

    def header(self, revision: int | None = None) -> dict:
        s = self.store
        h = {"cluster_id": str(getattr(s, "cluster_id", 0)), "member_id": str(getattr(s, "member_id", 0))}
        h["revision"] = str(s.revision if revision is None else revision)
        h["raft_term"] = "1"
        return h

    def _wrap(self, fn, streaming: bool = False):
        async def handler(request: web.Request):
            try:
                body = await request.json() if request.can_read_body else {}
            except ValueError as e:
                return web.json_response({"error": str(e), "message": str(e), "code": 3}, status=400)
            try:
                out = await fn(body, request) if streaming else fn(body)
            except K.StoreError as e:
                status = {3: 400, 5: 404, 9: 412, 11: 400, 14: 503}.get(e.code, 500)
                return web.json_response({"error": e.message, "message": e.message, "code": e.code},
                                         status=status)
            return out if isinstance(out, web.StreamResponse) else web.json_response(out)
        return handler

    # ---- KV -----------------------------------------------------------------------------------

    def _range(self, r: dict) -> dict:
        res = self.store.range(_b(r.get("key")), _b(r.get("range_end")), limit=int(r.get("limit", 0)),
                               revision=int(r.get("revision", 0)), keys_only=bool(r.get("keys_only")),
                               count_only=bool(r.get("count_only")))
        out = {"header": self.header(res.revision)}
        if res.kvs:
            out["kvs"] = [_kv(kv, bool(r.get("keys_only"))) for kv in res.kvs]
        if res.more:
            out["more"] = True
        if res.count:
            out["count"] = str(res.count)
        return out

    def range(self, r):
        return self._range(r)

    def _put_op(self, r) -> K.PutOp:
        return K.PutOp(_b(r.get("key")), _b(r.get("value")), int(r.get("lease", 0)), bool(r.get("prev_kv")))

    def _delete_op(self, r) -> K.DeleteOp:
        return K.DeleteOp(_b(r.get("key")), _b(r.get("range_end")), bool(r.get("prev_kv")))

    def put(self, r):
        op = self._put_op(r)
        res = self.store.put(op.key, op.value, lease=op.lease, prev_kv=op.prev_kv)
        out = {"header": self.header(res.revision)}
        if res.prev_kv:
            out["prev_kv"] = _kv(res.prev_kv)
        return out

    def delete(self, r):
        op = self._delete_op(r)
        res = self.store.delete_range(op.key, op.range_end, prev_kv=op.prev_kv)
        out = {"header": self.header(res.revision)}
        if res.deleted:
            out["deleted"] = str(res.deleted)
        if res.prev_kvs:
            out["prev_kvs"] = [_kv(kv) for kv in res.prev_kvs]
        return out

    def txn(self, r):
        fields = {"VERSION": "version", "CREATE": "create_revision", "MOD": "mod_revision",
                  "VALUE": "value", "LEASE": "lease"}
        compares = []
        for c in r.get("compare", []):
            target = c.get("target", "VERSION")
            raw = c.get(fields[target], "" if target == "VALUE" else 0)
            value = _b(raw) if target == "VALUE" else int(raw)
            compares.append(K.Compare(_b(c.get("key")), target, c.get("result", "EQUAL"), value,
                                      _b(c.get("range_end"))))

        def ops(lst):
            out = []
            for op in lst or []:
                if "request_put" in op:
                    out.append(self._put_op(op["request_put"]))
                elif "request_delete_range" in op:
                    out.append(self._delete_op(op["request_delete_range"]))
                elif "request_range" in op:
                    q = op["request_range"]
                    out.append(K.RangeOp(_b(q.get("key")), _b(q.get("range_end")), int(q.get("limit", 0)),
                                         int(q.get("revision", 0)), bool(q.get("keys_only")),
                                         bool(q.get("count_only"))))
            return out

        res = self.store.txn(compares, ops(r.get("success")), ops(r.get("failure")))
        responses = []
        for x in res.responses:
            if isinstance(x, K.RangeResult):
                d = {"header": {"revision": str(res.revision)}}
                if x.kvs:
                    d["kvs"] = [_kv(kv) for kv in x.kvs]
                if x.count:
                    d["count"] = str(x.count)
                responses.append({"response_range": d})
            elif isinstance(x, K.PutResult):
                d = {"header": {"revision": str(res.revision)}}
                if x.prev_kv:
                    d["prev_kv"] = _kv(x.prev_kv)
                responses.append({"response_put": d})
            else:
                d = {"header": {"revision": str(res.revision)}}
                if x.deleted:
                    d["deleted"] = str(x.deleted)
                if x.prev_kvs:
                    d["prev_kvs"] = [_kv(kv) for kv in x.prev_kvs]
                responses.append({"response_delete_range": d})
        out = {"header": self.header(res.revision), "responses": responses}
        if res.succeeded:
            out["succeeded"] = True
        return out

    def compaction(self, r):
        self.store.compact(int(r.get("revision", 0)))
        return {"header": self.header()}

    # ---- leases, maintenance --------------------------------------------------------------------

    def grant(self, r):
        info = self.store.lease_grant(int(r.get("TTL", 0)), int(r.get("ID", 0)))
        return {"header": self.header(), "ID": str(info.id), "TTL": str(info.ttl)}

    def revoke(self, r):
        self.store.lease_revoke(int(r.get("ID", 0)))
        return {"header": self.header()}

    def keepalive(self, r):
        try:
            ttl = self.store.lease_keep_alive(int(r.get("ID", 0)))
        except K.LeaseNotFound:
            ttl = 0
        out = {"header": self.header(), "ID": str(r.get("ID", 0))}
        if ttl:
            out["TTL"] = str(ttl)
        return {"result": out}

    def timetolive(self, r):
        info = self.store.lease_time_to_live(int(r.get("ID", 0)), bool(r.get("keys")))
        out = {"header": self.header(), "ID": str(info.id), "TTL": str(info.ttl)}
        if info.granted_ttl:
            out["grantedTTL"] = str(info.granted_ttl)
        if info.keys:
            out["keys"] = [_e(k) for k in info.keys]
        return out

    def leases(self, r):
        return {"header": self.header(), "leases": [{"ID": str(i)} for i in self.store.lease_leases()]}

    def status(self, r):
        st = self.store.status()
        return {"header": self.header(st.revision), "version": st.version, "dbSize": str(st.db_size),
                "leader": str(st.leader), "raftIndex": str(st.raft_index), "raftTerm": str(st.raft_term),
                "raftAppliedIndex": str(st.raft_applied_index), "dbSizeInUse": str(st.db_size_in_use)}

    def members(self, r):
        h = self.header()
        del h["revision"]
        return {"header": h, "members": [
            {"ID": str(m.id), "name": m.name, "peerURLs": m.peer_urls, "clientURLs": m.client_urls}
            for m in self.store.members()]}

    async def version(self, request):
        from .mvcc import ETCD_VERSION
        return web.json_response({"etcdserver": ETCD_VERSION, "etcdcluster": ETCD_VERSION[:3] + ".0"})

    async def health(self, request):
        return web.json_response({"health": "true", "reason": ""})

    # ---- watch ----------------------------------------------------------------------------------

    async def watch(self, r, request):
        create = r.get("create_request") or {}
        loop = asyncio.get_running_loop()
        wake = asyncio.Event()
        resp = web.StreamResponse(headers={"Content-Type": "application/json"})
        resp.enable_chunked_encoding()
        await resp.prepare(request)

        async def send(obj):
            await resp.write(json.dumps({"result": obj}).encode() + b"\n")

        try:
            w = self.store.watch(_b(create.get("key")), _b(create.get("range_end")),
                                 start_revision=int(create.get("start_revision", 0)),
                                 prev_kv=bool(create.get("prev_kv")),
                                 on_event=lambda _w: loop.call_soon_threadsafe(wake.set))
        except K.Compacted as e:
            await send({"header": self.header(), "created": True})
            await send({"header": {k: v for k, v in self.header().items() if k != "revision"},
                        "canceled": True, "compact_revision": str(e.compact_revision)})
            return resp
        await send({"header": self.header(), "created": True})
        try:
            while request.transport is not None and not request.transport.is_closing():
                for rev, events in w.take_responses():
                    evs = []
                    for e in events:
                        d = {"type": "DELETE"} if e.type == "DELETE" else {}
                        d["kv"] = _kv(e.kv)
                        if e.prev_kv:
                            d["prev_kv"] = _kv(e.prev_kv)
                        evs.append(d)
                    await send({"header": self.header(rev), "events": evs})
                wake.clear()
                try:
                    await asyncio.wait_for(wake.wait(), 1.0)
                except asyncio.TimeoutError:
                    pass
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            w.cancel()
        return resp


async def serve(store, host: str = "127.0.0.1", port: int = 2379) -> web.AppRunner:
    runner = web.AppRunner(Gateway(store).app, access_log=None, handle_signals=False)
    await runner.setup()
    await web.TCPSite(runner, host, port, reuse_address=True).start()
    return runner
