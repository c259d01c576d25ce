"""Escalation prevention on Roles, ClusterRoles and their bindings; the bind and escalate verbs."""

import pytest

from k8slab.apiserver.authz.escalation import (breakdown_rule, compact_rules, compact_string, covers,
                                               rule_covers)
from k8slab.apiserver.bootstrap import bootstrap
from k8slab.apiserver.handler import APIServer
from k8slab.client import APIClient, InProcessTransport

from .helpers import RBAC, binding, call, role, rule, subject_user, user

BACKEND = user("backend", "dev")
ROLES = f"/apis/{RBAC}/v1/namespaces/work/roles"
BINDINGS = f"/apis/{RBAC}/v1/namespaces/work/rolebindings"


@pytest.fixture
def api():
    api = APIServer()
    bootstrap(api)
    admin = APIClient(InProcessTransport(api))
    admin.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "work"}})
    # backend may manage roles and bindings in work, and read pods there
    # (not "*": that would include the escalate and bind verbs)
    admin.create(role("rbac-manager", "work", rule(["get", "list", "create", "update", "patch", "delete"], [RBAC],
                                                   ["roles", "rolebindings"]),
                      rule(["get", "list"], [""], ["pods"])))
    admin.create(binding("backend-rbac", "work", "Role", "rbac-manager", subject_user("backend")))
    api.admin = admin
    return api


# ---- policy_comparator.go / policy_compact.go / CompactString --------------------------------

def test_breakdown_and_covers():
    r = rule(["get", "list"], ["", "apps"], ["pods"], names=["a"])
    assert len(breakdown_rule(r)) == 4
    assert breakdown_rule(rule(["get"], urls=["/a", "/b"])) == [
        {"verbs": ["get"], "nonResourceURLs": ["/a"]}, {"verbs": ["get"], "nonResourceURLs": ["/b"]}]
    owner = [rule(["*"], [""], ["pods"]), rule(["get"], ["*"], ["*/scale"]), rule(["get"], urls=["/logs/*"])]
    ok, missing = covers(owner, [rule(["delete"], [""], ["pods"]), rule(["get"], ["apps"], ["deployments/scale"]),
                                 rule(["get"], urls=["/logs/x"])])
    assert ok and missing == []
    ok, missing = covers(owner, [rule(["get"], [""], ["pods/log", "pods"])])
    assert not ok and missing == [{"verbs": ["get"], "apiGroups": [""], "resources": ["pods/log"]}]
    # a rule limited to names does not cover an unnamed request, but covers a named one
    named = rule(["get"], [""], ["secrets"], names=["s"])
    assert not rule_covers(named, {"verbs": ["get"], "apiGroups": [""], "resources": ["secrets"]})
    assert rule_covers(named, {"verbs": ["get"], "apiGroups": [""], "resources": ["secrets"], "resourceNames": ["s"]})


def test_compaction_and_compact_string():
    missing = breakdown_rule(rule(["get", "list"], [""], ["pods"])) + breakdown_rule(rule(["get"], urls=["/x"]))
    compacted = compact_rules(missing)
    assert {"verbs": ["get", "list"], "apiGroups": [""], "resources": ["pods"]} in compacted
    assert compact_string({"verbs": ["get", "list"], "apiGroups": [""], "resources": ["pods"]}) == \
        '{APIGroups:[""], Resources:["pods"], Verbs:["get" "list"]}'
    assert compact_string({"verbs": ["get"], "nonResourceURLs": ["/x"]}) == '{NonResourceURLs:["/x"], Verbs:["get"]}'
    assert compact_string({"verbs": ["get"], "apiGroups": [""], "resources": ["secrets"], "resourceNames": ["s"]}) == \
        '{APIGroups:[""], Resources:["secrets"], ResourceNames:["s"], Verbs:["get"]}'


# ---- through the API --------------------------------------------------------------------------

def test_granting_what_you_hold_is_allowed(api):
    resp = call(api, "POST", ROLES, role("reader", "work", rule(["get"], [""], ["pods"])), as_user=BACKEND)
    assert resp.status == 201, resp.body


def test_granting_more_is_refused_with_upstreams_message_and_nothing_is_stored(api):
    before = api.store.revision
    resp = call(api, "POST", ROLES, role("more", "work", rule(["get", "watch"], [""], ["pods", "secrets"]),
                                         rule(["list"], ["apps"], ["deployments"])), as_user=BACKEND)
    assert resp.status == 403
    assert resp.body["reason"] == "Forbidden"
    assert resp.body["details"] == {"name": "more", "group": RBAC, "kind": "roles"}
    assert resp.body["message"] == (
        'roles.rbac.authorization.k8s.io "more" is forbidden: user "backend" (groups=["dev" '
        '"system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n'
        '{APIGroups:[""], Resources:["pods"], Verbs:["watch"]}\n'
        '{APIGroups:[""], Resources:["secrets"], Verbs:["get" "watch"]}\n'
        '{APIGroups:["apps"], Resources:["deployments"], Verbs:["list"]}')
    assert api.store.revision == before


def test_escalation_is_checked_before_validation(api):
    invalid = role("bad/name", "work", rule(["get"], [""], ["secrets"]))
    resp = call(api, "POST", ROLES, invalid, as_user=BACKEND)
    assert resp.status == 403                   # upstream's policy-based storage refuses first
    assert call(api, "POST", ROLES, invalid).status == 422


