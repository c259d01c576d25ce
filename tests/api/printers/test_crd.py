"""Custom resources: additionalPrinterColumns evaluated by simple JSONPath, typed cells, defaults."""

import pytest

from k8slab.api.printers import crd_table, crd_version_for
from k8slab.api.printers.crd import (cell_for_json_value, find_results, go_float_text, jsonpath_text,
                                     parse_json_path)

from .builders import NOW, obj, ts

# The CronTab example of the Kubernetes documentation ("Additional printer columns").
CRONTAB_CRD = {
    "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
    "metadata": {"name": "crontabs.stable.example.com"},
    "spec": {"group": "stable.example.com", "names": {"plural": "crontabs", "kind": "CronTab"},
             "scope": "Namespaced",
             "versions": [{"name": "v1", "served": True, "storage": True, "additionalPrinterColumns": [
                 {"name": "Spec", "type": "string", "jsonPath": ".spec.cronSpec",
                  "description": "The cron spec defining the interval a CronJob is run"},
                 {"name": "Replicas", "type": "integer", "jsonPath": ".spec.replicas",
                  "description": "The number of jobs launched by the CronJob"},
                 {"name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp"}]}]},
}


def crontab(name="my-new-cron-object", **spec):
    return obj("CronTab", name, api_version="stable.example.com/v1",
               spec={"cronSpec": "* * * * */5", "image": "my-awesome-cron-image", **spec})


def test_crontab_table():
    version = crd_version_for(CRONTAB_CRD, "v1")
    t = crd_table(version, [crontab(replicas=1), crontab("other")], NOW, resource_version="42")
    assert [(c["name"], c["type"], c["format"], c["priority"]) for c in t["columnDefinitions"]] == [
        ("Name", "string", "name", 0), ("Spec", "string", "", 0), ("Replicas", "integer", "", 0),
        ("Age", "date", "", 0)]
    assert t["columnDefinitions"][1]["description"] == "The cron spec defining the interval a CronJob is run"
    assert t["columnDefinitions"][3]["description"] == \
        "Custom resource definition column (in JSONPath format): .metadata.creationTimestamp"
    assert [r["cells"] for r in t["rows"]] == [["my-new-cron-object", "* * * * */5", 1, "60m"],
                                               ["other", "* * * * */5", None, "60m"]]
    assert t["metadata"] == {"resourceVersion": "42"}
    assert t["rows"][0]["object"]["kind"] == "PartialObjectMetadata"


def test_version_without_columns_gets_name_and_age():
    t = crd_table({"name": "v1"}, [crontab()], NOW)
    assert [(c["name"], c["type"]) for c in t["columnDefinitions"]] == [("Name", "string"), ("Age", "date")]
    assert t["rows"][0]["cells"] == ["my-new-cron-object", "60m"]


def test_priority_format_and_v1beta1_key_pass_through():
    version = {"additionalPrinterColumns": [
        {"name": "Image", "type": "string", "JSONPath": ".spec.image", "priority": 1, "format": "byte"}]}
    t = crd_table(version, [crontab()], NOW, include_object="None")
    assert t["columnDefinitions"][1] == {
        "name": "Image", "type": "string", "format": "byte", "priority": 1,
        "description": "Custom resource definition column (in JSONPath format): .spec.image"}
    assert t["rows"][0] == {"cells": ["my-new-cron-object", "my-awesome-cron-image"]}


def test_unparseable_path_ends_the_column_list():
    version = {"additionalPrinterColumns": [
        {"name": "A", "type": "string", "jsonPath": ".spec.image"},
        {"name": "B", "type": "string", "jsonPath": ".spec[?(@.x > 1)]"},
        {"name": "C", "type": "string", "jsonPath": ".spec.cronSpec"}]}
    assert [c["name"] for c in crd_table(version, [], NOW)["columnDefinitions"]] == ["Name", "A"]


# --- JSONPath subset ------------------------------------------------------------------------------

