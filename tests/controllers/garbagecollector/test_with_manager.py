"""The lifecycle controllers as the controller-manager runs them, together with the workload ones."""

from k8slab.apiserver.errors import APIError
from k8slab.controllers.manager import ControllerManager

from ..helpers import make_cluster, replica_set

MINE = ["serviceaccount-token-controller", "endpoints-controller", "endpointslice-controller",
        "pod-garbage-collector-controller", "namespace-controller", "serviceaccount-controller",
        "garbage-collector-controller", "job-controller", "cronjob-controller", "node-lifecycle-controller",
        "taint-eviction-controller", "ttl-after-finished-controller"]


def test_registered_and_on_by_default():
    cm = ControllerManager("*")
    assert all(name in cm.controllers for name in MINE)
    assert ControllerManager("garbagecollector,podgc,nodelifecycle,endpoint").enabled == [
        "endpoints-controller", "pod-garbage-collector-controller", "garbage-collector-controller",
        "node-lifecycle-controller"]


def test_replicaset_pods_follow_their_owner_through_the_gc():
    c, cm = make_cluster("replicaset,garbagecollector")
    c.apply(replica_set("web", 3))
    pods = c.client.list("v1", "Pod", "default", labelSelector="app=web")["items"]
    assert len(pods) == 3
    c.client.delete("apps/v1", "ReplicaSet", "web", "default")
    c.settle()
    assert c.client.list("v1", "Pod", "default", labelSelector="app=web")["items"] == []


def test_orphaned_pods_are_adopted_again_by_a_new_replicaset():
    c, cm = make_cluster("replicaset,garbagecollector")
    c.apply(replica_set("web", 2))
    names = sorted(p["metadata"]["name"] for p in c.client.list("v1", "Pod", "default")["items"])
    c.client.delete("apps/v1", "ReplicaSet", "web", "default", propagationPolicy="Orphan")
    c.settle()
    assert all(not p["metadata"].get("ownerReferences") for p in c.client.list("v1", "Pod", "default")["items"])
    c.apply(replica_set("web", 2))
    pods = c.client.list("v1", "Pod", "default")["items"]
    assert sorted(p["metadata"]["name"] for p in pods) == names
    assert all(p["metadata"]["ownerReferences"][0]["name"] == "web" for p in pods)


def test_namespace_deletion_with_the_whole_manager():
    c, cm = make_cluster("*")
    assert c.api.registry.namespace_finalizer is None
    c.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "work"}})
    assert c.client.get("v1", "ServiceAccount", "default", "work")
    c.apply({**replica_set("web", 2), "metadata": {"name": "web", "namespace": "work"}})
    c.client.delete("v1", "Namespace", "work")
    c.settle()
    try:
        c.client.get("v1", "Namespace", "work")
        raise AssertionError("the namespace should be gone")
    except APIError as e:
        assert e.code == 404
    assert not cm.errors()


def test_without_the_namespace_controller_the_apiserver_still_cleans_up():
    c, cm = make_cluster("replicaset")
    assert c.api.registry.namespace_finalizer is not None
    c.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "work"}})
    c.client.delete("v1", "Namespace", "work")
    c.settle()
    c.advance(1)
    try:
        c.client.get("v1", "Namespace", "work")
        raise AssertionError("the namespace should be gone")
    except APIError as e:
        assert e.code == 404