def test_update_is_checked_too_but_not_a_gc_only_change(api):
    api.admin.create(role("wide", "work", rule(["*"], [""], ["*"])))
    wide = api.admin.get(f"{RBAC}/v1", "Role", "wide", "work")
    path = f"{ROLES}/wide"
    relabelled = {**wide, "metadata": {**wide["metadata"], "labels": {"a": "b"}}}
    resp = call(api, "PUT", path, relabelled, as_user=BACKEND)
    assert resp.status == 403 and "attempting to grant RBAC permissions not currently held" in resp.body["message"]
    finalized = {**wide, "metadata": {**wide["metadata"], "finalizers": ["example.com/keep"]}}
    assert call(api, "PUT", path, finalized, as_user=BACKEND).status == 200


def test_the_escalate_verb_lets_a_user_write_any_role(api):
    api.admin.create(role("escalator", "work", rule(["escalate"], [RBAC], ["roles"])))
    api.admin.create(binding("escalator", "work", "Role", "escalator", subject_user("backend")))
    resp = call(api, "POST", ROLES, role("more", "work", rule(["*"], ["*"], ["*"])), as_user=BACKEND)
    assert resp.status == 201


def test_binding_a_role_you_hold_is_allowed_and_one_you_do_not_is_refused(api):
    api.admin.create(role("reader", "work", rule(["get"], [""], ["pods"])))
    api.admin.create(role("secrets", "work", rule(["get"], [""], ["secrets"])))
    ok = call(api, "POST", BINDINGS, binding("r", "work", "Role", "reader", subject_user("carol")), as_user=BACKEND)
    assert ok.status == 201
    no = call(api, "POST", BINDINGS, binding("s", "work", "Role", "secrets", subject_user("carol")), as_user=BACKEND)
    assert no.status == 403
    assert no.body["message"] == (
        'rolebindings.rbac.authorization.k8s.io "s" is forbidden: user "backend" (groups=["dev" '
        '"system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n'
        '{APIGroups:[""], Resources:["secrets"], Verbs:["get"]}')
    missing = call(api, "POST", BINDINGS, binding("m", "work", "Role", "nope", subject_user("carol")), as_user=BACKEND)
    assert missing.status == 403
    assert missing.body["message"] == ('rolebindings.rbac.authorization.k8s.io "m" is forbidden: '
                                       'role.rbac.authorization.k8s.io "nope" not found')


def test_the_bind_verb_allows_binding_a_named_role(api):
    api.admin.create(role("secret-reader", None, rule(["get"], [""], ["secrets"])))
    api.admin.create(role("node-reader", None, rule(["get"], [""], ["nodes"])))
    api.admin.create(role("binder", "work", rule(["bind"], [RBAC], ["clusterroles"], names=["secret-reader"])))
    api.admin.create(binding("binder", "work", "Role", "binder", subject_user("backend")))
    ok = call(api, "POST", BINDINGS, binding("a", "work", "ClusterRole", "secret-reader", subject_user("carol")),
              as_user=BACKEND)
    assert ok.status == 201
    no = call(api, "POST", BINDINGS, binding("n", "work", "ClusterRole", "node-reader", subject_user("carol")),
              as_user=BACKEND)
    assert no.status == 403


def test_aggregation_rules_need_full_authority():
    api = APIServer()
    bootstrap(api)
    admin = APIClient(InProcessTransport(api))
    admin.create(role("cr-writer", None, rule(["create"], [RBAC], ["clusterroles"]), rule(["get"], [""], ["pods"])))
    admin.create(binding("cr-writer", None, "ClusterRole", "cr-writer", subject_user("backend")))
    agg = {**role("agg", None), "aggregationRule": {"clusterRoleSelectors": [{"matchLabels": {"x": "y"}}]}}
    resp = call(api, "POST", f"/apis/{RBAC}/v1/clusterroles", agg, as_user=BACKEND)
    assert resp.status == 403
    assert resp.body["message"] == ('clusterroles.rbac.authorization.k8s.io "agg" is forbidden: must have '
                                    'cluster-admin privileges to use the aggregationRule')


def test_non_resource_urls_are_compared_too():
    api = APIServer()
    bootstrap(api)
    admin = APIClient(InProcessTransport(api))
    admin.create(role("cr-writer", None, rule(["create"], [RBAC], ["clusterroles"]),
                      rule(["get"], urls=["/logs/*"])))
    admin.create(binding("cr-writer", None, "ClusterRole", "cr-writer", subject_user("backend")))
    ok = call(api, "POST", f"/apis/{RBAC}/v1/clusterroles",
              role("logs", None, rule(["get"], urls=["/logs/kubelet/*"])), as_user=BACKEND)
    assert ok.status == 201
    no = call(api, "POST", f"/apis/{RBAC}/v1/clusterroles",
              role("metrics", None, rule(["get"], urls=["/metrics", "/healthz"])), as_user=BACKEND)
    assert no.status == 403
    assert no.body["message"].endswith('not currently held:\n{NonResourceURLs:["/metrics"], Verbs:["get"]}')


def test_a_star_verb_includes_escalate(api):
    api.admin.create(role("star", "work", rule(["*"], [RBAC], ["roles"])))
    api.admin.create(binding("star", "work", "Role", "star", subject_user("backend")))
    assert call(api, "POST", ROLES, role("all", "work", rule(["*"], ["*"], ["*"])), as_user=BACKEND).status == 201


def test_masters_may_grant_anything(api):
    assert call(api, "POST", ROLES, role("all", "work", rule(["*"], ["*"], ["*"]))).status == 201
