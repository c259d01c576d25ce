"""The sqlite store keeps what it acknowledged: across a clean reopen and across kill -9."""

import os
import signal
import subprocess
import sys
import textwrap

from k8slab.sim.clock import VirtualClock
from k8slab.storage import Compare, op_put
from k8slab.storage.sqlite import SqliteStore

WRITER = textwrap.dedent("""
    import sys
    from k8slab.storage.sqlite import SqliteStore
    from k8slab.storage import Compare, op_put
    store = SqliteStore(sys.argv[1])
    i = 0
    while True:
        i += 1
        key = f"/registry/pods/default/p{i}"
        if i % 3:
            rev = store.put(key, f"value-{i}").revision
        else:   # every third write is a txn of two puts
            rev = store.txn([Compare.create(key, "EQUAL", 0)],
                            [op_put(key, f"value-{i}"), op_put(key + "-twin", f"twin-{i}")]).revision
        print(i, rev, flush=True)      # printed only after put() returned: acknowledged
""")


def test_every_acknowledged_write_survives_kill_9(tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path)],
                            stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": os.getcwd()})
    acked = []
    for line in proc.stdout:
        acked.append(tuple(map(int, line.split())))
        if len(acked) >= 400:
            break
    os.kill(proc.pid, signal.SIGKILL)         # mid-stream: the writer never stopped on its own
    rest = proc.stdout.read()                 # lines already written before the kill
    proc.wait()
    acked += [tuple(map(int, line.split())) for line in rest.splitlines() if line.strip()]
    assert proc.returncode == -signal.SIGKILL

    store = SqliteStore(str(tmp_path), VirtualClock())
    last_i, last_rev = acked[-1]
    assert store.revision >= last_rev
    for i, rev in acked:
        kv = store.get(f"/registry/pods/default/p{i}")
        assert kv is not None, f"acknowledged write {i} (revision {rev}) was lost"
        assert kv.value == f"value-{i}".encode() and kv.mod_revision == rev
        if i % 3 == 0:
            assert store.get(f"/registry/pods/default/p{i}-twin").mod_revision == rev
    # the reopened store still works
    assert store.put("/after", "restart").revision == store.revision
    store.close()


def test_reopen_keeps_history_compaction_leases_and_watch_replay(tmp_path):
    clock = VirtualClock()
    s = SqliteStore(str(tmp_path), clock)
    s.put("/a", "1")                                   # rev 2
    s.put("/a", "2")                                   # rev 3
    s.put("/b", "x")                                   # rev 4
    s.delete("/b")                                     # rev 5
    s.put("/a", "3")                                   # rev 6
    s.compact(3)
    lease = s.lease_grant(30)
    s.put("/leased", "v", lease=lease.id)              # rev 7
    s.close()

    clock2 = VirtualClock()
    s = SqliteStore(str(tmp_path), clock2)
    assert s.revision == 7 and s.compact_revision == 3
    assert s.get("/a", revision=3).value == b"2"
    assert s.get("/a").value == b"3" and s.get("/a").version == 3
    assert s.get("/b") is None and s.get("/b", revision=4).value == b"x"
    w = s.watch_prefix("/", start_revision=4)
    assert [(e.type, e.kv.mod_revision) for e in w.take()] == [
        ("PUT", 4), ("DELETE", 5), ("PUT", 6), ("PUT", 7)]
    assert s.lease_time_to_live(lease.id, keys=True).keys == [b"/leased"]
    clock2.advance(31)                                 # leases run on after a restart, then expire
    assert s.get("/leased") is None and s.revision == 8
    s.close()
    s = SqliteStore(str(tmp_path), VirtualClock())
    assert s.get("/leased") is None and s.lease_leases() == []
    s.close()
