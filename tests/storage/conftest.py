"""One conformance suite, four lanes: the memory store, the sqlite store, a real etcd, and
k8slab's memory store behind its etcd JSON gateway reached with the same client as etcd.

Each test gets a `lane`: a store, a key prefix of its own and `advance(seconds)`, which moves the
virtual clock of k8slab's stores or really waits for etcd. Tests reason in revisions relative to
`lane.base` so the etcd lane can share one server across tests.
"""

import shutil
import time
from dataclasses import dataclass
from typing import Callable

import pytest

from k8slab.sim.clock import VirtualClock
from k8slab.storage import MemoryStore, Store
from k8slab.storage.etcd_process import EtcdProcess, etcd_binary

LANES = ["memory", "sqlite", "etcd", "gateway"]


@dataclass
class Lane:
    name: str
    store: Store
    prefix: bytes
    advance: Callable[[float], None]
    base: int                      # the store's revision when the test started

    def k(self, suffix: str) -> bytes:
        return self.prefix + suffix.encode()


@pytest.fixture(scope="session")
def etcd_server():
    if etcd_binary() is None:
        pytest.skip("etcd lane skipped: no etcd binary on PATH (Debian: apt-get install etcd-server)")
    with EtcdProcess() as etcd:
        yield etcd


@pytest.fixture(scope="session")
def gateway_server():
    """k8slab's memory store behind its etcd JSON gateway, on a loop in a background thread."""
    import asyncio
    import threading

    from k8slab.sim.clock import RealClock
    from k8slab.storage.etcd_process import free_port
    from k8slab.storage.gateway import serve

    store = MemoryStore(RealClock())
    port = free_port()
    loop = asyncio.new_event_loop()
    ready = threading.Event()

    def run():
        asyncio.set_event_loop(loop)
        loop.run_until_complete(serve(store, "127.0.0.1", port))
        ready.set()
        loop.run_forever()

    threading.Thread(target=run, daemon=True).start()
    assert ready.wait(10)
    yield f"http://127.0.0.1:{port}"
    loop.call_soon_threadsafe(loop.stop)


@pytest.fixture(params=LANES)
def lane(request, tmp_path):
    name = request.param
    prefix = f"/conformance/{request.node.name}/".encode()
    if name in ("etcd", "gateway"):
        from k8slab.storage.etcd import EtcdStore
        if name == "etcd":
            url = request.getfixturevalue("etcd_server").url
        else:
            url = request.getfixturevalue("gateway_server")
        store = EtcdStore(url)
        yield Lane(name, store, prefix, time.sleep, store.revision)
        store.close()
        return
    clock = VirtualClock()
    if name == "memory":
        store = MemoryStore(clock)
    else:
        from k8slab.storage.sqlite import SqliteStore
        store = SqliteStore(str(tmp_path), clock)
    yield Lane(name, store, prefix, clock.advance, store.revision)
    store.close()
