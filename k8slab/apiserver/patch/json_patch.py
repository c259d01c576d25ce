"""JSON patch (RFC 6902), `application/json-patch+json`, as the apiserver applies it.

Follows `k8s.io/apiserver/pkg/endpoints/handlers/patch.go` (jsonPatcher.applyJSPatch: strict
decoding of the operations, the 10000-operation limit, every failed operation answered
`422 Invalid` with the generic "the server rejected our request due to an error in our request")
and `gopkg.in/evanphx/json-patch.v4` `patch.go` (the library upstream uses: how a path is walked,
and the error texts, kept in `PatchError.detail`).

The `jsonpatch` library performs each operation once this module has resolved its path the way
evanphx v4 does; v4 departs from the RFC and k8slab keeps its departures, because kubectl users
meet them:
- negative array indexes count from the end (`/spec/containers/-1`);
- `replace` of a missing object member adds it; `test` of a missing member against `null` passes;
- an operation without `value` uses `null`; a path without the leading `/` is read from its last
  `/`, and `add` to the whole document (path "") is refused;
- `test` compares scalars as JSON text, the stored side as Go encodes it (so `1.0` is not `1`).

Differences from upstream: the JSON text of a stored scalar is Go's encoding of the decoded value,
not the original bytes; `AccumulatedCopySizeLimit` (off in the apiserver) is not implemented.
"""

from __future__ import annotations

from k8slab.api.copying import deep_copy

import json
import re

import jsonpatch
import jsonpointer

from .errors import PatchError, bad_request, too_large, unprocessable
from .gojson import go_json, json_kind, loads_strict, valid

MAX_JSON_PATCH_OPERATIONS = 10000      # handlers/patch.go maxJSONPatchOperations
_OP_FIELDS = ("op", "path", "from", "value")
_MISSING = "missing value"             # evanphx ErrMissing
_INVALID_INDEX = "invalid index referenced"
_INT = re.compile(r"[+-]?[0-9]+")      # what strconv.Atoi accepts


class _OpError(Exception):
    """An evanphx error text; becomes a 422 whose detail it is."""


def decode_json_patch(body: bytes, field_validation: str = "Warn") -> tuple[list, list[str]]:
    """The operations of a request body, and its strict-decoding errors ("json patch ...")."""
    if not valid(body):
        raise bad_request("invalid JSON patch")
    strict: list[str] = []
    if field_validation in ("Strict", "Warn"):
        ops, dups = loads_strict(body)
        _check_strict_shape(ops)
        for i, op in enumerate(ops or []):
            strict += [f"unknown field \"[{i}].{k}\"" for k in op or {} if k not in _OP_FIELDS]
        strict = ["json patch " + e for e in dups + strict]
    else:
        ops = json.loads(body)
    if ops is not None and not isinstance(ops, list):
        raise bad_request(f"json: cannot unmarshal {json_kind(ops)} into Go value of type jsonpatch.Patch")
    for op in ops or []:
        if op is not None and not isinstance(op, dict):
            raise bad_request(f"json: cannot unmarshal {json_kind(op)} into Go value of type "
                              "jsonpatch.Operation")
    if len(ops or []) > MAX_JSON_PATCH_OPERATIONS:
        raise too_large(f"The allowed maximum operations in a JSON patch is "
                        f"{MAX_JSON_PATCH_OPERATIONS}, got {len(ops)}")
    return ops or [], strict


def _check_strict_shape(ops) -> None:
    """kjson.UnmarshalStrict into []jsonPatchOp: the first type mismatch is a 400."""
    def fail(what: str):
        raise bad_request(f"error decoding patch: json: cannot unmarshal {what}")
    if ops is not None and not isinstance(ops, list):
        fail(f"{json_kind(ops)} into Go value of type []handlers.jsonPatchOp")
    for op in ops or []:
        if op is not None and not isinstance(op, dict):
            fail(f"{json_kind(op)} into Go value of type handlers.jsonPatchOp")
        for f in ("op", "path", "from"):
            if op and op.get(f) is not None and not isinstance(op[f], str):
                fail(f"{json_kind(op[f])} into Go struct field jsonPatchOp.{f} of type string")


