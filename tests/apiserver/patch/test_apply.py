"""Server-side apply: managedFields, pruning, conflicts with upstream's 409, force, and the
hand-over from client-side `kubectl apply`."""

import pytest

from k8slab.apiserver.patch import PatchError
from k8slab.apiserver.patch.apply import (LAST_APPLIED, decode_apply_patch, decode_managed_fields,
                                          manager_or_user_agent, server_side_apply, update_managed_fields)
from k8slab.apiserver.patch.gojson import go_json

from .builders import deployment, live

T0, T1, T2, T3 = (f"2025-01-01T00:0{i}:00Z" for i in range(4))
DEPLOY_FIELDS_V1 = {"f:spec": {
    "f:replicas": {}, "f:selector": {},
    "f:template": {"f:metadata": {"f:labels": {"f:app": {}}},
                   "f:spec": {"f:containers": {'k:{"name":"nginx"}': {
                       ".": {}, "f:image": {}, "f:name": {},
                       "f:ports": {'k:{"containerPort":80,"protocol":"TCP"}': {".": {}, "f:containerPort": {}}}}}}}}}


def configmap(**data):
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": data}


def entries(obj):
    return [(e["manager"], e["operation"], e.get("time")) for e in obj["metadata"]["managedFields"]]


def client_side_created(replicas=2):
    """A Deployment made by client-side `kubectl apply`: POST with fieldManager kubectl-client-side-apply."""
    config = deployment(replicas)
    config["metadata"]["annotations"] = {LAST_APPLIED: go_json(config) + "\n"}
    return live(update_managed_fields(None, config, "kubectl-client-side-apply", T0))


def test_create_by_apply_records_an_apply_entry():
    obj = server_side_apply(None, deployment(3), "kubectl", T1)
    assert obj["spec"]["replicas"] == 3
    assert obj["metadata"]["managedFields"] == [{
        "manager": "kubectl", "operation": "Apply", "apiVersion": "apps/v1", "time": T1,
        "fieldsType": "FieldsV1", "fieldsV1": DEPLOY_FIELDS_V1}]


def test_create_by_post_records_an_update_entry():
    obj = client_side_created()
    [entry] = obj["metadata"]["managedFields"]
    assert {k: entry[k] for k in ("manager", "operation", "apiVersion", "time", "fieldsType")} == {
        "manager": "kubectl-client-side-apply", "operation": "Update", "apiVersion": "apps/v1",
        "time": T0, "fieldsType": "FieldsV1"}
    fields = entry["fieldsV1"]
    assert fields["f:metadata"] == {"f:annotations": {".": {}, f"f:{LAST_APPLIED}": {}}}
    assert "." not in fields["f:spec"] and fields["f:spec"]["f:selector"] == {}
    assert fields["f:spec"]["f:template"]["f:metadata"]["f:labels"] == {".": {}, "f:app": {}}


def test_conflict_with_an_update_manager_is_409_with_upstream_message():
    with pytest.raises(PatchError) as e:
        server_side_apply(client_side_created(), deployment(3), "deployer", T1)
    assert e.value.status() == {
        "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
        "message": 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: '
                   ".spec.replicas",
        "reason": "Conflict",
        "details": {"causes": [{"reason": "FieldManagerConflict",
                                "message": 'conflict with "kubectl-client-side-apply" using apps/v1',
                                "field": ".spec.replicas"}]},
        "code": 409}


def test_force_takes_ownership():
    obj = server_side_apply(client_side_created(), deployment(3), "deployer", T1, force=True)
    assert obj["spec"]["replicas"] == 3
    managed = {m.manager: o.fields for m, o in decode_managed_fields(obj["metadata"]["managedFields"]).items()}
    replicas = (("f", "spec"), ("f", "replicas"))
    assert replicas in managed["deployer"] and replicas not in managed["kubectl-client-side-apply"]


def test_same_value_is_shared_without_conflict():
    obj = server_side_apply(client_side_created(), deployment(2), "deployer", T1)
    managed = {m.manager: o.fields for m, o in decode_managed_fields(obj["metadata"]["managedFields"]).items()}
    replicas = (("f", "spec"), ("f", "replicas"))
    assert replicas in managed["deployer"] and replicas in managed["kubectl-client-side-apply"]


def test_kubectl_server_side_after_client_side_apply_is_forgiven():
    """Fields still matching last-applied may be taken by the manager `kubectl` (the migration)."""
    obj = server_side_apply(client_side_created(), deployment(3), "kubectl", T1)
    assert obj["spec"]["replicas"] == 3
    assert entries(obj) == [("kubectl", "Apply", T1), ("kubectl-client-side-apply", "Update", T0)]
    # the annotation now records this apply, so a later client-side apply diffs against it
    assert obj["metadata"]["annotations"][LAST_APPLIED] == go_json(deployment(3))


def test_kubectl_is_not_forgiven_for_fields_changed_since_last_apply():
    current = client_side_created()
    current = update_managed_fields(current, {**current, "spec": {**current["spec"], "replicas": 5}},
                                    "kubectl-scale", T1)
    with pytest.raises(PatchError) as e:
        server_side_apply(current, deployment(3), "kubectl", T2)
    assert e.value.message == ('Apply failed with 1 conflict: conflict with "kubectl-scale" using apps/v1: '
                               ".spec.replicas")


