"""Endpoints from ready and not-ready pods, named target ports, headless services."""

from k8slab import Cluster
from k8slab.api.names import rfc3339
from k8slab.apiserver.errors import APIError
from k8slab.controllers.endpoints import EndpointsController
from tests.controllers.helpers import default_account


def cluster():
    c = Cluster(start=False)
    c.add_component(EndpointsController())
    c.start()
    default_account(c)
    return c


def service(name="web", ports=None, selector=None, cluster_ip=None, **spec):
    s = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": name, "labels": {"app": name}},
         "spec": {"selector": selector if selector is not None else {"app": "web"},
                  "ports": ports if ports is not None else [{"name": "http", "port": 80, "targetPort": "http"}],
                  **spec}}
    if cluster_ip:
        s["spec"]["clusterIP"] = cluster_ip
    return s


def pod(c, name, ip, ready, node="node1", labels=None, port=8080):
    c.apply({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "labels": labels or {"app": "web"}},
             "spec": {"nodeName": node, "containers": [{"name": "c", "image": "nginx",
                                                        "ports": [{"name": "http", "containerPort": port}]}]}})
    set_ready(c, name, ip, ready)


def set_ready(c, name, ip, ready):
    p = c.client.get("v1", "Pod", name, "default")
    now = rfc3339(c.clock.time())
    p["status"].update(phase="Running", podIP=ip, podIPs=[{"ip": ip}], conditions=[
        {"type": "Ready", "status": "True" if ready else "False", "lastTransitionTime": now}])
    c.client._call("PUT", f"/api/v1/namespaces/default/pods/{name}/status", None, p)
    c.settle()


def test_ready_and_not_ready_addresses_with_named_target_port():
    c = cluster()
    c.apply(service())
    pod(c, "web-1", "10.244.1.5", True)
    pod(c, "web-2", "10.244.2.7", False, node="node2", port=9090)
    ep = c.client.get("v1", "Endpoints", "web", "default")
    assert ep["metadata"]["labels"] == {"app": "web"}
    uid1 = c.client.get("v1", "Pod", "web-1", "default")["metadata"]["uid"]
    uid2 = c.client.get("v1", "Pod", "web-2", "default")["metadata"]["uid"]
    assert ep["subsets"] == [
        {"addresses": [{"ip": "10.244.1.5", "nodeName": "node1",
                        "targetRef": {"kind": "Pod", "namespace": "default", "name": "web-1", "uid": uid1}}],
         "ports": [{"name": "http", "port": 8080, "protocol": "TCP"}]},
        {"notReadyAddresses": [{"ip": "10.244.2.7", "nodeName": "node2",
                                "targetRef": {"kind": "Pod", "namespace": "default", "name": "web-2",
                                              "uid": uid2}}],
         "ports": [{"name": "http", "port": 9090, "protocol": "TCP"}]}]
    assert "endpoints.kubernetes.io/last-change-trigger-time" in ep["metadata"]["annotations"]


def test_pod_becoming_ready_moves_to_addresses():
    c = cluster()
    c.apply(service(ports=[{"port": 80, "targetPort": 8080}]))
    pod(c, "web-1", "10.244.1.5", False)
    assert "notReadyAddresses" in c.client.get("v1", "Endpoints", "web", "default")["subsets"][0]
    c.advance(7)
    set_ready(c, "web-1", "10.244.1.5", True)
    ep = c.client.get("v1", "Endpoints", "web", "default")
    [subset] = ep["subsets"]
    assert [a["ip"] for a in subset["addresses"]] == ["10.244.1.5"] and "notReadyAddresses" not in subset
    assert subset["ports"] == [{"port": 8080, "protocol": "TCP"}]
    assert ep["metadata"]["annotations"]["endpoints.kubernetes.io/last-change-trigger-time"] == \
        rfc3339(c.clock.time())


def test_same_ports_share_a_subset_and_pods_without_ip_or_terminal_are_left_out():
    c = cluster()
    c.apply(service())
    pod(c, "b", "10.0.0.2", True)
    pod(c, "a", "10.0.0.1", True)
    c.apply({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "pending", "labels": {"app": "web"}},
             "spec": {"containers": [{"name": "c", "image": "nginx"}]}})
    pod(c, "done", "10.0.0.3", False)
    p = c.client.get("v1", "Pod", "done", "default")
    p["status"]["phase"] = "Succeeded"
    c.client._call("PUT", "/api/v1/namespaces/default/pods/done/status", None, p)
    c.settle()
    [subset] = c.client.get("v1", "Endpoints", "web", "default")["subsets"]
    assert [a["ip"] for a in subset["addresses"]] == ["10.0.0.1", "10.0.0.2"]


def test_headless_service_without_ports_and_hostname():
    c = cluster()
    c.apply(service(name="db", ports=[], selector={"app": "db"}, cluster_ip="None"))
    c.apply({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "db-0", "labels": {"app": "db"}},
             "spec": {"hostname": "db-0", "subdomain": "db", "nodeName": "node1",
                      "containers": [{"name": "c", "image": "redis"}]}})
    set_ready(c, "db-0", "10.0.0.9", True)
    ep = c.client.get("v1", "Endpoints", "db", "default")
    assert ep["metadata"]["labels"] == {"app": "db", "service.kubernetes.io/headless": ""}
    [subset] = ep["subsets"]
    assert subset["addresses"][0]["hostname"] == "db-0" and "ports" not in subset


def test_service_without_selector_is_left_alone_and_deleted_service_loses_endpoints():
    c = cluster()
    c.apply(service(name="manual", selector={}))
    c.apply({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "ext"},
             "spec": {"ports": [{"port": 80}]}})
    c.apply(service())
    pod(c, "web-1", "10.244.1.5", True)
    try:
        c.client.get("v1", "Endpoints", "ext", "default")
        raise AssertionError("no endpoints for a service without selector")
    except APIError as e:
        assert e.code == 404
    c.client.delete("v1", "Service", "web", "default")
    c.settle()
    try:
        c.client.get("v1", "Endpoints", "web", "default")
        raise AssertionError("endpoints should go with their service")
    except APIError as e:
        assert e.code == 404


def test_deleted_endpoints_are_recreated():
    c = cluster()
    c.apply(service())
    pod(c, "web-1", "10.244.1.5", True)
    c.client.delete("v1", "Endpoints", "web", "default")
    c.settle()
    assert c.client.get("v1", "Endpoints", "web", "default")["subsets"][0]["addresses"][0]["ip"] == "10.244.1.5"
