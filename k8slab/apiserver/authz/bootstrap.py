"""The default RBAC policy, written at startup: upstream's ClusterRoles, ClusterRoleBindings,
Roles and RoleBindings, each labelled `kubernetes.io/bootstrapping: rbac-defaults` and annotated
`rbac.authorization.kubernetes.io/autoupdate: "true"`.

Follows `pkg/registry/rbac/rest/storage_rbac.go` (the `rbac/bootstrap-roles` post-start hook,
EnsureRBACPolicy: cluster roles, then cluster role bindings, then namespaced roles and role
bindings), `plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go` (addDefaultMetadata,
ClusterRoleBindings, the aggregated admin/edit/view with their aggregationRule and
`rules: null` until the clusterrole-aggregation controller fills them) and
`pkg/registry/rbac/reconciliation/` (reconcile_role.go computeReconciledRole and
reconcile_rolebindings.go computeReconciledRoleBinding, in their union mode: a role with
autoupdate "true" gets the labels, annotations, rules and aggregation selectors it is missing; a
binding gets its missing subjects; a binding whose roleRef differs is recreated; autoupdate
"false" protects an object from all of it).

The data is in `bootstrap_roles.py` (policy.go) and `controller_roles.py`
(controller_policy.go, namespace_policy.go).
"""

from __future__ import annotations

from .. import errors as E
from .bootstrap_roles import AGGREGATE_TO, AGGREGATED, CLUSTER_ROLE_BINDINGS, CLUSTER_ROLES
from .controller_roles import (CONTROLLER_ROLES, NAMESPACE_ROLE_BINDINGS, NAMESPACE_ROLES,
                               SA_ROLE_PREFIX)
from .escalation import covers

GROUP = "rbac.authorization.k8s.io"
API_VERSION = GROUP + "/v1"
LABELS = {"kubernetes.io/bootstrapping": "rbac-defaults"}
AUTOUPDATE = "rbac.authorization.kubernetes.io/autoupdate"
ANNOTATIONS = {AUTOUPDATE: "true"}
FIELD_MANAGER = "kube-apiserver"
# the loopback identity the apiserver's post-start hooks write as
APISERVER_USER = {"username": "system:apiserver", "groups": ["system:masters", "system:authenticated"]}


def _meta(name: str, namespace: str = "", labels: dict | None = None) -> dict:
    meta = {"name": name}
    if namespace:
        meta["namespace"] = namespace
    meta["labels"] = {**LABELS, **(labels or {})}
    meta["annotations"] = dict(ANNOTATIONS)
    return meta


def _subject(kind: str, name: str, namespace: str = "") -> dict:
    if kind == "ServiceAccount":
        return {"kind": kind, "name": name, "namespace": namespace}
    return {"kind": kind, "apiGroup": GROUP, "name": name}


def cluster_roles() -> list[dict]:
    """Every bootstrap ClusterRole (policy.go ClusterRoles + ControllerRoles), sorted by name."""
    out = []
    for name, (label_value, labels) in AGGREGATED.items():
        out.append({"kind": "ClusterRole", "apiVersion": API_VERSION, "metadata": _meta(name, labels=labels),
                    "rules": None, "aggregationRule": {"clusterRoleSelectors": [
                        {"matchLabels": {AGGREGATE_TO + label_value: "true"}}]}})
    for name, (rules, labels) in CLUSTER_ROLES.items():
        out.append({"kind": "ClusterRole", "apiVersion": API_VERSION, "metadata": _meta(name, labels=labels),
                    "rules": [dict(r) for r in rules]})
    for suffix, rules in CONTROLLER_ROLES.items():
        out.append({"kind": "ClusterRole", "apiVersion": API_VERSION,
                    "metadata": _meta(SA_ROLE_PREFIX + suffix), "rules": [dict(r) for r in rules]})
    return sorted(out, key=lambda o: o["metadata"]["name"])


def cluster_role_bindings() -> list[dict]:
    out = []
    for name, subjects in CLUSTER_ROLE_BINDINGS.items():
        b = {"kind": "ClusterRoleBinding", "apiVersion": API_VERSION, "metadata": _meta(name)}
        if subjects:
            b["subjects"] = [_subject(*s) for s in subjects]
        b["roleRef"] = {"apiGroup": GROUP, "kind": "ClusterRole", "name": name}
        out.append(b)
    for suffix in CONTROLLER_ROLES:
        name = SA_ROLE_PREFIX + suffix
        out.append({"kind": "ClusterRoleBinding", "apiVersion": API_VERSION, "metadata": _meta(name),
                    "subjects": [_subject("ServiceAccount", suffix, "kube-system")],
                    "roleRef": {"apiGroup": GROUP, "kind": "ClusterRole", "name": name}})
    return sorted(out, key=lambda o: o["metadata"]["name"])


