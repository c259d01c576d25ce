"""The roles of kube-controller-manager's controllers (`system:controller:<name>`, each bound to
the ServiceAccount kube-system/<name>) and the namespaced bootstrap Roles.

Follows `plugin/pkg/auth/authorizer/rbac/bootstrappolicy/controller_policy.go`
(buildControllerRoles, addControllerRole) and `namespace_policy.go`, with the feature gates at
their v1.32 defaults: the roles behind DynamicResourceAllocation, MultiCIDRServiceAllocator,
VolumeAttributesClass, ClusterTrustBundle, StorageVersionMigrator and SELinuxChangePolicy are
left out, as they are off in v1.32.
"""

from __future__ import annotations

from .bootstrap_roles import LEGACY, READ, events_rule, rule

SA_ROLE_PREFIX = "system:controller:"
EXT_APPS = ("extensions", "apps")

CONTROLLER_ROLES: dict[str, list[dict]] = {
    "attachdetach-controller": [
        rule(("list", "watch"), LEGACY, ("persistentvolumes", "persistentvolumeclaims")),
        rule(READ, LEGACY, ("nodes",)),
        rule(("patch", "update"), LEGACY, ("nodes/status",)),
        rule(("list", "watch"), LEGACY, ("pods",)),
        events_rule(),
        rule(("get", "create", "delete", "list", "watch"), "storage.k8s.io", ("volumeattachments",)),
        rule(READ, "storage.k8s.io", ("csidrivers",)),
        rule(READ, "storage.k8s.io", ("csinodes",)),
    ],
    "clusterrole-aggregation-controller": [
        rule(("escalate", "get", "list", "watch", "update", "patch"), "rbac.authorization.k8s.io",
             ("clusterroles",)),
    ],
    "cronjob-controller": [
        rule(("get", "list", "watch", "update"), "batch", ("cronjobs",)),
        rule(("get", "list", "watch", "create", "update", "delete", "patch"), "batch", ("jobs",)),
        rule("update", "batch", ("cronjobs/status",)),
        rule("update", "batch", ("cronjobs/finalizers",)),
        rule(("list", "watch", "delete"), LEGACY, ("pods",)),
        events_rule(),
    ],
    "daemon-set-controller": [
        rule(READ, EXT_APPS, ("daemonsets",)),
        rule("update", EXT_APPS, ("daemonsets/status",)),
        rule("update", EXT_APPS, ("daemonsets/finalizers",)),
        rule(("list", "watch"), LEGACY, ("nodes",)),
        rule(("list", "watch", "create", "delete", "patch"), LEGACY, ("pods",)),
        rule("create", LEGACY, ("pods/binding",)),
        rule(("get", "list", "watch", "create", "delete", "update", "patch"), "apps", ("controllerrevisions",)),
        events_rule(),
    ],
    "deployment-controller": [
        rule(("get", "list", "watch", "update"), EXT_APPS, ("deployments",)),
        rule("update", EXT_APPS, ("deployments/status",)),
        rule("update", EXT_APPS, ("deployments/finalizers",)),
        rule(("get", "list", "watch", "create", "update", "patch", "delete"), EXT_APPS, ("replicasets",)),
        rule(("get", "list", "watch", "update"), LEGACY, ("pods",)),
        events_rule(),
    ],
    "disruption-controller": [
        rule(READ, EXT_APPS, ("deployments",)),
        rule(READ, EXT_APPS, ("replicasets",)),
        rule(READ, LEGACY, ("replicationcontrollers",)),
        rule(READ, "policy", ("poddisruptionbudgets",)),
        rule(READ, "apps", ("statefulsets",)),
        rule("update", "policy", ("poddisruptionbudgets/status",)),
        rule(("patch", "update"), LEGACY, ("pods/status",)),
        rule("get", "*", ("*/scale",)),
        events_rule(),
    ],
    "endpoint-controller": [
        rule(READ, LEGACY, ("services", "pods")),
        rule(("get", "list", "watch", "create", "update", "delete"), LEGACY, ("endpoints",)),
        rule("create", LEGACY, ("endpoints/restricted",)),
        events_rule(),
    ],
    "endpointslice-controller": [
        rule(READ, LEGACY, ("services", "pods", "nodes")),
        rule("update", LEGACY, ("services/finalizers",)),
        rule(("get", "list", "watch", "create", "update", "delete"), "discovery.k8s.io", ("endpointslices",)),
        events_rule(),
    ],
    "endpointslicemirroring-controller": [
        rule(READ, LEGACY, ("services", "endpoints")),
        rule("update", LEGACY, ("services/finalizers",)),
        rule("update", LEGACY, ("endpoints/finalizers",)),
        rule(("get", "list", "watch", "create", "update", "delete"), "discovery.k8s.io", ("endpointslices",)),
        events_rule(),
    ],
    "expand-controller": [
        rule(("get", "list", "watch", "update", "patch"), LEGACY, ("persistentvolumes",)),
        rule(("update", "patch"), LEGACY, ("persistentvolumeclaims/status",)),
        rule(READ, LEGACY, ("persistentvolumeclaims",)),
        events_rule(),
        rule("get", LEGACY, ("services",)),
    ],
    "ephemeral-volume-controller": [
        rule(READ, LEGACY, ("pods",)),
        rule("update", LEGACY, ("pods/finalizers",)),
        rule(("get", "list", "watch", "create"), LEGACY, ("persistentvolumeclaims",)),
        events_rule(),
    ],
    "generic-garbage-collector": [
        rule(("get", "list", "watch", "patch", "update", "delete"), "*", ("*",)),
        events_rule(),
    ],
    "horizontal-pod-autoscaler": [
        rule(READ, "autoscaling", ("horizontalpodautoscalers",)),
        rule("update", "autoscaling", ("horizontalpodautoscalers/status",)),
        rule(("get", "update"), "*", ("*/scale",)),
        rule(("list", "watch"), LEGACY, ("pods",)),
        rule(("list", "watch"), "metrics.k8s.io", ("pods",)),
        rule(READ, "custom.metrics.k8s.io", ("*",)),
        rule(READ, "external.metrics.k8s.io", ("*",)),
        events_rule(),
    ],
    "job-controller": [
        rule(("get", "list", "watch", "update", "patch"), "batch", ("jobs",)),
        rule("update", "batch", ("jobs/status",)),
        rule("update", "batch", ("jobs/finalizers",)),
        rule(("list", "watch", "create", "delete", "patch"), LEGACY, ("pods",)),
        events_rule(),
    ],
    "namespace-controller": [
        rule(("get", "list", "watch", "delete"), LEGACY, ("namespaces",)),
        rule("update", LEGACY, ("namespaces/finalize", "namespaces/status")),
        rule(("get", "list", "watch", "delete", "deletecollection"), "*", ("*",)),
    ],
    "node-controller": [
        rule(("get", "list", "watch", "update", "delete", "patch"), LEGACY, ("nodes",)),
        rule(("patch", "update"), LEGACY, ("nodes/status",)),
        rule(("patch", "update"), LEGACY, ("pods/status",)),
        rule(("list", "watch", "get", "delete"), LEGACY, ("pods",)),
        events_rule(),
    ],
    "persistent-volume-binder": [
        rule(("get", "list", "watch", "update", "create", "delete"), LEGACY, ("persistentvolumes",)),
        rule("update", LEGACY, ("persistentvolumes/status",)),
        rule(("get", "list", "watch", "update"), LEGACY, ("persistentvolumeclaims",)),
        rule("update", LEGACY, ("persistentvolumeclaims/status",)),
        rule(("list", "watch", "get", "create", "delete"), LEGACY, ("pods",)),
        rule(READ, "storage.k8s.io", ("storageclasses",)),
        rule(("list", "watch"), LEGACY, ("nodes",)),
        events_rule(),
        rule("watch", LEGACY, ("events",)),
        rule("get", LEGACY, ("services",)),
    ],
    "pod-garbage-collector": [
        rule(("list", "watch", "delete"), LEGACY, ("pods",)),
        rule(READ, LEGACY, ("nodes",)),
        rule("patch", LEGACY, ("pods/status",)),
    ],
    "replicaset-controller": [
        rule(("get", "list", "watch", "update"), EXT_APPS, ("replicasets",)),
        rule("update", EXT_APPS, ("replicasets/status",)),
        rule("update", EXT_APPS, ("replicasets/finalizers",)),
        rule(("list", "watch", "patch", "create", "delete"), LEGACY, ("pods",)),
        events_rule(),
    ],
    "replication-controller": [
        rule(("get", "list", "watch", "update"), LEGACY, ("replicationcontrollers",)),
        rule("update", LEGACY, ("replicationcontrollers/status",)),
        rule("update", LEGACY, ("replicationcontrollers/finalizers",)),
        rule(("list", "watch", "patch", "create", "delete"), LEGACY, ("pods",)),
        events_rule(),
    ],
    "resourcequota-controller": [
        rule(("list", "watch"), "*", ("*",)),
        rule("update", LEGACY, ("resourcequotas/status",)),
        events_rule(),
    ],
    "route-controller": [
        rule(("list", "watch"), LEGACY, ("nodes",)),
        rule("patch", LEGACY, ("nodes/status",)),
        events_rule(),
    ],
    "service-account-controller": [
        rule("create", LEGACY, ("serviceaccounts",)),
        events_rule(),
    ],
    "service-controller": [
        rule(READ, LEGACY, ("services",)),
        rule(("patch", "update"), LEGACY, ("services/status",)),
        rule(("list", "watch"), LEGACY, ("nodes",)),
        events_rule(),
    ],
    "statefulset-controller": [
        rule(("list", "watch"), LEGACY, ("pods",)),
        rule(READ, "apps", ("statefulsets",)),
        rule("update", "apps", ("statefulsets/status",)),
        rule("update", "apps", ("statefulsets/finalizers",)),
        rule(("get", "create", "delete", "update", "patch"), LEGACY, ("pods",)),
        rule(("get", "create", "delete", "update", "patch", "list", "watch"), "apps", ("controllerrevisions",)),
        rule(("get", "create", "list", "watch"), LEGACY, ("persistentvolumeclaims",)),
        rule(("update", "delete"), LEGACY, ("persistentvolumeclaims",)),
        rule("update", LEGACY, ("pods/finalizers",)),
        events_rule(),
    ],
    "ttl-controller": [
        rule(("update", "patch", "list", "watch"), LEGACY, ("nodes",)),
        events_rule(),
    ],
    "certificate-controller": [
        rule(("get", "list", "watch", "delete"), "certificates.k8s.io", ("certificatesigningrequests",)),
        rule("update", "certificates.k8s.io", ("certificatesigningrequests/status",
                                               "certificatesigningrequests/approval")),
        rule("approve", "certificates.k8s.io", ("signers",), ("kubernetes.io/kube-apiserver-client-kubelet",)),
        rule("sign", "certificates.k8s.io", ("signers",), ("kubernetes.io/legacy-unknown",
                                                          "kubernetes.io/kube-apiserver-client",
                                                          "kubernetes.io/kube-apiserver-client-kubelet",
                                                          "kubernetes.io/kubelet-serving")),
        rule("create", "authorization.k8s.io", ("subjectaccessreviews",)),
        events_rule(),
    ],
    "pvc-protection-controller": [
        rule(("get", "list", "watch", "update"), LEGACY, ("persistentvolumeclaims",)),
        rule(("list", "watch", "get"), LEGACY, ("pods",)),
        events_rule(),
    ],
    "pv-protection-controller": [
        rule(("get", "list", "watch", "update"), LEGACY, ("persistentvolumes",)),
        events_rule(),
    ],
    "ttl-after-finished-controller": [
        rule(("get", "list", "watch", "delete"), "batch", ("jobs",)),
        events_rule(),
    ],
    "root-ca-cert-publisher": [
        rule(("create", "update"), LEGACY, ("configmaps",)),
        events_rule(),
    ],
    "validatingadmissionpolicy-status-controller": [
        rule(READ, "admissionregistration.k8s.io", ("validatingadmissionpolicies",)),
        rule(("get", "patch", "update"), "admissionregistration.k8s.io",
             ("validatingadmissionpolicies/status",)),
        events_rule(),
    ],
    "legacy-service-account-token-cleaner": [
        rule("get", LEGACY, ("configmaps",), ("kube-apiserver-legacy-service-account-token-tracking",)),
        rule(("patch", "delete"), LEGACY, ("secrets",)),
    ],
}

