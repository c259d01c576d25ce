"""The REST operations each group/version publishes, as OpenAPI v3 `paths`.

Upstream builds these from every registered REST storage while installing the API
(k8s.io/apiserver pkg/endpoints/installer.go, registerResourceHandlers) and names operations
<verb><Group><Version>[Namespaced]<Kind>[<Subresource>] ("patchAppsV1NamespacedDeployment").
kubectl depends on one detail: `kubectl apply/create` only leaves validation to the server
(fieldValidation=Strict) when it finds a PATCH operation tagged with the object's
x-kubernetes-group-version-kind that lists a `fieldValidation` parameter
(k8s.io/cli-runtime pkg/resource/query_param_verifier_v3.go). Every PATCH here has it.

Differences from upstream: no deprecated /watch/ paths, no connect operations (exec, attach,
portforward, proxy), no `/api/v1/` resource-list operation; parameter descriptions are ours;
responses list JSON, YAML and protobuf only.
"""

from .dsl import GROUP_VERSIONS, PACKAGES, REF_PREFIX, TYPES

# group/version key -> (group, version, schema package) for every group/version served
SERVED = {}
for _short, _pkg in PACKAGES.items():
    if _short == "meta":
        continue
    _group, _version = GROUP_VERSIONS[_pkg]
    SERVED["api/v1" if _group == "" else f"apis/{_group}/{_version}"] = (_group, _version, _pkg)

CRUD = ["get", "list", "create", "update", "patch", "delete", "deletecollection", "watch"]

SUBRESOURCES = {
    "status": (["get", "put", "patch"], None),
    "scale": (["get", "put", "patch"], ("autoscaling", "Scale")),
    "finalize": (["put"], None),
    "log": (["get"], None),
    "binding": (["post"], ("core", "Binding")),
    "eviction": (["post"], ("policy", "Eviction")),
    "ephemeralcontainers": (["get", "put", "patch"], None),
    "token": (["post"], ("authentication", "TokenRequest")),
    "approval": (["get", "put", "patch"], None),
}


def resources(gv_key):
    """The resources of a group/version as dicts: plural, kind, namespaced, verbs, subresources --
    read from the server's resource table (k8slab.api.resources), for the kinds declared here."""
    from ..resources import RESOURCES as TABLE
    group, version = SERVED[gv_key][:2]
    declared = {(t.gvk["group"], t.gvk["version"], t.gvk["kind"]) for t in TYPES.values()
                if t.flags & {"kind", "gvk"}}
    out = []
    for r in TABLE:
        if (r.group, r.version) != (group, version) or (group, version, r.kind) not in declared:
            continue
        out.append({"plural": r.plural, "kind": r.kind, "namespaced": r.namespaced,
                    "verbs": [v for v in CRUD if v in r.verbs],
                    "subresources": [s.name for s in r.subresources if s.name in SUBRESOURCES]})
    return sorted(out, key=lambda d: d["plural"])


# Query parameters, with our descriptions.
_PARAM_DOCS = {
    "pretty": "If 'true', indent the output.",
    "dryRun": "Set to All to run every step of the request (validation, admission) without storing anything.",
    "fieldManager": "Name of the actor making the change, recorded in managedFields (e.g. kubectl-client-side-apply).",
    "fieldValidation": "What to do with unknown or duplicate fields in the body: Ignore drops them silently, Warn "
                       "(the default) drops them and returns a warning per field, Strict rejects the request.",
    "force": "For apply patches: take ownership of fields other managers own instead of failing with a conflict.",
    "allowWatchBookmarks": "Ask for BOOKMARK events carrying only a resourceVersion during a watch.",
    "continue": "The continue token of the previous page, to get the next page of a list.",
    "fieldSelector": "Only objects whose fields match, e.g. metadata.name=web,status.phase=Running.",
    "labelSelector": "Only objects whose labels match, e.g. app=web,tier!=db.",
    "limit": "Return at most this many items and a continue token for the rest.",
    "resourceVersion": "Read at this version or newer (\"0\": any cached version); for a watch, the version to start "
                       "after.",
    "resourceVersionMatch": "How resourceVersion is interpreted for a list: Exact or NotOlderThan.",
    "sendInitialEvents": "For a watch: start with ADDED events for every existing object, then a bookmark.",
    "timeoutSeconds": "End the list or watch after this many seconds.",
    "watch": "Instead of a list, stream change events (ADDED, MODIFIED, DELETED) as they happen.",
    "gracePeriodSeconds": "Seconds the object gets to shut down before it is deleted; 0 deletes at once.",
    "ignoreStoreReadErrorWithClusterBreakingPotential": "Delete an object that cannot be read from storage. "
                                                        "Dangerous.",
    "orphanDependents": "Deprecated: use propagationPolicy.",
    "propagationPolicy": "What happens to dependents: Orphan, Background or Foreground.",
    "container": "The container whose log to return; may be left out when the pod has one container.",
    "follow": "Keep streaming the log as it grows.",
    "insecureSkipTLSVerifyBackend": "Do not verify the kubelet's certificate when fetching the log.",
    "limitBytes": "Return at most this many bytes of log.",
    "previous": "Return the log of the previous, terminated run of the container.",
    "sinceSeconds": "Only log lines from the last this many seconds.",
    "tailLines": "Only this many lines from the end of the log.",
    "timestamps": "Prefix every log line with its timestamp.",
}
_INT_PARAMS = {"limit", "timeoutSeconds", "gracePeriodSeconds", "limitBytes", "sinceSeconds", "tailLines"}
_BOOL_PARAMS = {"allowWatchBookmarks", "sendInitialEvents", "watch", "force", "orphanDependents", "follow",
                "insecureSkipTLSVerifyBackend", "previous", "timestamps",
                "ignoreStoreReadErrorWithClusterBreakingPotential"}