def roles() -> list[dict]:
    return [{"kind": "Role", "apiVersion": API_VERSION, "metadata": _meta(name, ns),
             "rules": [dict(r) for r in rules]}
            for (ns, name), rules in sorted(NAMESPACE_ROLES.items())]


def role_bindings() -> list[dict]:
    return [{"kind": "RoleBinding", "apiVersion": API_VERSION, "metadata": _meta(name, ns),
             "subjects": [_subject(*s) for s in subjects],
             "roleRef": {"apiGroup": GROUP, "kind": "Role", "name": role}}
            for (ns, name), (role, subjects) in sorted(NAMESPACE_ROLE_BINDINGS.items())]


# ---- EnsureRBACPolicy ---------------------------------------------------------------------------

def ensure_policy(server) -> dict:
    """Create what is missing and reconcile what is there; how many objects were "created",
    "updated" and left "unchanged"."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for plural, objects in (("clusterroles", cluster_roles()),
                            ("clusterrolebindings", cluster_role_bindings()),
                            ("roles", roles()), ("rolebindings", role_bindings())):
        res = server.lookup(GROUP, "v1", plural)
        for obj in objects:
            counts[_ensure(server, res, obj)] += 1
    return counts


def _ensure(server, res, expected: dict) -> str:
    reg = server.registry
    ns = expected["metadata"].get("namespace")
    name = expected["metadata"]["name"]
    try:
        existing = reg.get(res, ns, name)
    except E.APIError as e:
        if e.code != 404:
            raise
        reg.create(res, ns, expected, trusted=True, field_manager=FIELD_MANAGER)
        return "created"
    if (existing["metadata"].get("annotations") or {}).get(AUTOUPDATE) == "false":
        return "unchanged"
    if res.plural in ("clusterrolebindings", "rolebindings") and existing.get("roleRef") != expected["roleRef"]:
        reg.delete(res, ns, name, {}, user=APISERVER_USER)
        reg.create(res, ns, expected, trusted=True, field_manager=FIELD_MANAGER)
        return "updated"
    wanted = reconciled(existing, expected)
    if wanted is None:
        return "unchanged"
    reg.update(res, ns, name, wanted, user=APISERVER_USER, field_manager=FIELD_MANAGER)
    return "updated"


def _subject_key(s: dict) -> tuple:
    """A subject after rbac/v1 defaulting (apiGroup "" for ServiceAccounts, rbac's otherwise)."""
    group = s.get("apiGroup") or ("" if s.get("kind") == "ServiceAccount" else GROUP)
    return (s.get("kind"), group, s.get("name"), s.get("namespace") or "")


def reconciled(existing: dict, expected: dict) -> dict | None:
    """The existing object with what the expected one adds (union mode), or None if nothing."""
    out = {**existing, "metadata": dict(existing["metadata"])}
    meta, exp_meta = out["metadata"], expected["metadata"]
    changed = False
    for field in ("annotations", "labels"):
        merged = {**(exp_meta.get(field) or {}), **(meta.get(field) or {})}
        if merged != (meta.get(field) or {}):
            meta[field] = merged
            changed = True
    if "roleRef" in expected:                       # a binding: add the missing subjects
        have = list(existing.get("subjects") or [])
        keys = {_subject_key(s) for s in have}
        missing = [s for s in expected.get("subjects") or [] if _subject_key(s) not in keys]
        if missing:
            out["subjects"] = have + missing
            changed = True
        return out if changed else None
    _, missing_rules = covers(existing.get("rules") or [], expected.get("rules") or [])
    if missing_rules:
        out["rules"] = list(existing.get("rules") or []) + missing_rules
        changed = True
    exp_agg = expected.get("aggregationRule")
    have_agg = existing.get("aggregationRule")
    if exp_agg is None and have_agg is not None:
        out.pop("aggregationRule")
        changed = True
    elif exp_agg is not None:
        selectors = list((have_agg or {}).get("clusterRoleSelectors") or [])
        missing = [s for s in exp_agg["clusterRoleSelectors"] if s not in selectors]
        if missing:
            out["aggregationRule"] = {"clusterRoleSelectors": selectors + missing}
            changed = True
    return out if changed else None
