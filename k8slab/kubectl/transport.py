"""Moving kubectl's requests: over HTTP(S) with the standard library, or straight into an APIServer.

Follows client-go's `transport/` (TLS from the kubeconfig's CA, client certificate and key,
insecure-skip-tls-verify, tls-server-name; bearer token and basic auth; `Impersonate-User`,
`Impersonate-Group`, `Impersonate-Uid` headers) and the shape of `http.RoundTripper`.

Two transports with one interface, `request(method, path, headers, body) -> Reply` and
`watch(path, headers) -> iterator of event dicts`:

- `HTTPTransport` speaks HTTP/1.1 on one keep-alive socket (socket, and ssl only for https:
  kubectl is a short-lived process and must start fast; http.client alone costs 30 ms to import).
- `InProcessTransport` builds a `k8slab.apiserver.request.Request` and calls
  `APIServer.handle()`; the decoded body is handed over as is (never encoded to JSON and back),
  so commands must treat `Reply.data` as read-only. The kubeconfig's client certificate goes
  along as the request's peer certificate (`client_certificate_pem`).

Differences from upstream: no HTTP/2, no proxy support, no exec credential plugins; a watch
in-process yields the events that are ready and ends (nothing else runs while it would wait);
in-process, the client key is not used (no handshake proves that the client holds it).
"""

from __future__ import annotations

from .errors import ConnectionFailed


