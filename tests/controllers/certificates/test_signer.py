"""csrsigning: approved requests signed by the cluster CA, with upstream's validity and usages."""

import base64
import datetime as dt

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import ExtendedKeyUsageOID

from k8slab.kubeadm.pki import cluster_ca

from .helpers import cluster, csr, key, request_pem, submit


def _approve(c, obj):
    status = {"conditions": [{"type": "Approved", "status": "True", "reason": "KubectlApprove",
                              "message": "This CSR was approved by kubectl certificate approve."}]}
    body = {**obj, "status": status}
    r = c.client.raw("PUT", f"/apis/certificates.k8s.io/v1/certificatesigningrequests/{obj['metadata']['name']}/approval",
                     body)
    assert r.status == 200, r.body
    c.settle()
    return c.client.get("certificates.k8s.io/v1", "CertificateSigningRequest", obj["metadata"]["name"])


def test_a_manually_approved_client_certificate_is_signed_by_the_cluster_ca():
    c = cluster()
    pending = submit(c, csr(request_pem("backend", orgs=("dev",)), signer="kubernetes.io/kube-apiserver-client",
                            usages=("client auth",), expirationSeconds=86400), token=None)
    assert pending["spec"]["username"] == "system:admin"
    assert "certificate" not in (pending.get("status") or {})
    got = _approve(c, pending)
    cert = x509.load_pem_x509_certificate(base64.b64decode(got["status"]["certificate"]))
    ca_cert, _ = cluster_ca(c.api)
    assert cert.issuer == ca_cert.subject
    assert cert.subject.rfc4514_string() == "CN=backend,O=dev"
    assert cert.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo) == \
        key().public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    now = dt.datetime.fromtimestamp(c.clock.time(), dt.timezone.utc)
    assert cert.not_valid_before_utc == now - dt.timedelta(minutes=5)
    assert cert.not_valid_after_utc == now + dt.timedelta(days=1)        # spec.expirationSeconds
    assert list(cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value) == [ExtendedKeyUsageOID.CLIENT_AUTH]
    assert got["status"]["conditions"][0]["type"] == "Approved"


def test_kubelet_signer_fails_requests_that_are_not_kubelet_client_requests():
    c = cluster()
    pending = submit(c, csr(request_pem("backend", orgs=("dev",))), token=None)
    got = _approve(c, pending)
    assert "certificate" not in got["status"]
    failed = got["status"]["conditions"][-1]
    assert (failed["type"], failed["reason"]) == ("Failed", "SignerValidationFailure")


def test_the_status_subresource_cannot_approve_and_approval_cannot_issue():
    c = cluster()
    pending = submit(c, csr(request_pem("backend", orgs=("dev",)), signer="kubernetes.io/kube-apiserver-client",
                            usages=("client auth",)), token=None)
    name = pending["metadata"]["name"]
    sneaky = {**pending, "status": {"certificate": base64.b64encode(b"x").decode(),
                                    "conditions": [{"type": "Approved", "status": "True"}]}}
    r = c.client.raw("PUT", f"/apis/certificates.k8s.io/v1/certificatesigningrequests/{name}/status", sneaky)
    assert r.status == 200
    assert [x["type"] for x in r.body["status"].get("conditions", [])] == []     # no approving there
    assert r.body["status"]["certificate"] == "eA=="                               # (what the signer uses)
    latest = r.body
    r = c.client.raw("PUT", f"/apis/certificates.k8s.io/v1/certificatesigningrequests/{name}/approval",
                     {**latest, "spec": {**pending["spec"], "username": "root"},
                      "status": {"certificate": "enp6", "conditions": [{"type": "Denied", "status": "True"}]}})
    assert r.status == 200
    assert r.body["spec"]["username"] == "system:admin"
    assert r.body["status"] == {"certificate": "eA==", "conditions": [{"type": "Denied", "status": "True"}]}
