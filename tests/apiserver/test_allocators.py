"""ClusterIP and NodePort allocation: a refused Service must not free what another Service holds."""

import base64
import json

import pytest

from k8slab import Cluster
from k8slab.apiserver.errors import APIError


def service(name, node_port=None, cluster_ip=None):
    port = {"port": 80, **({"nodePort": node_port} if node_port else {})}
    spec = {"type": "NodePort" if node_port else "ClusterIP", "selector": {"app": name}, "ports": [port]}
    if cluster_ip:
        spec["clusterIP"] = cluster_ip
    return {"apiVersion": "v1", "kind": "Service", "metadata": {"name": name}, "spec": spec}


def node_ports_in_bitmap(c):
    data = json.loads(c.store.get(b"/registry/ranges/servicenodeports").value)["data"]
    bits = int.from_bytes(base64.b64decode(data), "big") if data else 0
    return [30000 + i for i in range(2768) if bits >> i & 1]


@pytest.fixture
def c():
    return Cluster(nodes=0, seed=0)


def test_refused_node_port_stays_with_its_owner(c):
    c.client.create(service("first", node_port=30080), "default")
    for name in ("second", "third"):                       # the third used to get it: the second freed it
        with pytest.raises(APIError) as e:
            c.client.create(service(name, node_port=30080), "default")
        assert e.value.code == 422
        assert e.value.message == (f'Service "{name}" is invalid: spec.ports[0].nodePort: Invalid value: 30080: '
                                   "provided port is already allocated")
    assert node_ports_in_bitmap(c) == [30080]


def test_refused_cluster_ip_stays_with_its_owner(c):
    c.client.create(service("first", cluster_ip="10.96.100.100"), "default")
    for name in ("second", "third"):
        with pytest.raises(APIError) as e:
            c.client.create(service(name, cluster_ip="10.96.100.100"), "default")
        assert e.value.code == 422 and "provided IP is already allocated" in e.value.message


def test_a_refused_service_gives_back_what_it_took(c):
    c.client.create(service("first", node_port=30080), "default")
    before = node_ports_in_bitmap(c)
    bad = service("bad", node_port=30081)
    bad["spec"]["ports"].append({"name": "b", "port": 81, "nodePort": 30080})    # second port taken
    bad["spec"]["ports"][0]["name"] = "a"
    with pytest.raises(APIError):
        c.client.create(bad, "default")
    assert node_ports_in_bitmap(c) == before == [30080]     # 30081 released again, 30080 kept
    ip = c.client.create(service("again"), "default")["spec"]["clusterIP"]
    assert ip.startswith("10.")
