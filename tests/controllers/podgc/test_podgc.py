"""PodGC: terminated pods over the threshold, orphans of deleted nodes, unscheduled terminating pods."""

from k8slab import Cluster
from k8slab.apiserver.errors import APIError
from k8slab.controllers.podgc import PodGCController
from tests.controllers.helpers import default_account


def cluster(**kw):
    c = Cluster(start=False)
    gc = PodGCController(**kw)
    c.add_component(gc)
    c.start()
    default_account(c)
    return c, gc


def pod(c, name, node=None, phase=None, finalizers=None):
    spec = {"containers": [{"name": "c", "image": "busybox"}]}
    if node:
        spec["nodeName"] = node
    meta = {"name": name}
    if finalizers:
        meta["finalizers"] = finalizers
    c.client.create({"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec})
    if phase:
        p = c.client.get("v1", "Pod", name, "default")
        p["status"]["phase"] = phase
        c.client._call("PUT", f"/api/v1/namespaces/default/pods/{name}/status", None, p)


def exists(c, name):
    try:
        c.client.get("v1", "Pod", name, "default")
        return True
    except APIError as e:
        assert e.code == 404
        return False


def test_terminated_pods_over_the_threshold_go_oldest_first():
    c, gc = cluster(terminated_pod_gc_threshold=2)
    c.apply({"apiVersion": "v1", "kind": "Node", "metadata": {"name": "node1"}})
    for i in range(4):
        pod(c, f"done-{i}", node="node1", phase="Succeeded")
        c.advance(1)
    pod(c, "running", node="node1", phase="Running")
    c.advance(20)
    assert [exists(c, f"done-{i}") for i in range(4)] == [False, False, True, True]
    assert exists(c, "running")
    assert gc.deleted == ["default/done-0", "default/done-1"]


def test_orphaned_pods_of_a_deleted_node_after_quarantine():
    c, gc = cluster()
    pod(c, "orphan", node="gone-node", phase="Running")
    c.advance(20)
    assert exists(c, "orphan")                          # still in quarantine
    c.advance(40)
    assert not exists(c, "orphan")


def test_orphan_gets_failed_phase_and_condition_before_deletion():
    c, gc = cluster()
    pod(c, "held", node="gone-node", phase="Running", finalizers=["example.com/hold"])
    c.advance(60)
    p = c.client.get("v1", "Pod", "held", "default")       # the finalizer keeps it for us to see
    assert p["status"]["phase"] == "Failed"
    [cond] = [x for x in p["status"]["conditions"] if x["type"] == "DisruptionTarget"]
    assert (cond["status"], cond["reason"], cond["message"]) == (
        "True", "DeletionByPodGC", "PodGC: node no longer exists")
    assert p["metadata"]["deletionTimestamp"]


def test_unscheduled_terminating_pod_is_force_deleted():
    c, gc = cluster()
    pod(c, "stuck", finalizers=["example.com/hold"])
    c.client.delete("v1", "Pod", "stuck", "default")
    c.advance(20)
    p = c.client.get("v1", "Pod", "stuck", "default")
    assert p["status"]["phase"] == "Failed" and "default/stuck" in gc.deleted
