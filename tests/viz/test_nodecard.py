"""The node status card of chapter 2: four parts and the condition lights."""

import pytest

from k8slab import Cluster
from k8slab.viz.nodecard import NodeCard, light


@pytest.fixture(scope="module")
def cluster():
    return Cluster(nodes=2, seed=0)


def test_node_card_lights(cluster):
    assert [light({"type": "Ready", "status": s}) for s in ("True", "False", "Unknown")] == ["ok", "bad", "unknown"]
    assert light({"type": "DiskPressure", "status": "True"}) == "bad"
    card = NodeCard(cluster, "node1")
    text = card.text()
    assert text.startswith("node/node1\n  addresses   InternalIP 172.18.0.2, Hostname node1")
    assert "[ok]  Ready           True    KubeletReady" in text
    bare = NodeCard({"metadata": {"name": "x"}, "status": {}})
    assert bare.text().endswith("conditions  (none reported yet)")