def test_several_conflicts_are_grouped_by_manager():
    cm = server_side_apply(None, configmap(a="1", b="1", c="1"), "one", T0)
    cm = update_managed_fields(cm, {**cm, "data": {"a": "2", "b": "2", "c": "1"}}, "two", T1)
    cm = update_managed_fields(cm, {**cm, "data": {"a": "2", "b": "2", "c": "3"}}, "three", T2)
    with pytest.raises(PatchError) as e:
        server_side_apply(cm, configmap(a="9", b="9", c="9"), "one", T3)
    assert e.value.message == ('Apply failed with 3 conflicts: conflicts with "three" using v1:\n- .data.c\n'
                               'conflicts with "two" using v1:\n- .data.a\n- .data.b')
    assert len(e.value.status()["details"]["causes"]) == 3


def test_fields_dropped_from_the_config_are_removed_unless_someone_else_owns_them():
    cm = server_side_apply(None, configmap(k="v", j="w"), "kubectl", T0)
    assert server_side_apply(cm, configmap(k="v"), "kubectl", T1)["data"] == {"k": "v"}
    edited = update_managed_fields(cm, {**cm, "data": {"k": "v", "j": "w2"}}, "editor", T1)
    after = server_side_apply(edited, configmap(k="v"), "kubectl", T2)
    assert after["data"] == {"k": "v", "j": "w2"}
    # nothing changed, so the applier's time stays
    assert entries(after) == [("kubectl", "Apply", T0), ("editor", "Update", T1)]


def test_an_update_takes_fields_from_the_applier():
    obj = server_side_apply(None, deployment(3), "kubectl", T0)
    scaled = update_managed_fields(obj, {**obj, "spec": {**obj["spec"], "replicas": 6}}, "hpa", T1)
    managed = {m.manager: o.fields for m, o in decode_managed_fields(scaled["metadata"]["managedFields"]).items()}
    assert managed["hpa"] == {(("f", "spec"), ("f", "replicas"))}
    assert (("f", "spec"), ("f", "replicas")) not in managed["kubectl"]
    with pytest.raises(PatchError, match='conflict with "hpa" using apps/v1: .spec.replicas'):
        server_side_apply(scaled, deployment(3), "kubectl", T2)


def test_unchanged_apply_keeps_the_old_time():
    obj = server_side_apply(None, configmap(k="v"), "kubectl", T0)
    again = server_side_apply(obj, configmap(k="v"), "kubectl", T1)
    assert again == obj


def test_objects_without_managed_fields_start_with_before_first_apply():
    untracked = configmap(k="v", j="w")
    untracked["metadata"]["uid"] = "u1"
    assert "managedFields" not in update_managed_fields(untracked, untracked, "edit", T0)["metadata"]
    with pytest.raises(PatchError, match='conflict with "before-first-apply" using v1: .data.k'):
        server_side_apply(untracked, configmap(k="x"), "ci", T1)


def test_status_is_not_owned_through_the_main_resource():
    config = deployment(1)
    config["status"] = {"replicas": 1}
    obj = server_side_apply(None, config, "kubectl", T0)
    assert "status" not in obj and "f:status" not in obj["metadata"]["managedFields"][0]["fieldsV1"]


def test_update_managers_are_capped_at_ten():
    obj = server_side_apply(None, configmap(k="v"), "kubectl", T0)
    for i in range(12):
        obj = update_managed_fields(obj, {**obj, "data": {**obj["data"], f"m{i}": "x"}}, f"m{i:02}",
                                    f"2025-01-01T01:{i:02}:00Z")
    managers = [e["manager"] for e in obj["metadata"]["managedFields"]]
    assert len(managers) == 11 and "ancient-changes" in managers and "m00" not in managers


@pytest.mark.parametrize("config,message", [
    ({**configmap(k="v"), "kind": "Secret"}, "invalid object type: /v1, Kind=Secret"),
    ({**configmap(k="v"), "metadata": {"name": "c", "managedFields": []}}, "metadata.managedFields must be nil"),
])
def test_bad_apply_configurations_are_400(config, message):
    with pytest.raises(PatchError) as e:
        server_side_apply(configmap(k="v"), config, "kubectl", T0)
    assert (e.value.code, e.value.reason, e.value.message) == (400, "BadRequest", message)


@pytest.mark.parametrize("body,expected", [
    (b'{"apiVersion":"v1","kind":"ConfigMap"}', {"apiVersion": "v1", "kind": "ConfigMap"}),
    (b"apiVersion: v1\nkind: ConfigMap\ndata:\n  day: 2025-01-01\n  on: yes\n",
     {"apiVersion": "v1", "kind": "ConfigMap", "data": {"day": "2025-01-01", "true": True}}),
    (b"", {}),
])
def test_decode_apply_patch(body, expected):
    assert decode_apply_patch(body) == expected


@pytest.mark.parametrize("body,message", [
    (b"- a\n- b\n", "error decoding patch: json: cannot unmarshal array into Go value of type "
                    "map[string]interface {}"),
    (b"a: [\n", None),
])
def test_decode_apply_patch_errors(body, message):
    with pytest.raises(PatchError) as e:
        decode_apply_patch(body)
    assert e.value.code == 400 and e.value.message.startswith("error decoding patch: ")
    assert message is None or e.value.message == message


@pytest.mark.parametrize("field_manager,user_agent,expected", [
    ("kubectl-client-side-apply", "kubectl/v1.32.4 (linux/amd64) kubernetes/4cb5f07", "kubectl-client-side-apply"),
    ("", "kubectl/v1.32.4 (linux/amd64) kubernetes/4cb5f07", "kubectl"),
    ("", "OpenAPI-Generator/32.0.1/python", "OpenAPI-Generator"),
    ("", "x" * 200, "x" * 128),
])
def test_manager_or_user_agent(field_manager, user_agent, expected):
    assert manager_or_user_agent(field_manager, user_agent) == expected
