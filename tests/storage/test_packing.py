"""The memory store's value packing: zstd against a dictionary of typical objects."""

import orjson

from k8slab.storage.packing import PACK_MIN_BYTES, pack, unpack
from k8slab.storage.packing_samples import SAMPLES


def test_samples_are_the_objects_the_store_holds():
    kinds = [orjson.loads(s)["kind"] for s in SAMPLES]
    assert {"Node", "Deployment", "ReplicaSet", "EndpointSlice", "Lease", "Event", "Pod"} <= set(kinds)
    assert kinds.count("Event") == 6


def test_a_pod_like_the_samples_packs_to_a_fraction_and_comes_back_whole():
    pod = orjson.loads(SAMPLES[-1])
    pod["metadata"]["name"] = "web-7c5b9d8f6-abcde"
    pod["metadata"]["uid"] = "0c7f2a4e-1111-2222-3333-444455556666"
    pod["status"]["podIP"] = "10.244.7.9"
    raw = orjson.dumps(pod)
    packed = pack(raw)
    assert unpack(packed) == raw
    assert len(packed) < len(raw) // 5


def test_any_bytes_come_back_whole():
    for raw in (b"", b"x" * PACK_MIN_BYTES, bytes(range(256)) * 3, '{"ä":"ö"}'.encode()):
        assert unpack(pack(raw)) == raw


def test_each_thread_has_its_own_contexts():
    import threading
    raw = SAMPLES[0] + b" "
    results = []

    def work():
        results.append(all(unpack(pack(raw)) == raw for _ in range(200)))
    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [True] * 4


def test_packed_values_hold_no_more_memory_than_their_length():
    import tracemalloc
    raw = SAMPLES[-1]
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        packed = [pack(raw + str(i).encode()) for i in range(100)]
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert held < sum(len(p) + 100 for p in packed) + 2000      # not the 5 KB output buffer each
