"""Server-side field validation: `fieldValidation=Strict|Warn|Ignore` on create, update and patch.

Follows `staging/src/k8s.io/apiserver/pkg/endpoints/handlers/rest.go` (the fieldValidation query
parameter; Warn is the default) and the strict decoder's messages: Strict refuses an unknown or
duplicated field with 400 BadRequest, Warn returns the same findings as `Warning` headers.

`decode_fields` runs first for create and update bodies (and patched objects): the decoder's
type and quantity errors, found in the same schema walk as the unknown fields, come before any
strict finding, as the Go decoder fails before strict checks are looked at. Custom resources are
decoded as unstructured upstream, so they get no type check.
"""

from __future__ import annotations

from . import errors as E

DIRECTIVES = ("", "Strict", "Warn", "Ignore")


def decode_error(obj: dict, schema: dict | None):
    """(the decoder's error or None, the unknown-field findings or None when not computed)."""
    if schema is not None:
        return None, None
    from ..api import openapi
    check = openapi.decode_check(obj)
    if check.known:
        return check.error, check.unknown
    from ..api.validation import decode_error as legacy
    return legacy(obj), None


def decode_fields(obj: dict, raw: bytes, content_type: str, directive: str, res,
                  schema: dict | None = None, patched: bool = False) -> list[str]:
    """The decoder's type check, then check_fields; one schema walk for built-in kinds.

    A create or update body fails with 400 `<Kind> in version "v1" cannot be handled as a <Kind>:
    <error>`; a patched object (patched=True) fails as patch.go reports a failed decode of the
    patch result: 422 with `patch: Invalid value: "<patched JSON>": <error>`.
    """
    if directive not in DIRECTIVES:
        raise E.bad_request(f"fieldValidation parameter unsupported: {directive}")
    problem, unknown = decode_error(obj, schema)
    if problem:
        if patched:
            import json
            text = json.dumps(obj, separators=(",", ":"), ensure_ascii=False)
            raise E.invalid("", "", "", [("patch", "FieldValueInvalid",
                                          f"Invalid value: {json.dumps(text, ensure_ascii=False)}: {problem}")])
        raise E.bad_request(f'{res.kind} in version "{res.version}" cannot be handled as a {res.kind}: {problem}')
    return check_fields(obj, raw, content_type, directive, res, schema, unknown)


def check_fields(obj: dict, raw: bytes, content_type: str, directive: str, res,
                 schema: dict | None = None, unknown: list | None = None) -> list[str]:
    if directive not in DIRECTIVES:
        raise E.bad_request(f"fieldValidation parameter unsupported: {directive}")
    if directive == "Ignore":
        return []
    from ..api import openapi
    if unknown is not None:
        problems = [f'unknown field "{path}"' for path, _ in unknown]
    elif schema is not None:                  # a custom resource: its CRD's schema
        schema = {**schema, "properties": {**(schema.get("properties") or {}),
                                           "apiVersion": {"type": "string"}, "kind": {"type": "string"},
                                           "metadata": {"type": "object",
                                                        "x-kubernetes-preserve-unknown-fields": True}}}
    if unknown is None:
        problems = [f'unknown field "{path}"' for path, _ in openapi.validate(obj, strict=True, schema=schema)]
    if raw and "json" in (content_type or "application/json"):
        problems += [f'duplicate field "{path}"' for path in openapi.find_duplicate_fields(raw)]
    if not problems:
        return []
    if directive == "Strict":
        raise E.bad_request(f'{res.kind} in version "{res.version}" cannot be handled as a '
                            f'{res.kind}: strict decoding error: {", ".join(problems)}')
    return problems
