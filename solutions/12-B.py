"""solution 12-B: RuleAllows: does one PolicyRule allow a request

Write rule_allows(rule, verb, api_group, resource, subresource, name), the test the RBAC
authorizer applies to every rule of every role bound to the user.

The reference answer; `check("12-B", "solutions/12-B.py")` passes on it.

Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.
"""


def rule_allows(rule: dict, verb: str, api_group: str, resource: str, subresource: str = "",
                name: str = "") -> bool:
    """Does one RBAC PolicyRule (a dict with verbs, apiGroups, resources and optionally
    resourceNames) allow this resource request? Upstream's RuleAllows
    (plugin/pkg/auth/authorizer/rbac/rbac.go, pkg/apis/rbac/v1/evaluation_helpers.go):
    - verbs: "*" or the verb;
    - apiGroups: "*" or the group ("" is the core group);
    - resources: "*", the resource, "resource/subresource" when there is a subresource (then the
      bare resource does not match), or "*/subresource";
    - resourceNames: empty matches any name, otherwise the name must be listed.
    """
    verbs = rule.get("verbs") or []
    groups = rule.get("apiGroups") or []
    resources = rule.get("resources") or []
    names = rule.get("resourceNames") or []
    if "*" not in verbs and verb not in verbs:
        return False
    if "*" not in groups and api_group not in groups:
        return False
    combined = f"{resource}/{subresource}" if subresource else resource
    if not ("*" in resources or combined in resources or (subresource and f"*/{subresource}" in resources)):
        return False
    return not names or name in names
