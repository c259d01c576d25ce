import re

from k8slab.api.names import ALPHANUMS
from k8slab.apiserver.errors import APIError

from .helpers import (NS, bugs, condition, events, get, make_cluster, names, patch, pods, replica_set,
                      set_ready)

POD_NAME = re.compile(rf"^web-[{ALPHANUMS}]{{5}}$")


def test_replicaset_creates_its_pods_with_owner_references_and_events():
    c, cm = make_cluster("replicaset")
    c.apply(replica_set("web", 3))
    rs = get(c, "apps/v1", "ReplicaSet", "web")
    ps = pods(c)
    assert len(ps) == 3 and all(POD_NAME.match(p["metadata"]["name"]) for p in ps)
    for p in ps:
        assert p["metadata"]["labels"] == {"app": "web"}
        assert p["metadata"]["generateName"] == "web-"
        assert p["metadata"]["ownerReferences"] == [
            {"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web", "uid": rs["metadata"]["uid"],
             "controller": True, "blockOwnerDeletion": True}]
    assert sorted(events(c, reason="SuccessfulCreate")) == sorted(
        ("SuccessfulCreate", f"Created pod: {n}") for n in names(ps))
    ev = c.client.list("v1", "events", NS)["items"][0]
    assert ev["source"] == {"component": "replicaset-controller"}
    assert ev["involvedObject"]["kind"] == "ReplicaSet" and ev["involvedObject"]["apiVersion"] == "apps/v1"
    assert rs["status"] == {"replicas": 3, "fullyLabeledReplicas": 3, "observedGeneration": 1}
    assert not bugs(cm)


def test_a_deleted_pod_is_replaced_with_a_new_name():
    c, cm = make_cluster("replicaset")
    c.apply(replica_set("web", 3))
    before = names(pods(c))
    c.client.delete("v1", "Pod", before[0], NS)
    c.settle()
    after = names(pods(c))
    assert len(after) == 3 and before[0] not in after and set(before[1:]) <= set(after)
    assert len(events(c, reason="SuccessfulCreate")) == 4


def test_scale_down_deletes_not_ready_pods_first_and_reports_it():
    c, cm = make_cluster("replicaset")
    c.apply(replica_set("web", 4))
    ready = names(pods(c))[:2]
    for n in ready:
        set_ready(c, n)
    c.settle()
    assert get(c, "apps/v1", "ReplicaSet", "web")["status"]["readyReplicas"] == 2
    patch(c, "apps/v1", "ReplicaSet", "web", {"spec": {"replicas": 2}})
    assert names(pods(c)) == ready
    deleted = [m for _, m in events(c, reason="SuccessfulDelete")]
    assert len(deleted) == 2 and all(m.startswith("Deleted pod: web-") for m in deleted)
    patch(c, "apps/v1", "ReplicaSet", "web", {"spec": {"replicas": 5}})
    st = get(c, "apps/v1", "ReplicaSet", "web")["status"]
    assert len(pods(c)) == 5 and st["replicas"] == 5 and st["observedGeneration"] == 3


def test_orphans_are_adopted_and_relabelled_pods_released():
    c, cm = make_cluster("replicaset")
    orphan = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "stray", "labels": {"app": "web"}},
              "spec": {"containers": [{"name": "c", "image": "nginx"}]}}
    c.client.create(orphan, NS)
    c.apply(replica_set("web", 2))
    ps = {p["metadata"]["name"]: p for p in pods(c)}
    assert len(ps) == 2 and "stray" in ps                        # adopted: only one new pod
    assert ps["stray"]["metadata"]["ownerReferences"][0]["name"] == "web"
    patch(c, "v1", "Pod", "stray", {"metadata": {"labels": {"app": "other"}}})
    stray = get(c, "v1", "Pod", "stray")
    assert not stray["metadata"].get("ownerReferences")         # released
    assert len(pods(c, selector="app=web")) == 2                 # and replaced


