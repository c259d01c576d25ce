"""The handler's entry point: Content-Type negotiation (415) and dispatch to the three patch types."""

import json

import pytest

from k8slab.apiserver.patch import (APPLY_PATCH_YAML, JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH,
                                    PatchError, patch_object, patch_types, validate_patch_options)

from .builders import deployment, live, template_spec

CR = {"apiVersion": "stable.example.com/v1", "kind": "CronTab", "metadata": {"name": "c"},
      "spec": {"items": [{"name": "a", "x": 1}]}}


def test_patch_types_follow_upstream_routes():
    assert patch_types("apps/v1", "Deployment") == [JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH,
                                                    APPLY_PATCH_YAML]
    assert patch_types("stable.example.com/v1", "CronTab") == [JSON_PATCH, MERGE_PATCH, APPLY_PATCH_YAML]


@pytest.mark.parametrize("content_type,body,image", [
    (STRATEGIC_MERGE_PATCH, {"spec": {"template": {"spec": {"containers": [{"name": "nginx", "image": "x:2"}]}}}},
     "x:2"),
    (STRATEGIC_MERGE_PATCH + "; charset=utf-8", {"spec": {"replicas": 3}}, "nginx:1.27"),
    (MERGE_PATCH, {"spec": {"replicas": 3}}, "nginx:1.27"),
    (JSON_PATCH, [{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value": "x:3"}], "x:3"),
])
def test_dispatch(content_type, body, image):
    current = live(deployment())
    after, strict = patch_object(current, json.dumps(body).encode(), content_type)
    assert template_spec(after)["containers"][0]["image"] == image
    assert template_spec(after)["containers"][0]["ports"] == [{"containerPort": 80, "protocol": "TCP"}]
    assert strict == []


def test_strategic_merge_patch_on_a_custom_resource_is_415():
    with pytest.raises(PatchError) as e:
        patch_object(CR, b'{"spec":{}}', STRATEGIC_MERGE_PATCH)
    assert e.value.status() == {
        "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
        "message": "the body of the request was in an unknown format - accepted media types include: "
                   "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml",
        "reason": "UnsupportedMediaType", "code": 415}


def test_merge_patch_on_a_custom_resource_replaces_lists():
    after, _ = patch_object(CR, b'{"spec":{"items":[{"name":"a","y":2}]}}', MERGE_PATCH)
    assert after["spec"]["items"] == [{"name": "a", "y": 2}]


@pytest.mark.parametrize("content_type", ["application/json", "text/plain", "application/yaml"])
def test_unknown_content_type_is_415(content_type):
    with pytest.raises(PatchError) as e:
        patch_object(live(deployment()), b"{}", content_type)
    assert (e.value.code, e.value.reason) == (415, "UnsupportedMediaType")
    assert e.value.message.endswith("application/json-patch+json, application/merge-patch+json, "
                                    "application/strategic-merge-patch+json, application/apply-patch+yaml")


def test_apply_needs_a_field_manager():
    with pytest.raises(PatchError) as e:
        validate_patch_options(APPLY_PATCH_YAML, "", None)
    assert e.value.status() == {
        "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
        "message": 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
        "reason": "Invalid",
        "details": {"group": "meta.k8s.io", "kind": "PatchOptions", "causes": [
            {"reason": "FieldValueRequired", "message": "Required value: is required for apply patch",
             "field": "fieldManager"}]},
        "code": 422}


def test_force_is_only_for_apply():
    validate_patch_options(APPLY_PATCH_YAML, "kubectl", False)
    validate_patch_options(MERGE_PATCH, "", None)
    with pytest.raises(PatchError) as e:
        validate_patch_options(MERGE_PATCH, "m" * 129, True)
    assert e.value.message == ('PatchOptions.meta.k8s.io "" is invalid: [force: Forbidden: may not be specified '
                               'for non-apply patch, fieldManager: Too long: may not be more than 128 bytes]')
