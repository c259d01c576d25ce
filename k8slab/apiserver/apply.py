"""Server-side apply at the REST layer: upsert through the registry with field ownership.

Follows `staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go` (applyPatcher: a missing
object is created from the applied configuration; `force` takes fields from other managers) and
delegates the merge and the ownership bookkeeping to `k8slab.apiserver.patch.apply`.
"""

from __future__ import annotations

from . import bodies
from . import errors as E
from .request import Request, Response


def apply(server, req: Request, res, ns, name: str, subresource: str) -> Response:
    from .patch import PatchError
    from .patch.apply import server_side_apply
    q = req.query
    manager = q.get("fieldManager", "")
    if not manager:
        raise E.bad_request("PATCH requests of type application/apply-patch+yaml must provide a "
                            "fieldManager")
    config = bodies.decode_apply_body(req.body)
    force = q.get("force") in ("true", "1")
    dry_run = q.get("dryRun") == "All"
    reg = server.registry
    meta = config.get("metadata") or {}
    if meta.get("name", name) != name:
        raise E.bad_request(f'the name of the object ({meta.get("name")}) does not match the name '
                            f'on the URL ({name})')
    if res.namespaced and meta.get("namespace", ns) != ns:
        raise E.bad_request("the namespace of the provided object does not match the namespace "
                            "sent on the request")

    def merged(live):
        try:
            return server_side_apply(live, config, manager, reg.now(), force=force,
                                     subresource=subresource, api_version=res.api_version,
                                     kind=res.kind)
        except PatchError as e:
            status = e.status()
            raise E.APIError(e.code, status.get("reason", ""), e.message, status.get("details")) from None

    try:
        reg.get(res, ns, name)
    except E.APIError as e:
        if e.code != 404 or subresource:
            raise
        obj = merged(None)
        obj.setdefault("metadata", {})["name"] = name
        from .fieldvalidation import check_fields
        check_fields(obj, b"", "", q.get("fieldValidation", "") or "Strict", res, server.crd_schema(res))
        return Response(201, reg.create(res, ns, obj, dry_run=dry_run, field_manager=None,
                                        user=req.user))
    out = reg.update(res, ns, name, None, subresource=subresource, dry_run=dry_run,
                     field_manager=None, user=req.user, mutate=merged)
    return Response(200, out)
