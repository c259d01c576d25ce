"""Core-group printers other than pods: services, endpoints, nodes, events, storage, config."""

import pytest

from k8slab.api.printers import table

from .builders import NOW, T0, containers, obj, ts


def row(resource, o, now=NOW):
    return table("", resource, [o], now)["rows"][0]["cells"]


# --- services -------------------------------------------------------------------------------------

def service(name="redis-server", type_="ClusterIP", cluster_ip="10.96.0.100", ports=None,
            selector=None, **spec):
    s = {"ports": ports if ports is not None else [{"port": 6379, "protocol": "TCP"}], **spec}
    if type_:
        s["type"] = type_
    if cluster_ip:
        s["clusterIP"], s["clusterIPs"] = cluster_ip, [cluster_ip]
    if selector:
        s["selector"] = selector
    return obj("Service", name, spec=s)


def test_cluster_ip_service():
    assert row("services", service(selector={"app": "redis"})) == \
        ["redis-server", "ClusterIP", "10.96.0.100", "<none>", "6379/TCP", "60m", "app=redis"]


@pytest.mark.parametrize("ports,text", [
    ([{"port": 80, "nodePort": 30080, "protocol": "TCP"}], "80:30080/TCP"),
    ([{"port": 80, "nodePort": 30080, "protocol": "TCP"}, {"port": 443, "nodePort": 30443,
                                                           "protocol": "TCP"}],
     "80:30080/TCP,443:30443/TCP"),
    ([{"port": 53, "protocol": "UDP"}, {"port": 53, "protocol": "TCP"}], "53/UDP,53/TCP"),
    ([{"port": 8080}], "8080/TCP"),
    ([], "<none>"),
])
def test_port_strings(ports, text):
    assert row("services", service(type_="NodePort", ports=ports))[4] == text


def test_load_balancer_external_ip():
    lb = service(type_="LoadBalancer")
    assert row("services", lb)[3] == "<pending>"
    lb["status"] = {"loadBalancer": {"ingress": [{"hostname": "lb.example.com"}, {"ip": "203.0.113.9"},
                                                 {"ip": "203.0.113.9"}]}}
    assert row("services", lb)[3] == "203.0.113.9,lb.example.com"
    lb["spec"]["externalIPs"] = ["198.51.100.1"]
    assert row("services", lb)[3] == "203.0.113.9,lb.example.com,198.51.100.1"
    del lb["status"]
    assert row("services", lb)[3] == "198.51.100.1"


def test_cluster_ip_with_external_ips_headless_and_external_name():
    assert row("services", service(externalIPs=["198.51.100.1", "198.51.100.2"]))[3] == \
        "198.51.100.1,198.51.100.2"
    assert row("services", service(cluster_ip="None"))[2] == "None"
    ext = service(type_="ExternalName", cluster_ip=None, ports=[], externalName="db.example.com")
    assert row("services", ext) == ["redis-server", "ExternalName", "<none>", "db.example.com", "<none>",
                                    "60m", "<none>"]


def test_missing_type_reads_as_cluster_ip_and_cluster_ip_without_cluster_ips():
    s = service(type_=None)
    s["spec"].pop("clusterIPs")
    assert row("services", s)[1:4] == ["ClusterIP", "10.96.0.100", "<none>"]


# --- endpoints ------------------------------------------------------------------------------------

def endpoints(*subsets):
    return obj("Endpoints", "redis-server", subsets=list(subsets))


def test_endpoints_cells():
    one = endpoints({"addresses": [{"ip": "10.244.1.5"}], "ports": [{"port": 6379}]})
    assert row("endpoints", one) == ["redis-server", "10.244.1.5:6379", "60m"]


def test_endpoints_more_counts_every_address_port_pair():
    e = endpoints({"addresses": [{"ip": "10.0.0.1"}, {"ip": "10.0.0.2"}],
                   "ports": [{"name": "http", "port": 80}, {"name": "https", "port": 443}]})
    assert row("endpoints", e)[1] == "10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more..."


@pytest.mark.parametrize("subsets,text", [
    ([], "<none>"),
    ([{"notReadyAddresses": [{"ip": "10.0.0.1"}], "ports": [{"port": 80}]}], ""),
    ([{"addresses": [{"ip": "10.0.0.1"}, {"ip": "10.0.0.2"}]}], "10.0.0.1,10.0.0.2"),
    ([{"addresses": [{"ip": "fd00::1"}], "ports": [{"port": 80}]}], "[fd00::1]:80"),
    ([{"addresses": [{"ip": f"10.0.0.{i}"}], "ports": [{"port": 80}]} for i in range(1, 6)],
     "10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 2 more..."),
])
def test_endpoints_edge_cases(subsets, text):
    assert row("endpoints", endpoints(*subsets))[1] == text


# --- nodes ----------------------------------------------------------------------------------------

