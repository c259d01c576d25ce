"""kubeadm's PKI: the cluster's certificate authorities, the certificates they sign, and the
service-account key pair, written under `<data-dir>/pki/` with kubeadm's file names.

Follows `cmd/kubeadm/app/phases/certs/certlist.go` (which certificates, their CNs, groups and
usages, and the order `[certs]` lists them), `cmd/kubeadm/app/phases/certs/certs.go` (sa.key
and sa.pub, what is printed), `cmd/kubeadm/app/util/pkiutil/pki_helpers.go` (NewSignedCert: a
random serial in [1, 2^63-1), NotBefore copied from the CA, a year of validity, key usages
digitalSignature+keyEncipherment (+keyCertSign for a CA), GetAPIServerAltNames and
getAltNames for the SANs, duplicates removed and DNS names sorted) and client-go's
`util/cert/cert.go` (NewSelfSignedCACert: ten years, the CN repeated as a DNS SAN, backdated by
CertificateBackdate in current kubeadm). Keys are RSA 2048 in PKCS#1 PEM ("RSA PRIVATE KEY"),
sa.pub a PKIX "PUBLIC KEY", as keyutil writes them.

    from k8slab.kubeadm.config import InitConfiguration
    from k8slab.kubeadm.pki import create_pki, load_pki
    create_pki(InitConfiguration(data_dir="/tmp/lab", node_name="node1"), now=time.time())
    pki = load_pki("/tmp/lab/pki")          # PKI: cert/key objects by base name
    pki.ca_cert_hash()                       # "sha256:..." for `kubeadm join`

The book profile (v1.11) has no DNS SAN on the CA and no backdating, etcd/server without the
advertise address, unsorted SANs, apiserver-kubelet-client and the etcd client certificates in
`system:masters`, and prints `[certificates] Generated ... certificate and key.` lines.

Differences from upstream: the apiserver certificate always has 127.0.0.1 among its IP SANs
(`k8slab up` listens on loopback; upstream has it only when it is the advertise address);
v1.11's CA had serial number 0, which `cryptography` refuses to
write (a random serial instead); no external CA mode, no ECDSA keys, no renewal (`kubeadm certs`);
an existing file is used as it is (upstream also checks it against the expected attributes).
Randomness (keys, serials) comes from the operating system: the `cryptography` library cannot
be seeded, so two runs give different keys with the same names, SANs and validity.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import ipaddress
import os
import secrets
from dataclasses import dataclass, field

from .config import CLUSTER_ADMINS_GROUP, SYSTEM_PRIVILEGED_GROUP, InitConfiguration

RSA_KEY_SIZE = 2048
CERTIFICATE_VALIDITY = _dt.timedelta(days=365)                 # CertificateValidityPeriod
CA_CERTIFICATE_VALIDITY = _dt.timedelta(days=365 * 10)         # CACertificateValidityPeriod
CERTIFICATE_BACKDATE = _dt.timedelta(minutes=5)                # CertificateBackdate
APISERVER_CN = "kube-apiserver"
APISERVER_KUBELET_CLIENT_CN = "kube-apiserver-kubelet-client"
FRONT_PROXY_CLIENT_CN = "front-proxy-client"
ETCD_HEALTHCHECK_CLIENT_CN = "kube-etcd-healthcheck-client"
APISERVER_ETCD_CLIENT_CN = "kube-apiserver-etcd-client"
SERVER, CLIENT = "server", "client"


@dataclass(frozen=True)
class CertSpec:
    """One certificate of certlist.go: what `[certs] Generating "<base_name>"` makes."""

    name: str                        # certlist's Name ("etcd-server")
    base_name: str                   # file name without .crt/.key ("etcd/server")
    ca: str = ""                     # the signing CA's name; "" for a CA
    common_name: str = ""            # "" means the node name (etcd server and peer)
    organizations: tuple = ()
    usages: tuple = ()               # SERVER and/or CLIENT
    alt_names: str = ""              # "apiserver", "etcd-server", "etcd-peer" or ""


def cert_list(cfg: InitConfiguration) -> list[CertSpec]:
    """GetDefaultCertList, in its order, for the configuration's profile."""
    kubelet_client_group = SYSTEM_PRIVILEGED_GROUP if cfg.book else CLUSTER_ADMINS_GROUP
    etcd_client_groups = (SYSTEM_PRIVILEGED_GROUP,) if cfg.book else ()
    return [
        CertSpec("ca", "ca", common_name="kubernetes"),
        CertSpec("apiserver", "apiserver", "ca", APISERVER_CN, usages=(SERVER,), alt_names="apiserver"),
        CertSpec("apiserver-kubelet-client", "apiserver-kubelet-client", "ca", APISERVER_KUBELET_CLIENT_CN,
                 (kubelet_client_group,), (CLIENT,)),
        CertSpec("front-proxy-ca", "front-proxy-ca", common_name="front-proxy-ca"),
        CertSpec("front-proxy-client", "front-proxy-client", "front-proxy-ca", FRONT_PROXY_CLIENT_CN,
                 usages=(CLIENT,)),
        CertSpec("etcd-ca", "etcd/ca", common_name="etcd-ca"),
        CertSpec("etcd-server", "etcd/server", "etcd-ca", usages=(SERVER, CLIENT), alt_names="etcd-server"),
        CertSpec("etcd-peer", "etcd/peer", "etcd-ca", usages=(SERVER, CLIENT), alt_names="etcd-peer"),
        CertSpec("etcd-healthcheck-client", "etcd/healthcheck-client", "etcd-ca", ETCD_HEALTHCHECK_CLIENT_CN,
                 etcd_client_groups, (CLIENT,)),
        CertSpec("apiserver-etcd-client", "apiserver-etcd-client", "etcd-ca", APISERVER_ETCD_CLIENT_CN,
                 etcd_client_groups, (CLIENT,)),
    ]


