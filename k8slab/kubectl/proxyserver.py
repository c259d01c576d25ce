"""The HTTP server behind `kubectl proxy`: requests under a prefix forwarded to the API server.

Follows `staging/src/k8s.io/kubectl/pkg/proxy/proxy_server.go` (FilterServer: the request's host
must match `--accept-hosts`, its path `--accept-paths` and none of `--reject-paths`, its method none
of `--reject-methods`, else `403 Forbidden`; NewServer: a mux with the API prefix (stripped,
leaving a slash) and the static prefix for `--www`; `404 page not found` elsewhere) and
`staging/src/k8s.io/apimachinery/pkg/util/proxy/upgradeaware.go` (net/http/httputil's
ReverseProxy for plain requests: hop-by-hop headers dropped, X-Forwarded-For added, the body
copied as it arrives so that watches stream; the kubeconfig's credentials added by the transport).

    server = ProxyServer(session, api_prefix="/", filter=Filter.default())
    server.listen("127.0.0.1", 8001)           # or listen_unix(path)
    server.serve_forever()

Differences from upstream: no connection upgrades (exec, attach and port-forward through the
proxy are answered `501`); `--keepalive` is not applied.
"""

from __future__ import annotations

import http.server
import os
import re
import socketserver

from .transport import HTTPTransport

HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te",
              "trailer", "transfer-encoding", "upgrade", "host", "content-length"}
DEFAULT_ACCEPT_HOSTS = r"^localhost$,^127\.0\.0\.1$,^\[::1\]$"
DEFAULT_ACCEPT_PATHS = r"^.*"
DEFAULT_REJECT_PATHS = r"^/api/.*/pods/.*/exec,^/api/.*/pods/.*/attach"
DEFAULT_REJECT_METHODS = "^$"


class Filter:
    """FilterServer's rules: comma-separated regular expressions."""

    def __init__(self, accept_paths: str, reject_paths: str, accept_hosts: str, reject_methods: str):
        self.accept_paths = _patterns(accept_paths)
        self.reject_paths = _patterns(reject_paths)
        self.accept_hosts = _patterns(accept_hosts)
        self.reject_methods = _patterns(reject_methods)

    def accept(self, method: str, path: str, host: str) -> bool:
        return (_matches(path, self.accept_paths) and not _matches(path, self.reject_paths)
                and _matches(host, self.accept_hosts) and not _matches(method, self.reject_methods))


def _patterns(text: str) -> list:
    return [re.compile(p) for p in text.split(",") if p] if text else []


def _matches(value: str, patterns: list) -> bool:
    return any(p.search(value) for p in patterns)


def split_host(host: str) -> str:
    """net.SplitHostPort's host; "" when there is no port (as Go's does on error)."""
    if host.startswith("["):
        end = host.find("]")
        return host[1:end] if end > 0 and host[end + 1:end + 2] == ":" else ""
    name, sep, _ = host.rpartition(":")
    return name if sep and ":" not in name else ""


