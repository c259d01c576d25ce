"""Creating strategic merge patches as kubectl's client-side apply does, then applying them."""

import pytest

from k8slab.apiserver.patch import schema
from k8slab.apiserver.patch.errors import (ConflictError, PreconditionFailed, require_key_unchanged,
                                           require_metadata_key_unchanged)
from k8slab.apiserver.patch.gojson import go_json
from k8slab.apiserver.patch.strategic import strategic_merge_patch
from k8slab.apiserver.patch.strategic_diff import (create_three_way_merge_patch,
                                                   create_two_way_merge_patch)

from .builders import container, deployment, live, pod, template_spec

DEPLOY = schema.schema_for("apps/v1", "Deployment")
POD = schema.schema_for("v1", "Pod")
APPLY_PRECONDITIONS = [require_key_unchanged("apiVersion"), require_key_unchanged("kind"),
                       require_metadata_key_unchanged("name")]
LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"


def kubectl_apply(last: dict, new: dict, current: dict, schema_=DEPLOY) -> dict:
    """What `kubectl apply` sends: the new config carries its own last-applied annotation."""
    modified = dict(new, metadata=dict(new["metadata"], annotations={LAST_APPLIED: go_json(new) + "\n"}))
    return create_three_way_merge_patch(last, modified, current, schema_, preconditions=APPLY_PRECONDITIONS)


def test_wire_example_kubectl_1_32_apply():
    """The exact body kubectl 1.32 sent for `kubectl apply` after replicas 2->3, image 1.27->1.28."""
    first = deployment(2, "nginx:1.27")
    current = live(deployment(2, "nginx:1.27", last_applied=go_json(first) + "\n"))
    second = deployment(3, "nginx:1.28")
    patch = kubectl_apply(first, second, current)
    annotation = go_json(second) + "\n"
    assert go_json(patch) == (
        '{"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":'
        + go_json(annotation) + '}},"spec":{"replicas":3,"template":{"spec":{"$setElementOrder/containers":'
        '[{"name":"nginx"}],"containers":[{"image":"nginx:1.28","name":"nginx"}]}}}}')
    after = strategic_merge_patch(current, patch, DEPLOY)
    assert after["spec"]["replicas"] == 3
    assert template_spec(after)["containers"] == [{
        "name": "nginx", "image": "nginx:1.28", "ports": [{"containerPort": 80, "protocol": "TCP"}],
        "imagePullPolicy": "IfNotPresent", "resources": {}}]
    assert after["status"] == current["status"] and after["metadata"]["uid"] == current["metadata"]["uid"]


def test_unchanged_config_sends_an_empty_patch():
    first = deployment()
    current = live(deployment(last_applied=go_json(first) + "\n"))
    assert kubectl_apply(first, first, current) == {}


def test_env_removed_from_config_becomes_patch_delete():
    env = [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]
    first = deployment(env=env)
    second = deployment(env=env[:1])
    current = live(first)
    patch = kubectl_apply(first, second, current)
    assert patch["spec"] == {"template": {"spec": {
        "$setElementOrder/containers": [{"name": "nginx"}],
        "containers": [{"name": "nginx", "$setElementOrder/env": [{"name": "A"}],
                        "env": [{"name": "B", "$patch": "delete"}]}]}}}
    after = strategic_merge_patch(current, patch, DEPLOY)
    assert template_spec(after)["containers"][0]["env"] == [{"name": "A", "value": "1"}]


