"""Upstream's default ClusterRoles: the user-facing ones (cluster-admin, admin, edit, view and the
aggregate-to-* roles they gather from), the discovery and public-info roles, and the roles of the
system components.

Follows `plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go` (ClusterRoles) as its golden
file `testdata/cluster-roles.yaml` renders it for v1.32: each rule's verbs, groups, resources,
names and URLs sorted (PolicyRuleBuilder.Rule), `Read` = get/list/watch, `Write` =
create/update/patch/delete/deletecollection, and the events rule of the components.
`bootstrap.py` turns these into objects and creates them at startup.
"""

from __future__ import annotations

READ = ("get", "list", "watch")
READ_WRITE = ("get", "list", "watch", "create", "update", "patch", "delete", "deletecollection")
WRITE = ("create", "delete", "deletecollection", "patch", "update")
LEGACY = ""
EVENTS_GROUPS = ("", "events.k8s.io")


def rule(verbs, groups=(), resources=(), names=(), urls=()) -> dict:
    """A PolicyRule dict as the API serves it (field order verbs, apiGroups, resources,
    resourceNames, nonResourceURLs; each list sorted as the rule builder sorts it)."""
    if isinstance(verbs, str):
        verbs = (verbs,)
    out = {"verbs": sorted(verbs)}
    if groups or resources:
        out["apiGroups"] = sorted((groups,) if isinstance(groups, str) else groups)
        out["resources"] = sorted(resources)
    if names:
        out["resourceNames"] = sorted(names)
    if urls:
        out["nonResourceURLs"] = sorted(urls)
    return out


def events_rule() -> dict:
    return rule(("create", "update", "patch"), EVENTS_GROUPS, ("events",))


AGGREGATE_TO = "rbac.authorization.k8s.io/aggregate-to-"

# name -> (rules, extra labels); aggregated roles have rules None and an aggregationRule
AGGREGATED = {
    "admin": ("admin", {}),
    "edit": ("edit", {AGGREGATE_TO + "admin": "true"}),
    "view": ("view", {AGGREGATE_TO + "edit": "true"}),
}

