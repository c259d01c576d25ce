"""rbac.authorization.k8s.io/v1 validation: Roles, ClusterRoles and their bindings.

Follows `pkg/apis/rbac/validation/validation.go`: minimalNameRequirements (path-segment names:
`may not contain '/'`), validatePolicyRule, ValidateRoleBinding/ValidateClusterRoleBinding with
validateRoleBindingSubject, and the `cannot change roleRef` rule on update.

Differences from upstream: aggregation rules on ClusterRoles are not validated.
"""

from __future__ import annotations

from . import field as f
from . import meta as m
from .field import Cause

GROUP = "rbac.authorization.k8s.io"


def _rule(rule: dict, namespaced: bool, path: str) -> list[Cause]:
    errs: list[Cause] = []
    if not rule.get("verbs"):
        errs.append(f.required(f"{path}.verbs", "verbs must contain at least one value"))
    urls = rule.get("nonResourceURLs") or []
    if urls:
        if namespaced:
            errs.append(f.invalid(f"{path}.nonResourceURLs", f.Go(f.go_strings(urls)),
                                  "namespaced rules cannot apply to non-resource URLs"))
        if rule.get("apiGroups") or rule.get("resources") or rule.get("resourceNames"):
            errs.append(f.invalid(f"{path}.nonResourceURLs", f.Go(f.go_strings(urls)),
                                  "rules cannot apply to both regular resources and non-resource URLs"))
        return errs
    if not rule.get("apiGroups"):
        errs.append(f.required(f"{path}.apiGroups", "resource rules must supply at least one api group"))
    if not rule.get("resources"):
        errs.append(f.required(f"{path}.resources", "resource rules must supply at least one resource"))
    if rule.get("resourceNames") and len(rule.get("resources") or []) > 1:
        errs.append(f.required(f"{path}.resourceNames", "resource names cannot apply to multiple resources"))
    return errs


def validate_role(role: dict, namespaced: bool) -> list[Cause]:
    errs = m.validate_object_meta(role.get("metadata") or {}, namespaced, m.name_is_path_segment)
    for i, rule in enumerate(role.get("rules") or []):
        errs += _rule(rule, namespaced, f"rules[{i}]")
    return errs


def _subject(s: dict, namespaced: bool, path: str) -> list[Cause]:
    errs: list[Cause] = []
    name, kind, group = s.get("name") or "", s.get("kind") or "", s.get("apiGroup") or ""
    if not name:
        errs.append(f.required(f"{path}.name"))
    if kind == "ServiceAccount":
        if name:
            errs += f.invalids(f"{path}.name", name, m.name_is_dns_subdomain(name))
        if group:
            errs.append(f.not_supported(f"{path}.apiGroup", group, [""]))
        if not namespaced and not s.get("namespace"):
            errs.append(f.required(f"{path}.namespace"))
    elif kind in ("User", "Group"):
        if not name:
            errs.append(f.invalid(f"{path}.name", name, f"{kind.lower()} name cannot be empty"))
        if group != GROUP:
            errs.append(f.not_supported(f"{path}.apiGroup", group, [GROUP]))
    else:
        errs.append(f.not_supported(f"{path}.kind", kind, ["ServiceAccount", "User", "Group"]))
    return errs


def validate_binding(b: dict, namespaced: bool) -> list[Cause]:
    errs = m.validate_object_meta(b.get("metadata") or {}, namespaced, m.name_is_path_segment)
    ref = b.get("roleRef") or {}
    if ref.get("apiGroup", "") != GROUP:
        errs.append(f.not_supported("roleRef.apiGroup", ref.get("apiGroup", ""), [GROUP]))
    kinds = ["Role", "ClusterRole"] if namespaced else ["ClusterRole"]
    if ref.get("kind") not in kinds:
        errs.append(f.not_supported("roleRef.kind", ref.get("kind", ""), kinds))
    if not ref.get("name"):
        errs.append(f.required("roleRef.name"))
    else:
        errs += f.invalids("roleRef.name", ref["name"], m.is_valid_path_segment_name(ref["name"]))
    for i, s in enumerate(b.get("subjects") or []):
        errs += _subject(s, namespaced, f"subjects[{i}]")
    return errs


def go_role_ref(ref: dict) -> f.Go:
    return f.Go(f.go_struct("rbac.RoleRef", [(k, f.go_quote(ref.get(j, ""))) for k, j in
                                             (("APIGroup", "apiGroup"), ("Kind", "kind"), ("Name", "name"))]))


def validate_update(new: dict, old: dict, kind: str) -> list[Cause]:
    namespaced = kind in ("Role", "RoleBinding")
    if kind.endswith("Binding"):
        errs = validate_binding(new, namespaced)
    else:
        errs = validate_role(new, namespaced)
    errs += m.validate_object_meta_update(new.get("metadata") or {}, old.get("metadata") or {})
    if kind.endswith("Binding") and (new.get("roleRef") or {}) != (old.get("roleRef") or {}):
        errs.append(f.invalid("roleRef", go_role_ref(new.get("roleRef") or {}), "cannot change roleRef"))
    return errs
