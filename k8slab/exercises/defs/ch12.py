"""Chapter 12 (kube-apiserver): a Role and RoleBinding that turn a 403 into a 200; RBAC's rule match."""

from __future__ import annotations

import random

from ..registry import Exercise

READER = '''
def pod_reader(namespace: str, user: str) -> list:
    """The RBAC objects (plain dicts, rbac.authorization.k8s.io/v1) that let `user` get, list and
    watch pods and read their logs (the subresource pods/log) in `namespace`, and nothing more:
    not in other namespaces, not other resources, no writes. Use a Role and a RoleBinding.
    """
    # BEGIN SOLUTION
    role = {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
            "metadata": {"name": "pod-reader", "namespace": namespace},
            "rules": [{"apiGroups": [""], "resources": ["pods", "pods/log"], "verbs": ["get", "list", "watch"]}]}
    binding = {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
               "metadata": {"name": f"{user}-reads-pods", "namespace": namespace},
               "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "pod-reader"},
               "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": user}]}
    return [role, binding]
    # END SOLUTION
'''


def check_reader(pod_reader) -> str:
    from k8slab import Cluster
    from k8slab.apiserver.errors import APIError
    from k8slab.client import APIClient, InProcessTransport
    c = Cluster(nodes=1, seed=0)
    c.kubectl("create namespace team-a")
    c.apply({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web", "namespace": "team-a"},
             "spec": {"containers": [{"name": "web", "image": "nginx"}]}})
    objects = pod_reader("team-a", "jane")
    assert isinstance(objects, list) and objects, "return a list of RBAC objects"
    kinds = sorted(o.get("kind", "") for o in objects)
    assert "ClusterRoleBinding" not in kinds, "a ClusterRoleBinding grants in every namespace; use a RoleBinding"
    for o in objects:
        c.client.create(o, (o.get("metadata") or {}).get("namespace"))
    jane = APIClient(InProcessTransport(c.api, user={"username": "jane", "groups": ["system:authenticated"]}))
    allowed = [("GET", "/api/v1/namespaces/team-a/pods", {}), ("GET", "/api/v1/namespaces/team-a/pods/web", {}),
               ("GET", "/api/v1/namespaces/team-a/pods/web/log", {})]
    for method, path, query in allowed:
        r = jane.raw(method, path, **query)
        assert r.status == 200, f"jane should be able to {method} {path}, the server said {r.status}: {r.body}"
    d = c.api.authz.last_decisions[-1]
    assert d.allowed and d.source is not None and "RoleBinding" in str(d.source), \
        f"the last read should be allowed by your RoleBinding; the decision was: {d.explain()}"
    try:
        jane.watch("v1", "Pod", "team-a")
    except APIError as e:
        raise AssertionError(f"jane should be able to watch pods in team-a: {e}")
    refused = [("DELETE", "/api/v1/namespaces/team-a/pods/web", "delete pods"),
               ("GET", "/api/v1/namespaces/team-a/secrets", "list secrets"),
               ("GET", "/api/v1/namespaces/default/pods", "list pods in default"),
               ("GET", "/api/v1/pods", "list pods in all namespaces"),
               ("GET", "/apis/apps/v1/namespaces/team-a/deployments", "list deployments")]
    for method, path, what in refused:
        r = jane.raw(method, path)
        assert r.status == 403, f"jane must not {what}, but the server answered {r.status}"
    return "jane reads pods and their logs in team-a and gets 403 for the 5 requests outside her Role"


RULE = '''
def rule_allows(rule: dict, verb: str, api_group: str, resource: str, subresource: str = "",
                name: str = "") -> bool:
    """Does one RBAC PolicyRule (a dict with verbs, apiGroups, resources and optionally
    resourceNames) allow this resource request? Upstream's RuleAllows
    (plugin/pkg/auth/authorizer/rbac/rbac.go, pkg/apis/rbac/v1/evaluation_helpers.go):
    - verbs: "*" or the verb;
    - apiGroups: "*" or the group ("" is the core group);
    - resources: "*", the resource, "resource/subresource" when there is a subresource (then the
      bare resource does not match), or "*/subresource";
    - resourceNames: empty matches any name, otherwise the name must be listed.
    """
    # BEGIN SOLUTION
    verbs = rule.get("verbs") or []
    groups = rule.get("apiGroups") or []
    resources = rule.get("resources") or []
    names = rule.get("resourceNames") or []
    if "*" not in verbs and verb not in verbs:
        return False
    if "*" not in groups and api_group not in groups:
        return False
    combined = f"{resource}/{subresource}" if subresource else resource
    if not ("*" in resources or combined in resources or (subresource and f"*/{subresource}" in resources)):
        return False
    return not names or name in names
    # END SOLUTION
'''