def alt_names(cfg: InitConfiguration, which: str) -> tuple[list[str], list[str]]:
    """(DNS names, IPs) for the apiserver, etcd server or etcd peer certificate."""
    adv = cfg.advertise_address
    if which == "apiserver":
        dns = [cfg.node_name, "kubernetes", "kubernetes.default", "kubernetes.default.svc",
               f"kubernetes.default.svc.{cfg.dns_domain}"]
        ips = [api_server_virtual_ip(cfg.service_subnet), adv]
        if cfg.control_plane_endpoint:
            host = cfg.control_plane_endpoint.rpartition(":")[0] or cfg.control_plane_endpoint
            (ips if _is_ip(host) else dns).append(host.strip("[]"))
        for san in cfg.cert_sans:
            (ips if _is_ip(san) else dns).append(san)
        ips.append("127.0.0.1")             # k8slab serves on loopback whatever is advertised
    elif which == "etcd-server" and cfg.book:
        dns, ips = [cfg.node_name, "localhost"], ["127.0.0.1", "::1"]
    else:
        dns, ips = [cfg.node_name, "localhost"], [adv, "127.0.0.1", "::1"]
    if cfg.book:
        return _unique(dns), _unique_ips(ips)
    return sorted(set(dns)), _unique_ips(ips)          # RemoveDuplicateAltNames


def api_server_virtual_ip(service_subnet: str) -> str:
    """The first address of the service CIDR (GetAPIServerVirtualIP): 10.96.0.1 by default."""
    net = ipaddress.ip_network(service_subnet.split(",")[0].strip(), strict=False)
    return str(net.network_address + 1)


# ---- certificates and keys ------------------------------------------------------------------

def new_private_key():
    from cryptography.hazmat.primitives.asymmetric import rsa
    return rsa.generate_private_key(public_exponent=65537, key_size=RSA_KEY_SIZE)


def new_serial() -> int:
    """A uniform random value in [1, MaxInt64) (NewSignedCert)."""
    return secrets.randbelow((1 << 63) - 2) + 1


def _name(common_name: str, organizations=()):
    from cryptography import x509
    from cryptography.x509.oid import NameOID
    attrs = [x509.NameAttribute(NameOID.ORGANIZATION_NAME, o) for o in organizations]
    if common_name:                          # pkix.Name leaves an empty CN out
        attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(attrs)


def _when(now: float) -> _dt.datetime:
    return _dt.datetime.fromtimestamp(int(now), _dt.timezone.utc)


