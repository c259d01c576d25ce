from k8slab.controllers.hashing import hash_controller_revision, template_patch

from .helpers import NS, Watcher, bugs, events, get, make_cluster, names, patch, pods, ready_all, set_ready


def statefulset(name="web", replicas=3, **spec):
    return {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": name, "namespace": NS},
            "spec": {"serviceName": "nginx", "replicas": replicas, "selector": {"matchLabels": {"app": "nginx"}},
                     "template": {"metadata": {"labels": {"app": "nginx"}},
                                  "spec": {"containers": [{"name": "nginx", "image": "nginx:1.25"}]}},
                     "volumeClaimTemplates": [{"metadata": {"name": "www"}, "spec": {
                         "accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}],
                     **spec}}


def test_ordered_ready_creates_one_pod_at_a_time_with_stable_identity():
    c, cm = make_cluster("statefulset")
    c.apply(statefulset())
    seen = []
    for i in range(3):
        seen.append(names(pods(c)))
        c.advance(5)                                   # nothing happens until the pod is ready
        assert names(pods(c)) == seen[-1]
        set_ready(c, f"web-{i}")
        c.settle()
    assert seen == [["web-0"], ["web-0", "web-1"], ["web-0", "web-1", "web-2"]]
    s = get(c, "apps/v1", "StatefulSet", "web")
    rev = s["status"]["currentRevision"]
    p = get(c, "v1", "Pod", "web-1")
    assert p["metadata"]["labels"] == {"app": "nginx", "statefulset.kubernetes.io/pod-name": "web-1",
                                       "apps.kubernetes.io/pod-index": "1", "controller-revision-hash": rev}
    assert p["metadata"]["generateName"] == "web-"
    assert (p["spec"]["hostname"], p["spec"]["subdomain"]) == ("web-1", "nginx")
    assert p["spec"]["volumes"][0] == {"name": "www", "persistentVolumeClaim": {"claimName": "www-web-1"}}
    assert p["metadata"]["ownerReferences"][0]["kind"] == "StatefulSet"
    pvcs = c.client.list("v1", "persistentvolumeclaims", NS)["items"]
    assert names(pvcs) == ["www-web-0", "www-web-1", "www-web-2"]
    assert pvcs[0]["metadata"]["labels"] == {"app": "nginx"}
    assert s["status"] == {"observedGeneration": 1, "replicas": 3, "readyReplicas": 3, "currentReplicas": 3,
                           "updatedReplicas": 3, "currentRevision": rev, "updateRevision": rev,
                           "collisionCount": 0, "availableReplicas": 3}
    assert events(c, reason="SuccessfulCreate")[:2] == [
        ("SuccessfulCreate", "create Claim www-web-0 Pod web-0 in StatefulSet web success"),
        ("SuccessfulCreate", "create Pod web-0 in StatefulSet web successful")]
    assert not bugs(cm)


def test_revision_names_hash_the_template_patch_as_upstream():
    c, cm = make_cluster("statefulset")
    c.apply(statefulset(replicas=1))
    s = get(c, "apps/v1", "StatefulSet", "web")
    [rev] = c.client.list("apps/v1", "controllerrevisions", NS)["items"]
    expected = hash_controller_revision(template_patch(s), 0)
    assert rev["metadata"]["name"] == f"web-{expected}" and rev["revision"] == 1
    assert rev["metadata"]["labels"] == {"app": "nginx", "controller-revision-hash": expected}


def test_scale_down_removes_the_highest_ordinal_first_one_at_a_time():
    c, cm = make_cluster("statefulset")
    c.apply(statefulset(replicas=3))
    while ready_all(c):
        pass
    watcher = Watcher(lambda cl: names(pods(cl)))
    c.add_component(watcher)
    patch(c, "apps/v1", "StatefulSet", "web", {"spec": {"replicas": 1}})
    assert names(pods(c)) == ["web-0"]
    assert ["web-0", "web-1"] in watcher.seen                   # web-2 went first
    assert [m for _, m in events(c, reason="SuccessfulDelete")] == [
        "delete Pod web-2 in StatefulSet web successful", "delete Pod web-1 in StatefulSet web successful"]
    # the claims stay: scaling up again finds the same storage
    assert len(c.client.list("v1", "persistentvolumeclaims", NS)["items"]) == 3


def test_parallel_creates_every_pod_at_once():
    c, cm = make_cluster("statefulset")
    c.apply(statefulset(replicas=4, podManagementPolicy="Parallel"))
    assert names(pods(c)) == ["web-0", "web-1", "web-2", "web-3"]


def test_rolling_update_goes_by_reverse_ordinal_and_respects_the_partition():
    c, cm = make_cluster("statefulset")
    c.apply(statefulset(replicas=3, updateStrategy={"type": "RollingUpdate", "rollingUpdate": {"partition": 1}}))
    while ready_all(c):
        pass
    old_rev = get(c, "apps/v1", "StatefulSet", "web")["status"]["currentRevision"]
    order = []
    watcher = Watcher(lambda cl: names(pods(cl)))
    c.add_component(watcher)
    patch(c, "apps/v1", "StatefulSet", "web", {"spec": {"template": {"spec": {"containers": [
        {"name": "nginx", "image": "nginx:1.26"}]}}}})
    while ready_all(c):
        pass
    for seen in watcher.seen:
        for name in ("web-0", "web-1", "web-2"):
            if name not in seen and name not in order:
                order.append(name)
    assert order == ["web-2", "web-1"]                         # web-0 is below the partition
    s = get(c, "apps/v1", "StatefulSet", "web")
    new_rev = s["status"]["updateRevision"]
    revs = {p["metadata"]["name"]: p["metadata"]["labels"]["controller-revision-hash"] for p in pods(c)}
    assert revs == {"web-0": old_rev, "web-1": new_rev, "web-2": new_rev}
    assert s["status"]["currentRevision"] == old_rev and s["status"]["updatedReplicas"] == 2
    patch(c, "apps/v1", "StatefulSet", "web", {"spec": {"updateStrategy": {"rollingUpdate": {"partition": 0}}}})
    while ready_all(c):
        pass
    s = get(c, "apps/v1", "StatefulSet", "web")
    assert s["status"]["currentRevision"] == new_rev == s["status"]["updateRevision"]
    assert get(c, "v1", "Pod", "web-0")["spec"]["containers"][0]["image"] == "nginx:1.26"


def test_a_deleted_pod_comes_back_with_the_same_name_and_claim():
    c, cm = make_cluster("statefulset")
    c.apply(statefulset(replicas=2, podManagementPolicy="Parallel"))
    uid = get(c, "v1", "Pod", "web-1")["metadata"]["uid"]
    c.client.delete("v1", "Pod", "web-1", NS)
    c.settle()
    p = get(c, "v1", "Pod", "web-1")
    assert p["metadata"]["uid"] != uid and p["spec"]["volumes"][0]["persistentVolumeClaim"]["claimName"] == "www-web-1"
    assert len(c.client.list("v1", "persistentvolumeclaims", NS)["items"]) == 2
