"""The installed kubectl against `k8slab up --nodes 2`: nodes, a pod's life, its logs and events."""

import re

import pytest

from ..apiserver.kubectl_harness import KUBECTL, Cluster, wait_for

pytestmark = pytest.mark.skipif(KUBECTL is None, reason="no kubectl on PATH")


@pytest.fixture(scope="module")
def up():
    c = Cluster(extra=["--nodes", "2"])
    yield c
    c.stop()


def test_nodes_are_ready_with_their_addresses_and_runtime(up):
    out = up.kubectl("get", "nodes", "-o", "wide").out
    rows = [line.split() for line in out.splitlines()[1:]]
    assert [(r[0], r[1], r[5]) for r in rows] == [("node1", "Ready", "172.18.0.2"), ("node2", "Ready", "172.18.0.3")]
    assert all(r[-1] == "containerd://1.7.24" for r in rows)
    assert up.kubectl("get", "lease", "-n", "kube-node-lease", "node1", "-o",
                      "jsonpath={.spec.holderIdentity}").out == "node1"


def test_run_logs_and_describe(up):
    assert up.kubectl("run", "redis", "--image=redis:alpine").out == "pod/redis created\n"
    assert wait_for(lambda: "Running" in up.kubectl("get", "pod", "redis").out, timeout=20)
    logs = up.kubectl("logs", "redis", "--tail=1")
    assert logs.rc == 0 and logs.out.endswith("* Ready to accept connections tcp\n")
    prev = up.kubectl("logs", "redis", "--previous")
    assert prev.rc == 1 and prev.err.strip() == ('Error from server (BadRequest): previous terminated container '
                                                 '"redis" in pod "redis" not found')
    desc = up.kubectl("describe", "pod", "redis").out
    assert re.search(r"Container ID:\s+containerd://[0-9a-f]{64}", desc)
    reasons = re.findall(r"^  Normal\s+(\w+)\s", desc, re.M)
    assert reasons == ["Scheduled", "Pulling", "Pulled", "Created", "Started"]
    assert 'Successfully pulled image "redis:alpine" in ' in desc and "Created container redis" in desc
