"""cordon, uncordon, drain and taint through Cluster.kubectl (in-process, virtual clock)."""

import pytest

from k8slab import Cluster


@pytest.fixture(scope="module")
def cluster():
    c = Cluster(nodes=2, seed=0)
    c.kubectl("create deployment web --image=nginx --replicas=2")
    c.kubectl("run solo --image=nginx")
    c.settle()
    return c


def test_cordon_and_uncordon(cluster):
    assert cluster.kubectl("cordon node1") == "node/node1 cordoned\n"
    assert cluster.kubectl("cordon node1") == "node/node1 already cordoned\n"
    assert cluster.kubectl("get node node1 -o jsonpath={.spec.unschedulable}") == "true"
    assert cluster.kubectl("uncordon node1") == "node/node1 uncordoned\n"


def test_drain_refuses_unmanaged_pods_without_force(cluster):
    node = cluster.kubectl("get pod solo -o jsonpath={.spec.nodeName}")
    r = cluster.kubectl_result(f"drain {node}")
    assert r.rc == 1
    assert r.out == f"node/{node} cordoned\n"
    assert r.err == (f'error: unable to drain node "{node}" due to error: cannot delete cannot delete Pods that '
                     "declare no controller (use --force to override): default/solo, continuing command...\n"
                     f"There are pending nodes to be drained:\n {node}\n"
                     "cannot delete cannot delete Pods that declare no controller (use --force to override): "
                     "default/solo\n")
    dry = cluster.kubectl_result(f"drain {node} --force --dry-run=client")
    assert "evicting pod default/solo (dry run)\n" in dry.out
    assert dry.err == "Warning: deleting Pods that declare no controller: default/solo\n"
    cluster.kubectl(f"uncordon {node}")


def test_taint(cluster):
    assert cluster.kubectl("taint node node2 dedicated=infra:NoSchedule") == "node/node2 tainted\n"
    assert cluster.kubectl("taint node node2 dedicated=other:NoSchedule") == (
        "error: node node2 already has dedicated taint(s) with same effect(s) and --overwrite is false\n")
    assert cluster.kubectl("taint node node2 dedicated=other:NoSchedule --overwrite") == "node/node2 modified\n"
    assert cluster.kubectl("taint node node2 dedicated-") == "node/node2 untainted\n"
    assert cluster.kubectl("taint node node2 dedicated-") == 'error: taint "dedicated" not found\n'
    assert cluster.kubectl("taint pod x a=b:NoSchedule") == (
        "error: invalid resource type pod, only node types are supported\n")
