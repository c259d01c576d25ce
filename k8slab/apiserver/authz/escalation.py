"""RBAC escalation prevention: nobody may write a role granting, or bind a role holding,
permissions they do not hold themselves -- unless they may `escalate` (roles) or `bind` (that
role).

Follows `pkg/registry/rbac/escalation_check.go` (EscalationAllowed: system:masters always may;
RoleEscalationAuthorized: the `escalate` verb on roles/clusterroles; BindingAuthorized: the
`bind` verb on the referenced role, in the binding's namespace), the policy-based storages
`pkg/registry/rbac/{role,clusterrole,rolebinding,clusterrolebinding}/policybased/storage.go`
(create and update; an update that only changes the fields the garbage collector needs is let
through; an aggregationRule needs full authority), `pkg/registry/rbac/validation/rule.go`
(ConfirmNoEscalation and its message), `policy_comparator.go` (Covers, BreakdownRule,
ruleCovers), `policy_compact.go` (CompactRules) and `pkg/apis/rbac/v1/helpers.go` (CompactString):

    roles.rbac.authorization.k8s.io "r" is forbidden: user "backend" (groups=["dev" "system:authenticated"])
    is attempting to grant RBAC permissions not currently held:
    {APIGroups:[""], Resources:["pods"], Verbs:["get"]}

The registry runs the check before validation and admission (Strategy.check_escalation), as
upstream's policy-based storage runs it before the generic store validates.
"""

from __future__ import annotations

from .forbidden import new_forbidden
from .rbac import aggregate_errors

RBAC_GROUP = "rbac.authorization.k8s.io"
PRIVILEGED_GROUP = "system:masters"
ROLE_RESOURCES = ("roles", "clusterroles")
FULL_AUTHORITY = [{"verbs": ["*"], "apiGroups": ["*"], "resources": ["*"]},
                  {"verbs": ["*"], "nonResourceURLs": ["*"]}]
GC_FIELDS = ("ownerReferences", "finalizers")


# ---- policy_comparator.go --------------------------------------------------------------------

def breakdown_rule(rule: dict) -> list[dict]:
    """One rule per (group, resource, verb[, name]) and per (URL, verb)."""
    out = []
    names = rule.get("resourceNames") or []
    for group in rule.get("apiGroups") or []:
        for resource in rule.get("resources") or []:
            for verb in rule.get("verbs") or []:
                if names:
                    for n in names:
                        out.append({"verbs": [verb], "apiGroups": [group], "resources": [resource],
                                    "resourceNames": [n]})
                else:
                    out.append({"verbs": [verb], "apiGroups": [group], "resources": [resource]})
    for url in rule.get("nonResourceURLs") or []:
        for verb in rule.get("verbs") or []:
            out.append({"verbs": [verb], "nonResourceURLs": [url]})
    return out


def _has_all(have, want) -> bool:
    have = set(have or ())
    return all(w in have for w in want or ())


def _resource_covers_all(have, want) -> bool:
    have = set(have or ())
    if "*" in have or _has_all(have, want):
        return True
    for path in want or ():
        if path in have:
            continue
        if "/" not in path:
            return False
        if "*/" + path.split("/", 1)[1] not in have:
            return False
    return True


def _url_covers(owner: str, sub: str) -> bool:
    return owner == sub or (owner.endswith("*") and sub.startswith(owner.rstrip("*")))


def _urls_cover_all(have, want) -> bool:
    return all(any(_url_covers(o, p) for o in have or ()) for p in want or ())


def rule_covers(owner: dict, sub: dict) -> bool:
    """ruleCovers: does `owner` grant everything the broken-down `sub` asks for?"""
    verbs = owner.get("verbs") or []
    groups = owner.get("apiGroups") or []
    if not ("*" in verbs or _has_all(verbs, sub.get("verbs"))):
        return False
    if not ("*" in groups or _has_all(groups, sub.get("apiGroups"))):
        return False
    if not _resource_covers_all(owner.get("resources"), sub.get("resources")):
        return False
    if not _urls_cover_all(owner.get("nonResourceURLs"), sub.get("nonResourceURLs")):
        return False
    owner_names = owner.get("resourceNames") or []
    if not sub.get("resourceNames"):
        return not owner_names
    return not owner_names or _has_all(owner_names, sub.get("resourceNames"))


def covers(owner_rules: list[dict], servant_rules: list[dict]) -> tuple[bool, list[dict]]:
    """(covered, the broken-down rules not covered)."""
    missing = []
    for servant in servant_rules or []:
        for sub in breakdown_rule(servant):
            if not any(rule_covers(o, sub) for o in owner_rules):
                missing.append(sub)
    return not missing, missing


# ---- policy_compact.go and CompactString ------------------------------------------------------

