"""The OpenAPI v3 endpoints: `GET /openapi/v3` (the index) and `GET /openapi/v3/<group-version>`.

Upstream: k8s.io/kube-openapi pkg/handler3/handler.go serves one document per group/version and an
index whose serverRelativeURL carries `?hash=` + the upper-case hex SHA-512 of the document, so that
clients can cache a document forever under that URL. The documents themselves come from
k8s.io/apiserver pkg/endpoints/openapi and kube-openapi's builder3: paths of the group/version, and in
components/schemas every schema they reach, with `x-kubernetes-group-version-kind` on kinds and
lists. `kubectl explain` (k8s.io/kubectl pkg/explain/v2) picks the schema whose GVK list holds the
kind it was asked about and follows `allOf`/`$ref`.

Differences from upstream: no securitySchemes; DeleteOptions and WatchEvent list the served group
versions only; the index lists only group/version documents (not /version, /logs...).
"""

import functools
import hashlib
import json

from . import dsl
from .paths import SERVED, gv_paths, resources

KUBERNETES_VERSION = "v1.32.0"
_MULTI_GVK = {"io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions", "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent"}


def group_versions():
    """The keys of every served document: 'api/v1', 'apis/apps/v1', ..."""
    return list(SERVED)


def gv_key(group_version: str) -> str:
    """Accept 'api/v1', 'apis/apps/v1', 'v1' or 'apps/v1' and return the document key."""
    gv = group_version.strip("/")
    if gv in SERVED:
        return gv
    key = "api/v1" if gv == "v1" else f"apis/{gv}"
    if key not in SERVED:
        raise KeyError(f"no OpenAPI document for {group_version!r}")
    return key


def schema_name(group: str, version: str, kind: str) -> str | None:
    """The components/schemas name of a kind, e.g. ('apps', 'v1', 'Deployment') -> io.k8s.api.apps.v1.Deployment."""
    return _gvk_index().get((group, version, kind))


@functools.cache
def _gvk_index():
    out = {}
    for full, t in dsl.TYPES.items():
        if t.flags & {"kind", "gvk"}:
            g = t.gvk
            out[(g["group"], g["version"], g["kind"])] = full
    return out


def component(full_name: str) -> dict:
    """One components/schemas entry, with its x-kubernetes-group-version-kind when it has one."""
    t = dsl.TYPES[full_name]
    s = dsl.type_schema(t)
    if full_name in _MULTI_GVK:
        s["x-kubernetes-group-version-kind"] = [{"group": g, "kind": t.name, "version": v}
                                                for g, v, _ in sorted(SERVED.values())]
    elif t.flags & {"kind", "gvk"}:
        s["x-kubernetes-group-version-kind"] = [t.gvk]
    return s


def closure(names) -> list:
    """Every schema name reachable from `names` through $ref, sorted."""
    seen, todo = set(), list(names)
    while todo:
        n = todo.pop()
        if n in seen:
            continue
        seen.add(n)
        todo.extend(dsl.refs_of(dsl.type_schema(dsl.TYPES[n])))
    return sorted(seen)


@functools.cache
def _document(key: str) -> str:
    group, version, package = SERVED[key]
    paths = gv_paths(key)
    roots = dsl.refs_of(paths) | {f"{package}.{r['kind']}" for r in resources(key)}
    schemas = {n: component(n) for n in closure(roots)}
    doc = {"components": {"schemas": schemas}, "info": {"title": "Kubernetes", "version": KUBERNETES_VERSION},
           "openapi": "3.0.0", "paths": paths}
    return json.dumps(doc, sort_keys=True, separators=(",", ":"))


def document(group_version: str) -> dict:
    """The OpenAPI v3 document of one group/version, as served at /openapi/v3/<key>."""
    return json.loads(_document(gv_key(group_version)))


def document_bytes(group_version: str) -> bytes:
    """The document serialized once (sorted keys, compact), ready to send. Cached."""
    return _document(gv_key(group_version)).encode()


@functools.cache
def document_hash(group_version: str) -> str:
    """Upper-case hex SHA-512 of the document bytes, as upstream puts in ?hash=. Cached."""
    return hashlib.sha512(document_bytes(group_version)).hexdigest().upper()


def index(group_versions=None, hash_fn=None) -> dict:
    """The body of GET /openapi/v3: one serverRelativeURL per group/version document.

    group_versions: the documents to list (keys or "apps/v1"-style names), all served ones by default.
    hash_fn(key) gives the ?hash= value; document_hash (SHA-512 of the document) by default.
    """
    hash_fn = hash_fn or document_hash
    keys = [gv_key(g) for g in (group_versions if group_versions is not None else SERVED)]
    return {"paths": {k: {"serverRelativeURL": f"/openapi/v3/{k}?hash={hash_fn(k)}"} for k in keys}}
