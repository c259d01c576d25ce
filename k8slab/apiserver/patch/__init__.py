"""k8slab.apiserver.patch: the PATCH verb's four patch types, as kube-apiserver applies them.

- `merge.py`           application/merge-patch+json (RFC 7386; `kubectl label`, `scale`, `patch --type=merge`)
- `json_patch.py`      application/json-patch+json (RFC 6902; `kubectl patch --type=json`)
- `strategic.py`       application/strategic-merge-patch+json (`kubectl apply`, `set image`, `cordon`),
  with `strategic_lists.py` (merge keys and the order of merged lists)
- `strategic_diff.py`  creating strategic merge patches, as kubectl's client-side apply does
- `schema.py`          which fields merge their lists and by which key, from k8s.io/api's tags
- `apply.py`           application/apply-patch+yaml: server-side apply and managedFields, on
  `fieldpath.py` (paths, FieldsV1) and `typed.py` (field sets, compare, merge, removal)
- `errors.py`, `gojson.py`  upstream's statuses and messages, Go's JSON decoding and printing

`patch_object()` is the handler's entry point for the first three (upstream:
`k8s.io/apiserver/pkg/endpoints/handlers/patch.go`, PatchResource): it checks the Content-Type
against what the kind accepts (415), rejects bodies that are not JSON (400 "invalid JSON patch"),
applies the patch and returns the new object with the strict-decoding errors, which the handler
turns into warnings (fieldValidation Warn, the default) or a 422 (Strict). Every refusal is a
`PatchError` whose `.status()` is the upstream `Status` body.

For apply-patch the handler calls `apply.decode_apply_patch()` and `apply.server_side_apply()`; after
any other write it calls `apply.update_managed_fields()` with `apply.manager_or_user_agent()`, as
upstream's handlers do; `validate_patch_options()` checks the query's fieldManager and force.

Differences from upstream: decoding the patched object into its kind (unknown fields, wrong types)
is the handler's business, not this package's.
"""

from __future__ import annotations

from . import json_patch, merge, strategic
from .errors import PatchError, unsupported_media_type
from .schema import schema_for, smp_supported

JSON_PATCH = "application/json-patch+json"
MERGE_PATCH = "application/merge-patch+json"
STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json"
APPLY_PATCH_YAML = "application/apply-patch+yaml"


def patch_types(api_version: str, kind: str) -> list[str]:
    """The Content-Types a PATCH of this kind accepts, in upstream's order (installer.go, and
    the custom-resource handler, which leaves out strategic merge patch)."""
    if smp_supported(api_version, kind):
        return [JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH, APPLY_PATCH_YAML]
    return [JSON_PATCH, MERGE_PATCH, APPLY_PATCH_YAML]


def validate_patch_options(content_type: str, field_manager: str = "", force: bool | None = None) -> None:
    """ValidatePatchOptions: apply needs a fieldManager; only apply takes force (422 otherwise)."""
    errors = []
    if content_type == APPLY_PATCH_YAML:
        if not field_manager:
            errors.append(("fieldManager", "FieldValueRequired", "Required value: is required for apply patch"))
    elif force is not None:
        errors.append(("force", "FieldValueForbidden", "Forbidden: may not be specified for non-apply patch"))
    if len(field_manager.encode()) > 128:
        errors.append(("fieldManager", "FieldValueTooLong", "Too long: may not be more than 128 bytes"))
    if errors:
        texts = [f"{f}: {m}" for f, _, m in errors]
        listed = texts[0] if len(texts) == 1 else "[" + ", ".join(texts) + "]"
        raise PatchError(422, "Invalid", f'PatchOptions.meta.k8s.io "" is invalid: {listed}', details={
            "group": "meta.k8s.io", "kind": "PatchOptions",
            "causes": [{"reason": r, "message": m, "field": f} for f, r, m in errors]})


def patch_object(current: dict, body: bytes, content_type: str, *,
                 field_validation: str = "Warn") -> tuple[object, list[str]]:
    """Apply a JSON, merge or strategic merge patch to `current` (not modified).

    The kind is the current object's. Returns (patched object, strict-decoding errors)."""
    api_version, kind = current.get("apiVersion", ""), current.get("kind", "")
    ct = content_type[:content_type.find(";")] if content_type.find(";") > 0 else content_type
    accepted = patch_types(api_version, kind)
    if ct not in accepted:
        raise unsupported_media_type(accepted)
    if ct == JSON_PATCH:
        return json_patch.patch_object(current, body, field_validation)
    if ct == MERGE_PATCH:
        return merge.patch_object(current, body, field_validation)
    if ct == STRATEGIC_MERGE_PATCH:
        return strategic.patch_object(current, body, schema_for(api_version, kind), field_validation)
    raise ValueError("server-side apply needs a field manager: use apply.server_side_apply")


__all__ = ["PatchError", "patch_object", "patch_types", "validate_patch_options", "schema_for",
           "smp_supported",
           "JSON_PATCH", "MERGE_PATCH", "STRATEGIC_MERGE_PATCH", "APPLY_PATCH_YAML"]