_LIST_PARAMS = ["allowWatchBookmarks", "continue", "fieldSelector", "labelSelector", "limit", "resourceVersion",
                "resourceVersionMatch", "sendInitialEvents", "timeoutSeconds", "watch"]
_WRITE_PARAMS = ["dryRun", "fieldManager", "fieldValidation"]
_DELETE_PARAMS = ["dryRun", "gracePeriodSeconds", "ignoreStoreReadErrorWithClusterBreakingPotential",
                  "orphanDependents", "propagationPolicy"]
_LOG_PARAMS = ["container", "follow", "insecureSkipTLSVerifyBackend", "limitBytes", "previous", "sinceSeconds",
               "tailLines", "timestamps"]


def _query(name):
    t = "integer" if name in _INT_PARAMS else "boolean" if name in _BOOL_PARAMS else "string"
    return {"description": _PARAM_DOCS[name], "in": "query", "name": name, "schema": {"type": t, "uniqueItems": True}}


def _path_param(name, doc):
    return {"description": doc, "in": "path", "name": name, "required": True,
            "schema": {"type": "string", "uniqueItems": True}}


_MEDIA = ["application/json", "application/vnd.kubernetes.protobuf", "application/yaml"]
_WATCH_MEDIA = ["application/json;stream=watch", "application/vnd.kubernetes.protobuf;stream=watch"]
_PATCH_MEDIA = ["application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json",
                "application/strategic-merge-patch+json"]
_STATUS = "io.k8s.apimachinery.pkg.apis.meta.v1.Status"


def _content(schema_name, media=_MEDIA):
    return {m: {"schema": {"$ref": REF_PREFIX + schema_name}} for m in media}


def _responses(codes, schema_name, media=_MEDIA):
    names = {"200": "OK", "201": "Created", "202": "Accepted"}
    out = {c: {"content": _content(schema_name, media), "description": names[c]} for c in codes}
    out["401"] = {"description": "Unauthorized"}
    return out


def _op(action, op_id, description, gvk, tag, params, responses, body=None):
    op = {"description": description, "operationId": op_id, "parameters": [_query(p) for p in params],
          "responses": responses, "tags": [tag], "x-kubernetes-action": action,
          "x-kubernetes-group-version-kind": dict(gvk)}
    if body:
        op["requestBody"] = body
    if not op["parameters"]:
        del op["parameters"]
    return op


def _camel(group, version):
    """'rbac.authorization.k8s.io', 'v1' -> ('RbacAuthorizationV1', 'rbacAuthorization_v1')."""
    words = (group.removesuffix(".k8s.io") or "core").split(".")
    camel = "".join(w[:1].upper() + w[1:] for w in words)
    return camel + version.capitalize(), camel[:1].lower() + camel[1:] + "_" + version


