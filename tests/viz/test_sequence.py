"""A pod's history from the store's watch log, in revision order (chapter 3)."""

import pytest

from k8slab import Cluster
from k8slab.viz.sequence import PodSequence, writer


@pytest.fixture(scope="module")
def cluster():
    return Cluster(nodes=2, seed=0)


def test_pod_sequence_in_revision_order(cluster):
    since = cluster.store.revision + 1
    cluster.kubectl("run seq --image=nginx")
    cluster.settle()
    seq = PodSequence(cluster.store, "default", "seq", since=since)
    revs = [r for r, _, _ in seq.rows]
    assert revs == sorted(revs)
    assert seq.rows[0][1:] == ("kubectl-run", "created /registry/pods/default/seq")
    whats = [what for _, _, what in seq.rows]
    assert whats[1] == "set spec.nodeName, status.conditions" and seq.rows[1][1] == "unknown via binding"
    reasons = [w.split(":")[0] for w in whats if w.startswith("Event")]
    assert reasons == ["Event Scheduled", "Event Pulling", "Event Pulled", "Event Created", "Event Started"]
    assert seq.acting() == ["kubectl", "apiserver", "etcd", "sched", "kubelet", "runtime"]
    assert seq.lit_architecture().styles["sched"]["fillcolor"] == "gold"
    assert seq.text().splitlines()[0].split() == ["REV", "WHO", "WHAT"]


def test_writer_names_the_changed_entry():
    old = {"metadata": {"managedFields": [{"manager": "a", "operation": "Update"}]}}
    new = {"metadata": {"managedFields": [{"manager": "a", "operation": "Update"},
                                          {"manager": "kubelet", "operation": "Update", "subresource": "status"}]}}
    assert writer(old, new) == "kubelet via status" and writer(new, new) == "?"
