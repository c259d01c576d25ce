"""The RBAC evaluator: rule matching as evaluation_helpers.go, bindings as rule.go visits them."""

import json

import pytest

from k8slab.apiserver.authz.attributes import Attributes
from k8slab.apiserver.authz.policy_cache import PolicyCache
from k8slab.apiserver.authz.rbac import (ALLOW, NO_OPINION, PolicyRule, RBACAuthorizer, api_group_matches,
                                         non_resource_url_matches, resource_matches, resource_name_matches,
                                         rule_allows, verb_matches)
from k8slab.storage.mvcc import MemoryStore

from .helpers import binding, role, rule, subject_group, subject_sa, subject_user, user

ALICE = user("alice", "dev")


def put(store, obj):
    meta = obj["metadata"]
    plural = {"Role": "roles", "ClusterRole": "clusterroles", "RoleBinding": "rolebindings",
              "ClusterRoleBinding": "clusterrolebindings"}[obj["kind"]]
    key = f"/registry/{plural}/" + (f"{meta['namespace']}/" if meta.get("namespace") else "") + meta["name"]
    store.put(key, json.dumps(obj))
    return key


@pytest.fixture
def store():
    return MemoryStore()


def authorizer(store, *objs):
    for o in objs:
        put(store, o)
    return RBACAuthorizer(PolicyCache(store))


def res(verb, resource, ns="work", group="", name="", sub="", u=ALICE):
    return Attributes(u, verb, namespace=ns, api_group=group, api_version="v1", resource=resource,
                      name=name, subresource=sub)


def url(verb, path, u=ALICE):
    return Attributes(u, verb, resource_request=False, path=path)


# ---- evaluation_helpers.go ----------------------------------------------------------------------

def test_verb_and_group_wildcards():
    r = PolicyRule(rule(["*"], ["*"], ["pods"]))
    assert verb_matches(r, "deletecollection") and api_group_matches(r, "apps")
    r = PolicyRule(rule(["get"], ["apps"], ["deployments"]))
    assert not verb_matches(r, "list") and not api_group_matches(r, "")


def test_resource_matches_exact_subresource_and_star_slash():
    r = PolicyRule(rule(["get"], [""], ["pods/log"]))
    assert resource_matches(r, "pods/log", "log")
    assert not resource_matches(r, "pods", "")               # pods/log does not give pods
    scale = PolicyRule(rule(["get"], ["*"], ["*/scale"]))
    assert resource_matches(scale, "deployments/scale", "scale")
    assert not resource_matches(scale, "deployments", "")
    assert not resource_matches(scale, "deployments/status", "status")
    everything = PolicyRule(rule(["get"], [""], ["*"]))
    assert resource_matches(everything, "pods/exec", "exec")


def test_resource_names_limit_only_when_given():
    assert resource_name_matches(PolicyRule(rule(["get"], [""], ["configmaps"])), "anything")
    named = PolicyRule(rule(["get"], [""], ["configmaps"], names=["a", "b"]))
    assert resource_name_matches(named, "b") and not resource_name_matches(named, "c")
    assert not resource_name_matches(named, "")             # a list (no name) is not allowed


def test_non_resource_urls_with_trailing_star():
    r = PolicyRule(rule(["get"], urls=["/healthz", "/apis/*", "/logs**"]))
    assert non_resource_url_matches(r, "/healthz")
    assert not non_resource_url_matches(r, "/healthz/etcd")
    assert non_resource_url_matches(r, "/apis/apps/v1")
    assert non_resource_url_matches(r, "/apis/")
    assert not non_resource_url_matches(r, "/apis")
    assert non_resource_url_matches(r, "/logs/kubelet.log")  # TrimRight strips every trailing *
    assert non_resource_url_matches(PolicyRule(rule(["*"], urls=["*"])), "/anything")


def test_rule_allows_distinguishes_resource_and_url_requests():
    r = PolicyRule(rule(["get"], [""], ["pods"]))
    assert rule_allows(res("get", "pods"), r)
    assert not rule_allows(url("get", "/api/v1/pods"), r)
    assert rule_allows(url("get", "/version"), PolicyRule(rule(["get"], urls=["/version"])))


@pytest.mark.parametrize("verb,resource,group,sub,name,expected", [
    ("get", "pods", "", "", "p", True),
    ("get", "pods", "", "log", "p", False),
    ("get", "deployments", "apps", "scale", "d", True),
    ("update", "deployments", "apps", "scale", "d", False),
    ("get", "configmaps", "", "", "allowed", True),
    ("get", "configmaps", "", "", "other", False),
    ("list", "configmaps", "", "", "", False),
])
def test_allows_resource_agrees_with_rule_allows(verb, resource, group, sub, name, expected):
    rules = [PolicyRule(rule(["get", "list"], [""], ["pods"])),
             PolicyRule(rule(["get"], ["*"], ["*/scale"])),
             PolicyRule(rule(["get"], [""], ["configmaps"], names=["allowed"]))]
    a = res(verb, resource, group=group, sub=sub, name=name)
    slow = any(rule_allows(a, r) for r in rules)
    combined = f"{resource}/{sub}" if sub else resource
    fast = any(r.allows_resource(verb, group, combined, "*/" + sub if sub else None, name) for r in rules)
    assert slow == fast == expected


# ---- the authorizer over bindings -------------------------------------------------------------

