"""The control-loop scenario again, on the real clock: `k8slab up --nodes 3` driven by the real kubectl."""

import re
import time

import pytest

from tests.apiserver.kubectl_harness import KUBECTL, Cluster, wait_for

pytestmark = pytest.mark.skipif(KUBECTL is None, reason="no kubectl on PATH")


@pytest.fixture(scope="module")
def up():
    c = Cluster(version="1.32", extra=["--nodes", "3"])
    yield c
    c.stop()


def pod_rows(up, selector="app=redis"):
    out = up.kubectl("get", "pods", "-l", selector, "-o", "wide", "--no-headers").out
    return [re.split(r"\s+", line.strip()) for line in out.strip().splitlines() if line.strip()]


def all_running(up, n, selector="app=redis"):
    rows = pod_rows(up, selector)
    return len(rows) == n and all(r[1] == "1/1" and r[2] == "Running" for r in rows) and rows


def test_nodes_register_ready(up):
    rows = wait_for(lambda: [l.split() for l in up.kubectl("get", "nodes", "--no-headers").out.splitlines()
                             if " Ready " in l], timeout=20)
    assert sorted(r[0] for r in rows) == ["node1", "node2", "node3"]


def test_deployment_scale_heal_rollout_undo(up):
    r = up.kubectl("create", "deployment", "redis", "--image=redis:alpine")
    assert r.out.strip() == "deployment.apps/redis created", r.text
    rows = wait_for(lambda: all_running(up, 1), timeout=30)
    assert rows, pod_rows(up)
    rs = up.kubectl("get", "rs", "--no-headers").out.split()[0]
    assert re.fullmatch(r"redis-[bcdfghjklmnpqrstvwxz2456789]{9,10}", rs)
    assert rows[0][0].startswith(rs + "-") and rows[0][6] in ("node1", "node2", "node3")
    describe = up.kubectl("describe", "pod", rows[0][0]).out
    for reason in ("Scheduled", "Pulling", "Pulled", "Created", "Started"):
        assert reason in describe
    logs = up.kubectl("logs", rows[0][0]).out
    assert "Ready to accept connections" in logs

    assert "deployment.apps/redis scaled" in up.kubectl("scale", "deployment", "redis", "--replicas=5").out
    rows = wait_for(lambda: all_running(up, 5), timeout=30)
    assert rows, pod_rows(up)
    victim = rows[0][0]
    assert f'pod "{victim}" deleted' in up.kubectl("delete", "pod", victim).out
    rows = wait_for(lambda: (lambda rs: rs and victim not in [r[0] for r in rs] and rs)(all_running(up, 5)), timeout=30)
    assert rows, pod_rows(up)

    r = up.kubectl("set", "image", "deployment/redis", "redis=redis:5")
    assert "deployment.apps/redis image updated" in r.out, r.text
    r = up.kubectl("rollout", "status", "deployment/redis", "--timeout=60s", timeout=90)
    assert 'deployment "redis" successfully rolled out' in r.out, r.text
    assert {r[0] for r in pod_rows(up)} and all(
        "redis:5" in up.kubectl("get", "pod", name, "-o", "jsonpath={.spec.containers[0].image}").out
        for name in [r[0] for r in pod_rows(up) if r[2] == "Running"])
    r = up.kubectl("rollout", "undo", "deployment/redis")
    assert "deployment.apps/redis rolled back" in r.out, r.text
    r = up.kubectl("rollout", "status", "deployment/redis", "--timeout=60s", timeout=90)
    assert "successfully rolled out" in r.out, r.text
    history = up.kubectl("rollout", "history", "deployment/redis").out
    assert "REVISION" in history and "3" in history


def test_unschedulable_pod_is_explained(up):
    r = up.kubectl("run", "big", "--image=nginx", "--overrides",
                   '{"spec":{"containers":[{"name":"big","image":"nginx","resources":{"requests":{"cpu":"100"}}}]}}')
    assert r.rc == 0, r.text
    time.sleep(1)
    describe = wait_for(lambda: (lambda d: "FailedScheduling" in d and d)(up.kubectl("describe", "pod", "big").out),
                        timeout=15)
    assert "0/3 nodes are available: 3 Insufficient cpu." in describe
