"""Decode `application/vnd.kubernetes.protobuf` request bodies into JSON-shaped dicts.

kubectl >= 1.32 (client-go's typed clients) POSTs the objects its generators build
(`create deployment`, `create secret`, `auth can-i`, `create token`...) as protobuf, where
kubectl 1.31 sent JSON. `decode(body)` returns the dict that the same object has in the JSON
API: camelCase keys, apiVersion and kind included, the fields Go's encoding/json would write.

A body is the 4 magic bytes `k8s\\x00` and a runtime.Unknown message
{1 typeMeta {1 apiVersion, 2 kind}, 2 raw, 3 contentEncoding, 4 contentType}; `raw` is the
object's own message. Messages are read against the field tables in protobuf_schemas.py.

Follows: k8s.io/apimachinery pkg/runtime/serializer/protobuf/protobuf.go (envelope),
pkg/runtime/generated.proto (Unknown, TypeMeta), pkg/apis/meta/v1/generated.proto and
time_proto.go (Time), pkg/util/intstr (IntOrString), pkg/api/resource (Quantity), and the
k8s.io/api generated.proto files named in protobuf_schemas.py.

Differences from upstream: only the kinds in KNOWN_KINDS decode (others raise ProtobufError);
unknown field numbers are skipped, as protobuf readers do; a message field sent twice keeps the
last copy instead of merging the two; Quantity strings are passed through as sent (clients send
them canonical already); a non-empty contentEncoding is refused.
"""
import base64
import datetime
import json

from k8slab.api.protobuf_schemas import KINDS, MESSAGES

MAGIC = b"k8s\x00"
VARINT, FIXED64, LEN, FIXED32 = 0, 1, 2, 5  # protobuf wire types
KNOWN_KINDS = frozenset(KINDS)


class ProtobufError(ValueError):
    """The body is not a protobuf object this decoder understands."""


# ---------------------------------------------------------------- wire format

