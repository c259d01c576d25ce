"""JSON patch (RFC 6902) as the apiserver applies it with evanphx/json-patch v4."""

import pytest

from k8slab.apiserver.patch import PatchError
from k8slab.apiserver.patch.json_patch import (MAX_JSON_PATCH_OPERATIONS, apply_json_patch,
                                               decode_json_patch, patch_object)

from .builders import container, pod

GENERIC_422 = "the server rejected our request due to an error in our request"


def doc():
    d = pod(container("a"), container("b"))
    d["metadata"].update(labels={"app": "web"}, finalizers=["f1", "f2"])
    return d


# (id, operations, check on the result)
OK = [
    ("replace an image", [{"op": "replace", "path": "/spec/containers/0/image", "value": "nginx:1.28"}],
     lambda d: d["spec"]["containers"][0]["image"] == "nginx:1.28"),
    ("add a label with an escaped key", [{"op": "add", "path": "/metadata/labels/app.k8s.io~1tier", "value": "x"}],
     lambda d: d["metadata"]["labels"]["app.k8s.io/tier"] == "x"),
    ("negative index counts from the end", [{"op": "remove", "path": "/metadata/finalizers/-1"}],
     lambda d: d["metadata"]["finalizers"] == ["f1"]),
    ("append with -", [{"op": "add", "path": "/spec/containers/-", "value": {"name": "c"}}],
     lambda d: [c["name"] for c in d["spec"]["containers"]] == ["a", "b", "c"]),
    ("insert at an index", [{"op": "add", "path": "/spec/containers/1", "value": {"name": "c"}}],
     lambda d: [c["name"] for c in d["spec"]["containers"]] == ["a", "c", "b"]),
    ("replace of a missing member adds it (v4)", [
        {"op": "replace", "path": "/metadata/path", "value": "foo"},
        {"op": "test", "path": "/metadata/path", "value": "foo"}], lambda d: d["metadata"]["path"] == "foo"),
    ("test of a missing member against null passes", [{"op": "test", "path": "/metadata/nope", "value": None}],
     lambda d: "nope" not in d["metadata"]),
    ("add without value adds null", [{"op": "add", "path": "/metadata/x"}], lambda d: d["metadata"]["x"] is None),
    ("move", [{"op": "move", "from": "/metadata/labels", "path": "/metadata/annotations"}],
     lambda d: d["metadata"]["annotations"] == {"app": "web"} and "labels" not in d["metadata"]),
    ("copy", [{"op": "copy", "from": "/spec/containers/0", "path": "/spec/containers/-"}],
     lambda d: d["spec"]["containers"][2] == d["spec"]["containers"][0]),
    ("test whole document then replace it", [
        {"op": "test", "path": "/metadata/name", "value": "p"},
        {"op": "replace", "path": "", "value": {"kind": "Pod"}}], lambda d: d == {"kind": "Pod"}),
]


@pytest.mark.parametrize("ops,check", [c[1:] for c in OK], ids=[c[0] for c in OK])
def test_operations(ops, check):
    before = doc()
    assert check(apply_json_patch(before, ops))
    assert before == doc()


