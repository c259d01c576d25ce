"""kubeadm's PKI: file names, subjects, SANs, key usages and validity, checked with
`cryptography` and the real openssl."""

import datetime as dt
import ipaddress
import os
import shutil
import stat
import subprocess

import pytest
from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID as EKU

from k8slab.kubeadm.config import InitConfiguration
from k8slab.kubeadm.pki import (ca_cert_hash, create_pki, load_pki)

NOW = 1_767_225_600.0          # 2026-01-01T00:00:00Z
FILES = ["apiserver-etcd-client.crt", "apiserver-etcd-client.key", "apiserver-kubelet-client.crt",
         "apiserver-kubelet-client.key", "apiserver.crt", "apiserver.key", "ca.crt", "ca.key",
         "etcd/ca.crt", "etcd/ca.key", "etcd/healthcheck-client.crt", "etcd/healthcheck-client.key",
         "etcd/peer.crt", "etcd/peer.key", "etcd/server.crt", "etcd/server.key", "front-proxy-ca.crt",
         "front-proxy-ca.key", "front-proxy-client.crt", "front-proxy-client.key", "sa.key", "sa.pub"]


@pytest.fixture(scope="module")
def current(tmp_path_factory):
    d = tmp_path_factory.mktemp("pki")
    cfg = InitConfiguration(data_dir=str(d), node_name="master", advertise_address="10.0.0.5",
                            cert_sans=["lab.example.com", "192.168.1.9"])
    lines = []
    return cfg, create_pki(cfg, NOW, lines.append), lines


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    d = tmp_path_factory.mktemp("pki-book")
    cfg = InitConfiguration(data_dir=str(d), node_name="master", advertise_address="202.182.112.120",
                            profile="book", kubernetes_version="v1.11.3")
    lines = []
    return cfg, create_pki(cfg, NOW, lines.append), lines


def _files(root):
    out = []
    for dirpath, _, names in os.walk(root):
        out += [os.path.relpath(os.path.join(dirpath, n), root) for n in names]
    return sorted(out)


def _subject(cert):
    return cert.subject.rfc4514_string()


def _sans(cert):
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    return san.get_values_for_type(x509.DNSName), [str(i) for i in san.get_values_for_type(x509.IPAddress)]


def _usages(cert):
    try:
        return list(cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value)
    except x509.ExtensionNotFound:
        return []


def test_kubeadm_file_names_and_modes(current):
    cfg, pki, _ = current
    assert _files(cfg.cert_dir) == FILES
    for name in FILES:
        mode = stat.S_IMODE(os.stat(os.path.join(cfg.cert_dir, name)).st_mode)
        assert mode == (0o644 if name.endswith(".crt") else 0o600), name
    with open(os.path.join(cfg.cert_dir, "ca.key")) as f:
        assert f.readline() == "-----BEGIN RSA PRIVATE KEY-----\n"
    with open(os.path.join(cfg.cert_dir, "sa.pub")) as f:
        assert f.readline() == "-----BEGIN PUBLIC KEY-----\n"
    assert pki.keys["sa"].key_size == 2048


def test_subjects_and_usages(current):
    _, pki, _ = current
    expected = {
        "ca": ("CN=kubernetes", []),
        "apiserver": ("CN=kube-apiserver", [EKU.SERVER_AUTH]),
        "apiserver-kubelet-client": ("CN=kube-apiserver-kubelet-client,O=kubeadm:cluster-admins", [EKU.CLIENT_AUTH]),
        "front-proxy-ca": ("CN=front-proxy-ca", []),
        "front-proxy-client": ("CN=front-proxy-client", [EKU.CLIENT_AUTH]),
        "etcd/ca": ("CN=etcd-ca", []),
        "etcd/server": ("CN=master", [EKU.SERVER_AUTH, EKU.CLIENT_AUTH]),
        "etcd/peer": ("CN=master", [EKU.SERVER_AUTH, EKU.CLIENT_AUTH]),
        "etcd/healthcheck-client": ("CN=kube-etcd-healthcheck-client", [EKU.CLIENT_AUTH]),
        "apiserver-etcd-client": ("CN=kube-apiserver-etcd-client", [EKU.CLIENT_AUTH]),
    }
    for name, (subject, usages) in expected.items():
        cert = pki.certs[name]
        assert _subject(cert) == subject, name
        assert _usages(cert) == usages, name
        ku = cert.extensions.get_extension_for_class(x509.KeyUsage)
        assert ku.critical and ku.value.digital_signature and ku.value.key_encipherment
        bc = cert.extensions.get_extension_for_class(x509.BasicConstraints)
        assert bc.critical and bc.value.ca == (name.endswith("ca") and name != "front-proxy-client")
        assert ku.value.key_cert_sign == bc.value.ca


def test_sans(current):
    _, pki, lines = current
    assert _sans(pki.certs["apiserver"]) == (
        ["kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local",
         "lab.example.com", "master"], ["10.96.0.1", "10.0.0.5", "192.168.1.9", "127.0.0.1"])
    assert _sans(pki.certs["etcd/server"]) == (["localhost", "master"], ["10.0.0.5", "127.0.0.1", "::1"])
    assert _sans(pki.certs["etcd/peer"]) == (["localhost", "master"], ["10.0.0.5", "127.0.0.1", "::1"])
    assert _sans(pki.certs["ca"]) == (["kubernetes"], [])
    assert ('[certs] apiserver serving cert is signed for DNS names [kubernetes kubernetes.default '
            'kubernetes.default.svc kubernetes.default.svc.cluster.local lab.example.com master] and IPs '
            '[10.96.0.1 10.0.0.5 192.168.1.9 127.0.0.1]') in lines


