"""Strategic merge patch on the server: merges, directives, list order, errors with upstream words."""

import json

import pytest

from k8slab.apiserver.patch import PatchError, schema
from k8slab.apiserver.patch.strategic import patch_object, strategic_merge_patch

from .builders import container, deployment, live, pod, template_spec

POD = schema.schema_for("v1", "Pod")
DEPLOY = schema.schema_for("apps/v1", "Deployment")


def spec_patch(**fields):
    """A Pod patch touching spec only."""
    return {"spec": fields}


# (id, current pod spec fields, patch, expected pod spec fields)
POD_CASES = [
    ("image change keeps ports and other fields",
     {"containers": [container("nginx", ports=[{"containerPort": 80, "protocol": "TCP"}],
                               imagePullPolicy="Always")]},
     spec_patch(containers=[{"name": "nginx", "image": "nginx:1.28"}]),
     {"containers": [container("nginx", "nginx:1.28", ports=[{"containerPort": 80, "protocol": "TCP"}],
                               imagePullPolicy="Always")]}),
    ("a container new to the list comes first",
     {"containers": [container("a")]},
     spec_patch(containers=[container("b")]),
     {"containers": [container("b"), container("a")]}),
    ("$setElementOrder places the new container",
     {"containers": [container("a")]},
     spec_patch(**{"$setElementOrder/containers": [{"name": "a"}, {"name": "b"}],
                   "containers": [container("b")]}),
     {"containers": [container("a"), container("b")]}),
    ("$setElementOrder alone reorders",
     {"containers": [container("a"), container("b"), container("c")]},
     spec_patch(**{"$setElementOrder/containers": [{"name": "c"}, {"name": "a"}, {"name": "b"}]}),
     {"containers": [container("c"), container("a"), container("b")]}),
    ("env entry deleted with $patch: delete",
     {"containers": [container("app", env=[{"name": "A", "value": "1"}, {"name": "B", "value": "2"},
                                           {"name": "C", "value": "3"}])]},
     spec_patch(containers=[{"name": "app", "env": [{"name": "B", "$patch": "delete"}]}]),
     {"containers": [container("app", env=[{"name": "A", "value": "1"}, {"name": "C", "value": "3"}])]}),
    ("env value changed in place, order kept",
     {"containers": [container("app", env=[{"name": "A", "value": "1"}, {"name": "B", "value": "2"}])]},
     spec_patch(containers=[{"name": "app", "env": [{"name": "B", "value": "20"}]}]),
     {"containers": [container("app", env=[{"name": "A", "value": "1"}, {"name": "B", "value": "20"}])]}),
    ("container ports merge by containerPort",
     {"containers": [container("web", ports=[{"containerPort": 80}])]},
     spec_patch(containers=[{"name": "web", "ports": [{"containerPort": 443}]}]),
     {"containers": [container("web", ports=[{"containerPort": 443}, {"containerPort": 80}])]}),
    ("a whole container deleted",
     {"containers": [container("a"), container("sidecar")]},
     spec_patch(containers=[{"name": "sidecar", "$patch": "delete"}]),
     {"containers": [container("a")]}),
    ("$patch: replace replaces the whole list",
     {"containers": [container("a"), container("b")]},
     spec_patch(containers=[container("c"), {"$patch": "replace"}]),
     {"containers": [container("c")]}),
    ("tolerations have no merge strategy: replaced",
     {"containers": [container("a")], "tolerations": [{"key": "x", "operator": "Exists"}]},
     spec_patch(tolerations=[{"key": "y", "operator": "Exists"}]),
     {"containers": [container("a")], "tolerations": [{"key": "y", "operator": "Exists"}]}),
    ("envFrom has no merge strategy: replaced",
     {"containers": [container("a", envFrom=[{"configMapRef": {"name": "one"}}])]},
     spec_patch(containers=[{"name": "a", "envFrom": [{"secretRef": {"name": "two"}}]}]),
     {"containers": [container("a", envFrom=[{"secretRef": {"name": "two"}}])]}),
    ("volume source switched with $retainKeys",
     {"containers": [container("a")], "volumes": [{"name": "data", "emptyDir": {}}]},
     spec_patch(volumes=[{"$retainKeys": ["hostPath", "name"], "name": "data",
                          "hostPath": {"path": "/srv"}}]),
     {"containers": [container("a")], "volumes": [{"name": "data", "hostPath": {"path": "/srv"}}]}),
    ("null deletes a field",
     {"containers": [container("a")], "nodeName": "node-1", "hostNetwork": True},
     spec_patch(nodeName=None),
     {"containers": [container("a")], "hostNetwork": True}),
    ("nulls inside a value new to the object are dropped",
     {"containers": [container("a")]},
     spec_patch(securityContext={"runAsUser": 1000, "runAsGroup": None}),
     {"containers": [container("a")], "securityContext": {"runAsUser": 1000}}),
    ("$patch: delete in a map empties it",
     {"containers": [container("a")], "securityContext": {"runAsUser": 1000}},
     spec_patch(securityContext={"$patch": "delete"}),
     {"containers": [container("a")], "securityContext": {}}),
    ("$patch: replace in a map replaces it",
     {"containers": [container("a")], "nodeSelector": {"disk": "ssd", "zone": "a"}},
     spec_patch(nodeSelector={"$patch": "replace", "zone": "b"}),
     {"containers": [container("a")], "nodeSelector": {"zone": "b"}}),
]


