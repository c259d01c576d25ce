"""kubectl proxy's server: the request filter, and forwarding to a stand-in API server (the
credentials added, a chunked body streamed through). The real API server and the real kubectl
are compared in test_differential_nodecmds."""

import http.server
import threading
import urllib.error
import urllib.request

import pytest

from k8slab.kubectl.proxyserver import (DEFAULT_ACCEPT_HOSTS, DEFAULT_ACCEPT_PATHS, DEFAULT_REJECT_METHODS,
                                        DEFAULT_REJECT_PATHS, Filter, ProxyServer, split_host)


def default_filter():
    return Filter(DEFAULT_ACCEPT_PATHS, DEFAULT_REJECT_PATHS, DEFAULT_ACCEPT_HOSTS, DEFAULT_REJECT_METHODS)


def test_filter():
    f = default_filter()
    assert f.accept("GET", "/api/v1/pods", "127.0.0.1")
    assert f.accept("GET", "/api/v1/pods", "localhost")
    # net.SplitHostPort leaves `::1` without brackets, so upstream's `^\[::1\]$` never matches it
    assert not f.accept("GET", "/api/v1/pods", "::1")
    assert not f.accept("GET", "/api/v1/pods", "evil.example")
    assert not f.accept("POST", "/api/v1/namespaces/d/pods/x/exec", "localhost")
    assert not f.accept("GET", "/api/v1/namespaces/d/pods/x/attach", "localhost")
    assert not Filter("^.*", "", "^localhost$", "POST,PUT").accept("PUT", "/api", "localhost")


def test_split_host():
    assert split_host("127.0.0.1:8001") == "127.0.0.1"
    assert split_host("[::1]:8001") == "::1"
    assert split_host("localhost") == ""


class Upstream(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen: list = []

    def log_message(self, *args):
        pass

    def do_GET(self):
        Upstream.seen.append((self.path, self.headers.get("Authorization"), self.headers.get("Accept")))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for part in (b'{"type":"ADDED"}\n', b'{"type":"DELETED"}\n'):
            self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
        self.wfile.write(b"0\r\n\r\n")


class Config:
    insecure = False
    tls_server_name = ""

    def __init__(self, server):
        self.server = server


class Client:
    def headers(self, accept, content_type=""):
        return {"Accept": accept, "User-Agent": "kubectl", "Authorization": "Bearer s3cr3t"}


class Session:
    def __init__(self, server):
        self.config, self.client = Config(server), Client()


@pytest.fixture
def servers():
    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    proxy = ProxyServer(Session(f"http://127.0.0.1:{upstream.server_address[1]}"), "/k8s/", default_filter())
    where = proxy.listen("127.0.0.1", 0)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    yield where
    proxy.shutdown()
    upstream.shutdown()


def get(url, headers=None):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=5) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def test_forwards_under_the_prefix_with_credentials(servers):
    Upstream.seen = []
    status, body = get(f"http://{servers}/k8s/api/v1/pods?watch=1", {"Accept": "application/json"})
    assert (status, body) == (200, b'{"type":"ADDED"}\n{"type":"DELETED"}\n')
    assert Upstream.seen == [("/api/v1/pods?watch=1", "Bearer s3cr3t", "application/json")]


def test_outside_the_prefix_and_filtered(servers):
    assert get(f"http://{servers}/other") == (404, b"404 page not found\n")
    assert get(f"http://{servers}/k8s/api", {"Host": "evil.example:80"}) == (403, b"Forbidden\n")
