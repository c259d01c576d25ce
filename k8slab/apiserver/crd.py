"""CustomResourceDefinitions: a CRD makes the server serve a new resource, and deleting it removes
the resource and every object of it.

Follows `staging/src/k8s.io/apiextensions-apiserver`: the establishing and naming controllers
(`pkg/controller/establish`, `pkg/controller/status`: conditions NamesAccepted and Established,
status.acceptedNames, status.storedVersions), the finalizer
`customresourcecleanup.apiextensions.k8s.io` and its controller (`pkg/controller/finalizer`:
delete every custom resource, then drop the finalizer), custom resources stored at
`/registry/<group>/<plural>/...`, printed by additionalPrinterColumns, validated against
openAPIV3Schema, and refused strategic merge patch (415).

Differences from upstream: no conversion webhooks (one stored version is served as every served
version, relabelled); unknown fields are reported, not pruned; no CEL validation rules.
"""

from __future__ import annotations

from ..api.resources import RW, Resource, Subresource
from . import errors as E

CLEANUP_FINALIZER = "customresourcecleanup.apiextensions.k8s.io"


def resources_of(crd: dict) -> list[Resource]:
    """The Resources a CRD makes the server serve: one per served version."""
    spec = crd.get("spec") or {}
    names = spec.get("names") or {}
    group, plural = spec.get("group", ""), names.get("plural", "")
    out = []
    for v in spec.get("versions") or []:
        if not v.get("served", True):
            continue
        subs = []
        vsubs = v.get("subresources") or {}
        if "status" in vsubs:
            subs.append(Subresource("status", names.get("kind", ""), ("get", "patch", "update")))
        if "scale" in vsubs:
            subs.append(Subresource("scale", "Scale", ("get", "patch", "update"), "autoscaling", "v1"))
        out.append(Resource(group, v["name"], names.get("kind", ""), plural,
                            names.get("singular") or names.get("kind", "").lower(),
                            spec.get("scope", "Namespaced") == "Namespaced", tuple(RW),
                            tuple(names.get("shortNames") or ()), tuple(names.get("categories") or ()),
                            tuple(subs), f"/registry/{group}/{plural}", names.get("listKind") or
                            names.get("kind", "") + "List"))
    return out


def validate_crd(crd: dict) -> list[tuple[str, str, str]]:
    """The checks of apiextensions' ValidateCustomResourceDefinition that lessons run into."""
    causes = []
    spec = crd.get("spec") or {}
    names = spec.get("names") or {}
    name = (crd.get("metadata") or {}).get("name", "")
    want = f"{names.get('plural', '')}.{spec.get('group', '')}"
    if name != want:
        causes.append(("metadata.name", "FieldValueInvalid",
                       f'Invalid value: "{name}": must be spec.names.plural+"."+spec.group'))
    for field in ("plural", "kind"):
        if not names.get(field):
            causes.append((f"spec.names.{field}", "FieldValueRequired", "Required value"))
    if not spec.get("group"):
        causes.append(("spec.group", "FieldValueRequired", "Required value"))
    if spec.get("scope") not in ("Namespaced", "Cluster"):
        causes.append(("spec.scope", "FieldValueNotSupported",
                       f'Unsupported value: "{spec.get("scope", "")}": supported values: "Cluster", "Namespaced"'))
    versions = spec.get("versions") or []
    if not versions:
        causes.append(("spec.versions", "FieldValueInvalid", "Invalid value: []apiextensions.CustomResourceDefinitionVersion(nil): must have exactly one version marked as storage version"))
    elif sum(1 for v in versions if v.get("storage")) != 1:
        causes.append(("spec.versions", "FieldValueInvalid",
                       "Invalid value: must have exactly one version marked as storage version"))
    for i, v in enumerate(versions):
        if not ((v.get("schema") or {}).get("openAPIV3Schema")):
            causes.append((f"spec.versions[{i}].schema.openAPIV3Schema", "FieldValueRequired",
                           "Required value: schemas are required"))
    return causes