def node(name="minikube", ready="True", labels=None, unschedulable=False, created=-2 * 86400 + 3600,
         info=None, addresses=None):
    n = obj("Node", name, namespace=None, created=created, labels=labels,
            spec={"unschedulable": True} if unschedulable else {},
            status={"nodeInfo": info if info is not None else {"kubeletVersion": "v1.11.3"},
                    "addresses": addresses or []})
    if ready is not None:
        n["status"]["conditions"] = [{"type": "MemoryPressure", "status": "False"},
                                     {"type": "Ready", "status": ready}]
    return n


def test_node_row_from_the_booklet():
    cells = row("nodes", node(labels={"node-role.kubernetes.io/master": ""}))
    assert cells[:5] == ["minikube", "Ready", "master", "2d", "v1.11.3"]


@pytest.mark.parametrize("ready,unschedulable,text", [
    ("True", False, "Ready"), ("False", False, "NotReady"), ("Unknown", False, "NotReady"),
    (None, False, "Unknown"), ("True", True, "Ready,SchedulingDisabled"),
    ("False", True, "NotReady,SchedulingDisabled"),
])
def test_node_status(ready, unschedulable, text):
    assert row("nodes", node(ready=ready, unschedulable=unschedulable))[1] == text


@pytest.mark.parametrize("labels,roles", [
    ({"node-role.kubernetes.io/master": "", "node-role.kubernetes.io/control-plane": ""},
     "control-plane,master"),
    ({"kubernetes.io/role": "worker"}, "worker"),
    ({"kubernetes.io/role": "", "node-role.kubernetes.io/": "x"}, "<none>"),
    ({"node-role.kubernetes.io/ingress": "false"}, "ingress"),
    ({}, "<none>"),
])
def test_node_roles(labels, roles):
    assert row("nodes", node(labels=labels))[2] == roles


def test_node_wide_cells():
    full = node(info={"kubeletVersion": "v1.32.4", "osImage": "Ubuntu 22.04.3 LTS",
                      "kernelVersion": "5.15.0-91-generic", "containerRuntimeVersion": "containerd://1.7.2"},
                addresses=[{"type": "Hostname", "address": "minikube"},
                           {"type": "InternalIP", "address": "192.168.49.2"}])
    assert row("nodes", full)[5:] == ["192.168.49.2", "<none>", "Ubuntu 22.04.3 LTS",
                                      "5.15.0-91-generic", "containerd://1.7.2"]
    assert row("nodes", node(info={}))[4:] == ["", "<none>", "<none>", "<unknown>", "<unknown>",
                                               "<unknown>"]


# --- namespaces, configmaps, secrets, serviceaccounts ---------------------------------------------

def test_small_core_kinds():
    assert row("namespaces", obj("Namespace", "work", namespace=None, created=3600 - 14,
                                 status={"phase": "Active"})) == ["work", "Active", "14s"]
    assert row("configmaps", obj("ConfigMap", "cfg", data={"a": "1", "b": "2"},
                                 binaryData={"c": "AA=="})) == ["cfg", 3, "60m"]
    assert row("secrets", obj("Secret", "tls", type="kubernetes.io/tls",
                              data={"tls.crt": "x", "tls.key": "y"})) == ["tls", "kubernetes.io/tls", 2, "60m"]
    assert row("serviceaccounts", obj("ServiceAccount", "default")) == ["default", 0, "60m"]
    assert row("serviceaccounts", obj("ServiceAccount", "builder", secrets=[{"name": "t"}]))[1] == 1


# --- events ---------------------------------------------------------------------------------------

def event(**fields):
    base = obj("Event", "saythx-redis-7574c98f5d-2m6rw.15717d6361a741a8", namespace="work")
    base.update({"involvedObject": {"kind": "Pod", "name": "saythx-redis-7574c98f5d-2m6rw",
                                    "namespace": "work", "fieldPath": "spec.containers{redis}"},
                 "type": "Normal", "reason": "Pulling", "message": 'pulling image "redis:5"\n'})
    base.update(fields)
    return base


def test_event_cells_old_style():
    e = event(source={"component": "kubelet", "host": "node01"}, firstTimestamp=ts(3300),
              lastTimestamp=ts(3540), count=3)
    assert row("events", e) == ["60s", "Normal", "Pulling", "pod/saythx-redis-7574c98f5d-2m6rw",
                                "spec.containers{redis}", "kubelet, node01", 'pulling image "redis:5"',
                                "5m", 3, "saythx-redis-7574c98f5d-2m6rw.15717d6361a741a8"]


def test_event_series_and_reporting_fields():
    e = event(eventTime="2023-11-14T23:03:20.000000Z", reportingComponent="default-scheduler",
              series={"count": 4, "lastObservedTime": ts(3590)})
    cells = row("events", e)
    assert cells[0] == "10s" and cells[5] == "default-scheduler" and cells[7:9] == ["10m", 4]


