"""Validation with upstream's error shapes: `validate_create(obj)` and `validate_update(new, old)`.

Each returns a list of Causes `(field path, reason type, message)` in upstream's order, ready for
`k8slab.apiserver.errors.invalid(group, kind, name, causes)`, which renders the 422 Status (`Pod
"x" is invalid: spec.containers[0].image: Required value`). Objects are validated after
defaulting (`k8slab.api.defaults.apply_defaults`), as the apiserver does; a namespaced object is
expected to carry the request's namespace and a cluster-scoped one none (rest.BeforeCreate
clears it upstream).

One module per API area mirrors upstream's `pkg/apis/<group>/validation/validation.go`:
meta (names, labels, ObjectMeta), containers (volumes, ports, env, probes, resources), pods
(PodSpec, templates, pod updates), services, core (Namespace, ConfigMap, Secret, ServiceAccount,
RC, Endpoints, Event), cluster (Node,
PV, PVC, LimitRange, ResourceQuota, quantity decode errors), apps, batch, rbac, networking,
others. `field` renders messages; `quantity` parses resource quantities.

Differences from upstream: kinds without a validator here only get ObjectMeta checks.
"""

from __future__ import annotations

from . import admissionregistration, apps, batch, cluster, core, meta, networking, others, pods, rbac, services
from .field import Cause, dedupe
from .quantity import QUANTITY_ERROR

RBAC = "rbac.authorization.k8s.io"
ADMISSION = "admissionregistration.k8s.io"

_CREATE = {
    ("", "Pod"): pods.validate_pod_create,
    ("", "PodTemplate"): pods.validate_pod_template_object,
    ("", "Service"): services.validate_service,
    ("", "Namespace"): core.validate_namespace,
    ("", "ConfigMap"): core.validate_config_map,
    ("", "Secret"): core.validate_secret,
    ("", "ServiceAccount"): core.validate_service_account,
    ("", "ReplicationController"): core.validate_replication_controller,
    ("", "Endpoints"): core.validate_endpoints,
    ("", "Event"): core.validate_event,
    ("", "Node"): cluster.validate_node,
    ("", "PersistentVolume"): cluster.validate_pv,
    ("", "PersistentVolumeClaim"): cluster.validate_pvc,
    ("", "LimitRange"): cluster.validate_limit_range,
    ("", "ResourceQuota"): cluster.validate_resource_quota,
    ("apps", "Deployment"): apps.validate_deployment,
    ("apps", "ReplicaSet"): apps.validate_replica_set,
    ("apps", "DaemonSet"): apps.validate_daemon_set,
    ("apps", "StatefulSet"): apps.validate_stateful_set,
    ("apps", "ControllerRevision"): others.validate_controller_revision,
    ("batch", "Job"): batch.validate_job,
    ("batch", "CronJob"): batch.validate_cron_job,
    (RBAC, "Role"): lambda o: rbac.validate_role(o, True),
    (RBAC, "ClusterRole"): lambda o: rbac.validate_role(o, False),
    (RBAC, "RoleBinding"): lambda o: rbac.validate_binding(o, True),
    (RBAC, "ClusterRoleBinding"): lambda o: rbac.validate_binding(o, False),
    ("networking.k8s.io", "Ingress"): networking.validate_ingress,
    ("networking.k8s.io", "IngressClass"): networking.validate_ingress_class,
    ("networking.k8s.io", "NetworkPolicy"): networking.validate_network_policy,
    ("storage.k8s.io", "StorageClass"): others.validate_storage_class,
    ("scheduling.k8s.io", "PriorityClass"): others.validate_priority_class,
    ("coordination.k8s.io", "Lease"): others.validate_lease,
    ("autoscaling", "HorizontalPodAutoscaler"): others.validate_hpa,
    ("policy", "PodDisruptionBudget"): others.validate_pdb,
    ("discovery.k8s.io", "EndpointSlice"): others.validate_endpoint_slice,
    ("certificates.k8s.io", "CertificateSigningRequest"): others.validate_csr,
    (ADMISSION, "MutatingWebhookConfiguration"): admissionregistration.validate_mutating,
    (ADMISSION, "ValidatingWebhookConfiguration"): admissionregistration.validate_validating,
}

