"""Decoding request bodies by Content-Type: JSON, YAML and Kubernetes protobuf.

Follows the apiserver's negotiation (`staging/src/k8s.io/apiserver/pkg/endpoints/handlers/
negotiation`): bodies over 3 MiB are refused; malformed bodies get the decoder's error as a
400 BadRequest; an unknown media type gets 415.
"""

from __future__ import annotations

import json

import yaml

from . import errors as E

MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024         # upstream's default MaxRequestBodyBytes


def media_type(content_type: str) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def decode_object(body: bytes, content_type: str) -> dict:
    """The object a create/update request carries."""
    if len(body) > MAX_REQUEST_BODY_BYTES:
        raise E.too_large()
    mt = media_type(content_type)
    if mt in ("", "application/json", "*/*"):
        return _json(body)
    if mt in ("application/yaml", "application/x-yaml", "text/yaml"):
        return _yaml(body)
    if mt == "application/vnd.kubernetes.protobuf":
        from ..api.protobuf import ProtobufError, decode
        try:
            return decode(body)
        except ProtobufError as e:
            raise E.bad_request(f"the object provided is unrecognized (protobuf): {e}") from None
    raise E.unsupported_media_type(mt)


def _json(body: bytes):
    try:
        obj = json.loads(body or b"null")
    except (ValueError, UnicodeDecodeError) as e:
        raise E.bad_request(f"couldn't get version/kind; json parse error: {_json_error(e)}") from None
    if not isinstance(obj, dict):
        raise E.bad_request("couldn't get version/kind; json parse error: json: cannot unmarshal "
                            f"{_go_type(obj)} into Go value of type struct {{ APIVersion string "
                            '"json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }')
    return obj


def _yaml(body: bytes) -> dict:
    try:
        obj = yaml.safe_load(body)
    except yaml.YAMLError as e:
        raise E.bad_request(f"error converting YAML to JSON: {e}") from None
    if not isinstance(obj, dict):
        raise E.bad_request("couldn't get version/kind; json parse error: unexpected end of JSON input")
    return obj


def decode_json_value(body: bytes):
    """A patch body: any JSON value."""
    if len(body) > MAX_REQUEST_BODY_BYTES:
        raise E.too_large()
    try:
        return json.loads(body or b"null")
    except (ValueError, UnicodeDecodeError) as e:
        raise E.bad_request(f"json: {_json_error(e)}") from None


def decode_apply_body(body: bytes):
    """An apply patch (application/apply-patch+yaml): YAML, which includes JSON."""
    if len(body) > MAX_REQUEST_BODY_BYTES:
        raise E.too_large()
    try:
        obj = yaml.safe_load(body)
    except yaml.YAMLError as e:
        raise E.bad_request(f"error decoding YAML: {e}") from None
    if not isinstance(obj, dict):
        raise E.bad_request("error decoding YAML: the apply patch must be an object")
    return obj


def _json_error(e: Exception) -> str:
    """Go's encoding/json wording for what Python's decoder found."""
    if not isinstance(e, json.JSONDecodeError):
        return str(e)
    doc, pos, msg = e.doc, e.pos, e.msg
    if pos >= len(doc) or msg.startswith("Unterminated string"):
        return "unexpected end of JSON input"
    ch = doc[pos]
    if msg.startswith("Expecting property name"):
        return f"invalid character '{ch}' looking for beginning of object key string"
    if msg.startswith("Expecting ':'"):
        return f"invalid character '{ch}' after object key"
    if msg.startswith("Expecting ','"):
        inside = "object key:value pair" if _innermost(doc, pos) == "{" else "array element"
        return f"invalid character '{ch}' after {inside}"
    if msg.startswith("Extra data"):
        return f"invalid character '{ch}' after top-level value"
    return f"invalid character '{ch}' looking for beginning of value"


def _innermost(doc: str, pos: int) -> str:
    depth = []
    in_str = esc = False
    for c in doc[:pos]:
        if in_str:
            esc, in_str = (not esc and c == "\\"), in_str and (esc or c != '"')
            continue
        if c == '"':
            in_str = True
        elif c in "{[":
            depth.append(c)
        elif c in "}]" and depth:
            depth.pop()
    return depth[-1] if depth else ""


def _go_type(v) -> str:
    return {list: "array", str: "string", int: "number", float: "number", bool: "bool",
            type(None): "null"}.get(type(v), "value")