def new_ca(common_name: str, now: float, book: bool = False, key=None):
    """(certificate, key) of a self-signed CA (NewCertificateAuthority)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    key = key or new_private_key()
    start = _when(now)
    name = _name(common_name)
    b = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
         .serial_number(new_serial())
         .not_valid_before(start if book else start - CERTIFICATE_BACKDATE)
         .not_valid_after(start + CA_CERTIFICATE_VALIDITY)
         .add_extension(_key_usage(ca=True), critical=True)
         .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
         .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False))
    if not book:
        b = b.add_extension(x509.SubjectAlternativeName([x509.DNSName(common_name)]), critical=False)
    return b.sign(key, hashes.SHA256()), key


def sign(ca_cert, ca_key, public_key, common_name: str, organizations=(), usages=(CLIENT,),
         dns=(), ips=(), now: float | None = None, not_after=None):
    """A certificate for `public_key` signed by the CA (NewSignedCert)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import ExtendedKeyUsageOID
    end = not_after or (_when(now) + CERTIFICATE_VALIDITY)
    b = (x509.CertificateBuilder().subject_name(_name(common_name, organizations))
         .issuer_name(ca_cert.subject).public_key(public_key).serial_number(new_serial())
         .not_valid_before(ca_cert.not_valid_before_utc).not_valid_after(end)
         .add_extension(_key_usage(ca=False), critical=True))
    eku = [{SERVER: ExtendedKeyUsageOID.SERVER_AUTH, CLIENT: ExtendedKeyUsageOID.CLIENT_AUTH}[u] for u in usages]
    if eku:
        b = b.add_extension(x509.ExtendedKeyUsage(eku), critical=False)
    b = b.add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
    try:
        ski = ca_cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
        aki = x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski)
    except x509.ExtensionNotFound:
        aki = x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_cert.public_key())
    b = b.add_extension(aki, critical=False)
    sans = [x509.DNSName(d) for d in dns] + [x509.IPAddress(ipaddress.ip_address(i)) for i in ips]
    if sans:
        b = b.add_extension(x509.SubjectAlternativeName(sans), critical=False)
    return b.sign(ca_key, hashes.SHA256())


def _key_usage(ca: bool):
    from cryptography import x509
    return x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=True,
                         data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=False,
                         encipher_only=False, decipher_only=False)


def cert_pem(cert) -> bytes:
    from cryptography.hazmat.primitives import serialization
    return cert.public_bytes(serialization.Encoding.PEM)


def key_pem(key) -> bytes:
    """keyutil.MarshalPrivateKeyToPEM: PKCS#1 for RSA."""
    from cryptography.hazmat.primitives import serialization
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                             serialization.NoEncryption())


def public_key_pem(key) -> bytes:
    from cryptography.hazmat.primitives import serialization
    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)


def ca_cert_hash(cert) -> str:
    """`sha256:` + hex of the CA's SubjectPublicKeyInfo (pubkeypin.Hash), what
    `--discovery-token-ca-cert-hash` pins."""
    from cryptography.hazmat.primitives import serialization
    spki = cert.public_key().public_bytes(serialization.Encoding.DER,
                                          serialization.PublicFormat.SubjectPublicKeyInfo)
    return "sha256:" + hashlib.sha256(spki).hexdigest()


# ---- the PKI on disk --------------------------------------------------------------------------

@dataclass
class PKI:
    """Certificates and keys by base name ("ca", "apiserver", "etcd/server", "sa")."""

    cert_dir: str
    certs: dict = field(default_factory=dict)
    keys: dict = field(default_factory=dict)

    @property
    def ca(self):
        return self.certs["ca"], self.keys["ca"]

    @property
    def sa_key(self):
        return self.keys["sa"]

    def path(self, base_name: str, ext: str) -> str:
        return os.path.join(self.cert_dir, f"{base_name}.{ext}")

    def ca_cert_hash(self) -> str:
        return ca_cert_hash(self.certs["ca"])

    def __repr__(self):
        return f"PKI({self.cert_dir!r}, certs={sorted(self.certs)})"


def create_pki(cfg: InitConfiguration, now: float, out=None) -> PKI:
    """The certs phase: create whatever is missing under cfg.cert_dir, printing kubeadm's lines
    to `out` (a callable taking a line) when given. Existing files are kept and reused."""
    say = out or (lambda line: None)
    pki = PKI(cfg.cert_dir)
    if not cfg.book:
        say(f'[certs] Using certificateDir folder "{cfg.cert_dir}"')
    specs = cert_list(cfg)
    by_name = {s.name: s for s in specs}
    order = specs if not cfg.book else _book_order(specs)
    for spec in order:
        if spec == "sa":
            _service_account_keys(pki, cfg, say)
            continue
        if _exists(pki, spec.base_name):
            pki.certs[spec.base_name], pki.keys[spec.base_name] = _load_pair(pki, spec.base_name)
            say(f"[certificates] Using the existing {spec.base_name} certificate and key." if cfg.book
                else f'[certs] Using the existing "{spec.base_name}" certificate and key')
            continue
        if not spec.ca:
            cert, key = new_ca(spec.common_name, now, book=cfg.book)
        else:
            ca_spec = by_name[spec.ca]
            ca_cert, ca_key = pki.certs[ca_spec.base_name], pki.keys[ca_spec.base_name]
            key = new_private_key()
            dns, ips = alt_names(cfg, spec.alt_names) if spec.alt_names else ([], [])
            cert = sign(ca_cert, ca_key, key.public_key(), spec.common_name or cfg.node_name,
                        spec.organizations, spec.usages, dns, ips, now=now)
        _write_pair(pki, spec.base_name, cert, key)
        pki.certs[spec.base_name], pki.keys[spec.base_name] = cert, key
        if cfg.book:
            say(f"[certificates] Generated {spec.base_name} certificate and key.")
        else:
            say(f'[certs] Generating "{spec.base_name}" certificate and key')
        if SERVER in spec.usages:
            dns, ips = alt_names(cfg, spec.alt_names)
            tag = "[certificates]" if cfg.book else "[certs]"
            say(f"{tag} {spec.base_name} serving cert is signed for DNS names [{' '.join(dns)}] "
                f"and IPs [{' '.join(ips)}]")
    if not cfg.book:
        _service_account_keys(pki, cfg, say)
    else:
        say(f'[certificates] valid certificates and keys now exist in "{cfg.cert_dir}"')
    return pki


