"""Watch resourceVersion semantics, compaction (410), selectors and pagination, in-process."""

import pytest

from k8slab.apiserver.bootstrap import bootstrap
from k8slab.apiserver.handler import APIServer
from k8slab.client import APIClient, InProcessTransport
from k8slab.sim.clock import VirtualClock


@pytest.fixture
def c():
    api = APIServer(clock=VirtualClock(), seed=3)
    bootstrap(api)
    client = APIClient(InProcessTransport(api))
    client.api = api
    return client


def cm(name, **labels):
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, "labels": labels},
            "data": {"k": "v"}}


def kinds(events):
    return [(e["type"], e["object"]["metadata"]["name"]) for e in events]


def test_watch_from_empty_rv_starts_with_synthetic_added(c):
    c.create(cm("a"))
    w = c.watch("v1", "configmaps", "default")
    assert kinds(w.events()) == [("ADDED", "a")]
    c.create(cm("b"))
    c.patch("v1", "ConfigMap", "b", {"data": {"k": "w"}}, "default")
    c.delete("v1", "ConfigMap", "a", "default")
    assert kinds(w.events()) == [("ADDED", "b"), ("MODIFIED", "b"), ("DELETED", "a")]


def test_watch_from_a_resource_version_resumes_after_it(c):
    rv = c.create(cm("a"))["metadata"]["resourceVersion"]
    c.create(cm("b"))
    w = c.watch("v1", "configmaps", "default", resourceVersion=rv)
    assert kinds(w.events()) == [("ADDED", "b")]
    deleted = [e for e in (c.delete("v1", "ConfigMap", "b", "default") and w.events())]
    assert kinds(deleted) == [("DELETED", "b")]
    assert int(deleted[0]["object"]["metadata"]["resourceVersion"]) == c.api.store.revision


def test_watch_below_compaction_gets_410_expired(c):
    rv = c.create(cm("a"))["metadata"]["resourceVersion"]
    for i in range(3):
        c.patch("v1", "ConfigMap", "a", {"data": {"k": str(i)}}, "default")
    c.api.start_compactor(interval=300)
    c.api.clock.advance(300)            # records the revision
    c.api.clock.advance(300)            # compacts to it
    assert c.api.store.compact_revision > int(rv)
    w = c.watch("v1", "configmaps", "default", resourceVersion=rv)
    (event,) = w.events()
    assert event["type"] == "ERROR" and w.done
    assert event["object"]["code"] == 410 and event["object"]["reason"] == "Expired"
    assert event["object"]["message"] == f"too old resource version: {rv} ({c.api.store.compact_revision})"


def test_label_selector_turns_moves_into_added_and_deleted(c):
    c.create(cm("a", tier="web"))
    w = c.watch("v1", "configmaps", "default", labelSelector="tier=web")
    assert kinds(w.events()) == [("ADDED", "a")]
    c.patch("v1", "ConfigMap", "a", {"metadata": {"labels": {"tier": "db"}}}, "default")
    c.patch("v1", "ConfigMap", "a", {"metadata": {"labels": {"tier": "web"}}}, "default")
    c.create(cm("other", tier="db"))
    assert kinds(w.events()) == [("DELETED", "a"), ("ADDED", "a")]


def test_list_pagination_is_consistent_at_one_revision(c):
    for i in range(5):
        c.create(cm(f"c{i}"))
    page = c.list("v1", "configmaps", "default", limit=2)
    names = [o["metadata"]["name"] for o in page["items"]]
    rv = page["metadata"]["resourceVersion"]
    c.create(cm("late"))                                  # not in the paginated snapshot
    while page["metadata"].get("continue"):
        page = c.list("v1", "configmaps", "default", limit=2, **{"continue": page["metadata"]["continue"]})
        names += [o["metadata"]["name"] for o in page["items"]]
        assert page["metadata"]["resourceVersion"] == rv
    assert names == ["c0", "c1", "c2", "c3", "c4"]


def test_iter_events_decodes_each_event_when_it_is_asked_for(c):
    w = c.watch("v1", "ConfigMap", "default", resourceVersion=c.list("v1", "ConfigMap", "default")
                ["metadata"]["resourceVersion"])
    for i in range(5):
        c.create(cm(f"lazy-{i}"), "default")
    cache = c.api.registry.cache
    calls = []
    real_decode, real_decode_at = cache.decode, cache.decode_at
    cache.decode = lambda kv: calls.append(kv.key) or real_decode(kv)
    cache.decode_at = lambda kv, rev: calls.append(kv.key) or real_decode_at(kv, rev)
    it = w.iter_events()
    first = next(it)
    assert (first["type"], first["object"]["metadata"]["name"], len(calls)) == ("ADDED", "lazy-0", 1)
    assert [e["object"]["metadata"]["name"] for e in it] == [f"lazy-{i}" for i in range(1, 5)]
    assert len(calls) == 5
    assert w.events() == []
