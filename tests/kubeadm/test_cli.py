"""`k8slab kubeadm` on the command line: init starts a real control plane, the real kubectl uses
admin.conf, join bootstraps a node over HTTPS, token list/create, reset stops it all."""

import os
import shutil
import subprocess
import sys

import pytest

from k8slab.storage.etcd_process import free_port

KUBECTL = shutil.which("kubectl")
pytestmark = pytest.mark.skipif(KUBECTL is None, reason="no kubectl on PATH")


def kubeadm(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "k8slab.cli", "kubeadm", *args], capture_output=True, text=True,
                          timeout=300, input=stdin)


def kubectl(kubeconfig, *args):
    return subprocess.run([KUBECTL, "--kubeconfig", kubeconfig, *args], capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    d = str(tmp_path_factory.mktemp("lab"))
    port = free_port()
    r = kubeadm("init", "--data-dir", d, "--apiserver-bind-port", str(port), "--ignore-preflight-errors=all",
                "--token", "abcdef.0123456789abcdef")
    yield d, port, r
    kubeadm("reset", "-f", "--data-dir", d)


def test_init_prints_kubeadms_phases_and_the_join_command(lab):
    d, port, r = lab
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "[init] Using Kubernetes version: v1.32.0"
    assert '[certs] Generating "etcd/healthcheck-client" certificate and key' in lines
    assert lines[-2] == f"kubeadm join 127.0.0.1:{port} --token abcdef.0123456789abcdef \\"
    assert lines[-1].startswith("\t--discovery-token-ca-cert-hash sha256:")
    assert os.path.exists(os.path.join(d, "k8slab-up.pid"))


def test_kubectl_with_admin_conf(lab):
    d, _, _ = lab
    r = kubectl(os.path.join(d, "admin.conf"), "get", "nodes", "--no-headers")
    assert r.returncode == 0, r.stderr
    assert r.stdout.split()[:3] == ["node1", "Ready", "control-plane"]


def test_tokens(lab):
    d, port, _ = lab
    r = kubeadm("token", "create", "--print-join-command", "--data-dir", d)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(f"kubeadm join 127.0.0.1:{port} --token ")
    listed = kubeadm("token", "list", "--data-dir", d).stdout.splitlines()
    assert listed[0].split() == ["TOKEN", "TTL", "EXPIRES", "USAGES", "DESCRIPTION", "EXTRA", "GROUPS"]
    assert any(line.startswith("abcdef.0123456789abcdef ") for line in listed)
    new_id = r.stdout.split("--token ")[1].split(".")[0]
    assert kubeadm("token", "delete", new_id, "--data-dir", d).stdout == f'bootstrap token "{new_id}" deleted\n'


def test_join_over_https(lab, tmp_path):
    d, port, init = lab
    ca_hash = init.stdout.splitlines()[-1].split()[-1]
    bad = kubeadm("join", f"127.0.0.1:{port}", "--token", "abcdef.0123456789abcdef", "--discovery-token-ca-cert-hash",
                  "sha256:" + "1" * 64, "--node-name", "node3", "--data-dir", str(tmp_path / "n3"),
                  "--ignore-preflight-errors=all")
    assert bad.returncode == 1
    assert bad.stderr.startswith("error execution phase preflight: couldn't validate the identity of the API Server: "
                                 "cluster CA found in cluster-info ConfigMap is invalid: none of the public keys")
    r = kubeadm("join", f"127.0.0.1:{port}", "--token", "abcdef.0123456789abcdef", "--discovery-token-ca-cert-hash",
                ca_hash, "--node-name", "node2", "--data-dir", str(tmp_path / "n2"), "--ignore-preflight-errors=all")
    assert r.returncode == 0, r.stderr
    assert "This node has joined the cluster:" in r.stdout
    admin = os.path.join(d, "admin.conf")
    csr = kubectl(admin, "get", "csr", "--no-headers").stdout.split()
    assert csr[2:] == ["kubernetes.io/kube-apiserver-client-kubelet", "system:bootstrap:abcdef", "<none>",
                       "Approved,Issued"]
    assert "node2" in kubectl(admin, "get", "nodes").stdout
    who = kubectl(str(tmp_path / "n2" / "kubelet.conf"), "auth", "whoami")
    assert "system:node:node2" in who.stdout and "[system:nodes system:authenticated]" in who.stdout


def test_reset_stops_the_control_plane_and_deletes_the_files(tmp_path):
    d = str(tmp_path / "lab")
    port = free_port()
    assert kubeadm("init", "--data-dir", d, "--apiserver-bind-port", str(port), "--ignore-preflight-errors=all",
                   "--profile", "book").returncode == 0
    pid = int(open(os.path.join(d, "k8slab-up.pid")).read())
    r = kubeadm("reset", "--data-dir", d, "--profile", "book", stdin="y\n")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("[reset] WARNING: changes made to this host by 'kubeadm init' or 'kubeadm join' will be "
                               "reverted.\n[reset] are you sure you want to proceed? [y/N]: "
                               "[preflight] running pre-flight checks\n[reset] stopping the kubelet service\n")
    assert sorted(os.listdir(d)) == ["k8slab-up.log", "pki"] and os.listdir(os.path.join(d, "pki")) == []
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    no = kubeadm("reset", "--data-dir", d, stdin="n\n")
    assert no.returncode == 1 and no.stderr.strip() == "error execution phase preflight: aborted reset operation"
