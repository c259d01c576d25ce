"""k8slab.api.copying: deep copies and the managedFields-less view shared by the API server's
field manager and the informers' transform."""

from k8slab.api.copying import deep_copy, without_managed_fields
from k8slab.client.informers import trim_managed_fields


def pod():
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "p", "labels": {"a": "b"},
                         "managedFields": [{"manager": "kubectl", "operation": "Update"}]},
            "spec": {"containers": [{"name": "c", "image": "nginx"}]}}


def test_deep_copy_shares_nothing():
    p = pod()
    c = deep_copy(p)
    assert c == p
    c["spec"]["containers"][0]["image"] = "redis"
    assert p["spec"]["containers"][0]["image"] == "nginx"


def test_deep_copy_falls_back_for_values_json_cannot_hold():
    v = {"s": {1, 2}}
    c = deep_copy(v)
    assert c == v and c["s"] is not v["s"]


def test_without_managed_fields_leaves_the_input_whole():
    p = pod()
    out = without_managed_fields(p)
    assert "managedFields" not in out["metadata"]
    assert p["metadata"]["managedFields"] == [{"manager": "kubectl", "operation": "Update"}]
    assert out["metadata"]["labels"] is p["metadata"]["labels"]      # shallow: the rest is shared
    assert out["spec"] is p["spec"]


def test_without_managed_fields_returns_the_object_itself_when_there_are_none():
    p = pod()
    del p["metadata"]["managedFields"]
    assert without_managed_fields(p) is p
    assert without_managed_fields({"kind": "Status"}) == {"kind": "Status"}
    assert without_managed_fields("not an object") == "not an object"


def test_the_informer_transform_is_the_same_view():
    assert trim_managed_fields(pod()) == without_managed_fields(pod())
