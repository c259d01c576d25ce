"""Builders for the certificate-controller tests: a cluster with kubeadm's bootstrap RBAC, a
bootstrap token, and kubelet-style certificate requests."""

from __future__ import annotations

import base64
import functools

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import NameOID

from k8slab import Cluster
from k8slab.client import InProcessTransport
from k8slab.kubeadm import phases, tokens
from k8slab.kubeadm.apiclient import KubeadmClient
from k8slab.kubeadm.config import InitConfiguration
from k8slab.kubeadm.pki import new_private_key

TOKEN = "abcdef.0123456789abcdef"
KUBELET_SIGNER = "kubernetes.io/kube-apiserver-client-kubelet"
CSRS = "/apis/certificates.k8s.io/v1/certificatesigningrequests"


def cluster(bootstrap_rbac: bool = True) -> Cluster:
    c = Cluster(nodes=0, seed=0)
    if bootstrap_rbac:
        phases.configure_rbac(KubeadmClient(InProcessTransport(c.api)), InitConfiguration(node_name="node1"))
    c.client.create(tokens.token_secret(TOKEN, c.clock.time(), 3600), "kube-system")
    return c


@functools.lru_cache(maxsize=1)
def key():
    return new_private_key()


def request_pem(cn: str, orgs=("system:nodes",), dns=()) -> bytes:
    names = [x509.NameAttribute(NameOID.ORGANIZATION_NAME, o) for o in orgs]
    names.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    b = x509.CertificateSigningRequestBuilder().subject_name(x509.Name(names))
    if dns:
        b = b.add_extension(x509.SubjectAlternativeName([x509.DNSName(d) for d in dns]), critical=False)
    return b.sign(key(), hashes.SHA256()).public_bytes(serialization.Encoding.PEM)


def csr(pem: bytes, signer: str = KUBELET_SIGNER,
        usages=("digital signature", "key encipherment", "client auth"), **spec) -> dict:
    return {"apiVersion": "certificates.k8s.io/v1", "kind": "CertificateSigningRequest",
            "metadata": {"generateName": "csr-"},
            "spec": {"request": base64.b64encode(pem).decode(), "signerName": signer, "usages": list(usages), **spec}}


def submit(c: Cluster, obj: dict, token: str | None = TOKEN) -> dict:
    """Create the CSR as the bootstrap token's user (or the admin), let the controllers run."""
    t = InProcessTransport(c.api, headers={"Authorization": f"Bearer {token}"} if token else None)
    r = t.request("POST", CSRS, body=obj)
    assert r.status == 201, r.body
    c.settle()
    return c.client.get("certificates.k8s.io/v1", "CertificateSigningRequest", r.body["metadata"]["name"])


def controller(c: Cluster, name: str):
    cm = next(x for x in c.components if getattr(x, "name", "") == "kube-controller-manager")
    return cm.controllers[name]
