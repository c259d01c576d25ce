"""The cluster-info ConfigMap in kube-public: the cluster's address and CA, readable by anyone,
signed with every signing bootstrap token so that a joining node can trust it.

Follows `cmd/kubeadm/app/phases/bootstraptoken/clusterinfo/clusterinfo.go`
(CreateBootstrapConfigMapIfNotExists: the admin.conf cluster under the name "" written as
clientcmd.Write does; the `kubeadm:bootstrap-signer-clusterinfo` Role and RoleBinding that let
`system:anonymous` get it) and `staging/src/k8s.io/cluster-bootstrap/token/jws/jws.go`
(ComputeDetachedSignature: a JWS compact serialization with HS256 keyed by the token secret,
`kid` the token id, the payload left out: `header..signature`; DetachedTokenIsValid).
The `jws-kubeconfig-<token-id>` keys are added by the bootstrap signer controller
(k8slab/controllers/bootstrap/).

Differences from upstream: none in behaviour.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

CONFIGMAP = "cluster-info"
NAMESPACE = "kube-public"
KUBECONFIG_KEY = "kubeconfig"
JWS_PREFIX = "jws-kubeconfig-"
ROLE = "kubeadm:bootstrap-signer-clusterinfo"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def detached_signature(content: str, token_id: str, token_secret: str) -> str:
    """ComputeDetachedSignature."""
    header = _b64(json.dumps({"alg": "HS256", "kid": token_id}, separators=(",", ":")).encode())
    signing_input = f"{header}.{_b64(content.encode())}".encode()
    sig = hmac.new(token_secret.encode(), signing_input, hashlib.sha256).digest()
    return f"{header}..{_b64(sig)}"


def detached_token_is_valid(detached: str, content: str, token_id: str, token_secret: str) -> bool:
    """DetachedTokenIsValid: the signature recomputed from the content matches."""
    return hmac.compare_digest(detached, detached_signature(content, token_id, token_secret))


def bootstrap_kubeconfig(server: str, ca_pem: bytes) -> str:
    """The admin cluster entry alone, as clientcmd.Write writes a Config with a cluster named ""."""
    return ("apiVersion: v1\nclusters:\n- cluster:\n"
            f"    certificate-authority-data: {base64.b64encode(ca_pem).decode()}\n"
            f"    server: {server}\n"
            '  name: ""\ncontexts: null\ncurrent-context: ""\nkind: Config\npreferences: {}\nusers: null\n')


def configmap(server: str, ca_pem: bytes) -> dict:
    return {"apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": CONFIGMAP, "namespace": NAMESPACE},
            "data": {KUBECONFIG_KEY: bootstrap_kubeconfig(server, ca_pem)}}


def rbac_objects() -> list[dict]:
    """CreateClusterInfoRBACRules: anonymous may get the cluster-info ConfigMap."""
    rbac = "rbac.authorization.k8s.io/v1"
    return [{"apiVersion": rbac, "kind": "Role", "metadata": {"name": ROLE, "namespace": NAMESPACE},
             "rules": [{"verbs": ["get"], "apiGroups": [""], "resources": ["configmaps"],
                        "resourceNames": [CONFIGMAP]}]},
            {"apiVersion": rbac, "kind": "RoleBinding", "metadata": {"name": ROLE, "namespace": NAMESPACE},
             "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": ROLE},
             "subjects": [{"kind": "User", "apiGroup": "rbac.authorization.k8s.io",
                           "name": "system:anonymous"}]}]