def test_available_replicas_wait_for_min_ready_seconds():
    c, cm = make_cluster("replicaset")
    c.apply(replica_set("web", 2, minReadySeconds=10))
    c.advance(0.5)                  # ready at t=0.5; lastTransitionTime keeps whole seconds (t=0)
    for p in pods(c):
        set_ready(c, p)
    c.settle()
    st = get(c, "apps/v1", "ReplicaSet", "web")["status"]
    assert st["readyReplicas"] == 2 and "availableReplicas" not in st
    c.advance(9)
    assert "availableReplicas" not in get(c, "apps/v1", "ReplicaSet", "web")["status"]
    c.advance(1)                    # the sync requeued itself minReadySeconds later: t=10.5 > 0 + 10
    assert get(c, "apps/v1", "ReplicaSet", "web")["status"]["availableReplicas"] == 2


def test_failed_creates_slow_start_and_set_the_replica_failure_condition(monkeypatch):
    c, cm = make_cluster("replicaset")
    attempts = []
    client = cm.controllers["replicaset-controller"].client    # the controller's own (its identity's)
    real_create = client.create

    def create(obj, namespace=None, **q):
        if obj.get("kind") == "Pod":
            attempts.append(obj["metadata"]["generateName"])
            raise APIError(403, "Forbidden", 'pods "web-abcde" is forbidden: exceeded quota: q, '
                                             'requested: pods=1, used: pods=0, limited: pods=0')
        return real_create(obj, namespace, **q)

    monkeypatch.setattr(client, "create", create)
    c.apply(replica_set("web", 8))
    # each sync tries one batch of 1 and stops; the status write (ReplicaFailure) wakes the
    # ReplicaSet once more, and that sync fails the same way: 2 requests, not 8 or 16
    assert len(attempts) == 2
    rs = get(c, "apps/v1", "ReplicaSet", "web")
    cond = condition(rs, "ReplicaFailure")
    assert cond["status"] == "True" and cond["reason"] == "FailedCreate"
    assert cond["message"].startswith('pods "web-abcde" is forbidden: exceeded quota')
    assert events(c, reason="FailedCreate")[0][1].startswith('Error creating: pods "web-abcde" is forbidden')
    monkeypatch.setattr(client, "create", real_create)
    c.advance(1)                                  # the rate-limited retry succeeds
    assert len(pods(c)) == 8
    assert condition(get(c, "apps/v1", "ReplicaSet", "web"), "ReplicaFailure") is None


def test_burst_replicas_caps_one_sync():
    c, cm = make_cluster("replicaset")
    ctrl = cm["replicaset"]
    ctrl.burst_replicas = 3
    c.client.create(replica_set("web", 7), NS)
    c.informers.pump()
    key = ctrl.queue.get()                        # the key the handler queued
    ctrl.sync(key)
    ctrl.queue.done(key)
    assert len(pods(c)) == 3
    c.settle()
    assert len(pods(c)) == 7


def test_replication_controller_reuses_the_replicaset_code():
    c, cm = make_cluster("replicationcontroller")
    rc = {"apiVersion": "v1", "kind": "ReplicationController", "metadata": {"name": "web", "namespace": NS},
          "spec": {"replicas": 2, "selector": {"app": "web"},
                   "template": {"metadata": {"labels": {"app": "web"}},
                                "spec": {"containers": [{"name": "c", "image": "nginx"}]}}}}
    c.apply(rc)
    ps = pods(c)
    assert len(ps) == 2 and all(POD_NAME.match(p["metadata"]["name"]) for p in ps)
    assert ps[0]["metadata"]["ownerReferences"][0]["kind"] == "ReplicationController"
    ev = c.client.list("v1", "events", NS)["items"][0]
    assert ev["source"] == {"component": "replication-controller"} and ev["reason"] == "SuccessfulCreate"
    assert get(c, "v1", "ReplicationController", "web")["status"]["replicas"] == 2
    assert cm["replicationcontroller"].queue.name == "replicationmanager"
