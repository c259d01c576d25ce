"""The store conformance suite: every case runs on memory, sqlite and a real etcd (see conftest)."""

import pytest

from k8slab.storage import Compare, op_delete, op_get, op_put, prefix_end
from k8slab.storage import kv as K


def snapshot(lane):
    """Everything under the lane's prefix, to prove a failed request changed nothing."""
    return [(kv.key, kv.value, kv.mod_revision) for kv in lane.store.get_prefix(lane.prefix).kvs]


# ---- put / range --------------------------------------------------------------------------------

def test_put_sets_revisions_and_versions(lane):
    s, a = lane.store, lane.k("a")
    r1 = s.put(a, "1")
    assert r1.revision == lane.base + 1
    r2 = s.put(a, "2", prev_kv=True)
    assert r2.revision == lane.base + 2
    assert r2.prev_kv.value == b"1" and r2.prev_kv.version == 1
    kv = s.get(a)
    assert (kv.value, kv.create_revision, kv.mod_revision, kv.version) == (
        b"2", lane.base + 1, lane.base + 2, 2)
    assert s.revision == lane.base + 2


def test_range_prefix_keys_only_count_only_limit(lane):
    s = lane.store
    for name in ["b", "a", "c/1", "c/2"]:
        s.put(lane.k(name), name * 3)
    r = s.get_prefix(lane.prefix)
    assert [kv.key for kv in r.kvs] == [lane.k(n) for n in ["a", "b", "c/1", "c/2"]]
    assert r.count == 4 and not r.more and r.revision == lane.base + 4
    only_keys = s.get_prefix(lane.prefix, keys_only=True)
    assert [kv.value for kv in only_keys.kvs] == [b""] * 4
    assert only_keys.kvs[0].mod_revision == lane.base + 2
    counted = s.get_prefix(lane.prefix, count_only=True)
    assert counted.kvs == [] and counted.count == 4
    limited = s.get_prefix(lane.prefix, limit=2)
    assert [kv.key for kv in limited.kvs] == [lane.k("a"), lane.k("b")]
    assert limited.count == 4 and limited.more
    sub = s.get_prefix(lane.k("c/"))
    assert [kv.value for kv in sub.kvs] == [b"c/1c/1c/1", b"c/2c/2c/2"]
    # an explicit [key, range_end) interval
    between = s.range(lane.k("a"), lane.k("c"))
    assert [kv.key for kv in between.kvs] == [lane.k("a"), lane.k("b")]
    assert s.get(lane.k("missing")) is None


def test_range_at_older_revision(lane):
    s, a = lane.store, lane.k("a")
    s.put(a, "v1")
    s.put(a, "v2")
    s.delete(a)
    s.put(lane.k("b"), "x")
    assert s.get(a, revision=lane.base + 1).value == b"v1"
    assert s.get(a, revision=lane.base + 2).value == b"v2"
    assert s.get(a, revision=lane.base + 3) is None
    assert s.get(a) is None
    old = s.get_prefix(lane.prefix, revision=lane.base + 2)
    assert [(kv.key, kv.value) for kv in old.kvs] == [(a, b"v2")]
    assert old.revision == lane.base + 4   # the header says the current revision


def test_future_revision_is_refused(lane):
    s = lane.store
    s.put(lane.k("a"), "1")
    with pytest.raises(K.FutureRevision) as e:
        s.range(lane.k("a"), revision=s.revision + 10)
    assert str(e.value) == "etcdserver: mvcc: required revision is a future revision"


# ---- delete -------------------------------------------------------------------------------------

def test_delete_single_range_and_prev_kv(lane):
    s = lane.store
    for name in ["a", "b", "c"]:
        s.put(lane.k(name), name)
    d = s.delete(lane.k("a"), prev_kv=True)
    assert d.deleted == 1 and d.revision == lane.base + 4
    assert [kv.value for kv in d.prev_kvs] == [b"a"]
    d = s.delete_prefix(lane.prefix)
    assert d.deleted == 2 and d.revision == lane.base + 5 and d.prev_kvs == []
    assert s.get_prefix(lane.prefix).count == 0


def test_deleting_nothing_does_not_bump_revision(lane):
    s = lane.store
    s.put(lane.k("a"), "1")
    rev = s.revision
    assert s.delete(lane.k("nope")).deleted == 0
    assert s.revision == rev