class Reply:
    """One response: status, headers, and the body as bytes (HTTP) or already decoded (in-process)."""

    __slots__ = ("status", "reason", "headers", "body", "data", "content_type")

    def __init__(self, status: int, reason: str = "", headers=None, body: bytes | None = None, data=None,
                 content_type: str = ""):
        self.status, self.reason, self.headers = status, reason, headers if headers is not None else []
        self.body, self.data, self.content_type = body, data, content_type

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
    """HTTP/1.1 on one keep-alive connection (a plain socket; TLS from the kubeconfig)."""

    def __init__(self, cc, timeout: float | None = None):
        self.cc = cc
        scheme, _, rest = cc.server.partition("://")
        netloc, slash, path = rest.partition("/")
        self.scheme = scheme or "http"
        self.netloc = netloc
        host, _, port = netloc.rpartition(":") if netloc.rfind(":") > netloc.rfind("]") else (netloc, "", "")
        self.hostname = (host or netloc).strip("[]") or "localhost"
        self.port = int(port) if port.isdigit() else (443 if self.scheme == "https" else 80)
        self.base_path = ("/" + path).rstrip("/") if slash else ""
        self.timeout = timeout
        self._sock = None
        self._file = None

    def url(self, path: str) -> str:
        return f"{self.scheme}://{self.netloc}{self.base_path}{path}"

    def _connect(self) -> None:
        import socket
        sock = socket.create_connection((self.hostname, self.port), timeout=self.timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if self.scheme == "https":
            sock = self._ssl_context().wrap_socket(sock, server_hostname=self.cc.tls_server_name or self.hostname)
        self._sock = sock
        self._file = sock.makefile("rb")

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
        """(status, reason, headers) after sending; one retry on a connection the server closed."""
        lines = [f"{method} {self.base_path}{path} HTTP/1.1", f"Host: {self.netloc}"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        if body is not None or method in ("POST", "PUT", "PATCH"):
            lines.append(f"Content-Length: {len(body or b'')}")
        data = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + (body or b"")
        for attempt in (0, 1):
            fresh = self._sock is None
            try:
                if fresh:
                    self._connect()
                self._sock.sendall(data)
                status_line = self._file.readline()
                if not status_line:
                    raise ConnectionResetError("server closed the connection")
                return self._head(status_line)
            except (ConnectionResetError, BrokenPipeError) as e:
                self.close()
                if attempt or fresh:
                    raise self._failure(method, path, e) from None
            except OSError as e:
                self.close()
                raise self._failure(method, path, e) from None

    def _head(self, status_line: bytes):
        parts = status_line.decode("latin-1").rstrip("\r\n").split(" ", 2)
        status = int(parts[1])
        reason = parts[2] if len(parts) > 2 else ""
        headers = []
        while True:
            line = self._file.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            k, _, v = line.decode("latin-1").partition(":")
            headers.append((k.strip(), v.strip()))
        return status, reason, headers

    @staticmethod
    def _header(headers: list, name: str) -> str:
        name = name.lower()
        return next((v for k, v in headers if k.lower() == name), "")

    def _body(self, headers: list) -> bytes:
        if self._header(headers, "Transfer-Encoding").lower() == "chunked":
            out = []
            while True:
                size = int(self._file.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self._file.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(out)
                out.append(self._file.read(size))
                self._file.readline()
        length = self._header(headers, "Content-Length")
        if length:
            return self._file.read(int(length))
        data = self._file.read()                   # until the server closes
        self.close()
        return data

    def request(self, method: str, path: str, headers: dict, body: bytes | None = None) -> Reply:
        status, reason, resp_headers = self._send(method, path, headers, body)
        data = self._body(resp_headers) if method != "HEAD" and status not in (204, 304) else b""
        if self._header(resp_headers, "Connection").lower() == "close":
            self.close()
        return Reply(status, reason, resp_headers, data, content_type=self._header(resp_headers, "Content-Type"))

    def watch(self, path: str, headers: dict):
        """Yield the events of a watch stream until the server ends it."""
        import orjson
        status, reason, resp_headers = self._send("GET", path, headers, None)
        if status >= 400:
            yield Reply(status, reason, resp_headers, self._body(resp_headers),
                        content_type=self._header(resp_headers, "Content-Type"))
            return
        try:
            for line in self._lines(resp_headers):
                if line.strip():
                    yield orjson.loads(line)
        finally:
            self.close()

    def _lines(self, headers: list):
        """The stream's lines, decoding chunked transfer encoding as the chunks arrive."""
        if self._header(headers, "Transfer-Encoding").lower() != "chunked":
            yield from iter(self._file.readline, b"")
            return
        pending = b""
        while True:
            size_line = self._file.readline()
            if not size_line:
                return
            size = int(size_line.split(b";")[0].strip() or b"0", 16)
            if size == 0:
                if pending:
                    yield pending
                return
            pending += self._file.read(size)
            self._file.readline()
            *complete, pending = pending.split(b"\n")
            yield from complete

    def _failure(self, method: str, path: str, e: OSError) -> ConnectionFailed:
        import socket
        url = self.url(path)
        host = self.netloc
        verify = getattr(e, "verify_message", None)     # ssl.SSLCertVerificationError
        if verify is not None:
            if "mismatch" in verify.lower():
                why = f"x509: certificate is not valid for {self.hostname}"
            elif "expired" in verify.lower():
                why = "x509: certificate has expired or is not yet valid"
            else:
                why = "x509: certificate signed by unknown authority"
            return ConnectionFailed(method, url, host, f"tls: failed to verify certificate: {why}")
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
        if self._sock is not None:
            try:
                self._file.close()
                self._sock.close()
            except OSError:
                pass
            self._sock = self._file = None


class InProcessTransport:
    """Requests handed to an APIServer in this process; bodies stay Python objects. A client
    certificate from the kubeconfig is presented as the TLS handshake would present it
    (`peer_certificates`), for the server's x509 authenticator to check."""

    def __init__(self, api, server_url: str = "http://localhost:8080", peer_certificates=()):
        self.api = api
        self.server_url = server_url
        self.peer_certificates = list(peer_certificates)

    def url(self, path: str) -> str:
        return self.server_url + path

    def _request(self, method: str, path: str, headers: dict, body: bytes | None):
        from ..apiserver.request import Request
        req = Request.from_url(method, path, body=body or b"",
                               content_type=headers.get("Content-Type", ""),
                               accept=headers.get("Accept", ""), headers=headers, in_process=True,
                               peer_certificates=list(self.peer_certificates))
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


def client_certificate_pem(cc) -> bytes | None:
    """The kubeconfig's client certificate (client-certificate-data, else the client-certificate
    file), or None when there is none or the file cannot be read."""
    if cc.client_certificate_data:
        return cc.client_certificate_data
    if cc.client_certificate:
        try:
            with open(cc.client_certificate, "rb") as f:
                return f.read()
        except OSError:
            return None
    return None


def _phrase(code: int) -> str:
    from http import HTTPStatus
    try:
        return HTTPStatus(code).phrase
    except ValueError:
        return ""
