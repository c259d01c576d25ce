"""The RBAC authorizer: a request is allowed when some rule of some role bound to the user allows it.

Follows `plugin/pkg/auth/authorizer/rbac/rbac.go` (RBACAuthorizer.Authorize with its
authorizingVisitor, RulesFor, RuleAllows), `pkg/apis/rbac/v1/evaluation_helpers.go` (VerbMatches,
APIGroupMatches, ResourceMatches with `*/scale`-style subresource wildcards, ResourceNameMatches,
NonResourceURLMatches with a trailing `*`) and `pkg/registry/rbac/validation/rule.go`
(DefaultRuleResolver.VisitRulesFor: every ClusterRoleBinding that applies to the user, then every
RoleBinding of the request's namespace; appliesTo / appliesToUser; GetRoleReferenceRules and the
describers that name the binding in `RBAC: allowed by ClusterRoleBinding "x" of ClusterRole "y"
to Group "z"`).

Bindings come from `policy_cache.PolicyCache`, indexed by namespace and subject, so a decision
looks only at the bindings that name this user or one of its groups.

Differences from upstream: bindings are visited in name order (upstream: the informer's order), so
the binding an allow names is deterministic; a NoOpinion also records which bindings were looked
at (for the decision log; the reason stays upstream's).
"""

from __future__ import annotations

ALLOW, DENY, NO_OPINION = "Allow", "Deny", "NoOpinion"
VERB_ALL = API_GROUP_ALL = RESOURCE_ALL = NON_RESOURCE_ALL = "*"


class PolicyRule:
    """One rbac/v1 PolicyRule, kept as given (`rule`) and as sets for matching."""

    __slots__ = ("rule", "verbs", "api_groups", "resources", "resource_names", "urls", "url_prefixes")

    def __init__(self, rule: dict):
        self.rule = rule
        self.verbs = frozenset(rule.get("verbs") or ())
        self.api_groups = frozenset(rule.get("apiGroups") or ())
        self.resources = frozenset(rule.get("resources") or ())
        self.resource_names = frozenset(rule.get("resourceNames") or ())
        urls = rule.get("nonResourceURLs") or ()
        self.urls = frozenset(urls)
        # `/apis/*` covers every path under /apis/ (strings.TrimRight(ruleURL, "*"))
        self.url_prefixes = tuple(u.rstrip("*") for u in urls if u.endswith("*"))

    def allows_resource(self, verb: str, group: str, combined: str, sub_star, name: str) -> bool:
        """rule_allows for a resource request, its parts worked out once by the caller
        (`sub_star` is `*/<subresource>` or None)."""
        v = self.verbs
        if "*" not in v and verb not in v:
            return False
        g = self.api_groups
        if "*" not in g and group not in g:
            return False
        r = self.resources
        if "*" not in r and combined not in r and (sub_star is None or sub_star not in r):
            return False
        return not self.resource_names or name in self.resource_names

    def __repr__(self) -> str:
        return f"PolicyRule({self.rule})"


class RuleList(list):
    """A role's PolicyRules in order, with, per verb, the ones that can match it (same order)."""

    def __init__(self, rules=()):
        super().__init__(rules)
        self._by_verb: dict[str, list[PolicyRule]] = {}

    def for_verb(self, verb: str) -> list[PolicyRule]:
        hit = self._by_verb.get(verb)
        if hit is None:
            hit = self._by_verb[verb] = [r for r in self if VERB_ALL in r.verbs or verb in r.verbs]
        return hit


def compile_rules(rules) -> RuleList:
    return RuleList(PolicyRule(r) for r in rules or ())


# ---- evaluation_helpers.go ------------------------------------------------------------------

def verb_matches(rule: PolicyRule, verb: str) -> bool:
    return VERB_ALL in rule.verbs or verb in rule.verbs


def api_group_matches(rule: PolicyRule, group: str) -> bool:
    return API_GROUP_ALL in rule.api_groups or group in rule.api_groups


def resource_matches(rule: PolicyRule, combined: str, subresource: str) -> bool:
    """`*`, the exact `resource` or `resource/subresource`, or `*/subresource`."""
    res = rule.resources
    return RESOURCE_ALL in res or combined in res or (bool(subresource) and "*/" + subresource in res)


def resource_name_matches(rule: PolicyRule, name: str) -> bool:
    return not rule.resource_names or name in rule.resource_names


def non_resource_url_matches(rule: PolicyRule, path: str) -> bool:
    if NON_RESOURCE_ALL in rule.urls or path in rule.urls:
        return True
    return any(path.startswith(p) for p in rule.url_prefixes)


def rule_allows(attrs, rule: PolicyRule) -> bool:
    """RuleAllows: every part of the rule matches the request."""
    if attrs.resource_request:
        sub = attrs.subresource
        combined = f"{attrs.resource}/{sub}" if sub else attrs.resource
        return (verb_matches(rule, attrs.verb) and api_group_matches(rule, attrs.api_group)
                and resource_matches(rule, combined, sub) and resource_name_matches(rule, attrs.name))
    return verb_matches(rule, attrs.verb) and non_resource_url_matches(rule, attrs.path)