def test_recreated_key_starts_a_new_generation(lane):
    s, a = lane.store, lane.k("a")
    s.put(a, "1")
    s.put(a, "2")
    s.delete(a)
    s.put(a, "3")
    kv = s.get(a)
    assert (kv.version, kv.create_revision, kv.mod_revision) == (1, lane.base + 4, lane.base + 4)


# ---- txn ----------------------------------------------------------------------------------------

def test_txn_compare_and_swap_on_mod_revision(lane):
    """The apiserver's optimistic concurrency: update only if nobody wrote since we read."""
    s, a = lane.store, lane.k("a")
    rev = s.put(a, "v1").revision
    won = s.txn([Compare.mod(a, "EQUAL", rev)], [op_put(a, "v2")], [op_get(a)])
    assert won.succeeded and won.revision == rev + 1
    lost = s.txn([Compare.mod(a, "EQUAL", rev)], [op_put(a, "v3")], [op_get(a)])
    assert not lost.succeeded
    assert lost.responses[0].kvs[0].value == b"v2"
    assert lost.revision == rev + 1              # a txn that writes nothing keeps the revision
    assert s.get(a).value == b"v2"


def test_txn_create_only_if_absent(lane):
    """The apiserver's create: succeed only when the key's create_revision is 0."""
    s, a = lane.store, lane.k("a")
    first = s.txn([Compare.create(a, "EQUAL", 0)], [op_put(a, "mine")], [op_get(a)])
    second = s.txn([Compare.create(a, "EQUAL", 0)], [op_put(a, "yours")], [op_get(a)])
    assert first.succeeded and not second.succeeded
    assert second.responses[0].kvs[0].value == b"mine"


def test_txn_compares_version_value_and_ranges(lane):
    s, a, b = lane.store, lane.k("a"), lane.k("b")
    s.put(a, "x")
    s.put(a, "y")
    s.put(b, "z")
    assert s.txn([Compare.version(a, "EQUAL", 2)], [], []).succeeded
    assert s.txn([Compare.version(a, "GREATER", 1)], [], []).succeeded
    assert not s.txn([Compare.version(a, "LESS", 2)], [], []).succeeded
    assert s.txn([Compare.value_of(a, "EQUAL", "y")], [], []).succeeded
    assert s.txn([Compare.value_of(a, "NOT_EQUAL", "x")], [], []).succeeded
    assert s.txn([Compare.version(lane.k("none"), "EQUAL", 0)], [], []).succeeded
    # etcd: a value compare against a missing key always fails, even NOT_EQUAL
    assert not s.txn([Compare.value_of(lane.k("none"), "NOT_EQUAL", "q")], [], []).succeeded
    # a compare over a range must hold for every key in it
    over = Compare(lane.prefix, "VERSION", "GREATER", 0, prefix_end(lane.prefix))
    assert s.txn([over], [], []).succeeded
    over_all_two = Compare(lane.prefix, "VERSION", "EQUAL", 2, prefix_end(lane.prefix))
    assert not s.txn([over_all_two], [], []).succeeded


def test_txn_applies_all_ops_in_one_revision_and_sees_its_writes(lane):
    s = lane.store
    s.put(lane.k("old"), "o")
    r = s.txn([], [op_put(lane.k("a"), "1"), op_delete(lane.k("old"), prev_kv=True),
                   op_get(lane.prefix, prefix_end(lane.prefix))])
    assert r.succeeded and r.revision == lane.base + 2
    put, deleted, got = r.responses
    assert put.revision == lane.base + 2
    assert deleted.deleted == 1 and deleted.prev_kvs[0].value == b"o"
    assert [kv.key for kv in got.kvs] == [lane.k("a")]
    assert s.get(lane.k("a")).mod_revision == lane.base + 2


def test_txn_rejects_duplicate_keys_and_changes_nothing(lane):
    s, a = lane.store, lane.k("a")
    s.put(a, "keep")
    before, rev = snapshot(lane), s.revision
    with pytest.raises(K.DuplicateKey) as e:
        s.txn([], [op_put(a, "1"), op_put(a, "2")])
    assert str(e.value) == "etcdserver: duplicate key given in txn request"
    with pytest.raises(K.DuplicateKey):
        s.txn([], [op_put(a, "1"), op_delete(lane.prefix, prefix_end(lane.prefix))])
    assert snapshot(lane) == before and s.revision == rev