def apply_json_patch(doc, ops: list):
    """Apply decoded operations to a copy of `doc`; a failed operation raises PatchError 422."""
    doc = deep_copy(doc)
    for op in ops:
        try:
            doc = _apply_op(doc, op or {})
        except _OpError as e:
            raise unprocessable(str(e)) from None
    return doc


def patch_object(current: dict, body: bytes, field_validation: str = "Warn") -> tuple[object, list[str]]:
    """The apiserver's path: decode the body, apply it; returns (patched, strict errors)."""
    ops, strict = decode_json_patch(body, field_validation)
    return apply_json_patch(current, ops), strict


# ---- one operation, as evanphx v4 walks it -------------------------------------------------------

def _field(op: dict, name: str):
    """Operation.Path()/From(): (value, error text)."""
    v = op.get(name)
    if v is None:
        sep = " " if name == "path" else ", "
        return None, f"operation{sep}missing {name} field: {_MISSING}"
    if not isinstance(v, str):
        return None, f"json: cannot unmarshal {json_kind(v)} into Go value of type string"
    return v, ""


def _apply_op(doc, op: dict):
    kind = op.get("op") if isinstance(op.get("op"), str) else "unknown"
    value = op.get("value")
    if kind in ("add", "remove"):
        path, err = _field(op, "path")
        if err:
            raise _OpError(f"{kind} operation failed to decode path: {_MISSING}")
        parent, key, prefix = _find(doc, path)
        if parent is None:
            raise _OpError(f'{kind} operation does not apply: doc is missing path: "{path}": {_MISSING}')
        try:
            return (_add(doc, parent, key, prefix, value) if kind == "add"
                    else _remove(doc, parent, key, prefix))
        except _OpError as e:
            raise _OpError(f"error in {kind} for path: '{path}': {e}") from None
    if kind == "replace":
        return _replace(doc, op, value)
    if kind in ("move", "copy"):
        return _move_or_copy(doc, op, kind)
    if kind == "test":
        _test(doc, op)
        return doc
    raise _OpError(f"Unexpected kind: {kind}")


def _replace(doc, op, value):
    path, err = _field(op, "path")
    if err:
        raise _OpError(f"replace operation failed to decode path: {err}")
    if path == "":
        if not isinstance(value, (dict, list)):
            raise _OpError("replace operation value must be object or array: %!w(<nil>)")
        return deep_copy(value)
    parent, key, prefix = _find(doc, path)
    if parent is None:
        raise _OpError(f"replace operation does not apply: doc is missing path: {path}: {_MISSING}")
    if isinstance(parent, dict):        # v4: a missing member is simply set
        return _library(doc, "add", prefix + "/" + jsonpointer.escape(key), value)
    try:
        key = str(_index(parent, key))
    except _OpError:
        raise _OpError(f"replace operation does not apply: doc is missing key: {path}: {_MISSING}") from None
    return _library(doc, "replace", prefix + "/" + key, value)


def _move_or_copy(doc, op, kind):
    src, err = _field(op, "from")
    if err:
        raise _OpError(f"{kind} operation failed to decode from: {err}")
    parent, key, prefix = _find(doc, src)
    if parent is None:
        raise _OpError(f"{kind} operation does not apply: doc is missing from path: {src}: {_MISSING}")
    where = f"error in move for path: '{key}'" if kind == "move" else f"error in copy for from: '{src}'"
    try:
        val = _child(parent, key)[0]
    except _OpError as e:
        raise _OpError(f"{where}: {e}") from None
    if kind == "move":
        try:
            doc = _remove(doc, parent, key, prefix)
        except _OpError as e:
            raise _OpError(f"{where}: {e}") from None
    path, err = _field(op, "path")
    if err:
        raise _OpError(f"move operation failed to decode path: {err}" if kind == "move"
                       else f"copy operation failed to decode path: {_MISSING}")
    parent, key, prefix = _find(doc, path)
    if parent is None:
        raise _OpError(f"{kind} operation does not apply: doc is missing destination path: {path}: {_MISSING}")
    try:
        return _add(doc, parent, key, prefix, val)
    except _OpError as e:
        raise _OpError(f"error in move for path: '{path}': {e}" if kind == "move"
                       else f"error while adding value during copy: {e}") from None


