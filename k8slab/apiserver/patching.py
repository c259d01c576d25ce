"""PATCH: choosing the patch type by Content-Type and applying it with optimistic retries.

Follows `staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go`: json-patch, merge-patch,
strategic-merge-patch (built-in kinds only; 415 for custom resources) and apply-patch
(server-side apply; creates the object when it is missing). The patch is applied to the current
object inside the registry's update loop, so a concurrent write makes it retry, not fail.
"""

from __future__ import annotations

from . import bodies
from . import errors as E
from .request import Request, Response

JSON_PATCH = "application/json-patch+json"
MERGE_PATCH = "application/merge-patch+json"
STRATEGIC = "application/strategic-merge-patch+json"
APPLY = "application/apply-patch+yaml"
APPLY_CBOR = "application/apply-patch+cbor"
PATCH_TYPES = [JSON_PATCH, MERGE_PATCH, STRATEGIC, APPLY]


def _patch_fn(server, req: Request, res, name: str):
    """A function old_object -> new_object for the request's patch type."""
    from .patch import json_patch, merge, strategic
    from .patch.errors import PatchError
    mt = bodies.media_type(req.content_type)
    if mt == JSON_PATCH:
        ops = bodies.decode_json_value(req.body)
        fn = lambda obj: json_patch.apply_patch(obj, ops)               # noqa: E731
    elif mt == MERGE_PATCH:
        doc = bodies.decode_json_value(req.body)
        fn = lambda obj: merge.apply_patch(obj, doc)                    # noqa: E731
    elif mt == STRATEGIC:
        from .patch.schema import schema_for, smp_supported
        if not smp_supported(res.api_version, res.kind):
            raise E.unsupported_media_type(mt)
        doc = bodies.decode_json_value(req.body)
        schema = schema_for(res.api_version, res.kind)
        fn = lambda obj: strategic.apply_patch(obj, doc, schema)        # noqa: E731
    else:
        raise E.APIError(415, "UnsupportedMediaType",
                         f"the body of the request was in an unknown format - accepted media "
                         f"types include: {', '.join(PATCH_TYPES)}")

    def run(obj):
        try:
            out = fn(obj)
        except PatchError as e:
            raise E.APIError(e.code, e.reason, e.message) from None
        if not isinstance(out, dict):
            raise E.bad_request("the patch did not produce an object")
        return out

    return run


def patch(server, req: Request, res, ns, name: str, subresource: str) -> Response:
    reg = server.registry
    q = req.query
    dry_run = q.get("dryRun") == "All"
    if bodies.media_type(req.content_type) == APPLY:
        from .apply import server_side_apply
        return server_side_apply(server, req, res, ns, name, subresource)
    fn = _patch_fn(server, req, res, name)

    def mutate(obj):
        new = fn(obj)
        new_meta = new.get("metadata") or {}
        if new_meta.get("name", name) != name:
            raise E.bad_request(f'the name of the object ({new_meta.get("name")}) does not match '
                                f'the name on the URL ({name})')
        return new

    out = reg.update(res, ns, name, None, subresource=subresource, dry_run=dry_run,
                     field_manager=q.get("fieldManager", ""), user=req.user, mutate=mutate)
    return Response(200, out)


def patch_scale(server, req: Request, res, ns, name: str) -> Response:
    """PATCH .../scale: the patch applies to the Scale, whose spec.replicas goes to the parent.
    A Scale has no lists, so a strategic merge patch of it is a plain merge patch."""
    from .patch import json_patch, merge
    from .patch.errors import PatchError
    current = server.subresources.scale_of(res, server.registry.get(res, ns, name))
    mt = bodies.media_type(req.content_type)
    try:
        if mt == JSON_PATCH:
            scale = json_patch.apply_patch(current, bodies.decode_json_value(req.body))
        elif mt in (MERGE_PATCH, STRATEGIC):
            scale = merge.apply_patch(current, bodies.decode_json_value(req.body))
        else:
            raise E.unsupported_media_type(mt)
    except PatchError as e:
        raise E.APIError(e.code, e.reason, e.message) from None
    return Response(200, server.subresources.apply_scale(req, res, ns, name, scale))
