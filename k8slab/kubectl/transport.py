"""Moving kubectl's requests: over HTTP(S) with the standard library, or straight into an APIServer.

Follows client-go's `transport/` (TLS from the kubeconfig's CA, client certificate and key,
insecure-skip-tls-verify, tls-server-name; bearer token and basic auth; `Impersonate-User`,
`Impersonate-Group`, `Impersonate-Uid` headers) and the shape of `http.RoundTripper`.

Two transports with one interface, `request(method, path, headers, body) -> Reply` and
`watch(path, headers) -> iterator of event dicts`:

- `HTTPTransport` speaks HTTP/1.1 on one keep-alive connection (http.client and ssl only:
  kubectl is a short-lived process and must start fast, so nothing heavier is imported).
- `InProcessTransport` builds a `k8slab.apiserver.request.Request` and calls
  `APIServer.handle()`; the decoded body is handed over as is (never encoded to JSON and back),
  so commands must treat `Reply.data` as read-only.

Differences from upstream: no HTTP/2, no proxy support, no exec credential plugins; a watch
in-process yields the events that are ready and ends (nothing else runs while it would wait).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import ConnectionFailed


@dataclass
class Reply:
    """One response: status, headers, and the body as bytes (HTTP) or already decoded (in-process)."""

    status: int
    reason: str = ""
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes | None = None
    data: object = None
    content_type: str = ""

    def json(self):
        """The decoded JSON body (None if there is none or it is not JSON)."""
        if self.data is None and self.body:
            import orjson
            try:
                self.data = orjson.loads(self.body)
            except orjson.JSONDecodeError:
                return None
        return self.data

    def raw(self) -> bytes:
        """The body as bytes (encoded on demand in-process, for -v=8 logs and text bodies)."""
        if self.body is None:
            if isinstance(self.data, (dict, list)):
                import orjson
                self.body = orjson.dumps(self.data)
            elif isinstance(self.data, str):
                self.body = self.data.encode()
            else:
                self.body = b""
        return self.body


class HTTPTransport:
    """HTTP/1.1 to one server, TLS configured from a kubeconfig.ClientConfig."""

    def __init__(self, cc, timeout: float | None = None):
        from urllib.parse import urlsplit
        self.cc = cc
        u = urlsplit(cc.server)
        self.scheme = u.scheme or "http"
        self.netloc = u.netloc
        self.hostname = u.hostname or "localhost"
        self.port = u.port or (443 if self.scheme == "https" else 80)
        self.base_path = u.path.rstrip("/")
        self.timeout = timeout
        self._conn = None

    def url(self, path: str) -> str:
        return f"{self.scheme}://{self.netloc}{self.base_path}{path}"

    def _connect(self):
        import http.client
        if self.scheme == "https":
            return http.client.HTTPSConnection(self.hostname, self.port, timeout=self.timeout,
                                               context=self._ssl_context())
        return http.client.HTTPConnection(self.hostname, self.port, timeout=self.timeout)

    def _ssl_context(self):
        import ssl
        import tempfile
        cc = self.cc
        ctx = ssl.create_default_context()
        if cc.insecure:
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
        elif cc.certificate_authority or cc.certificate_authority_data:
            ctx = ssl.create_default_context(cafile=cc.certificate_authority or None,
                                             cadata=cc.certificate_authority_data.decode() or None)
        if cc.client_certificate or cc.client_certificate_data:
            if cc.client_certificate_data:        # ssl loads certificates from files only
                with tempfile.NamedTemporaryFile("wb", suffix=".pem", delete=False) as f:
                    f.write(cc.client_certificate_data + b"\n" + cc.client_key_data)
                try:
                    ctx.load_cert_chain(f.name)
                finally:
                    import os
                    os.unlink(f.name)
            else:
                ctx.load_cert_chain(cc.client_certificate, cc.client_key or None)
        return ctx

    def _send(self, method: str, path: str, headers: dict, body: bytes | None):
        """The http.client response; one retry on a keep-alive connection the server closed."""
        import http.client
        for attempt in (0, 1):
            if self._conn is None:
                self._conn = self._connect()
            try:
                self._conn.request(method, self.base_path + path, body=body, headers=headers)
                return self._conn.getresponse()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as e:
                self.close()
                if attempt:
                    raise self._failure(method, path, e) from None
            except OSError as e:
                self.close()
                raise self._failure(method, path, e) from None

    def request(self, method: str, path: str, headers: dict, body: bytes | None = None) -> Reply:
        resp = self._send(method, path, headers, body)
        data = resp.read()
        return Reply(resp.status, resp.reason, resp.getheaders(), data,
                     content_type=resp.getheader("Content-Type", ""))

    def watch(self, path: str, headers: dict):
        """Yield the events of a watch stream until the server ends it."""
        import orjson
        resp = self._send("GET", path, headers, None)
        if resp.status >= 400:
            yield Reply(resp.status, resp.reason, resp.getheaders(), resp.read(),
                        content_type=resp.getheader("Content-Type", ""))
            return
        try:
            while True:
                line = resp.readline()
                if not line:
                    return
                if line.strip():
                    yield orjson.loads(line)
        finally:
            self.close()

    def _failure(self, method: str, path: str, e: OSError) -> ConnectionFailed:
        import socket
        url = self.url(path)
        host = self.netloc
        try:
            ip = socket.gethostbyname(self.hostname)
        except OSError:
            return ConnectionFailed(method, url, host, f"dial tcp: lookup {self.hostname}: no such host")
        addr = f"{ip}:{self.port}"
        if isinstance(e, ConnectionRefusedError):
            return ConnectionFailed(method, url, host, f"dial tcp {addr}: connect: connection refused",
                                    refused=True)
        if isinstance(e, TimeoutError):
            return ConnectionFailed(method, url, host, f"dial tcp {addr}: i/o timeout")
        return ConnectionFailed(method, url, host, f"dial tcp {addr}: {e.strerror or e}")

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


class InProcessTransport:
    """Requests handed to an APIServer in this process; bodies stay Python objects."""

    def __init__(self, api, server_url: str = "http://localhost:8080"):
        self.api = api
        self.server_url = server_url

    def url(self, path: str) -> str:
        return self.server_url + path

    def _request(self, method: str, path: str, headers: dict, body: bytes | None):
        from ..apiserver.request import Request
        req = Request.from_url(method, path, body=body or b"",
                               content_type=headers.get("Content-Type", ""),
                               accept=headers.get("Accept", ""), headers=headers, in_process=True)
        return self.api.handle(req)

    def request(self, method: str, path: str, headers: dict, body: bytes | None = None) -> Reply:
        resp = self._request(method, path, headers, body)
        reply = Reply(resp.status, _phrase(resp.status),
                      [("Content-Type", resp.content_type), *resp.headers.items()],
                      content_type=resp.content_type)
        if isinstance(resp.body, bytes):
            reply.body = resp.body
        elif isinstance(resp.body, str) and not resp.content_type.startswith("application/json"):
            reply.body = resp.body.encode()
        else:
            reply.data = resp.body
        return reply

    def watch(self, path: str, headers: dict):
        """The events ready now (initial ADDED events and whatever happened since), then the end."""
        resp = self._request("GET", path, headers, None)
        if resp.stream is None:
            yield Reply(resp.status, _phrase(resp.status), [("Content-Type", resp.content_type)],
                        data=resp.body, content_type=resp.content_type)
            return
        stream = resp.stream
        try:
            for event in stream.events():
                yield self.api.watch_event_json(stream, event)
        finally:
            stream.close()

    def close(self) -> None:
        pass


def _phrase(code: int) -> str:
    from http import HTTPStatus
    try:
        return HTTPStatus(code).phrase
    except ValueError:
        return ""
