"""Desired against actual for a Deployment (chapter 2)."""

import pytest

from k8slab import Cluster
from k8slab.viz.replicas import ReplicasBar


@pytest.fixture(scope="module")
def cluster():
    return Cluster(nodes=2, seed=0)


def test_replicas_bar_catches_up(cluster):
    cluster.kubectl("create deployment bar --image=nginx --replicas=2")
    view = ReplicasBar(cluster, "default", "bar")
    assert "ready     [....................] 0/2" in view.text()
    cluster.settle()
    line = view.record("settled")
    assert "ready     [####################] 2/2" in view.text() and "ready 2/2" in line
    assert view.history == [line.rstrip()]
