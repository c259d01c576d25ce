"""Client certificates: CN -> user, O -> groups, checked against the client CA."""

import hashlib

from cryptography import x509

from k8slab.apiserver.authn.x509 import AuthenticationError, ClientCertAuthenticator
from k8slab.apiserver.request import Request
from k8slab.sim.clock import VirtualClock

from .helpers import ca, client_cert, cluster, whoami


def test_cn_is_the_user_and_o_the_groups():
    c = cluster()
    status, user = whoami(c, peer_certificates=[client_cert("backend", ("dev",))])
    assert status == 201
    assert user["username"] == "backend"
    assert user["groups"] == ["dev", "system:authenticated"]
    der = x509.load_pem_x509_certificate(client_cert("backend", ("dev",))).public_bytes(
        __import__("cryptography.hazmat.primitives.serialization", fromlist=["Encoding"]).Encoding.DER)
    assert user["extra"] == {"authentication.kubernetes.io/credential-id":
                             ["X509SHA256=" + hashlib.sha256(der).hexdigest()]}


def test_several_organizations_are_several_groups_and_book_profile_has_no_credential_id():
    c = cluster(profile="book")
    status, user = whoami(c, peer_certificates=[client_cert("alice", ("dev", "ops"))])
    assert status == 201
    assert user == {"username": "alice", "groups": ["dev", "ops", "system:authenticated"]}


def test_a_certificate_from_another_ca_is_401_and_says_why():
    c = cluster()
    status, body = whoami(c, peer_certificates=[client_cert("mallory", ("system:masters",), ca_name="evil")])
    assert status == 401
    assert body == {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                    "message": "Unauthorized", "reason": "Unauthorized", "code": 401}
    assert "x509: certificate signed by unknown authority" in c.api.authenticator.last_error
    assert c.api.authenticator.last_error.startswith("verifying certificate SN=")


def test_an_expired_certificate_is_401():
    c = cluster()
    c.clock.advance(3 * 86400)                          # the certificate lived one day
    status, _ = whoami(c, peer_certificates=[client_cert("backend", ("dev",), not_after_days=1)])
    assert status == 401
    assert "x509: certificate has expired or is not yet valid" in c.api.authenticator.last_error


def test_a_forged_signature_with_the_right_issuer_name_is_401():
    # a CA of the same name as the cluster's, but another key: the issuer matches, the signature does not
    c = cluster()
    status, _ = whoami(c, peer_certificates=[client_cert("root", ("system:masters",), ca_name="kubernetes-2")])
    assert status == 401
    forged_ca = ca("kubernetes", now=1_700_000_001.0)   # same CN "kubernetes", new key
    from k8slab.kubeadm import pki as P
    key = P.new_private_key()
    cert = P.cert_pem(P.sign(forged_ca[0], forged_ca[1], key.public_key(), "root", ("system:masters",), now=1_700_000_000))
    status, _ = whoami(c, peer_certificates=[cert])
    assert status == 401
    assert "crypto/rsa: verification error" in c.api.authenticator.last_error


def test_garbage_is_401_not_a_traceback():
    c = cluster()
    status, body = whoami(c, peer_certificates=[b"-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n"])
    assert status == 401 and body["reason"] == "Unauthorized"


def test_no_common_name_means_no_opinion():
    clock = VirtualClock()
    a = ClientCertAuthenticator(ca()[0], clock)
    req = Request("GET", "/api", peer_certificates=[client_cert("", ("dev",))])
    assert a.authenticate(req) is None
    assert a.authenticate(Request("GET", "/api")) is None


def test_verified_certificates_are_cached_but_expiry_still_counts():
    clock = VirtualClock()
    a = ClientCertAuthenticator(ca()[0], clock)
    req = Request("GET", "/api", peer_certificates=[client_cert("backend", ("dev",), not_after_days=1)])
    assert a.authenticate(req)["username"] == "backend"
    assert len(a._cache) == 1
    clock.advance(2 * 86400)
    try:
        a.authenticate(req)
        raise AssertionError("an expired certificate was accepted from the cache")
    except AuthenticationError as e:
        assert "has expired" in str(e)
