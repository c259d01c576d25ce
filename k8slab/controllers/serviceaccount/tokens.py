"""Legacy ServiceAccount tokens: the JWT a v1.11 token Secret carries, and the keys it is signed
with.

Follows `pkg/serviceaccount/jwt.go` (JWTTokenGenerator: RS256, compact serialization) and
`pkg/serviceaccount/legacy.go` (LegacyClaims: `iss` kubernetes/serviceaccount, `sub`
system:serviceaccount:<ns>:<name>, and the four kubernetes.io/serviceaccount/* claims). The
claims are encoded with sorted keys, as Go's JSON encoder writes the map go-jose builds.

The signing key stands in for the controller-manager's `--service-account-private-key-file`
(ch14): `service_account_key(api)` returns the key the API server keeps as `api.service_account_key`,
creating a 2048-bit RSA key there on first use, together with a self-signed `kubernetes` CA
certificate (`api.ca_cert_pem`) whose bytes go into each Secret's `ca.crt`.

Differences from upstream: RSA key generation takes its randomness from the operating system
(the `cryptography` library cannot be seeded), so a token's signature differs between runs while
its header and claims do not; RS256 signing itself is deterministic. The header's `kid` is empty
(v1.11); current versions put a key id there. The PKI work may replace these keys: whatever sits
on `api.service_account_key` / `api.ca_cert_pem` is used.
"""

from __future__ import annotations

import base64
import datetime as _dt
import json

ISSUER = "kubernetes/serviceaccount"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def service_account_key(api):
    """(private key, CA certificate PEM) of the cluster, made once and kept on the API server."""
    key = getattr(api, "service_account_key", None)
    ca = getattr(api, "ca_cert_pem", None)
    if key is not None and ca is not None:
        return key, ca
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID
    if key is None:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    if ca is None:
        now = _dt.datetime.fromtimestamp(int(api.clock.time()), _dt.timezone.utc)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kubernetes")])
        serial = api.rng.getrandbits(63) | 1
        cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                .public_key(key.public_key()).serial_number(serial)
                .not_valid_before(now).not_valid_after(now + _dt.timedelta(days=3650))
                .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                .sign(key, hashes.SHA256()))
        ca = cert.public_bytes(serialization.Encoding.PEM)
    api.service_account_key, api.ca_cert_pem = key, ca
    return key, ca


def legacy_claims(namespace: str, sa_name: str, sa_uid: str, secret_name: str) -> dict:
    return {"iss": ISSUER,
            "kubernetes.io/serviceaccount/namespace": namespace,
            "kubernetes.io/serviceaccount/secret.name": secret_name,
            "kubernetes.io/serviceaccount/service-account.name": sa_name,
            "kubernetes.io/serviceaccount/service-account.uid": sa_uid,
            "sub": f"system:serviceaccount:{namespace}:{sa_name}"}


def generate_token(key, claims: dict, kid: str = "") -> str:
    """JWTTokenGenerator.GenerateToken: header.claims.signature, RS256."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding
    header = json.dumps({"alg": "RS256", "kid": kid}, separators=(",", ":")).encode()
    body = json.dumps(claims, separators=(",", ":"), sort_keys=True).encode()
    signing_input = f"{_b64(header)}.{_b64(body)}".encode()
    signature = key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input.decode()}.{_b64(signature)}"


def decode_token(token: str) -> tuple[dict, dict]:
    """(header, claims) of a JWT, unverified: what the booklet's `base64 -d` shows."""
    def part(s):
        return json.loads(base64.urlsafe_b64decode(s + "=" * (-len(s) % 4)))
    header, claims, _ = token.split(".")
    return part(header), part(claims)


def verify_token(key, token: str) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding
    head, body, sig = token.split(".")
    try:
        key.public_key().verify(base64.urlsafe_b64decode(sig + "=" * (-len(sig) % 4)),
                                f"{head}.{body}".encode(), padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return False
    return True


def key_id(key) -> str:
    """keyIDFromPublicKey: base64url(sha256(PKIX DER of the public key)), the `kid` of today's tokens."""
    import hashlib
    from cryptography.hazmat.primitives import serialization
    der = key.public_key().public_bytes(serialization.Encoding.DER,
                                        serialization.PublicFormat.SubjectPublicKeyInfo)
    return _b64(hashlib.sha256(der).digest())