def resource_paths(gv_key, res):
    """All paths of one resource, with their operations."""
    group, version, package = SERVED[gv_key]
    kind, plural, namespaced = res["kind"], res["plural"], res["namespaced"]
    full = f"{package}.{kind}"
    gvk = {"group": group, "kind": kind, "version": version}
    opname, tag = _camel(group, version)
    scope = "Namespaced" if namespaced else ""
    base = f"/{gv_key}/namespaces/{{namespace}}/{plural}" if namespaced else f"/{gv_key}/{plural}"
    common = [_path_param("namespace", "The namespace of the objects.")] if namespaced else []
    common.append(_query("pretty"))
    verbs = set(res["verbs"])
    paths = {}

    coll = {"parameters": common}
    if "list" in verbs:
        coll["get"] = _op("list", f"list{opname}{scope}{kind}", f"list or watch objects of kind {kind}", gvk, tag,
                          _LIST_PARAMS, _responses(["200"], full + "List", _MEDIA + _WATCH_MEDIA))
    if "create" in verbs:
        body = {"content": {"*/*": {"schema": {"$ref": REF_PREFIX + full}}}, "required": True}
        coll["post"] = _op("post", f"create{opname}{scope}{kind}", f"create a {kind}", gvk, tag, _WRITE_PARAMS,
                           _responses(["200", "201", "202"], full), body)
    if "deletecollection" in verbs:
        body = {"content": {"*/*": {"schema": {"$ref": REF_PREFIX + "io.k8s.apimachinery.pkg.apis.meta.v1."
                                               "DeleteOptions"}}}}
        params = _DELETE_PARAMS + [p for p in _LIST_PARAMS if p not in ("allowWatchBookmarks", "watch")]
        coll["delete"] = _op("deletecollection", f"delete{opname}Collection{scope}{kind}",
                             f"delete collection of {kind}", gvk, tag, sorted(params), _responses(["200"], _STATUS),
                             body)
    if len(coll) > 1:
        paths[base] = coll
    if namespaced and "list" in verbs:
        paths[f"/{gv_key}/{plural}"] = {
            "get": _op("list", f"list{opname}{kind}ForAllNamespaces", f"list or watch objects of kind {kind}", gvk,
                       tag, _LIST_PARAMS, _responses(["200"], full + "List", _MEDIA + _WATCH_MEDIA)),
            "parameters": [_query("pretty")]}

    item = {"parameters": [_path_param("name", f"name of the {kind}")] + common}
    if "get" in verbs:
        item["get"] = _op("get", f"read{opname}{scope}{kind}", f"read the specified {kind}", gvk, tag, [],
                          _responses(["200"], full))
    if "update" in verbs:
        body = {"content": {"*/*": {"schema": {"$ref": REF_PREFIX + full}}}, "required": True}
        item["put"] = _op("put", f"replace{opname}{scope}{kind}", f"replace the specified {kind}", gvk, tag,
                          _WRITE_PARAMS, _responses(["200", "201"], full), body)
    if "patch" in verbs:
        item["patch"] = _patch_op(f"patch{opname}{scope}{kind}", f"partially update the specified {kind}", gvk, tag,
                                  full)
    if "delete" in verbs:
        body = {"content": {"*/*": {"schema": {"$ref": REF_PREFIX + "io.k8s.apimachinery.pkg.apis.meta.v1."
                                               "DeleteOptions"}}}}
        item["delete"] = _op("delete", f"delete{opname}{scope}{kind}", f"delete a {kind}", gvk, tag, _DELETE_PARAMS,
                             _responses(["200", "202"], _STATUS), body)
    if len(item) > 1:
        paths[base + "/{name}"] = item

    for sub in res["subresources"]:
        paths[f"{base}/{{name}}/{sub}"] = _subresource(sub, kind, full, gvk, opname, scope, tag, item["parameters"])
    return paths


def _patch_op(op_id, description, gvk, tag, schema_name):
    body = {"content": {m: {"schema": {"$ref": REF_PREFIX + "io.k8s.apimachinery.pkg.apis.meta.v1.Patch"}}
                        for m in _PATCH_MEDIA}, "required": True}
    return _op("patch", op_id, description, gvk, tag, _WRITE_PARAMS + ["force"],
               _responses(["200", "201"], schema_name), body)


def _subresource(sub, kind, full, gvk, opname, scope, tag, item_params):
    methods, body_kind = SUBRESOURCES[sub]
    if body_kind:
        package, body_name = PACKAGES[body_kind[0]], body_kind[1]
        g, v = GROUP_VERSIONS[package]
        gvk = {"group": g, "kind": body_name, "version": v}
        full = f"{package}.{body_name}"
    suffix = sub[:1].upper() + sub[1:]
    entry = {"parameters": [dict(p, description=f"name of the {kind}") if p["name"] == "name" else p
                            for p in item_params]}
    body = {"content": {"*/*": {"schema": {"$ref": REF_PREFIX + full}}}, "required": True}
    for m in methods:
        if m == "get" and sub == "log":
            entry["get"] = _op("get", f"read{opname}{scope}{kind}Log", f"read log of the specified {kind}", gvk, tag,
                               _LOG_PARAMS, {"200": {"content": {"text/plain": {"schema": {"type": "string"}}},
                                                     "description": "OK"}, "401": {"description": "Unauthorized"}})
        elif m == "get":
            entry["get"] = _op("get", f"read{opname}{scope}{kind}{suffix}", f"read {sub} of the specified {kind}",
                               gvk, tag, [], _responses(["200"], full))
        elif m == "put":
            entry["put"] = _op("put", f"replace{opname}{scope}{kind}{suffix}", f"replace {sub} of the specified "
                               f"{kind}", gvk, tag, _WRITE_PARAMS, _responses(["200", "201"], full), body)
        elif m == "patch":
            entry["patch"] = _patch_op(f"patch{opname}{scope}{kind}{suffix}", f"partially update {sub} of the "
                                       f"specified {kind}", gvk, tag, full)
        elif m == "post":
            entry["post"] = _op("post", f"create{opname}{scope}{kind}{suffix}", f"create {sub} of a {kind}", gvk,
                                tag, _WRITE_PARAMS, _responses(["200", "201", "202"], full), body)
    return entry


def gv_paths(gv_key):
    """Every path of a group/version."""
    out = {}
    for res in resources(gv_key):
        out.update(resource_paths(gv_key, res))
    return out
