"""Field paths: FieldsV1 encoding, path strings, and the typed walks server-side apply uses."""

import json

import pytest

from k8slab.apiserver.patch.fieldpath import (ensure_named_fields_are_members, from_fields_v1, iterate,
                                              key_element, path_string, to_fields_v1, value_element)
from k8slab.apiserver.patch.schema import schema_for
from k8slab.apiserver.patch.typed import compare, field_set, merge

from .builders import container, pod

F = lambda *names: tuple(("f", n) for n in names)          # noqa: E731
NGINX = key_element({"name": "nginx"})
PORT80 = key_element({"containerPort": 80, "protocol": "TCP"})
POD = schema_for("v1", "Pod")


def test_fields_v1_encoding_and_round_trip():
    s = {F("spec", "replicas"), F("metadata", "labels", "app"), F("metadata", "labels"),
         F("spec", "template", "spec", "containers") + (NGINX,),
         F("spec", "template", "spec", "containers") + (NGINX,) + F("image"),
         F("metadata", "finalizers") + (value_element("example.com/x"),)}
    encoded = to_fields_v1(s)
    assert json.dumps(encoded, separators=(",", ":")) == (
        '{"f:metadata":{"f:finalizers":{"v:\\"example.com/x\\"":{}},"f:labels":{".":{},"f:app":{}}},'
        '"f:spec":{"f:replicas":{},"f:template":{"f:spec":{"f:containers":{"k:{\\"name\\":\\"nginx\\"}":'
        '{".":{},"f:image":{}}}}}}}')
    assert from_fields_v1(encoded) == s


@pytest.mark.parametrize("path,text", [
    (F("spec", "replicas"), ".spec.replicas"),
    (F("spec", "template", "spec", "containers") + (NGINX,) + F("image"),
     '.spec.template.spec.containers[name="nginx"].image'),
    (F("spec", "containers") + (NGINX,) + F("ports") + (PORT80,),
     '.spec.containers[name="nginx"].ports[containerPort=80,protocol="TCP"]'),
    (F("metadata", "finalizers") + (value_element("a/b"),), '.metadata.finalizers[="a/b"]'),
])
def test_path_strings(path, text):
    assert path_string(path) == text


def test_iterate_lists_members_before_children():
    s = {F("spec", "template", "x"), F("spec", "b"), F("spec", "a"), F("kind")}
    assert [path_string(p) for p in iterate(s)] == [".kind", ".spec.a", ".spec.b", ".spec.template.x"]


def test_named_fields_become_members():
    s = {F("spec", "containers") + (NGINX,) + F("image")}
    assert ensure_named_fields_are_members(s) == s | {F("spec"), F("spec", "containers")}


def test_field_set_of_an_applied_pod():
    p = pod(container("nginx", ports=[{"containerPort": 80}], resources={}), nodeSelector={"disk": "ssd"},
            tolerations=[{"key": "k"}])
    p["metadata"]["finalizers"] = ["a"]
    c = F("spec", "containers") + (NGINX,)
    assert field_set(p, POD) == {
        F("apiVersion"), F("kind"), F("metadata", "name"), F("metadata", "namespace"),
        F("metadata", "finalizers") + (value_element("a"),),
        c, c + F("name"), c + F("image"), c + F("resources"),        # an empty map is owned as a leaf
        c + F("ports") + (PORT80,), c + F("ports") + (PORT80,) + F("containerPort"),
        F("spec", "nodeSelector"), F("spec", "tolerations")}      # atomic map, atomic list


def test_compare_reports_added_modified_removed():
    old = pod(container("nginx"), container("old"))
    new = pod(container("nginx", "nginx:1.28"), container("new"))
    cmp = compare(old, new, POD)
    c = F("spec", "containers")
    new_c, old_c = c + (key_element({"name": "new"}),), c + (key_element({"name": "old"}),)
    assert cmp.modified == {c + (NGINX,) + F("image")}
    assert cmp.added == {new_c, new_c + F("name"), new_c + F("image")}
    assert cmp.removed == {old_c, old_c + F("name"), old_c + F("image")}


def test_merge_keeps_live_order_and_places_new_items():
    live = pod(container("a"), container("b"), container("c"))
    config = pod(container("d"), container("b", "x:2"))
    names = [(c["name"], c["image"]) for c in merge(live, config, POD)["spec"]["containers"]]
    assert names == [("a", "nginx:1.27"), ("d", "nginx:1.27"), ("b", "x:2"), ("c", "nginx:1.27")]
    # a new item the config puts after all shared ones lands after the live items
    config = pod(container("b"), container("e"))
    assert [c["name"] for c in merge(live, config, POD)["spec"]["containers"]] == ["a", "b", "c", "e"]