def _test(doc, op):
    path, err = _field(op, "path")
    if err:
        raise _OpError(f"test operation failed to decode path: {err}")
    failed = _OpError(f"testing value {path} failed: test failed")
    if path == "":
        if not _equal(doc, op.get("value")):
            raise failed
        return
    parent, key, _ = _find(doc, path)
    if parent is None:
        raise _OpError(f"test operation does not apply: is missing path: {path}: {_MISSING}")
    try:
        val = _child(parent, key)[0]
    except _OpError as e:
        raise _OpError(f"error in test for path: '{path}': {e}") from None
    if val is None:
        if op.get("value") is not None:
            raise failed
    elif "value" not in op or not _equal(val, op["value"]):
        raise failed


# ---- containers: evanphx's findObject, partialDoc and partialArray ------------------------------

def _decode_key(k: str) -> str:
    return k.replace("~1", "/").replace("~0", "~")


def _find(doc, path: str):
    """findObject: (container of the last token, that token decoded, the container's pointer).

    The pointer is normalized (negative indexes resolved) for the jsonpatch library."""
    split = path.split("/")
    if len(split) < 2:
        return None, "", ""
    node, prefix = doc, ""
    for part in split[1:-1]:
        try:
            node, token = _child(node, _decode_key(part))
        except _OpError:
            return None, "", ""
        if not isinstance(node, (dict, list)):
            return None, "", ""
        prefix += "/" + jsonpointer.escape(token)
    return node, _decode_key(split[-1]), prefix


def _atoi(key: str) -> int:
    if not _INT.fullmatch(key):
        raise _OpError(f'strconv.Atoi: parsing "{key}": invalid syntax')
    return int(key)


def _index(lst: list, key: str) -> int:
    """partialArray's index rule: negative counts from the end; must land inside the list."""
    i = _atoi(key)
    if i < 0:
        if i < -len(lst):
            raise _OpError(f"Unable to access invalid index: {i}: {_INVALID_INDEX}")
        i += len(lst)
    if i >= len(lst):
        raise _OpError(f"Unable to access invalid index: {i}: {_INVALID_INDEX}")
    return i


def _child(node, key: str):
    """(child, normalized token); a missing object member is None, as partialDoc.get has it."""
    if isinstance(node, dict):
        return node.get(key), key
    i = _index(node, key)
    return node[i], str(i)


def _library(doc, op: str, pointer: str, value=None):
    step = {"op": op, "path": pointer}
    if op != "remove":
        step["value"] = deep_copy(value)
    return jsonpatch.apply_patch(doc, [step], in_place=True)


def _add(doc, parent, key: str, prefix: str, value):
    if isinstance(parent, dict):        # what the library does for a member, without re-walking the path
        parent[key] = deep_copy(value)
        return doc
    if key != "-":
        if not _INT.fullmatch(key):
            raise _OpError(f"value was not a proper array index: '{key}': strconv.Atoi: parsing "
                           f'"{key}": invalid syntax')
        size, i = len(parent) + 1, int(key)
        if i >= size or i < -size:
            raise _OpError(f"Unable to access invalid index: {i}: {_INVALID_INDEX}")
        key = str(i + size if i < 0 else i)
    return _library(doc, "add", prefix + "/" + jsonpointer.escape(key), value)


def _remove(doc, parent, key: str, prefix: str):
    if isinstance(parent, dict):
        if key not in parent:
            raise _OpError(f"Unable to remove nonexistent key: {key}: {_MISSING}")
    else:
        key = str(_index(parent, key))
    return _library(doc, "remove", prefix + "/" + jsonpointer.escape(key))


def _equal(stored, given) -> bool:
    """lazyNode.equal: objects and arrays structurally, scalars by their JSON text."""
    if isinstance(stored, dict):
        return isinstance(given, dict) and stored.keys() == given.keys() and all(
            (stored[k] is None) == (given[k] is None) and (stored[k] is None or _equal(stored[k], given[k]))
            for k in stored)
    if isinstance(stored, list):
        return isinstance(given, list) and len(stored) == len(given) and all(
            _equal(a, b) for a, b in zip(stored, given))
    if isinstance(given, (dict, list)):
        return False
    return go_json(stored) == json.dumps(given, ensure_ascii=False, separators=(",", ":"))


__all__ = ["apply_json_patch", "decode_json_patch", "patch_object", "PatchError",
           "MAX_JSON_PATCH_OPERATIONS"]
