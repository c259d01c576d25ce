"""port-forward's client side: port and address parsing, and a local connection carried over a
stand-in WebSocket (the real server is driven in test_differential_nodecmds)."""

import io
import queue
import socket

import pytest

from k8slab.kubectl import portforward
from k8slab.kubectl.klog import Klog
from k8slab.kubectl.mutation import Failure


def test_parse_ports():
    assert [(p.local, p.remote) for p in portforward.parse_ports(["8080:80", ":80", "5000"])] == [
        (8080, 80), (0, 80), (5000, 5000)]


@pytest.mark.parametrize("text,message", [
    ("a:b:c", "invalid port format 'a:b:c'"),
    ("70000", "error parsing local port '70000': strconv.ParseUint: parsing \"70000\": value out of range"),
    ("80:x", "error parsing remote port 'x': strconv.ParseUint: parsing \"x\": invalid syntax"),
    (":0", "remote port must be > 0"),
])
def test_parse_port_errors(text, message):
    with pytest.raises(Failure) as e:
        portforward.parse_ports([text])
    assert e.value.message == message


def test_parse_addresses():
    assert [a for a, _, _ in portforward.parse_addresses(["localhost"])] == ["127.0.0.1", "::1"]
    assert [(a, mode) for a, _, mode in portforward.parse_addresses(["::1", "127.0.0.1", "localhost"])] == [
        ("127.0.0.1", "any"), ("::1", "any")]
    with pytest.raises(Failure, match="^bad is not a valid IP$"):
        portforward.parse_addresses(["bad"])


class FakeWebSocket:
    """The server side of websocket.go: the port on both channels first, then the data."""

    def __init__(self, port, replies, error=b""):
        self.incoming = queue.Queue()
        for channel in (0, 1):
            self.incoming.put((2, bytes([channel]) + port.to_bytes(2, "little")))
        for data in replies:
            self.incoming.put((2, b"\x00" + data))
        if error:
            self.incoming.put((2, b"\x01" + error))
        self.incoming.put(None)
        self.sent = []

    def recv(self):
        return self.incoming.get(timeout=5)

    def send(self, payload, opcode=2):
        self.sent.append(payload)

    def close(self):
        pass


class Session:
    def __init__(self, err):
        self.log = Klog(err, 0)


def run_one_connection(monkeypatch, ws):
    out, err = io.StringIO(), io.StringIO()
    asked = []
    monkeypatch.setattr(portforward, "handshake", lambda s, path, q: asked.append((path, q)) or ws)
    fwd = portforward.PortForwarder(Session(err), "/api/v1/namespaces/default/pods/x/portforward",
                                    ["127.0.0.1"], [":80"], out, err)
    fwd.forward()
    port = fwd.ports[0].local
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(b"ping")
        received = b""
        while True:
            data = conn.recv(100)
            if not data:
                break
            received += data
    fwd.close()
    return fwd, port, out, err, received, asked


def test_a_connection_is_tunnelled(monkeypatch):
    ws = FakeWebSocket(80, [b"hel", b"lo"])
    fwd, port, out, err, received, asked = run_one_connection(monkeypatch, ws)
    assert received == b"hello"
    assert out.getvalue() == f"Forwarding from 127.0.0.1:{port} -> 80\nHandling connection for {port}\n"
    assert asked == [("/api/v1/namespaces/default/pods/x/portforward", {"ports": "80"})]
    assert not fwd.lost.is_set() and err.getvalue() == ""


def test_an_error_from_the_pod_loses_the_connection(monkeypatch):
    ws = FakeWebSocket(80, [], error=b"error forwarding port 80 to pod abc, uid : refused")
    fwd, port, out, err, received, _ = run_one_connection(monkeypatch, ws)
    assert fwd.lost.wait(5)
    assert received == b""
    assert err.getvalue().endswith('portforward.go:424] "Unhandled Error" err="an error occurred forwarding '
                        f'{port} -> 80: error forwarding port 80 to pod abc, uid : refused"\n')
