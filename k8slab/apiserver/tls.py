"""TLS for the secure port: the serving certificate, and client certificates requested and
checked against the client CA.

Follows `staging/src/k8s.io/apiserver/pkg/server/options/serving.go` and
`.../server/dynamiccertificates` (--tls-cert-file, --tls-private-key-file, --client-ca-file;
`tls.VerifyClientCertIfGiven`: a client may come without a certificate and is then
authenticated otherwise; TLS 1.2 at least).

Differences from upstream: Go's server asks for a certificate without checking it during the
handshake and lets the x509 authenticator answer 401 for one the CA did not sign; Python's ssl
module has no such mode, so such a certificate (another CA's, an expired one) fails the
handshake itself (`CERT_OPTIONAL` checks whatever is presented). No certificate rotation, no
SNI certificates.
"""

from __future__ import annotations

import ssl


def server_context(cert_file: str, key_file: str, client_ca_file: str | None) -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(cert_file, key_file)
    if client_ca_file:
        ctx.load_verify_locations(cafile=client_ca_file)
        ctx.verify_mode = ssl.CERT_OPTIONAL
    ctx.set_alpn_protocols(["http/1.1"])
    return ctx


def peer_certificates(request) -> list[bytes]:
    """The client certificate of an aiohttp request's TLS connection (DER), if one was sent."""
    transport = request.transport
    if transport is None:
        return []
    ssl_object = transport.get_extra_info("ssl_object")
    if ssl_object is None:
        return []
    der = ssl_object.getpeercert(binary_form=True)
    return [der] if der else []
