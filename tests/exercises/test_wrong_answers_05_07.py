"""The checks of chapters 5-7 reject typical wrong answers, each with a message that says why."""

import base64
import copy
import hashlib
import hmac
import json

from k8slab.exercises import check


def test_05a_hmac_keyed_by_the_whole_token():
    def sign_cluster_info(kubeconfig, token):
        b64 = lambda data: base64.urlsafe_b64encode(data).decode().rstrip("=")     # noqa: E731
        token_id = token.split(".")[0]
        header = b64(json.dumps({"alg": "HS256", "kid": token_id}, separators=(",", ":")).encode())
        mac = hmac.new(token.encode(), f"{header}.{b64(kubeconfig.encode())}".encode(), hashlib.sha256)
        return f"{header}..{b64(mac.digest())}"
    r = check("05-A", sign_cluster_info)
    assert not r and "is the HMAC keyed by the secret part only" in r.message


def test_05a_padding_kept():
    def sign_cluster_info(kubeconfig, token):
        return base64.urlsafe_b64encode(b'{"alg":"HS256","kid":"abcdef"}').decode() + "..x="
    r = check("05-A", sign_cluster_info)
    assert not r and r.message == "base64url in a JWS has no '=' padding"


def test_05b_tolerating_everything_or_only_v1_11():
    def tolerate_everything(pod):
        out = copy.deepcopy(pod)
        out["spec"].setdefault("tolerations", []).append({"operator": "Exists"})
        return out
    r = check("05-B", tolerate_everything)
    assert not r and r.message == "your pod also tolerates dedicated=gpu:NoSchedule: tolerate the control-plane taints only"

    def tolerate_master_only(pod):
        out = copy.deepcopy(pod)
        out["spec"].setdefault("tolerations", []).append(
            {"key": "node-role.kubernetes.io/master", "operator": "Exists", "effect": "NoSchedule"})
        return out
    r = check("05-B", tolerate_master_only)
    assert not r and r.message == "on a current-profile control-plane node your pod is Pending and not running"


def test_06a_no_namespace_in_the_path():
    def request_path(word, name, namespace, resources):
        for r in resources:
            if word in (r["name"], r["singularName"], *r["shortNames"]):
                base = f"/apis/{r['group']}/{r['version']}" if r["group"] else f"/api/{r['version']}"
                return f"{base}/{r['name']}" + (f"/{name}" if name else "")
        return None
    r = check("06-A", request_path)
    assert not r and r.message == ("kubectl get pods -n default: kubectl requested /api/v1/namespaces/default/pods, "
                                   "you said /api/v1/pods")


def test_06b_ignores_the_context_namespace():
    def effective_target(kubeconfig, context="", namespace="", server=""):
        ctx = next(c["context"] for c in kubeconfig["contexts"]
                   if c["name"] == (context or kubeconfig["current-context"]))
        url = server or next(c["cluster"]["server"] for c in kubeconfig["clusters"] if c["name"] == ctx["cluster"])
        return url, namespace or "default"
    r = check("06-B", effective_target)
    assert not r and r.message == ("kubectl (no flags): kubectl used ('https://192.168.99.101:8443', 'work'), "
                                   "you said ('https://192.168.99.101:8443', 'default')")


def test_07a_index_instead_of_modulo():
    r = check("07-A", lambda suffix: "".join(str("bcdfghjklmnpqrstvwxz2456789".index(ch)) for ch in suffix))
    assert not r and r.message == "the booklet's 7c7545cbcb comes from 3731017676, you said '241242221221010'"


def test_07b_equality_only():
    def selects(selector, labels):
        return all(labels.get(req.split("=")[0]) == req.split("=")[-1] for req in selector.split(",") if req)
    r = check("07-B", selects)
    assert not r and r.message.startswith("kubectl get pods -l 'env!=prod' lists ['bare', 'batch', 'redis-b', 'web-b']")
