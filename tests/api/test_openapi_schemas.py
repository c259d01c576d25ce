"""The OpenAPI schemas and documents: structure, references, GVKs, operations, hashes, and a few
facts checked against upstream's Go types (k8s.io/api v0.32.0)."""

import hashlib
import json
import re
from pathlib import Path

import pytest

from k8slab.api import openapi
from k8slab.api.openapi import dsl
from k8slab.api.openapi.paths import SERVED, resources

REF = "#/components/schemas/"
GV_KEYS = openapi.group_versions()


def _walk(node):
    """Yield every dict inside a JSON value."""
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from _walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from _walk(v)


def _prop(full_name, field):
    return openapi.component(full_name)["properties"][field]


def test_every_group_version_of_the_brief_is_served():
    assert set(GV_KEYS) == {
        "api/v1", "apis/apps/v1", "apis/batch/v1", "apis/autoscaling/v1", "apis/rbac.authorization.k8s.io/v1",
        "apis/networking.k8s.io/v1", "apis/discovery.k8s.io/v1", "apis/storage.k8s.io/v1",
        "apis/coordination.k8s.io/v1", "apis/scheduling.k8s.io/v1", "apis/certificates.k8s.io/v1",
        "apis/authentication.k8s.io/v1", "apis/authorization.k8s.io/v1", "apis/events.k8s.io/v1",
        "apis/policy/v1", "apis/apiextensions.k8s.io/v1"}


@pytest.mark.parametrize("key", GV_KEYS)
def test_every_resource_kind_has_a_schema_with_its_gvk(key):
    group, version, _ = SERVED[key]
    doc = openapi.document(key)
    schemas = doc["components"]["schemas"]
    for res in resources(key):
        name = openapi.schema_name(group, version, res["kind"])
        assert name in schemas, res["kind"]
        assert {"group": group, "kind": res["kind"], "version": version} in \
            schemas[name]["x-kubernetes-group-version-kind"]
        if "list" in res["verbs"]:
            lst = schemas[name + "List"]
            assert lst["x-kubernetes-group-version-kind"] == [{"group": group, "kind": res["kind"] + "List",
                                                               "version": version}]
            assert lst["required"] == ["items"]
            assert lst["properties"]["items"]["items"]["allOf"] == [{"$ref": REF + name}]


@pytest.mark.parametrize("key", GV_KEYS)
def test_every_ref_resolves_inside_its_document(key):
    doc = openapi.document(key)
    schemas = doc["components"]["schemas"]
    refs = [d["$ref"] for d in _walk(doc) if isinstance(d.get("$ref"), str)]
    assert refs
    for ref in refs:
        assert ref.startswith(REF) and ref[len(REF):] in schemas, ref


@pytest.mark.parametrize("key", GV_KEYS)
def test_document_shape_and_operations(key):
    doc = openapi.document(key)
    assert doc["openapi"] == "3.0.0"
    assert doc["info"] == {"title": "Kubernetes", "version": "v1.32.0"}
    group, version, _ = SERVED[key]
    patch_gvks = set()
    for path, item in doc["paths"].items():
        assert path.startswith("/" + key + "/")
        for method, op in item.items():
            if method == "parameters":
                continue
            gvk = op["x-kubernetes-group-version-kind"]
            assert isinstance(gvk, dict) and set(gvk) == {"group", "kind", "version"}
            names = {p["name"] for p in op.get("parameters", [])}
            if method in ("post", "put", "patch"):
                assert {"dryRun", "fieldManager", "fieldValidation"} <= names, (path, method)
            if method == "patch":
                assert "force" in names
                assert "application/strategic-merge-patch+json" in op["requestBody"]["content"]
                patch_gvks.add((gvk["group"], gvk["version"], gvk["kind"]))
    for res in resources(key):
        if "patch" in res["verbs"]:
            assert (group, version, res["kind"]) in patch_gvks, res["kind"]