class ProxyServer:
    def __init__(self, session, api_prefix: str = "/", filter: Filter | None = None, www: str = "",
                 www_prefix: str = "/static/"):
        self.session, self.api_prefix, self.filter = session, api_prefix, filter
        self.www, self.www_prefix = www, www_prefix
        self.server = None

    def listen(self, address: str, port: int) -> str:
        """Bind; returns the address as Go prints it (`127.0.0.1:8001`, `[::1]:8001`)."""
        import socket
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        server_class = type("Server", (http.server.ThreadingHTTPServer,), {"address_family": family})
        self.server = server_class((address, port), self._handler_class(), bind_and_activate=True)
        host, bound = self.server.server_address[:2]
        return f"[{host}]:{bound}" if ":" in host else f"{host}:{bound}"

    def listen_unix(self, path: str) -> str:
        server_class = type("Server", (socketserver.ThreadingMixIn, socketserver.UnixStreamServer),
                            {"daemon_threads": True})
        self.server = server_class(path, self._handler_class())
        return path

    def serve_forever(self) -> None:
        try:
            self.server.serve_forever()
        finally:
            self.server.server_close()

    def shutdown(self) -> None:
        self.server.shutdown()

    def _handler_class(self):
        proxy = self

        class Handler(_Handler):
            owner = proxy
        return Handler


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    owner: ProxyServer

    def log_message(self, format, *args):         # kubectl logs nothing per request at -v<3
        pass

    def _any(self):
        owner = self.owner
        path, _, query = self.path.partition("?")
        if owner.www and path.startswith(owner.www_prefix):
            return self._static(path[len(owner.www_prefix):])
        if not path.startswith(owner.api_prefix):
            return self._plain(404, "404 page not found\n")
        host = split_host(self.headers.get("Host", ""))
        if owner.filter is not None and not owner.filter.accept(self.command, path, host):
            return self._plain(403, "Forbidden\n")
        if self.headers.get("Upgrade"):
            return self._plain(501, "connection upgrades are not supported by k8slab kubectl proxy\n")
        target = "/" + path[len(owner.api_prefix):].lstrip("/")
        self._forward(target + ("?" + query if query else ""))

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _any

    def _plain(self, status: int, text: str) -> None:
        """http.Error: text/plain, nosniff."""
        body = text.encode()
        self.send_response_only(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Date", self.date_time_string())
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _static(self, rel: str) -> None:
        full = os.path.realpath(os.path.join(self.owner.www, rel))
        if not full.startswith(os.path.realpath(self.owner.www)) or not os.path.isfile(full):
            return self._plain(404, "404 page not found\n")
        with open(full, "rb") as f:
            data = f.read()
        import mimetypes
        self.send_response_only(200)
        self.send_header("Date", self.date_time_string())
        self.send_header("Content-Type", mimetypes.guess_type(full)[0] or "application/octet-stream")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _forward(self, target: str) -> None:
        session = self.owner.session
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        credentials = session.client.headers("")
        for k in ("Authorization", "Impersonate-User", "Impersonate-Uid", "Impersonate-Group"):
            if k in credentials:
                headers[k] = credentials[k]
        client_ip = self.client_address[0] if isinstance(self.client_address, tuple) else ""
        if client_ip:
            prior = headers.get("X-Forwarded-For")
            headers["X-Forwarded-For"] = f"{prior}, {client_ip}" if prior else client_ip
        transport = HTTPTransport(session.config, None)
        try:
            status, reason, resp_headers = transport._send(self.command, target, headers, body)
        except Exception as e:                      # the responder: logged, 500 with the error's text
            text = getattr(e, "reason", None) or str(e)
            session.log.error("proxy_server.go:147", f"Error while proxying request: {text}")
            return self._plain(500, text + "\n")
        try:
            self._relay(transport, status, reason, resp_headers)
        finally:
            transport.close()

    def _relay(self, transport: HTTPTransport, status: int, reason: str, resp_headers: list) -> None:
        self.send_response_only(status, reason)
        chunked = transport._header(resp_headers, "Transfer-Encoding").lower() == "chunked"
        length = transport._header(resp_headers, "Content-Length")
        for k, v in resp_headers:
            if k.lower() not in HOP_BY_HOP or k.lower() == "content-length":
                self.send_header(k, v)
        no_body = self.command == "HEAD" or status in (204, 304) or 100 <= status < 200
        if not length and not no_body:
            self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        if no_body:
            return
        f = transport._file
        if chunked:
            while True:
                size = int(f.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    break
                self._chunk(f.read(size))
                f.readline()
            self.wfile.write(b"0\r\n\r\n")
        elif length:
            left = int(length)
            while left > 0:
                data = f.read(min(left, 65536))
                if not data:
                    break
                self.wfile.write(data)
                left -= len(data)
        else:
            while True:
                data = f.read1(65536)
                if not data:
                    break
                self._chunk(data)
            self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def _chunk(self, data: bytes) -> None:
        if data:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            self.wfile.flush()
