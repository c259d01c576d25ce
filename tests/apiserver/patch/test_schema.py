"""Patch metadata of the built-in kinds, checked against k8s.io/api's struct tags and markers."""

import pytest

from k8slab.apiserver.patch.schema import UNSTRUCTURED, schema_for, smp_supported


def meta_at(api_version: str, kind: str, path: str):
    s = schema_for(api_version, kind)
    meta = None
    for key in path.split("."):
        s, meta = s.lookup(key)
    return meta


# (apiVersion, kind, dotted path, patchStrategy, patchMergeKey, listType, listMapKeys)
TAGS = [
    ("v1", "Pod", "spec.containers", ("merge",), "name", "map", ("name",)),
    ("v1", "Pod", "spec.initContainers", ("merge",), "name", "map", ("name",)),
    ("v1", "Pod", "spec.ephemeralContainers", ("merge",), "name", "map", ("name",)),
    ("v1", "Pod", "spec.containers.ports", ("merge",), "containerPort", "map", ("containerPort", "protocol")),
    ("v1", "Pod", "spec.containers.env", ("merge",), "name", "map", ("name",)),
    ("v1", "Pod", "spec.containers.envFrom", (), "", "atomic", ()),
    ("v1", "Pod", "spec.containers.volumeMounts", ("merge",), "mountPath", "map", ("mountPath",)),
    ("v1", "Pod", "spec.containers.volumeDevices", ("merge",), "devicePath", "map", ("devicePath",)),
    ("v1", "Pod", "spec.containers.resources.claims", (), "", "map", ("name",)),
    ("v1", "Pod", "spec.volumes", ("merge", "retainKeys"), "name", "map", ("name",)),
    ("v1", "Pod", "spec.imagePullSecrets", ("merge",), "name", "map", ("name",)),
    ("v1", "Pod", "spec.tolerations", (), "", "atomic", ()),
    ("v1", "Pod", "spec.hostAliases", ("merge",), "ip", "map", ("ip",)),
    ("v1", "Pod", "spec.topologySpreadConstraints", ("merge",), "topologyKey", "map",
     ("topologyKey", "whenUnsatisfiable")),
    ("v1", "Pod", "spec.resourceClaims", ("merge", "retainKeys"), "name", "map", ("name",)),
    ("v1", "Pod", "status.conditions", ("merge",), "type", "map", ("type",)),
    ("v1", "Pod", "status.podIPs", ("merge",), "ip", "map", ("ip",)),
    ("v1", "Pod", "status.hostIPs", ("merge",), "ip", "atomic", ()),
    ("v1", "Pod", "status.containerStatuses", (), "", "atomic", ()),
    ("v1", "Pod", "metadata.finalizers", ("merge",), "", "set", ()),
    ("v1", "Pod", "metadata.ownerReferences", ("merge",), "uid", "map", ("uid",)),
    ("v1", "Service", "spec.ports", ("merge",), "port", "map", ("port", "protocol")),
    ("v1", "Node", "spec.taints", (), "", "atomic", ()),
    ("v1", "Node", "spec.podCIDRs", ("merge",), "", "set", ()),
    ("v1", "Node", "status.addresses", ("merge",), "type", "map", ("type",)),
    ("v1", "Endpoints", "subsets", (), "", "atomic", ()),
    ("v1", "Namespace", "spec.finalizers", (), "", "atomic", ()),
    ("v1", "ServiceAccount", "secrets", ("merge",), "name", "map", ("name",)),
    ("v1", "ServiceAccount", "imagePullSecrets", (), "", "atomic", ()),
    ("apps/v1", "Deployment", "spec.strategy", ("retainKeys",), "", "", ()),
    ("apps/v1", "Deployment", "spec.template.spec.containers.ports", ("merge",), "containerPort", "map",
     ("containerPort", "protocol")),
    ("apps/v1", "DaemonSet", "spec.template.spec.volumes", ("merge", "retainKeys"), "name", "map", ("name",)),
    ("apps/v1", "StatefulSet", "spec.volumeClaimTemplates", (), "", "atomic", ()),
    ("apps/v1", "ReplicaSet", "status.conditions", ("merge",), "type", "map", ("type",)),
    ("batch/v1", "Job", "status.conditions", ("merge",), "type", "atomic", ()),
    ("batch/v1", "CronJob", "spec.jobTemplate.spec.template.spec.containers", ("merge",), "name", "map", ("name",)),
    ("policy/v1", "PodDisruptionBudget", "spec.selector", ("replace",), "", "", ()),
    ("rbac.authorization.k8s.io/v1", "ClusterRole", "rules", (), "", "atomic", ()),
    ("rbac.authorization.k8s.io/v1", "RoleBinding", "subjects", (), "", "atomic", ()),
    ("autoscaling/v2", "HorizontalPodAutoscaler", "status.conditions", ("merge",), "type", "map", ("type",)),
    ("storage.k8s.io/v1", "CSINode", "spec.drivers", ("merge",), "name", "map", ("name",)),
    ("admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration", "webhooks.matchConditions",
     ("merge",), "name", "map", ("name",)),
    ("extensions/v1beta1", "Deployment", "spec.template.spec.containers", ("merge",), "name", "map", ("name",)),
]


@pytest.mark.parametrize("api_version,kind,path,strategies,merge_key,list_type,keys", TAGS,
                         ids=[f"{t[1]}.{t[2]}" for t in TAGS])
def test_tags(api_version, kind, path, strategies, merge_key, list_type, keys):
    meta = meta_at(api_version, kind, path)
    assert (meta.strategies, meta.merge_key, meta.list_type, meta.list_map_keys) == (
        strategies, merge_key, list_type, keys)


@pytest.mark.parametrize("api_version,kind,path", [
    ("v1", "Pod", "spec.nodeSelector"), ("v1", "Service", "spec.selector"),
    ("v1", "ReplicationController", "spec.selector")])
def test_atomic_maps(api_version, kind, path):
    assert meta_at(api_version, kind, path).atomic


def test_fields_without_tags_have_no_metadata():
    meta = meta_at("v1", "Pod", "spec.containers.args")
    assert meta.strategies == () and meta.merge_key == ""
    meta = meta_at("v1", "Pod", "spec.noSuchField")
    assert meta.strategies == () and meta.list_type == ""


@pytest.mark.parametrize("api_version,kind,supported", [
    ("v1", "Pod", True), ("v1", "ConfigMap", True), ("apps/v1", "Deployment", True),
    ("autoscaling/v1", "Scale", True), ("apiextensions.k8s.io/v1", "CustomResourceDefinition", True),
    ("stable.example.com/v1", "CronTab", False), ("v1", "CronTab", False), ("apps/v1", "Pod", False),
])
def test_smp_supported(api_version, kind, supported):
    assert smp_supported(api_version, kind) is supported
    assert (schema_for(api_version, kind) is UNSTRUCTURED) is not supported
