"""The three-way patch of client-side apply: last-applied config, new config, live object."""

import json

import pytest

from k8slab.kubectl.apply.lastapplied import LAST_APPLIED, modified_configuration
from k8slab.kubectl.apply.patcher import MERGE, STRATEGIC, info_string, patch_kind, three_way_patch
from k8slab.kubectl.mutation import Failure


def deployment(replicas=2, image="nginx:1.27", labels=None, ports=True, env=None):
    container = {"name": "nginx", "image": image}
    if ports:
        container["ports"] = [{"containerPort": 80}]
    if env:
        container["env"] = env
    return {"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "nginx", "namespace": "default", "labels": labels or {"app": "nginx"}},
            "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": "nginx"}},
                     "template": {"metadata": {"labels": {"app": "nginx"}}, "spec": {"containers": [container]}}}}


def applied(config: dict) -> tuple[dict, dict]:
    """(the object kubectl sends on create, its last-applied text as a dict)."""
    text = modified_configuration(config, annotate=False)
    obj = json.loads(modified_configuration(config, annotate=True))
    return obj, json.loads(text)


def live(obj: dict) -> dict:
    """What the server holds: the object with defaults and status added."""
    out = json.loads(json.dumps(obj))
    out["metadata"].update({"uid": "u1", "resourceVersion": "7", "generation": 1})
    out["spec"]["strategy"] = {"type": "RollingUpdate"}
    c = out["spec"]["template"]["spec"]["containers"][0]
    c.update({"imagePullPolicy": "IfNotPresent", "terminationMessagePath": "/dev/termination-log"})
    for p in c.get("ports") or []:
        p["protocol"] = "TCP"
    out["status"] = {"replicas": obj["spec"]["replicas"]}
    return out


def three_way(old_config: dict, new_config: dict, current: dict | None = None):
    created, original = applied(old_config)
    current = current if current is not None else live(created)
    modified = json.loads(modified_configuration(new_config, annotate=True))
    return three_way_patch(original, modified, current, "apps/v1", "Deployment")


def test_the_patch_kubectl_132_sends_for_a_changed_deployment():
    """The wire example of design/wire-facts.md: replicas and image changed, ports kept."""
    new = deployment(replicas=3, image="nginx:1.28")
    content_type, patch = three_way(deployment(), new)
    assert content_type == STRATEGIC
    assert patch == {"metadata": {"annotations": {LAST_APPLIED: modified_configuration(new, annotate=False)}},
                     "spec": {"replicas": 3, "template": {"spec": {
                         "$setElementOrder/containers": [{"name": "nginx"}],
                         "containers": [{"image": "nginx:1.28", "name": "nginx"}]}}}}


def test_nothing_changed_is_an_empty_patch_whatever_the_server_added():
    assert three_way(deployment(), deployment()) == (STRATEGIC, {})


def test_a_field_removed_from_the_config_is_deleted_with_null():
    old = deployment(labels={"app": "nginx", "tier": "web"})
    _, patch = three_way(old, deployment())
    assert patch["metadata"]["labels"] == {"tier": None}


def test_a_list_item_removed_from_the_config_is_deleted_by_its_merge_key():
    old = deployment(env=[{"name": "A", "value": "1"}, {"name": "B", "value": "2"}])
    new = deployment(env=[{"name": "A", "value": "1"}])
    _, patch = three_way(old, new)
    container = patch["spec"]["template"]["spec"]["containers"][0]
    assert container["env"] == [{"$patch": "delete", "name": "B"}]
    assert container["$setElementOrder/env"] == [{"name": "A"}]


def test_fields_only_the_server_set_are_left_alone():
    """Not in the last-applied config and not in the new one: imagePullPolicy, strategy, status."""
    _, patch = three_way(deployment(), deployment(replicas=5))
    assert set(patch["spec"]) == {"replicas"}


def test_a_field_changed_on_the_server_is_taken_back_to_the_config():
    created, _ = applied(deployment())
    current = live(created)
    current["spec"]["replicas"] = 9                 # kubectl scale happened meanwhile
    _, patch = three_way(deployment(), deployment(), current)
    assert patch == {"spec": {"replicas": 2}}


def test_no_last_applied_annotation_means_nothing_is_deleted():
    created, _ = applied(deployment(labels={"app": "nginx", "tier": "web"}))
    current = live(created)
    del current["metadata"]["annotations"]
    modified = json.loads(modified_configuration(deployment(), annotate=True))
    _, patch = three_way_patch(None, modified, current, "apps/v1", "Deployment")
    assert "labels" not in patch["metadata"] and LAST_APPLIED in patch["metadata"]["annotations"]


def test_custom_kinds_get_a_json_merge_patch():
    def crontab(spec):
        return {"apiVersion": "stable.example.com/v1", "kind": "CronTab",
                "metadata": {"name": "c", "namespace": "default"}, "spec": spec}
    original = json.loads(modified_configuration(crontab({"cron": "* * * * *", "items": [1, 2]}), annotate=False))
    modified = json.loads(modified_configuration(crontab({"items": [1]}), annotate=True))
    current = {**crontab({"cron": "* * * * *", "items": [1, 2], "replicas": 1}),
               "metadata": {**modified["metadata"], "annotations": {LAST_APPLIED: json.dumps(original)}}}
    content_type, patch = three_way_patch(original, modified, current, "stable.example.com/v1", "CronTab")
    assert content_type == MERGE
    assert patch["spec"] == {"cron": None, "items": [1]}


def test_changing_the_name_is_refused():
    renamed = deployment()
    renamed["metadata"]["name"] = "other"
    with pytest.raises(Failure) as e:
        three_way(deployment(), renamed)
    assert e.value.message == "At least one of apiVersion, kind and name was changed"


def test_patch_kinds_follow_kubectls_scheme():
    assert patch_kind("v1", "ConfigMap")[0] == STRATEGIC
    assert patch_kind("extensions/v1beta1", "Deployment")[0] == STRATEGIC      # the book's manifests
    assert patch_kind("stable.example.com/v1", "CronTab") == (MERGE, None)


def test_info_string_is_resource_info_string():
    from k8slab.kubectl.builder import Info
    from k8slab.kubectl.discovery import APIResource
    res = APIResource("deployments", "deployment", True, "apps", "v1", "Deployment", ())
    assert info_string(Info(res, "demo", "web")) == ('Resource: "apps/v1, Resource=deployments", GroupVersionKind: '
                                                     '"apps/v1, Kind=Deployment"\nName: "web", Namespace: "demo"')
