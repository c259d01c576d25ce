"""Chapter 5 (kubeadm): sign cluster-info with a bootstrap token; tolerate the control-plane taint."""

from __future__ import annotations

import copy

from ..registry import Exercise

SIGN = '''
def sign_cluster_info(kubeconfig: str, token: str) -> str:
    """The `jws-kubeconfig-<token id>` value the bootstrap signer writes into cluster-info.

    `token` is a bootstrap token, "<id>.<secret>". The value is a JSON Web Signature (RFC 7515) in
    compact form with the payload left out ("detached"): `<header>..<signature>`, where
      - header    = base64url of the JSON {"alg":"HS256","kid":"<id>"} (no spaces),
      - signature = base64url of HMAC-SHA256, keyed by the token's *secret* part, over the ASCII
                    text `<header>.<base64url of the kubeconfig's UTF-8 bytes>`,
    and base64url means the URL-safe alphabet (- and _) with the trailing '=' padding removed.
    """
    # BEGIN SOLUTION
    import base64
    import hashlib
    import hmac
    import json

    def b64url(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).decode().rstrip("=")

    token_id, secret = token.split(".")
    header = b64url(json.dumps({"alg": "HS256", "kid": token_id}, separators=(",", ":")).encode())
    signing_input = f"{header}.{b64url(kubeconfig.encode())}"
    signature = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{header}..{b64url(signature)}"
    # END SOLUTION
'''


def check_sign(sign_cluster_info) -> str:
    from k8slab import Cluster
    from k8slab.kubeadm.clusterinfo import CONFIGMAP, JWS_PREFIX, NAMESPACE, configmap, detached_signature
    from k8slab.kubeadm.tokens import token_secret

    first = sign_cluster_info("apiVersion: v1\n", "abcdef.0123456789abcdef")
    assert isinstance(first, str) and first.count(".") == 2 and ".." in first, \
        f"a detached JWS has the form <header>..<signature> (empty payload), got {first!r}"
    assert first.split("..")[0] == "eyJhbGciOiJIUzI1NiIsImtpZCI6ImFiY2RlZiJ9", \
        'the header should be base64url of {"alg":"HS256","kid":"abcdef"} without spaces or padding'
    assert "=" not in first, "base64url in a JWS has no '=' padding"
    for content, token in [("apiVersion: v1\n", "abcdef.0123456789abcdef"),
                           ("kind: Config\nclusters: []\n", "q2gwvp.jumdw8i86gy9j64l"),
                           ("x" * 1001, "7ae5fe.0a1b2c3d4e5f6789")]:
        want = detached_signature(content, *token.split("."))
        got = sign_cluster_info(content, token)
        assert got == want, (f"for token {token} the signature should be {want}, got {got} "
                             "(is the HMAC keyed by the secret part only, over '<header>.<payload>'?)")
    # what the cluster's bootstrap signer controller writes
    c = Cluster(nodes=0, seed=5, controllers="*,bootstrapsigner")
    token = "k8slab.0123456789abcdef"
    c.apply(configmap("https://192.168.99.100:6443", b"-----BEGIN CERTIFICATE-----\nnot a real CA\n"))
    c.apply(token_secret(token, c.clock.time()))
    c.settle()
    cm = c.client.get("v1", "ConfigMap", CONFIGMAP, NAMESPACE)
    written = cm["data"].get(JWS_PREFIX + "k8slab")
    assert written, "the bootstrap signer did not sign cluster-info (this is k8slab's fault, not yours)"
    got = sign_cluster_info(cm["data"]["kubeconfig"], token)
    assert got == written, f"the bootstrap signer wrote {written}, you computed {got}"
    return "3 signatures match the reference, and yours equals the one the bootstrap signer wrote"


