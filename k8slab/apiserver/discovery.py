"""Discovery: which groups, versions and resources the server offers, legacy and aggregated.

Follows `staging/src/k8s.io/apiserver/pkg/endpoints/discovery/` (APIVersions at /api, APIGroupList
at /apis, APIResourceList at /api/v1 and /apis/<group>/<version>) and `.../discovery/aggregated/`
(APIGroupDiscoveryList, apidiscovery.k8s.io/v2, sent when the client's Accept asks for it).
"""

from __future__ import annotations

from ..api.resources import Resource, ResourceTable

AGGREGATED_CT = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"


def wants_aggregated(accept: str) -> bool:
    """True when a clause of the Accept header asks for apidiscovery.k8s.io/v2 exactly. A client
    that knows only v2beta1 (kubectl <= 1.29) gets the unaggregated documents it also accepts."""
    for clause in (accept or "").split(","):
        params = {p.strip() for p in clause.split(";")[1:]}
        if {"g=apidiscovery.k8s.io", "v=v2", "as=APIGroupDiscoveryList"} <= params:
            return True
    return False


def api_versions(server_address: str) -> dict:
    return {"kind": "APIVersions", "versions": ["v1"],
            "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": server_address}]}


def api_group(group: str, versions: list[str]) -> dict:
    gvs = [{"groupVersion": f"{group}/{v}", "version": v} for v in versions]
    return {"name": group, "versions": gvs, "preferredVersion": gvs[0]}


def api_group_list(table: ResourceTable) -> dict:
    groups = [api_group(g, vs) for g, vs in table.groups().items() if g]
    return {"kind": "APIGroupList", "apiVersion": "v1", "groups": groups}


def _entry(r: Resource) -> dict:
    e = {"name": r.plural, "singularName": r.singular, "namespaced": r.namespaced, "kind": r.kind,
         "verbs": list(r.verbs)}
    if r.short_names:
        e["shortNames"] = list(r.short_names)
    if r.categories:
        e["categories"] = list(r.categories)
    if r.stored:
        e["storageVersionHash"] = _hash(r)
    return e


def _hash(r: Resource) -> str:
    import base64
    import hashlib
    raw = hashlib.sha256(f"{r.group}/{r.version}/{r.kind}".encode()).digest()[:8]
    return base64.b64encode(raw).decode()


def api_resource_list(table: ResourceTable, group: str, version: str) -> dict | None:
    resources = table.in_group_version(group, version)
    if not resources:
        return None
    out = []
    for r in resources:
        out.append(_entry(r))
        for s in r.subresources:
            sub = {"name": f"{r.plural}/{s.name}", "singularName": "", "namespaced": r.namespaced,
                   "kind": s.kind, "verbs": list(s.verbs)}
            if s.group:
                sub["group"], sub["version"] = s.group, s.version
            out.append(sub)
    gv = f"{group}/{version}" if group else version
    return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv, "resources": out}


def aggregated(table: ResourceTable, legacy: bool) -> dict:
    """APIGroupDiscoveryList for /api (legacy=True) or /apis."""
    items = []
    for group, versions in table.groups().items():
        if bool(group) == legacy:
            continue
        vers = []
        for v in versions:
            res = []
            for r in table.in_group_version(group, v):
                d = {"resource": r.plural,
                     "responseKind": {"group": r.group, "version": r.version, "kind": r.kind},
                     "scope": "Namespaced" if r.namespaced else "Cluster",
                     "singularResource": r.singular, "verbs": list(r.verbs)}
                if r.short_names:
                    d["shortNames"] = list(r.short_names)
                if r.categories:
                    d["categories"] = list(r.categories)
                if r.subresources:
                    d["subresources"] = [{"subresource": s.name, "responseKind": {
                        "group": s.group or r.group, "version": s.version or r.version, "kind": s.kind},
                        "verbs": list(s.verbs)} for s in r.subresources]
                res.append(d)
            vers.append({"version": v, "resources": res, "freshness": "Current"})
        items.append({"metadata": {"name": group, "creationTimestamp": None}, "versions": vers})
    return {"kind": "APIGroupDiscoveryList", "apiVersion": "apidiscovery.k8s.io/v2",
            "metadata": {}, "items": items}
