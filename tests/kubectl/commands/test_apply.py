"""Client-side and server-side apply through Cluster.kubectl (in-process)."""

import json

import pytest

from k8slab import Cluster
from k8slab.kubectl.apply.lastapplied import LAST_APPLIED, modified_configuration

CM = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, namespace: default}\ndata: {mode: fast}\n"


@pytest.fixture(scope="module")
def cluster():
    return Cluster(nodes=0, seed=0)


def test_created_unchanged_configured(cluster):
    assert cluster.kubectl("apply -f -", stdin=CM) == "configmap/cfg created\n"
    assert cluster.kubectl("apply -f -", stdin=CM) == "configmap/cfg unchanged\n"
    changed = CM.replace("mode: fast", "mode: slow, extra: 'yes'")
    assert cluster.kubectl("apply -f -", stdin=changed) == "configmap/cfg configured\n"
    live = json.loads(cluster.kubectl("get cm cfg -o json"))
    assert live["data"] == {"mode": "slow", "extra": "yes"}
    expected = modified_configuration({"apiVersion": "v1", "kind": "ConfigMap",
                                       "metadata": {"name": "cfg", "namespace": "default"},
                                       "data": {"mode": "slow", "extra": "yes"}}, annotate=False)
    assert live["metadata"]["annotations"][LAST_APPLIED] == expected


def test_a_key_dropped_from_the_file_is_removed(cluster):
    assert cluster.kubectl("apply -f -", stdin=CM) == "configmap/cfg configured\n"
    assert json.loads(cluster.kubectl("get cm cfg -o json"))["data"] == {"mode": "fast"}


def test_an_object_made_by_create_gets_the_warning(cluster):
    other = CM.replace("name: cfg", "name: made")
    cluster.kubectl("create -f -", stdin=other)
    r = cluster.kubectl_result(["apply", "-f", "-"], stdin=other.replace("fast", "slow"))
    assert (r.rc, r.out) == (0, "configmap/made configured\n")
    assert r.err.startswith("Warning: resource configmaps/made is missing the "
                            "kubectl.kubernetes.io/last-applied-configuration annotation")


def test_server_side_apply_and_its_conflict(cluster):
    deploy = ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ssa, namespace: default}\nspec:\n"
              "  replicas: 1\n  selector: {matchLabels: {app: ssa}}\n  template:\n    metadata: {labels: {app: ssa}}\n"
              "    spec: {containers: [{name: c, image: nginx}]}\n")
    assert cluster.kubectl("apply --server-side -f -", stdin=deploy) == "deployment.apps/ssa serverside-applied\n"
    cluster.kubectl("scale deploy ssa --replicas=2")
    r = cluster.kubectl_result(["apply", "--server-side", "-f", "-"], stdin=deploy)
    assert r.rc == 1 and r.err.startswith("error: Apply failed with 1 conflict")
    assert "re-run the apply\n  command with the `--force-conflicts` flag." in r.err
    assert cluster.kubectl("apply --server-side --force-conflicts -f -", stdin=deploy) == (
        "deployment.apps/ssa serverside-applied\n")
    assert cluster.kubectl("apply --server-side --dry-run=client -f -", stdin=deploy) == (
        "error: --dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)\n")
