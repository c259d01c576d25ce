"""The garbage collector on a ReplicaSet-like owner: background, foreground, orphan deletion."""

from k8slab import Cluster
from k8slab.apiserver.errors import APIError
from k8slab.controllers.garbagecollector import GarbageCollector
from tests.controllers.helpers import default_account


def cluster():
    c = Cluster(start=False)
    c.gc = GarbageCollector()
    c.add_component(c.gc)
    c.start()
    default_account(c)
    return c


def owner(c, name="frontend"):
    return c.client.create({"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": name},
                            "spec": {"replicas": 0, "selector": {"matchLabels": {"app": name}},
                                     "template": {"metadata": {"labels": {"app": name}},
                                                  "spec": {"containers": [{"name": "c", "image": "nginx"}]}}}})


def ref(o, block=True, controller=True):
    return {"apiVersion": o["apiVersion"], "kind": o["kind"], "name": o["metadata"]["name"],
            "uid": o["metadata"]["uid"], "controller": controller, "blockOwnerDeletion": block}


def dependent(c, name, *owners, finalizers=None, block=True):
    meta = {"name": name, "labels": {"app": "frontend"},
            "ownerReferences": [ref(o, block=block, controller=(i == 0)) for i, o in enumerate(owners)]}
    if finalizers:
        meta["finalizers"] = finalizers
    return c.client.create({"apiVersion": "v1", "kind": "Pod", "metadata": meta,
                            "spec": {"containers": [{"name": "c", "image": "nginx"}]}})


def exists(c, kind, name, api_version="v1"):
    try:
        return c.client.get(api_version, kind, name, "default")
    except APIError as e:
        assert e.code == 404
        return None


def test_background_deletion_removes_dependents():
    c = cluster()
    rs = owner(c)
    for i in range(3):
        dependent(c, f"frontend-{i}", rs)
    c.settle()
    c.client.delete("apps/v1", "ReplicaSet", "frontend", "default", propagationPolicy="Background")
    c.settle()
    assert exists(c, "ReplicaSet", "frontend", "apps/v1") is None
    assert [exists(c, "Pod", f"frontend-{i}") for i in range(3)] == [None] * 3


def test_foreground_deletion_waits_for_blocking_dependents():
    c = cluster()
    rs = owner(c)
    dependent(c, "held", rs, finalizers=["example.com/hold"])
    dependent(c, "free", rs)
    c.settle()
    c.client.delete("apps/v1", "ReplicaSet", "frontend", "default", propagationPolicy="Foreground")
    c.settle()
    live = exists(c, "ReplicaSet", "frontend", "apps/v1")
    assert live["metadata"]["finalizers"] == ["foregroundDeletion"] and live["metadata"]["deletionTimestamp"]
    assert exists(c, "Pod", "free") is None
    held = exists(c, "Pod", "held")
    assert held["metadata"]["deletionTimestamp"]
    held["metadata"]["finalizers"] = []
    c.client.update({**held, "apiVersion": "v1", "kind": "Pod"})
    c.settle()
    assert exists(c, "Pod", "held") is None
    assert exists(c, "ReplicaSet", "frontend", "apps/v1") is None


def test_foreground_deletion_does_not_wait_for_non_blocking_dependents():
    c = cluster()
    rs = owner(c)
    dependent(c, "loose", rs, finalizers=["example.com/hold"], block=False)
    c.settle()
    c.client.delete("apps/v1", "ReplicaSet", "frontend", "default", propagationPolicy="Foreground")
    c.settle()
    assert exists(c, "ReplicaSet", "frontend", "apps/v1") is None
    assert exists(c, "Pod", "loose")["metadata"]["deletionTimestamp"]


def test_orphan_deletion_keeps_dependents_without_the_reference():
    c = cluster()
    rs = owner(c)
    dependent(c, "frontend-a", rs)
    c.settle()
    c.client.delete("apps/v1", "ReplicaSet", "frontend", "default", propagationPolicy="Orphan")
    c.settle()
    assert exists(c, "ReplicaSet", "frontend", "apps/v1") is None
    pod = exists(c, "Pod", "frontend-a")
    assert pod is not None and not pod["metadata"].get("ownerReferences")


def test_dependent_of_an_owner_that_never_existed_is_deleted():
    c = cluster()
    ghost = {"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "ghost",
                                                                         "uid": "00000000-0000-4000-8000-000000000001"}}
    dependent(c, "stray", ghost)
    c.settle()
    assert exists(c, "Pod", "stray") is None


def test_dependent_with_a_surviving_owner_only_loses_the_dangling_reference():
    c = cluster()
    a, b = owner(c, "a"), owner(c, "b")
    dependent(c, "shared", a, b)
    c.settle()
    c.client.delete("apps/v1", "ReplicaSet", "a", "default")
    c.settle()
    pod = exists(c, "Pod", "shared")
    assert [r["name"] for r in pod["metadata"]["ownerReferences"]] == ["b"]


def test_owner_with_another_uid_is_dangling():
    c = cluster()
    rs = owner(c)
    dependent(c, "old-child", rs)
    c.settle()
    c.client.delete("apps/v1", "ReplicaSet", "frontend", "default", propagationPolicy="Orphan")
    c.settle()
    fresh = owner(c)                                   # same name, new UID
    stale = {**rs, "metadata": {**rs["metadata"]}}
    dependent(c, "stale-child", stale)
    c.settle()
    assert exists(c, "Pod", "stale-child") is None
    assert fresh["metadata"]["uid"] != rs["metadata"]["uid"]


def test_custom_resources_are_collected_too():
    c = cluster()
    c.apply({"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
             "metadata": {"name": "widgets.example.com"},
             "spec": {"group": "example.com", "scope": "Namespaced",
                      "names": {"plural": "widgets", "singular": "widget", "kind": "Widget"},
                      "versions": [{"name": "v1", "served": True, "storage": True, "schema": {
                          "openAPIV3Schema": {"type": "object", "x-kubernetes-preserve-unknown-fields": True}}}]}})
    rs = owner(c)
    c.client.create({"apiVersion": "example.com/v1", "kind": "Widget",
                     "metadata": {"name": "w", "ownerReferences": [ref(rs)]}}, "default")
    c.settle()
    c.client.delete("apps/v1", "ReplicaSet", "frontend", "default")
    c.settle()
    assert exists(c, "Widget", "w", "example.com/v1") is None


def test_owner_of_a_kind_the_server_does_not_serve_keeps_its_dependents():
    c = cluster()
    unknown = {"apiVersion": "example.com/v1", "kind": "Gadget", "metadata": {"name": "g",
                                                                          "uid": "00000000-0000-4000-8000-000000000002"}}
    dependent(c, "kept", unknown)
    c.settle()
    c.advance(5)
    assert exists(c, "Pod", "kept") is not None
    assert any("unable to get REST mapping for example.com/v1/Gadget." in str(e) for _, e in c.gc.errors)
