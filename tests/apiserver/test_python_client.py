"""The official `kubernetes` Python client, unchanged, against `k8slab up`: its strict pydantic
models reject any response that lacks a field the upstream schema requires."""

import threading

import pytest

kubernetes = pytest.importorskip("kubernetes", reason="the official kubernetes client is a [dev] dependency")
from kubernetes import client, config, watch  # noqa: E402

from .kubectl_harness import Cluster  # noqa: E402


@pytest.fixture(scope="module")
def api():
    c = Cluster(version="1.32")
    config.load_kube_config(config_file=c.kubeconfig)
    yield client
    c.stop()


def test_version_and_namespaces(api):
    info = api.VersionApi().get_code()
    assert info.git_version == "v1.32.0-k8slab"
    ns = api.CoreV1Api().create_namespace({"apiVersion": "v1", "kind": "Namespace",
                                           "metadata": {"name": "py"}})
    assert ns.status.phase == "Active" and ns.spec.finalizers == ["kubernetes"]
    names = [n.metadata.name for n in api.CoreV1Api().list_namespace().items]
    assert {"default", "kube-system", "py"} <= set(names)


def test_deployment_create_list_patch_scale(api):
    apps = api.AppsV1Api()
    dep = apps.create_namespaced_deployment("py", {
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "labels": {"app": "web"}},
        "spec": {"selector": {"matchLabels": {"app": "web"}},
                 "template": {"metadata": {"labels": {"app": "web"}},
                              "spec": {"containers": [{"name": "nginx", "image": "nginx:1.25"}]}}}})
    assert dep.spec.replicas == 1 and dep.metadata.generation == 1
    assert dep.spec.strategy.rolling_update.max_surge == "25%"
    listed = apps.list_namespaced_deployment("py", label_selector="app=web")
    assert [d.metadata.name for d in listed.items] == ["web"]
    patched = apps.patch_namespaced_deployment("web", "py", {"metadata": {"labels": {"tier": "front"}}})
    assert patched.metadata.labels == {"app": "web", "tier": "front"}
    scale = apps.patch_namespaced_deployment_scale("web", "py", {"spec": {"replicas": 4}})
    assert scale.spec.replicas == 4 and scale.status.selector == "app=web"
    assert apps.read_namespaced_deployment("web", "py").spec.replicas == 4


def test_services_configmaps_secrets_and_errors(api):
    core = api.CoreV1Api()
    svc = core.create_namespaced_service("py", {
        "apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"},
        "spec": {"type": "NodePort", "selector": {"app": "web"}, "ports": [{"port": 80}]}})
    assert svc.spec.cluster_ip.startswith("10.") and 30000 <= svc.spec.ports[0].node_port <= 32767
    assert svc.spec.ports[0].target_port == 80 and svc.spec.ports[0].protocol == "TCP"
    core.create_namespaced_config_map("py", {"apiVersion": "v1", "kind": "ConfigMap",
                                             "metadata": {"name": "cfg"}, "data": {"k": "v"}})
    sec = core.create_namespaced_secret("py", {"apiVersion": "v1", "kind": "Secret",
                                               "metadata": {"name": "s"}, "stringData": {"p": "w"}})
    assert sec.type == "Opaque" and sec.data == {"p": "dw=="}
    with pytest.raises(client.ApiException) as e:
        core.read_namespaced_config_map("missing", "py")
    assert e.value.status == 404
    with pytest.raises(client.ApiException) as e:
        core.create_namespaced_config_map("py", {"apiVersion": "v1", "kind": "ConfigMap",
                                                 "metadata": {"name": "cfg"}})
    assert e.value.status == 409 and e.value.reason == "Conflict"


def test_watch_stream_sees_added_and_deleted(api):
    core = api.CoreV1Api()
    rv = core.list_namespaced_config_map("py").metadata.resource_version
    seen = []

    def consume():
        w = watch.Watch()
        for ev in w.stream(core.list_namespaced_config_map, "py", resource_version=rv, timeout_seconds=10):
            seen.append((ev["type"], ev["object"].metadata.name))
            if ev["type"] == "DELETED":
                w.stop()

    t = threading.Thread(target=consume)
    t.start()
    core.create_namespaced_config_map("py", {"apiVersion": "v1", "kind": "ConfigMap",
                                             "metadata": {"name": "watched"}})
    core.patch_namespaced_config_map("watched", "py", {"data": {"x": "1"}})
    core.delete_namespaced_config_map("watched", "py")
    t.join(15)
    assert seen == [("ADDED", "watched"), ("MODIFIED", "watched"), ("DELETED", "watched")]


def test_delete_responses(api):
    core, apps = api.CoreV1Api(), api.AppsV1Api()
    # this client types most delete responses as plain objects (dicts); services as V1Service
    status = apps.delete_namespaced_deployment("web", "py")
    assert status["kind"] == "Status" and status["status"] == "Success"
    assert status["details"] == {"name": "web", "group": "apps", "kind": "deployments",
                                 "uid": status["details"]["uid"]}
    svc = core.delete_namespaced_service("web", "py")            # services return the object
    assert svc.kind == "Service" and svc.metadata.name == "web"
    ns = core.delete_namespace("py")             # a namespace is only marked: Terminating
    assert ns["metadata"]["name"] == "py" and ns["status"]["phase"] == "Terminating"
