"""Patch metadata of the built-in kinds: how each field is patched and how its lists are keyed.

The facts come from the struct tags and markers in `k8s.io/api` (`core/v1/types.go`,
`apps/v1/types.go`, `batch/v1/types.go`, `policy/v1/types.go`, `storage/v1/types.go`,
`autoscaling/v2/types.go`, `admissionregistration/v1/types.go`) and
`k8s.io/apimachinery/pkg/apis/meta/v1/types.go`:
- `patchStrategy:"merge" patchMergeKey:"name"` (strategic merge patch: merge the list by that key;
  `merge` without a key on a list of strings: union; `retainKeys`: clear what the patch leaves out;
  `replace`: replace the whole value). A field without a tag is replaced (lists) or merged (maps);
- `+listType=atomic|set|map`, `+listMapKey=...`, `+mapType=atomic` (server-side apply: how the
  list's items are identified, or that the value is owned as one piece).

Upstream's apiserver reads the Go struct tags of the typed object (strategicpatch
`NewPatchMetaFromStruct`), so a kind it has no Go type for -- a custom resource -- gets no strategic
merge patch at all: its PATCH route does not list `application/strategic-merge-patch+json` and the
request is answered 415. `smp_supported()` says which kinds are built in; `schema_for()` returns, for
any other kind, `UNSTRUCTURED`: a schema with no metadata, under which `strategic.py` degrades to
JSON-merge-patch semantics (maps merged, lists replaced, `null` deletes).

Differences from upstream: only fields with patch metadata are described; any other field, known or
not, looks like an untagged field (upstream errors "unable to find api field in struct ..." for a
field its Go type lacks, but that only happens when the stored object holds such a field, which
decoding into a Go type prevents). Lists not described are atomic for server-side apply, which is
also upstream's default.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldMeta:
    """One field's patch metadata; `type` describes the field's value (or its list items)."""

    strategies: tuple[str, ...] = ()    # patchStrategy tag split on ",": ("merge", "retainKeys")
    merge_key: str = ""                 # patchMergeKey tag
    list_type: str = ""                 # +listType: "atomic", "set", "map"; "" when not a list
    list_map_keys: tuple[str, ...] = ()  # +listMapKey markers, in order
    atomic: bool = False                # +mapType=atomic / +structType=atomic
    type: "Struct | None" = None


NO_META = FieldMeta()


class Struct:
    """The schema of one object type: the fields that carry patch metadata.

    `atomic` (+structType=atomic) makes server-side apply own the whole value as one field."""

    __slots__ = ("name", "fields", "atomic")

    def __init__(self, name: str, fields: dict[str, FieldMeta] | None = None, atomic: bool = False):
        self.name, self.fields, self.atomic = name, fields or {}, atomic

    def lookup(self, key: str) -> tuple["Struct", FieldMeta]:
        """(schema of the value, metadata) of field `key`; an undescribed field has neither."""
        meta = self.fields.get(key, NO_META)
        return (meta.type or EMPTY), meta

    def __repr__(self):
        return f"Struct({self.name}: {', '.join(self.fields) or '-'})"


EMPTY = Struct("struct")
UNSTRUCTURED = Struct("Unstructured")


# ---- shorthand for the tables below -------------------------------------------------------------

def merge(key: str, of: Struct | None = None, keys: tuple[str, ...] = (), *, retain: bool = False,
          list_type: str = "map") -> FieldMeta:
    """A list merged by `key` (patchStrategy merge); for apply, a list-map keyed by `keys`."""
    return FieldMeta(("merge", "retainKeys") if retain else ("merge",), key, list_type,
                     () if list_type != "map" else (keys or (key,)), type=of)


def union() -> FieldMeta:
    """A list of strings merged as a set (patchStrategy merge, no key; +listType=set)."""
    return FieldMeta(("merge",), "", "set")


def atomic(of: Struct | None = None) -> FieldMeta:
    return FieldMeta((), "", "atomic", type=of)


def keyed(*keys: str) -> FieldMeta:
    """A list-map for apply only (no patchStrategy: strategic merge patch replaces it)."""
    return FieldMeta((), "", "map", keys)


def obj(of: Struct) -> FieldMeta:
    return FieldMeta(type=of)


ATOMIC_MAP = FieldMeta(atomic=True)


# ---- meta/v1 and core/v1 ------------------------------------------------------------------------

LABEL_SELECTOR = Struct("LabelSelector", {"matchExpressions": atomic()}, atomic=True)
OBJECT_REFERENCE = Struct("ObjectReference", atomic=True)   # also OwnerReference, LocalObjectReference
OBJECT_META = Struct("ObjectMeta", {
    "ownerReferences": merge("uid", OBJECT_REFERENCE), "finalizers": union(),
    "managedFields": atomic()})
KEY_SELECTOR = obj(Struct("KeySelector", atomic=True))      # configMapKeyRef, secretKeyRef, ...
ENV_VAR = Struct("EnvVar", {"valueFrom": obj(Struct("EnvVarSource", {
    "configMapKeyRef": KEY_SELECTOR, "secretKeyRef": KEY_SELECTOR, "fieldRef": KEY_SELECTOR,
    "resourceFieldRef": KEY_SELECTOR}))})
CONDITIONS = merge("type")          # the usual `conditions` list: merge by type, list-map on type

RESOURCES = Struct("ResourceRequirements", {"claims": keyed("name")})
CONTAINER = Struct("Container", {
    "ports": merge("containerPort", keys=("containerPort", "protocol")),
    "env": merge("name", ENV_VAR),
    "envFrom": atomic(),
    "volumeMounts": merge("mountPath"),
    "volumeDevices": merge("devicePath"),
    "resources": obj(RESOURCES),
    "resizePolicy": atomic(), "command": atomic(), "args": atomic()})
CONTAINER_STATUS = Struct("ContainerStatus", {
    "volumeMounts": merge("mountPath"), "allocatedResourcesStatus": merge("name")})

POD_SPEC = Struct("PodSpec", {
    "volumes": merge("name", retain=True),
    "initContainers": merge("name", CONTAINER),
    "containers": merge("name", CONTAINER),
    "ephemeralContainers": merge("name", CONTAINER),
    "imagePullSecrets": merge("name", OBJECT_REFERENCE),
    "hostAliases": merge("ip"),
    "topologySpreadConstraints": merge("topologyKey", keys=("topologyKey", "whenUnsatisfiable")),
    "schedulingGates": merge("name"),
    "resourceClaims": merge("name", retain=True),
    "tolerations": atomic(), "readinessGates": atomic(), "nodeSelector": ATOMIC_MAP})
POD_STATUS = Struct("PodStatus", {
    "conditions": CONDITIONS,
    "podIPs": merge("ip"),
    "hostIPs": merge("ip", list_type="atomic"),
    "containerStatuses": atomic(CONTAINER_STATUS),
    "initContainerStatuses": atomic(CONTAINER_STATUS),
    "ephemeralContainerStatuses": atomic(CONTAINER_STATUS),
    "resourceClaimStatuses": merge("name", retain=True)})
POD_TEMPLATE_SPEC = Struct("PodTemplateSpec", {"metadata": obj(OBJECT_META), "spec": obj(POD_SPEC)})
TEMPLATE = obj(POD_TEMPLATE_SPEC)

# ---- the kinds -------------------------------------------------------------------------------

COND = {"conditions": CONDITIONS}   # a status whose only described field is conditions
WORKLOAD = {"selector": obj(LABEL_SELECTOR), "template": TEMPLATE}
JOB_SPEC = {**WORKLOAD, "podFailurePolicy": obj(Struct("PodFailurePolicy", {"rules": atomic()}))}
INGRESS = {"spec": {"rules": atomic(), "tls": atomic()}}
NETWORK_POLICY = {"spec": {"ingress": atomic(), "egress": atomic(), "policyTypes": atomic()}}
WEBHOOKS = {"webhooks": merge("name", Struct("Webhook", {"matchConditions": merge("name"),
                                                         "rules": atomic()}))}
APPS = {
    "Deployment": {"spec": {**WORKLOAD, "strategy": FieldMeta(("retainKeys",))}, "status": COND},
    "ReplicaSet": {"spec": WORKLOAD, "status": COND},
    "DaemonSet": {"spec": WORKLOAD, "status": COND},
    "StatefulSet": {"spec": {**WORKLOAD, "volumeClaimTemplates": atomic()}, "status": COND},
    "ControllerRevision": {},
}

# group -> kind -> the kind's fields besides metadata; a dict value is a struct's field table
KINDS: dict[str, dict[str, dict]] = {
    "": {
        "Pod": {"spec": POD_SPEC, "status": POD_STATUS},
        "PodTemplate": {"template": TEMPLATE},
        "ReplicationController": {"spec": {"selector": ATOMIC_MAP, "template": TEMPLATE},
                                  "status": COND},
        "Service": {"spec": {"ports": merge("port", keys=("port", "protocol")),
                             "selector": ATOMIC_MAP, "clusterIPs": atomic(),
                             "externalIPs": atomic(), "ipFamilies": atomic(),
                             "loadBalancerSourceRanges": atomic()},
                    "status": COND},
        "Endpoints": {"subsets": atomic()},
        "Node": {"spec": {"podCIDRs": union(), "taints": atomic()},
                 "status": {"conditions": CONDITIONS, "addresses": merge("type"),
                            "images": atomic(), "volumesInUse": atomic(),
                            "volumesAttached": atomic()}},
        "Namespace": {"spec": {"finalizers": atomic()}, "status": COND},
        "ServiceAccount": {"secrets": merge("name", OBJECT_REFERENCE), "imagePullSecrets": atomic()},
        "PersistentVolumeClaim": {"spec": {"accessModes": atomic()},
                                  "status": {**COND, "accessModes": atomic()}},
        "PersistentVolume": {"spec": {"accessModes": atomic(), "mountOptions": atomic()}},
        "ComponentStatus": COND,
        "ConfigMap": {}, "Secret": {}, "Event": {}, "LimitRange": {}, "ResourceQuota": {},
        "Binding": {},
    },
    "apps": APPS,
    "extensions": {k: APPS[k] for k in ("Deployment", "ReplicaSet", "DaemonSet")}
    | {"Ingress": INGRESS, "NetworkPolicy": NETWORK_POLICY},
    "batch": {
        "Job": {"spec": JOB_SPEC, "status": {"conditions": merge("type", list_type="atomic")}},
        "CronJob": {"spec": {"jobTemplate": obj(Struct("JobTemplateSpec", {
            "metadata": obj(OBJECT_META), "spec": obj(Struct("JobSpec", JOB_SPEC))}))},
            "status": {"active": atomic()}},
    },
    "autoscaling": {"HorizontalPodAutoscaler": {"spec": {"metrics": atomic()}, "status": COND},
                    "Scale": {}},
    "policy": {"PodDisruptionBudget": {"spec": {"selector": FieldMeta(("replace",),
                                                                      type=LABEL_SELECTOR)},
                                       "status": COND},
               "Eviction": {}},
    "networking.k8s.io": {"Ingress": INGRESS, "IngressClass": {}, "NetworkPolicy": NETWORK_POLICY},
    "rbac.authorization.k8s.io": {
        "Role": {"rules": atomic()},
        "ClusterRole": {"rules": atomic(), "aggregationRule": {"clusterRoleSelectors": atomic()}},
        "RoleBinding": {"subjects": atomic()},
        "ClusterRoleBinding": {"subjects": atomic()},
    },
    "storage.k8s.io": {"StorageClass": {"mountOptions": atomic()},
                       "CSINode": {"spec": {"drivers": merge("name")}},
                       "CSIDriver": {}, "VolumeAttachment": {}, "CSIStorageCapacity": {}},
    "admissionregistration.k8s.io": {"ValidatingWebhookConfiguration": WEBHOOKS,
                                     "MutatingWebhookConfiguration": WEBHOOKS},
    "coordination.k8s.io": {"Lease": {}},
    "discovery.k8s.io": {"EndpointSlice": {"endpoints": atomic(), "ports": atomic()}},
    "events.k8s.io": {"Event": {}},
    "scheduling.k8s.io": {"PriorityClass": {}},
    "node.k8s.io": {"RuntimeClass": {}},
    "certificates.k8s.io": {"CertificateSigningRequest": {}},
    "apiextensions.k8s.io": {"CustomResourceDefinition": {}},
    "apiregistration.k8s.io": {"APIService": {}},
}


def _struct(name: str, table: dict) -> Struct:
    """Build a Struct from a field table; nested tables and Structs become object fields."""
    fields = {}
    for key, v in table.items():
        if isinstance(v, dict):
            v = obj(_struct(name + key[:1].upper() + key[1:], v))
        elif isinstance(v, Struct):
            v = obj(v)
        fields[key] = v
    return Struct(name, fields)


GROUPS: dict[str, dict[str, Struct]] = {
    group: {kind: _struct(kind, {"metadata": OBJECT_META, **table}) for kind, table in kinds.items()}
    for group, kinds in KINDS.items()}


def _group(api_version: str) -> str:
    return api_version.rpartition("/")[0] if "/" in api_version else ""


def schema_for(api_version: str, kind: str) -> Struct:
    """The schema strategic merge patch walks for this kind; UNSTRUCTURED for unknown kinds."""
    return GROUPS.get(_group(api_version), {}).get(kind, UNSTRUCTURED)


def smp_supported(api_version: str, kind: str) -> bool:
    """Whether the server accepts application/strategic-merge-patch+json for this kind."""
    return kind in GROUPS.get(_group(api_version), {})