@pytest.mark.parametrize("current,patch,expected", [c[1:] for c in POD_CASES], ids=[c[0] for c in POD_CASES])
def test_pod_spec_patches(current, patch, expected):
    before = pod(**current)
    before["spec"] = current
    snapshot = json.dumps(before)
    after = strategic_merge_patch(before, patch, POD)
    assert after["spec"] == expected
    assert json.dumps(before) == snapshot, "the stored object must not be modified"


def meta_patch(current_meta: dict, patch: dict) -> dict:
    obj = pod(container("a"))
    obj["metadata"].update(current_meta)
    return strategic_merge_patch(obj, {"metadata": patch}, POD)["metadata"]


@pytest.mark.parametrize("current,patch,expected", [
    ({"finalizers": ["a", "b"]}, {"finalizers": ["c"]}, ["c", "a", "b"]),
    ({"finalizers": ["a", "b"]}, {"finalizers": ["b"]}, ["a", "b"]),
    ({"finalizers": ["a", "b"]}, {"finalizers": ["c", "a"]}, ["c", "a", "b"]),
    ({"finalizers": ["a", "b", "c"]}, {"$deleteFromPrimitiveList/finalizers": ["b"]}, ["a", "c"]),
    ({"finalizers": ["a", "b"]}, {"$setElementOrder/finalizers": ["b", "a"]}, ["b", "a"]),
    ({}, {"finalizers": ["kubernetes.io/pvc-protection"]}, ["kubernetes.io/pvc-protection"]),
], ids=["union adds first", "union keeps duplicates out", "union with reorder",
        "deleteFromPrimitiveList", "setElementOrder on strings", "new list"])
def test_finalizers_are_a_union(current, patch, expected):
    assert meta_patch(current, patch)["finalizers"] == expected


def test_labels_merge_and_null_deletes():
    meta = meta_patch({"labels": {"app": "web", "tier": "front"}}, {"labels": {"tier": None, "v": "2"}})
    assert meta["labels"] == {"app": "web", "v": "2"}


