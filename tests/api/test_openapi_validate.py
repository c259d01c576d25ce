"""Strict field validation against the OpenAPI schemas: real manifests pass, typos are reported with
upstream's wording and paths."""

import copy
from pathlib import Path

import pytest
import yaml

from k8slab.api import openapi

FIXTURES = Path(__file__).parent / "fixtures" / "openapi"


def _manifests(name):
    return list(yaml.safe_load_all((FIXTURES / name).read_text()))


def _id(obj):
    return f"{obj['kind']}/{obj.get('metadata', {}).get('name', '-')}"


BOOKLET = _manifests("booklet.yaml")
REALWORLD = _manifests("realworld.yaml")


@pytest.mark.parametrize("obj", BOOKLET, ids=_id)
def test_booklet_manifests_have_no_unknown_fields(obj):
    assert openapi.validate(obj) == []
    assert openapi.validate(obj, strict=False) == []


@pytest.mark.parametrize("obj", REALWORLD, ids=_id)
def test_realworld_manifests_have_no_unknown_fields(obj):
    assert openapi.validate(obj) == []


def test_fixtures_cover_most_served_kinds():
    kinds = {o["kind"] for o in BOOKLET + REALWORLD}
    assert len(kinds) >= 30


def _redis():
    return copy.deepcopy(BOOKLET[1])


def test_top_level_typo():
    dep = _redis()
    dep["spec"]["replicass"] = 2
    assert openapi.validate(dep) == [("spec.replicass", 'unknown field "spec.replicass"')]


def test_typos_in_nested_containers_carry_list_indexes():
    dep = _redis()
    c = dep["spec"]["template"]["spec"]["containers"][0]
    c["imagee"] = "redis:6"
    c["ports"][0]["containerport"] = 1
    c["env"] = [{"name": "A", "valueFrom": {"fieldRef": {"fieldpath": "x"}}}]
    assert openapi.validate(dep) == [
        ("spec.template.spec.containers[0].ports[0].containerport",
         'unknown field "spec.template.spec.containers[0].ports[0].containerport"'),
        ("spec.template.spec.containers[0].imagee", 'unknown field "spec.template.spec.containers[0].imagee"'),
        ("spec.template.spec.containers[0].env[0].valueFrom.fieldRef.fieldpath",
         'unknown field "spec.template.spec.containers[0].env[0].valueFrom.fieldRef.fieldpath"'),
    ]


def test_field_names_are_case_sensitive():
    dep = _redis()
    dep["spec"]["Replicas"] = 1
    assert openapi.validate(dep) == [("spec.Replicas", 'unknown field "spec.Replicas"')]


def test_map_keys_are_data_not_fields():
    dep = _redis()
    dep["metadata"]["labels"]["app.kubernetes.io/anything"] = "x"
    dep["metadata"]["annotations"] = {"kubectl.kubernetes.io/last-applied-configuration": "{}"}
    dep["spec"]["template"]["spec"]["nodeSelector"] = {"whatever": "x"}
    dep["spec"]["template"]["spec"]["containers"][0]["resources"] = {"limits": {"nvidia.com/gpu": 1}}
    assert openapi.validate(dep) == []


def test_unknown_metadata_fields_are_reported_like_upstream():
    # ObjectMeta is a Go struct upstream, so a misspelt metadata key is an unknown field too.
    dep = _redis()
    dep["metadata"]["lables"] = {"a": "b"}
    assert openapi.validate(dep) == [("metadata.lables", 'unknown field "metadata.lables"')]


def test_free_form_values_accept_anything():
    pod = copy.deepcopy(REALWORLD[4])  # has managedFields with fieldsV1
    pod["metadata"]["managedFields"][0]["fieldsV1"]["f:spec"] = {"f:anything": {}}
    assert openapi.validate(pod) == []
    rev = {"apiVersion": "apps/v1", "kind": "ControllerRevision", "metadata": {"name": "r"}, "revision": 1,
           "data": {"spec": {"template": {"whatever": True}}}}
    assert openapi.validate(rev) == []


def test_crd_schemas_are_checked_where_upstream_checks_them():
    crd = copy.deepcopy(next(o for o in REALWORLD if o["kind"] == "CustomResourceDefinition"))
    props = crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]
    props["spec"]["properties"]["image"]["typo"] = "string"
    props["spec"]["properties"]["tags"]["items"]["anything"] = 1  # items is free-form (custom unmarshaller)
    path = "spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.image.typo"
    assert openapi.validate(crd) == [(path, f'unknown field "{path}"')]


def test_preserve_unknown_fields_is_respected():
    schema = {"type": "object", "properties": {"a": {"type": "string"}}, "x-kubernetes-preserve-unknown-fields": True}
    assert openapi.validate({"a": "x", "b": 1}, schema=schema) == []
    schema = {"type": "object", "properties": {"a": {"type": "string"}}}
    assert openapi.validate({"a": "x", "b": 1}, schema=schema) == [("b", 'unknown field "b"')]


def test_unknown_kinds_are_not_checked():
    assert openapi.validate({"apiVersion": "example.com/v1", "kind": "Widget", "spec": {"x": 1}}) == []


def test_errors_are_deduplicated_and_capped_at_100():
    dep = _redis()
    dep["spec"]["template"]["spec"]["containers"] = [{"name": f"c{i}", "bad": 1} for i in range(150)]
    found = openapi.validate(dep)
    assert len(found) == 100
    assert found[0] == ("spec.template.spec.containers[0].bad", 'unknown field "spec.template.spec.containers[0].bad"')


def test_duplicate_fields_need_the_raw_body():
    raw = b'{"apiVersion":"apps/v1","kind":"Deployment","spec":{"replicas":1,"replicas":2,' \
          b'"template":{"metadata":{"labels":{"a":"1","a":"2"}}}},"kind":"Deployment"}'
    assert openapi.find_duplicate_fields(raw) == [
        ("kind", 'duplicate field "kind"'),
        ("spec.replicas", 'duplicate field "spec.replicas"'),
        ("spec.template.metadata.labels.a", 'duplicate field "spec.template.metadata.labels.a"'),
    ]
    assert openapi.find_duplicate_fields('{"a": [{"b": 1, "b": 2}]}') == [("a[0].b", 'duplicate field "a[0].b"')]
    assert openapi.find_duplicate_fields(b'{"a": 1}') == []


def test_strict_error_message_has_upstreams_wording():
    dep = _redis()
    dep["spec"]["replicass"] = 2
    dep["spec"]["foo"] = 1
    msg = openapi.strict_error_message("Deployment", "v1", openapi.validate(dep))
    assert msg == ('Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: '
                   'unknown field "spec.replicass", unknown field "spec.foo"')
