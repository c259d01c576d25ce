"""Server-side field validation: `fieldValidation=Strict|Warn|Ignore` on create, update and patch.

Follows `staging/src/k8s.io/apiserver/pkg/endpoints/handlers/rest.go` (the fieldValidation query
parameter; Warn is the default) and the strict decoder's messages: Strict refuses an unknown or
duplicated field with 400 BadRequest, Warn returns the same findings as `Warning` headers.
"""

from __future__ import annotations

from . import errors as E

DIRECTIVES = ("", "Strict", "Warn", "Ignore")


def check_fields(obj: dict, raw: bytes, content_type: str, directive: str, res,
                 schema: dict | None = None) -> list[str]:
    if directive not in DIRECTIVES:
        raise E.bad_request(f"fieldValidation parameter unsupported: {directive}")
    if directive == "Ignore":
        return []
    from ..api import openapi
    if schema is not None:                  # a custom resource: its CRD's schema
        schema = {**schema, "properties": {**(schema.get("properties") or {}),
                                           "apiVersion": {"type": "string"}, "kind": {"type": "string"},
                                           "metadata": {"type": "object",
                                                        "x-kubernetes-preserve-unknown-fields": True}}}
    problems = [f'unknown field "{path}"' for path, _ in openapi.validate(obj, strict=True, schema=schema)]
    if raw and "json" in (content_type or "application/json"):
        problems += [f'duplicate field "{path}"' for path in openapi.find_duplicate_fields(raw)]
    if not problems:
        return []
    if directive == "Strict":
        raise E.bad_request(f'{res.kind} in version "{res.version}" cannot be handled as a '
                            f'{res.kind}: strict decoding error: {", ".join(problems)}')
    return problems
