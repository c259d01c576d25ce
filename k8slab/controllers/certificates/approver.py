"""The csrapproving controller: approve a kubelet's client-certificate request when the
requester may, as a SubjectAccessReview says.

Follows `pkg/controller/certificates/approver/sarapprove.go`: a request already signed,
approved or denied is left alone; one that parses and is a kubelet client request
(signerName kubernetes.io/kube-apiserver-client-kubelet, IsKubeletClientCSR) is checked with a
SubjectAccessReview for `create certificatesigningrequests/selfnodeclient` (when the requester
is the node named in the request: certificate rotation) and then `.../nodeclient` (a bootstrap
token asking for a node's first certificate); the first allowed adds the condition Approved,
reason AutoApproved, message `Auto approving self kubelet client certificate after
SubjectAccessReview.` or `Auto approving kubelet client certificate after
SubjectAccessReview.`, written through the /approval subresource. Recognised but not allowed:
`recognized csr "<name>" as [<subresources>] but subject access review was not approved`
(an ignorable error: not retried).

Differences from upstream: none in behaviour.
"""

from __future__ import annotations

from ...apiserver.errors import APIError
from ..base import Controller
from . import csr as C

CERTIFICATES_V1 = "certificates.k8s.io/v1"
RECOGNIZERS = (
    ("selfnodeclient", True, "Auto approving self kubelet client certificate after SubjectAccessReview."),
    ("nodeclient", False, "Auto approving kubelet client certificate after SubjectAccessReview."),
)


class CSRApprovingController(Controller):
    name = "certificatesigningrequest-approving-controller"
    queue_name = "csrapproving"
    component = "certificate-controller"

    def setup(self) -> None:
        inf = self.informer(CERTIFICATES_V1, "certificatesigningrequests")
        self.lister = inf.lister()
        inf.add_event_handler(on_add=self.enqueue, on_update=lambda old, new: self.enqueue(new))
        self.ignored: list[str] = []                  # IgnorableError messages, newest last

    def sync(self, key: str) -> None:
        csr = self.lister.get(None, key)
        if csr is None or (csr.get("status") or {}).get("certificate"):
            return
        approved, denied = C.approval(csr)
        if approved or denied:
            return
        try:
            req = C.parse_csr(csr)
        except ValueError as e:
            raise ValueError(f'unable to parse csr "{key}": {e}') from None
        spec = csr.get("spec") or {}
        if spec.get("signerName") != C.KUBE_APISERVER_CLIENT_KUBELET or \
                not C.is_kubelet_client_csr(req, spec.get("usages")):
            return
        tried = []
        for subresource, self_only, message in RECOGNIZERS:
            if self_only and spec.get("username") != C.common_name(req):
                continue
            tried.append(subresource)
            if self.authorize(spec, subresource):
                self.approve(csr, message)
                return
        self.ignored.append(f'recognized csr "{key}" as [{" ".join(tried)}] but subject access review '
                            f"was not approved")

    def authorize(self, spec: dict, subresource: str) -> bool:
        sar = {"apiVersion": "authorization.k8s.io/v1", "kind": "SubjectAccessReview",
               "spec": {"user": spec.get("username", ""), "uid": spec.get("uid", ""),
                        "groups": spec.get("groups") or [], "extra": spec.get("extra") or {},
                        "resourceAttributes": {"group": "certificates.k8s.io", "resource": "certificatesigningrequests",
                                               "verb": "create", "subresource": subresource, "version": "*"}}}
        resp = self.client.raw("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", sar)
        if resp.status >= 400:
            raise APIError(resp.status, resp.body.get("reason", ""), resp.body.get("message", ""))
        return bool((resp.body.get("status") or {}).get("allowed"))

    def approve(self, csr: dict, message: str) -> None:
        from ...api.names import rfc3339
        out = {k: v for k, v in csr.items()}
        out["status"] = dict(csr.get("status") or {})
        out["status"]["conditions"] = list(out["status"].get("conditions") or []) + [
            {"type": "Approved", "status": "True", "reason": "AutoApproved", "message": message,
             "lastUpdateTime": rfc3339(self.now()), "lastTransitionTime": rfc3339(self.now())}]
        out.setdefault("apiVersion", CERTIFICATES_V1)
        out.setdefault("kind", "CertificateSigningRequest")
        name = csr["metadata"]["name"]
        resp = self.client.raw("PUT", f"/apis/certificates.k8s.io/v1/certificatesigningrequests/{name}/approval", out)
        if resp.status >= 400:
            raise APIError(resp.status, resp.body.get("reason", ""), resp.body.get("message", ""))