def _varint(buf, pos):
    """Read a base-128 varint at pos; return (value, next pos)."""
    value = shift = 0
    while True:
        if pos >= len(buf):
            raise ProtobufError("truncated varint")
        byte = buf[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, pos
        shift += 7
        if shift >= 70:
            raise ProtobufError("varint longer than 10 bytes")


def _fields(buf):
    """Split one message into {field number: [(wire type, value), ...]} in wire order."""
    out, pos = {}, 0
    while pos < len(buf):
        key, pos = _varint(buf, pos)
        number, wire = key >> 3, key & 7
        if number == 0 or number >= 1 << 29:
            raise ProtobufError(f"invalid field number {number}")
        if wire == VARINT:
            value, pos = _varint(buf, pos)
        elif wire in (FIXED64, FIXED32):
            size = 8 if wire == FIXED64 else 4
            if pos + size > len(buf):
                raise ProtobufError(f"truncated fixed{size * 8} in field {number}")
            value, pos = int.from_bytes(buf[pos:pos + size], "little"), pos + size
        elif wire == LEN:
            size, pos = _varint(buf, pos)
            if pos + size > len(buf):
                raise ProtobufError(f"field {number}: length {size} runs past the end")
            value, pos = buf[pos:pos + size], pos + size
        else:
            raise ProtobufError(f"field {number}: unsupported wire type {wire}")
        out.setdefault(number, []).append((wire, value))
    return out


# ---------------------------------------------------------------- schemas

class _Field:
    """One row of a message table: `3 command []s` and friends (see protobuf_schemas.py)."""
    __slots__ = ("number", "json", "type", "repeated", "map", "pointer", "always", "inline")

    def __init__(self, spec):
        number, name, kind = spec.split()
        self.number, self.json, self.inline = int(number), name, name == "-"
        self.always, self.pointer = kind.endswith("!"), "?" in kind
        kind = kind.rstrip("?!")
        self.repeated, self.map = kind.startswith("[]"), kind.startswith("{}")
        self.type = kind[2:] if self.repeated or self.map else kind

    def __repr__(self):
        return f"_Field({self.number} {self.json} {self.type})"


ZERO = {"s": "", "i": 0, "b": False, "y": ""}  # scalar type -> JSON of Go's zero value
SPECIAL = ("meta.Time", "meta.FieldsV1", "intstr.IntOrString", "resource.Quantity")
SCHEMAS = {name: spec if spec == "LIST" else {f.number: f for f in map(_Field, spec.split(", "))}
           for name, spec in MESSAGES.items()}


# ---------------------------------------------------------------- values

def _text(data, where):
    try:
        return bytes(data).decode("utf-8")
    except UnicodeDecodeError:
        raise ProtobufError(f"{where}: string is not UTF-8") from None


def _scalar(kind, wire, value, where):
    """One wire value of a scalar field as its JSON value."""
    want = VARINT if kind in ("i", "b") else LEN
    if wire != want:
        raise ProtobufError(f"{where}: wire type {wire}, expected {want}")
    if kind == "s":
        return _text(value, where)
    if kind == "y":
        return base64.b64encode(value).decode("ascii")
    if kind == "b":
        return value != 0
    return value - (1 << 64) if value >= 1 << 63 else value  # int32/int64 are sign-extended


def _time(buf, where):
    """metav1.Time: an empty message is the zero time (JSON null); nanos are dropped, as Go does."""
    if not buf:
        return None
    fields = _fields(buf)
    seconds = _int_field(fields, 1, where)
    try:
        moment = datetime.datetime(1970, 1, 1) + datetime.timedelta(seconds=seconds)
    except OverflowError:
        raise ProtobufError(f"{where}: time out of range") from None
    return f"{moment.year:04d}-{moment:%m-%dT%H:%M:%S}Z"  # RFC 3339 in UTC, as Go writes it


def _int_field(fields, number, where):
    wire, value = fields.get(number, [(VARINT, 0)])[-1]
    return _scalar("i", wire, value, where)


def _str_field(fields, number, where):
    wire, value = fields.get(number, [(LEN, b"")])[-1]
    return _scalar("s", wire, value, where)


def _special(name, buf, where):
    fields = _fields(buf)
    if name == "resource.Quantity":  # {1 string}; the zero Quantity prints as "0"
        return _str_field(fields, 1, where) or "0"
    if name == "intstr.IntOrString":  # {1 type, 2 intVal, 3 strVal}
        kind = _int_field(fields, 1, where)
        if kind not in (0, 1):
            raise ProtobufError(f"{where}: impossible IntOrString.Type {kind}")
        return _str_field(fields, 3, where) if kind else _int_field(fields, 2, where)
    # meta.FieldsV1 {1 Raw}: managedFields' field set, raw JSON
    wire, raw = fields.get(1, [(LEN, b"")])[-1]
    if wire != LEN:
        raise ProtobufError(f"{where}: wire type {wire}, expected {LEN}")
    try:
        return json.loads(_text(raw, where)) if raw else None
    except (json.JSONDecodeError, RecursionError):
        raise ProtobufError(f"{where}: FieldsV1 is not JSON") from None


def _value(kind, wire, value, where):
    """One wire value of a field whose type is `kind`, scalar or message."""
    if kind in ZERO:
        return _scalar(kind, wire, value, where)
    if wire != LEN:
        raise ProtobufError(f"{where}: wire type {wire}, expected {LEN} for {kind}")
    return _message(kind, value, where)


def _message(name, buf, where):
    """Decode the message `name` from buf into its JSON value (usually a dict)."""
    if name == "meta.Time":
        return _time(buf, where)
    if name in SPECIAL:
        return _special(name, buf, where)
    schema, fields = SCHEMAS[name], _fields(buf)
    if schema == "LIST":  # a Go []string type: {repeated string items = 1}
        return [_scalar("s", w, v, where) for w, v in fields.get(1, [])]
    out = {}
    for number, field in schema.items():
        at = f"{where}.{field.json}"
        values = fields.get(number)
        if field.map:
            if values:
                out[field.json] = dict(_map_entry(field.type, w, v, at) for w, v in values)
            elif field.always:
                out[field.json] = None
        elif field.repeated:
            if values:
                out[field.json] = _repeated(field.type, values, at)
            elif field.always:
                out[field.json] = None
        elif field.inline:
            out.update(_message(field.type, values[-1][1] if values else b"", at))
        elif values:  # omitempty drops zero scalars; pointers and structs are always written
            value = _value(field.type, *values[-1], at)
            if field.pointer or field.always or value != ZERO.get(field.type, ...):
                out[field.json] = value
        elif field.pointer or field.type == "y":  # a nil pointer or nil []byte
            if field.always:
                out[field.json] = None
        elif field.type in ZERO:
            if field.always:
                out[field.json] = ZERO[field.type]
        else:  # a struct is always written by Go, even when the wire left it out
            out[field.json] = _message(field.type, b"", at)
    return out


def _repeated(kind, values, where):
    items = []
    for wire, value in values:
        if wire == LEN and kind in ("i", "b"):  # packed: a run of varints in one field
            pos = 0
            while pos < len(value):
                item, pos = _varint(value, pos)
                items.append(_scalar(kind, VARINT, item, where))
        else:
            items.append(_value(kind, wire, value, where))
    return items


def _map_entry(kind, wire, value, where):
    if wire != LEN:
        raise ProtobufError(f"{where}: map entry has wire type {wire}")
    entry = _fields(value)
    key = _str_field(entry, 1, where)
    if 2 in entry:
        return key, _value(kind, *entry[2][-1], f"{where}[{key}]")
    return key, ZERO[kind] if kind in ZERO else _message(kind, b"", where)


# ---------------------------------------------------------------- envelope

def decode(body):
    """Decode one protobuf request body into the object's JSON dict (with apiVersion and kind)."""
    if not isinstance(body, (bytes, bytearray, memoryview)):
        raise ProtobufError(f"body must be bytes, not {type(body).__name__}")
    body = bytes(body)
    if not body.startswith(MAGIC):
        raise ProtobufError("body does not start with the protobuf magic k8s\\x00")
    unknown = _fields(body[len(MAGIC):])
    type_meta = _fields(_message_bytes(unknown, 1, "typeMeta"))
    api_version = _str_field(type_meta, 1, "typeMeta.apiVersion")
    kind = _str_field(type_meta, 2, "typeMeta.kind")
    if _str_field(unknown, 3, "contentEncoding"):
        raise ProtobufError("contentEncoding is not supported")
    if (api_version, kind) not in KINDS:
        raise ProtobufError(f"no protobuf decoder for kind {kind!r} in apiVersion {api_version!r}")
    obj = _message(KINDS[api_version, kind], _message_bytes(unknown, 2, "raw"), kind)
    return {"kind": kind, "apiVersion": api_version, **obj}


def _message_bytes(fields, number, where):
    wire, value = fields.get(number, [(LEN, b"")])[-1]
    if wire != LEN:
        raise ProtobufError(f"{where}: wire type {wire}, expected {LEN}")
    return value
