import pytest

from k8slab.apiserver import errors as E
from k8slab.cluster import Cluster

from .helpers import create, pod, server

MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount"


def sa(name, **fields):
    return {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": name}, **fields}


def test_refuses_a_pod_whose_account_does_not_exist():
    api = server(plugins=["NamespaceLifecycle", "ServiceAccount"], accounts=())
    with pytest.raises(E.APIError) as e:
        create(api, "pods", pod("web"))
    assert e.value.code == 403
    assert e.value.message == ('pods "web" is forbidden: error looking up service account default/default: '
                               'serviceaccount "default" not found')
    with pytest.raises(E.APIError) as e:
        create(api, "pods", {**pod(), "metadata": {"generateName": "web-"}})
    assert e.value.message.startswith('pods "web-" is forbidden: error looking up service account')
    assert api.admission.last_records[-1].steps[0]["plugin"] == "ServiceAccount"


def test_defaults_the_account_and_mounts_the_projected_token():
    api = server(plugins=["ServiceAccount"], accounts=())
    create(api, "serviceaccounts", sa("default", imagePullSecrets=[{"name": "regcred"}]))
    out = create(api, "pods", pod("web", initContainers=[{"name": "i", "image": "busybox"}]))
    spec = out["spec"]
    assert spec["serviceAccountName"] == spec["serviceAccount"] == "default"
    volume = spec["volumes"][-1]
    assert volume["name"].startswith("kube-api-access-") and len(volume["name"]) == len("kube-api-access-") + 5
    assert volume["projected"] == {"defaultMode": 420, "sources": [
        {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
        {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
        {"downwardAPI": {"items": [{"path": "namespace",
                                    "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}}]}}]}
    for c in spec["initContainers"] + spec["containers"]:
        assert c["volumeMounts"] == [{"name": volume["name"], "readOnly": True, "mountPath": MOUNT_PATH}]
    assert spec["imagePullSecrets"] == [{"name": "regcred"}]
    patch = api.admission.last_records[-1].steps[0]["patch"]
    assert patch[0] == {"op": "add", "path": "/spec/serviceAccountName", "value": "default"}
    assert {"op": "add", "path": "/spec/volumes", "value": [volume]} in patch


def test_no_token_when_automount_is_off_and_no_second_mount():
    api = server(plugins=["ServiceAccount"], accounts=())
    create(api, "serviceaccounts", sa("robot", automountServiceAccountToken=False))
    out = create(api, "pods", pod("a", serviceAccountName="robot"))
    assert "volumes" not in out["spec"] and "volumeMounts" not in out["spec"]["containers"][0]
    create(api, "serviceaccounts", sa("default"))
    own = {"name": "c", "image": "nginx", "volumeMounts": [{"name": "mine", "mountPath": MOUNT_PATH}]}
    out = create(api, "pods", pod("b", containers=[own], volumes=[{"name": "mine", "emptyDir": {}}]))
    assert [v["name"] for v in out["spec"]["volumes"]] == ["mine"]


def test_book_profile_mounts_the_token_secret():
    from k8slab.apiserver.bootstrap import bootstrap
    from k8slab.apiserver.handler import APIServer
    from k8slab.sim.clock import VirtualClock
    api = APIServer(clock=VirtualClock(), profile="book", admission_plugins=["ServiceAccount"])
    bootstrap(api)
    create(api, "serviceaccounts", sa("default", secrets=[{"name": "default-token-x7k2p"}]))
    out = create(api, "pods", pod("web"))
    assert out["spec"]["volumes"] == [{"name": "default-token-x7k2p",
                                       "secret": {"secretName": "default-token-x7k2p", "defaultMode": 420}}]


def test_in_a_cluster_the_controller_makes_default_before_the_pod_is_refused():
    c = Cluster(0, enable_admission_plugins="ServiceAccount")
    c.client.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "fresh"}})
    out = c.client.create(pod("now"), "fresh")          # no settle: the account did not exist yet
    assert out["spec"]["serviceAccountName"] == "default"
