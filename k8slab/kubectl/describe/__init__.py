"""`kubectl describe`'s text for each kind: the describers of upstream's describe package.

Follows `staging/src/k8s.io/kubectl/pkg/describe/describe.go` (kubectl 1.32): `describerMap`
picks a describer by group and kind; a kind without one gets the generic describer
(`GenericDescriberFor`: every field of the object as `Smart Label:\\tvalue`, then its events).
Each describer fetches its object (and whatever else it shows: pods, replica sets, events,
endpoint slices, leases) through the session's REST client, as upstream's describers do through
client-go, and returns the whole text.

The hook commands/describe.py calls:

    describe(session, resource, namespace, name) -> str

One module per family, each naming the upstream functions it follows:

    writer.py      PrefixWriter (levels, tabwriter alignment) and the multi-line blocks
    gofmt.py       Go's %v, RFC1123Z times, ages, quantities;  gosort.py  Go's sort.Sort
    context.py     the client side: get, chunked lists, --show-events, --chunk-size, the clock
    events.py      the Events table;  resources.py  pod requests/limits and QoS
    pods.py, containers.py, volumes.py        pods and pod templates
    workloads.py   deployments, replica sets, replication controllers, daemon sets, stateful sets
    jobs.py        jobs and cron jobs
    services.py    services, endpoints, endpoint slices, ingresses, ingress classes
    nodes.py       nodes;  namespaces.py  namespaces, resource quotas, limit ranges
    config.py      config maps, secrets, service accounts;  rbac.py  roles and bindings
    storage.py     persistent volumes and claims, storage classes;  policy.py  priority classes, PDBs
    networkpolicies.py, autoscaling.py (horizontal pod autoscalers), certificates.py (CSRs)
    generic.py     everything else, custom resources included

Differences from upstream: kinds upstream describes specially but k8slab does not yet
(csinodes, volumeattributesclasses, servicecidrs, ipaddresses) get the generic describer.
"""

from __future__ import annotations

import importlib

# (group, kind) -> "module:function"; groups as upstream's describerMap registers them
DESCRIBERS = {
    ("", "Pod"): "pods:describe_pod_resource",
    ("", "ReplicationController"): "workloads:describe_replication_controller",
    ("", "Secret"): "config:describe_secret",
    ("", "Service"): "services:describe_service",
    ("", "ServiceAccount"): "config:describe_service_account",
    ("", "Node"): "nodes:describe_node",
    ("", "LimitRange"): "namespaces:describe_limit_range",
    ("", "ResourceQuota"): "namespaces:describe_quota",
    ("", "PersistentVolume"): "storage:describe_persistent_volume",
    ("", "PersistentVolumeClaim"): "storage:describe_persistent_volume_claim",
    ("", "Namespace"): "namespaces:describe_namespace",
    ("", "Endpoints"): "services:describe_endpoints",
    ("", "ConfigMap"): "config:describe_config_map",
    ("", "PriorityClass"): "policy:describe_priority_class",
    ("discovery.k8s.io", "EndpointSlice"): "services:describe_endpoint_slice",
    ("autoscaling", "HorizontalPodAutoscaler"): "autoscaling:describe_horizontal_pod_autoscaler",
    ("extensions", "Ingress"): "services:describe_ingress",
    ("networking.k8s.io", "Ingress"): "services:describe_ingress",
    ("networking.k8s.io", "IngressClass"): "services:describe_ingress_class",
    ("networking.k8s.io", "NetworkPolicy"): "networkpolicies:describe_network_policy",
    ("batch", "Job"): "jobs:describe_job",
    ("batch", "CronJob"): "jobs:describe_cron_job",
    ("apps", "StatefulSet"): "workloads:describe_stateful_set",
    ("apps", "Deployment"): "workloads:describe_deployment",
    ("apps", "DaemonSet"): "workloads:describe_daemon_set",
    ("apps", "ReplicaSet"): "workloads:describe_replica_set",
    ("storage.k8s.io", "StorageClass"): "storage:describe_storage_class",
    ("certificates.k8s.io", "CertificateSigningRequest"): "certificates:describe_certificate_signing_request",
    ("policy", "PodDisruptionBudget"): "policy:describe_pod_disruption_budget",
    ("rbac.authorization.k8s.io", "Role"): "rbac:describe_role",
    ("rbac.authorization.k8s.io", "ClusterRole"): "rbac:describe_cluster_role",
    ("rbac.authorization.k8s.io", "RoleBinding"): "rbac:describe_role_binding",
    ("rbac.authorization.k8s.io", "ClusterRoleBinding"): "rbac:describe_cluster_role_binding",
    ("scheduling.k8s.io", "PriorityClass"): "policy:describe_priority_class",
}
GENERIC = "generic:describe_generic"


def describer_for(group: str, kind: str):
    """The function describing (group, kind): fn(ctx, resource, namespace, name) -> str."""
    module, _, func = DESCRIBERS.get((group, kind), GENERIC).partition(":")
    return getattr(importlib.import_module(f"{__name__}.{module}"), func)


def describe(session, resource, namespace: str | None, name: str) -> str:
    """The text `kubectl describe` prints for one object (StatusError if it cannot be read)."""
    from .context import DescribeContext
    ctx = DescribeContext(session)
    return describer_for(resource.group, resource.kind)(ctx, resource, namespace or "", name)
