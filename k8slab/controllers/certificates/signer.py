"""The csrsigning controller: sign approved CertificateSigningRequests with the cluster CA.

Follows `pkg/controller/certificates/signer/signer.go` (handle: only approved, not denied, not
failed and not yet issued requests of a signer it serves; a request its signer does not accept
gets the condition Failed, reason SignerValidationFailure; the certificate is written with
UpdateStatus) and `.../authority/authority.go` + `policies.go` (a random 128-bit serial; the
request's subject, SANs and public key; key usages and extended key usages from spec.usages;
NotBefore backdated by 5 minutes; NotAfter now + min(--cluster-signing-duration, 8760h by
default, and spec.expirationSeconds), never past the CA's own NotAfter).

The signers served: kubernetes.io/kube-apiserver-client-kubelet (only kubelet client requests:
`CSR ... was not a kubelet client certificate`-style failure otherwise),
kubernetes.io/kube-apiserver-client (must include client auth) and kubernetes.io/legacy-unknown.
The CA is kubeadm's ca.crt/ca.key when the cluster has a PKI (`--cluster-signing-cert-file`),
else the cluster's generated CA.

Differences from upstream: kubernetes.io/kubelet-serving requests are not signed (kubelets
here serve no TLS).
"""

from __future__ import annotations

import datetime as _dt
import secrets

from ...apiserver.errors import APIError
from ..base import Controller
from . import csr as C

CERTIFICATES_V1 = "certificates.k8s.io/v1"
CLUSTER_SIGNING_DURATION = 365 * 24 * 3600          # --cluster-signing-duration (8760h)
BACKDATE = _dt.timedelta(minutes=5)
USAGE_KEY = {"digital signature": "digital_signature", "key encipherment": "key_encipherment",
             "content commitment": "content_commitment", "data encipherment": "data_encipherment",
             "key agreement": "key_agreement", "cert sign": "key_cert_sign", "crl sign": "crl_sign",
             "encipher only": "encipher_only", "decipher only": "decipher_only"}


class CSRSigningController(Controller):
    name = "certificatesigningrequest-signing-controller"
    queue_name = "certificate"
    component = "certificate-controller"
    signers = (C.KUBE_APISERVER_CLIENT_KUBELET, C.KUBE_APISERVER_CLIENT, C.LEGACY_UNKNOWN)

    def setup(self) -> None:
        inf = self.informer(CERTIFICATES_V1, "certificatesigningrequests")
        self.lister = inf.lister()
        inf.add_event_handler(on_add=self.enqueue, on_update=lambda old, new: self.enqueue(new))

    def sync(self, key: str) -> None:
        csr = self.lister.get(None, key)
        if csr is None or (csr.get("status") or {}).get("certificate"):
            return
        approved, denied = C.approval(csr)
        if not approved or denied or C.has_true_condition(csr, "Failed"):
            return
        spec = csr.get("spec") or {}
        if spec.get("signerName") not in self.signers:
            return
        try:
            req = C.parse_csr(csr)
        except ValueError as e:
            raise ValueError(f'unable to parse csr "{key}": {e}') from None
        why = self.refusal(req, spec)
        if why:
            self.update_status(csr, {"conditions": list((csr.get("status") or {}).get("conditions") or []) + [
                {"type": "Failed", "status": "True", "reason": "SignerValidationFailure", "message": why,
                 "lastUpdateTime": self._rfc3339(), "lastTransitionTime": self._rfc3339()}]})
            return
        self.update_status(csr, {"certificate": self.sign(req, spec)})

    def refusal(self, req, spec) -> str:
        usages = spec.get("usages") or []
        signer = spec.get("signerName")
        if signer == C.KUBE_APISERVER_CLIENT_KUBELET and not C.is_kubelet_client_csr(req, usages):
            return "invalid usage for client certificate" if "client auth" not in usages else \
                f'CSR was not recognized as a "{signer}" certificate request'
        if signer == C.KUBE_APISERVER_CLIENT and "client auth" not in usages:
            return f"invalid usage for client certificate: {' '.join(sorted(usages))}"
        return ""

    def sign(self, req, spec) -> str:
        """The signed certificate, base64 PEM as status.certificate holds it."""
        import base64
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes
        from cryptography.x509.oid import ExtendedKeyUsageOID
        from ...kubeadm.pki import cert_pem, cluster_ca
        ca_cert, ca_key = cluster_ca(self.cluster.api)
        now = _dt.datetime.fromtimestamp(int(self.now()), _dt.timezone.utc)
        ttl = CLUSTER_SIGNING_DURATION
        if spec.get("expirationSeconds"):
            ttl = min(ttl, max(600, int(spec["expirationSeconds"])))
        not_after = min(now + _dt.timedelta(seconds=ttl), ca_cert.not_valid_after_utc)
        usages = spec.get("usages") or []
        flags = {v: False for v in USAGE_KEY.values()}
        for u in usages:
            if u in USAGE_KEY:
                flags[USAGE_KEY[u]] = True
        eku = [{"client auth": ExtendedKeyUsageOID.CLIENT_AUTH, "server auth": ExtendedKeyUsageOID.SERVER_AUTH,
                "code signing": ExtendedKeyUsageOID.CODE_SIGNING}[u] for u in usages
               if u in ("client auth", "server auth", "code signing")]
        b = (x509.CertificateBuilder().subject_name(req.subject).issuer_name(ca_cert.subject)
             .public_key(req.public_key()).serial_number(secrets.randbits(127) | 1)
             .not_valid_before(now - BACKDATE).not_valid_after(not_after))
        if any(flags.values()):
            b = b.add_extension(x509.KeyUsage(**flags), critical=True)
        if eku:
            b = b.add_extension(x509.ExtendedKeyUsage(eku), critical=False)
        b = b.add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        b = b.add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_cert.public_key()),
                            critical=False)
        try:
            san = req.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
            b = b.add_extension(san, critical=False)
        except x509.ExtensionNotFound:
            pass
        return base64.b64encode(cert_pem(b.sign(ca_key, hashes.SHA256()))).decode()

    def update_status(self, csr: dict, status: dict) -> None:
        out = dict(csr)
        out["status"] = {**(csr.get("status") or {}), **status}
        out.setdefault("apiVersion", CERTIFICATES_V1)
        out.setdefault("kind", "CertificateSigningRequest")
        name = csr["metadata"]["name"]
        resp = self.client.raw("PUT", f"/apis/certificates.k8s.io/v1/certificatesigningrequests/{name}/status", out)
        if resp.status >= 400:
            raise APIError(resp.status, resp.body.get("reason", ""), resp.body.get("message", ""))

    def _rfc3339(self) -> str:
        from ...api.names import rfc3339
        return rfc3339(self.now())
