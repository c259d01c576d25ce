"""The chain: credentials checked in upstream's order, system:authenticated added, anonymous
last (and only when no credential was presented), 401 otherwise."""

from k8slab.apiserver.authn import Authenticator, bearer_token
from k8slab.apiserver.authn.user import insecure_superuser
from k8slab.apiserver.request import Request

from .helpers import bearer, client_cert, cluster, whoami


def test_no_credentials_is_anonymous_on_the_wire_and_admin_in_process():
    c = cluster()
    req = Request("GET", "/api")                          # as the secure port builds it
    assert c.api.authenticator.authenticate(req) == {"username": "system:anonymous",
                                                     "groups": ["system:unauthenticated"]}
    assert whoami(c) == (201, {"username": "system:admin", "groups": ["system:masters", "system:authenticated"]})


def test_anonymous_auth_false_makes_no_credentials_401():
    c = cluster(anonymous=False)
    req = Request("GET", "/api")
    try:
        c.api.authenticator.authenticate(req)
        raise AssertionError("anonymous request accepted")
    except Exception as e:
        assert e.status() == {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                              "message": "Unauthorized", "reason": "Unauthorized", "code": 401}


def test_a_bad_credential_is_never_downgraded_to_anonymous():
    c = cluster()
    assert whoami(c, **bearer("garbage"))[0] == 401
    assert whoami(c, peer_certificates=[client_cert("x", (), ca_name="other")])[0] == 401


def test_a_good_certificate_wins_over_a_bad_token_and_a_good_token_over_a_bad_certificate():
    c = cluster(token_file=None)
    from k8slab.apiserver.authn.tokenfile import TokenFileAuthenticator
    c.api.authenticator.token_authenticators.insert(0, TokenFileAuthenticator.from_text("t1,tina,7\n"))
    status, user = whoami(c, peer_certificates=[client_cert("backend", ("dev",))], **bearer("nope"))
    assert (status, user["username"]) == (201, "backend")
    status, user = whoami(c, peer_certificates=[client_cert("x", (), ca_name="other")], **bearer("t1"))
    assert (status, user["username"]) == (201, "tina")


def test_the_insecure_port_user_and_a_preset_user_skip_authentication():
    c = cluster(anonymous=False)
    req = Request("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews",
                  body=b'{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}',
                  content_type="application/json", user=insecure_superuser())
    resp = c.api.handle(req)
    assert resp.status == 201
    assert resp.body["status"]["userInfo"] == {"username": "system:unsecured",
                                               "groups": ["system:masters", "system:authenticated"]}


def test_bearer_header_parsing():
    assert bearer_token({"Authorization": "Bearer abc"}) == "abc"
    assert bearer_token({"authorization": "bearer   abc "}) == "abc"
    assert bearer_token({"Authorization": "Bearer"}) is None
    assert bearer_token({"Authorization": "Basic YTpi"}) is None
    assert bearer_token({}) is None


def test_a_default_authenticator_is_made_on_first_use():
    c = cluster()
    c.api.authenticator = None
    assert whoami(c)[1]["username"] == "system:admin"
    assert isinstance(c.api.authenticator, Authenticator)
    assert c.api.authenticator.x509 is None              # no client CA until one is given


def test_each_request_records_which_authenticator_identified_it():
    from k8slab.apiserver.authn.tokenfile import TokenFileAuthenticator
    c = cluster(token_file=None)
    c.api.authenticator.token_authenticators.insert(0, TokenFileAuthenticator.from_text("t1,tina,7,dev\n"))

    def record(**kw):
        req = Request("GET", "/api", **kw)
        try:
            c.api.authenticator.authenticate(req)
        except Exception:
            pass
        a = req.authentication
        return a.authenticator, a.user and a.user["username"], a.error

    assert record(peer_certificates=[client_cert("backend", ("dev",))]) == ("x509", "backend", "")
    assert record(headers={"Authorization": "Bearer t1"}) == ("tokenfile", "tina", "")
    assert record() == ("anonymous", "system:anonymous", "")
    assert record(in_process=True) == ("in-process", "system:admin", "")
    assert record(headers={"Authorization": "Bearer nope"}) == ("", None, "invalid bearer token")
    req = Request("GET", "/api", headers={"Authorization": "Bearer t1"})
    c.api.authenticator.authenticate(req)
    assert req.authentication.user == {"username": "tina", "uid": "7", "groups": ["dev", "system:authenticated"]}
    assert repr(req.authentication) == "<Authentication by tokenfile: tina>"


def test_the_authorization_decision_carries_the_authentication():
    from k8slab.apiserver.authn.tokenfile import TokenFileAuthenticator
    c = cluster(token_file=None)
    c.api.authenticator.token_authenticators.insert(0, TokenFileAuthenticator.from_text("t1,tina,7\n"))
    whoami(c, **bearer("t1"))
    d = c.api.authz.last_decisions[-1]
    assert (d.user["username"], d.authentication.authenticator) == ("tina", "tokenfile")
    whoami(c)                                              # in-process, no credentials: system:admin
    d = c.api.authz.last_decisions[-1]
    assert (d.authorizer, d.authentication.authenticator) == ("PrivilegedGroups", "in-process")
