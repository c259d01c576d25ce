"""The official Python client reads what the kubelet writes (it checks required fields)."""

import json

import pytest

from .builders import cluster, make_pod

kubernetes = pytest.importorskip("kubernetes")


def test_objects_deserialize_with_the_official_client():
    c = cluster()
    make_pod("redis").create(c)
    crash = make_pod("crash", "busybox:1.36").sh("exit 1")
    crash.container("init", "busybox:1.36", "true", init=True)
    crash.create(c)
    make_pod("bad", "redis:5xx").create(c)
    c.advance(30)
    api = kubernetes.client.ApiClient()

    def load(obj, kind):
        return api.deserialize(json.dumps(obj), kind, "application/json")

    reasons = {}
    for name in ("redis", "crash", "bad"):
        pod = load(c.client.get("v1", "Pod", name, "default"), "V1Pod")
        waiting = pod.status.container_statuses[0].state.waiting
        reasons[name] = (pod.status.phase, waiting.reason if waiting else None)
    assert reasons == {"redis": ("Running", None), "crash": ("Running", "CrashLoopBackOff"),
                       "bad": ("Pending", "ImagePullBackOff")}
    node = load(c.client.get("v1", "Node", "node1"), "V1Node")
    assert node.status.node_info.container_runtime_version == "containerd://1.7.24"
    lease = load(c.client.get("coordination.k8s.io/v1", "Lease", "node1", "kube-node-lease"), "V1Lease")
    assert lease.spec.lease_duration_seconds == 40
    events = load(c.client.list("v1", "Event", "default"), "CoreV1EventList")
    assert {e.source.component for e in events.items} == {"kubelet"}
