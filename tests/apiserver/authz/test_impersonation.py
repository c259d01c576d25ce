"""Impersonate-User / Impersonate-Group, authorized with the impersonate verb."""

import pytest

from k8slab.apiserver.authz.impersonation import impersonation_requests, split_service_account
from k8slab.apiserver.bootstrap import bootstrap
from k8slab.apiserver.handler import APIServer
from k8slab.apiserver.request import Request
from k8slab.client import APIClient, InProcessTransport

from .helpers import binding, call, role, rule, subject_user, user

WHOAMI = "/apis/authentication.k8s.io/v1/selfsubjectreviews"
SSR = {"apiVersion": "authentication.k8s.io/v1", "kind": "SelfSubjectReview"}


@pytest.fixture(scope="module")
def api():
    api = APIServer()
    bootstrap(api)
    admin = APIClient(InProcessTransport(api))
    admin.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "work"}})
    admin.create(role("pod-reader", "work", rule(["list"], [""], ["pods"])))
    admin.create(binding("read-pods", "work", "Role", "pod-reader", subject_user("backend")))
    # helpdesk may impersonate the user backend, and nobody else
    admin.create(role("impersonate-backend", None, rule(["impersonate"], [""], ["users"], names=["backend"])))
    admin.create(binding("helpdesk", None, "ClusterRole", "impersonate-backend", subject_user("helpdesk")))
    return api


def test_masters_may_act_as_anyone(api):
    resp = call(api, "GET", "/api/v1/namespaces/work/pods", headers={"Impersonate-User": "backend"})
    assert resp.status == 200
    d = api.authz.last_decisions[-1]
    assert d.attributes.user == {"username": "backend", "groups": ["system:authenticated"]}
    assert d.binding == 'RoleBinding "read-pods/work" of Role "pod-reader" to User "backend"'
    resp = call(api, "GET", "/api/v1/namespaces/work/secrets", headers={"Impersonate-User": "backend"})
    assert resp.status == 403
    assert resp.body["message"] == ('secrets is forbidden: User "backend" cannot list resource "secrets" in API '
                                    'group "" in the namespace "work"')


def test_groups_given_are_the_groups_used(api):
    resp = call(api, "POST", WHOAMI, SSR, headers={"Impersonate-User": "backend", "Impersonate-Group": "dev"})
    assert resp.status == 201
    assert api.authz.last_decisions[-1].attributes.user == {"username": "backend",
                                                            "groups": ["dev", "system:authenticated"]}


def test_a_user_needs_the_impersonate_verb(api):
    helpdesk = user("helpdesk")
    ok = call(api, "GET", "/api/v1/namespaces/work/pods", as_user=helpdesk, headers={"Impersonate-User": "backend"})
    assert ok.status == 200
    no = call(api, "GET", "/api/v1/namespaces/work/pods", as_user=helpdesk, headers={"Impersonate-User": "alice"})
    assert no.status == 403
    assert no.body["message"] == ('users "alice" is forbidden: User "helpdesk" cannot impersonate resource '
                                  '"users" in API group "" at the cluster scope')
    assert no.body["details"] == {"name": "alice", "kind": "users"}
    group = call(api, "GET", "/api/v1/namespaces/work/pods", as_user=helpdesk,
                 headers={"Impersonate-User": "backend", "Impersonate-Group": "system:masters"})
    assert group.status == 403
    assert group.body["message"].startswith('groups "system:masters" is forbidden: User "helpdesk" cannot '
                                            'impersonate resource "groups"')


def test_service_account_users_get_their_groups(api):
    resp = call(api, "GET", "/api/v1/namespaces/work/pods",
                headers={"Impersonate-User": "system:serviceaccount:work:robot"})
    assert resp.status == 403
    assert api.authz.last_decisions[-1].attributes.user == {
        "username": "system:serviceaccount:work:robot",
        "groups": ["system:serviceaccounts", "system:serviceaccounts:work", "system:authenticated"]}
    assert split_service_account("system:serviceaccount:ns:name") == ("ns", "name")
    assert split_service_account("system:serviceaccount:ns") is None


def test_groups_without_a_user_are_an_internal_error(api):
    resp = call(api, "GET", "/api/v1/namespaces/work/pods", headers={"Impersonate-Group": "dev"})
    assert resp.status == 500
    assert resp.body["message"] == ("Internal error occurred: requested [{Group  dev    }] without "
                                    "impersonating a user")


def test_repeated_group_headers_and_extras():
    class Multi(dict):
        def getall(self, k, default=()):
            return [v for kk, v in self.pairs if kk.lower() == k.lower()] or list(default)

    headers = Multi()
    headers.pairs = [("Impersonate-User", "u"), ("Impersonate-Group", "a"), ("Impersonate-Group", "b"),
                     ("Impersonate-Extra-Scopes", "view")]
    headers.update(dict(headers.pairs))
    req = Request("GET", "/", headers=dict(headers))
    req.raw_headers = headers
    kinds = [(r["kind"], r["name"]) for r in impersonation_requests(req)]
    assert kinds == [("User", "u"), ("Group", "a"), ("Group", "b"), ("UserExtra", "view")]