def test_owner_references_merge_by_uid():
    ref = {"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "rs", "uid": "u1"}
    meta = meta_patch({"ownerReferences": [ref]},
                      {"ownerReferences": [{"uid": "u1", "controller": True}]})
    assert meta["ownerReferences"] == [{**ref, "controller": True}]


def test_pod_conditions_merge_by_type():
    obj = pod(container("a"))
    obj["status"] = {"conditions": [{"type": "Ready", "status": "False"},
                                    {"type": "PodScheduled", "status": "True"}]}
    after = strategic_merge_patch(obj, {"status": {"conditions": [{"type": "Ready", "status": "True"}]}}, POD)
    assert after["status"]["conditions"] == [{"type": "Ready", "status": "True"},
                                             {"type": "PodScheduled", "status": "True"}]


def test_deployment_strategy_retain_keys():
    current = live(deployment())
    patch = {"spec": {"strategy": {"$retainKeys": ["type"], "type": "Recreate", "rollingUpdate": None}}}
    after = strategic_merge_patch(current, patch, DEPLOY)
    assert after["spec"]["strategy"] == {"type": "Recreate"}
    # without the directive the old rollingUpdate block would stay behind
    plain = strategic_merge_patch(current, {"spec": {"strategy": {"type": "Recreate"}}}, DEPLOY)
    assert plain["spec"]["strategy"] == {"type": "Recreate",
                                         "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}}


def test_kubectl_set_image_body():
    current = live(deployment())
    patch = {"spec": {"template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.28"}]}}}}
    c = template_spec(strategic_merge_patch(current, patch, DEPLOY))["containers"]
    assert c == [{"name": "nginx", "image": "nginx:1.28", "ports": [{"containerPort": 80, "protocol": "TCP"}],
                  "imagePullPolicy": "IfNotPresent", "resources": {}}]


