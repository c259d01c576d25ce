"""Cluster.kubectl: the same text as the command line, from Python, in-process."""

import pytest

from k8slab import Cluster


@pytest.fixture(scope="module")
def cluster():
    c = Cluster(nodes=1, seed=0)
    c.apply({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
             "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
                      "template": {"metadata": {"labels": {"app": "web"}},
                                   "spec": {"containers": [{"name": "web", "image": "nginx"}]}}}})
    return c


def test_get_prints_the_server_table(cluster):
    lines = cluster.kubectl("get pods").splitlines()
    assert lines[0].split() == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
    assert len(lines) == 3 and all(" 1/1 " in l and " Running " in l for l in lines[1:])


def test_stdout_and_stderr_interleave_and_result_keeps_them_apart(cluster):
    r = cluster.kubectl_result("get pods,cm nope")
    assert r.rc == 1 and r.out == ""
    assert r.err == r.text == "error: you must specify only one resource\n"
    r = cluster.kubectl_result(["get", "pods", "-n", "kube-public"])
    assert (r.rc, r.out, r.err) == (0, "", "No resources found in kube-public namespace.\n")


def test_in_memory_kubeconfig_is_changed_by_config_commands(cluster):
    assert cluster.kubectl("config current-context") == "k8slab\n"
    assert cluster.kubectl("config set-context other --namespace=kube-system --cluster=k8slab "
                           "--user=admin") == 'Context "other" created.\n'
    assert cluster.kubectl("config use-context other") == 'Switched to context "other".\n'
    assert "kube-system" in cluster.kubectl("config view --minify -o jsonpath={..namespace}")
    assert cluster.kubectl("get deploy") == "No resources found in kube-system namespace.\n"
    cluster.kubectl("config use-context k8slab")
    assert cluster.kubectl("get deploy -o name") == "deployment.apps/web\n"


def test_watch_in_process_prints_what_is_ready_and_returns(cluster):
    out = cluster.kubectl("get deploy -w")
    assert out.splitlines()[0].split()[0] == "NAME" and "web" in out


def test_a_new_crd_is_seen_without_restarting(cluster):
    crd = {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
           "metadata": {"name": "widgets.lab.example.com"},
           "spec": {"group": "lab.example.com", "scope": "Namespaced",
                    "names": {"plural": "widgets", "singular": "widget", "kind": "Widget", "shortNames": ["wd"]},
                    "versions": [{"name": "v1", "served": True, "storage": True,
                                  "schema": {"openAPIV3Schema": {"type": "object"}}}]}}
    assert "doesn't have a resource type" in cluster.kubectl("get wd")
    cluster.apply(crd)
    assert cluster.kubectl("get wd") == "No resources found in default namespace.\n"


def test_stdin_feeds_dash_f(cluster):
    manifest = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n"
    assert cluster.kubectl("get -f - -o name", stdin=manifest) == "deployment.apps/web\n"


def test_a_kubeconfig_client_certificate_is_presented_to_the_server(tmp_path):
    from k8slab.apiserver.authn import Authenticator
    from k8slab.kubeadm import pki as P
    c = Cluster(nodes=0, seed=0, control_plane=False)
    ca_cert, ca_key = P.new_ca("kubernetes", c.clock.time())
    c.api.authenticator = Authenticator(c.api, client_ca=ca_cert)
    key = P.new_private_key()
    cert = P.cert_pem(P.sign(ca_cert, ca_key, key.public_key(), "backend", ("dev",), now=c.clock.time()))
    (tmp_path / "backend.crt").write_bytes(cert)
    (tmp_path / "backend.key").write_bytes(P.key_pem(key))
    c.kubectl("create namespace work")
    forbidden = ('Error from server (Forbidden): pods is forbidden: User "backend" cannot list resource "pods" '
                 'in API group "" in the namespace "work"\n')
    for embed in ("false", "true"):                   # the file, then client-certificate-data
        c.kubectl(f"config set-credentials backend --client-certificate={tmp_path}/backend.crt "
                  f"--client-key={tmp_path}/backend.key --embed-certs={embed}")
        c.kubectl("config set-context backend --cluster=k8slab --user=backend --namespace=work")
        assert c.kubectl("--context=backend get pods") == forbidden
        assert c.api.authz.last_decisions[-1].authentication.authenticator == "x509"
    assert "client-certificate-data: DATA+OMITTED" in c.kubectl("config view")
    assert c.kubectl("get pods -n work") == "No resources found in work namespace.\n"   # still the admin