# ---- watch --------------------------------------------------------------------------------------

def wait_events(w, n, lane):
    got = []
    for _ in range(200):
        got += w.wait(0.05) if lane.name in ("etcd", "gateway") else w.take()
        if len(got) >= n:
            break
    return got


def test_watch_prefix_delivers_puts_and_deletes_in_order(lane):
    s = lane.store
    w = s.watch_prefix(lane.prefix)
    s.put(lane.k("a"), "1")
    s.put(lane.k("b"), "2")
    s.put(lane.k("a"), "3")
    s.put(b"/elsewhere/" + lane.prefix, "not mine")
    s.delete(lane.k("a"))
    events = wait_events(w, 4, lane)
    w.cancel()
    assert [(e.type, e.kv.key, e.kv.value, e.kv.mod_revision) for e in events] == [
        ("PUT", lane.k("a"), b"1", lane.base + 1),
        ("PUT", lane.k("b"), b"2", lane.base + 2),
        ("PUT", lane.k("a"), b"3", lane.base + 3),
        ("DELETE", lane.k("a"), b"", lane.base + 5),
    ]
    assert all(e.prev_kv is None for e in events)


def test_watch_single_key_with_prev_kv(lane):
    s, a = lane.store, lane.k("a")
    w = s.watch(a, prev_kv=True)
    s.put(a, "1")
    s.put(lane.k("ab"), "not this key")
    s.put(a, "2")
    s.delete(a)
    events = wait_events(w, 3, lane)
    w.cancel()
    assert [(e.type, e.kv.value, e.prev_kv and e.prev_kv.value) for e in events] == [
        ("PUT", b"1", None), ("PUT", b"2", b"1"), ("DELETE", b"", b"2")]


def test_watch_from_an_old_revision_replays_history(lane):
    s = lane.store
    s.put(lane.k("a"), "1")
    s.put(lane.k("a"), "2")
    s.put(lane.k("b"), "3")
    w = s.watch_prefix(lane.prefix, start_revision=lane.base + 2)
    s.delete(lane.k("b"))
    events = wait_events(w, 3, lane)
    w.cancel()
    assert [(e.type, e.kv.mod_revision) for e in events] == [
        ("PUT", lane.base + 2), ("PUT", lane.base + 3), ("DELETE", lane.base + 4)]


def test_txn_events_share_one_revision(lane):
    s = lane.store
    w = s.watch_prefix(lane.prefix)
    s.txn([], [op_put(lane.k("x"), "1"), op_put(lane.k("y"), "2")])
    events = wait_events(w, 2, lane)
    w.cancel()
    assert [(e.kv.key, e.kv.mod_revision) for e in events] == [
        (lane.k("x"), lane.base + 1), (lane.k("y"), lane.base + 1)]


# ---- compaction ---------------------------------------------------------------------------------

def test_compaction_keeps_the_latest_and_refuses_older_reads(lane):
    s, a = lane.store, lane.k("a")
    s.put(a, "1")
    s.put(a, "2")
    s.put(lane.k("gone"), "x")
    s.delete(lane.k("gone"))
    s.put(a, "3")
    compact_at = lane.base + 4
    s.compact(compact_at)
    with pytest.raises(K.Compacted) as e:
        s.get(a, revision=lane.base + 2)
    assert str(e.value) == "etcdserver: mvcc: required revision has been compacted"
    assert s.get(a, revision=compact_at).value == b"2"     # the compaction revision itself stays
    assert s.get(a).value == b"3"
    assert s.get(lane.k("gone"), revision=compact_at) is None
    with pytest.raises(K.Compacted):
        s.compact(compact_at)                               # compacting again
    with pytest.raises(K.FutureRevision):
        s.compact(s.revision + 100)
    with pytest.raises(K.Compacted) as e:
        s.watch_prefix(lane.prefix, start_revision=lane.base + 1)
    assert e.value.compact_revision == compact_at
    w = s.watch_prefix(lane.prefix, start_revision=compact_at + 1)
    events = wait_events(w, 1, lane)
    w.cancel()
    assert [(e.type, e.kv.value) for e in events] == [("PUT", b"3")]


