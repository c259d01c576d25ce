"""Roles, cluster roles and their bindings.

Follows `staging/src/k8s.io/kubectl/pkg/describe/describe.go` (RoleDescriber,
ClusterRoleDescriber: the PolicyRule table; CombineResourceGroup; RoleBindingDescriber,
ClusterRoleBindingDescriber) and `staging/src/k8s.io/kubectl/pkg/util/rbac/rbac.go`
(BreakdownRule: one rule per group, resource, verb and name; CompactRules: rules naming one
group and one resource (and at most one name) merged, their verbs in first-seen order, after the
rules that cannot merge; SortableRuleSlice: sorted by the rule's generated String(),
`&PolicyRule{Verbs:[...],APIGroups:[...],...}`, with Go's sort.Stable).
"""

from __future__ import annotations

from .context import DescribeContext, group_path, meta
from .gofmt import go_v
from .writer import LEVEL_0, LEVEL_1, PrefixWriter, print_annotations_multiline, print_labels_multiline

RBAC = "rbac.authorization.k8s.io/v1"
_FIELDS = ("verbs", "apiGroups", "resources", "resourceNames", "nonResourceURLs")


def breakdown_rule(rule: dict) -> list[dict]:
    out = []
    verbs, names = rule.get("verbs") or [], rule.get("resourceNames") or []
    for group in rule.get("apiGroups") or []:
        for resource in rule.get("resources") or []:
            for verb in verbs:
                if names:
                    out.extend({"apiGroups": [group], "resources": [resource], "verbs": [verb],
                                "resourceNames": [n]} for n in names)
                else:
                    out.append({"apiGroups": [group], "resources": [resource], "verbs": [verb]})
    for url in rule.get("nonResourceURLs") or []:
        out.extend({"nonResourceURLs": [url], "verbs": [verb]} for verb in verbs)
    return out


def _simple_key(rule: dict):
    """isSimpleResourceRule: (group, resource, has name, name) or None."""
    names = rule.get("resourceNames") or []
    if len(names) > 1 or rule.get("nonResourceURLs"):
        return None
    groups, resources = rule.get("apiGroups") or [], rule.get("resources") or []
    if len(groups) != 1 or len(resources) != 1:
        return None
    if any(k not in ("apiGroups", "resources", "verbs", "resourceNames") for k, v in rule.items() if v):
        return None
    return (groups[0], resources[0], bool(names), names[0] if names else "")


def compact_rules(rules: list[dict]) -> list[dict]:
    compacted, simple = [], {}
    for rule in rules:
        key = _simple_key(rule)
        if key is None:
            compacted.append(rule)
        elif key in simple:
            verbs = simple[key].setdefault("verbs", [])
            verbs.extend(v for v in rule.get("verbs") or [] if v not in verbs)
        else:
            simple[key] = {k: list(v) for k, v in rule.items()}
    return compacted + list(simple.values())


def rule_string(rule: dict) -> str:
    """PolicyRule.String() (generated.pb.go)."""
    names = {"verbs": "Verbs", "apiGroups": "APIGroups", "resources": "Resources",
             "resourceNames": "ResourceNames", "nonResourceURLs": "NonResourceURLs"}
    return "&PolicyRule{" + "".join(f"{names[f]}:{go_v(rule.get(f) or [])}," for f in _FIELDS) + "}"


def combine_resource_group(resources: list, groups: list) -> str:
    if not resources:
        return ""
    parts = resources[0].split("/", 1)
    combined = parts[0]
    if groups and groups[0]:
        combined += "." + groups[0]
    if len(parts) == 2:
        combined += "/" + parts[1]
    return combined


def _role_text(role: dict) -> str:
    rules = []
    for rule in role.get("rules") or []:
        rules.extend(breakdown_rule(rule))
    rules = sorted(compact_rules(rules), key=rule_string)      # sort.Stable: Python's sort is stable
    w = PrefixWriter()
    m = meta(role)
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    print_labels_multiline(w, "Labels", m.get("labels"))
    print_annotations_multiline(w, "Annotations", m.get("annotations"))
    w.write(LEVEL_0, "PolicyRule:\n")
    w.write(LEVEL_1, "Resources\tNon-Resource URLs\tResource Names\tVerbs\n")
    w.write(LEVEL_1, "---------\t-----------------\t--------------\t-----\n")
    for r in rules:
        w.write(LEVEL_1, f"{combine_resource_group(r.get('resources') or [], r.get('apiGroups') or [])}\t"
                         f"{go_v(r.get('nonResourceURLs') or [])}\t{go_v(r.get('resourceNames') or [])}\t"
                         f"{go_v(r.get('verbs') or [])}\n")
    return w.string()


def _binding_text(binding: dict) -> str:
    w = PrefixWriter()
    m = meta(binding)
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    print_labels_multiline(w, "Labels", m.get("labels"))
    print_annotations_multiline(w, "Annotations", m.get("annotations"))
    ref = binding.get("roleRef") or {}
    w.write(LEVEL_0, "Role:\n")
    w.write(LEVEL_1, f"Kind:\t{ref.get('kind', '')}\n")
    w.write(LEVEL_1, f"Name:\t{ref.get('name', '')}\n")
    w.write(LEVEL_0, "Subjects:\n")
    w.write(LEVEL_1, "Kind\tName\tNamespace\n")
    w.write(LEVEL_1, "----\t----\t---------\n")
    for s in binding.get("subjects") or []:
        w.write(LEVEL_1, f"{s.get('kind', '')}\t{s.get('name', '')}\t{s.get('namespace', '')}\n")
    return w.string()


def describe_role(ctx: DescribeContext, resource, namespace: str, name: str) -> str:
    return _role_text(ctx.get(group_path(RBAC, "roles", namespace, name)))


def describe_cluster_role(ctx: DescribeContext, resource, namespace: str, name: str) -> str:
    return _role_text(ctx.get(group_path(RBAC, "clusterroles", None, name)))


def describe_role_binding(ctx: DescribeContext, resource, namespace: str, name: str) -> str:
    return _binding_text(ctx.get(group_path(RBAC, "rolebindings", namespace, name)))


def describe_cluster_role_binding(ctx: DescribeContext, resource, namespace: str, name: str) -> str:
    return _binding_text(ctx.get(group_path(RBAC, "clusterrolebindings", None, name)))