def test_deployment_paths_match_upstream_names():
    paths = openapi.document("apps/v1")["paths"]
    item = paths["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]
    assert item["patch"]["operationId"] == "patchAppsV1NamespacedDeployment"
    assert item["get"]["operationId"] == "readAppsV1NamespacedDeployment"
    assert paths["/apis/apps/v1/deployments"]["get"]["operationId"] == "listAppsV1DeploymentForAllNamespaces"
    scale = paths["/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale"]
    assert scale["patch"]["operationId"] == "patchAppsV1NamespacedDeploymentScale"
    assert scale["patch"]["x-kubernetes-group-version-kind"] == {"group": "autoscaling", "kind": "Scale",
                                                                  "version": "v1"}
    assert "/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status" in paths
    rbac = openapi.document("rbac.authorization.k8s.io/v1")["paths"]
    assert rbac["/apis/rbac.authorization.k8s.io/v1/clusterroles"]["post"]["operationId"] == \
        "createRbacAuthorizationV1ClusterRole"


def test_core_subresources():
    paths = openapi.document("v1")["paths"]
    base = "/api/v1/namespaces/{namespace}/pods/{name}"
    assert paths[base + "/log"]["get"]["responses"]["200"]["content"] == {"text/plain": {"schema": {"type": "string"}}}
    assert paths[base + "/eviction"]["post"]["x-kubernetes-group-version-kind"]["kind"] == "Eviction"
    assert paths[base + "/binding"]["post"]["x-kubernetes-group-version-kind"]["kind"] == "Binding"
    token = paths["/api/v1/namespaces/{namespace}/serviceaccounts/{name}/token"]["post"]
    assert token["x-kubernetes-group-version-kind"] == {"group": "authentication.k8s.io", "kind": "TokenRequest",
                                                        "version": "v1"}
    assert "/api/v1/nodes/{name}" in paths and "/api/v1/namespaces/{namespace}/nodes" not in paths
    assert set(paths["/api/v1/componentstatuses/{name}"]) == {"get", "parameters"}


def test_index_points_at_documents_by_their_sha512():
    idx = openapi.index()
    assert set(idx["paths"]) == set(GV_KEYS)
    for key, entry in idx["paths"].items():
        digest = hashlib.sha512(openapi.document_bytes(key)).hexdigest().upper()
        assert entry == {"serverRelativeURL": f"/openapi/v3/{key}?hash={digest}"}
        assert openapi.document_hash(key) == digest
    assert openapi.index() == idx  # stable


def test_index_takes_group_versions_and_a_hash_function():
    idx = openapi.index(["v1", "apps/v1"], hash_fn=lambda key: "AAAA")
    assert idx == {"paths": {"api/v1": {"serverRelativeURL": "/openapi/v3/api/v1?hash=AAAA"},
                             "apis/apps/v1": {"serverRelativeURL": "/openapi/v3/apis/apps/v1?hash=AAAA"}}}
    with pytest.raises(KeyError):
        openapi.gv_key("apps/v1beta1")


def test_document_bytes_are_the_document():
    assert json.loads(openapi.document_bytes("apis/apps/v1")) == openapi.document("apps/v1")


def test_upstream_ref_wrapping_and_defaults():
    dep = "io.k8s.api.apps.v1.Deployment"
    assert _prop(dep, "spec")["allOf"] == [{"$ref": REF + "io.k8s.api.apps.v1.DeploymentSpec"}]
    assert _prop(dep, "spec")["default"] == {}                      # non-pointer struct
    assert "default" not in _prop("io.k8s.api.apps.v1.DeploymentSpec", "selector")  # pointer
    ct = _prop("io.k8s.api.apps.v1.DeploymentCondition", "lastTransitionTime")
    assert ct == {"allOf": [{"$ref": REF + "io.k8s.apimachinery.pkg.apis.meta.v1.Time"}],
                  "description": ct["description"]}                 # Time: never a default
    assert _prop("io.k8s.api.apps.v1.DaemonSetStatus", "numberReady")["default"] == 0  # required scalar
    assert _prop("io.k8s.api.core.v1.Container", "command")["items"] == {"default": "", "type": "string"}
    limits = _prop("io.k8s.api.core.v1.ResourceRequirements", "limits")
    assert limits["additionalProperties"] == {"$ref": REF + "io.k8s.apimachinery.pkg.api.resource.Quantity"}
    assert _prop("io.k8s.api.core.v1.ContainerPort", "protocol")["default"] == "TCP"
    assert openapi.component("io.k8s.apimachinery.pkg.util.intstr.IntOrString")["format"] == "int-or-string"


def test_list_and_patch_extensions_follow_the_go_markers():
    ports = _prop("io.k8s.api.core.v1.Container", "ports")
    assert ports["x-kubernetes-list-type"] == "map"
    assert ports["x-kubernetes-list-map-keys"] == ["containerPort", "protocol"]
    assert ports["x-kubernetes-patch-merge-key"] == "containerPort"
    assert ports["x-kubernetes-patch-strategy"] == "merge"
    volumes = _prop("io.k8s.api.core.v1.PodSpec", "volumes")
    assert volumes["x-kubernetes-patch-strategy"] == "merge,retainKeys"
    assert _prop("io.k8s.api.apps.v1.DeploymentSpec", "strategy")["x-kubernetes-patch-strategy"] == "retainKeys"
    assert _prop("io.k8s.api.core.v1.PodSpec", "nodeSelector")["x-kubernetes-map-type"] == "atomic"
    assert openapi.component("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector")["x-kubernetes-map-type"] == \
        "atomic"
    assert _prop("io.k8s.api.core.v1.PodSpec", "restartPolicy")["enum"] == ["Always", "Never", "OnFailure"]


def test_facts_that_are_easy_to_get_wrong():
    # The kubelet endpoint's field really is capitalised upstream.
    assert list(openapi.component("io.k8s.api.core.v1.DaemonEndpoint")["properties"]) == ["Port"]
    assert openapi.component("io.k8s.api.core.v1.PodSpec")["required"] == ["containers"]
    assert openapi.component("io.k8s.api.apps.v1.DeploymentSpec")["required"] == ["selector", "template"]
    assert openapi.component("io.k8s.api.rbac.v1.RoleBinding")["required"] == ["roleRef"]
    assert "x-kubernetes-group-version-kind" not in openapi.component("io.k8s.api.core.v1.PodSpec")
    # No List type for create-only kinds.
    assert "io.k8s.api.authorization.v1.SelfSubjectAccessReviewList" not in openapi.TYPES
    events = {n for n in openapi.TYPES if n.endswith(".Event")}
    assert events == {"io.k8s.api.core.v1.Event", "io.k8s.api.events.v1.Event"}


def test_delete_options_carry_every_served_group_version():
    gvks = openapi.component("io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions")["x-kubernetes-group-version-kind"]
    assert {"group": "apps", "kind": "DeleteOptions", "version": "v1"} in gvks
    assert len(gvks) == len(GV_KEYS)


def test_every_type_and_field_has_a_description():
    for name, t in openapi.TYPES.items():
        assert t.description.strip(), name
        for f in t.fields:
            assert f.description.strip(), f"{name}.{f.name}"
            assert "  " not in f.description, f"{name}.{f.name}"


def test_short_names_resolve_within_the_package_first():
    assert dsl.resolve("Event", dsl.PACKAGES["events"]) == "io.k8s.api.events.v1.Event"
    assert dsl.resolve("Event", dsl.PACKAGES["core"]) == "io.k8s.api.core.v1.Event"
    assert dsl.resolve("core.ObjectReference", dsl.PACKAGES["events"]) == "io.k8s.api.core.v1.ObjectReference"
    with pytest.raises(KeyError):
        dsl.resolve("EventSeries", dsl.PACKAGES["apps"])  # core and events both have one


def test_dsl_rejects_what_it_cannot_parse():
    with pytest.raises(ValueError):
        dsl.declare("core", "this is not a header\n")
    with pytest.raises(ValueError):
        dsl.declare("core", "Pod: declared again\n")


def test_modules_stay_readable():
    for path in Path(openapi.__file__).parent.glob("*.py"):
        text = path.read_text()
        assert len(text.splitlines()) < 400, path.name
        assert "Differences from upstream" in text or path.name == "__init__.py", path.name
        assert all(len(line) <= 120 for line in text.splitlines()), path.name


def test_descriptions_are_ours_not_upstreams():
    # A few of upstream's well-known first sentences must not appear anywhere.
    upstream_phrases = ["Pod is a collection of containers that can run on a host",
                        "Standard object's metadata. More info",
                        "APIVersion defines the versioned schema of this representation",
                        "Node is a worker node in Kubernetes"]
    blob = json.dumps([openapi.document(k) for k in GV_KEYS])
    for phrase in upstream_phrases:
        assert phrase not in blob
    assert not re.search(r"https://git\.k8s\.io", blob)
