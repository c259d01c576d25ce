"""Strict field validation: the unknown and duplicate fields the API server reports for
`fieldValidation=Strict` (as a 400 error) and `fieldValidation=Warn` (as Warning headers).

Upstream decodes the request body into the Go struct of the kind with sigs.k8s.io/json's
UnmarshalStrict (called from k8s.io/apimachinery pkg/runtime/serializer/json/json.go). Every JSON key
with no matching struct field becomes `unknown field "<path>"`, every key seen twice in one object
becomes `duplicate field "<path>"`, with paths like `spec.template.spec.containers[0].imagee`.
Errors are deduplicated and capped at 100. pkg/runtime/error.go joins them after
"strict decoding error: ", and the create/update handlers (k8s.io/apiserver
pkg/endpoints/handlers/rest.go, transformDecodeError) wrap that as
`Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: ...`.
With Warn, each message becomes one warning instead.

Here the Go structs are replaced by our OpenAPI schemas: properties are the struct fields,
additionalProperties a Go map (its keys are data, never unknown), and a schema with neither
(RawExtension, FieldsV1, JSON) accepts anything, as the custom unmarshallers upstream do.

Differences from upstream: values of the wrong JSON type are not reported (upstream fails
decoding with a different error); duplicate keys are found by a separate pass over the raw body,
so when a body has both kinds of problem the unknown fields come first instead of in document
order. Custom resources (`.spec.foo: field not declared in schema`, from structured-merge-diff) are
not handled here.
"""

import functools
import json

from . import dsl
from .document import component, schema_name

MAX_ERRORS = 100  # sigs.k8s.io/json stops collecting strict errors here
_component = functools.cache(component)  # read-only use below


def _resolve(schema: dict) -> dict:
    """Follow allOf/$ref wrappers to the schema they point at."""
    while True:
        if "$ref" in schema:
            schema = _component(schema["$ref"][len(dsl.REF_PREFIX):])
        elif "allOf" in schema and len(schema["allOf"]) == 1:
            schema = schema["allOf"][0]
        else:
            return schema


def _walk(value, schema, path, out):
    schema = _resolve(schema)
    if isinstance(value, dict):
        if "properties" in schema:
            props = schema["properties"]
            for key, sub in value.items():
                p = f"{path}.{key}" if path else key
                if key in props:
                    _walk(sub, props[key], p, out)
                elif not schema.get("x-kubernetes-preserve-unknown-fields"):
                    out.append((p, f'unknown field "{p}"'))
        elif isinstance(schema.get("additionalProperties"), dict):
            for key, sub in value.items():
                _walk(sub, schema["additionalProperties"], f"{path}.{key}" if path else key, out)
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for i, sub in enumerate(value):
            _walk(sub, schema["items"], f"{path}[{i}]", out)


def _dedupe(findings):
    seen, out = set(), []
    for path, msg in findings:
        if msg not in seen and len(out) < MAX_ERRORS:
            seen.add(msg)
            out.append((path, msg))
    return out


def validate(obj: dict, strict: bool = True, schema: dict | None = None) -> list[tuple[str, str]]:
    """Unknown fields of an object, as [(field_path, message)].

    The schema is found from the object's apiVersion and kind (or given). Kinds we have no schema for
    yield no findings. `strict` names the server's mode (Strict or Warn); both report the same
    findings, only what the server does with them differs (see strict_error_message).
    """
    if schema is None:
        group, _, version = obj.get("apiVersion", "").rpartition("/")
        name = schema_name(group, version, obj.get("kind", ""))
        if name is None:
            return []
        schema = {"$ref": dsl.REF_PREFIX + name}
    out = []
    _walk(obj, schema, "", out)
    return _dedupe(out)


class _Obj(dict):
    """A JSON object that remembers which keys appeared more than once."""
    dups: list


def _pairs(pairs):
    obj, dups = _Obj(), []
    for k, v in pairs:
        if k in obj and k not in dups:
            dups.append(k)
        obj[k] = v  # the last value wins, as upstream
    obj.dups = dups
    return obj


def _dup_walk(value, path, out):
    if isinstance(value, _Obj):
        for key in value.dups:
            p = f"{path}.{key}" if path else key
            out.append((p, f'duplicate field "{p}"'))
        for key, sub in value.items():
            _dup_walk(sub, f"{path}.{key}" if path else key, out)
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            _dup_walk(sub, f"{path}[{i}]", out)


def find_duplicate_fields(raw: bytes | str) -> list[tuple[str, str]]:
    """Keys repeated within one JSON object of a raw request body, as [(field_path, message)].

    A parsed dict has already lost its duplicates, so this needs the bytes as received.
    """
    out = []
    _dup_walk(json.loads(raw, object_pairs_hook=_pairs), "", out)
    return _dedupe(out)


def strict_error_message(kind: str, version: str, findings) -> str:
    """The message of the 400 BadRequest Status for fieldValidation=Strict on create and update."""
    errors = ", ".join(msg for _, msg in findings)
    return f'{kind} in version "{version}" cannot be handled as a {kind}: strict decoding error: {errors}'
