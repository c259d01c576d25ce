"""The last-applied-configuration annotation, encoded as kubectl encodes it."""

import json

from k8slab.kubectl.apply.lastapplied import (LAST_APPLIED, create_apply_annotation, create_or_update_annotation,
                                              encode, modified_configuration, original_configuration)

CM = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg", "namespace": "demo"},
      "data": {"b": "<2>", "a": "1"}}


def test_encoding_is_gos_json_encoder_sorted_escaped_with_a_newline():
    assert encode(CM) == ('{"apiVersion":"v1","data":{"a":"1","b":"\\u003c2\\u003e"},"kind":"ConfigMap",'
                          '"metadata":{"name":"cfg","namespace":"demo"}}\n')


def test_an_object_from_a_file_gets_empty_annotations_in_its_configuration():
    """unstructured.SetAnnotations writes the empty map: `"annotations":{}` (as kubectl apply does)."""
    text = modified_configuration(CM, annotate=False)
    assert json.loads(text)["metadata"] == {"annotations": {}, "name": "cfg", "namespace": "demo"}


def test_the_annotated_configuration_carries_the_bare_one():
    bare = modified_configuration(CM, annotate=False)
    annotated = json.loads(modified_configuration(CM, annotate=True))
    assert annotated["metadata"]["annotations"] == {LAST_APPLIED: bare}
    assert annotated["data"] == CM["data"]


def test_an_old_annotation_is_not_part_of_the_new_configuration():
    obj = {**CM, "metadata": {**CM["metadata"], "annotations": {LAST_APPLIED: "old", "team": "lab"}}}
    bare = json.loads(modified_configuration(obj, annotate=False))
    assert bare["metadata"]["annotations"] == {"team": "lab"}
    assert original_configuration(obj) == "old"
    assert original_configuration(CM) is None


def test_a_generator_object_keeps_struct_order_and_omits_empty_annotations():
    deploy = {"kind": "Deployment", "apiVersion": "apps/v1",
              "metadata": {"name": "web", "creationTimestamp": None, "labels": {"app": "web"}},
              "spec": {"replicas": 1}, "status": {}}
    out = create_apply_annotation(deploy, typed=True)
    assert list(out["metadata"]) == ["name", "creationTimestamp", "labels", "annotations"]
    assert out["metadata"]["annotations"][LAST_APPLIED] == (
        '{"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"web","creationTimestamp":null,'
        '"labels":{"app":"web"}},"spec":{"replicas":1},"status":{}}\n')


def test_create_or_update_only_refreshes_an_existing_annotation_without_save_config():
    assert create_or_update_annotation(False, CM) is CM
    annotated = create_or_update_annotation(True, CM)
    refreshed = create_or_update_annotation(False, {**annotated, "data": {"a": "2"}})
    assert json.loads(original_configuration(refreshed))["data"] == {"a": "2"}