LEASES = ("create", "get", "list", "update", "watch")

# namespace_policy.go: (namespace, name) -> rules
NAMESPACE_ROLES: dict[tuple[str, str], list[dict]] = {
    ("kube-public", "system:controller:bootstrap-signer"): [
        rule(READ, LEGACY, ("configmaps",)),
        rule("update", LEGACY, ("configmaps",), ("cluster-info",)),
        events_rule(),
    ],
    ("kube-system", "extension-apiserver-authentication-reader"): [
        rule(READ, LEGACY, ("configmaps",), ("extension-apiserver-authentication",)),
    ],
    ("kube-system", "system::leader-locking-kube-controller-manager"): [
        rule(LEASES, "coordination.k8s.io", ("leases",)),
        rule(LEASES, "coordination.k8s.io", ("leasecandidates",)),
    ],
    ("kube-system", "system::leader-locking-kube-scheduler"): [
        rule(LEASES, "coordination.k8s.io", ("leases",)),
        rule(LEASES, "coordination.k8s.io", ("leasecandidates",)),
    ],
    ("kube-system", "system:controller:bootstrap-signer"): [rule(READ, LEGACY, ("secrets",))],
    ("kube-system", "system:controller:cloud-provider"): [
        rule(("create", "get", "list", "watch"), LEGACY, ("configmaps",)),
    ],
    ("kube-system", "system:controller:token-cleaner"): [
        rule(("delete", "get", "list", "watch"), LEGACY, ("secrets",)),
        events_rule(),
    ],
}