def test_singleton_event_counts_one_and_last_seen_is_first_seen():
    e = event(eventTime=ts(3000).replace("Z", ".123456Z"), reportingComponent="kubelet",
              reportingInstance="node01", involvedObject={"kind": "Node"})
    cells = row("events", e)
    assert cells[0] == cells[7] == "9m59s"
    assert (cells[3], cells[5], cells[8]) == ("node", "kubelet, node01", 1)


def test_event_columns_order_and_wide():
    columns = table("", "events", [], NOW)["columnDefinitions"]
    assert [(c["name"], c["priority"]) for c in columns] == [
        ("Last Seen", 0), ("Type", 0), ("Reason", 0), ("Object", 0), ("Subobject", 1), ("Source", 1),
        ("Message", 0), ("First Seen", 1), ("Count", 1), ("Name", 1)]


# --- persistent volumes and claims ----------------------------------------------------------------

def pv(**extra_meta):
    p = obj("PersistentVolume", "pv0001", namespace=None,
            spec={"capacity": {"storage": "10Gi"}, "accessModes": ["ReadWriteMany", "ReadWriteOnce"],
                  "persistentVolumeReclaimPolicy": "Retain", "storageClassName": "standard",
                  "claimRef": {"namespace": "work", "name": "data"}, "volumeMode": "Filesystem"},
            status={"phase": "Bound"})
    p["metadata"].update(extra_meta)
    return p


def test_persistent_volume():
    assert row("persistentvolumes", pv()) == ["pv0001", "10Gi", "RWO,RWX", "Retain", "Bound", "work/data",
                                              "standard", "<unset>", "", "60m", "Filesystem"]
    deleting = pv(deletionTimestamp=ts(10),
                  annotations={"volume.beta.kubernetes.io/storage-class": "slow"})
    assert row("persistentvolumes", deleting)[4:7] == ["Terminating", "work/data", "slow"]


def test_persistent_volume_claim_bound_and_pending():
    bound = obj("PersistentVolumeClaim", "data",
                spec={"volumeName": "pv0001", "storageClassName": "standard",
                      "resources": {"requests": {"storage": "5Gi"}}},
                status={"phase": "Bound", "capacity": {"storage": "10Gi"},
                        "accessModes": ["ReadWriteOnce", "ReadWriteOncePod"]})
    assert row("persistentvolumeclaims", bound) == ["data", "Bound", "pv0001", "10Gi", "RWO,RWOP",
                                                    "standard", "<unset>", "60m", "<unset>"]
    pending = obj("PersistentVolumeClaim", "data", spec={"resources": {"requests": {"storage": "5Gi"}}},
                  status={"phase": "Pending"})
    assert row("persistentvolumeclaims", pending)[1:6] == ["Pending", "", "", "", ""]


# --- quotas, component statuses, templates, replication controllers -------------------------------

def test_resource_quota_splits_requests_and_limits():
    q = obj("ResourceQuota", "compute", status={
        "hard": {"pods": "10", "requests.cpu": "1", "limits.memory": "2Gi", "limits.cpu": "2",
                 "requests.memory": "1Gi"},
        "used": {"pods": "1", "requests.cpu": "500m", "limits.cpu": "1"}})
    assert row("resourcequotas", q) == ["compute", "pods: 1/10, requests.cpu: 500m/1, requests.memory: 0/1Gi",
                                        "limits.cpu: 1/2, limits.memory: 0/2Gi", "60m"]


def test_component_statuses():
    healthy = obj("ComponentStatus", "scheduler", namespace=None,
                  conditions=[{"type": "Healthy", "status": "True", "message": "ok"}])
    broken = obj("ComponentStatus", "etcd-0", namespace=None,
                 conditions=[{"type": "Healthy", "status": "False", "error": "connection refused"}])
    assert row("componentstatuses", healthy) == ["scheduler", "Healthy", "ok", ""]
    assert row("componentstatuses", broken) == ["etcd-0", "Unhealthy", "", "connection refused"]
    assert row("componentstatuses", obj("ComponentStatus", "x", namespace=None))[1] == "Unknown"


def test_pod_template_and_replication_controller():
    template = {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": containers("web=nginx:1.25")}}
    assert row("podtemplates", obj("PodTemplate", "tmpl", template=template)) == \
        ["tmpl", "web", "nginx:1.25", "app=web"]
    rc = obj("ReplicationController", "web", spec={"replicas": 3, "selector": {"app": "web"},
                                                   "template": template},
             status={"replicas": 3, "readyReplicas": 2})
    assert row("replicationcontrollers", rc) == ["web", 3, 3, 2, "60m", "web", "nginx:1.25", "app=web"]


def test_age_uses_the_given_clock():
    ns = obj("Namespace", "default", namespace=None, status={"phase": "Active"})
    assert [row("namespaces", ns, now)[2] for now in (T0 + 5, T0 + 3 * 86400, T0 - 10)] == \
        ["5s", "3d", "<invalid>"]