CLUSTER_ROLES: dict[str, tuple[list[dict], dict]] = {
    "cluster-admin": ([rule("*", "*", ("*",)), rule("*", urls=("*",))], {}),
    "system:aggregate-to-admin": ([
        rule("create", "authorization.k8s.io", ("localsubjectaccessreviews",)),
        rule(READ_WRITE, "rbac.authorization.k8s.io", ("rolebindings", "roles")),
    ], {AGGREGATE_TO + "admin": "true"}),
    "system:aggregate-to-edit": ([
        rule(READ, LEGACY, ("pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets",
                            "services/proxy")),
        rule("impersonate", LEGACY, ("serviceaccounts",)),
        rule(WRITE, LEGACY, ("pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy")),
        rule("create", LEGACY, ("pods/eviction",)),
        rule(WRITE, LEGACY, ("configmaps", "events", "persistentvolumeclaims", "replicationcontrollers",
                             "replicationcontrollers/scale", "secrets", "serviceaccounts", "services",
                             "services/proxy")),
        rule("create", LEGACY, ("serviceaccounts/token",)),
        rule(WRITE, "apps", ("daemonsets", "deployments", "deployments/rollback", "deployments/scale",
                             "replicasets", "replicasets/scale", "statefulsets", "statefulsets/scale")),
        rule(WRITE, "autoscaling", ("horizontalpodautoscalers",)),
        rule(WRITE, "batch", ("cronjobs", "jobs")),
        rule(WRITE, "extensions", ("daemonsets", "deployments", "deployments/rollback", "deployments/scale",
                                   "ingresses", "networkpolicies", "replicasets", "replicasets/scale",
                                   "replicationcontrollers/scale")),
        rule(WRITE, "policy", ("poddisruptionbudgets",)),
        rule(WRITE, "networking.k8s.io", ("ingresses", "networkpolicies")),
        rule(READ_WRITE, "coordination.k8s.io", ("leases",)),
    ], {AGGREGATE_TO + "edit": "true"}),
    "system:aggregate-to-view": ([
        rule(READ, LEGACY, ("configmaps", "endpoints", "persistentvolumeclaims",
                            "persistentvolumeclaims/status", "pods", "replicationcontrollers",
                            "replicationcontrollers/scale", "serviceaccounts", "services",
                            "services/status")),
        rule(READ, LEGACY, ("bindings", "events", "limitranges", "namespaces/status", "pods/log",
                            "pods/status", "replicationcontrollers/status", "resourcequotas",
                            "resourcequotas/status")),
        rule(READ, LEGACY, ("namespaces",)),
        rule(READ, "discovery.k8s.io", ("endpointslices",)),
        rule(READ, "apps", ("controllerrevisions", "daemonsets", "daemonsets/status", "deployments",
                            "deployments/scale", "deployments/status", "replicasets", "replicasets/scale",
                            "replicasets/status", "statefulsets", "statefulsets/scale",
                            "statefulsets/status")),
        rule(READ, "autoscaling", ("horizontalpodautoscalers", "horizontalpodautoscalers/status")),
        rule(READ, "batch", ("cronjobs", "cronjobs/status", "jobs", "jobs/status")),
        rule(READ, "extensions", ("daemonsets", "daemonsets/status", "deployments", "deployments/scale",
                                  "deployments/status", "ingresses", "ingresses/status", "networkpolicies",
                                  "replicasets", "replicasets/scale", "replicasets/status",
                                  "replicationcontrollers/scale")),
        rule(READ, "policy", ("poddisruptionbudgets", "poddisruptionbudgets/status")),
        rule(READ, "networking.k8s.io", ("ingresses", "ingresses/status", "networkpolicies")),
    ], {AGGREGATE_TO + "view": "true"}),
    "system:auth-delegator": ([
        rule("create", "authentication.k8s.io", ("tokenreviews",)),
        rule("create", "authorization.k8s.io", ("subjectaccessreviews",)),
    ], {}),
    "system:basic-user": ([
        rule("create", "authorization.k8s.io", ("selfsubjectaccessreviews", "selfsubjectrulesreviews")),
        rule("create", "authentication.k8s.io", ("selfsubjectreviews",)),
    ], {}),
    "system:certificates.k8s.io:certificatesigningrequests:nodeclient": ([
        rule("create", "certificates.k8s.io", ("certificatesigningrequests/nodeclient",)),
    ], {}),
    "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient": ([
        rule("create", "certificates.k8s.io", ("certificatesigningrequests/selfnodeclient",)),
    ], {}),
    "system:certificates.k8s.io:kube-apiserver-client-approver": ([
        rule("approve", "certificates.k8s.io", ("signers",), ("kubernetes.io/kube-apiserver-client",)),
    ], {}),
    "system:certificates.k8s.io:kube-apiserver-client-kubelet-approver": ([
        rule("approve", "certificates.k8s.io", ("signers",), ("kubernetes.io/kube-apiserver-client-kubelet",)),
    ], {}),
    "system:certificates.k8s.io:kubelet-serving-approver": ([
        rule("approve", "certificates.k8s.io", ("signers",), ("kubernetes.io/kubelet-serving",)),
    ], {}),
    "system:certificates.k8s.io:legacy-unknown-approver": ([
        rule("approve", "certificates.k8s.io", ("signers",), ("kubernetes.io/legacy-unknown",)),
    ], {}),
    "system:discovery": ([
        rule("get", urls=("/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi",
                          "/openapi/*", "/readyz", "/version", "/version/")),
    ], {}),
    "system:heapster": ([
        rule(READ, LEGACY, ("events", "namespaces", "nodes", "pods")),
        rule(READ, "extensions", ("deployments",)),
    ], {}),
    "system:kube-aggregator": ([rule(READ, LEGACY, ("endpoints", "services"))], {}),
    "system:kube-controller-manager": ([
        events_rule(),
        rule("create", "coordination.k8s.io", ("leases",)),
        rule(("get", "update"), "coordination.k8s.io", ("leases",), ("kube-controller-manager",)),
        rule("create", LEGACY, ("secrets", "serviceaccounts")),
        rule("delete", LEGACY, ("secrets",)),
        rule("get", LEGACY, ("configmaps", "namespaces", "secrets", "serviceaccounts")),
        rule("update", LEGACY, ("secrets", "serviceaccounts")),
        rule("create", "authentication.k8s.io", ("tokenreviews",)),
        rule("create", "authorization.k8s.io", ("subjectaccessreviews",)),
        rule(("list", "watch"), "*", ("*",)),
        rule("create", LEGACY, ("serviceaccounts/token",)),
    ], {}),
    "system:kube-dns": ([rule(("list", "watch"), LEGACY, ("endpoints", "services"))], {}),
    "system:kube-scheduler": ([
        events_rule(),
        rule("create", "coordination.k8s.io", ("leases",)),
        rule(("get", "update"), "coordination.k8s.io", ("leases",), ("kube-scheduler",)),
        rule(READ, LEGACY, ("nodes",)),
        rule(("delete", "get", "list", "watch"), LEGACY, ("pods",)),
        rule("create", LEGACY, ("bindings", "pods/binding")),
        rule(("patch", "update"), LEGACY, ("pods/status",)),
        rule(READ, LEGACY, ("replicationcontrollers", "services")),
        rule(READ, ("apps", "extensions"), ("replicasets",)),
        rule(READ, "apps", ("statefulsets",)),
        rule(READ, "policy", ("poddisruptionbudgets",)),
        rule(READ, LEGACY, ("persistentvolumeclaims", "persistentvolumes")),
        rule("create", "authentication.k8s.io", ("tokenreviews",)),
        rule("create", "authorization.k8s.io", ("subjectaccessreviews",)),
        rule(READ, "storage.k8s.io", ("csinodes",)),
        rule(READ, LEGACY, ("namespaces",)),
        rule(READ, "storage.k8s.io", ("csidrivers",)),
        rule(READ, "storage.k8s.io", ("csistoragecapacities",)),
    ], {}),
    "system:kubelet-api-admin": ([
        rule(READ, LEGACY, ("nodes",)),
        rule("proxy", LEGACY, ("nodes",)),
        rule("*", LEGACY, ("nodes/log", "nodes/metrics", "nodes/proxy", "nodes/stats")),
    ], {}),
    "system:monitoring": ([
        rule("get", urls=("/healthz", "/healthz/*", "/livez", "/livez/*", "/metrics", "/metrics/slis",
                          "/readyz", "/readyz/*")),
    ], {}),
    "system:node-bootstrapper": ([
        rule(("create", "get", "list", "watch"), "certificates.k8s.io", ("certificatesigningrequests",)),
    ], {}),
    "system:node-problem-detector": ([
        rule("get", LEGACY, ("nodes",)),
        rule("patch", LEGACY, ("nodes/status",)),
        events_rule(),
    ], {}),
    "system:node-proxier": ([
        rule(("list", "watch"), LEGACY, ("endpoints", "services")),
        rule(READ, LEGACY, ("nodes",)),
        events_rule(),
        rule(("list", "watch"), "discovery.k8s.io", ("endpointslices",)),
    ], {}),
    "system:persistent-volume-provisioner": ([
        rule(("create", "delete", "get", "list", "watch"), LEGACY, ("persistentvolumes",)),
        rule(("get", "list", "update", "watch"), LEGACY, ("persistentvolumeclaims",)),
        rule(READ, "storage.k8s.io", ("storageclasses",)),
        rule("watch", LEGACY, ("events",)),
        events_rule(),
    ], {}),
    "system:public-info-viewer": ([
        rule("get", urls=("/healthz", "/livez", "/readyz", "/version", "/version/")),
    ], {}),
    "system:service-account-issuer-discovery": ([
        rule("get", urls=("/.well-known/openid-configuration", "/openid/v1/jwks")),
    ], {}),
    "system:volume-scheduler": ([
        rule(("get", "list", "patch", "update", "watch"), LEGACY, ("persistentvolumes",)),
        rule(READ, "storage.k8s.io", ("storageclasses",)),
        rule(("get", "list", "patch", "update", "watch"), LEGACY, ("persistentvolumeclaims",)),
    ], {}),
}

