"""GET /openapi/v2: the whole API as one Swagger 2.0 document, in JSON or in gnostic's protobuf.

kubectl <= 1.28 downloads it before every create/apply; every kubectl validates against it what
server-side field validation does not cover (a `kind: List`, a group/version without a v3 document).

Upstream files followed (read, not copied):
  k8s.io/kube-openapi pkg/handler/handler.go   content negotiation: `application/json`, the
      deprecated `application/com.github.proto-openapi.spec.v2@v1.0+protobuf` (what kubectl
      asks for) and `...spec.v2.v1.0+protobuf`; both protobuf forms are answered with
      Content-Type `application/com.github.proto-openapi.spec.v2.v1.0+protobuf`; 406 when
      nothing matches; ETag = quoted upper-case hex SHA-512 of the JSON bytes; `Vary: Accept`.
  github.com/google/gnostic-models openapiv2/OpenAPIv2.proto   the `openapi.v2.Document`
      message and its field numbers; every `x-` key becomes a NamedAny{name, Any{yaml}}.
  k8s.io/kube-openapi pkg/util/proto/document.go   what clients accept: `$ref` only to
      `#/definitions/...` with no `type` beside it, arrays with exactly one `items` schema,
      one type per schema.
  k8s.io/kube-openapi pkg/openapiconv (v2 -> v3), run backwards here: body parameters from
      requestBody, `consumes`/`produces` from the content types, parameter schemas flattened.

Differences from upstream: built from our OpenAPI v3 documents (upstream builds both from the
same Go definitions), so descriptions are ours; IntOrString and Quantity become `type: string`
(`format: int-or-string` for the former) as upstream's v2 has them; no non-resource paths
(/version, /api/, /apis/...), no securityDefinitions, no gzip; the YAML inside Any values is
our own small emitter's (block style, 2-space indent), not yaml.v3's byte for byte.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import struct

from . import dsl
from .document import KUBERNETES_VERSION, component, document, group_versions

JSON_CONTENT_TYPE = "application/json"
PROTO_CONTENT_TYPE = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf"
_ACCEPTED = ("json", "com.github.proto-openapi.spec.v2@v1.0+protobuf",   # the second is deprecated
             "com.github.proto-openapi.spec.v2.v1.0+protobuf")          # (all of type application/)
GVK_EXT = "x-kubernetes-group-version-kind"
V3_REF, V2_REF = dsl.REF_PREFIX, "#/definitions/"
_PRODUCES = ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf",
             "application/json;stream=watch", "application/vnd.kubernetes.protobuf;stream=watch"]
_CONSUMES = ["*/*", "application/json-patch+json", "application/merge-patch+json",
             "application/strategic-merge-patch+json", "application/apply-patch+yaml"]
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch")


# ---- OpenAPI v3 -> Swagger 2.0 ------------------------------------------------------------------

def schema_v2(s: dict) -> dict:
    """One v3 schema in v2 form: refs to #/definitions/, a lone allOf ref unwrapped (its siblings
    -- description, default, x-kubernetes-* -- stay beside the $ref), oneOf of scalars -> string."""
    s = dict(s)
    out: dict = {}
    alternatives = s.pop("oneOf", None) or s.pop("anyOf", None)
    if alternatives and "type" not in s:
        types = [a.get("type") for a in alternatives]
        out["type"] = "string" if "string" in types else types[0]
    all_of = s.pop("allOf", None)
    if all_of and len(all_of) == 1 and set(all_of[0]) == {"$ref"}:
        s["$ref"] = all_of[0]["$ref"]
    elif all_of:
        out["allOf"] = [schema_v2(x) for x in all_of]
    s.pop("nullable", None)
    for k, v in s.items():
        if k == "$ref":
            out[k] = V2_REF + v[len(V3_REF):] if v.startswith(V3_REF) else v
        elif k == "properties":
            out[k] = {name: schema_v2(x) for name, x in v.items()}
        elif k in ("items", "additionalProperties") and isinstance(v, dict):
            out[k] = schema_v2(v)
        else:
            out[k] = v
    return out


def _ordered(types, preferred):
    return [t for t in preferred if t in types] + [t for t in types if t not in preferred]


def _parameter(p: dict) -> dict:
    out = {k: v for k, v in p.items() if k != "schema"}
    out.update((k, v) for k, v in p.get("schema", {}).items() if k != "$ref")
    return out


def _operation(op: dict) -> dict:
    out = {k: v for k, v in op.items() if k not in ("parameters", "requestBody", "responses")}
    params = [_parameter(p) for p in op.get("parameters", [])]
    body = op.get("requestBody")
    if body:
        content = body.get("content", {})
        out["consumes"] = _ordered(list(content), _CONSUMES)
        param = {"name": "body", "in": "body", "schema": schema_v2(content[out["consumes"][0]]["schema"])}
        if body.get("required"):
            param["required"] = True
        params.insert(0, param)
    else:
        out["consumes"] = ["*/*"]
    if params:
        out["parameters"] = params
    produces, responses = [], {}
    for code, resp in op.get("responses", {}).items():
        content = resp.get("content", {})
        produces += [t for t in content if t not in produces]
        responses[code] = {"description": resp.get("description", "")}
        if content:
            responses[code]["schema"] = schema_v2(next(iter(content.values()))["schema"])
    out["produces"] = _ordered(produces, _PRODUCES)
    out["responses"] = responses
    out["schemes"] = ["https"]
    return out


def paths_v2(paths: dict) -> dict:
    out = {}
    for path, item in paths.items():
        new = {}
        for k, v in item.items():
            if k in _METHODS:
                new[k] = _operation(v)
            elif k == "parameters":
                new[k] = [_parameter(p) for p in v]
            elif k.startswith("x-"):
                new[k] = v
        out[path] = new
    return out


def _add_gvks(schema: dict, gvks: list) -> None:
    have = schema.setdefault(GVK_EXT, [])
    have += [g for g in gvks if g not in have]


def swagger(legacy: tuple = ()) -> dict:
    """The Swagger 2.0 document: every served group/version's paths and every declared schema.
    legacy: legacy_document() argument tuples (book profile) whose aliases are added."""
    return json.loads(_built(legacy)[0])


def _swagger(legacy: tuple) -> dict:
    definitions = {name: schema_v2(component(name)) for name in sorted(dsl.TYPES)}
    paths: dict = {}
    docs = [document(gv) for gv in group_versions()]
    if legacy:
        from .legacy import legacy_document
        docs += [legacy_document(*args) for args in legacy]
    for doc in docs:
        paths.update(paths_v2(doc["paths"]))
        for name, schema in doc["components"]["schemas"].items():
            if name not in definitions:
                definitions[name] = schema_v2(schema)
            elif schema.get(GVK_EXT):
                _add_gvks(definitions[name], schema[GVK_EXT])
    return {"swagger": "2.0", "info": {"title": "Kubernetes", "version": KUBERNETES_VERSION},
            "paths": dict(sorted(paths.items())), "definitions": definitions}


@functools.lru_cache(maxsize=8)
def _built(legacy: tuple) -> tuple[bytes, bytes, str]:
    doc = _swagger(legacy)
    raw = json.dumps(doc, sort_keys=True, separators=(",", ":")).encode()
    etag = '"' + hashlib.sha512(raw).hexdigest().upper() + '"'
    return raw, encode_document(json.loads(raw)), etag     # protobuf from the JSON, as upstream


def serve(accept: str, legacy: tuple = (), if_none_match: str = "") -> tuple[int, bytes, str, dict]:
    """(status, body, content type, headers) for GET /openapi/v2: the form the Accept header
    asks for, 406 if neither, 304 if If-None-Match holds the current ETag."""
    choice = negotiate(accept)
    if choice is None:
        return 406, b"", "text/plain; charset=utf-8", {"Vary": "Accept"}
    raw, pb, tag = _built(legacy)
    headers = {"Vary": "Accept", "ETag": tag}
    if if_none_match.strip() == "*" or tag in [t.strip() for t in if_none_match.split(",")]:
        return 304, b"", choice, headers
    return 200, (raw if choice == JSON_CONTENT_TYPE else pb), choice, headers


def negotiate(accept: str) -> str | None:
    """The content type to answer with, as kube-openapi picks it: Accept clauses by quality then
    specificity, the first that matches JSON or either protobuf form wins."""
    clauses = []
    for part in (accept or "*/*").split(","):
        media, *params = [x.strip() for x in part.split(";")]
        if not media:
            continue
        typ, _, sub = media.partition("/")
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        clauses.append((q, typ, sub or "*"))
    clauses.sort(key=lambda c: (-c[0], c[1] == "*", c[2] == "*"))
    for _, typ, sub in clauses:
        for want_sub in _ACCEPTED:
            if typ in ("application", "*") and sub in (want_sub, "*"):
                return JSON_CONTENT_TYPE if want_sub == "json" else PROTO_CONTENT_TYPE
    return None


# ---- YAML for Any values (what gnostic stores for defaults, enums, examples, x- extensions) -----

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_./-]*\Z")
_RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "y", "n"}


def _scalar(v) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return json.dumps(v)
    if isinstance(v, str) and _PLAIN.match(v) and v.lower() not in _RESERVED:
        return v
    return json.dumps(v, ensure_ascii=False)


def to_yaml(v, indent: int = 0) -> str:
    """Block-style YAML; strings plain when unambiguous, else double-quoted (JSON escapes)."""
    if not isinstance(v, (dict, list)) or not v:
        return ("{}" if v == {} else "[]" if v == [] else _scalar(v)) + "\n"
    pad, out = " " * indent, []
    for k, x in (v.items() if isinstance(v, dict) else ((None, x) for x in v)):
        nested = isinstance(x, (dict, list)) and x
        if k is None:                                   # a list item: "- " takes the indent's place
            out.append(f"{pad}- " + (to_yaml(x, indent + 2)[indent + 2:] if nested else to_yaml(x)))
        else:
            out.append(f"{pad}{_scalar(k)}:" + ("\n" + to_yaml(x, indent + 2) if nested else " " + to_yaml(x)))
    return "".join(out)


# ---- protobuf: gnostic's openapi.v2 messages, field numbers from OpenAPIv2.proto -----------------

def _varint(n: int) -> bytes:
    n &= (1 << 64) - 1
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _len(num: int, payload: bytes) -> bytes:
    return _varint(num << 3 | 2) + _varint(len(payload)) + payload


def _any(v) -> bytes:                                  # Any{2: yaml}
    return _len(2, to_yaml(v).encode())


def _named(num: int, name: str, payload: bytes) -> bytes:   # Named*{1: name, 2: value}
    return _len(num, _len(1, name.encode()) + _len(2, payload))


def _scalar_field(num: int, kind: str, v) -> bytes:
    if kind == "s":
        return _len(num, v.encode()) if v else b""
    if kind == "ss":
        return b"".join(_len(num, x.encode()) for x in v)
    if kind == "b":
        return _varint(num << 3) + b"\x01" if v else b""
    if kind == "i":
        return _varint(num << 3) + _varint(int(v)) if v else b""
    if kind == "d":
        return _varint(num << 3 | 1) + struct.pack("<d", float(v)) if v else b""
    if kind == "any":
        return _len(num, _any(v))
    if kind == "anys":
        return b"".join(_len(num, _any(x)) for x in v)
    raise ValueError(kind)


def _message(obj: dict, fields: list, kinds: dict) -> bytes:
    """Encode a JSON object as the message whose fields (numbered 1, 2, ...) are `fields`;
    kinds: JSON key -> scalar kind or a function(num, value) -> bytes. "x-" is the NamedAny list."""
    out = bytearray()
    known = set(fields)
    for k in obj:
        if k not in known and not k.startswith("x-"):
            raise ValueError(f"no field for {k!r} in {fields[:4]}...")
    for num, key in enumerate(fields, 1):
        if key == "x-":
            for k in sorted(x for x in obj if x.startswith("x-")):
                out += _named(num, k, _any(obj[k]))
        elif key in obj:
            kind = kinds.get(key, _KIND.get(key, "s"))
            out += kind(num, obj[key]) if callable(kind) else _scalar_field(num, kind, obj[key])
    return bytes(out)


_KIND = {"default": "any", "example": "any", "enum": "anys", "multipleOf": "d", "maximum": "d", "minimum": "d",
         "exclusiveMaximum": "b", "exclusiveMinimum": "b", "uniqueItems": "b", "readOnly": "b",
         "allowEmptyValue": "b", "deprecated": "b", "maxLength": "i", "minLength": "i", "maxItems": "i",
         "minItems": "i", "maxProperties": "i", "minProperties": "i", "tags": "ss", "produces": "ss",
         "consumes": "ss", "schemes": "ss"}
_TAIL = ["type", "format", "items", "collectionFormat", "default", "maximum", "exclusiveMaximum", "minimum",
         "exclusiveMinimum", "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "enum",
         "multipleOf"]
_SCHEMA = ["$ref", "format", "title", "description", "default", "multipleOf", "maximum", "exclusiveMaximum",
           "minimum", "exclusiveMinimum", "maxLength", "minLength", "pattern", "maxItems", "minItems",
           "uniqueItems", "maxProperties", "minProperties", "required", "enum", "additionalProperties", "type",
           "items", "allOf", "properties", "discriminator", "readOnly", "xml", "externalDocs", "example", "x-"]
_QUERY = ["required", "in", "description", "name", "allowEmptyValue"] + _TAIL + ["x-"]   # also formData
_PATH = ["required", "in", "description", "name"] + _TAIL + ["x-"]                       # also header
_PRIMITIVES = _TAIL + ["x-"]
_BODY = ["description", "name", "in", "required", "schema", "x-"]
_OPERATION = ["tags", "summary", "description", "externalDocs", "operationId", "produces", "consumes",
              "parameters", "responses", "schemes", "deprecated", "security", "x-"]
_PATH_ITEM = ["$ref", *_METHODS, "parameters", "x-"]
_DOCUMENT = ["swagger", "info", "host", "basePath", "schemes", "consumes", "produces", "paths", "definitions",
             "parameters", "responses", "security", "securityDefinitions", "tags", "externalDocs", "x-"]
_INFO = ["title", "version", "description", "termsOfService", "contact", "license", "x-"]


def encode_schema(s: dict) -> bytes:
    return _message(s, _SCHEMA, _SCHEMA_KINDS)


def _items(num, v):
    return _len(num, b"".join(_len(1, encode_schema(x)) for x in (v if isinstance(v, list) else [v])))


def _additional(num, v):                               # AdditionalPropertiesItem oneof {1 schema, 2 bool}
    return _len(num, _len(1, encode_schema(v)) if isinstance(v, dict) else _varint(2 << 3) + bytes([bool(v)]))


_SCHEMA_KINDS = {
    "required": "ss",
    "type": lambda num, v: _len(num, _scalar_field(1, "ss", v if isinstance(v, list) else [v])),
    "items": _items,
    "additionalProperties": _additional,
    "allOf": lambda num, v: b"".join(_len(num, encode_schema(x)) for x in v),
    "properties": lambda num, v: _len(num, b"".join(_named(1, k, encode_schema(x)) for k, x in v.items())),
}
_PRIMITIVE_KINDS = {"items": lambda num, v: _len(num, _message(v, _PRIMITIVES, _PRIMITIVE_KINDS))}
_PARAM_KINDS = {"required": "b", **_PRIMITIVE_KINDS}
_NON_BODY = {"header": (1, _PATH), "formData": (2, _QUERY), "query": (3, _QUERY), "path": (4, _PATH)}


def encode_parameter(p: dict) -> bytes:
    """ParametersItem{1: Parameter{1: BodyParameter | 2: NonBodyParameter{oneof by `in`}}}."""
    if "$ref" in p:                                    # ParametersItem{2: JsonReference{1: _ref}}
        return _len(2, _len(1, p["$ref"].encode()))
    if p.get("in") == "body":
        param = _len(1, _message(p, _BODY, {"required": "b", "schema": lambda n, v: _len(n, encode_schema(v))}))
    else:
        num, fields = _NON_BODY[p["in"]]
        param = _len(2, _len(num, _message(p, fields, _PARAM_KINDS)))
    return _len(1, param)


def _responses(num, v):                                # Responses{1: NamedResponseValue{name, {1: Response}}}
    kinds = {"schema": lambda n, s: _len(n, _len(1, encode_schema(s)))}       # SchemaItem{1: Schema}
    return _len(num, b"".join(_named(1, code, _len(1, _message(r, ["description", "schema", "headers",
                                                                       "examples", "x-"], kinds)))
                              for code, r in v.items()))


def _parameters(num, v):
    return b"".join(_len(num, encode_parameter(p)) for p in v)


_OPERATION_KINDS = {"parameters": _parameters, "responses": _responses}
_PATH_ITEM_KINDS = {m: (lambda num, v: _len(num, _message(v, _OPERATION, _OPERATION_KINDS))) for m in _METHODS}
_PATH_ITEM_KINDS["parameters"] = _parameters
_DOCUMENT_KINDS = {
    "schemes": "ss", "consumes": "ss", "produces": "ss",
    "info": lambda num, v: _len(num, _message(v, _INFO, {})),
    "paths": lambda num, v: _len(num, b"".join(_named(2, p, _message(item, _PATH_ITEM, _PATH_ITEM_KINDS))
                                              for p, item in v.items())),
    "definitions": lambda num, v: _len(num, b"".join(_named(1, k, encode_schema(s)) for k, s in v.items())),
}


def encode_document(doc: dict) -> bytes:
    """The openapi.v2.Document message for a Swagger 2.0 JSON document."""
    return _message(doc, _DOCUMENT, _DOCUMENT_KINDS)
