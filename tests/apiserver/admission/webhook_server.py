"""A real HTTPS admission webhook for the tests: a CA and a serving certificate made with
`cryptography`, an aiohttp server on its own thread and event loop (the API server's admission
waits synchronously for the answer), and handlers chosen by URL path."""

from __future__ import annotations

import asyncio
import base64
import datetime
import ipaddress
import json
import ssl
import tempfile
import threading

from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def make_ca_and_cert(names=("localhost", "webhook.default.svc")):
    """(ca PEM, cert PEM, key PEM) for 127.0.0.1 and `names`."""
    now = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "webhook-ca")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(1).not_valid_before(now).not_valid_after(now + datetime.timedelta(days=3650))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    sans = [x509.DNSName(n) for n in names] + [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    cert = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "webhook")]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(2).not_valid_before(now)
            .not_valid_after(now + datetime.timedelta(days=3650))
            .add_extension(x509.SubjectAlternativeName(sans), critical=False)
            .sign(ca_key, hashes.SHA256()))
    pem = lambda c: c.public_bytes(serialization.Encoding.PEM)          # noqa: E731
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return pem(ca), pem(cert), key_pem


def allow(request: dict, **extra) -> dict:
    return {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
            "response": {"uid": request["uid"], "allowed": True, **extra}}


def deny(request: dict, message: str, code: int = 403) -> dict:
    return {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
            "response": {"uid": request["uid"], "allowed": False, "status": {"code": code, "message": message}}}


def patch(request: dict, ops: list) -> dict:
    return allow(request, patchType="JSONPatch", patch=base64.b64encode(json.dumps(ops).encode()).decode())


class WebhookServer:
    """`handlers`: path -> fn(AdmissionRequest) -> AdmissionReview dict (or a coroutine fn)."""

    def __init__(self, handlers: dict):
        self.handlers = handlers
        self.requests: list[tuple[str, dict]] = []      # (path, AdmissionReview) as received
        self.ca_pem, cert, key = make_ca_and_cert()
        self._dir = tempfile.TemporaryDirectory()
        with open(f"{self._dir.name}/tls.crt", "wb") as f:
            f.write(cert)
        with open(f"{self._dir.name}/tls.key", "wb") as f:
            f.write(key)
        self.ssl = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.ssl.load_cert_chain(f"{self._dir.name}/tls.crt", f"{self._dir.name}/tls.key")
        self.loop = asyncio.new_event_loop()
        self.port = 0
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        self._ready.wait(10)

    @property
    def ca_bundle(self) -> str:
        return base64.b64encode(self.ca_pem).decode()

    def url(self, path: str) -> str:
        return f"https://127.0.0.1:{self.port}{path}"

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        app = web.Application()
        app.router.add_post("/{tail:.*}", self._handle)
        self.runner = web.AppRunner(app, access_log=None)
        self.loop.run_until_complete(self.runner.setup())
        site = web.TCPSite(self.runner, "127.0.0.1", 0, ssl_context=self.ssl)
        self.loop.run_until_complete(site.start())
        self.port = site._server.sockets[0].getsockname()[1]
        self._ready.set()
        self.loop.run_forever()

    async def _handle(self, request: web.Request) -> web.Response:
        review = await request.json()
        self.requests.append((request.path_qs, review))
        fn = self.handlers[request.path]
        out = fn(review["request"])
        if asyncio.iscoroutine(out):
            out = await out
        return web.json_response(out)

    def stop(self) -> None:
        async def cleanup():
            await self.runner.cleanup()
        asyncio.run_coroutine_threadsafe(cleanup(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)
        self._dir.cleanup()
