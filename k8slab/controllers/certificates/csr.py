"""What the certificate controllers read in a CertificateSigningRequest.

Follows `pkg/apis/certificates/helpers.go` and `pkg/controller/certificates/certificates.go`
(ParseCSR: the PEM `CERTIFICATE REQUEST` block of spec.request; GetCertApprovalCondition;
HasTrueCondition for Failed), and `staging/src/k8s.io/api/certificates/v1` signer names.
`is_kubelet_client_csr` is IsKubeletClientCSR: O is exactly `system:nodes`, CN starts with
`system:node:`, no DNS, email, IP or URI SANs, usages {client auth, digital signature} with or
without key encipherment.

Differences from upstream: none in behaviour.
"""

from __future__ import annotations

import base64

KUBE_APISERVER_CLIENT = "kubernetes.io/kube-apiserver-client"
KUBE_APISERVER_CLIENT_KUBELET = "kubernetes.io/kube-apiserver-client-kubelet"
KUBELET_SERVING = "kubernetes.io/kubelet-serving"
LEGACY_UNKNOWN = "kubernetes.io/legacy-unknown"
KUBELET_CLIENT_USAGES = ({"client auth", "digital signature", "key encipherment"},
                         {"client auth", "digital signature"})


def parse_csr(csr: dict):
    """The x509.CertificateSigningRequest of spec.request, or raise ValueError."""
    from cryptography import x509
    raw = base64.b64decode((csr.get("spec") or {}).get("request") or "")
    if b"-----BEGIN CERTIFICATE REQUEST-----" not in raw:
        raise ValueError("PEM block type must be CERTIFICATE REQUEST")
    return x509.load_pem_x509_csr(raw)


def approval(csr: dict) -> tuple[bool, bool]:
    """(approved, denied) from status.conditions."""
    approved = denied = False
    for c in (csr.get("status") or {}).get("conditions") or []:
        if c.get("type") == "Approved":
            approved = True
        elif c.get("type") == "Denied":
            denied = True
    return approved, denied


def has_true_condition(csr: dict, kind: str) -> bool:
    return any(c.get("type") == kind and c.get("status") in (None, "", "True")
               for c in (csr.get("status") or {}).get("conditions") or [])


def is_kubelet_client_csr(req, usages) -> bool:
    from cryptography import x509
    from cryptography.x509.oid import NameOID
    orgs = [a.value for a in req.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)]
    if orgs != ["system:nodes"]:
        return False
    try:
        san = req.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        if len(list(san)):
            return False
    except x509.ExtensionNotFound:
        pass
    cn = [a.value for a in req.subject.get_attributes_for_oid(NameOID.COMMON_NAME)]
    if not cn or not cn[0].startswith("system:node:"):
        return False
    return set(usages or []) in KUBELET_CLIENT_USAGES


def common_name(req) -> str:
    from cryptography.x509.oid import NameOID
    cn = req.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return cn[0].value if cn else ""
