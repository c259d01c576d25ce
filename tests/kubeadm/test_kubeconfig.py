"""kubeadm's kubeconfig files: who each is for, the endpoint, the embedded CA and client
certificate, in clientcmd's YAML."""

import base64
import os
import stat

import pytest
import yaml
from cryptography import x509

from k8slab.kubeadm.config import InitConfiguration
from k8slab.kubeadm.kubeconfig import node_kubeconfig, read, write_kubeconfigs
from k8slab.kubeadm.pki import create_pki

NOW = 1_767_225_600.0


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    d = tmp_path_factory.mktemp("kc")
    cfg = InitConfiguration(data_dir=str(d), node_name="master", advertise_address="10.0.0.5")
    pki = create_pki(cfg, NOW)
    lines = []
    return cfg, pki, write_kubeconfigs(cfg, pki, NOW, lines.append), lines


def _cert(path):
    return x509.load_pem_x509_certificate(read(path)["cert"])


def test_identities(written):
    cfg, pki, files, lines = written
    subjects = {name: _cert(path).subject.rfc4514_string() for name, path in files.items()}
    assert subjects == {"admin.conf": "CN=kubernetes-admin,O=kubeadm:cluster-admins",
                        "super-admin.conf": "CN=kubernetes-super-admin,O=system:masters",
                        "kubelet.conf": "CN=system:node:master,O=system:nodes",
                        "controller-manager.conf": "CN=system:kube-controller-manager",
                        "scheduler.conf": "CN=system:kube-scheduler"}
    assert lines == [f'[kubeconfig] Using kubeconfig folder "{cfg.data_dir}"'] + [
        f'[kubeconfig] Writing "{n}" kubeconfig file' for n in
        ("admin.conf", "super-admin.conf", "kubelet.conf", "controller-manager.conf", "scheduler.conf")]
    for path in files.values():
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        cert = _cert(path)
        assert cert.issuer == pki.certs["ca"].subject
        assert list(cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value) == [
            x509.oid.ExtendedKeyUsageOID.CLIENT_AUTH]


def test_clientcmd_shape(written):
    cfg, pki, files, _ = written
    with open(files["admin.conf"]) as f:
        text = f.read()
    doc = yaml.safe_load(text)
    assert list(doc) == ["apiVersion", "clusters", "contexts", "current-context", "kind", "preferences", "users"]
    assert doc["clusters"][0]["name"] == "kubernetes"
    assert doc["clusters"][0]["cluster"]["server"] == "https://10.0.0.5:6443"
    assert base64.b64decode(doc["clusters"][0]["cluster"]["certificate-authority-data"]) == \
        open(os.path.join(cfg.cert_dir, "ca.crt"), "rb").read()
    assert doc["contexts"] == [{"context": {"cluster": "kubernetes", "user": "kubernetes-admin"},
                                "name": "kubernetes-admin@kubernetes"}]
    assert doc["current-context"] == "kubernetes-admin@kubernetes"
    assert "preferences: {}\n" in text
    assert list(doc["users"][0]["user"]) == ["client-certificate-data", "client-key-data"]


def test_book_profile_admin_is_system_masters_and_no_super_admin(tmp_path):
    cfg = InitConfiguration(data_dir=str(tmp_path), node_name="master", profile="book")
    pki = create_pki(cfg, NOW)
    lines = []
    files = write_kubeconfigs(cfg, pki, NOW, lines.append)
    assert "super-admin.conf" not in files
    assert _cert(files["admin.conf"]).subject.rfc4514_string() == "CN=kubernetes-admin,O=system:masters"
    assert lines[0] == f'[kubeconfig] Wrote KubeConfig file to disk: "{files["admin.conf"]}"'


def test_other_nodes_get_their_own_kubelet_conf(written):
    cfg, pki, _, _ = written
    path = node_kubeconfig(cfg, pki, "node2", NOW)
    assert path == os.path.join(cfg.data_dir, "nodes", "node2", "kubelet.conf")
    assert _cert(path).subject.rfc4514_string() == "CN=system:node:node2,O=system:nodes"
