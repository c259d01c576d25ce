"""PATCH: choosing the patch type by Content-Type and applying it with optimistic retries.

Follows `staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go`: json-patch, merge-patch,
strategic-merge-patch (built-in kinds only; 415 for custom resources) and apply-patch (server-side
apply; creates the object when it is missing). The patch is applied to the current object inside
the registry's update loop, so a concurrent write makes it retry rather than fail. The patch
types themselves live in `k8slab.apiserver.patch`.
"""

from __future__ import annotations

from . import bodies
from . import errors as E
from .request import Request, Response

APPLY = "application/apply-patch+yaml"


def _raise(e) -> None:
    status = e.status()
    raise E.APIError(e.code, status.get("reason", ""), e.message, status.get("details")) from None


def patch(server, req: Request, res, ns, name: str, subresource: str) -> Response:
    from .patch import PatchError, patch_object
    if len(req.body) > bodies.MAX_REQUEST_BODY_BYTES:
        raise E.too_large()
    if bodies.media_type(req.content_type) == APPLY:
        from .apply import apply
        return apply(server, req, res, ns, name, subresource)
    q = req.query
    directive = q.get("fieldValidation", "") or "Warn"
    warnings: list[str] = []

    def mutate(obj):
        try:
            new, problems = patch_object(obj, req.body, req.content_type, field_validation=directive)
        except PatchError as e:
            _raise(e)
        if not isinstance(new, dict):
            raise E.bad_request("the patch did not produce an object")
        new_meta = new.get("metadata") or {}
        if new_meta.get("name", name) != name:
            raise E.bad_request(f'the name of the object ({new_meta.get("name")}) does not match '
                                f'the name on the URL ({name})')
        from .fieldvalidation import decode_fields
        found = decode_fields(new, b"", "", directive, res, server.crd_schema(res), patched=True)
        warnings[:] = list(problems) + found
        return new

    out = server.registry.update(res, ns, name, None, subresource=subresource,
                                 dry_run=q.get("dryRun") == "All",
                                 field_manager=server.field_manager(req), user=req.user, mutate=mutate)
    req.warnings = warnings
    return Response(200, out, headers=server._warnings(req))


def patch_scale(server, req: Request, res, ns, name: str) -> Response:
    """PATCH .../scale: the patch applies to the Scale, whose spec.replicas goes to the parent."""
    from .patch import PatchError, patch_object
    current = server.subresources.scale_of(res, server.registry.get(res, ns, name))
    try:
        scale, _ = patch_object(current, req.body, req.content_type)
    except PatchError as e:
        _raise(e)
    return Response(200, server.subresources.apply_scale(req, res, ns, name, scale))