def rules_allow(attrs, rules) -> bool:
    return any(rule_allows(attrs, r) for r in rules)


# ---- where a rule came from (rule.go's describers) -------------------------------------------

def describe_subject(subject: dict, binding_namespace: str) -> str:
    kind, name = subject.get("kind", ""), subject.get("name", "")
    if kind == "ServiceAccount":
        return f'{kind} "{name}/{subject.get("namespace") or binding_namespace}"'
    return f'{kind} "{name}"'


class RuleSource:
    """A binding and the subject of it that named the user: what `allowed by ...` reports."""

    __slots__ = ("binding", "subject_index")

    def __init__(self, binding, subject_index: int):
        self.binding = binding
        self.subject_index = subject_index

    @property
    def subject(self) -> dict:
        return self.binding.subjects[self.subject_index]

    def __str__(self) -> str:
        b = self.binding
        if b.namespace:
            return (f'RoleBinding "{b.name}/{b.namespace}" of {b.role_kind} "{b.role_name}" to '
                    f'{describe_subject(self.subject, b.namespace)}')
        return (f'ClusterRoleBinding "{b.name}" of {b.role_kind} "{b.role_name}" to '
                f'{describe_subject(self.subject, "")}')

    def to_dict(self) -> dict:
        b = self.binding
        out = {"kind": "RoleBinding" if b.namespace else "ClusterRoleBinding", "name": b.name}
        if b.namespace:
            out["namespace"] = b.namespace
        out["roleRef"] = {"kind": b.role_kind, "name": b.role_name}
        out["subject"] = self.subject
        return out


class Considered(list):
    """The bindings that applied to a refused user (none of whose rules matched), kept as
    RuleSources; shown as their descriptions."""

    def __init__(self, sources):
        super().__init__(s for s, _ in sources)

    def descriptions(self) -> list[str]:
        return [str(s) for s in self]


# ---- the authorizer ---------------------------------------------------------------------------

class RBACAuthorizer:
    """Authorize and RulesFor over a PolicyCache."""

    name = "RBAC"

    def __init__(self, cache):
        self.cache = cache

    def authorize(self, attrs):
        """(decision, reason, evidence): evidence is (source, rule) on Allow -- the reason,
        `RBAC: allowed by <source>`, is then left to the Decision to word when read (None) --
        else the bindings that were looked at."""
        resolved = self.cache.resolve(attrs.username, attrs.groups, attrs.namespace)
        if attrs.resource_request:
            verb, group, name, sub = attrs.verb, attrs.api_group, attrs.name, attrs.subresource
            combined = f"{attrs.resource}/{sub}" if sub else attrs.resource
            sub_star = "*/" + sub if sub else None
            for source, rules in resolved.sources:
                for rule in rules.for_verb(verb):
                    if rule.allows_resource(verb, group, combined, sub_star, name):
                        return ALLOW, None, (source, rule)
        else:
            for source, rules in resolved.sources:
                for rule in rules.for_verb(attrs.verb):
                    if rule_allows(attrs, rule):
                        return ALLOW, None, (source, rule)
        reason = ""
        if resolved.errors:
            reason = "RBAC: " + aggregate_errors(resolved.errors)
        return NO_OPINION, reason, Considered(resolved.sources)

    def rules_for(self, user: dict, namespace: str):
        """(resource rules, non-resource rules, incomplete, error) as rbac.go's RulesFor gives them."""
        resolved = self.cache.resolve(user.get("username", ""), user.get("groups") or [], namespace)
        resource, non_resource = [], []
        for _, rules in resolved.sources:
            for r in rules:
                rule = r.rule
                if rule.get("resources"):
                    resource.append(_omit_empty({"verbs": rule.get("verbs") or [],
                                                 "apiGroups": rule.get("apiGroups"),
                                                 "resources": rule.get("resources"),
                                                 "resourceNames": rule.get("resourceNames")}))
                if rule.get("nonResourceURLs"):
                    non_resource.append({"verbs": rule.get("verbs") or [],
                                         "nonResourceURLs": rule["nonResourceURLs"]})
        error = aggregate_errors(resolved.errors) if resolved.errors else ""
        return resource, non_resource, False, error

    def policy_rules_for(self, user: dict, namespace: str):
        """(every rule dict that applies to the user in the namespace, errors): what escalation
        checks compare against (DefaultRuleResolver.RulesFor)."""
        resolved = self.cache.resolve(user.get("username", ""), user.get("groups") or [], namespace)
        return [r.rule for _, rules in resolved.sources for r in rules], list(resolved.errors)


def _omit_empty(rule: dict) -> dict:
    """authorization/v1 ResourceRule: verbs always, the other lists omitempty."""
    return {k: v for k, v in rule.items() if v or k == "verbs"}


def aggregate_errors(errors: list[str]) -> str:
    """utilerrors.NewAggregate(...).Error(): repeated messages once; one message bare, more
    as `[a, b]`."""
    unique = list(dict.fromkeys(errors))
    if len(unique) == 1:
        return unique[0]
    return "[" + ", ".join(unique) + "]"