_CASES = [
    ({"verbs": ["get"], "apiGroups": [""], "resources": ["pods"]}, ("get", "", "pods", "", "web"), True,
     "the plain case"),
    ({"verbs": ["get"], "apiGroups": [""], "resources": ["pods"]}, ("delete", "", "pods", "", "web"), False,
     "a verb the rule does not list"),
    ({"verbs": ["*"], "apiGroups": [""], "resources": ["pods"]}, ("delete", "", "pods", "", ""), True,
     "verbs: ['*']"),
    ({"verbs": ["list"], "apiGroups": [""], "resources": ["deployments"]}, ("list", "apps", "deployments", "", ""),
     False, "deployments are in group apps, not the core group"),
    ({"verbs": ["list"], "apiGroups": ["*"], "resources": ["deployments"]}, ("list", "apps", "deployments", "", ""),
     True, "apiGroups: ['*']"),
    ({"verbs": ["get"], "apiGroups": [""], "resources": ["pods"]}, ("get", "", "pods", "log", "web"), False,
     "pods does not cover the subresource pods/log"),
    ({"verbs": ["get"], "apiGroups": [""], "resources": ["pods/log"]}, ("get", "", "pods", "log", "web"), True,
     "resources: ['pods/log']"),
    ({"verbs": ["get"], "apiGroups": [""], "resources": ["pods/log"]}, ("get", "", "pods", "", "web"), False,
     "pods/log does not cover pods"),
    ({"verbs": ["update"], "apiGroups": ["apps"], "resources": ["*/scale"]},
     ("update", "apps", "deployments", "scale", "web"), True, "resources: ['*/scale']"),
    ({"verbs": ["update"], "apiGroups": ["apps"], "resources": ["*/scale"]},
     ("update", "apps", "deployments", "", "web"), False, "*/scale does not cover the resource itself"),
    ({"verbs": ["get"], "apiGroups": [""], "resources": ["*"]}, ("get", "", "secrets", "", "x"), True,
     "resources: ['*']"),
    ({"verbs": ["get"], "apiGroups": [""], "resources": ["*"]}, ("get", "", "pods", "exec", "x"), True,
     "resources: ['*'] covers subresources too"),
    ({"verbs": ["get"], "apiGroups": [""], "resources": ["configmaps"], "resourceNames": ["app"]},
     ("get", "", "configmaps", "", "app"), True, "a listed resourceName"),
    ({"verbs": ["get"], "apiGroups": [""], "resources": ["configmaps"], "resourceNames": ["app"]},
     ("get", "", "configmaps", "", "other"), False, "a name that is not in resourceNames"),
    ({"verbs": ["list"], "apiGroups": [""], "resources": ["configmaps"], "resourceNames": ["app"]},
     ("list", "", "configmaps", "", ""), False, "resourceNames with a list of everything (no name)"),
]


def check_rule(rule_allows) -> str:
    for rule, (verb, group, resource, sub, name), want, why in _CASES:
        got = rule_allows(rule, verb, group, resource, sub, name)
        assert bool(got) == want, \
            f"{why}: rule {rule} on {verb} {group or 'core'}/{resource}{'/' + sub if sub else ''} " \
            f"name={name!r} should give {want}, got {got}"
    # and k8slab's own RBAC matcher on seeded random rules and requests
    from k8slab.apiserver.authz import rbac
    from k8slab.apiserver.authz.attributes import Attributes
    rng = random.Random(12)
    pick = lambda options: sorted(set(rng.sample(options, rng.randint(1, 2))))    # noqa: E731
    for _ in range(300):
        rule = {"verbs": pick(["get", "list", "delete", "*"]), "apiGroups": pick(["", "apps", "*"]),
                "resources": pick(["pods", "pods/log", "deployments", "*/scale", "*", "deployments/scale"])}
        if rng.random() < 0.3:
            rule["resourceNames"] = pick(["a", "b"])
        verb, group = rng.choice(["get", "list", "delete"]), rng.choice(["", "apps"])
        resource, sub = rng.choice([("pods", ""), ("pods", "log"), ("deployments", ""), ("deployments", "scale")])
        name = rng.choice(["", "a", "b"])
        want = rbac.rule_allows(Attributes({"username": "u"}, verb, api_group=group, resource=resource,
                                           subresource=sub, name=name), rbac.PolicyRule(rule))
        got = rule_allows(rule, verb, group, resource, sub, name)
        assert bool(got) == want, f"rule {rule} on {verb} {group}/{resource}/{sub} name={name!r}: " \
                                  f"the API server says {want}, you said {got}"
    return f"{len(_CASES)} worked cases and 300 random ones agree with the API server"


EXERCISES = [
    Exercise("12-A", "a Role and a RoleBinding: from 403 to 200",
             "Write pod_reader(namespace, user): the Role and RoleBinding that let a user read pods and\n"
             "their logs in one namespace, and nothing else.",
             READER.lstrip(), "pod_reader", check_reader),
    Exercise("12-B", "RuleAllows: does one PolicyRule allow a request",
             "Write rule_allows(rule, verb, api_group, resource, subresource, name), the test the RBAC\n"
             "authorizer applies to every rule of every role bound to the user.",
             RULE.lstrip(), "rule_allows", check_rule),
]
