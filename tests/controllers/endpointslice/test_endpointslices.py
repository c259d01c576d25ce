"""EndpointSlices: naming, labels, conditions, placeholder, the 100-endpoint limit."""

from k8slab import Cluster
from k8slab.api.names import rfc3339
from k8slab.controllers.endpointslice import EndpointSliceController
from tests.controllers.helpers import default_account


def cluster():
    c = Cluster(start=False)
    c.add_component(EndpointSliceController())
    c.start()
    default_account(c)
    for n in ("node1", "node2"):
        c.apply({"apiVersion": "v1", "kind": "Node",
                 "metadata": {"name": n, "labels": {"topology.kubernetes.io/zone": "zone-a"}}})
    return c


def slices(c, svc="web"):
    items = c.client.list("discovery.k8s.io/v1", "EndpointSlice", "default",
                          labelSelector=f"kubernetes.io/service-name={svc}")["items"]
    return sorted(items, key=lambda s: s["metadata"]["name"])


def web_service(c, **spec):
    c.apply({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "labels": {"tier": "fe"}},
             "spec": {"selector": {"app": "web"}, "ports": [{"name": "http", "port": 80, "targetPort": "http"}],
                      **spec}})


def add_pod(c, name, ip, ready=True, node="node1", settle=True):
    c.client.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "labels": {"app": "web"}},
                     "spec": {"nodeName": node, "containers": [{"name": "c", "image": "nginx",
                                                                "ports": [{"name": "http", "containerPort": 8080}]}]}})
    p = c.client.get("v1", "Pod", name, "default")
    p["status"].update(phase="Running", podIP=ip, podIPs=[{"ip": ip}], conditions=[
        {"type": "Ready", "status": "True" if ready else "False", "lastTransitionTime": rfc3339(c.clock.time())}])
    c.client._call("PUT", f"/api/v1/namespaces/default/pods/{name}/status", None, p)
    if settle:
        c.settle()


def test_placeholder_slice_for_a_service_without_pods():
    c = cluster()
    web_service(c)
    [s] = slices(c)
    assert s["metadata"]["name"].startswith("web-") and len(s["metadata"]["name"]) == len("web-") + 5
    assert s["metadata"]["labels"] == {"tier": "fe", "kubernetes.io/service-name": "web",
                                       "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io"}
    svc = c.client.get("v1", "Service", "web", "default")
    assert s["metadata"]["ownerReferences"] == [{"apiVersion": "v1", "kind": "Service", "name": "web",
                                                 "uid": svc["metadata"]["uid"], "controller": True,
                                                 "blockOwnerDeletion": True}]
    assert s["addressType"] == "IPv4" and s["endpoints"] == [] and not s.get("ports")


def test_endpoints_with_conditions_zone_and_resolved_ports():
    c = cluster()
    web_service(c)
    add_pod(c, "web-1", "10.244.1.5", True)
    add_pod(c, "web-2", "10.244.2.7", False, node="node2")
    [s] = slices(c)                               # the placeholder was reused for the endpoints
    assert s["ports"] == [{"name": "http", "port": 8080, "protocol": "TCP"}]
    uid1 = c.client.get("v1", "Pod", "web-1", "default")["metadata"]["uid"]
    assert s["endpoints"][0] == {
        "addresses": ["10.244.1.5"], "conditions": {"ready": True, "serving": True, "terminating": False},
        "targetRef": {"kind": "Pod", "namespace": "default", "name": "web-1", "uid": uid1},
        "nodeName": "node1", "zone": "zone-a"}
    assert s["endpoints"][1]["conditions"] == {"ready": False, "serving": False, "terminating": False}
    assert "endpoints.kubernetes.io/last-change-trigger-time" in s["metadata"]["annotations"]


def test_headless_label_and_pod_removal():
    c = cluster()
    web_service(c, clusterIP="None")
    add_pod(c, "web-1", "10.0.0.1")
    add_pod(c, "web-2", "10.0.0.2")
    [s] = slices(c)
    assert s["metadata"]["labels"]["service.kubernetes.io/headless"] == ""
    c.client.delete("v1", "Pod", "web-1", "default", gracePeriodSeconds=0)
    c.settle()
    [s] = slices(c)
    assert [e["targetRef"]["name"] for e in s["endpoints"]] == ["web-2"]


def test_at_most_100_endpoints_per_slice():
    c = cluster()
    web_service(c)
    for i in range(150):
        add_pod(c, f"web-{i:03d}", f"10.1.{i // 250}.{i % 250 + 1}", settle=False)
    c.settle()
    sizes = sorted(len(s["endpoints"]) for s in slices(c))
    assert sizes == [50, 100]
    assert sum(sizes) == 150
