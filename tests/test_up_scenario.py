"""The control-loop scenario again, on the real clock: `k8slab up --nodes 3` driven by the real kubectl."""

import json
import re
import subprocess
import sys
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


def k8slab_fault(up, *args):
    return subprocess.run([sys.executable, "-m", "k8slab.cli", "fault", "--data-dir", up.dir, *args],
                          capture_output=True, text=True, timeout=30)


DAEMONSET = """apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
      - name: agent
        image: nginx:1.25
"""


def test_daemonset_lands_one_pod_per_node(up):
    r = up.kubectl("apply", "-f", "-", stdin=DAEMONSET)
    assert r.out.strip() == "daemonset.apps/agent created", r.text
    rows = wait_for(lambda: all_running(up, 3, "app=agent"), timeout=30)
    assert rows, pod_rows(up, "app=agent")
    assert sorted(r[6] for r in rows) == ["node1", "node2", "node3"]


def test_crashing_container_goes_crash_loop_back_off(up):
    r = up.kubectl("run", "crash", "--image=busybox:1.36", "--", "sh", "-c", "exit 3")
    assert r.out.strip() == "pod/crash created", r.text
    row = wait_for(lambda: [l.split() for l in up.kubectl("get", "pod", "crash", "--no-headers").out.splitlines()
                            if "CrashLoopBackOff" in l], timeout=40)
    assert row, up.kubectl("get", "pod", "crash").text
    describe = up.kubectl("describe", "pod", "crash").out
    assert "Back-off restarting failed container crash in pod crash_default(" in describe
    assert re.search(r"Last State:\s+Terminated\n\s+Reason:\s+Error\n\s+Exit Code:\s+3", describe), describe


def test_node_whose_kubelet_stops_goes_unknown_and_its_pods_are_evicted(up):
    """Last in this module: one node is down for a minute. Pods that tolerate an unreachable node
    for 2 s (instead of the default 300 s) are evicted and replaced elsewhere."""
    tolerations = [{"key": f"node.kubernetes.io/{k}", "operator": "Exists", "effect": "NoExecute",
                    "tolerationSeconds": 2} for k in ("unreachable", "not-ready")]
    r = up.kubectl("create", "deployment", "web", "--image=nginx:1.25", "--replicas=3")
    assert r.rc == 0, r.text
    r = up.kubectl("patch", "deployment", "web", "-p",
                   json.dumps({"spec": {"template": {"spec": {"tolerations": tolerations}}}}))
    assert r.rc == 0, r.text
    assert "successfully rolled out" in up.kubectl("rollout", "status", "deployment/web", "--timeout=60s",
                                                   timeout=90).out
    rows = wait_for(lambda: all_running(up, 3, "app=web"), timeout=30)
    victim_node = rows[0][6]
    evicted = {r[0] for r in rows if r[6] == victim_node}

    r = k8slab_fault(up, "stop-kubelet", victim_node)
    assert (r.returncode, r.stdout.strip()) == (0, f"kubelet on {victim_node} stopped"), r.stderr
    try:
        # node-monitor-grace-period is 50 s: then Unknown, the unreachable taint, and eviction
        status = wait_for(lambda: (lambda l: l and l[0].split()[1] == "NotReady" and l)(
            up.kubectl("get", "node", victim_node, "--no-headers").out.splitlines()), timeout=90, interval=1)
        assert status, up.kubectl("get", "nodes").out
        describe = wait_for(lambda: (lambda d: "node.kubernetes.io/unreachable:NoExecute" in d and d)(
            up.kubectl("describe", "node", victim_node).out), timeout=20, interval=0.5)
        assert describe, up.kubectl("describe", "node", victim_node).out
        assert re.search(r"Ready\s+Unknown .*NodeStatusUnknown\s+Kubelet stopped posting node status\.", describe), \
            describe
        # as upstream: the evicted pods stay Terminating (their kubelet cannot confirm), and the
        # ReplicaSet replaces them on the other nodes
        def replaced():
            rows = pod_rows(up, "app=web")
            running = [r for r in rows if r[1] == "1/1" and r[2] == "Running"]
            return (len(running) == 3 and all(r[6] != victim_node for r in running)
                    and {r[0] for r in rows if r[2] == "Terminating"} == evicted and rows)
        assert wait_for(replaced, timeout=60, interval=0.5), pod_rows(up, "app=web")
    finally:
        r = k8slab_fault(up, "start-kubelet", victim_node)
        assert r.returncode == 0, r.stderr
    ready = wait_for(lambda: " Ready " in up.kubectl("get", "node", victim_node, "--no-headers").out + " ",
                     timeout=30, interval=0.5)
    assert ready, up.kubectl("get", "nodes").out
    # back on the API server, the kubelet kills the evicted pods and they are gone
    gone = wait_for(lambda: not [r for r in pod_rows(up, "app=web") if r[2] == "Terminating"],
                    timeout=60, interval=0.5)
    assert gone, pod_rows(up, "app=web")
