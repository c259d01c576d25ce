import re

from k8slab.api.names import ALPHANUMS, safe_encode_string
from k8slab.controllers.hashing import compute_hash, template_hash_label_and_suffix, template_sum32

from .helpers import (NS, Watcher, bugs, condition, deployment, events, get, is_ready, make_cluster,
                      names, patch, pods, ready_all, replica_sets)

RS_NAME = re.compile(rf"^redis-([{ALPHANUMS}]{{1,10}})$")


def rs_by_revision(c):
    return sorted(replica_sets(c), key=lambda rs: int(rs["metadata"]["annotations"]["deployment.kubernetes.io/revision"]))


def test_safe_encoding_vectors_of_the_booklet():
    for decimal, encoded in (("3731017676", "7c7545cbcb"), ("3497892450", "78fcdf6894"),
                             ("663450821", "bb7894d65"), ("3130754918", "7574c98f5d")):
        assert safe_encode_string(decimal) == encoded


def test_template_hash_depends_on_template_and_collision_count():
    t = deployment()["spec"]["template"]
    h = compute_hash(t)
    assert h == safe_encode_string(str(template_sum32(t, None)))
    assert compute_hash(t, 1) != h and compute_hash(t, 1) != compute_hash(t, 2)
    t2 = deployment(image="redis:5")["spec"]["template"]
    assert compute_hash(t2) != h
    label, suffix = template_hash_label_and_suffix(t, None, "book")
    assert label == str(template_sum32(t, None, "book")) and suffix == safe_encode_string(label)


def kubectl_run_template(image: str, pull_policy: str) -> dict:
    """`kubectl run redis --image=...` of v1.11, as the apiserver defaulted it."""
    return {"metadata": {"creationTimestamp": None, "labels": {"run": "redis"}},
            "spec": {"containers": [{"name": "redis", "image": image, "resources": {},
                                     "terminationMessagePath": "/dev/termination-log",
                                     "terminationMessagePolicy": "File", "imagePullPolicy": pull_policy}],
                     "restartPolicy": "Always", "terminationGracePeriodSeconds": 30, "dnsPolicy": "ClusterFirst",
                     "securityContext": {}, "schedulerName": "default-scheduler"}}


def test_compute_hash_reproduces_the_booklets_pod_template_hashes():
    # chapter 7 (redis:alpine) and chapter 14 (redis), both printed by a v1.11 cluster
    assert template_sum32(kubectl_run_template("redis:alpine", "IfNotPresent"), None, "book") == 3731017676
    assert template_sum32(kubectl_run_template("redis", "Always"), None, "book") == 663450821


def test_book_and_current_clusters_name_replicasets_as_real_ones_do():
    c, _ = make_cluster("replicaset,deployment", profile="book")
    d = deployment("redis", 1, image="redis:alpine")
    d["spec"]["template"]["spec"]["containers"][0]["resources"] = {}
    c.apply(d)
    assert names(replica_sets(c)) == ["redis-7c7545cbcb"]
    # the nginx Deployment of the Kubernetes documentation, on a v1.33 cluster
    c, _ = make_cluster("replicaset,deployment")
    d = deployment("nginx-deployment", 3, labels={"app": "nginx"}, image="nginx:1.14.2")
    d["spec"]["template"]["spec"]["containers"] = [{"name": "nginx", "image": "nginx:1.14.2",
                                                     "ports": [{"containerPort": 80}]}]
    c.apply(d)
    assert names(replica_sets(c)) == ["nginx-deployment-647677fc66"]


