"""k8slab/faults.py: the faults `k8slab fault` sends to a running `k8slab up`, applied to a
virtual-clock Cluster, and the socket between the two."""

import asyncio
import threading

import pytest

from k8slab import Cluster
from k8slab import faults
from k8slab.faults import FaultError, apply

POD = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"},
       "spec": {"containers": [{"name": "nginx", "image": "nginx:1.25"}]}}


@pytest.fixture
def c():
    return Cluster(nodes=2, seed=0)


def ready_condition(c, node):
    n = c.client.get("v1", "Node", node)
    return next(x for x in n["status"]["conditions"] if x["type"] == "Ready")


def test_stop_kubelet_then_start_it_again(c):
    assert apply(c, {"fault": "stop-kubelet", "node": "node2"}) == "kubelet on node2 stopped"
    c.advance(60)
    cond = ready_condition(c, "node2")
    assert (cond["status"], cond["message"]) == ("Unknown", "Kubelet stopped posting node status.")
    assert apply(c, {"fault": "start-kubelet", "node": "node2"}) == "kubelet on node2 started"
    c.advance(20)
    assert ready_condition(c, "node2")["status"] == "True"


def test_partition_and_heal(c):
    assert apply(c, {"fault": "partition", "node": "node1"}) == "node1 cut off from the API server"
    c.advance(60)
    assert ready_condition(c, "node1")["status"] == "Unknown"
    assert apply(c, {"fault": "heal", "node": "node1"}) == "node1 reconnected to the API server"
    c.advance(20)
    assert ready_condition(c, "node1")["status"] == "True"


def test_kill_container_restarts_it_with_exit_137(c):
    c.client.create(POD, "default")
    c.settle()
    msg = apply(c, {"fault": "kill-container", "pod": "web"})
    node = c.client.get("v1", "Pod", "web", "default")["spec"]["nodeName"]
    assert msg == f"container nginx of default/web on {node} killed (exit 137)"
    c.settle()
    st = c.client.get("v1", "Pod", "web", "default")["status"]["containerStatuses"][0]
    assert st["restartCount"] == 1
    assert st["lastState"]["terminated"]["exitCode"] == 137


def test_image_missing_then_restored(c):
    assert apply(c, {"fault": "image-missing", "image": "redis:7"}) == "image redis:7 missing on node1, node2"
    c.client.create({**POD, "metadata": {"name": "r"},
                     "spec": {"containers": [{"name": "redis", "image": "redis:7"}]}}, "default")
    c.settle()
    waiting = c.client.get("v1", "Pod", "r", "default")["status"]["containerStatuses"][0]["state"]["waiting"]
    assert waiting["reason"] in ("ErrImagePull", "ImagePullBackOff")
    assert apply(c, {"fault": "image-restore", "image": "redis:7", "node": "node1"}) == "image redis:7 restored on node1"


@pytest.mark.parametrize("request_, message", [
    ({"fault": "stop-kubelet", "node": "node9"}, "no kubelet runs node 'node9' (nodes: node1, node2)"),
    ({"fault": "kill-container", "pod": "nope"}, 'pods "nope" not found'),
    ({"fault": "kill-container", "pod": "web", "container": "x"}, "container x is not valid for pod web"),
    ({"fault": "image-missing"}, "an image is required"),
    ({"fault": "reboot"}, "unknown fault 'reboot' (one of: " + ", ".join(faults.FAULTS) + ")"),
])
def test_bad_requests_are_refused_with_a_reason(c, request_, message):
    c.client.create(POD, "default")
    c.settle()
    with pytest.raises(FaultError) as e:
        apply(c, request_)
    assert str(e.value) == message


def test_the_socket_carries_a_request_and_its_answer(c, tmp_path):
    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(faults.serve(c, str(tmp_path)))
    t = threading.Thread(target=loop.run_forever, daemon=True)
    t.start()
    try:
        assert faults.send(str(tmp_path), {"fault": "stop-kubelet", "node": "node1"}) == \
            {"ok": True, "message": "kubelet on node1 stopped"}
        assert faults.send(str(tmp_path), {"fault": "stop-kubelet", "node": "x"})["ok"] is False
        assert not c.kubelet("node1").running
        assert (tmp_path / "fault.sock").stat().st_mode & 0o777 == 0o600
    finally:
        loop.call_soon_threadsafe(loop.stop)
        t.join(5)
        server.close()
        loop.close()


def test_the_command_says_when_no_cluster_answers(tmp_path, capsys):
    assert faults.main(["--data-dir", str(tmp_path), "stop-kubelet", "node1"]) == 1
    assert f"no `k8slab up` is running with --data-dir {tmp_path}" in capsys.readouterr().err
