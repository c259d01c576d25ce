"""The 403 a denied request gets, worded as kube-apiserver words it.

Follows `staging/src/k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go`
(forbiddenMessage, Forbidden: the reason, when there is one, follows after `: `) and
`staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go` (NewForbidden: `pods is forbidden:`,
`pods "p" is forbidden:`, or plain `forbidden:` for a URL path; details name, group and kind,
where kind is the resource without its subresource).
"""

from __future__ import annotations

from .. import errors as E


def forbidden_message(attrs) -> str:
    user = attrs.username
    if not attrs.resource_request:
        return f'User "{user}" cannot {attrs.verb} path "{attrs.path}"'
    resource = attrs.combined_resource
    if attrs.namespace:
        return (f'User "{user}" cannot {attrs.verb} resource "{resource}" in API group '
                f'"{attrs.api_group}" in the namespace "{attrs.namespace}"')
    return (f'User "{user}" cannot {attrs.verb} resource "{resource}" in API group '
            f'"{attrs.api_group}" at the cluster scope')


def forbidden(attrs, reason: str = "") -> E.APIError:
    why = forbidden_message(attrs)
    if reason:
        why = f"{why}: {reason}"
    return new_forbidden(attrs.api_group, attrs.resource, attrs.name, why)


def new_forbidden(group: str, resource: str, name: str, why: str) -> E.APIError:
    """NewForbidden(GroupResource{group, resource}, name, err)."""
    if not group and not resource:
        return E.APIError(403, "Forbidden", f"forbidden: {why}", {**({"name": name} if name else {})})
    qualified = f"{resource}.{group}" if group else resource
    target = f'{qualified} "{name}"' if name else qualified
    details = {}
    if name:
        details["name"] = name
    if group:
        details["group"] = group
    if resource:
        details["kind"] = resource
    return E.APIError(403, "Forbidden", f"{target} is forbidden: {why}", details)