def compact_rules(rules: list[dict]) -> list[dict]:
    """Merge the verbs of simple rules (one group, one resource, at most one name)."""
    compacted, simple = [], {}
    for r in rules:
        names = r.get("resourceNames") or []
        is_simple = (len(names) <= 1 and not r.get("nonResourceURLs")
                     and len(r.get("apiGroups") or []) == 1 and len(r.get("resources") or []) == 1)
        if not is_simple:
            compacted.append(r)
            continue
        key = (r["apiGroups"][0], r["resources"][0], bool(names), names[0] if names else "")
        if key in simple:
            have = simple[key]["verbs"]
            have += [v for v in r.get("verbs") or [] if v not in have]
        else:
            simple[key] = {**r, "verbs": list(r.get("verbs") or [])}
    return compacted + list(simple.values())


def go_quote_list(values) -> str:
    """Go's %q of a []string: `["a" "b"]`."""
    return "[" + " ".join('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values) + "]"


def compact_string(rule: dict) -> str:
    parts = []
    for field, label in (("apiGroups", "APIGroups"), ("resources", "Resources"),
                         ("nonResourceURLs", "NonResourceURLs"), ("resourceNames", "ResourceNames"),
                         ("verbs", "Verbs")):
        if rule.get(field):
            parts.append(f"{label}:{go_quote_list(rule[field])}")
    return "{" + ", ".join(parts) + "}"


# ---- the checks -------------------------------------------------------------------------------

def escalation_allowed(user: dict | None) -> bool:
    return bool(user) and PRIVILEGED_GROUP in (user.get("groups") or [])


def confirm_no_escalation(authz, user: dict, namespace: str, rules: list[dict]) -> str:
    """"" when the user holds every permission in `rules` (in `namespace`), else upstream's
    message naming the permissions they lack."""
    owner, errors = authz.rbac.policy_rules_for(user, namespace)
    ok, missing = covers(owner, rules)
    if ok:
        return ""
    descriptions = sorted({compact_string(r) for r in compact_rules(missing)})
    groups = go_quote_list(user.get("groups") or [])
    msg = (f'user "{user.get("username", "")}" (groups={groups}) is attempting to grant RBAC '
           f'permissions not currently held:\n' + "\n".join(descriptions))
    if errors:
        msg += "; resolution errors: [" + aggregate_errors(errors) + "]"
    return msg


def only_gc_fields_changed(new: dict, old: dict) -> bool:
    """IsOnlyMutatingGCFields: equal once ownerReferences and finalizers are set aside."""
    def strip(o):
        meta = {k: v for k, v in (o.get("metadata") or {}).items()
                if k not in GC_FIELDS and k not in ("resourceVersion", "managedFields", "generation")}
        return {**o, "metadata": meta}
    return strip(new) == strip(old)


class EscalationGuard:
    """Called by the registry, before validation, for writes to the four RBAC resources."""

    def __init__(self, authz):
        self.authz = authz

    def __call__(self, res, operation: str, new: dict | None, old: dict | None, user) -> None:
        if res.group != RBAC_GROUP or operation not in ("CREATE", "UPDATE") or new is None:
            return
        if escalation_allowed(user):
            return
        if user is None:
            raise new_forbidden(RBAC_GROUP, res.plural, new["metadata"].get("name", ""),
                                "no user on request")
        if operation == "UPDATE" and old is not None and only_gc_fields_changed(new, old):
            return
        namespace = new["metadata"].get("namespace") or ""
        name = new["metadata"].get("name", "")
        if res.plural in ROLE_RESOURCES:
            self._role(res, name, namespace, new, old, user)
        else:
            self._binding(res, name, namespace, new, user)

    def _role(self, res, name, namespace, new, old, user) -> None:
        if self.authz.allowed(user, "escalate", api_group=RBAC_GROUP, api_version="*",
                              resource=res.plural, name=name, namespace=namespace):
            return
        problem = confirm_no_escalation(self.authz, user, namespace, new.get("rules") or [])
        if problem:
            raise new_forbidden(RBAC_GROUP, res.plural, name, problem)
        if res.plural == "clusterroles" and (new.get("aggregationRule") or (old or {}).get("aggregationRule")):
            if confirm_no_escalation(self.authz, user, namespace, FULL_AUTHORITY):
                raise new_forbidden(RBAC_GROUP, res.plural, name,
                                    "must have cluster-admin privileges to use the aggregationRule")

    def _binding(self, res, name, namespace, new, user) -> None:
        ref = new.get("roleRef") or {}
        kind = ref.get("kind", "")
        if kind in ("Role", "ClusterRole") and self.authz.allowed(
                user, "bind", api_group=ref.get("apiGroup", ""), resource="roles" if kind == "Role" else "clusterroles",
                name=ref.get("name", ""), namespace=namespace):
            return
        self.authz.policy.sync()
        rules, err = self.authz.policy.role_rules(kind, ref.get("name", ""), namespace)
        if err:
            raise new_forbidden(RBAC_GROUP, res.plural, name, err)
        problem = confirm_no_escalation(self.authz, user, namespace, [r.rule for r in rules])
        if problem:
            raise new_forbidden(RBAC_GROUP, res.plural, name, problem)
