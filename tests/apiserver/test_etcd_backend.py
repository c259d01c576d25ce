"""`k8slab up --store etcd=URL`: the cluster's data in a real etcd, under upstream's keys, and
resourceVersions that are etcd's mod_revisions -- checked with the real etcdctl."""

import json
import shutil
import subprocess

import pytest

from k8slab.storage.etcd_process import EtcdProcess, etcd_binary

from .kubectl_harness import KUBECTL, Cluster

pytestmark = pytest.mark.skipif(
    etcd_binary() is None or shutil.which("etcdctl") is None or KUBECTL is None,
    reason="needs etcd, etcdctl (Debian: etcd-server etcd-client) and kubectl")


def etcdctl(url, *args):
    p = subprocess.run(["etcdctl", f"--endpoints={url}", *args], capture_output=True, text=True,
                       env={"ETCDCTL_API": "3", "PATH": "/usr/bin:/bin"}, timeout=30)
    assert p.returncode == 0, p.stderr
    return p.stdout


@pytest.fixture(scope="module")
def cluster():
    with EtcdProcess(name="k8slab-registry") as etcd:
        c = Cluster(version="1.32", store=f"etcd={etcd.url}")
        c.etcd_url = etcd.url
        yield c
        c.stop()


def test_registry_keys_as_a_real_cluster_lays_them_out(cluster):
    r = cluster.kubectl("create", "namespace", "moelove")
    assert r.rc == 0, r.err
    deploy = cluster.write("d.yaml", """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: moelove}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx:1.25}]}
""")
    assert cluster.kubectl("apply", "-f", deploy).rc == 0
    assert cluster.kubectl("-n", "moelove", "create", "service", "clusterip", "web", "--tcp=80:80").rc == 0
    keys = etcdctl(cluster.etcd_url, "get", "/registry", "--prefix", "--keys-only").split()
    for key in ["/registry/namespaces/default", "/registry/namespaces/kube-system",
                "/registry/namespaces/kube-public", "/registry/namespaces/moelove",
                "/registry/ranges/serviceips", "/registry/ranges/servicenodeports",
                "/registry/services/specs/default/kubernetes",
                "/registry/services/endpoints/default/kubernetes",
                "/registry/deployments/moelove/web", "/registry/services/specs/moelove/web"]:
        assert key in keys, key


def test_resource_versions_are_etcd_mod_revisions(cluster):
    r = cluster.kubectl("get", "ns", "moelove", "-o", "json")
    rv = json.loads(r.out)["metadata"]["resourceVersion"]
    kv = json.loads(etcdctl(cluster.etcd_url, "get", "/registry/namespaces/moelove", "-w", "json"))
    assert str(kv["kvs"][0]["mod_revision"]) == rv
    # the stored value is the object without its resourceVersion, as upstream stores it
    import base64
    stored = json.loads(base64.b64decode(kv["kvs"][0]["value"]))
    assert stored["metadata"]["name"] == "moelove" and "resourceVersion" not in stored["metadata"]
    r = cluster.kubectl("label", "ns", "moelove", "team=a")
    assert r.rc == 0
    rv2 = json.loads(cluster.kubectl("get", "ns", "moelove", "-o", "json").out)["metadata"]["resourceVersion"]
    kv2 = json.loads(etcdctl(cluster.etcd_url, "get", "/registry/namespaces/moelove", "-w", "json"))
    assert str(kv2["kvs"][0]["mod_revision"]) == rv2 and int(rv2) > int(rv)


def test_watch_and_delete_through_etcd(cluster):
    assert cluster.kubectl("delete", "ns", "moelove").rc == 0
    keys = etcdctl(cluster.etcd_url, "get", "/registry/", "--prefix", "--keys-only").split()
    assert not [k for k in keys if "moelove" in k]