def test_deployment_creates_a_hashed_replicaset_and_its_pods():
    c, cm = make_cluster("replicaset,deployment")
    c.apply(deployment("redis", 3))
    [rs] = replica_sets(c)
    m = RS_NAME.match(rs["metadata"]["name"])
    assert m
    hash_ = m.group(1)
    assert rs["metadata"]["labels"] == {"run": "redis", "pod-template-hash": hash_}
    assert rs["spec"]["selector"] == {"matchLabels": {"run": "redis", "pod-template-hash": hash_}}
    assert rs["metadata"]["annotations"] == {"deployment.kubernetes.io/revision": "1",
                                             "deployment.kubernetes.io/desired-replicas": "3",
                                             "deployment.kubernetes.io/max-replicas": "4"}
    d = get(c, "apps/v1", "Deployment", "redis")
    assert rs["metadata"]["ownerReferences"][0]["uid"] == d["metadata"]["uid"]
    ps = pods(c)
    assert len(ps) == 3
    assert all(re.match(rf"^redis-{hash_}-[{ALPHANUMS}]{{5}}$", p["metadata"]["name"]) for p in ps)
    assert all(p["metadata"]["labels"]["pod-template-hash"] == hash_ for p in ps)
    assert ("ScalingReplicaSet", f"Scaled up replica set redis-{hash_} from 0 to 3") in events(c)
    assert d["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == "1"
    st = d["status"]
    assert (st["replicas"], st["updatedReplicas"], st["unavailableReplicas"], st["observedGeneration"]) == (3, 3, 3, 1)
    assert condition(d, "Available")["reason"] == "MinimumReplicasUnavailable"
    assert condition(d, "Progressing")["message"] == f'ReplicaSet "redis-{hash_}" is progressing.'
    ready_all(c)
    d = get(c, "apps/v1", "Deployment", "redis")
    assert d["status"]["availableReplicas"] == 3 and d["status"]["readyReplicas"] == 3
    assert "unavailableReplicas" not in d["status"]
    assert condition(d, "Available") | {"lastUpdateTime": 0, "lastTransitionTime": 0} == {
        "type": "Available", "status": "True", "lastUpdateTime": 0, "lastTransitionTime": 0,
        "reason": "MinimumReplicasAvailable", "message": "Deployment has minimum availability."}
    prog = condition(d, "Progressing")
    assert (prog["status"], prog["reason"], prog["message"]) == (
        "True", "NewReplicaSetAvailable", f'ReplicaSet "redis-{hash_}" has successfully progressed.')
    assert not bugs(cm)


def test_book_profile_uses_the_decimal_label_and_v111_event_wording():
    c, cm = make_cluster("replicaset,deployment", profile="book")
    c.apply(deployment("redis", 1))
    [rs] = replica_sets(c)
    label = rs["metadata"]["labels"]["pod-template-hash"]
    assert label.isdigit() and rs["metadata"]["name"] == f"redis-{safe_encode_string(label)}"
    assert ("ScalingReplicaSet", f"Scaled up replica set {rs['metadata']['name']} to 1") in events(c)


def test_deleting_a_pod_of_a_deployment_brings_a_new_one():
    c, cm = make_cluster("replicaset,deployment")
    c.apply(deployment("redis", 1))
    [old] = names(pods(c))
    c.client.delete("v1", "Pod", old, NS)
    c.settle()
    [new] = names(pods(c))
    assert new != old and new.rsplit("-", 1)[0] == old.rsplit("-", 1)[0]


def _counts(c):
    live = [p for p in pods(c) if not p["metadata"].get("deletionTimestamp")]
    return len(live), sum(is_ready(p) for p in live)


def test_rolling_update_stays_within_max_surge_and_max_unavailable_at_every_step():
    c, cm = make_cluster("replicaset,deployment")
    c.apply(deployment("redis", 10, strategy={"type": "RollingUpdate",
                                              "rollingUpdate": {"maxSurge": "30%", "maxUnavailable": "25%"}}))
    ready_all(c)
    watcher = Watcher(_counts)
    c.add_component(watcher)
    patch(c, "apps/v1", "Deployment", "redis", {"spec": {"template": {"spec": {"containers": [
        {"name": "redis", "image": "redis:5"}]}}}})
    rounds = 0
    while ready_all(c):                             # the kubelet's part: new pods become ready
        rounds += 1
        assert rounds < 20
    # maxSurge 30% of 10 rounds up to 3, maxUnavailable 25% rounds down to 2
    assert max(total for total, _ in watcher.seen) == 13
    assert min(ready for _, ready in watcher.seen) == 8
    old, new = rs_by_revision(c)
    assert old["spec"]["replicas"] == 0 and new["spec"]["replicas"] == 10
    assert all(p["spec"]["containers"][0]["image"] == "redis:5" for p in pods(c))
    d = get(c, "apps/v1", "Deployment", "redis")
    assert d["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == "2"
    assert condition(d, "Progressing")["reason"] == "NewReplicaSetAvailable"
    scaling = [m for _, m in events(c, reason="ScalingReplicaSet")]
    assert f"Scaled up replica set {new['metadata']['name']} from 0 to 3" in scaling
    assert f"Scaled down replica set {old['metadata']['name']} from 10 to 8" in scaling
    assert not bugs(cm)


def test_recreate_removes_every_old_pod_before_creating_new_ones():
    c, cm = make_cluster("replicaset,deployment")
    c.apply(deployment("redis", 3, strategy={"type": "Recreate"}))
    ready_all(c)
    watcher = Watcher(lambda cl: {p["spec"]["containers"][0]["image"] for p in pods(cl)})
    c.add_component(watcher)
    patch(c, "apps/v1", "Deployment", "redis", {"spec": {"template": {"spec": {"containers": [
        {"name": "redis", "image": "redis:5"}]}}}})
    assert all(len(images) <= 1 for images in watcher.seen)          # never old and new together
    assert {"redis:alpine"} in watcher.seen and set() in watcher.seen
    assert len(pods(c)) == 3 and all(p["spec"]["containers"][0]["image"] == "redis:5" for p in pods(c))


def test_kubectl_rollout_undo_brings_the_old_replicaset_back_as_a_new_revision():
    c, cm = make_cluster("replicaset,deployment")
    c.apply(deployment("redis", 2))
    ready_all(c)
    first_template = get(c, "apps/v1", "Deployment", "redis")["spec"]["template"]
    patch(c, "apps/v1", "Deployment", "redis", {"spec": {"template": {"spec": {"containers": [
        {"name": "redis", "image": "redis:5"}]}}}})
    while ready_all(c):
        pass
    # what kubectl rollout undo sends: the previous ReplicaSet's template, without its hash label
    d = get(c, "apps/v1", "Deployment", "redis")
    d["spec"]["template"] = first_template
    c.client.update(d)
    c.settle()
    while ready_all(c):
        pass
    first, second = sorted(replica_sets(c), key=lambda rs: rs["metadata"]["creationTimestamp"] + rs["metadata"]["name"])
    by_rev = rs_by_revision(c)
    assert by_rev[-1]["spec"]["template"]["spec"]["containers"][0]["image"] == "redis:alpine"
    assert by_rev[-1]["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == "3"
    assert by_rev[-1]["metadata"]["annotations"]["deployment.kubernetes.io/revision-history"] == "1"
    assert by_rev[-1]["spec"]["replicas"] == 2 and by_rev[0]["spec"]["replicas"] == 0
    assert get(c, "apps/v1", "Deployment", "redis")["metadata"]["annotations"][
        "deployment.kubernetes.io/revision"] == "3"


def test_rollback_to_annotation_copies_the_old_template_and_reports_it():
    c, cm = make_cluster("replicaset,deployment")
    c.apply(deployment("redis", 1))
    patch(c, "apps/v1", "Deployment", "redis", {"spec": {"template": {"spec": {"containers": [
        {"name": "redis", "image": "redis:5"}]}}}})
    patch(c, "apps/v1", "Deployment", "redis",
          {"metadata": {"annotations": {"deprecated.deployment.rollback.to": "0"}}})
    d = get(c, "apps/v1", "Deployment", "redis")
    assert "deprecated.deployment.rollback.to" not in d["metadata"]["annotations"]
    assert d["spec"]["template"]["spec"]["containers"][0]["image"] == "redis:alpine"
    assert ("DeploymentRollback", 'Rolled back deployment "redis" to revision 1') in events(c)
    patch(c, "apps/v1", "Deployment", "redis",
          {"metadata": {"annotations": {"deprecated.deployment.rollback.to": "9"}}})
    assert ("DeploymentRollbackRevisionNotFound", "Unable to find the revision to rollback to.") in events(c)


def test_pause_stops_the_rollout_but_not_scaling_and_resume_continues():
    c, cm = make_cluster("replicaset,deployment")
    c.apply(deployment("redis", 2))
    ready_all(c)
    patch(c, "apps/v1", "Deployment", "redis", {"spec": {"paused": True}})
    d = get(c, "apps/v1", "Deployment", "redis")
    prog = condition(d, "Progressing")
    assert (prog["status"], prog["reason"], prog["message"]) == ("Unknown", "DeploymentPaused", "Deployment is paused")
    patch(c, "apps/v1", "Deployment", "redis", {"spec": {"replicas": 3, "template": {"spec": {"containers": [
        {"name": "redis", "image": "redis:5"}]}}}})
    [rs] = replica_sets(c)                          # no new ReplicaSet while paused
    assert rs["spec"]["replicas"] == 3               # but scaling goes on
    assert get(c, "apps/v1", "Deployment", "redis")["status"]["observedGeneration"] == 3
    patch(c, "apps/v1", "Deployment", "redis", {"spec": {"paused": False}})
    assert len(replica_sets(c)) == 2
    while ready_all(c):
        pass
    d = get(c, "apps/v1", "Deployment", "redis")
    assert condition(d, "Progressing")["reason"] == "NewReplicaSetAvailable"
    assert "Deployment is resumed" not in str(d["status"])      # replaced as the rollout progressed


def test_progress_deadline_exceeded_when_pods_never_become_ready():
    c, cm = make_cluster("replicaset,deployment")
    c.apply(deployment("redis", 2, progressDeadlineSeconds=60))
    c.advance(30)
    assert condition(get(c, "apps/v1", "Deployment", "redis"), "Progressing")["status"] == "True"
    c.advance(40)
    d = get(c, "apps/v1", "Deployment", "redis")
    [rs] = replica_sets(c)
    prog = condition(d, "Progressing")
    assert (prog["status"], prog["reason"], prog["message"]) == (
        "False", "ProgressDeadlineExceeded", f'ReplicaSet "{rs["metadata"]["name"]}" has timed out progressing.')
    ready_all(c)                                      # late, but complete: the condition recovers
    assert condition(get(c, "apps/v1", "Deployment", "redis"), "Progressing")["reason"] == "NewReplicaSetAvailable"


def test_rollout_restart_annotation_makes_a_new_replicaset():
    c, cm = make_cluster("replicaset,deployment")
    c.apply(deployment("redis", 1))
    ready_all(c)
    patch(c, "apps/v1", "Deployment", "redis", {"spec": {"template": {"metadata": {"annotations": {
        "kubectl.kubernetes.io/restartedAt": "2023-11-14T22:13:20Z"}}}}})
    while ready_all(c):
        pass
    old, new = rs_by_revision(c)
    assert new["spec"]["template"]["metadata"]["annotations"]["kubectl.kubernetes.io/restartedAt"]
    assert old["spec"]["replicas"] == 0 and new["spec"]["replicas"] == 1
    assert len(pods(c)) == 1 and pods(c)[0]["metadata"]["labels"]["pod-template-hash"] != \
        old["metadata"]["labels"]["pod-template-hash"]


def test_revision_history_limit_deletes_the_oldest_empty_replicasets():
    c, cm = make_cluster("replicaset,deployment")
    c.apply(deployment("redis", 1, revisionHistoryLimit=1))
    for image in ("redis:5", "redis:6", "redis:7"):
        patch(c, "apps/v1", "Deployment", "redis", {"spec": {"template": {"spec": {"containers": [
            {"name": "redis", "image": image}]}}}})
        while ready_all(c):
            pass
    revisions = [rs["metadata"]["annotations"]["deployment.kubernetes.io/revision"] for rs in rs_by_revision(c)]
    assert revisions == ["3", "4"]


def test_scaling_during_a_rollout_is_proportional():
    c, cm = make_cluster("replicaset,deployment")
    c.apply(deployment("redis", 10, strategy={"type": "RollingUpdate",
                                              "rollingUpdate": {"maxSurge": 3, "maxUnavailable": 2}}))
    ready_all(c)
    patch(c, "apps/v1", "Deployment", "redis", {"spec": {"template": {"spec": {"containers": [
        {"name": "redis", "image": "redis:5"}]}}}})
    old, new = rs_by_revision(c)
    assert (old["spec"]["replicas"], new["spec"]["replicas"]) == (8, 5)      # 13 pods: 10 + surge 3
    patch(c, "apps/v1", "Deployment", "redis", {"spec": {"replicas": 20}})
    old, new = rs_by_revision(c)
    # 23 allowed (20 + 3), 10 to add, split 8:5 -> +6 and +4 (the largest gets the leftover)
    assert (old["spec"]["replicas"], new["spec"]["replicas"]) == (14, 9)
    assert old["metadata"]["annotations"]["deployment.kubernetes.io/desired-replicas"] == "20"


def test_deployment_adopts_a_matching_orphan_replicaset_as_its_new_one():
    c, cm = make_cluster("replicaset,deployment")
    d = deployment("redis", 2)
    rs = {"apiVersion": "apps/v1", "kind": "ReplicaSet",
          "metadata": {"name": "redis-manual", "namespace": NS, "labels": {"run": "redis"}},
          "spec": {"replicas": 1, "selector": {"matchLabels": {"run": "redis"}}, "template": d["spec"]["template"]}}
    c.apply(rs)
    c.apply(d)
    [adopted] = replica_sets(c)
    assert adopted["metadata"]["name"] == "redis-manual"
    assert adopted["metadata"]["ownerReferences"][0]["kind"] == "Deployment"
    assert adopted["spec"]["replicas"] == 2 and len(pods(c)) == 2
    assert adopted["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == "1"