# (namespace, binding name) -> (Role name, subjects as (kind, name, namespace))
NAMESPACE_ROLE_BINDINGS: dict[tuple[str, str], tuple[str, list[tuple[str, str, str]]]] = {
    ("kube-public", "system:controller:bootstrap-signer"): (
        "system:controller:bootstrap-signer", [("ServiceAccount", "bootstrap-signer", "kube-system")]),
    ("kube-system", "system::extension-apiserver-authentication-reader"): (
        "extension-apiserver-authentication-reader", [("User", "system:kube-controller-manager", ""),
                                                      ("User", "system:kube-scheduler", "")]),
    ("kube-system", "system::leader-locking-kube-controller-manager"): (
        "system::leader-locking-kube-controller-manager", [
            ("User", "system:kube-controller-manager", ""),
            ("ServiceAccount", "kube-controller-manager", "kube-system"),
            ("ServiceAccount", "leader-election-controller", "kube-system")]),
    ("kube-system", "system::leader-locking-kube-scheduler"): (
        "system::leader-locking-kube-scheduler", [("User", "system:kube-scheduler", ""),
                                                  ("ServiceAccount", "kube-scheduler", "kube-system")]),
    ("kube-system", "system:controller:bootstrap-signer"): (
        "system:controller:bootstrap-signer", [("ServiceAccount", "bootstrap-signer", "kube-system")]),
    ("kube-system", "system:controller:cloud-provider"): (
        "system:controller:cloud-provider", [("ServiceAccount", "cloud-provider", "kube-system")]),
    ("kube-system", "system:controller:token-cleaner"): (
        "system:controller:token-cleaner", [("ServiceAccount", "token-cleaner", "kube-system")]),
}