DOC = {"metadata": {"labels": {"app.kubernetes.io/name": "web", "tier": "fe"}},
       "spec": {"containers": [{"name": "a", "image": "nginx"}, {"name": "b", "image": "redis"}]},
       "status": {"conditions": [{"type": "Synced", "status": "True"},
                                 {"type": "Ready", "status": "False", "reason": "Pending"}],
                  "phase": None}}


DOC_CONTAINERS = DOC["spec"]["containers"]


@pytest.mark.parametrize("path,found", [
    (".spec.containers[0].image", ["nginx"]),
    (".spec.containers[-1].name", ["b"]),
    (".spec.containers[*].name", ["a", "b"]),
    (".spec.containers.*", DOC_CONTAINERS),
    (".metadata.labels['app.kubernetes.io/name']", ["web"]),
    (".metadata.labels.app\\.kubernetes\\.io/name", ["web"]),
    ('.status.conditions[?(@.type=="Ready")].status', ["False"]),
    (".status.conditions[?(@.type!='Ready')].type", ["Synced"]),
    (".status.conditions[?(@.reason)].reason", ["Pending"]),
    (".status.phase", [None]),
    (".status.missing.deeper", []),
    (".spec.containers[5].name", []),
    ("{.metadata.labels.tier}", ["fe"]),
    ("spec.containers[1].image", ["redis"]),
])
def test_find_results(path, found):
    assert find_results(DOC, parse_json_path(path)) == found


@pytest.mark.parametrize("path", [".spec..name", ".spec[1:2]", ".spec[?(@.a > 1)]", ".spec[", ".spec[abc]"])
def test_paths_outside_the_subset_are_rejected(path):
    with pytest.raises(ValueError):
        parse_json_path(path)


@pytest.mark.parametrize("value,text", [
    ("x", "x"), (3, "3"), (True, "true"), (1.5, "1.5"), (3.0, "3"), (1e6, "1e+06"), (123456.0, "123456"),
    (0.0001, "0.0001"), (0.00001, "1e-05"), (-2.5e-7, "-2.5e-07"), (None, "<no value>"),
    ({"b": "<x>", "a": 1}, '{"a":1,"b":"\\u003cx\\u003e"}'), (["a", "b"], '["a","b"]'),
])
def test_string_columns_print_like_kubectl_jsonpath(value, text):
    assert jsonpath_text(value) == text


def test_go_float_text_large_and_special():
    assert go_float_text(123456789.0) == "1.23456789e+08"
    assert go_float_text(float("inf")) == "+Inf"
    assert go_float_text(-0.0) == "-0"


@pytest.mark.parametrize("column_type,value,cell", [
    ("integer", 3, 3), ("integer", 3.9, 3), ("integer", True, None), ("integer", "3", None),
    ("number", 2, 2.0), ("number", 2.5, 2.5), ("number", False, None),
    ("boolean", True, True), ("boolean", "true", None),
    ("string", "x", "x"), ("string", 1, None),
    ("date", ts(3000), "10m"), ("date", "", "<unknown>"), ("date", "null", "<unknown>"),
    ("date", "0001-01-01T00:00:00Z", "<unknown>"), ("date", "yesterday", "<invalid>"), ("date", 5, None),
    ("weird", "x", None), ("integer", None, None),
])
def test_cell_for_json_value(column_type, value, cell):
    assert cell_for_json_value(column_type, value, NOW) == cell


def test_typed_columns_in_a_table():
    version = {"additionalPrinterColumns": [
        {"name": "Ready", "type": "string", "jsonPath": '.status.conditions[?(@.type=="Ready")].status'},
        {"name": "Size", "type": "number", "jsonPath": ".spec.size"},
        {"name": "Paused", "type": "boolean", "jsonPath": ".spec.paused"},
        {"name": "Synced", "type": "date", "jsonPath": ".status.lastSync"}]}
    cr = obj("Database", "pg", spec={"size": 3, "paused": False},
             status={"conditions": [{"type": "Ready", "status": "True"}], "lastSync": ts(3590)})
    assert crd_table(version, [cr], NOW)["rows"][0]["cells"] == ["pg", "True", 3.0, False, "10s"]


def test_crd_version_for_unknown_version():
    with pytest.raises(KeyError):
        crd_version_for(CRONTAB_CRD, "v2")