class CRDs:
    """Keeps the server's resource table in step with the stored CRDs."""

    def __init__(self, server):
        self.server = server
        self.by_resource: dict[tuple[str, str], dict] = {}     # (group, plural) -> CRD

    def res(self) -> Resource:
        return self.server.lookup("apiextensions.k8s.io", "v1", "customresourcedefinitions")

    def load(self) -> None:
        """At start: serve every CRD already in the store."""
        for crd in self.server.registry.list(self.res(), None)["items"]:
            if not crd["metadata"].get("deletionTimestamp"):
                self.serve(crd)

    def serve(self, crd: dict) -> None:
        spec = crd["spec"]
        self.by_resource[(spec["group"], spec["names"]["plural"])] = crd
        for r in resources_of(crd):
            self.server.table.add(r)

    def unserve(self, crd: dict) -> None:
        spec = crd["spec"]
        self.by_resource.pop((spec["group"], spec["names"]["plural"]), None)
        self.server.table.remove(spec["group"], spec["names"]["plural"])

    def crd_for(self, res: Resource) -> dict | None:
        return self.by_resource.get((res.group, res.plural))

    # ---- what the registry's strategy calls -----------------------------------------------------

    def prepare(self, crd: dict) -> None:
        finalizers = crd["metadata"].setdefault("finalizers", [])
        if CLEANUP_FINALIZER not in finalizers:
            finalizers.append(CLEANUP_FINALIZER)
        for v in crd["spec"].get("versions") or []:
            v.setdefault("served", True)
        crd["spec"].setdefault("conversion", {"strategy": "None"})

    def established(self, crd: dict) -> None:
        """The naming and establishing controllers' verdict, written to status."""
        now = self.server.registry.now()
        storage = [v["name"] for v in crd["spec"]["versions"] if v.get("storage")]
        conflict = self._name_conflict(crd)
        status = {"conditions": [
            {"type": "NamesAccepted", "status": "False" if conflict else "True",
             "lastTransitionTime": now, "reason": "NameConflict" if conflict else "NoConflicts",
             "message": conflict or "no conflicts found"},
            {"type": "Established", "status": "False" if conflict else "True",
             "lastTransitionTime": now, "reason": "NotAccepted" if conflict else "InitialNamesAccepted",
             "message": "not all names are accepted" if conflict else "the initial names have been accepted"}],
            "acceptedNames": {} if conflict else dict(crd["spec"]["names"]),
            "storedVersions": storage}
        if not conflict:
            status["acceptedNames"].setdefault("singular", crd["spec"]["names"]["kind"].lower())
            status["acceptedNames"].setdefault("listKind", crd["spec"]["names"]["kind"] + "List")
        reg = self.server.registry

        def set_status(obj):
            obj["status"] = status
            return obj

        out = reg.update(self.res(), None, crd["metadata"]["name"], None, subresource="status",
                         mutate=set_status)
        if not conflict:
            self.serve(out)

    def _name_conflict(self, crd: dict) -> str:
        spec = crd["spec"]
        for r in self.server.table:
            if r.group == spec["group"] and r.plural == spec["names"]["plural"] and \
                    (r.group, r.plural) not in self.by_resource:
                return f'"{r.plural}" is already in use'
        return ""

    def cleanup(self, name: str) -> None:
        """The finalizer controller: delete every custom resource of a deleted CRD, then let it go."""
        reg = self.server.registry
        try:
            crd = reg.get(self.res(), None, name)
        except E.APIError:
            return
        resources = resources_of(crd)
        if resources:
            r = resources[0]
            for obj in reg.list(r, None)["items"]:
                try:
                    reg.delete(r, obj["metadata"].get("namespace"), obj["metadata"]["name"])
                except E.APIError:
                    pass
        self.unserve(crd)

        def drop(obj):
            obj["metadata"]["finalizers"] = [f for f in obj["metadata"].get("finalizers", [])
                                             if f != CLEANUP_FINALIZER]
            return obj

        reg.update(self.res(), None, name, None, mutate=drop)

    # ---- OpenAPI for custom resources -------------------------------------------------------------

    def openapi_paths(self) -> dict:
        """gv path -> (group, version) for the CRD-served group/versions."""
        return {f"apis/{r.group}/{r.version}": (r.group, r.version)
                for crd in self.by_resource.values() for r in resources_of(crd)}

    def openapi_document(self, group: str, version: str) -> dict:
        schemas, paths = {}, {}
        for crd in self.by_resource.values():
            spec = crd["spec"]
            if spec["group"] != group:
                continue
            for v in spec["versions"]:
                if v["name"] != version:
                    continue
                kind, plural = spec["names"]["kind"], spec["names"]["plural"]
                name = ".".join(reversed(group.split("."))) + f".{version}.{kind}"
                schema = dict((v.get("schema") or {}).get("openAPIV3Schema") or {"type": "object"})
                props = dict(schema.get("properties") or {})
                for top in ("apiVersion", "kind"):
                    props.setdefault(top, {"type": "string"})
                props.setdefault("metadata", {"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"})
                schema["properties"] = props
                gvk = {"group": group, "version": version, "kind": kind}
                schema["x-kubernetes-group-version-kind"] = [gvk]
                schemas[name] = schema
                base = f"/apis/{group}/{version}" + ("/namespaces/{namespace}" if spec.get("scope") == "Namespaced" else "")
                params = [{"name": p, "in": "query", "schema": {"type": "string"}}
                          for p in ("dryRun", "fieldManager", "fieldValidation", "force")]
                op = {"x-kubernetes-group-version-kind": gvk, "parameters": params,
                      "responses": {"200": {"description": "OK"}}}
                paths[f"{base}/{plural}/{{name}}"] = {"get": dict(op), "patch": dict(op), "put": dict(op),
                                                       "delete": dict(op)}
                paths[f"{base}/{plural}"] = {"get": dict(op), "post": dict(op)}
        from ..api import openapi
        for ref in openapi.closure(["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"]):
            schemas[ref] = openapi.component(ref)
        return {"openapi": "3.0.0", "info": {"title": "Kubernetes CRD Swagger", "version": "v0.1.0"},
                "paths": paths, "components": {"schemas": schemas}}