# ---- leases -------------------------------------------------------------------------------------

def test_lease_attach_time_to_live_keep_alive_and_revoke(lane):
    s = lane.store
    lease = s.lease_grant(60)
    assert lease.ttl == 60 and lease.id > 0
    s.put(lane.k("a"), "1", lease=lease.id)
    s.put(lane.k("b"), "2", lease=lease.id)
    s.put(lane.k("c"), "3")
    assert s.get(lane.k("a")).lease == lease.id
    info = s.lease_time_to_live(lease.id, keys=True)
    assert info.granted_ttl == 60 and 55 <= info.ttl <= 60
    assert sorted(info.keys) == [lane.k("a"), lane.k("b")]   # etcd lists them in map order
    assert lease.id in s.lease_leases()
    assert s.lease_keep_alive(lease.id) == 60
    rev = s.revision
    w = s.watch_prefix(lane.prefix)
    s.lease_revoke(lease.id)
    assert s.revision == rev + 1                      # both keys go in one revision
    assert [kv.key for kv in s.get_prefix(lane.prefix).kvs] == [lane.k("c")]
    events = wait_events(w, 2, lane)
    w.cancel()
    assert sorted((e.type, e.kv.key, e.kv.mod_revision) for e in events) == [
        ("DELETE", lane.k("a"), rev + 1), ("DELETE", lane.k("b"), rev + 1)]
    assert s.lease_time_to_live(lease.id).ttl == -1
    assert lease.id not in s.lease_leases()


def test_lease_expiry_deletes_attached_keys(lane):
    s = lane.store
    lease = s.lease_grant(2)
    s.put(lane.k("session"), "alive", lease=lease.id)
    kept = s.lease_grant(300)
    s.put(lane.k("kept"), "alive", lease=kept.id)
    lane.advance(1)
    assert s.get(lane.k("session")) is not None
    lane.advance(3.5)
    assert s.get(lane.k("session")) is None
    assert s.get(lane.k("kept")) is not None
    assert s.lease_time_to_live(lease.id).ttl == -1
    s.lease_revoke(kept.id)


def test_moving_a_key_off_its_lease(lane):
    s = lane.store
    lease = s.lease_grant(60)
    s.put(lane.k("a"), "1", lease=lease.id)
    s.put(lane.k("a"), "2")                          # a put without the lease detaches the key
    s.lease_revoke(lease.id)
    assert s.get(lane.k("a")).value == b"2"


def test_unknown_leases_get_etcds_error(lane):
    s = lane.store
    before, rev = snapshot(lane), s.revision
    missing = 0x1234567
    for call in (lambda: s.put(lane.k("a"), "1", lease=missing),
                 lambda: s.lease_revoke(missing),
                 lambda: s.lease_keep_alive(missing)):
        with pytest.raises(K.LeaseNotFound) as e:
            call()
        assert str(e.value) == "etcdserver: requested lease not found"
    assert snapshot(lane) == before and s.revision == rev


# ---- bad input ----------------------------------------------------------------------------------

def test_empty_keys_are_refused(lane):
    s = lane.store
    rev = s.revision
    for call in (lambda: s.put(b"", "v"), lambda: s.range(b""), lambda: s.delete(b""),
                 lambda: s.txn([], [op_put(b"", "v")])):
        with pytest.raises(K.EmptyKey) as e:
            call()
        assert str(e.value) == "etcdserver: key is not provided"
    assert s.revision == rev


def test_oversized_request_is_refused_and_stores_nothing(lane):
    s = lane.store
    rev = s.revision
    with pytest.raises(K.RequestTooLarge) as e:
        s.put(lane.k("big"), b"x" * (1536 * 1024 + 1024))
    assert str(e.value) == "etcdserver: request is too large"
    assert s.get(lane.k("big")) is None and s.revision == rev


def test_binary_keys_and_values_round_trip(lane):
    s = lane.store
    key, value = lane.k("bin\x00\xff"), bytes(range(256))
    s.put(key, value)
    assert s.get(key).value == value
    assert s.get_prefix(lane.k("bin")).kvs[0].key == key