def test_strategy_change_sends_retain_keys():
    first = deployment(strategy={"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1}})
    second = deployment(strategy={"type": "Recreate"})
    current = live(first)
    current["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] = "25%"
    patch = kubectl_apply(first, second, current)
    assert patch["spec"] == {"strategy": {"$retainKeys": ["type"], "rollingUpdate": None, "type": "Recreate"}}
    assert strategic_merge_patch(current, patch, DEPLOY)["spec"]["strategy"] == {"type": "Recreate"}


def test_fields_set_by_others_survive_apply():
    """Three-way: the server's defaults and other writers' fields are not in the patch."""
    first = deployment()
    current = live(first)
    current["metadata"]["labels"] = {"team": "web"}          # added by `kubectl label`
    patch = kubectl_apply(first, deployment(4), current)
    assert patch["spec"] == {"replicas": 4}
    after = strategic_merge_patch(current, patch, DEPLOY)
    assert after["metadata"]["labels"] == {"team": "web"}
    assert after["spec"]["strategy"] == current["spec"]["strategy"]


def test_container_added_in_config_lands_where_the_config_puts_it():
    first = deployment()
    second = deployment()
    template_spec(second)["containers"].append(container("sidecar", "busybox"))
    current = live(first)
    patch = kubectl_apply(first, second, current)
    assert template_spec(patch) == {"$setElementOrder/containers": [{"name": "nginx"}, {"name": "sidecar"}],
                                    "containers": [container("sidecar", "busybox")]}
    names = [c["name"] for c in template_spec(strategic_merge_patch(current, patch, DEPLOY))["containers"]]
    assert names == ["nginx", "sidecar"]


# (id, original, modified, expected two-way patch)
TWO_WAY = [
    ("reorder only", {"containers": [container("a"), container("b")]},
     {"containers": [container("b"), container("a")]},
     {"$setElementOrder/containers": [{"name": "b"}, {"name": "a"}]}),
    ("field removed", {"containers": [container("a")], "nodeName": "n1"}, {"containers": [container("a")]},
     {"nodeName": None}),
    ("atomic list changed", {"containers": [container("a")], "tolerations": [{"key": "x"}]},
     {"containers": [container("a")], "tolerations": [{"key": "y"}]}, {"tolerations": [{"key": "y"}]}),
    ("container deleted", {"containers": [container("a"), container("b")]}, {"containers": [container("b")]},
     {"$setElementOrder/containers": [{"name": "b"}], "containers": [{"name": "a", "$patch": "delete"}]}),
    ("volume source changed", {"containers": [container("a")], "volumes": [{"name": "v", "emptyDir": {}}]},
     {"containers": [container("a")], "volumes": [{"name": "v", "hostPath": {"path": "/d"}}]},
     {"$setElementOrder/volumes": [{"name": "v"}],
      "volumes": [{"$retainKeys": ["hostPath", "name"], "emptyDir": None, "hostPath": {"path": "/d"},
                   "name": "v"}]}),
]


@pytest.mark.parametrize("original,modified,expected", [c[1:] for c in TWO_WAY], ids=[c[0] for c in TWO_WAY])
def test_two_way_patch_and_round_trip(original, modified, expected):
    before, after = pod(**original), pod(**modified)
    before["spec"], after["spec"] = original, modified
    patch = create_two_way_merge_patch(before, after, POD)
    assert patch == {"spec": expected}
    assert strategic_merge_patch(before, patch, POD) == after


def test_primitive_list_deletion_uses_a_parallel_list():
    before, after = pod(), pod()
    before["metadata"]["finalizers"] = ["a", "b"]
    after["metadata"]["finalizers"] = ["a"]
    patch = create_two_way_merge_patch(before, after, POD)
    assert patch == {"metadata": {"$deleteFromPrimitiveList/finalizers": ["b"],
                                  "$setElementOrder/finalizers": ["a"]}}
    assert strategic_merge_patch(before, patch, POD)["metadata"]["finalizers"] == ["a"]


def test_renaming_fails_the_apply_preconditions():
    first = deployment()
    renamed = deployment()
    renamed["metadata"]["name"] = "other"
    with pytest.raises(PreconditionFailed, match="^precondition failed for: map"):
        kubectl_apply(first, renamed, live(first))


def test_overwrite_false_reports_a_conflict():
    first, current = deployment(2), live(deployment(2))
    current["spec"]["replicas"] = 5                             # scaled by someone else
    modified = deployment(3)
    with pytest.raises(ConflictError, match="conflicts with changes made from original to current"):
        create_three_way_merge_patch(first, modified, current, DEPLOY, overwrite=False)
    assert create_three_way_merge_patch(first, modified, current, DEPLOY)["spec"] == {"replicas": 3}


def test_inputs_are_not_modified():
    first, second, current = deployment(), deployment(3), live(deployment())
    snapshot = go_json([first, second, current])
    create_three_way_merge_patch(first, second, current, DEPLOY)
    create_two_way_merge_patch(first, second, DEPLOY)
    assert go_json([first, second, current]) == snapshot
