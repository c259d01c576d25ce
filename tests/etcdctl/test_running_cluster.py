"""`k8slab etcdctl --endpoints` reaches a running `k8slab up --etcd-port`, as the booklet's chapter 13
reaches the cluster's etcd: member list, and the /registry keys kubectl's writes made."""

import io

from k8slab.etcdctl import main
from k8slab.storage.etcd_process import free_port

from ..apiserver.kubectl_harness import KUBECTL, Cluster


def etcdctl(endpoint, *argv):
    out, err = io.StringIO(), io.StringIO()
    rc = main([f"--endpoints={endpoint}", *argv], stdout=out, stderr=err)
    return rc, out.getvalue(), err.getvalue()


def test_etcdctl_against_a_running_cluster():
    port = free_port()
    c = Cluster(extra=["--etcd-port", str(port)])
    try:
        endpoint = f"127.0.0.1:{port}"
        rc, out, _ = etcdctl(endpoint, "member", "list")
        assert rc == 0 and out.startswith("8e9e05c52164694d, started, default, ")
        client = c.kubectl if KUBECTL else None
        if client:
            assert client("create", "namespace", "moelove").rc == 0
        else:                                        # no kubectl: write through the API directly
            import json
            import urllib.request
            req = urllib.request.Request(f"{c.url}/api/v1/namespaces", method="POST",
                                         data=json.dumps({"apiVersion": "v1", "kind": "Namespace",
                                                          "metadata": {"name": "moelove"}}).encode(),
                                         headers={"Content-Type": "application/json"})
            urllib.request.urlopen(req).read()
        rc, out, _ = etcdctl(endpoint, "get", "/registry/namespaces", "--prefix", "--keys-only")
        assert out.split() == ["/registry/namespaces/default", "/registry/namespaces/kube-node-lease",
                               "/registry/namespaces/kube-public", "/registry/namespaces/kube-system",
                               "/registry/namespaces/moelove"]
        rc, out, _ = etcdctl(endpoint, "get", "/registry/namespaces/moelove", "--print-value-only")
        assert '"name":"moelove"' in out
    finally:
        c.stop()
