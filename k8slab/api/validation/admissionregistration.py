"""Validation of MutatingWebhookConfiguration and ValidatingWebhookConfiguration (v1).

Follows `pkg/apis/admissionregistration/validation/validation.go` (validateMutatingWebhook,
validateValidatingWebhook, validateRule, validateWebhookClientConfig) and
`staging/src/k8s.io/apiserver/pkg/util/webhook/validation.go` (ValidateWebhookURL,
ValidateWebhookService).

Differences from upstream: matchConditions (CEL) are not compiled; the label selectors are not
validated beyond their operators; rule resource checks (`*/x` mixed with names) are not made.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from . import field as f
from . import meta as m
from .field import Cause

OPERATIONS = ["*", "CONNECT", "CREATE", "DELETE", "UPDATE"]
REVIEW_VERSIONS = ["v1", "v1beta1"]


def validate_mutating(obj: dict) -> list[Cause]:
    return _validate(obj, mutating=True)


def validate_validating(obj: dict) -> list[Cause]:
    return _validate(obj, mutating=False)


def _validate(obj: dict, mutating: bool) -> list[Cause]:
    errs = m.validate_object_meta(obj.get("metadata") or {}, False, m.name_is_dns_subdomain)
    seen: set[str] = set()
    for i, hook in enumerate(obj.get("webhooks") or []):
        p = f"webhooks[{i}]"
        name = hook.get("name") or ""
        errs += _fully_qualified_name(f"{p}.name", name)
        if name in seen:
            errs.append(f.duplicate(f"{p}.name", name))
        seen.add(name)
        for j, rule in enumerate(hook.get("rules") or []):
            errs += _rule(f"{p}.rules[{j}]", rule)
        fp = hook.get("failurePolicy")
        if fp is not None and fp not in ("Fail", "Ignore"):
            errs.append(f.not_supported(f"{p}.failurePolicy", fp, ["Fail", "Ignore"]))
        mp = hook.get("matchPolicy")
        if mp is not None and mp not in ("Equivalent", "Exact"):
            errs.append(f.not_supported(f"{p}.matchPolicy", mp, ["Equivalent", "Exact"]))
        se = hook.get("sideEffects")
        if se is None:
            errs.append(f.required(f"{p}.sideEffects", "must specify one of None, NoneOnDryRun"))
        elif se not in ("None", "NoneOnDryRun"):
            errs.append(f.not_supported(f"{p}.sideEffects", se, ["None", "NoneOnDryRun"]))
        timeout = hook.get("timeoutSeconds")
        if timeout is not None and not 1 <= timeout <= 30:
            errs.append(f.invalid(f"{p}.timeoutSeconds", timeout,
                                  "the timeout value must be between 1 and 30 seconds"))
        versions = hook.get("admissionReviewVersions") or []
        if not versions:
            errs.append(f.required(f"{p}.admissionReviewVersions", "must specify one of v1, v1beta1"))
        elif not any(v in REVIEW_VERSIONS for v in versions):
            errs.append(f.invalid(f"{p}.admissionReviewVersions", versions,
                                  "must include at least one of v1, v1beta1"))
        if mutating:
            rp = hook.get("reinvocationPolicy")
            if rp is not None and rp not in ("Never", "IfNeeded"):
                errs.append(f.not_supported(f"{p}.reinvocationPolicy", rp, ["IfNeeded", "Never"]))
        errs += _client_config(f"{p}.clientConfig", hook.get("clientConfig") or {})
    return errs


def _fully_qualified_name(path: str, name: str) -> list[Cause]:
    """utilvalidation.IsFullyQualifiedName."""
    if not name:
        return [f.required(path)]
    problems = m.is_dns1123_subdomain(name)
    if problems:
        return f.invalids(path, name, problems)
    if len(name.split(".")) < 3:
        return [f.invalid(path, name, "should be a domain with at least three segments separated by dots")]
    return []


def _rule(path: str, rule: dict) -> list[Cause]:
    errs = []
    for k, op in enumerate(rule.get("operations") or []):
        if op not in OPERATIONS:
            errs.append(f.not_supported(f"{path}.operations[{k}]", op, OPERATIONS))
    if not rule.get("resources"):
        errs.append(f.required(f"{path}.resources"))
    scope = rule.get("scope")
    if scope is not None and scope not in ("*", "Cluster", "Namespaced"):
        errs.append(f.not_supported(f"{path}.scope", scope, ["*", "Cluster", "Namespaced"]))
    return errs


def _client_config(path: str, cc: dict) -> list[Cause]:
    url, service = cc.get("url"), cc.get("service")
    if (url is None) == (service is None):
        return [f.required(path, "exactly one of url or service is required")]
    if url is not None:
        u = urlsplit(url)
        if u.scheme != "https":
            return [f.invalid(f"{path}.url", u.scheme, "'https' is the only allowed URL scheme")]
        if not u.netloc:
            return [f.invalid(f"{path}.url", u.netloc, "host must be specified")]
        if u.username or u.password:
            return [f.invalid(f"{path}.url", u.username, "user information is not permitted in the URL")]
        if u.fragment:
            return [f.invalid(f"{path}.url", u.fragment, "fragments are not permitted in the URL")]
        if u.query:
            return [f.invalid(f"{path}.url", u.query, "query parameters are not permitted in the URL")]
        return []
    errs = []
    if not service.get("name"):
        errs.append(f.required(f"{path}.service.name", "service name is required"))
    if not service.get("namespace"):
        errs.append(f.required(f"{path}.service.namespace", "service namespace is required"))
    port = service.get("port", 443)
    if not 1 <= port <= 65535:
        errs.append(f.invalid(f"{path}.service.port", port, "port is not valid: must be between 1 and 65535, "
                                                            "inclusive"))
    svc_path = service.get("path")
    if svc_path is not None and not svc_path.startswith("/"):
        errs.append(f.invalid(f"{path}.service.path", svc_path, "must start with a '/'"))
    return errs


def defaults(obj: dict, mutating: bool) -> None:
    """SetDefaults_ValidatingWebhook / SetDefaults_MutatingWebhook / SetDefaults_Rule /
    SetDefaults_ServiceReference."""
    for hook in obj.get("webhooks") or []:
        hook.setdefault("failurePolicy", "Fail")
        hook.setdefault("matchPolicy", "Equivalent")
        hook.setdefault("namespaceSelector", {})
        hook.setdefault("objectSelector", {})
        hook.setdefault("timeoutSeconds", 10)
        if mutating:
            hook.setdefault("reinvocationPolicy", "Never")
        for rule in hook.get("rules") or []:
            rule.setdefault("scope", "*")
        service = (hook.get("clientConfig") or {}).get("service")
        if service is not None:
            service.setdefault("port", 443)
