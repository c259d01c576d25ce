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

The same walk does the decoder's type check for built-in kinds (`decode_check`): the first value
of the wrong JSON type in document order, as `json: cannot unmarshal string into Go struct field
DeploymentSpec.spec.replicas of type int32` (see gotypes for the Go type names). null fits
anywhere; a number with a fraction or out of range does not fit an int (`number 1.5`). As in Go,
the custom unmarshallers end decoding at once and so win over an earlier type error: a malformed
quantity (`quantities must match the regular expression ...`), an int-or-string that is neither
(`json: cannot unmarshal bool into Go value of type int32`), a time that is not a string.

Differences from upstream: a float literal is quoted as Python prints it (`1e3` reads `1000.0`);
base64 in []byte fields and time formats are not checked here; duplicate keys are found by a
separate pass over the raw body, so when a body has both kinds of problem the unknown fields come
first instead of in document order. Custom resources (`.spec.foo: field not declared in schema`,
from structured-merge-diff) are not handled here.
"""

import json

from . import dsl, gotypes as G
from .document import schema_name

MAX_ERRORS = 100  # sigs.k8s.io/json stops collecting strict errors here
_component = G._component  # read-only use below


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


class _Fatal(Exception):
    """An error returned (not saved) by a custom unmarshaller: decoding stops here."""


def _jtype(v) -> str:
    t = type(v)
    if t is str:
        return "string"
    if t is bool:
        return "bool"
    if t is dict:
        return "object"
    if t is list:
        return "array"
    return "number"


def _int_misfit(v, bits: int) -> str | None:
    """How Go names a JSON value that does not fit an int of `bits` (None when it fits)."""
    t = type(v)
    if t is int:
        return None if -(1 << (bits - 1)) <= v < (1 << (bits - 1)) else f"number {v}"
    if t is float:
        return f"number {v!r}"
    return _jtype(v)


def _leaf_misfit(v, node) -> str | None:
    """The JSON value name when v does not fit a scalar node (None when it fits or is null)."""
    c = node.code
    if v is None or c == G.ANY:
        return None
    t = type(v)
    if c == G.STRING:
        return None if t is str else _jtype(v)
    if c == G.INT:
        return _int_misfit(v, node.bits)
    if c == G.BOOL:
        return None if t is bool else _jtype(v)
    if c == G.FLOAT:
        return None if t is int or t is float else _jtype(v)
    if c == G.BYTES:
        return None if t is str or t is list else _jtype(v)
    return None


def _special(v, node) -> None:
    """The custom unmarshallers: quantity, int-or-string, time. Raises _Fatal."""
    c = node.code
    if v is None:
        return
    if c == G.QUANTITY:
        from ..validation.quantity import QUANTITY_ERROR, QuantityError, parse_quantity
        if type(v) is dict or type(v) is list:
            raise _Fatal(QUANTITY_ERROR)
        try:
            parse_quantity(v)
        except QuantityError as e:
            raise _Fatal(str(e.args[0]) if e.args else QUANTITY_ERROR) from None
    elif c == G.INT_OR_STRING:
        if type(v) is not str:
            bad = _int_misfit(v, 32)
            if bad:
                raise _Fatal(f"json: cannot unmarshal {bad} into Go value of type int32")
    elif c == G.TIME:
        if type(v) is not str:
            raise _Fatal(f"json: cannot unmarshal {_jtype(v)} into Go value of type string")


class _State:
    __slots__ = ("error", "unknown")

    def __init__(self):
        self.error, self.unknown = None, []

    def misfit(self, value_name: str, node, struct: str, gopath: str) -> None:
        if self.error is None:
            self.error = (f"json: cannot unmarshal {value_name} into Go struct field {struct}.{gopath} "
                          f"of type {node.go}")


_SCALARS = frozenset((G.STRING, G.INT, G.BOOL, G.FLOAT, G.ANY))


def _check(value, node, path: str, gopath: str, struct: str, st: _State) -> None:
    """Walk value against node: type misfits into st.error, unknown fields into st.unknown."""
    code = node.code
    if code == G.STRUCT:
        if type(value) is not dict:
            st.misfit(_jtype(value), node, struct, gopath)
            return
        props, own = node.props(), node.struct
        for key, sub in value.items():
            child = props.get(key)
            if child is None:
                if not node.preserve:
                    p = f"{path}.{key}" if path else key
                    st.unknown.append((p, f'unknown field "{p}"'))
                continue
            if sub is None:
                continue
            c = child.code
            if c in _SCALARS:
                if st.error is None:
                    bad = _leaf_misfit(sub, child)
                    if bad:
                        st.misfit(bad, child, own, f"{gopath}.{key}" if gopath else key)
                continue
            if c >= G.QUANTITY:
                _special(sub, child)
                continue
            _check(sub, child, f"{path}.{key}" if path else key, f"{gopath}.{key}" if gopath else key, own, st)
    elif code == G.LIST:
        if type(value) is not list:
            st.misfit(_jtype(value), node, struct, gopath)
            return
        elem = node.elem()
        for i, sub in enumerate(value):
            if sub is not None:
                _check(sub, elem, f"{path}[{i}]", gopath, struct, st)
    elif code == G.MAP:
        if type(value) is not dict:
            st.misfit(_jtype(value), node, struct, gopath)
            return
        elem = node.elem()
        for key, sub in value.items():
            if sub is not None:
                _check(sub, elem, f"{path}.{key}" if path else key, gopath, struct, st)
    elif code >= G.QUANTITY:
        _special(value, node)
    elif code == G.BYTES and type(value) is list:
        for sub in value:
            bad = _int_misfit(sub, 9) if sub is not None else None
            if bad is None and type(sub) is int and sub < 0:
                bad = f"number {sub}"
            if bad:
                st.misfit(bad, _UINT8, struct, gopath)
    elif st.error is None:
        bad = _leaf_misfit(value, node)
        if bad:
            st.misfit(bad, node, struct, gopath)


class _Uint8:
    go = "uint8"


_UINT8 = _Uint8()


class DecodeCheck:
    """The outcome of decoding an object into its Go type: `error` (the decoder's message, without
    the `<Kind> in version ... cannot be handled as` prefix, or None) and `unknown` (the strict
    findings [(path, message)], deduplicated and capped). `known` is False for kinds without a schema."""
    __slots__ = ("error", "unknown", "known")

    def __init__(self, error, unknown, known):
        self.error, self.unknown, self.known = error, unknown, known


def decode_check(obj: dict) -> DecodeCheck:
    """Type check and unknown fields of a built-in kind, in one walk."""
    group, _, version = (obj.get("apiVersion") or "").rpartition("/")
    name = schema_name(group, version, obj.get("kind") or "")
    if name is None:
        return DecodeCheck(None, [], False)
    st = _State()
    try:
        _check(obj, G.kind_node(name), "", "", "", st)
    except _Fatal as e:
        return DecodeCheck(str(e), _dedupe(st.unknown), True)
    return DecodeCheck(st.error, _dedupe(st.unknown), True)


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
        return decode_check(obj).unknown
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