_UPDATE = {
    ("", "Pod"): pods.validate_pod_update,
    ("", "Service"): services.validate_service_update,
    ("", "ConfigMap"): core.validate_config_map_update,
    ("", "Secret"): core.validate_secret_update,
    ("", "Node"): cluster.validate_node_update,
    ("", "PersistentVolumeClaim"): cluster.validate_pvc_update,
    ("", "ResourceQuota"): cluster.validate_resource_quota_update,
    ("apps", "Deployment"): lambda n, o: apps.validate_update(n, o, "Deployment"),
    ("apps", "ReplicaSet"): lambda n, o: apps.validate_update(n, o, "ReplicaSet"),
    ("apps", "DaemonSet"): lambda n, o: apps.validate_update(n, o, "DaemonSet"),
    ("apps", "StatefulSet"): lambda n, o: apps.validate_update(n, o, "StatefulSet"),
    ("batch", "Job"): batch.validate_job_update,
    ("batch", "CronJob"): batch.validate_cron_job_update,
    (RBAC, "Role"): lambda n, o: rbac.validate_update(n, o, "Role"),
    (RBAC, "ClusterRole"): lambda n, o: rbac.validate_update(n, o, "ClusterRole"),
    (RBAC, "RoleBinding"): lambda n, o: rbac.validate_update(n, o, "RoleBinding"),
    (RBAC, "ClusterRoleBinding"): lambda n, o: rbac.validate_update(n, o, "ClusterRoleBinding"),
    ("storage.k8s.io", "StorageClass"): others.validate_storage_class_update,
    ("scheduling.k8s.io", "PriorityClass"): others.validate_priority_class_update,
}

CLUSTER_SCOPED = {("", "Namespace"), ("", "Node"), ("", "PersistentVolume"), (RBAC, "ClusterRole"),
                  (RBAC, "ClusterRoleBinding"), ("networking.k8s.io", "IngressClass"),
                  ("storage.k8s.io", "StorageClass"), ("scheduling.k8s.io", "PriorityClass"),
                  ("certificates.k8s.io", "CertificateSigningRequest"),
                  ("apiextensions.k8s.io", "CustomResourceDefinition"),
                  (ADMISSION, "MutatingWebhookConfiguration"), (ADMISSION, "ValidatingWebhookConfiguration")}


def _key(obj: dict) -> tuple[str, str]:
    return (obj.get("apiVersion") or "").rpartition("/")[0], obj.get("kind") or ""


def validate_create(obj: dict) -> list[Cause]:
    """All create-time causes for obj (empty when valid)."""
    key = _key(obj)
    fn = _CREATE.get(key)
    if fn is None:
        return dedupe(meta.validate_object_meta(obj.get("metadata") or {}, key not in CLUSTER_SCOPED,
                                                meta.name_is_dns_subdomain))
    return dedupe(fn(obj))


def validate_update(new: dict, old: dict) -> list[Cause]:
    """All update-time causes (immutable fields, allowed transitions, plus the create checks)."""
    key = _key(new)
    fn = _UPDATE.get(key)
    if fn is not None:
        return dedupe(fn(new, old))
    errs = meta.validate_object_meta_update(new.get("metadata") or {}, old.get("metadata") or {})
    return dedupe(errs + meta.without_object_meta(validate_create(new)))


def decode_error(obj: dict) -> str | None:
    """The decoder's complaint about obj, a 400 BadRequest upstream: for built-in kinds the first
    value of the wrong JSON type or malformed quantity (k8slab.api.openapi.decode_check); for other
    kinds malformed quantities only."""
    from ..openapi import decode_check
    check = decode_check(obj)
    return check.error if check.known else cluster.check_quantities(obj)


__all__ = ["Cause", "validate_create", "validate_update", "decode_error", "QUANTITY_ERROR"]