# (id, operations, evanphx's words, kept in PatchError.detail)
FAILS = [
    ("failed test", [{"op": "test", "path": "/metadata/name", "value": "q"}],
     "testing value /metadata/name failed: test failed"),
    ("test compares JSON text: 1.0 is not 1", [{"op": "add", "path": "/metadata/n", "value": 1},
                                              {"op": "test", "path": "/metadata/n", "value": 1.0}],
     "testing value /metadata/n failed: test failed"),
    ("test on a missing parent", [{"op": "test", "path": "/invalid/path", "value": "podA"}],
     "test operation does not apply: is missing path: /invalid/path: missing value"),
    ("remove a missing member", [{"op": "remove", "path": "/metadata/nope"}],
     "error in remove for path: '/metadata/nope': Unable to remove nonexistent key: nope: missing value"),
    ("add under a missing parent", [{"op": "add", "path": "/metadata/x/y", "value": 1}],
     'add operation does not apply: doc is missing path: "/metadata/x/y": missing value'),
    ("add past the end", [{"op": "add", "path": "/spec/containers/5", "value": {}}],
     "error in add for path: '/spec/containers/5': Unable to access invalid index: 5: invalid index referenced"),
    ("add with a non-numeric index", [{"op": "add", "path": "/spec/containers/x", "value": {}}],
     "error in add for path: '/spec/containers/x': value was not a proper array index: 'x': strconv.Atoi: "
     'parsing "x": invalid syntax'),
    ("replace past the end", [{"op": "replace", "path": "/spec/containers/9", "value": {}}],
     "replace operation does not apply: doc is missing key: /spec/containers/9: missing value"),
    ("add to the whole document", [{"op": "add", "path": "", "value": {}}],
     'add operation does not apply: doc is missing path: "": missing value'),
    ("move from a missing member", [{"op": "move", "from": "/metadata/nope", "path": "/metadata/x"}],
     "error in move for path: 'nope': Unable to remove nonexistent key: nope: missing value"),
    ("copy to a missing parent", [{"op": "copy", "from": "/metadata/name", "path": "/nope/x"}],
     "copy operation does not apply: doc is missing destination path: /nope/x: missing value"),
    ("unknown op", [{"op": "merge", "path": "/a"}], "Unexpected kind: merge"),
    ("no op", [{"path": "/a"}], "Unexpected kind: unknown"),
    ("no path", [{"op": "remove"}], "remove operation failed to decode path: missing value"),
    ("move without from", [{"op": "move", "path": "/a"}],
     "move operation failed to decode from: operation, missing from field: missing value"),
]


@pytest.mark.parametrize("ops,detail", [c[1:] for c in FAILS], ids=[c[0] for c in FAILS])
def test_failed_operations_are_422_with_the_generic_message(ops, detail):
    with pytest.raises(PatchError) as e:
        apply_json_patch(doc(), ops)
    assert (e.value.code, e.value.reason, e.value.message, e.value.detail) == (422, "Invalid", GENERIC_422, detail)
    assert e.value.status() == {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                                "message": GENERIC_422, "reason": "Invalid", "details": {}, "code": 422}


def test_operations_apply_in_order_and_stop_at_the_first_failure():
    ops = [{"op": "add", "path": "/metadata/labels/x", "value": "1"}, {"op": "remove", "path": "/nope"}]
    before = doc()
    with pytest.raises(PatchError):
        apply_json_patch(before, ops)
    assert "x" not in before["metadata"]["labels"]


@pytest.mark.parametrize("body,field_validation,code,message", [
    (b"invalid json patch", "Warn", 400, "invalid JSON patch"),
    (b'{"op":"add"}', "Warn", 400, "error decoding patch: json: cannot unmarshal object into Go value of type "
                                   "[]handlers.jsonPatchOp"),
    (b'{"op":"add"}', "Ignore", 400, "json: cannot unmarshal object into Go value of type jsonpatch.Patch"),
    (b"[1]", "Ignore", 400, "json: cannot unmarshal number into Go value of type jsonpatch.Operation"),
    (b'[{"op":1}]', "Strict", 400, "error decoding patch: json: cannot unmarshal number into Go struct field "
                                   "jsonPatchOp.op of type string"),
])
def test_decoding_errors(body, field_validation, code, message):
    with pytest.raises(PatchError) as e:
        decode_json_patch(body, field_validation)
    assert (e.value.code, e.value.message) == (code, message)


def test_too_many_operations_is_413():
    body = ("[" + ",".join(['{"op":"test","path":"/kind","value":"Pod"}'] * (MAX_JSON_PATCH_OPERATIONS + 1))
            + "]").encode()
    with pytest.raises(PatchError) as e:
        decode_json_patch(body)
    assert (e.value.code, e.value.reason, e.value.message) == (
        413, "RequestEntityTooLarge",
        "Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001")


def test_unknown_and_duplicate_fields_are_strict_errors():
    body = b'[{"op":"add","path":"/metadata/labels/a","values":"x","op":"add"}]'
    after, strict = patch_object(doc(), body)
    assert after["metadata"]["labels"]["a"] is None
    assert strict == ['json patch duplicate field "[0].op"', 'json patch unknown field "[0].values"']
    assert patch_object(doc(), body, "Ignore")[1] == []


def test_null_body_is_no_operation():
    assert patch_object(doc(), b"null") == (doc(), [])
