"""SchedulingView and NodesView, headless: values, dropdown callbacks, children, text."""

import pytest

from k8slab import Cluster
from k8slab.viz import NodesView, SchedulingView

BIG = """
apiVersion: v1
kind: Pod
metadata: {name: big}
spec:
  containers:
  - {name: c, image: nginx, resources: {requests: {cpu: "3"}}}
"""

SMALL = """
apiVersion: v1
kind: Pod
metadata: {name: small}
spec:
  containers:
  - {name: c, image: nginx, resources: {requests: {cpu: 500m, memory: 256Mi}}}
"""


@pytest.fixture(scope="module")
def cluster():
    c = Cluster(nodes=3, seed=0)
    c.apply(SMALL)
    c.apply(BIG)
    # deleting a pod frees room: the scheduler moves "big" back to the active queue and retries it
    c.apply({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "filler"},
             "spec": {"containers": [{"name": "c", "image": "nginx"}]}})
    c.client.delete("v1", "Pod", "filler", "default")
    c.settle()
    c.advance(40)
    return c


def test_matrix_for_a_scheduled_pod(cluster):
    v = SchedulingView(cluster, "default", "small")
    a = v.attempt
    assert a.result == "Scheduled" and a.node in ("node1", "node2", "node3")
    pod = cluster.client.get("v1", "Pod", "small", "default")
    assert pod["spec"]["nodeName"] == a.node
    # the HTML matrix has one row per evaluated node, the chosen one marked
    assert v.matrix.value.count("<tr style=") == 3
    assert "&#9733;" in v.matrix.value and "NodeResourcesFit" in v.matrix.value
    text = v.text()
    assert text.startswith("1 attempt(s) recorded; showing #1\n")
    assert f"* {a.node}" in text and "TOTAL" in text
    assert v.widget.children == (v.dropdown, v.summary, v.matrix)


def test_unschedulable_pod_attempts_and_dropdown(cluster):
    v = SchedulingView(cluster, "default", "big")
    assert len(v.attempts) >= 2
    assert all(a.result == "Unschedulable" for a in v.attempts)
    assert v.dropdown.value == len(v.attempts) - 1            # the newest is shown
    assert [label for label, _ in v.dropdown.options][0].startswith("#1 (cycle ")
    assert "Insufficient cpu" in v.matrix.value
    assert "0/3 nodes are available: 3 Insufficient cpu." in v.summary.value
    v.dropdown.value = 0                                       # what picking in the UI does
    assert v.attempt is v.attempts[0]
    assert "showing #1" in v.text()
    v.select(-1)
    assert v.attempt is v.attempts[-1]


def test_pod_never_tried(cluster):
    v = SchedulingView(cluster, "default", "nosuchpod")
    assert v.attempt is None and v.dropdown.options == ()
    assert str(v) == "no scheduling attempt recorded for default/nosuchpod"


def test_mimebundle_has_text_and_widget(cluster):
    v = SchedulingView(cluster, "default", "small")
    bundle = v._repr_mimebundle_()
    assert bundle["text/plain"] == v.text()
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_nodes_view_counts_requests(cluster):
    v = NodesView(cluster)
    assert [r["node"] for r in v.rows] == ["node1", "node2", "node3"]
    node = cluster.client.get("v1", "Pod", "small", "default")["spec"]["nodeName"]
    row = next(r for r in v.rows if r["node"] == node)
    assert row["cpu"] == (500, 2000)
    assert row["memory"][0] == 256 * 2**20
    assert row["pods"][0] == 1
    assert len(v.widget.children) == 3
    bars = [c for c in v.widget.children[[r["node"] for r in v.rows].index(node)].children
            if hasattr(c, "max")]
    assert (bars[0].value, bars[0].max) == (500, 2000)
    assert f"{node}  [###.......] 500m/2 (25%)" in v.text()
