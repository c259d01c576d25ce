"""ClusterOverview and DeploymentView, headless."""

import pytest

from k8slab import Cluster
from k8slab.viz import ClusterOverview, DeploymentView


@pytest.fixture(scope="module")
def cluster():
    c = Cluster(nodes=3, seed=0)
    c.kubectl("create deployment web --image=nginx:1.25 --replicas=3")
    c.settle()
    return c


def test_overview_lists_pods_per_node(cluster):
    v = ClusterOverview(cluster, "default")
    assert [n["node"] for n in v.nodes] == ["node1", "node2", "node3"]
    assert sum(len(n["pods"]) for n in v.nodes) == 3
    assert all(n["ready"] == "True" and n["phases"] == {"Running": 1} for n in v.nodes)
    assert v.text().splitlines()[:2] == ["NODE   READY  PODS  PHASES", "node1  True   1     Running 1"]
    assert v.table.value.count("<tr style=") == 3


def test_overview_refresh_button_shows_an_unscheduled_pod(cluster):
    v = ClusterOverview(cluster, "default")
    cluster.apply({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "huge"},
                   "spec": {"containers": [{"name": "c", "image": "nginx",
                                            "resources": {"requests": {"cpu": "100"}}}]}})
    assert "(not scheduled)" not in v.text()
    v.button.click()
    assert v.nodes[-1] == {"node": "(not scheduled)", "ready": "-", "phases": {"Pending": 1},
                           "pods": [("default", "huge", "Pending")]}
    cluster.client.delete("v1", "Pod", "huge", "default")
    cluster.settle()


def test_deployment_view_follows_a_rolling_update(cluster):
    v = DeploymentView(cluster, "default", "web")
    assert len(v.frames) == 1 and [rs["revision"] for rs in v.frames[0]["replicasets"]] == ["1"]
    d = cluster.client.get("apps/v1", "Deployment", "web", "default")
    d["spec"]["template"]["spec"]["containers"][0]["image"] = "nginx:1.26"
    cluster.client.update(d)
    added = v.follow(30, 0.5, "rolling")
    assert added == len(v.frames) - 1 >= 3
    first, last = v.frames[1], v.frames[-1]
    assert [rs["images"] for rs in last["replicasets"]] == ["nginx:1.25", "nginx:1.26"]
    assert [(rs["desired"], rs["ready"]) for rs in last["replicasets"]] == [(0, 0), (3, 3)]
    assert first["replicasets"][0]["desired"] == 3          # the old one still full at the start
    # in between, old + new never exceed replicas + maxSurge (25% of 3, rounded up = 1)
    assert all(sum(rs["desired"] for rs in f["replicasets"]) <= 4 for f in v.frames)
    assert v.slider.value == v.slider.max == v.play.max == len(v.frames) - 1
    v.slider.value = 0                                       # drag back to the first frame
    assert v.text().startswith(f"frame 0/{len(v.frames) - 1} at t=")
    assert "revision 2" not in v.text()
    assert "revision 2" in v.label.value or "revision 2" not in v.tree.value
    v.play.value = v.play.max                                 # Play and slider are linked
    assert v.slider.value == v.play.max and "nginx:1.26" in v.tree.value
    assert len(v.timeline().splitlines()) == len(v.frames)
