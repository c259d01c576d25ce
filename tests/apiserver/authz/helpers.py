"""Builders for RBAC objects and users in authorization tests."""

from __future__ import annotations

import json

from k8slab.apiserver.request import Request

RBAC = "rbac.authorization.k8s.io"
RBAC_V1 = RBAC + "/v1"


def user(name: str, *groups: str) -> dict:
    return {"username": name, "groups": [*groups, "system:authenticated"]}


def rule(verbs, groups=("",), resources=(), names=(), urls=()) -> dict:
    out = {"verbs": list(verbs)}
    if resources:
        out["apiGroups"] = list(groups)
        out["resources"] = list(resources)
    if names:
        out["resourceNames"] = list(names)
    if urls:
        out["nonResourceURLs"] = list(urls)
    return out


def role(name: str, ns: str | None, *rules: dict) -> dict:
    meta = {"name": name}
    if ns:
        meta["namespace"] = ns
    return {"apiVersion": RBAC_V1, "kind": "Role" if ns else "ClusterRole", "metadata": meta,
            "rules": list(rules)}


def binding(name: str, ns: str | None, role_kind: str, role_name: str, *subjects: dict) -> dict:
    meta = {"name": name}
    if ns:
        meta["namespace"] = ns
    return {"apiVersion": RBAC_V1, "kind": "RoleBinding" if ns else "ClusterRoleBinding",
            "metadata": meta, "subjects": list(subjects),
            "roleRef": {"apiGroup": RBAC, "kind": role_kind, "name": role_name}}


def subject_user(name: str) -> dict:
    return {"kind": "User", "apiGroup": RBAC, "name": name}


def subject_group(name: str) -> dict:
    return {"kind": "Group", "apiGroup": RBAC, "name": name}


def subject_sa(name: str, ns: str = "") -> dict:
    out = {"kind": "ServiceAccount", "name": name}
    if ns:
        out["namespace"] = ns
    return out


def call(api, method: str, path: str, body=None, *, as_user: dict | None = None,
         headers: dict | None = None, query: dict | None = None, content_type: str = "application/json"):
    """Hand a request to the APIServer as `as_user` (None: the in-process admin)."""
    data = json.dumps(body).encode() if body is not None else b""
    req = Request(method, path, dict(query or {}), data, content_type if data else "", "application/json",
                  dict(headers or {}), user=dict(as_user) if as_user else None, in_process=True)
    return api.handle(req)
