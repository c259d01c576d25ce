"""Impersonation: `kubectl --as=backend --as-group=dev` sends `Impersonate-User` and
`Impersonate-Group` headers; a user allowed to `impersonate` those users and groups then acts as
them for the rest of the request.

Follows `staging/src/k8s.io/apiserver/pkg/endpoints/filters/impersonation.go`
(buildImpersonationRequests: a user name of the form `system:serviceaccount:<ns>:<name>` is a
ServiceAccount; groups, `Impersonate-Extra-<key>` and `Impersonate-Uid` need a user; each
impersonated thing is authorized with verb `impersonate` on users, groups, serviceaccounts,
userextras/<key> or uids; a refusal is a 403 naming it; the new user gets `system:authenticated`
unless the given groups already say authenticated or unauthenticated, and a service account
without groups gets its own groups) and `.../authentication/serviceaccount/util.go`.

Differences from upstream: the extra keys are lower-cased but not percent-unescaped.
"""

from __future__ import annotations

from .. import errors as E
from .attributes import Attributes
from .forbidden import forbidden

USER_HEADER = "impersonate-user"
GROUP_HEADER = "impersonate-group"
UID_HEADER = "impersonate-uid"
EXTRA_PREFIX = "impersonate-extra-"
SA_PREFIX = "system:serviceaccount:"
ANONYMOUS = "system:anonymous"


def header_values(req, name: str) -> list[str]:
    """Every value of a header (case-insensitive), repeated headers included."""
    raw = getattr(req, "raw_headers", None)
    if raw is not None and hasattr(raw, "getall"):
        return list(raw.getall(name, []))
    out = []
    for k, v in (req.headers or {}).items():
        if k.lower() == name:
            out.extend(v if isinstance(v, list) else [v])
    return out


def _header_names(req) -> list[str]:
    raw = getattr(req, "raw_headers", None)
    keys = raw.keys() if raw is not None else (req.headers or {}).keys()
    return list(dict.fromkeys(k.lower() for k in keys))


def wants_impersonation(req) -> bool:
    headers = req.headers
    if not headers:
        return False
    return any(k.lower().startswith("impersonate-") for k in headers)


def split_service_account(username: str):
    """(namespace, name) for `system:serviceaccount:<ns>:<name>`, else None (SplitUsername)."""
    if not username.startswith(SA_PREFIX):
        return None
    parts = username[len(SA_PREFIX):].split(":")
    if len(parts) != 2 or not parts[0] or not parts[1]:
        return None
    return parts[0], parts[1]


def impersonation_requests(req) -> list[dict]:
    """What the headers ask to impersonate, in upstream's order; a BadRequest-worthy mix raises."""
    out = []
    users = header_values(req, USER_HEADER)
    user = users[0] if users else ""
    if user:
        sa = split_service_account(user)
        if sa:
            out.append({"kind": "ServiceAccount", "namespace": sa[0], "name": sa[1]})
        else:
            out.append({"kind": "User", "name": user})
    groups = header_values(req, GROUP_HEADER)
    for g in groups:
        out.append({"kind": "Group", "name": g})
    extras = [h for h in _header_names(req) if h.startswith(EXTRA_PREFIX)]
    for h in extras:
        for v in header_values(req, h):
            out.append({"kind": "UserExtra", "apiVersion": "authentication.k8s.io/v1", "name": v,
                        "fieldPath": h[len(EXTRA_PREFIX):]})
    uids = header_values(req, UID_HEADER)
    if uids and uids[0]:
        out.append({"kind": "UID", "apiVersion": "authentication.k8s.io/v1", "name": uids[0]})
    if (groups or extras or (uids and uids[0])) and not user:
        listed = " ".join(_go_ref(r) for r in out)
        raise E.internal(f"requested [{listed}] without impersonating a user")
    return out


def _go_ref(r: dict) -> str:
    """%v of a v1.ObjectReference: {Kind Namespace Name UID APIVersion ResourceVersion FieldPath}."""
    return "{" + " ".join([r.get("kind", ""), r.get("namespace", ""), r.get("name", ""), "",
                           r.get("apiVersion", ""), "", r.get("fieldPath", "")]) + "}"


def impersonate(authz, req) -> dict | None:
    """The user the request acts as, after checking every `impersonate`; None without headers."""
    wanted = impersonation_requests(req)
    if not wanted:
        return None
    requestor = req.user
    groups_specified = bool(header_values(req, GROUP_HEADER))
    username, groups, extra, uid = "", [], {}, ""
    for r in wanted:
        group = "authentication.k8s.io" if r.get("apiVersion") else ""
        attrs = Attributes(requestor, "impersonate", api_group=group,
                           api_version="v1" if r.get("apiVersion") else "",
                           namespace=r.get("namespace", ""), name=r["name"])
        kind = r["kind"]
        if kind == "ServiceAccount":
            attrs.resource = "serviceaccounts"
            username = f"{SA_PREFIX}{r['namespace']}:{r['name']}"
            if not groups_specified:
                groups = ["system:serviceaccounts", f"system:serviceaccounts:{r['namespace']}"]
        elif kind == "User":
            attrs.resource = "users"
            username = r["name"]
        elif kind == "Group":
            attrs.resource = "groups"
            groups.append(r["name"])
        elif kind == "UserExtra":
            attrs.resource = "userextras"
            attrs.subresource = r["fieldPath"]
            extra.setdefault(r["fieldPath"], []).append(r["name"])
        else:
            attrs.resource = "uids"
            uid = r["name"]
        d = authz.authorize(attrs)
        if not d.allowed:
            raise forbidden(attrs, d.reason)
    if username != ANONYMOUS:
        if not any(g in ("system:authenticated", "system:unauthenticated") for g in groups):
            groups.append("system:authenticated")
    elif "system:unauthenticated" not in groups:
        groups.append("system:unauthenticated")
    user = {"username": username, "groups": groups}
    if uid:
        user["uid"] = uid
    if extra:
        user["extra"] = extra
    return user
