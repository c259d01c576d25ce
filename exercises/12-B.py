"""exercise 12-B: RuleAllows: does one PolicyRule allow a request

Write rule_allows(rule, verb, api_group, resource, subresource, name), the test the RBAC
authorizer applies to every rule of every role bound to the user.

Replace each `raise NotImplementedError` with your code, then run
`from k8slab.exercises import check; check("12-B")` in a notebook (or
`pytest tests/exercises -k 12-B` for the reference files).

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
    raise NotImplementedError("exercise 12-B: your code here")