def _book_order(specs: list) -> list:
    """v1.11 made sa right after apiserver-kubelet-client."""
    out = list(specs)
    out.insert(3, "sa")
    return out


def _service_account_keys(pki: PKI, cfg: InitConfiguration, say) -> None:
    from cryptography.hazmat.primitives import serialization
    key_path, pub_path = pki.path("sa", "key"), pki.path("sa", "pub")
    if os.path.exists(key_path):
        with open(key_path, "rb") as f:
            pki.keys["sa"] = serialization.load_pem_private_key(f.read(), None)
        say("[certificates] Using the existing sa key." if cfg.book else '[certs] Using the existing "sa" key')
        return
    key = new_private_key()
    _write(key_path, key_pem(key), 0o600)
    _write(pub_path, public_key_pem(key), 0o600)
    pki.keys["sa"] = key
    say("[certificates] Generated sa key and public key." if cfg.book else '[certs] Generating "sa" key and public key')


def load_pki(cert_dir: str) -> PKI:
    """Every certificate, key and the sa key pair found under cert_dir."""
    from cryptography.hazmat.primitives import serialization
    pki = PKI(cert_dir)
    for root, _dirs, files in os.walk(cert_dir):
        for fname in files:
            base, ext = os.path.splitext(os.path.relpath(os.path.join(root, fname), cert_dir))
            if ext == ".crt":
                pki.certs[base] = load_cert(os.path.join(root, fname))
            elif ext == ".key":
                with open(os.path.join(root, fname), "rb") as f:
                    pki.keys[base] = serialization.load_pem_private_key(f.read(), None)
    return pki


def load_cert(path: str):
    from cryptography import x509
    with open(path, "rb") as f:
        return x509.load_pem_x509_certificate(f.read())


def _exists(pki: PKI, base: str) -> bool:
    return os.path.exists(pki.path(base, "crt")) and os.path.exists(pki.path(base, "key"))


def _load_pair(pki: PKI, base: str):
    from cryptography.hazmat.primitives import serialization
    with open(pki.path(base, "key"), "rb") as f:
        key = serialization.load_pem_private_key(f.read(), None)
    return load_cert(pki.path(base, "crt")), key


def _write_pair(pki: PKI, base: str, cert, key) -> None:
    _write(pki.path(base, "key"), key_pem(key), 0o600)
    _write(pki.path(base, "crt"), cert_pem(cert), 0o644)


def _write(path: str, data: bytes, mode: int) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as f:
        f.write(data)


def _is_ip(s: str) -> bool:
    try:
        ipaddress.ip_address(s.strip("[]"))
        return True
    except ValueError:
        return False


def _unique(items):
    seen, out = set(), []
    for i in items:
        if i not in seen:
            seen.add(i)
            out.append(i)
    return out


def _unique_ips(ips):
    return _unique(str(ipaddress.ip_address(i)) for i in ips)


def attach(api, pki: PKI) -> None:
    """Give an APIServer the PKI: the CA it trusts and that the CSR signer signs with
    (`--client-ca-file`, `--cluster-signing-cert-file`/`-key-file`), and sa.key for
    service-account tokens (`--service-account-key-file`, `--service-account-signing-key-file`)."""
    api.pki = pki
    if "sa" in pki.keys:
        api.service_account_key = pki.keys["sa"]
    if "ca" in pki.certs:
        api.ca_cert_pem = cert_pem(pki.certs["ca"])


def cluster_ca(api):
    """(CA certificate, CA key) the cluster signs with: the PKI's, else the one generated with
    the service-account key (k8slab/controllers/serviceaccount/tokens.py)."""
    pki = getattr(api, "pki", None)
    if pki is not None and "ca" in pki.keys:
        return pki.ca
    from cryptography import x509
    from ..controllers.serviceaccount.tokens import service_account_key
    key, ca_pem = service_account_key(api)
    return x509.load_pem_x509_certificate(ca_pem), key