@pytest.mark.parametrize("api_version,kind,current,patch,expected", [
    ("v1", "Service", {"ports": [{"name": "http", "port": 80, "targetPort": 8080, "protocol": "TCP"}]},
     {"ports": [{"port": 80, "targetPort": 9090}]},
     {"ports": [{"name": "http", "port": 80, "targetPort": 9090, "protocol": "TCP"}]}),
    ("v1", "Node", {"podCIDRs": ["10.244.0.0/24"], "taints": [{"key": "a", "effect": "NoSchedule"}]},
     {"podCIDRs": ["fd00::/64"], "taints": [{"key": "b", "effect": "NoExecute"}]},
     {"podCIDRs": ["fd00::/64", "10.244.0.0/24"], "taints": [{"key": "b", "effect": "NoExecute"}]}),
    ("v1", "Node", {"unschedulable": False}, {"unschedulable": True}, {"unschedulable": True}),
    ("batch/v1", "CronJob",
     {"jobTemplate": {"spec": {"template": {"spec": {"containers": [container("job", ports=[])]}}}}},
     {"jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "job", "image": "busybox"}]}}}}},
     {"jobTemplate": {"spec": {"template": {"spec": {"containers": [container("job", "busybox", ports=[])]}}}}}),
    ("stable.example.com/v1", "CronTab", {"items": [{"name": "a", "x": 1}], "m": {"k": 1}},
     {"items": [{"name": "a", "y": 2}], "m": {"j": 2}},
     {"items": [{"name": "a", "y": 2}], "m": {"k": 1, "j": 2}}),
], ids=["service ports by port", "node podCIDRs union, taints replaced", "cordon",
        "cronjob template containers", "unknown kind: lists replaced"])
def test_other_kinds(api_version, kind, current, patch, expected):
    obj = {"apiVersion": api_version, "kind": kind, "metadata": {"name": "x"}, "spec": current}
    after = strategic_merge_patch(obj, {"spec": patch}, schema.schema_for(api_version, kind))
    assert after["spec"] == expected


# (id, patch on a pod with containers a and b, status code, reason, message)
ERRORS = [
    ("missing merge key", spec_patch(containers=[{"image": "x"}]), 500, "",
     "map: map[image:x] does not contain declared merge key: name"),
    ("delete without merge key", spec_patch(containers=[{"$patch": "delete"}]), 500, "",
     "map: map[$patch:delete] does not contain declared merge key: name"),
    ("$patch merge in a list", spec_patch(containers=[{"name": "a", "$patch": "merge"}]), 500, "",
     "merging lists cannot yet be specified in the patch"),
    ("unknown $patch in a list", spec_patch(containers=[{"name": "a", "$patch": "bogus"}]), 500, "",
     "unknown patch type: bogus in map: map[$patch:bogus name:a]"),
    ("unknown $patch in a map", {"metadata": {"labels": {"$patch": "merge", "v": "1"}}}, 500, "",
     "unknown patch type: merge in map: map[$patch:merge v:1]"),
    ("$retainKeys not a list", spec_patch(securityContext={"$retainKeys": "runAsUser"}), 400,
     "BadRequest", "invalid patch format of retainKeys"),
    ("patch key missing from $retainKeys", spec_patch(**{"$retainKeys": ["containers"], "nodeName": "n"}),
     400, "BadRequest", "invalid patch format of retainKeys"),
    ("$setElementOrder without a field", spec_patch(**{"$setElementOrder": []}), 400, "BadRequest",
     "invalid patch format of setElementOrder list"),
    ("$setElementOrder not a list", spec_patch(**{"$setElementOrder/containers": "a"}), 500, "",
     "expected a []interface {}, but received a string"),
    ("$setElementOrder disagrees with the list",
     spec_patch(**{"$setElementOrder/containers": [{"name": "a"}, {"name": "b"}]},
                containers=[container("b"), container("a")]), 500, "",
     "The order in patch list:\n[map[image:nginx:1.27 name:b] map[image:nginx:1.27 name:a]]\n doesn't "
     "match $setElementOrder list:\n[map[name:a] map[name:b]]\n"),
    ("$deleteFromPrimitiveList without a field", {"metadata": {"$deleteFromPrimitiveListfinalizers": ["x"]}},
     400, "BadRequest", "invalid patch format of primitive list"),
    ("mixed element types", spec_patch(containers=["a"]), 500, "",
     "list element types are not identical: [[map[image:nginx:1.27 name:a] map[image:nginx:1.27 name:b]] [a]]"),
    ("list of lists", {"metadata": {"finalizers": [["x"]]}}, 422, "Invalid",
     "the server rejected our request due to an error in our request"),
]


@pytest.mark.parametrize("patch,code,reason,message", [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_errors_carry_upstream_status(patch, code, reason, message):
    current = pod(container("a"), container("b"), securityContext={"runAsUser": 1})
    current["metadata"].update(finalizers=[], labels={"app": "web"})
    with pytest.raises(PatchError) as e:
        patch_object(current, json.dumps(patch).encode(), POD)
    assert (e.value.code, e.value.reason, e.value.message) == (code, reason, message)
    status = e.value.status()
    assert status["kind"] == "Status" and status["code"] == code and status["status"] == "Failure"
    assert ("reason" in status) == bool(reason)


def test_directives_on_a_field_the_object_lacks_are_dropped():
    # upstream takes a patch value for a missing field as it is, minus any map holding $patch
    after = strategic_merge_patch(pod(), {"metadata": {"labels": {"$patch": "bogus"}}}, POD)
    assert "labels" not in after["metadata"]


def test_list_of_lists_keeps_the_library_words_in_detail():
    current = pod(container("a"))
    current["metadata"]["finalizers"] = []
    with pytest.raises(PatchError) as e:
        patch_object(current, b'{"metadata":{"finalizers":[["x"]]}}', POD)
    assert e.value.detail == "lists of lists are not supported"


@pytest.mark.parametrize("body,field_validation,message", [
    (b"not json", "Warn", "invalid JSON patch"),
    (b"[1]", "Warn", "json: cannot unmarshal array into Go value of type map[string]interface {}"),
    (b'"x"', "Ignore", "json: cannot unmarshal string into Go value of type map[string]interface {}"),
])
def test_body_decoding_errors(body, field_validation, message):
    with pytest.raises(PatchError) as e:
        patch_object(pod(), body, POD, field_validation)
    assert (e.value.code, e.value.reason, e.value.message) == (400, "BadRequest", message)


def test_null_body_changes_nothing_and_duplicates_are_strict_errors():
    current = pod()
    assert patch_object(current, b"null", POD) == (current, [])
    after, strict = patch_object(current, b'{"metadata":{"labels":{"a":"1","a":"2"}}}', POD)
    assert after["metadata"]["labels"] == {"a": "2"}
    assert strict == ['duplicate field "metadata.labels.a"']
