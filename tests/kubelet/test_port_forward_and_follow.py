"""The runtime's PortForward (nginx's in-memory HTTP server) and following a container's log."""

import re

import pytest

from k8slab.kubelet import cri
from k8slab.kubelet.runtimes.catalog import _NGINX_INDEX

from .builders import cluster, make_pod

GET = b"GET / HTTP/1.1\r\nHost: localhost:8080\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n"


@pytest.fixture(scope="module")
def c():
    c = cluster()
    make_pod("web", "nginx:1.27").create(c)
    make_pod("bb", "busybox:1.36").cmd("sleep", "3600").create(c)
    c.advance(5)
    return c


def sandbox(c, pod):
    k = c.kubelet("node1")
    uid = next(w.uid for w in k.pod_workers.workers.values() if w.pod["metadata"]["name"] == pod)
    return k.runtime.list_pod_sandbox({cri.POD_UID_LABEL: uid})[0].id


def connect(c, pod, port):
    got = []
    conn = c.kubelet("node1").runtime.port_forward(sandbox(c, pod), port)
    conn.connect(got.append, lambda: got.append("closed"))
    return conn, got


def test_nginx_answers_its_welcome_page_as_nginx_does(c):
    conn, got = connect(c, "web", 80)
    conn.send(GET[:20])
    assert got == []                                       # half a request: nginx waits
    conn.send(GET[20:])
    head, body = got[0].split(b"\r\n\r\n", 1)
    lines = head.decode().split("\r\n")
    assert lines[0] == "HTTP/1.1 200 OK"
    assert [h.split(":")[0] for h in lines[1:]] == ["Server", "Date", "Content-Type", "Content-Length",
                                                    "Last-Modified", "Connection", "ETag", "Accept-Ranges"]
    assert "Server: nginx/1.27.3" in lines and "Content-Length: 615" in lines and 'ETag: "6745ef54-267"' in lines
    assert re.fullmatch(r"Date: \w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT", lines[2])
    assert body.decode() == _NGINX_INDEX and "<title>Welcome to nginx!</title>" in _NGINX_INDEX
    conn.send(b"HEAD /nope HTTP/1.1\r\nHost: x\r\n\r\n")   # keep-alive: the same connection again
    assert got[1].startswith(b"HTTP/1.1 404 Not Found\r\n") and got[1].endswith(b"Content-Length: 153\r\n"
                                                                               b"Connection: keep-alive\r\n\r\n")
    conn.send(b"GET /x HTTP/1.0\r\n\r\n")
    assert got[2].endswith(b"<hr><center>nginx/1.27.3</center>\r\n</body>\r\n</html>\r\n") and got[3] == "closed"
    log = c.kubelet("node1").logs("default", "web", "web", tail_lines=3).splitlines()
    assert re.fullmatch(r'127\.0\.0\.1 - - \[\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d \+0000\] "GET / HTTP/1\.1" 200 615 '
                        r'"-" "curl/8\.5\.0" "-"', log[0])
    assert log[1].endswith('"HEAD /nope HTTP/1.1" 404 153 "-" "-" "-"')


def test_a_client_fin_and_bad_requests_close_the_connection(c):
    conn, got = connect(c, "web", 80)
    conn.close_write()
    assert got == ["closed"]
    conn, got = connect(c, "web", 80)
    conn.send(b"nonsense\r\n\r\n")
    assert got[0].startswith(b"HTTP/1.1 400 Bad Request\r\n") and got[1] == "closed"


def test_nothing_listening_is_containerds_connection_refused(c):
    with pytest.raises(cri.CRIError) as e:
        connect(c, "bb", 80)
    sb = sandbox(c, "bb")
    assert re.fullmatch(r'failed to execute portforward in network namespace "/var/run/netns/cni-[0-9a-f-]{36}": '
                        rf'failed to connect to localhost:80 inside namespace "{sb}", IPv4: dial tcp4 '
                        r"127\.0\.0\.1:80: connect: connection refused IPv6 dial tcp6 \[::1\]:80: connect: "
                        r"connection refused ", e.value.desc)


def test_follow_yields_lines_as_the_container_writes_them_until_it_stops(c):
    make_pod("counter", "busybox:1.36").sh("echo start; sleep 1; echo one; sleep 1; echo two; exit 1") \
        .never().create(c)
    c.advance(0.5)
    follow = c.kubelet("node1").server.follow("default", "counter")
    assert follow.take() == "start\n" and not follow.done
    assert list(follow.lines()) == ["one", "two"] and follow.done
    stamped = c.kubelet("node1").server.follow("default", "counter", timestamps="true")
    assert [re.sub(r"^\S+Z ", "T ", line) for line in stamped.lines()] == ["T start", "T one", "T two"]


def test_follow_with_a_timeout_limit_and_tail(c):
    make_pod("ticker", "busybox:1.36").sh("while true; do echo tick; sleep 1; done").create(c)
    c.advance(2.5)
    server = c.kubelet("node1").server
    assert list(server.follow("default", "ticker", tailLines=1).lines(timeout=2)) == ["tick", "tick", "tick"]
    limited = server.follow("default", "ticker", limitBytes=12)          # bytes, not lines
    assert list(limited.lines(timeout=10)) == ["tick", "tick", "ti"] and limited.done


def test_redis_speaks_resp_on_the_keys_redis_cli_sees(c):
    make_pod("redis", "redis:7").create(c)
    c.advance(3)
    conn, got = connect(c, "redis", 6379)
    conn.send(b"*3\r\n$3\r\nSET\r\n$4\r\nname\r\n$10\r\nkubernetes\r\n*2\r\n$3\r\nGET\r\n$4\r\nname\r\n")
    conn.send(b"*2\r\n$3\r\nGET\r\n$4\r\nnope\r\n*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nINCR\r\n$4\r\nname\r\n")
    conn.send(b"*2\r\n$4\r\nKEYS\r\n$1\r\n*\r\nDBSIZE\r\n*1\r\n$3\r\nGE")             # an inline command, half a one
    assert b"".join(got) == (b"+OK\r\n$10\r\nkubernetes\r\n$-1\r\n+PONG\r\n"
                             b"-ERR value is not an integer or out of range\r\n*1\r\n$4\r\nname\r\n:1\r\n")
    conn.send(b"T\r\nQUIT\r\n")
    assert got[-2:] == [b"-ERR wrong number of arguments for 'get' command\r\n+OK\r\n", "closed"]
    out, code = c.kubelet("node1").exec("default", "redis", "redis", ["redis-cli", "get", "name"])
    assert (out, code) == ("kubernetes\n", 0)