def test_rolebinding_allows_in_its_namespace_only(store):
    a = authorizer(store, role("pod-reader", "work", rule(["get", "list"], [""], ["pods"])),
                   binding("read", "work", "Role", "pod-reader", subject_user("alice")))
    decision, reason, (source, r) = a.authorize(res("list", "pods"))
    assert decision == ALLOW and reason is None             # worded by the Decision when read
    assert str(source) == 'RoleBinding "read/work" of Role "pod-reader" to User "alice"'
    assert r.rule == {"verbs": ["get", "list"], "apiGroups": [""], "resources": ["pods"]}
    assert a.authorize(res("list", "pods", ns="other"))[0] == NO_OPINION
    assert a.authorize(res("list", "pods", ns=""))[0] == NO_OPINION


def test_clusterrolebinding_allows_everywhere_and_names_the_group(store):
    a = authorizer(store, role("reader", None, rule(["get"], [""], ["pods"])),
                   binding("devs-read", None, "ClusterRole", "reader", subject_user("bob"), subject_group("dev")))
    d, _, (source, _) = a.authorize(res("get", "pods", ns="anywhere", name="p"))
    assert d == ALLOW
    assert str(source) == 'ClusterRoleBinding "devs-read" of ClusterRole "reader" to Group "dev"'


def test_rolebinding_to_clusterrole_is_namespaced(store):
    a = authorizer(store, role("reader", None, rule(["get"], [""], ["secrets"])),
                   binding("r", "work", "ClusterRole", "reader", subject_user("alice")))
    assert a.authorize(res("get", "secrets", name="s"))[0] == ALLOW
    assert a.authorize(res("get", "secrets", ns="prod", name="s"))[0] == NO_OPINION


def test_service_account_subjects_default_to_the_binding_namespace(store):
    a = authorizer(store, role("reader", None, rule(["list"], [""], ["pods"])),
                   binding("sa-local", "work", "ClusterRole", "reader", subject_sa("robot")),
                   binding("sa-cluster", None, "ClusterRole", "reader", subject_sa("robot")))
    robot = {"username": "system:serviceaccount:work:robot",
             "groups": ["system:serviceaccounts", "system:serviceaccounts:work", "system:authenticated"]}
    d, _, (source, _) = a.authorize(res("list", "pods", u=robot))
    assert d == ALLOW and str(source).endswith('to ServiceAccount "robot/work"')
    other = {**robot, "username": "system:serviceaccount:prod:robot"}
    assert a.authorize(res("list", "pods", ns="prod", u=other))[0] == NO_OPINION


def test_missing_role_is_reported_as_the_reason(store):
    a = authorizer(store, binding("dangling", "work", "Role", "gone", subject_user("alice")),
                   binding("dangling2", None, "ClusterRole", "gone-too", subject_group("dev")))
    d, reason, considered = a.authorize(res("get", "pods"))
    assert d == NO_OPINION
    assert reason == ('RBAC: [clusterrole.rbac.authorization.k8s.io "gone-too" not found, '
                      'role.rbac.authorization.k8s.io "gone" not found]')
    assert list(considered) == []


def test_first_binding_in_name_order_is_reported(store):
    a = authorizer(store, role("everything", None, rule(["*"], ["*"], ["*"])),
                   binding("zz", None, "ClusterRole", "everything", subject_user("alice")),
                   binding("aa", None, "ClusterRole", "everything", subject_group("dev")))
    assert str(a.authorize(res("delete", "nodes", ns="", name="n"))[2][0]).startswith('ClusterRoleBinding "aa"')


def test_writes_are_seen_by_the_next_decision(store):
    a = authorizer(store, role("reader", None, rule(["get"], [""], ["pods"])))
    assert a.authorize(res("get", "pods", name="p"))[0] == NO_OPINION
    key = put(store, binding("b", "work", "ClusterRole", "reader", subject_user("alice")))
    assert a.authorize(res("get", "pods", name="p"))[0] == ALLOW
    put(store, role("reader", None, rule(["list"], [""], ["pods"])))          # rules changed
    assert a.authorize(res("get", "pods", name="p"))[0] == NO_OPINION
    assert a.authorize(res("list", "pods"))[0] == ALLOW
    store.delete(key)
    assert a.authorize(res("list", "pods"))[0] == NO_OPINION


def test_rules_for_lists_resource_and_url_rules(store):
    a = authorizer(store, role("mixed", None, rule(["get"], [""], ["pods"], names=["p"]),
                               rule(["get"], urls=["/healthz"])),
                   binding("b", None, "ClusterRole", "mixed", subject_user("alice")))
    resource, non_resource, incomplete, error = a.rules_for(ALICE, "work")
    assert resource == [{"verbs": ["get"], "apiGroups": [""], "resources": ["pods"], "resourceNames": ["p"]}]
    assert non_resource == [{"verbs": ["get"], "nonResourceURLs": ["/healthz"]}]
    assert (incomplete, error) == (False, "")


def test_rules_by_verb_keep_their_order():
    from k8slab.apiserver.authz.rbac import compile_rules
    rules = compile_rules([rule(["get"], [""], ["pods"]), rule(["*"], [""], ["secrets"]),
                           rule(["list", "get"], [""], ["configmaps"])])
    assert [r.rule["resources"] for r in rules.for_verb("get")] == [["pods"], ["secrets"], ["configmaps"]]
    assert [r.rule["resources"] for r in rules.for_verb("delete")] == [["secrets"]]
    assert rules.for_verb("delete") is rules.for_verb("delete")
