"""The kubelet server's answers to exec, attach, portforward and followed logs, in-process: what is
refused before an upgrade and with which words, and what an upgrade will serve."""

import pytest

from k8slab.apiserver.request import Request
from k8slab.apiserver.streaming import chunked, remotecommand, upgrade

from .builders import cluster, make_pod

POD = "/api/v1/namespaces/default/pods/{}/{}"
WS = {"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Protocol": "v5.channel.k8s.io"}
SPDY = {"Connection": "Upgrade", "Upgrade": "SPDY/3.1", "X-Stream-Protocol-Version": "v4.channel.k8s.io"}


@pytest.fixture(scope="module")
def c():
    c = cluster()
    make_pod("bb", "busybox:1.36").cmd("sleep", "3600").create(c)
    make_pod("web", "nginx:1.27").create(c)
    make_pod("bad", "busybox:no-such-tag").create(c)
    c.advance(5)
    return c


def call(c, pod, sub, query="", headers=None):
    req = Request.from_url("GET" if sub == "log" else "POST", POD.format(pod, sub) + "?" + query,
                           headers=headers or {}, in_process=True)
    req.raw_query = query                                       # as HTTPServer keeps it
    return c.api.handle(req)


def test_attach_and_portforward_need_an_upgrade(c):
    for sub in ("attach", "portforward"):
        r = call(c, "bb", sub, "stdout=true")
        assert (r.status, r.body["reason"], r.body["message"]) == (400, "BadRequest", "Upgrade request required")


def test_an_upgrade_is_served_or_refused_as_the_kubelet_would(c):
    r = call(c, "bb", "exec", "command=sh&command=-c&command=ls&stdin=true&stdout=true&tty=true", WS)
    up = r.stream
    assert isinstance(up, upgrade.Upgrade) and up.refused is None
    assert (up.options.command, up.options.stdin, up.options.tty, up.options.stderr) == (["sh", "-c", "ls"],
                                                                                         True, True, False)
    assert call(c, "bad", "exec", "command=ls&stdout=true", SPDY).stream.refused == \
        (500, 'container not found ("bad")')
    assert call(c, "bb", "attach", "", WS).stream.refused == (400, "you must specify at least 1 of stdin, stdout, "
                                                                    "stderr")
    r = call(c, "bb", "exec", "stdout=true", WS)
    assert (r.status, r.body["message"]) == (400, "you must specify at least 1 command")
    r = call(c, "bb", "exec", "command=ls&stdout=true&container=nope", WS)
    assert (r.status, r.body["message"]) == (400, "container nope is not valid for pod bb")


def test_an_exec_that_cannot_start_reports_an_internal_error(c):
    up = call(c, "bb", "exec", "command=ps&stdout=true", WS).stream
    with pytest.raises(remotecommand.StartError) as e:
        up.start()
    assert e.value.status["reason"] == "InternalError"
    assert e.value.status["message"].startswith("Internal error occurred: error executing command in container: "
                                                "failed to exec in container: failed to start exec")


def test_portforward_ports_and_refusals(c):
    ws = {**WS, "Sec-WebSocket-Protocol": "v4.channel.k8s.io"}
    up = call(c, "web", "portforward", "ports=80,8080", ws).stream
    assert up.ports == [80, 8080] and up.refused is None
    assert call(c, "web", "portforward", "", ws).stream.refused == (400, 'query parameter "port" is required')
    tunnel = {**WS, "Sec-WebSocket-Protocol": "SPDY/3.1+portforward.k8s.io"}
    assert call(c, "web", "portforward", "", tunnel).stream.refused is None      # kubectl sends no ports
    conn = up.connect(80)
    got = []
    conn.connect(got.append, lambda: None)
    conn.send(b"HEAD / HTTP/1.0\r\n\r\n")
    assert got[0].startswith(b"HTTP/1.1 200 OK\r\n")


def test_a_followed_log_is_a_chunked_stream(c):
    r = call(c, "web", "log", "follow=true&tailLines=1")
    assert r.status == 200 and isinstance(r.stream, chunked.ChunkedText)
    source = r.stream.source
    assert source.take() == c.kubelet("node1").logs("default", "web", "web", tail_lines=1) and not source.done
    ready = []
    source.on_ready = lambda: ready.append(1)
    conn = call(c, "web", "portforward", "ports=80", {**WS, "Sec-WebSocket-Protocol": ""}).stream.connect(80)
    conn.send(b"HEAD /new HTTP/1.0\r\n\r\n")                                    # nginx logs a line
    assert ready == [1] and source.take().endswith('"HEAD /new HTTP/1.0" 404 153 "-" "-" "-"\n')
    source.close()
    r = call(c, "web", "log", "follow=true&previous=true")                           # previous never follows
    assert r.status == 400 and r.body["message"] == 'previous terminated container "web" in pod "web" not found'


def test_a_stopped_kubelet_cannot_be_reached(c):
    k = c.kubelet("node1")
    k.stop()
    try:
        r = call(c, "bb", "exec", "command=ls&stdout=true", SPDY)
        assert (r.status, r.body["message"]) == (500, 'Get "https://172.18.0.2:10250/exec/default/bb/bb": dial tcp '
                                                      "172.18.0.2:10250: connect: connection refused")
        r = call(c, "web", "portforward", "", SPDY)
        assert r.body["message"].startswith('Get "https://172.18.0.2:10250/portForward/default/web": ')
    finally:
        k.start_again()
