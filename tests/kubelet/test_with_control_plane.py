"""The kubelet in a whole cluster: whatever binds a pod, the kubelet on that node runs it."""

import pytest

from k8slab import Cluster


def test_pods_of_a_full_cluster_run_on_their_nodes():
    c = Cluster(nodes=3, seed=0)
    assert [getattr(x, "name", "") for x in c.components][-3:] == ["kubelet/node1", "kubelet/node2",
                                                                    "kubelet/node3"]
    names = sorted(n["metadata"]["name"] for n in c.client.list("v1", "Node")["items"])
    assert names == ["node1", "node2", "node3"]
    c.client.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "redis"},
                     "spec": {"containers": [{"name": "redis", "image": "redis:alpine"}]}})
    c.advance(5)
    pod = c.client.get("v1", "Pod", "redis", "default")
    if not pod["spec"].get("nodeName"):
        if not any(getattr(x, "name", "") == "scheduler" for x in c.components):
            pytest.skip("no scheduler in this build")
        c.api.subresources.bind(c.api.lookup("", "v1", "pods"), "default", "redis",
                                {"target": {"name": "node2"}})
        c.advance(5)
        pod = c.client.get("v1", "Pod", "redis", "default")
    node = pod["spec"]["nodeName"]
    assert pod["status"]["phase"] == "Running"
    assert pod["status"]["hostIP"] == c.client.get("v1", "Node", node)["status"]["addresses"][0]["address"]
    assert pod["status"]["podIP"].startswith(c.client.get("v1", "Node", node)["spec"]["podCIDR"][:-5])
    assert c.kubelet(node).exec("default", "redis", "redis", ["redis-cli", "ping"]) == ("PONG\n", 0)
