"""The authorizer chain: --authorization-mode, the union, the system:masters short-circuit, and
the decisions it keeps."""

import pytest

from k8slab.apiserver.authz import parse_modes
from k8slab.apiserver.authz.attributes import Attributes
from k8slab.apiserver.bootstrap import bootstrap
from k8slab.apiserver.handler import APIServer
from k8slab.client import APIClient, InProcessTransport

from .helpers import binding, call, role, rule, subject_user, user

ALICE = user("alice")


def server(mode="Node,RBAC"):
    api = APIServer(authorization_mode=mode)
    bootstrap(api)
    admin = APIClient(InProcessTransport(api))
    admin.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "work"}})
    return api, admin


def test_modes_parse_as_upstream_validates_them():
    assert parse_modes("Node,RBAC") == ["Node", "RBAC"]
    assert parse_modes(" RBAC , AlwaysDeny ") == ["RBAC", "AlwaysDeny"]
    with pytest.raises(ValueError, match="^at least one authorization-mode must be passed$"):
        parse_modes("")
    with pytest.raises(ValueError, match='^authorization-mode "Foo" is not a valid mode$'):
        parse_modes("RBAC,Foo")
    with pytest.raises(ValueError, match=r'^authorization-mode "\[RBAC RBAC\]" has mode specified more than once$'):
        parse_modes("RBAC,RBAC")
    with pytest.raises(ValueError, match='"ABAC" is not supported by k8slab'):
        parse_modes("ABAC")
    with pytest.raises(ValueError):
        APIServer(authorization_mode="Nope")


def test_default_is_node_then_rbac():
    api = APIServer()
    assert api.authz.modes == ["Node", "RBAC"]
    assert [a.name for a in api.authz.authorizers] == ["PrivilegedGroups", "Node", "RBAC"]


def test_masters_are_allowed_before_any_mode_is_asked():
    api, _ = server("AlwaysDeny")
    resp = call(api, "GET", "/api/v1/namespaces/work/pods")                  # the in-process admin
    assert resp.status == 200
    d = api.authz.last_decisions[-1]
    assert (d.decision, d.authorizer, d.reason) == ("Allow", "PrivilegedGroups", "")
    assert d.attributes.describe() == "list pods in namespace work"
    resp = call(api, "GET", "/api/v1/namespaces/work/pods", as_user=user("root", "system:masters"))
    assert resp.status == 200


def test_always_deny_gives_its_reason():
    api, _ = server("AlwaysDeny")
    resp = call(api, "GET", "/api/v1/namespaces/work/pods", as_user=ALICE)
    assert resp.status == 403
    assert resp.body["message"] == ('pods is forbidden: User "alice" cannot list resource "pods" in API group "" '
                                    'in the namespace "work": Everything is forbidden.')


def test_always_allow_allows_anyone():
    api, _ = server("AlwaysAllow")
    assert call(api, "DELETE", "/api/v1/namespaces/work/pods", as_user=ALICE).status == 200
    assert api.authz.last_decisions[-1].authorizer == "AlwaysAllow"


def test_no_opinion_goes_on_to_the_next_mode():
    api, _ = server("AlwaysDeny,AlwaysAllow")
    assert call(api, "GET", "/api/v1/namespaces/work/pods", as_user=ALICE).status == 200
    d = api.authz.last_decisions[-1]
    assert d.authorizer == "AlwaysAllow"
    assert [t[0] for t in d.trail] == ["PrivilegedGroups", "AlwaysDeny"]


def test_rbac_denial_and_then_allowance_are_recorded():
    api, admin = server()
    resp = call(api, "GET", "/api/v1/namespaces/work/configmaps", as_user=ALICE)
    assert resp.status == 403
    denied = api.authz.last_denials[-1]
    assert denied.attributes.username == "alice"
    assert [t[0] for t in denied.trail] == ["PrivilegedGroups", "Node", "RBAC"]
    assert "no binding" not in denied.explain()          # system:authenticated has bindings
    assert 'ClusterRoleBinding "system:basic-user"' in denied.explain()
    admin.create(role("cm", "work", rule(["list"], [""], ["configmaps"])))
    admin.create(binding("cm", "work", "Role", "cm", subject_user("alice")))
    resp = call(api, "GET", "/api/v1/namespaces/work/configmaps", as_user=ALICE)
    assert resp.status == 200
    d = api.authz.last_decisions[-1]
    assert (d.authorizer, d.binding) == ("RBAC", 'RoleBinding "cm/work" of Role "cm" to User "alice"')
    assert d.rule == {"verbs": ["list"], "apiGroups": [""], "resources": ["configmaps"]}
    assert d.to_dict()["binding"] == {"kind": "RoleBinding", "name": "cm", "namespace": "work",
                                      "roleRef": {"kind": "Role", "name": "cm"},
                                      "subject": subject_user("alice")}


def test_authorization_comes_before_routing():
    api, _ = server()
    resp = call(api, "GET", "/apis/nosuch.example.com/v1/things", as_user=ALICE)
    assert resp.status == 403
    assert call(api, "GET", "/apis/nosuch.example.com/v1/things").status == 404


def test_public_info_and_discovery():
    api, _ = server()
    anonymous = {"username": "system:anonymous", "groups": ["system:unauthenticated"]}
    for path in ("/healthz", "/livez", "/readyz", "/version"):
        assert call(api, "GET", path, as_user=anonymous).status == 200, path
    assert call(api, "GET", "/api", as_user=anonymous).status == 403          # discovery needs a login
    for path in ("/api", "/api/v1", "/apis", "/apis/apps/v1", "/openapi/v2", "/healthz"):
        assert call(api, "GET", path, as_user=ALICE).status == 200, path
    resp = call(api, "GET", "/metrics", as_user=ALICE)
    assert resp.status == 403 and resp.body["message"] == 'forbidden: User "alice" cannot get path "/metrics"'


def test_request_carries_its_decision():
    from k8slab.apiserver.request import Request
    api, _ = server()
    req = Request("GET", "/api/v1/namespaces/work/pods", {}, user=ALICE, in_process=True)
    assert api.handle(req).status == 403
    assert req.authorization.decision == "NoOpinion"
    assert req.authorization is api.authz.last_denials[-1]


def test_authorize_directly():
    api, _ = server()
    d = api.authz.authorize(Attributes(ALICE, "create", api_group="authorization.k8s.io",
                                       resource="selfsubjectaccessreviews"))
    assert d.allowed and d.binding.startswith('ClusterRoleBinding "system:basic-user"')


def test_up_refuses_a_mode_it_does_not_know(tmp_path):
    import subprocess
    import sys
    p = subprocess.run([sys.executable, "-m", "k8slab.cli", "up", "--authorization-mode", "RBAC,Foo",
                        "--data-dir", str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert p.returncode == 2
    assert p.stderr.strip() == 'k8slab up: --authorization-mode: authorization-mode "Foo" is not a valid mode'
