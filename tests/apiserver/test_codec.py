"""The stored and served JSON keeps Go's field order (codec.canonical_order)."""

from __future__ import annotations

import orjson

from k8slab.apiserver.codec import canonical_order
from k8slab.cluster import Cluster


def test_canonical_order_moves_typemeta_metadata_and_status():
    obj = {"metadata": {"labels": {"a": "b"}, "generateName": "x-", "name": "x-1", "namespace": "default",
                        "zzz": 1},
           "status": {"phase": "Pending"}, "apiVersion": "v1", "spec": {"containers": []}, "kind": "Pod"}
    canonical_order(obj)
    assert list(obj) == ["kind", "apiVersion", "metadata", "spec", "status"]
    assert list(obj["metadata"]) == ["name", "generateName", "namespace", "labels", "zzz"]


def test_stored_and_returned_pods_are_in_go_order():
    c = Cluster(nodes=1, seed=0)
    c.settle()
    created = c.client.create({"apiVersion": "v1", "kind": "Pod",
                               "metadata": {"labels": {"run": "p"}, "name": "p"},
                               "spec": {"containers": [{"name": "c", "image": "nginx"}]}}, "default")
    assert list(created)[:3] == ["kind", "apiVersion", "metadata"]
    c.settle()                                   # scheduled and started: the status was written after
    stored = orjson.loads(c.store.get(b"/registry/pods/default/p").value)
    assert list(stored) == ["kind", "apiVersion", "metadata", "spec", "status"]
    assert list(stored["metadata"])[:4] == ["name", "namespace", "uid", "creationTimestamp"]
    assert stored["status"]["phase"] == "Running"