TOLERATE = '''
def tolerate_control_plane(pod: dict) -> dict:
    """A copy of `pod` that may run on a kubeadm control-plane node, of v1.11 (taint
    `node-role.kubernetes.io/master:NoSchedule`) or of today (`node-role.kubernetes.io/control-plane:NoSchedule`).

    Tolerate those taints only: the pod must still keep away from nodes with other taints.
    Keep any tolerations the pod already has, and do not change the pod you were given.
    """
    # BEGIN SOLUTION
    import copy
    out = copy.deepcopy(pod)
    tolerations = out["spec"].setdefault("tolerations", [])
    for key in ("node-role.kubernetes.io/master", "node-role.kubernetes.io/control-plane"):
        tolerations.append({"key": key, "operator": "Exists", "effect": "NoSchedule"})
    return out
    # END SOLUTION
'''


def _pod(name: str) -> dict:
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name},
            "spec": {"containers": [{"name": "app", "image": "nginx"}],
                     "tolerations": [{"key": "example.com/flaky", "operator": "Exists", "effect": "NoExecute"}]}}


def check_tolerate(tolerate_control_plane) -> str:
    import tempfile

    from k8slab import Cluster
    from k8slab.client import InProcessTransport
    from k8slab.kubeadm.apiclient import KubeadmClient
    from k8slab.kubeadm.config import InitConfiguration
    from k8slab.kubeadm.phases import mark_control_plane

    pod = _pod("plain")
    original = copy.deepcopy(pod)
    tolerant = tolerate_control_plane(pod)
    assert pod == original, "tolerate_control_plane changed the pod it was given; work on a copy"
    assert {"key": "example.com/flaky", "operator": "Exists", "effect": "NoExecute"} in \
        tolerant["spec"].get("tolerations", []), "the pod's own toleration was lost"
    for profile in ("book", "current"):
        c = Cluster(nodes=1, seed=0, profile=profile)
        cfg = InitConfiguration(data_dir=tempfile.gettempdir(), profile=profile, node_name="node1")
        assert mark_control_plane(KubeadmClient(InProcessTransport(c.api)), cfg, lambda line: None)
        c.apply(pod)
        c.apply({**copy.deepcopy(tolerant), "metadata": {"name": "tolerant"}})
        plain = c.client.get("v1", "Pod", "plain", "default")
        assert not plain["spec"].get("nodeName"), "k8slab scheduled a pod onto the tainted node (k8slab's fault)"
        got = c.client.get("v1", "Pod", "tolerant", "default")
        assert got["spec"].get("nodeName") == "node1" and got["status"].get("phase") == "Running", \
            f"on a {profile}-profile control-plane node your pod is {got['status'].get('phase')} and not running"
        # another taint: a pod that tolerates everything would run here too
        c.kubectl("taint nodes node1 dedicated=gpu:NoSchedule")
        c.apply({**copy.deepcopy(tolerant), "metadata": {"name": "elsewhere"}})
        assert not c.client.get("v1", "Pod", "elsewhere", "default")["spec"].get("nodeName"), \
            "your pod also tolerates dedicated=gpu:NoSchedule: tolerate the control-plane taints only"
    return "runs on v1.11's master and today's control-plane node, and still respects other taints"


EXERCISES = [
    Exercise("05-A", "sign cluster-info with a bootstrap token",
             "Write sign_cluster_info(kubeconfig, token): the detached JWS that the bootstrap signer\n"
             "(pkg/controller/bootstrap, cluster-bootstrap/token/jws) stores in kube-public/cluster-info\n"
             "as jws-kubeconfig-<token id>, which a joining node recomputes to trust the ConfigMap.",
             SIGN.lstrip(), "sign_cluster_info", check_sign),
    Exercise("05-B", "tolerate the control-plane taint",
             "Write tolerate_control_plane(pod): the tolerations that let a pod run on a node kubeadm\n"
             "marked as master (v1.11) or control-plane (today), and on no other tainted node.",
             TOLERATE.lstrip(), "tolerate_control_plane", check_tolerate),
]