def test_validity(current):
    _, pki, _ = current
    start = dt.datetime.fromtimestamp(NOW, dt.timezone.utc)
    ca = pki.certs["ca"]
    assert ca.not_valid_before_utc == start - dt.timedelta(minutes=5)        # CertificateBackdate
    assert ca.not_valid_after_utc == start + dt.timedelta(days=3650)
    for name, cert in pki.certs.items():
        if cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca:
            continue
        issuer = pki.certs[{"etcd": "etcd/ca", "fron": "front-proxy-ca"}.get(name[:4], "ca")]
        assert cert.not_valid_before_utc == issuer.not_valid_before_utc, name
        assert cert.not_valid_after_utc == start + dt.timedelta(days=365), name
        assert 1 <= cert.serial_number < 2 ** 63


def test_printed_lines_in_kubeadms_order(current):
    cfg, _, lines = current
    generating = [l for l in lines if "Generating" in l]
    assert generating == [f'[certs] Generating "{n}" certificate and key' for n in (
        "ca", "apiserver", "apiserver-kubelet-client", "front-proxy-ca", "front-proxy-client", "etcd/ca",
        "etcd/server", "etcd/peer", "etcd/healthcheck-client", "apiserver-etcd-client")] + [
        '[certs] Generating "sa" key and public key']
    assert lines[0] == f'[certs] Using certificateDir folder "{cfg.cert_dir}"'


def test_existing_files_are_reused(current):
    cfg, pki, _ = current
    lines = []
    again = create_pki(cfg, NOW + 10, lines.append)
    assert again.certs["ca"].serial_number == pki.certs["ca"].serial_number
    assert '[certs] Using the existing "ca" certificate and key' in lines
    assert load_pki(cfg.cert_dir).certs["apiserver"].serial_number == pki.certs["apiserver"].serial_number


def test_book_profile_is_v1_11(book):
    cfg, pki, lines = book
    assert _subject(pki.certs["apiserver-kubelet-client"]) == "CN=kube-apiserver-kubelet-client,O=system:masters"
    assert _subject(pki.certs["apiserver-etcd-client"]) == "CN=kube-apiserver-etcd-client,O=system:masters"
    assert pki.certs["ca"].not_valid_before_utc == dt.datetime.fromtimestamp(NOW, dt.timezone.utc)
    with pytest.raises(x509.ExtensionNotFound):
        pki.certs["ca"].extensions.get_extension_for_class(x509.SubjectAlternativeName)
    assert lines[:4] == ["[certificates] Generated ca certificate and key.",
                         "[certificates] Generated apiserver certificate and key.",
                         "[certificates] apiserver serving cert is signed for DNS names [master kubernetes "
                         "kubernetes.default kubernetes.default.svc kubernetes.default.svc.cluster.local] and "
                         "IPs [10.96.0.1 202.182.112.120 127.0.0.1]",
                         "[certificates] Generated apiserver-kubelet-client certificate and key."]
    assert lines[4] == "[certificates] Generated sa key and public key."
    assert "[certificates] etcd/server serving cert is signed for DNS names [master localhost] and IPs " \
           "[127.0.0.1 ::1]" in lines
    assert lines[-1] == f'[certificates] valid certificates and keys now exist in "{cfg.cert_dir}"'


@pytest.mark.skipif(shutil.which("openssl") is None, reason="no openssl on PATH")
def test_openssl_verifies_the_chains_and_computes_the_same_ca_hash(current):
    cfg, pki, _ = current
    d = cfg.cert_dir
    for leaf, ca in (("apiserver", "ca"), ("apiserver-kubelet-client", "ca"), ("front-proxy-client", "front-proxy-ca"),
                     ("etcd/server", "etcd/ca"), ("etcd/peer", "etcd/ca"), ("apiserver-etcd-client", "etcd/ca")):
        out = subprocess.run(["openssl", "verify", "-CAfile", f"{d}/{ca}.crt", "-attime", str(int(NOW) + 60),
                              f"{d}/{leaf}.crt"], capture_output=True, text=True)
        assert out.stdout.strip() == f"{d}/{leaf}.crt: OK", out.stderr
    # the discovery hash as kubeadm's documentation computes it with openssl
    pub = subprocess.run(["openssl", "x509", "-pubkey", "-noout", "-in", f"{d}/ca.crt"], capture_output=True, check=True)
    der = subprocess.run(["openssl", "rsa", "-pubin", "-outform", "der"], input=pub.stdout, capture_output=True, check=True)
    digest = subprocess.run(["openssl", "dgst", "-sha256", "-hex"], input=der.stdout, capture_output=True, check=True)
    assert "sha256:" + digest.stdout.decode().split()[-1] == ca_cert_hash(pki.certs["ca"])
    text = subprocess.run(["openssl", "x509", "-in", f"{d}/apiserver.crt", "-noout", "-text"], capture_output=True,
                          text=True, check=True).stdout
    assert "DNS:kubernetes.default.svc, " in text and "IP Address:10.96.0.1" in text


def test_ip_sans_are_ip_addresses(current):
    _, pki, _ = current
    san = pki.certs["apiserver"].extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert ipaddress.ip_address("10.96.0.1") in san.get_values_for_type(x509.IPAddress)
