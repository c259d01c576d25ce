"""`kubectl describe csr`.

Follows `staging/src/k8s.io/kubectl/pkg/describe/describe.go` (CertificateSigningRequest-
Describer, describeCertificateSigningRequest, extractCSRStatus: Denied, Approved or Pending, then
`,Failed` and `,Issued`) and `staging/src/k8s.io/kubectl/pkg/util/certificate/certificate.go`
(ParseCSR: a PEM `CERTIFICATE REQUEST` block). The request is read with the `cryptography`
package; Subject fields and subject alternative names are listed as Go's crypto/x509 fills
them (the last common name wins, other attributes in order).

Differences from upstream: no fallback to certificates.k8s.io/v1beta1; a request that is not
valid DER is reported as `Error parsing CSR: <the cryptography package's message>`, not Go's.
"""

from __future__ import annotations

import base64

from ..errors import error
from .context import DescribeContext, group_path, meta, spec, status
from .events import describe_events
from .gofmt import format_labels, human_duration, rfc1123z
from .workloads import events_for
from .writer import LEVEL_0, PrefixWriter


def csr_status(conditions: list, certificate: str | None) -> str:
    types = {c.get("type") for c in conditions}
    text = "Denied" if "Denied" in types else "Approved" if "Approved" in types else "Pending"
    if "Failed" in types:
        text += ",Failed"
    if certificate:
        text += ",Issued"
    return text


def parse_csr(request_b64: str):
    """ParseCSR; raises a CommandError with upstream's text for a non-PEM request."""
    from cryptography import x509
    pem = base64.b64decode(request_b64 or "")
    begin = b"-----BEGIN CERTIFICATE REQUEST-----"
    if begin not in pem:
        raise error("Error parsing CSR: PEM block type must be CERTIFICATE REQUEST")
    try:
        return x509.load_pem_x509_csr(pem)
    except ValueError as e:
        raise error(f"Error parsing CSR: {e}") from None


def describe_certificate_signing_request(ctx: DescribeContext, resource, namespace: str, name: str) -> str:
    from cryptography import x509
    from cryptography.x509.oid import NameOID
    csr = ctx.get(group_path("certificates.k8s.io/v1", "certificatesigningrequests", None, name))
    m, s, st = meta(csr), spec(csr), status(csr)
    events = events_for(ctx, csr, "CertificateSigningRequest")
    cr = parse_csr(s.get("request", ""))
    w = PrefixWriter()
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    w.write(LEVEL_0, f"Labels:\t{format_labels(m.get('labels'))}\n")
    w.write(LEVEL_0, f"Annotations:\t{format_labels(m.get('annotations'))}\n")
    w.write(LEVEL_0, f"CreationTimestamp:\t{rfc1123z(m.get('creationTimestamp'))}\n")
    w.write(LEVEL_0, f"Requesting User:\t{s.get('username', '')}\n")
    if s.get("signerName"):
        w.write(LEVEL_0, f"Signer:\t{s['signerName']}\n")
    if s.get("expirationSeconds") is not None:
        w.write(LEVEL_0, f"Requested Duration:\t{human_duration(s['expirationSeconds'])}\n")
    w.write(LEVEL_0, f"Status:\t{csr_status(st.get('conditions') or [], st.get('certificate'))}\n")

    def values(oid) -> list[str]:
        return [a.value for a in cr.subject.get_attributes_for_oid(oid)]

    def listed(prefix: str, title: str, items: list[str]) -> None:
        if items:
            w.write(LEVEL_0, f"{prefix}{title}:\t")
            w.write(LEVEL_0, ("\n" + prefix + "\t").join(items))
            w.write(LEVEL_0, "\n")

    w.write(LEVEL_0, "Subject:\n")
    w.write(LEVEL_0, f"\tCommon Name:\t{(values(NameOID.COMMON_NAME) or [''])[-1]}\n")
    w.write(LEVEL_0, f"\tSerial Number:\t{(values(NameOID.SERIAL_NUMBER) or [''])[-1]}\n")
    for title, oid in (("Organization", NameOID.ORGANIZATION_NAME),
                       ("Organizational Unit", NameOID.ORGANIZATIONAL_UNIT_NAME),
                       ("Country", NameOID.COUNTRY_NAME), ("Locality", NameOID.LOCALITY_NAME),
                       ("Province", NameOID.STATE_OR_PROVINCE_NAME), ("StreetAddress", NameOID.STREET_ADDRESS),
                       ("PostalCode", NameOID.POSTAL_CODE)):
        listed("\t", title, values(oid))
    try:
        san = cr.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        san = None
    if san is not None and len(san):
        w.write(LEVEL_0, "Subject Alternative Names:\n")
        listed("\t", "DNS Names", san.get_values_for_type(x509.DNSName))
        listed("\t", "Email Addresses", san.get_values_for_type(x509.RFC822Name))
        listed("\t", "URIs", san.get_values_for_type(x509.UniformResourceIdentifier))
        listed("\t", "IP Addresses", [str(ip) for ip in san.get_values_for_type(x509.IPAddress)])
    if events is not None:
        describe_events(events, w, ctx.now)
    return w.string()
