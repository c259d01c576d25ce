"""The official Python client's `kubernetes.stream`: exec (v5 and v4.channel.k8s.io) and
port-forward (v4.channel.k8s.io, data and error channel per port) against `k8slab up --nodes 1`."""

import pytest

from tests.apiserver.kubectl_harness import Cluster, wait_for

kubernetes = pytest.importorskip("kubernetes")

from kubernetes import client, config  # noqa: E402
from kubernetes.stream import portforward, stream  # noqa: E402

PODS = {"bb": ("busybox:1.36", ["sh", "-c", "echo hi > /tmp/greeting; sleep 3600"]), "web": ("nginx:1.27", None)}


@pytest.fixture(scope="module")
def v1():
    c = Cluster(version="1.32", extra=["--nodes", "1"])
    api = client.ApiClient(configuration=_config(c.kubeconfig))
    v1 = client.CoreV1Api(api)
    for name, (image, command) in PODS.items():
        container = {"name": name, "image": image, **({"command": command} if command else {})}
        v1.create_namespaced_pod("default", {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name},
                                             "spec": {"containers": [container]}})
    assert wait_for(lambda: all(v1.read_namespaced_pod(n, "default").status.phase == "Running" for n in PODS),
                    timeout=20)
    yield v1
    api.close()
    c.stop()


def _config(path):
    cfg = client.Configuration()
    config.load_kube_config(config_file=path, client_configuration=cfg)
    return cfg


def exec_(v1, command, protocol=None, **kw):
    extra = {"_headers": {"sec-websocket-protocol": protocol}} if protocol else {}
    return stream(v1.connect_get_namespaced_pod_exec, "bb", "default", command=command, stderr=True,
                  stdout=True, **{"stdin": False, "tty": False, **kw}, **extra)


def test_exec_output(v1):
    assert exec_(v1, ["sh", "-c", "cat /tmp/greeting; echo oops >&2"]) == "hi\noops\n"


@pytest.mark.parametrize("protocol", [None, "v4.channel.k8s.io"])
def test_exec_exit_code_on_the_error_channel(v1, protocol):
    resp = exec_(v1, ["sh", "-c", "echo a; exit 7"], protocol, _preload_content=False)
    resp.run_forever(timeout=5)
    assert resp.subprotocol == (protocol or "v5.channel.k8s.io")
    assert resp.returncode == 7 and resp.read_all() == "a\n"


def test_exec_with_stdin_and_the_v5_close_signal(v1):
    resp = exec_(v1, ["sh"], stdin=True, _preload_content=False)
    resp.write_stdin("echo $HOSTNAME\n")
    assert resp.readline_stdout(timeout=5) == "bb"
    resp.write_stdin("exit 2\n")
    resp.run_forever(timeout=5)
    assert resp.returncode == 2
    resp = exec_(v1, ["cat"], stdin=True, _preload_content=False)
    resp.write_stdin("to cat\n")
    resp.close_channel(0)                                     # v5: the end of stdin
    resp.run_forever(timeout=5)
    assert resp.read_stdout() == "to cat\n" and resp.returncode == 0


def test_port_forward_an_http_get(v1):
    pf = portforward(v1.connect_get_namespaced_pod_portforward, "web", "default", ports="80")
    sock = pf.socket(80)
    sock.setblocking(True)
    sock.sendall(b"GET / HTTP/1.1\r\nHost: web\r\nConnection: close\r\n\r\n")
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    assert head.startswith(b"HTTP/1.1 200 OK\r\nServer: nginx/1.27.3\r\n") and b"Connection: close" in head
    assert len(body) == 615 and b"<h1>Welcome to nginx!</h1>" in body
    assert pf.error(80) is None
    pf.close()


def test_port_forward_to_a_closed_port_reports_the_error(v1):
    pf = portforward(v1.connect_get_namespaced_pod_portforward, "web", "default", ports="81")
    sock = pf.socket(81)
    sock.setblocking(True)
    assert sock.recv(10) == b""
    assert pf.error(81).startswith("error forwarding port 81 to pod ")
    assert "dial tcp4 127.0.0.1:81: connect: connection refused" in pf.error(81)
