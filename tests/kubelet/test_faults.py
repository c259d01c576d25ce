"""Faults a lesson injects: a stopped kubelet, a partitioned node, static pods, determinism."""

import json
import os

from k8slab.kubelet import Kubelet

from .builders import cluster, get_pod, make_pod, status


def renew_time(c, node="node1"):
    return c.client.get("coordination.k8s.io/v1", "Lease", node, "kube-node-lease")["spec"]["renewTime"]


def test_stopped_kubelet_posts_nothing_and_catches_up_when_started_again():
    c = cluster()
    k = c.kubelet("node1")
    make_pod("crash", "busybox:1.36").sh("sleep 2; exit 1").create(c)
    c.advance(1)
    k.stop()
    before, restarts = renew_time(c), status(c, "crash")["restartCount"]
    make_pod("late").create(c)
    c.advance(60)
    assert renew_time(c) == before                          # no heartbeat
    assert status(c, "crash")["restartCount"] == restarts   # the last state stays
    assert get_pod(c, "late")["status"]["phase"] == "Pending" and "containerStatuses" not in get_pod(c, "late")["status"]
    assert len(k.runtime.list_containers()) == 1            # nobody restarts the exited container
    assert k.process() == 0 and "stopped" in repr(k)
    k.start_again()
    c.settle(wait_for_starts=False)
    assert renew_time(c) > before
    assert status(c, "crash")["restartCount"] == restarts + 1
    c.advance(2)
    assert get_pod(c, "late")["status"]["phase"] == "Running"


def test_partitioned_node_keeps_running_pods_and_reports_after_healing():
    c = cluster()
    k = c.kubelet("node1")
    make_pod("crash", "busybox:1.36").sh("sleep 2; exit 1").create(c)
    c.advance(1)
    k.partition(True)
    before, restarts = renew_time(c), status(c, "crash")["restartCount"]
    make_pod("unseen").create(c)
    c.advance(40)
    assert renew_time(c) == before and status(c, "crash")["restartCount"] == restarts
    local = max(s.metadata.attempt for s in map(k.runtime.container_status,
                                                (x.id for x in k.runtime.list_containers())))
    assert local > restarts                                  # restarted locally meanwhile
    assert "unseen" not in json.dumps([w.pod["metadata"]["name"] for w in k.pod_workers.workers.values()])
    k.partition(False)
    c.settle(wait_for_starts=False)
    assert renew_time(c) > before and status(c, "crash")["restartCount"] == local
    c.advance(2)
    assert get_pod(c, "unseen")["status"]["phase"] == "Running"


def test_static_pod_and_its_mirror(tmp_path):
    (tmp_path / "web.yaml").write_text("apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels: {tier: edge}\n"
                                       "spec:\n  containers:\n  - name: nginx\n    image: nginx:1.27\n")
    c = cluster(nodes=0)
    k = Kubelet("node1", static_pod_path=str(tmp_path))
    c.add_component(k)
    c.advance(5)
    mirror = get_pod(c, "web-node1")
    ann = mirror["metadata"]["annotations"]
    assert ann["kubernetes.io/config.source"] == "file" and ann["kubernetes.io/config.seen"] == "2023-11-14T22:13:20Z"
    assert ann["kubernetes.io/config.mirror"] == ann["kubernetes.io/config.hash"] != mirror["metadata"]["uid"]
    assert mirror["metadata"]["ownerReferences"] == [{"apiVersion": "v1", "kind": "Node", "name": "node1",
                                                      "uid": c.client.get("v1", "Node", "node1")["metadata"]["uid"],
                                                      "controller": True}]
    assert {"operator": "Exists", "effect": "NoExecute"} in mirror["spec"]["tolerations"]
    assert mirror["status"]["phase"] == "Running" and mirror["metadata"]["labels"] == {"tier": "edge"}
    c.client.delete("v1", "Pod", "web-node1", "default")     # the file wins: the mirror comes back
    c.settle(wait_for_starts=False)
    again = get_pod(c, "web-node1")
    assert again["metadata"]["uid"] != mirror["metadata"]["uid"] and again["status"]["phase"] == "Running"
    assert len([x for x in k.runtime.list_containers() if x.state == "CONTAINER_RUNNING"]) == 1
    os.remove(tmp_path / "web.yaml")
    c.advance(21)
    assert get_pod(c, "web-node1") is None and k.runtime.list_containers() == []


def test_same_seed_same_status_and_events():
    def run(seed):
        c = cluster(nodes=2, seed=seed)
        make_pod("redis").create(c)
        make_pod("web", "nginx").node("node2").create(c)
        make_pod("crash", "busybox:1.36").sh("echo boom; exit 2").create(c)
        c.advance(45)
        pods = {n: get_pod(c, n) for n in ("redis", "web", "crash")}
        statuses = json.dumps({n: p["status"] for n, p in pods.items()}, sort_keys=True)
        events = sorted((e["metadata"]["name"], e["reason"], e["message"], e["count"])
                        for e in c.client.list("v1", "Event", "default")["items"])
        log = c.client.raw("GET", "/api/v1/namespaces/default/pods/redis/log", timestamps="true").body
        return statuses, events, log, c.client.get("v1", "Node", "node2")["status"]["nodeInfo"]

    a, b = run(7), run(7)
    assert a == b
    other = run(8)
    assert other[0] != a[0] and other[3]["bootID"] != a[3]["bootID"]
