"""Which webhooks a request goes to: rules (operations, apiGroups, apiVersions, resources with
subresources and `*`, scope), namespaceSelector and objectSelector.

Follows `staging/src/k8s.io/apiserver/pkg/admission/plugin/webhook/generic/webhook.go`
(ShouldCallHook, the exemption of the admission configuration resources),
`.../webhook/predicates/rules/rules.go` (Matcher), `.../predicates/namespace/matcher.go`
(MatchNamespaceSelector, GetNamespaceLabels) and `.../predicates/object/matcher.go`
(MatchObjectSelector).

Differences from upstream: k8slab serves one version per resource, so matchPolicy Equivalent finds
no other version to convert to and behaves as Exact; matchConditions (CEL expressions) are not
evaluated (there is no CEL here) and a webhook that has them is called as if they matched.
"""

from __future__ import annotations

from ...api.selectors import SelectorError, matches_labels, selector_from_label_selector
from .. import errors as E

ADMISSION_GROUP = "admissionregistration.k8s.io"
# IsExemptAdmissionConfigurationResource: never sent to webhooks, so a bad webhook can be removed
EXEMPT = {"validatingwebhookconfigurations", "mutatingwebhookconfigurations",
          "validatingadmissionpolicies", "validatingadmissionpolicybindings",
          "mutatingadmissionpolicies", "mutatingadmissionpolicybindings"}


def is_exempt(a) -> bool:
    return a.res.group == ADMISSION_GROUP and a.res.plural in EXEMPT


def should_call(hook: dict, a, registry) -> bool:
    """ShouldCallHook: the selectors first (their lookup errors only count if a rule matches)."""
    ns_match, ns_err = _match_namespace(hook, a, registry)
    if not ns_match and ns_err is None:
        return False
    obj_match = _match_object(hook, a)
    if not obj_match:
        return False
    if not any(rule_matches(r, a) for r in hook.get("rules") or []):
        return False
    if ns_err is not None:
        raise ns_err
    return True


def rule_matches(rule: dict, a) -> bool:
    """rules.Matcher.Matches: scope, operation, group, version and resource all match."""
    return (_scope(rule, a) and _any(rule.get("operations"), a.operation)
            and _any(rule.get("apiGroups"), a.res.group) and _any(rule.get("apiVersions"), a.res.version)
            and _resource(rule.get("resources") or [], a))


def _any(values, value) -> bool:
    return any(v == "*" or v == value for v in values or [])


def _resource(resources: list, a) -> bool:
    for r in resources:
        res, _, sub = r.partition("/")
        if (res == "*" or res == a.res.plural) and (sub == "*" or sub == a.subresource):
            return True
    return False


def _scope(rule: dict, a) -> bool:
    scope = rule.get("scope") or "*"
    if scope == "*":
        return True
    cluster = not a.res.namespaced                 # namespace objects are cluster-scoped
    return cluster if scope == "Cluster" else not cluster


def _match_namespace(hook: dict, a, registry):
    """(matches, error): cluster-scoped objects other than namespaces always match."""
    selector = hook.get("namespaceSelector") or {}
    if a.res.plural != "namespaces" and not a.res.namespaced:
        return True, None
    if not selector.get("matchLabels") and not selector.get("matchExpressions"):
        return True, None
    if a.res.plural == "namespaces" and a.res.group == "":
        labels = ((a.obj or a.old or {}).get("metadata") or {}).get("labels")
    else:
        ns = a.namespace
        res = registry.table.get("", "v1", "namespaces")
        kv = registry.store.get(res.key(None, ns).encode())
        if kv is None:
            return False, E.not_found("", "namespaces", ns)
        labels = registry.cache.decode(kv)["metadata"].get("labels")
    return _selects(selector, labels), None


def _match_object(hook: dict, a) -> bool:
    """MatchObjectSelector: the new or the old object's labels match."""
    selector = hook.get("objectSelector") or {}
    if not selector.get("matchLabels") and not selector.get("matchExpressions"):
        return True
    return any(obj is not None and _selects(selector, (obj.get("metadata") or {}).get("labels"))
               for obj in (a.obj, a.old))


def _selects(selector: dict, labels) -> bool:
    try:
        return matches_labels(selector_from_label_selector(selector), labels)
    except SelectorError:
        return False
