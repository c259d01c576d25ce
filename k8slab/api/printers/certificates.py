"""Group certificates.k8s.io: certificatesigningrequests (and clustertrustbundles).

Follows `pkg/printers/internalversion/printers.go`: `printCertificateSigningRequest`
(`extractCSRStatus`: `Pending`, `Approved,Issued`, `Denied`, `...,Failed`) and
`printClusterTrustBundle`.

Differences from upstream: none known.
"""

from __future__ import annotations

from .common import AGE, NAME, Printer, age, column, dig, human_duration, name_of

CERTIFICATE_SIGNING_REQUEST_COLUMNS = (
    NAME,
    AGE,
    column("SignerName", "string", "The signer asked to issue the certificate."),
    column("Requestor", "string", "The user who created the request."),
    column("RequestedDuration", "string", "The certificate lifetime asked for (expirationSeconds)."),
    column("Condition", "string", "Approved/Denied/Pending, then Failed and Issued when they apply."),
)


def csr_condition(csr: dict) -> str:
    types = {c.get("type") for c in dig(csr, "status", "conditions", default=[])}
    status = "Denied" if "Denied" in types else "Approved" if "Approved" in types else "Pending"
    if "Failed" in types:
        status += ",Failed"
    if dig(csr, "status", "certificate"):
        status += ",Issued"
    return status


def print_certificate_signing_request(csr: dict, now: float) -> list:
    spec = csr.get("spec") or {}
    seconds = spec.get("expirationSeconds")
    return [name_of(csr), age(csr, now), spec.get("signerName") or "<none>", spec.get("username", ""),
            "<none>" if seconds is None else human_duration(seconds), csr_condition(csr)]


CLUSTER_TRUST_BUNDLE_COLUMNS = (NAME, column("SignerName", "string", "The signer the bundle is for."))


def print_cluster_trust_bundle(obj: dict, now: float) -> list:
    return [name_of(obj), dig(obj, "spec", "signerName") or "<none>"]


PRINTERS = {
    "certificatesigningrequests": Printer(CERTIFICATE_SIGNING_REQUEST_COLUMNS,
                                          print_certificate_signing_request),
    "clustertrustbundles": Printer(CLUSTER_TRUST_BUNDLE_COLUMNS, print_cluster_trust_bundle),
}
