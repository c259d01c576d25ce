"""ServiceAccount tokens: legacy Secret tokens (book profile) and bound TokenRequest tokens."""

import base64

from k8slab.client import InProcessTransport
from k8slab.controllers.serviceaccount.tokens import decode_token

from .helpers import bearer, cluster, whoami

TR = {"apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest", "spec": {}}


def _legacy_token(c, ns="default", sa="default") -> str:
    account = c.client.get("v1", "ServiceAccount", sa, ns)
    secret = c.client.get("v1", "Secret", account["secrets"][0]["name"], ns)
    return base64.b64decode(secret["data"]["token"]).decode()


def test_a_legacy_secret_token_is_the_service_account():
    c = cluster(profile="book", control_plane=True)
    token = _legacy_token(c)
    uid = c.client.get("v1", "ServiceAccount", "default", "default")["metadata"]["uid"]
    assert whoami(c, **bearer(token)) == (201, {
        "username": "system:serviceaccount:default:default", "uid": uid,
        "groups": ["system:serviceaccounts", "system:serviceaccounts:default", "system:authenticated"]})


def test_a_tampered_legacy_token_is_401_and_a_deleted_secret_invalidates_it():
    c = cluster(profile="book", control_plane=True)
    token = _legacy_token(c)
    head, claims, sig = token.split(".")
    forged = base64.urlsafe_b64encode(base64.urlsafe_b64decode(claims + "==").replace(
        b"serviceaccount:default:default", b"serviceaccount:default:admin!!")).decode().rstrip("=")
    assert whoami(c, **bearer(f"{head}.{forged}.{sig}"))[0] == 401
    assert c.api.authenticator.last_error == "go-jose/go-jose: error in cryptographic primitive"
    secret = c.client.get("v1", "ServiceAccount", "default", "default")["secrets"][0]["name"]
    c.client.delete("v1", "Secret", secret, "default")
    assert whoami(c, **bearer(token))[0] == 401
    assert c.api.authenticator.last_error == "token has been invalidated"


def _request_token(c, ns="default", sa="default", **spec):
    r = InProcessTransport(c.api).request("POST", f"/api/v1/namespaces/{ns}/serviceaccounts/{sa}/token",
                                          body={**TR, "spec": spec})
    return r


def test_a_token_request_issues_a_bound_token_with_upstreams_claims():
    c = cluster()
    c.client.create({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "dash"}}, "default")
    r = _request_token(c, sa="dash")
    assert r.status == 201
    assert r.body["spec"] == {"audiences": ["https://kubernetes.default.svc.cluster.local"],
                              "expirationSeconds": 3600}
    assert r.body["status"]["expirationTimestamp"] == "2023-11-14T23:13:20Z"
    header, claims = decode_token(r.body["status"]["token"])
    assert header["alg"] == "RS256" and header["kid"]
    uid = c.client.get("v1", "ServiceAccount", "dash", "default")["metadata"]["uid"]
    assert claims == {"aud": ["https://kubernetes.default.svc.cluster.local"], "exp": 1_700_003_600,
                      "iat": 1_700_000_000, "iss": "https://kubernetes.default.svc.cluster.local",
                      "jti": claims["jti"], "nbf": 1_700_000_000, "sub": "system:serviceaccount:default:dash",
                      "kubernetes.io": {"namespace": "default", "serviceaccount": {"name": "dash", "uid": uid}}}
    status, user = whoami(c, **bearer(r.body["status"]["token"]))
    assert user == {"username": "system:serviceaccount:default:dash", "uid": uid,
                    "groups": ["system:serviceaccounts", "system:serviceaccounts:default", "system:authenticated"],
                    "extra": {"authentication.kubernetes.io/credential-id": ["JTI=" + claims["jti"]]}}


def test_bound_tokens_expire_and_die_with_their_account():
    c = cluster()
    c.client.create({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "dash"}}, "default")
    token = _request_token(c, sa="dash", expirationSeconds=600).body["status"]["token"]
    assert whoami(c, **bearer(token))[0] == 201
    c.clock.advance(600 + 59)                            # a minute of leeway
    assert whoami(c, **bearer(token))[0] == 201
    c.clock.advance(2)
    assert whoami(c, **bearer(token))[0] == 401
    assert c.api.authenticator.last_error == "service account token has expired"
    token = _request_token(c, sa="dash").body["status"]["token"]
    c.client.delete("v1", "ServiceAccount", "dash", "default")
    c.client.create({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "dash"}}, "default")
    assert whoami(c, **bearer(token))[0] == 401                # same name, new UID
    assert c.api.authenticator.last_error.startswith("service account UID (")


def test_a_token_bound_to_a_secret_dies_with_the_secret():
    c = cluster()
    c.client.create({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "dash"}}, "default")
    s = c.client.create({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "holder"}}, "default")
    r = _request_token(c, sa="dash", boundObjectRef={"kind": "Secret", "apiVersion": "v1", "name": "holder",
                                                    "uid": s["metadata"]["uid"]})
    token = r.body["status"]["token"]
    assert decode_token(token)[1]["kubernetes.io"]["secret"] == {"name": "holder", "uid": s["metadata"]["uid"]}
    assert whoami(c, **bearer(token))[0] == 201
    c.client.delete("v1", "Secret", "holder", "default")
    assert whoami(c, **bearer(token))[0] == 401
    assert c.api.authenticator.last_error == "service account token has been invalidated"


def test_token_request_errors():
    c = cluster()
    c.client.create({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "dash"}}, "default")
    r = _request_token(c, sa="dash", expirationSeconds=10)
    assert r.status == 422
    assert r.body["message"] == ('TokenRequest.authentication.k8s.io "dash" is invalid: spec.expirationSeconds: '
                                 'Invalid value: 10: may not specify a duration less than 10 minutes')
    r = _request_token(c, sa="ghost")
    assert (r.status, r.body["message"]) == (404, 'serviceaccounts "ghost" not found')
    r = _request_token(c, sa="dash", boundObjectRef={"kind": "ConfigMap", "name": "x"})
    assert r.status == 400


def test_token_review_says_whom_a_token_authenticates():
    c = cluster()
    c.client.create({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "dash"}}, "default")
    token = _request_token(c, sa="dash").body["status"]["token"]
    t = InProcessTransport(c.api)
    review = {"apiVersion": "authentication.k8s.io/v1", "kind": "TokenReview", "spec": {"token": token}}
    r = t.request("POST", "/apis/authentication.k8s.io/v1/tokenreviews", body=review)
    assert r.status == 201
    assert r.body["status"]["authenticated"] is True
    assert r.body["status"]["user"]["username"] == "system:serviceaccount:default:dash"
    assert r.body["status"]["audiences"] == ["https://kubernetes.default.svc.cluster.local"]
    r = t.request("POST", "/apis/authentication.k8s.io/v1/tokenreviews",
                  body={**review, "spec": {"token": token + "x"}})
    assert r.body["status"] == {"authenticated": False, "user": {},
                                "error": "go-jose/go-jose: error in cryptographic primitive"}
    r = t.request("POST", "/apis/authentication.k8s.io/v1/tokenreviews",
                  body={**review, "spec": {"token": token, "audiences": ["vault"]}})
    assert r.body["status"]["authenticated"] is False
    assert r.body["status"]["error"] == ('token audiences ["https://kubernetes.default.svc.cluster.local"] '
                                         'is invalid for the target audiences ["vault"]')
    r = t.request("POST", "/apis/authentication.k8s.io/v1/tokenreviews", body={**review, "spec": {}})
    assert (r.status, r.body["message"]) == (400, "token is required for TokenReview in authentication")
