"""The HTTP(S) transport: TLS from kubeconfig settings, auth headers, chunked watches, refusals."""

import datetime
import io
import json
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from k8slab.kubectl.cli import run


def _pki(tmp_path):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    now = datetime.datetime.now(datetime.timezone.utc)

    def make(cn, issuer=None, issuer_key=None, ca=False, san=None, org=None):
        key = ec.generate_private_key(ec.SECP256R1())
        attrs = [x509.NameAttribute(NameOID.COMMON_NAME, cn)]
        if org:
            attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, org))
        name = x509.Name(attrs)
        b = (x509.CertificateBuilder().subject_name(name).issuer_name(issuer or name).public_key(key.public_key())
             .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
             .not_valid_after(now + datetime.timedelta(days=1))
             .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
        if san:
            b = b.add_extension(x509.SubjectAlternativeName([x509.IPAddress(__import__("ipaddress").ip_address(san))]),
                                critical=False)
        cert = b.sign(issuer_key or key, hashes.SHA256())
        return cert, key

    ca, ca_key = make("k8slab-ca", ca=True)
    server, server_key = make("apiserver", ca.subject, ca_key, san="127.0.0.1")
    client, client_key = make("alice", ca.subject, ca_key, org="devs")
    paths = {}
    for name, obj in (("ca.crt", ca), ("server.crt", server), ("client.crt", client)):
        paths[name] = tmp_path / name
        paths[name].write_bytes(obj.public_bytes(serialization.Encoding.PEM))
    for name, key in (("server.key", server_key), ("client.key", client_key)):
        paths[name] = tmp_path / name
        paths[name].write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                  serialization.NoEncryption()))
    return {k: str(v) for k, v in paths.items()}


class Recorder(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen: list = []

    def do_GET(self):
        peer = self.connection.getpeercert() if isinstance(self.connection, ssl.SSLSocket) else None
        cn = dict(x[0] for x in peer["subject"]).get("commonName") if peer else None
        Recorder.seen.append({"path": self.path, "headers": dict(self.headers), "cn": cn,
                              "groups": self.headers.get_all("Impersonate-Group")})
        if "watch=true" in self.path:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for i in range(3):
                line = json.dumps({"type": "ADDED", "object": {"metadata": {"name": f"n{i}"}}}) + "\n"
                data = line.encode()
                # split one event across two chunks: the reader must join them
                for part in (data[:7], data[7:]):
                    self.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
            return
        body = json.dumps({"major": "1", "minor": "32", "gitVersion": "v1.32.0-test"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Warning", '299 - "watch out"')
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *a):
        pass


@pytest.fixture
def https(tmp_path):
    pki = _pki(tmp_path)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(pki["server.crt"], pki["server.key"])
    ctx.load_verify_locations(pki["ca.crt"])
    ctx.verify_mode = ssl.CERT_OPTIONAL
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Recorder.seen = []
    yield f"https://127.0.0.1:{server.server_address[1]}", pki
    server.shutdown()


def kubectl(*argv):
    out, err = io.StringIO(), io.StringIO()
    rc = run(list(argv), out=out, err=err, env={"KUBECONFIG": "/nonexistent", "HOME": "/nonexistent"})
    return rc, out.getvalue(), err.getvalue()


def test_ca_client_certificate_token_and_impersonation(https):
    url, pki = https
    rc, out, err = kubectl("-s", url, "--certificate-authority", pki["ca.crt"], "--client-certificate",
                           pki["client.crt"], "--client-key", pki["client.key"], "--token", "t0k",
                           "--as", "bob", "--as-group", "g1", "--as-group", "g2", "get", "--raw", "/version")
    assert rc == 0, err
    assert json.loads(out)["gitVersion"] == "v1.32.0-test" and err == "Warning: watch out\n"
    seen = Recorder.seen[-1]
    assert seen["cn"] == "alice" and seen["headers"]["Authorization"] == "Bearer t0k"
    assert seen["headers"]["Impersonate-User"] == "bob"
    assert seen["headers"]["User-Agent"].startswith("kubectl/v1.32.4")


def test_unknown_ca_fails_and_insecure_skips_verification(https):
    url, pki = https
    rc, _, err = kubectl("-s", url, "get", "--raw", "/version")
    assert (rc, err) == (1, "Unable to connect to the server: tls: failed to verify certificate: "
                            "x509: certificate signed by unknown authority\n")
    rc, out, _ = kubectl("-s", url, "--insecure-skip-tls-verify", "get", "--raw", "/version")
    assert rc == 0 and "v1.32.0-test" in out


def test_chunked_watch_events_are_joined(https):
    url, pki = https
    from k8slab.kubectl.clientconfig import ClientConfig
    from k8slab.kubectl.transport import HTTPTransport
    cc = ClientConfig()
    cc.server, cc.certificate_authority = url, pki["ca.crt"]
    t = HTTPTransport(cc)
    events = list(t.watch("/api/v1/namespaces?watch=true", {"Accept": "application/json"}))
    assert [e["object"]["metadata"]["name"] for e in events] == ["n0", "n1", "n2"]


def test_connection_refused_is_kubectls_message():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    rc, out, err = kubectl("-s", f"http://localhost:{port}", "get", "pods")
    assert rc == 1 and out == ""
    lines = err.splitlines()
    assert len(lines) == 6 and all("memcache.go:265" in l and "connection refused" in l for l in lines[:5])
    assert lines[5] == (f"The connection to the server localhost:{port} was refused - did you specify the "
                        "right host or port?")
