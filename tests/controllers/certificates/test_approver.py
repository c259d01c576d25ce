"""csrapproving: kubelet client requests approved after a SubjectAccessReview."""

from .helpers import KUBELET_SIGNER, cluster, controller, csr, request_pem, submit


def _conditions(obj):
    return [(c["type"], c["status"], c["reason"], c["message"]) for c in obj["status"].get("conditions", [])]


def test_a_bootstrap_token_request_for_a_node_certificate_is_approved_and_issued():
    c = cluster()
    got = submit(c, csr(request_pem("system:node:node9")))
    assert got["spec"]["username"] == "system:bootstrap:abcdef"
    assert got["spec"]["groups"] == ["system:bootstrappers", "system:bootstrappers:kubeadm:default-node-token",
                                     "system:authenticated"]
    assert _conditions(got) == [("Approved", "True", "AutoApproved",
                                 "Auto approving kubelet client certificate after SubjectAccessReview.")]
    assert got["status"]["certificate"]


def test_a_node_renewing_its_own_certificate_is_selfnodeclient():
    from k8slab.client import InProcessTransport
    from .helpers import CSRS
    c = cluster()
    user = {"username": "system:node:node9", "groups": ["system:nodes", "system:authenticated"]}
    r = InProcessTransport(c.api, user=user).request("POST", CSRS, body=csr(request_pem("system:node:node9")))
    c.settle()
    got = c.client.get("certificates.k8s.io/v1", "CertificateSigningRequest", r.body["metadata"]["name"])
    assert _conditions(got)[0][3] == "Auto approving self kubelet client certificate after SubjectAccessReview."


def test_without_the_rbac_rule_the_request_stays_pending():
    c = cluster(bootstrap_rbac=False)
    from k8slab.kubeadm import phases
    from k8slab.kubeadm.apiclient import KubeadmClient
    from k8slab.kubeadm.config import InitConfiguration
    from k8slab.client import InProcessTransport
    # the bootstrap token may post CSRs (kubeadm:kubelet-bootstrap) but nothing auto-approves them
    kc = KubeadmClient(InProcessTransport(c.api))
    kc.create_or_retain("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", phases._crb(
        "kubeadm:kubelet-bootstrap", phases.NODE_BOOTSTRAPPER_ROLE, "Group",
        "system:bootstrappers:kubeadm:default-node-token"))
    del InitConfiguration
    got = submit(c, csr(request_pem("system:node:node9")))
    assert "conditions" not in (got.get("status") or {})
    assert controller(c, "certificatesigningrequest-approving-controller").ignored[-1] == (
        f'recognized csr "{got["metadata"]["name"]}" as [nodeclient] but subject access review was not approved')


def test_requests_that_are_not_kubelet_client_requests_are_left_alone():
    c = cluster()
    for obj in (csr(request_pem("system:node:node9", orgs=("system:masters",))),
                csr(request_pem("system:node:node9", dns=("evil.example",))),
                csr(request_pem("backend", orgs=("dev",)), signer="kubernetes.io/kube-apiserver-client",
                    usages=("client auth",)),
                csr(request_pem("system:node:node9"), usages=("client auth", "server auth"))):
        got = submit(c, obj, token=None)
        assert "conditions" not in (got.get("status") or {}), obj
    assert KUBELET_SIGNER
