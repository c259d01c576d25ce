"""cluster-info: the bootstrap kubeconfig and its detached JWS signatures."""

import base64
import hashlib
import hmac
import json

from k8slab.kubeadm.clusterinfo import (bootstrap_kubeconfig, configmap, detached_signature,
                                        detached_token_is_valid, rbac_objects)


def _b64(b: bytes) -> str:
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


def test_detached_hs256_signature():
    content = bootstrap_kubeconfig("https://10.0.0.5:6443", b"-----BEGIN CERTIFICATE-----\n")
    sig = detached_signature(content, "abcdef", "0123456789abcdef")
    header, empty, mac = sig.split(".")
    assert empty == ""
    assert json.loads(base64.urlsafe_b64decode(header + "==")) == {"alg": "HS256", "kid": "abcdef"}
    expected = hmac.new(b"0123456789abcdef", f"{header}.{_b64(content.encode())}".encode(), hashlib.sha256).digest()
    assert mac == _b64(expected)
    assert detached_token_is_valid(sig, content, "abcdef", "0123456789abcdef")
    assert not detached_token_is_valid(sig, content + " ", "abcdef", "0123456789abcdef")
    assert not detached_token_is_valid(sig, content, "abcdef", "0123456789abcdee")


def test_configmap_and_rbac():
    cm = configmap("https://10.0.0.5:6443", b"CA")
    assert cm["metadata"] == {"name": "cluster-info", "namespace": "kube-public"}
    assert cm["data"]["kubeconfig"] == (
        "apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: Q0E=\n"
        "    server: https://10.0.0.5:6443\n  name: \"\"\ncontexts: null\ncurrent-context: \"\"\n"
        "kind: Config\npreferences: {}\nusers: null\n")
    role, binding = rbac_objects()
    assert role["rules"] == [{"verbs": ["get"], "apiGroups": [""], "resources": ["configmaps"],
                              "resourceNames": ["cluster-info"]}]
    assert binding["subjects"][0]["name"] == "system:anonymous"
