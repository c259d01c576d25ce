"""Client-certificate authentication: a certificate signed by the client CA names its user in
the subject's CN and the user's groups in its O attributes.

Follows `staging/src/k8s.io/apiserver/pkg/authentication/request/x509/x509.go`
(Authenticator.AuthenticateRequest: no peer certificate -> no opinion; the chain is verified
against the client CA for client auth at the current time, else the error `verifying
certificate SN=..., SKID=..., AKID=... failed: x509: ...`; CommonNameUserConversion: an empty
CN -> no opinion, else CN -> username, O -> groups and the credential id
`X509SHA256=<hex sha256 of the certificate>` in extra).

The certificate arrives on `Request.peer_certificates` (DER or PEM bytes, the client's own
first): from the TLS connection (k8slab/apiserver/http.py) or from an in-process client that
presents one. The TLS layer has already checked the chain then; checking again here costs one
signature check per new certificate (verified users are cached by certificate bytes).

Differences from upstream: one CA certificate (no bundle, no intermediates); v1.11 (book
profile) has no credential id; Python's TLS refuses a certificate that the CA did not sign
during the handshake, where Go's server accepts the connection and answers 401 (see http.py).
"""

from __future__ import annotations

import hashlib

from .user import CREDENTIAL_ID_KEY, user_info

CACHE_SIZE = 1024


class AuthenticationError(Exception):
    """An authenticator recognised the credential and rejected it (-> 401 Unauthorized)."""


class ClientCertAuthenticator:
    name = "x509"  # upstream's package name, for the Authentication record

    def __init__(self, ca_cert, clock, credential_id: bool = True):
        self.ca = ca_cert
        self.clock = clock
        self.credential_id = credential_id
        self._cache: dict[bytes, dict] = {}

    def authenticate(self, req) -> dict | None:
        certs = getattr(req, "peer_certificates", None)
        if not certs:
            return None
        raw = certs[0]
        cached = self._cache.get(raw)
        if cached is not None and cached["not_before"] <= self.clock.time() <= cached["not_after"]:
            return cached["user"]
        cert = _load(raw)
        if cert is None:
            raise AuthenticationError("x509: malformed certificate")
        self.verify(cert)
        cn = _attrs(cert.subject, "COMMON_NAME")
        if not cn:
            return None
        extra = None
        if self.credential_id:
            from cryptography.hazmat.primitives import serialization
            der = cert.public_bytes(serialization.Encoding.DER)
            extra = {CREDENTIAL_ID_KEY: ["X509SHA256=" + hashlib.sha256(der).hexdigest()]}
        user = user_info(cn[0], _attrs(cert.subject, "ORGANIZATION_NAME"), extra=extra)
        if len(self._cache) >= CACHE_SIZE:
            self._cache.pop(next(iter(self._cache)))
        self._cache[raw] = {"user": user, "not_before": cert.not_valid_before_utc.timestamp(),
                            "not_after": cert.not_valid_after_utc.timestamp()}
        return user

    def verify(self, cert) -> None:
        """x509.Certificate.Verify with the client CA as the only root, for client auth."""
        from cryptography import x509
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives.asymmetric import padding
        from cryptography.x509.oid import ExtendedKeyUsageOID
        why = ""
        if cert.issuer != self.ca.subject:
            why = "x509: certificate signed by unknown authority"
        else:
            try:
                self.ca.public_key().verify(cert.signature, cert.tbs_certificate_bytes, padding.PKCS1v15(),
                                            cert.signature_hash_algorithm)
            except (InvalidSignature, TypeError, ValueError):
                why = ("x509: certificate signed by unknown authority (possibly because of \"crypto/rsa: "
                       "verification error\" while trying to verify candidate authority certificate \"kubernetes\")")
        now = self.clock.time()
        if not why:
            start, end = cert.not_valid_before_utc.timestamp(), cert.not_valid_after_utc.timestamp()
            if now < start or now > end:
                why = (f"x509: certificate has expired or is not yet valid: current time {_rfc3339(now)} "
                       f"is {'before' if now < start else 'after'} {_rfc3339(start if now < start else end)}")
        if not why:
            try:
                eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
                if ExtendedKeyUsageOID.CLIENT_AUTH not in eku and ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE not in eku:
                    why = "x509: certificate specifies an incompatible key usage"
            except x509.ExtensionNotFound:
                pass
        if why:
            raise AuthenticationError(f"verifying certificate {_identifier(cert)} failed: {why}")


def _load(raw: bytes):
    from cryptography import x509
    try:
        if raw.lstrip().startswith(b"-----BEGIN"):
            return x509.load_pem_x509_certificate(raw)
        return x509.load_der_x509_certificate(raw)
    except ValueError:
        return None


def _attrs(name, oid_name: str) -> list[str]:
    from cryptography.x509.oid import NameOID
    return [a.value for a in name.get_attributes_for_oid(getattr(NameOID, oid_name))]


def _identifier(cert) -> str:
    """certificateIdentifier: SN=<decimal>, SKID=<AA:BB..>, AKID=<AA:BB..>."""
    from cryptography import x509

    def ext(cls, attr):
        try:
            return getattr(cert.extensions.get_extension_for_class(cls).value, attr) or b""
        except x509.ExtensionNotFound:
            return b""
    skid, akid = ext(x509.SubjectKeyIdentifier, "digest"), ext(x509.AuthorityKeyIdentifier, "key_identifier")
    return f"SN={cert.serial_number}, SKID={_hex(skid)}, AKID={_hex(akid)}"


def _hex(b: bytes) -> str:
    return ":".join(f"{x:02X}" for x in b)


def _rfc3339(t: float) -> str:
    import datetime as _dt
    return _dt.datetime.fromtimestamp(int(t), _dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
