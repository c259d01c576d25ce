"""JSON merge patch (RFC 7386) as evanphx v4 applies it, and the patches kubectl builds with it."""

import json

import pytest

from k8slab.apiserver.patch import PatchError
from k8slab.apiserver.patch.merge import (create_merge_patch, create_three_way_json_merge_patch,
                                          has_conflicts, merge_patch, patch_object)

from .builders import container, deployment, live, pod, template_spec

# (id, document, patch, result)
CASES = [
    ("RFC 7386 example",
     {"title": "Goodbye!", "author": {"givenName": "John", "familyName": "Doe"}, "tags": ["example", "sample"],
      "content": "This will be unchanged"},
     {"title": "Hello!", "phoneNumber": "+01-123-456-7890", "author": {"familyName": None}, "tags": ["example"]},
     {"title": "Hello!", "author": {"givenName": "John"}, "tags": ["example"], "content": "This will be unchanged",
      "phoneNumber": "+01-123-456-7890"}),
    ("null deletes, missing stays", {"a": 1, "b": 2}, {"a": None}, {"b": 2}),
    ("deleting what is not there", {"a": 1}, {"x": None}, {"a": 1}),
    ("nested maps merge", {"m": {"a": 1, "b": {"c": 1}}}, {"m": {"b": {"d": 2}}}, {"m": {"a": 1, "b": {"c": 1, "d": 2}}}),
    ("nulls in a new value are dropped", {}, {"m": {"a": None, "b": {"c": None, "d": 1}}}, {"m": {"b": {"d": 1}}}),
    ("nulls in objects inside a new list are dropped", {}, {"l": [{"a": None, "b": 1}, None]}, {"l": [{"b": 1}, None]}),
    ("a list replacing an object is kept as is", {"l": {"x": 1}}, {"l": [{"a": None}]}, {"l": [{"a": None}]}),
    ("an object replaces a scalar", {"a": "s"}, {"a": {"b": 1, "c": None}}, {"a": {"b": 1}}),
    ("a null member is treated as absent", {"a": None}, {"a": {"b": None, "c": 1}}, {"a": {"c": 1}}),
    ("empty patch", {"a": 1}, {}, {"a": 1}),
]


@pytest.mark.parametrize("doc,patch,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_merge_patch(doc, patch, expected):
    before = json.dumps(doc)
    assert merge_patch(doc, patch) == expected
    assert json.dumps(doc) == before


def test_lists_are_replaced_whole():
    """Why `kubectl patch --type=merge` on containers loses the ports (strategic would keep them)."""
    current = live(deployment())
    body = b'{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.28"}]}}}}'
    after, strict = patch_object(current, body)
    assert template_spec(after)["containers"] == [{"name": "nginx", "image": "nginx:1.28"}]
    assert strict == []


def test_kubectl_scale_and_label_bodies():
    after, _ = patch_object(live(deployment()), b'{"spec":{"replicas":5}}')
    assert after["spec"]["replicas"] == 5
    after, _ = patch_object(pod(container("a")), b'{"metadata":{"labels":{"env":"prod"}}}')
    assert after["metadata"]["labels"] == {"env": "prod"}


@pytest.mark.parametrize("body,field_validation,message", [
    (b"null", "Warn", "Invalid JSON Patch"),
    (b"5", "Ignore", "Invalid JSON Patch"),
    (b'"x"', "Ignore", "Invalid JSON Patch"),
    (b"[1]", "Strict", "error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}"),
    (b"7", "Warn", "error decoding patch: json: cannot unmarshal number into Go value of type map[string]interface {}"),
    (b"{", "Warn", "invalid JSON patch"),
    (b'{"a":NaN}', "Ignore", "invalid JSON patch"),
])
def test_bad_bodies_are_400(body, field_validation, message):
    with pytest.raises(PatchError) as e:
        patch_object(pod(), body, field_validation)
    assert (e.value.code, e.value.reason, e.value.message) == (400, "BadRequest", message)


def test_array_body_without_validation_becomes_the_document():
    # evanphx returns the array; the apiserver then fails to decode it into the kind
    assert patch_object(pod(), b'[{"a":null}]', "Ignore") == ([{}], [])


def test_duplicate_fields_are_strict_errors():
    _, strict = patch_object(pod(), b'{"metadata":{"labels":{"a":"1","a":"2"}},"metadata":{}}')
    assert strict == ['duplicate field "metadata.labels.a"', 'duplicate field "metadata"']


def test_create_merge_patch_compares_numbers_as_floats():
    assert create_merge_patch({"a": 1, "b": [1, 2], "c": {"d": 1}, "e": 1},
                              {"a": 1.0, "b": [1, 3], "c": {"d": 1}, "f": 2}) == {"b": [1, 3], "e": None, "f": 2}


def test_three_way_json_merge_patch_for_a_custom_resource():
    last = {"apiVersion": "stable.example.com/v1", "kind": "CronTab", "spec": {"cron": "* * * * */5", "image": "a"}}
    new = {"apiVersion": "stable.example.com/v1", "kind": "CronTab", "spec": {"cron": "* * * * */5", "replicas": 2}}
    current = {"apiVersion": "stable.example.com/v1", "kind": "CronTab", "metadata": {"uid": "u"},
               "spec": {"cron": "* * * * */5", "image": "a", "suspended": False}}
    patch = create_three_way_json_merge_patch(last, new, current)
    assert patch == {"spec": {"image": None, "replicas": 2}}
    assert merge_patch(current, patch)["spec"] == {"cron": "* * * * */5", "suspended": False, "replicas": 2}


@pytest.mark.parametrize("left,right,conflict", [
    ({"a": 1}, {"b": None}, False),
    ({"a": {"b": 1}}, {"a": {"c": None}}, False),
    ({"a": {"b": 1}}, {"a": {"b": None}}, True),
    ({"a": [1, 2]}, {"a": [1]}, True),
    ({"a": "x"}, {"a": {"b": None}}, True),
])
def test_has_conflicts(left, right, conflict):
    assert has_conflicts(left, right) is conflict
