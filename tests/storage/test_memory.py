"""Memory-store specifics the conformance suite cannot see from outside."""

from k8slab.sim.clock import VirtualClock
from k8slab.storage import MemoryStore, open_store


def test_compaction_frees_history_and_the_event_log():
    s = MemoryStore(VirtualClock())
    for i in range(100):
        s.put("/k", str(i))
    s.put("/gone", "x")
    s.delete("/gone")
    s.compact(s.revision)
    assert len(s._history[b"/k"]) == 1 and b"/gone" not in s._history
    assert b"/gone" not in s._keys
    assert all(rev >= s.compact_revision for rev in s._log_revs)


def test_watch_callback_is_told_once_per_write_and_history_is_one_response():
    s = MemoryStore(VirtualClock())
    s.put("/a/1", "x")
    s.put("/a/2", "y")
    calls = []
    w = s.watch_prefix("/a/", start_revision=1, on_event=lambda w: calls.append(w.pending()))
    assert calls == [2]
    assert [(rev, len(evs)) for rev, evs in w.take_responses()] == [(3, 2)]
    s.put("/a/3", "z")
    assert calls == [2, 1] and [e.kv.key for e in w.take()] == [b"/a/3"]
    w.cancel()
    s.put("/a/4", "q")
    assert calls == [2, 1, 0] and w.take() == []     # cancel notifies; nothing after it


def test_keep_alive_pushes_expiry_back_on_the_virtual_clock():
    clock = VirtualClock()
    s = MemoryStore(clock)
    lease = s.lease_grant(10)
    s.put("/lock", "me", lease=lease.id)
    for _ in range(5):
        clock.advance(8)
        assert s.lease_keep_alive(lease.id) == 10
    assert s.get("/lock") is not None and clock.now() == 40
    clock.advance(10)
    assert s.get("/lock") is None


def test_same_seedless_sequence_gives_same_lease_ids_on_virtual_clocks():
    ids = []
    for _ in range(2):
        s = MemoryStore(VirtualClock())
        ids.append([s.lease_grant(5).id for _ in range(3)])
    assert ids[0] == ids[1] and len(set(ids[0])) == 3


def test_open_store_specs(tmp_path):
    assert open_store("memory").backend == "memory"
    s = open_store(f"sqlite:{tmp_path}")
    assert s.backend == "sqlite"
    s.close()
    assert open_store("etcd=http://127.0.0.1:1").backend == "etcd"
    try:
        open_store("redis")
    except ValueError as e:
        assert "unknown store" in str(e)


def test_large_values_are_kept_compressed_and_read_back_whole():
    from k8slab.storage.mvcc import PACK_MIN_BYTES, MemoryStore
    s = MemoryStore()
    big = b'{"kind":"Pod",' + b'"x":"y",' * 200 + b'"z":1}'
    assert len(big) >= PACK_MIN_BYTES
    s.put(b"/k", big)
    s.put(b"/k", big + b" ")
    s.put(b"/small", b"v")
    latest, first = s.range(b"/k").kvs[0], s.range(b"/k", revision=2).kvs[0]
    assert (first.value, latest.value, s.range(b"/small").kvs[0].value) == (big, big + b" ", b"v")
    assert len(latest._packed) < len(big) // 4             # what memory holds
    assert s.db_size() == 2 * len(b"/k") + 2 * len(big) + 1 + len(b"/small") + 1
