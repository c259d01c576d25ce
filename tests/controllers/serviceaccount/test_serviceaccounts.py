"""ServiceAccounts and (book profile) token Secrets, through the API."""

import base64

from k8slab import Cluster
from k8slab.apiserver.errors import APIError
from k8slab.controllers.serviceaccount import ServiceAccountsController, TokensController
from k8slab.controllers.serviceaccount.tokens import decode_token, verify_token


def cluster(*controllers, profile="current"):
    c = Cluster(start=False, profile=profile)
    for ctl in controllers:
        c.add_component(ctl)
    c.start()
    return c


def ns(name):
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}


def test_default_service_account_in_every_namespace():
    c = cluster(ServiceAccountsController())
    for name in ("default", "kube-system", "kube-public", "kube-node-lease"):
        assert c.client.get("v1", "ServiceAccount", "default", name)["metadata"]["name"] == "default"
    c.apply(ns("work"))
    assert c.client.get("v1", "ServiceAccount", "default", "work")


def test_deleted_default_service_account_comes_back():
    c = cluster(ServiceAccountsController())
    uid = c.client.get("v1", "ServiceAccount", "default", "default")["metadata"]["uid"]
    c.client.delete("v1", "ServiceAccount", "default", "default")
    c.settle()
    again = c.client.get("v1", "ServiceAccount", "default", "default")
    assert again["metadata"]["uid"] != uid


def test_other_service_accounts_are_left_alone():
    c = cluster(ServiceAccountsController())
    c.apply({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "tiller", "namespace": "kube-system"}})
    c.client.delete("v1", "ServiceAccount", "tiller", "kube-system")
    c.settle()
    try:
        c.client.get("v1", "ServiceAccount", "tiller", "kube-system")
        raise AssertionError("tiller came back")
    except APIError as e:
        assert e.code == 404


def test_current_profile_creates_no_token_secrets():
    c = cluster(ServiceAccountsController(), TokensController())
    assert c.client.list("v1", "Secret", "default")["items"] == []
    assert not c.client.get("v1", "ServiceAccount", "default", "default").get("secrets")


def test_book_profile_token_secret():
    c = cluster(ServiceAccountsController(), TokensController(), profile="book")
    sa = c.client.get("v1", "ServiceAccount", "default", "kube-system")
    [ref] = sa["secrets"]
    assert ref["name"].startswith("default-token-") and len(ref["name"]) == len("default-token-") + 5
    secret = c.client.get("v1", "Secret", ref["name"], "kube-system")
    assert secret["type"] == "kubernetes.io/service-account-token"
    assert secret["metadata"]["annotations"] == {"kubernetes.io/service-account.name": "default",
                                                 "kubernetes.io/service-account.uid": sa["metadata"]["uid"]}
    assert sorted(secret["data"]) == ["ca.crt", "namespace", "token"]
    assert base64.b64decode(secret["data"]["namespace"]) == b"kube-system"
    assert base64.b64decode(secret["data"]["ca.crt"]).startswith(b"-----BEGIN CERTIFICATE-----")
    token = base64.b64decode(secret["data"]["token"]).decode()
    header, claims = decode_token(token)
    assert header == {"alg": "RS256", "kid": ""}
    assert claims == {
        "iss": "kubernetes/serviceaccount",
        "kubernetes.io/serviceaccount/namespace": "kube-system",
        "kubernetes.io/serviceaccount/secret.name": ref["name"],
        "kubernetes.io/serviceaccount/service-account.name": "default",
        "kubernetes.io/serviceaccount/service-account.uid": sa["metadata"]["uid"],
        "sub": "system:serviceaccount:kube-system:default"}
    assert list(claims) == sorted(claims)
    assert verify_token(c.api.service_account_key, token)


def test_book_profile_secret_deleted_is_replaced_and_unreferenced():
    c = cluster(ServiceAccountsController(), TokensController(), profile="book")
    [ref] = c.client.get("v1", "ServiceAccount", "default", "default")["secrets"]
    c.client.delete("v1", "Secret", ref["name"], "default")
    c.settle()
    refs = c.client.get("v1", "ServiceAccount", "default", "default")["secrets"]
    assert [r["name"] for r in refs] != [ref["name"]] and len(refs) == 1


def test_tokens_of_a_deleted_service_account_are_deleted():
    c = cluster(ServiceAccountsController(), TokensController(), profile="book")
    c.apply({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "dashboard", "namespace": "kube-system"}})
    [ref] = c.client.get("v1", "ServiceAccount", "dashboard", "kube-system")["secrets"]
    c.client.delete("v1", "ServiceAccount", "dashboard", "kube-system")
    c.settle()
    names = [s["metadata"]["name"] for s in c.client.list("v1", "Secret", "kube-system")["items"]]
    assert ref["name"] not in names


def test_manual_token_secret_is_populated_in_current_profile():
    c = cluster(ServiceAccountsController(), TokensController())
    c.apply({"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/service-account-token",
             "metadata": {"name": "mytoken", "namespace": "default",
                          "annotations": {"kubernetes.io/service-account.name": "default"}}})
    secret = c.client.get("v1", "Secret", "mytoken", "default")
    assert sorted(secret["data"]) == ["ca.crt", "namespace", "token"]
    header, claims = decode_token(base64.b64decode(secret["data"]["token"]).decode())
    assert header["kid"] and claims["sub"] == "system:serviceaccount:default:default"
    uid = c.client.get("v1", "ServiceAccount", "default", "default")["metadata"]["uid"]
    assert secret["metadata"]["annotations"]["kubernetes.io/service-account.uid"] == uid
