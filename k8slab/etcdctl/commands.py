"""etcdctl's commands: each takes (store, flags, args) and prints what etcdctl 3.4 prints.

Follows `etcdctl/ctlv3/command/{get,put,del,watch,member,ep,compaction,lease}_command.go`.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import Callable

from ..storage import kv as K
from ..storage.kv import prefix_end, to_bytes
from . import printer as P


class Usage(Exception):
    """A command called with the wrong arguments (etcdctl exits 128)."""


@dataclass
class Command:
    summary: str
    run: Callable
    flags: dict = field(default_factory=dict)


def open_target(flags):
    """The store a command talks to, and the endpoint name etcdctl would print for it."""
    if flags["data-dir"]:
        from ..storage.sqlite import SqliteStore
        return SqliteStore(flags["data-dir"]), flags["data-dir"]
    from ..storage.etcd import EtcdStore
    endpoint = flags["endpoints"].split(",")[0].strip()
    return EtcdStore(endpoint, cacert=flags["cacert"] or None, cert=flags["cert"] or None,
                     key=flags["key"] or None,
                     insecure_skip_verify=flags["insecure-skip-tls-verify"]), endpoint


def header(store, revision: int | None) -> dict:
    """etcd's ResponseHeader as etcdctl's JSON shows it (zero fields left out)."""
    h = store.header() if hasattr(store, "header") else {}
    out = {"cluster_id": int(h.get("cluster_id", getattr(store, "cluster_id", 0))),
           "member_id": int(h.get("member_id", getattr(store, "member_id", 0)))}
    if revision:
        out["revision"] = revision
    out["raft_term"] = int(h.get("raft_term", 1))
    return out


def key_range(flags, args) -> tuple[bytes, bytes]:
    key = to_bytes(args[0])
    if flags.get("prefix"):
        return key, prefix_end(key) if key else b"\x00"
    if flags.get("from-key"):
        return key, b"\x00"
    return key, to_bytes(args[1]) if len(args) > 1 else b""


# ---- KV ---------------------------------------------------------------------------------------

def cmd_get(store, flags, args, out):
    if not 1 <= len(args) <= 2:
        raise Usage("get command needs one argument as key and an optional argument as range_end")
    key, end = key_range(flags, args)
    r = store.range(key, end, limit=flags["limit"], revision=flags["rev"],
                    keys_only=flags["keys-only"])
    w = flags["write-out"]
    if w == "json":
        d = {"header": header(store, r.revision)}
        if r.kvs:
            d["kvs"] = [P.kv_json(kv, flags["keys-only"]) for kv in r.kvs]
        if r.more:
            d["more"] = True
        if r.count:
            d["count"] = r.count
        print(P.dumps(d), file=out)
    elif w == "fields":
        h = header(store, r.revision)
        lines = [f'"ClusterID" : {h["cluster_id"]}', f'"MemberID" : {h["member_id"]}',
                 f'"Revision" : {r.revision}', f'"RaftTerm" : {h["raft_term"]}']
        for kv in r.kvs:
            lines += [f'"Key" : {P.dumps(P.text(kv.key))}', f'"CreateRevision" : {kv.create_revision}',
                      f'"ModRevision" : {kv.mod_revision}', f'"Version" : {kv.version}',
                      f'"Value" : {P.dumps(P.text(kv.value))}', f'"Lease" : {kv.lease}']
        lines += [f'"More" : {str(r.more).lower()}', f'"Count" : {r.count}']
        print("\n".join(lines), file=out)
    else:
        for kv in r.kvs:
            print("\n".join(P.simple_kv(kv, flags["keys-only"], flags["print-value-only"])), file=out)


def cmd_put(store, flags, args, out):
    if len(args) == 1 and not sys.stdin.isatty():
        value = sys.stdin.read()                  # etcdctl's argOrStdin: empty input is no value
        args = [args[0], value] if value else args
    if len(args) != 2:
        raise Usage("put command needs 1 argument and input from stdin or 2 arguments")
    lease = int(flags["lease"], 16) if flags["lease"] not in ("", "0") else 0
    r = store.put(args[0], args[1], lease=lease, prev_kv=flags["prev-kv"])
    if flags["write-out"] == "json":
        d = {"header": header(store, r.revision)}
        if r.prev_kv:
            d["prev_kv"] = P.kv_json(r.prev_kv)
        print(P.dumps(d), file=out)
        return
    print("OK", file=out)
    if r.prev_kv:
        print("\n".join(P.simple_kv(r.prev_kv)), file=out)


def cmd_del(store, flags, args, out):
    if not 1 <= len(args) <= 2:
        raise Usage("del command needs one argument as key and an optional argument as range_end")
    key, end = key_range(flags, args)
    r = store.delete_range(key, end, prev_kv=flags["prev-kv"])
    if flags["write-out"] == "json":
        d = {"header": header(store, r.revision)}
        if r.deleted:
            d["deleted"] = r.deleted
        if r.prev_kvs:
            d["prev_kvs"] = [P.kv_json(kv) for kv in r.prev_kvs]
        print(P.dumps(d), file=out)
        return
    print(r.deleted, file=out)
    for kv in r.prev_kvs:
        print("\n".join(P.simple_kv(kv)), file=out)


def cmd_compaction(store, flags, args, out):
    if len(args) != 1:
        raise Usage("compaction command needs 1 argument")
    try:
        rev = int(args[0])
    except ValueError:
        raise K.StoreError(f'strconv.ParseInt: parsing "{args[0]}": invalid syntax') from None
    store.compact(rev)
    print(f"compacted revision {rev}", file=out)


# ---- watch ------------------------------------------------------------------------------------

class WatchCanceled(Exception):
    pass


def cmd_watch(store, flags, args, out):
    if not 1 <= len(args) <= 2:
        raise Usage("watch in non-interactive mode requires one or two arguments as key or "
                    "prefix, with range end")
    key, end = key_range(flags, args)
    try:
        w = store.watch(key, end, start_revision=flags["rev"], prev_kv=flags["prev-kv"])
    except K.Compacted as e:
        compact_rev = e.compact_revision
        if flags["write-out"] == "json":
            h = header(store, 0)
            print(P.dumps({"Header": h, "Events": [], "CompactRevision": compact_rev,
                           "Canceled": True, "Created": False}), file=out)
        out.flush()
        print(f"watch was canceled ({e})", file=sys.stderr)
        raise WatchCanceled() from None
    try:
        while True:
            for revision, events in w.wait_responses(0.5):
                print_events(store, flags, revision, events, out)
                out.flush()
            if w.canceled and not w.pending():
                raise WatchCanceled()
    finally:
        w.cancel()


def print_events(store, flags, revision, events, out):
    """One WatchResponse, as the server batched it."""
    if flags["write-out"] == "json":
        items = []
        for e in events:
            d = {"type": 1} if e.type == "DELETE" else {}
            d["kv"] = P.kv_json(e.kv)
            if e.prev_kv:
                d["prev_kv"] = P.kv_json(e.prev_kv)
            items.append(d)
        print(P.dumps({"Header": header(store, revision), "Events": items,
                       "CompactRevision": 0, "Canceled": False, "Created": False}), file=out)
        return
    for e in events:
        lines = [e.type]
        if e.prev_kv:
            lines += P.simple_kv(e.prev_kv)
        lines += P.simple_kv(e.kv)
        print("\n".join(lines), file=out)


# ---- cluster and maintenance --------------------------------------------------------------------

def cmd_member_list(store, flags, args, out):
    members = store.members()
    w = flags["write-out"]
    if w == "json":
        h = header(store, 0)
        ms = []
        for m in members:
            d = {"ID": m.id, "name": m.name, "peerURLs": m.peer_urls, "clientURLs": m.client_urls}
            if m.is_learner:
                d["isLearner"] = True
            ms.append(d)
        print(P.dumps({"header": h, "members": ms}), file=out)
        return
    rows = [[f"{m.id:x}", "started" if m.name else "unstarted", m.name, ",".join(m.peer_urls),
             ",".join(m.client_urls), str(m.is_learner).lower()] for m in members]
    if w == "table":
        print(P.table(["ID", "STATUS", "NAME", "PEER ADDRS", "CLIENT ADDRS", "IS LEARNER"], rows),
              file=out)
    else:
        for r in rows:
            print(", ".join(r), file=out)


def cmd_endpoint_status(store, flags, args, out, endpoint=""):
    st = store.status()
    w = flags["write-out"]
    if w == "json":
        status = {"header": header(store, st.revision), "version": st.version, "dbSize": st.db_size,
                  "leader": st.leader, "raftIndex": st.raft_index, "raftTerm": st.raft_term,
                  "raftAppliedIndex": st.raft_applied_index}
        if st.db_size_in_use:
            status["dbSizeInUse"] = st.db_size_in_use
        print(P.dumps([{"Endpoint": endpoint, "Status": status}]), file=out)
        return
    row = [endpoint, f"{st.member_id:x}", st.version, P.humanize_bytes(st.db_size),
           str(st.leader == st.member_id).lower(), "false", str(st.raft_term), str(st.raft_index),
           str(st.raft_applied_index), ""]
    if w == "table":
        print(P.table(["ENDPOINT", "ID", "VERSION", "DB SIZE", "IS LEADER", "IS LEARNER",
                       "RAFT TERM", "RAFT INDEX", "RAFT APPLIED INDEX", "ERRORS"], [row]), file=out)
    else:
        print(", ".join(row), file=out)


def cmd_endpoint_health(store, flags, args, out, endpoint=""):
    start = time.monotonic()
    store.range(b"health")
    took = (time.monotonic() - start) * 1000
    print(f"{endpoint} is healthy: successfully committed proposal: took = {took:.6f}ms",
          file=sys.stderr)


# ---- leases -------------------------------------------------------------------------------------

def lease_id(arg: str) -> int:
    try:
        return int(arg, 16)
    except ValueError:
        raise Usage(f"bad lease ID arg ({arg}), expecting ID in Hex") from None


def cmd_lease_grant(store, flags, args, out):
    if len(args) != 1:
        raise Usage("lease grant command needs TTL argument")
    try:
        ttl = int(args[0])
    except ValueError:
        raise Usage(f"bad TTL (strconv.ParseInt: parsing \"{args[0]}\": invalid syntax)") from None
    try:
        lease = store.lease_grant(ttl)
    except K.StoreError as e:
        raise K.StoreError(f"failed to grant lease ({e})") from None
    print(f"lease {lease.id:016x} granted with TTL({lease.ttl}s)", file=out)


def cmd_lease_revoke(store, flags, args, out):
    if len(args) != 1:
        raise Usage("lease revoke command needs 1 argument")
    lid = lease_id(args[0])
    try:
        store.lease_revoke(lid)
    except K.StoreError as e:
        raise K.StoreError(f"failed to revoke lease ({e})") from None
    print(f"lease {lid:016x} revoked", file=out)


def cmd_lease_timetolive(store, flags, args, out):
    if len(args) != 1:
        raise Usage("lease timetolive command needs lease ID as argument")
    lid = lease_id(args[0])
    info = store.lease_time_to_live(lid, keys=flags["keys"])
    if flags["write-out"] == "json":
        h = header(store, store.revision if not hasattr(store, "header") else
                   int(store.header().get("revision", 0)))
        print(P.dumps({**h, "id": lid, "ttl": info.ttl, "granted-ttl": info.granted_ttl,
                       "keys": [P.text(k) for k in info.keys] if info.keys else None}), file=out)
        return
    if info.ttl == -1:
        print(f"lease {lid:016x} already expired", file=out)
        return
    line = f"lease {lid:016x} granted with TTL({info.granted_ttl}s), remaining({info.ttl}s)"
    if flags["keys"]:
        line += ", attached keys([" + " ".join(P.text(k) for k in info.keys) + "])"
    print(line, file=out)


def cmd_lease_list(store, flags, args, out):
    ids = store.lease_leases()
    print(f"found {len(ids)} leases", file=out)
    for lid in ids:
        print(f"{lid:016x}", file=out)


def cmd_lease_keep_alive(store, flags, args, out):
    if len(args) != 1:
        raise Usage("lease keep-alive command needs lease ID as argument")
    lid = lease_id(args[0])
    while True:
        try:
            ttl = store.lease_keep_alive(lid)
        except K.LeaseNotFound:
            if flags["once"]:
                raise
            print(f"lease {lid:016x} expired or revoked.", file=out)
            return
        print(f"lease {lid:016x} keepalived with TTL({ttl})", file=out)
        out.flush()
        if flags["once"]:
            return
        time.sleep(max(ttl / 3, 0.5))      # the CLI's own pacing, as clientv3 renews at TTL/3


def cmd_version(store, flags, args, out):
    from ..storage.mvcc import ETCD_VERSION
    print(f"etcdctl version: {ETCD_VERSION}\nAPI version: 3.4", file=out)


BOOL, INT, STR = "bool", "int", "str"
RANGE_FLAGS = {"prefix": (BOOL, False, None), "from-key": (BOOL, False, None)}

COMMANDS = {
    "get": Command("Gets the key or a range of keys", cmd_get, {
        **RANGE_FLAGS, "keys-only": (BOOL, False, None), "limit": (INT, 0, None),
        "rev": (INT, 0, None), "print-value-only": (BOOL, False, None),
        "consistency": (STR, "l", None), "order": (STR, "", None), "sort-by": (STR, "", None)}),
    "put": Command("Puts the given key into the store", cmd_put, {
        "lease": (STR, "0", None), "prev-kv": (BOOL, False, None),
        "ignore-value": (BOOL, False, None), "ignore-lease": (BOOL, False, None)}),
    "del": Command("Removes the specified key or range of keys [key, range_end)", cmd_del, {
        **RANGE_FLAGS, "prev-kv": (BOOL, False, None)}),
    "watch": Command("Watches events stream on keys or prefixes", cmd_watch, {
        "prefix": (BOOL, False, None), "rev": (INT, 0, None), "prev-kv": (BOOL, False, None),
        "interactive": (BOOL, False, "i")}),
    "compaction": Command("Compacts the event history in etcd", cmd_compaction, {
        "physical": (BOOL, False, None)}),
    "member list": Command("Lists all members in the cluster", cmd_member_list),
    "endpoint status": Command("Prints out the status of endpoints specified in `--endpoints` flag",
                               cmd_endpoint_status),
    "endpoint health": Command("Checks the healthiness of endpoints specified in `--endpoints` flag",
                               cmd_endpoint_health),
    "lease grant": Command("Creates leases", cmd_lease_grant),
    "lease revoke": Command("Revokes leases", cmd_lease_revoke),
    "lease timetolive": Command("Get lease information", cmd_lease_timetolive, {
        "keys": (BOOL, False, None)}),
    "lease list": Command("List all active leases", cmd_lease_list),
    "lease keep-alive": Command("Keeps leases alive (renew)", cmd_lease_keep_alive, {
        "once": (BOOL, False, None)}),
    "version": Command("Prints the version of etcdctl", cmd_version),
}


def run_command(name: str, flags: dict, args: list[str], out, err) -> int:
    if name == "version":
        cmd_version(None, flags, args, out)
        return 0
    store, endpoint = open_target(flags)
    try:
        run = COMMANDS[name].run
        if name.startswith("endpoint "):
            run(store, flags, args, out, endpoint=endpoint)
        else:
            run(store, flags, args, out)
        return 0
    except WatchCanceled:
        print("Error: watch is canceled by the server", file=err)
        return 5                                  # etcdctl's ExitInterrupted
    except K.StoreError as e:
        print(f"Error: {e}", file=err)
        return 1
    finally:
        store.close()