# system:node: bound to nobody (the Node authorizer grants nodes these rules, subdivided)
NODE_RULES = [
    rule("create", "authentication.k8s.io", ("tokenreviews",)),
    rule("create", "authorization.k8s.io", ("localsubjectaccessreviews", "subjectaccessreviews")),
    rule(READ, LEGACY, ("services",)),
    rule(("create", "get", "list", "watch"), LEGACY, ("nodes",)),
    rule(("patch", "update"), LEGACY, ("nodes/status",)),
    rule(("patch", "update"), LEGACY, ("nodes",)),
    rule(("create", "patch", "update"), LEGACY, ("events",)),
    rule(READ, LEGACY, ("pods",)),
    rule(("create", "delete"), LEGACY, ("pods",)),
    rule(("patch", "update"), LEGACY, ("pods/status",)),
    rule("create", LEGACY, ("pods/eviction",)),
    rule(READ, LEGACY, ("configmaps", "secrets")),
    rule("get", LEGACY, ("persistentvolumeclaims", "persistentvolumes")),
    rule("get", LEGACY, ("endpoints",)),
    rule(("create", "get", "list", "watch"), "certificates.k8s.io", ("certificatesigningrequests",)),
    rule(("create", "delete", "get", "patch", "update"), "coordination.k8s.io", ("leases",)),
    rule("get", "storage.k8s.io", ("volumeattachments",)),
    rule("create", LEGACY, ("serviceaccounts/token",)),
    rule(("get", "patch", "update"), LEGACY, ("persistentvolumeclaims/status",)),
    rule(READ, "storage.k8s.io", ("csidrivers",)),
    rule(("create", "delete", "get", "patch", "update"), "storage.k8s.io", ("csinodes",)),
    rule(READ, "node.k8s.io", ("runtimeclasses",)),
]
CLUSTER_ROLES["system:node"] = (NODE_RULES, {})

# ClusterRoleBindings (policy.go ClusterRoleBindings): name -> subjects; roleRef is the same name
CLUSTER_ROLE_BINDINGS: dict[str, list[tuple[str, str, str]]] = {
    "cluster-admin": [("Group", "system:masters", "")],
    "system:basic-user": [("Group", "system:authenticated", "")],
    "system:discovery": [("Group", "system:authenticated", "")],
    "system:kube-controller-manager": [("User", "system:kube-controller-manager", "")],
    "system:kube-dns": [("ServiceAccount", "kube-dns", "kube-system")],
    "system:kube-scheduler": [("User", "system:kube-scheduler", "")],
    "system:monitoring": [("Group", "system:monitoring", "")],
    "system:node": [],
    "system:node-proxier": [("User", "system:kube-proxy", "")],
    "system:public-info-viewer": [("Group", "system:authenticated", ""),
                                  ("Group", "system:unauthenticated", "")],
    "system:service-account-issuer-discovery": [("Group", "system:serviceaccounts", "")],
    "system:volume-scheduler": [("User", "system:kube-scheduler", "")],
}
