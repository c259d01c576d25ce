"""The client's HTTP(S) transport: the same `request()` as InProcessTransport, over a connection
to a real API server (what kubeadm, a joining node or a test uses against `k8slab up`).

Follows client-go's `rest.Config` TLS and auth fields (`transport/transport.go`: CAData as the
only root of trust, or Insecure; CertData/KeyData as the client certificate; BearerToken as
`Authorization: Bearer`).

    t = HTTPTransport("https://127.0.0.1:6443", ca_pem=ca, cert_pem=crt, key_pem=key)
    APIClient(t).raw("GET", "/api/v1/namespaces")    # Response(status, body)

Differences from upstream: one request per connection (no keep-alive pool), no watch, no
HTTP/2, no proxies.
"""

from __future__ import annotations

import http.client
import os
import ssl
import tempfile
from urllib.parse import urlencode, urlsplit

import orjson

from ..apiserver.request import Response


class HTTPTransport:
    def __init__(self, server: str, *, ca_pem: bytes | None = None, cert_pem: bytes | None = None,
                 key_pem: bytes | None = None, token: str = "", insecure: bool = False,
                 timeout: float = 10.0, user_agent: str = "k8slab"):
        self.server = server.rstrip("/")
        parts = urlsplit(self.server)
        self.scheme, self.host, self.port = parts.scheme, parts.hostname, parts.port
        self.ca_pem, self.cert_pem, self.key_pem = ca_pem, cert_pem, key_pem
        self.token, self.insecure, self.timeout = token, insecure, timeout
        self.user_agent = user_agent
        self._ctx = None

    def ssl_context(self) -> ssl.SSLContext:
        if self._ctx is not None:
            return self._ctx
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        if self.insecure:
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
        elif self.ca_pem:
            ctx.load_verify_locations(cadata=self.ca_pem.decode())
        else:
            ctx.load_default_certs()
        if self.cert_pem and self.key_pem:
            fd, path = tempfile.mkstemp(suffix=".pem")          # ssl loads key pairs from files only
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(self.cert_pem + b"\n" + self.key_pem)
                ctx.load_cert_chain(path)
            finally:
                os.unlink(path)
        self._ctx = ctx
        return ctx

    def request(self, method: str, path: str, query: dict | None = None, body=None,
                content_type: str = "application/json", accept: str = "application/json") -> Response:
        data = body if isinstance(body, bytes) else (orjson.dumps(body) if body is not None else None)
        url = path + ("?" + urlencode(query) if query else "")
        headers = {"Accept": accept, "User-Agent": self.user_agent}
        if data is not None:
            headers["Content-Type"] = content_type
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if self.scheme == "https":
            conn = http.client.HTTPSConnection(self.host, self.port or 443, timeout=self.timeout,
                                               context=self.ssl_context())
        else:
            conn = http.client.HTTPConnection(self.host, self.port or 80, timeout=self.timeout)
        try:
            conn.request(method, url, body=data, headers=headers)
            r = conn.getresponse()
            raw = r.read()
            ctype = r.getheader("Content-Type", "")
        finally:
            conn.close()
        decoded = raw
        if ctype.startswith("application/json") and raw:
            try:
                decoded = orjson.loads(raw)
            except orjson.JSONDecodeError:
                pass
        return Response(r.status, decoded, ctype)
