"""`kubeadm join`'s discovery and TLS bootstrap: trust the control plane through a bootstrap
token and a CA hash, then get the node's own client certificate through a
CertificateSigningRequest.

Follows `cmd/kubeadm/app/discovery/token/token.go` (RetrieveValidatedConfigInfo: fetch the
cluster-info ConfigMap without checking TLS, find `jws-kubeconfig-<token-id>` and check it with
the token secret, check the CA it carries against the pinned `sha256:` hashes
(`pkg/util/pubkeypin`), fetch it again over TLS that trusts only that CA and require the same
content), `staging/src/k8s.io/client-go/util/certificate/csr/csr.go` and the kubelet's
bootstrap (`pkg/kubelet/certificate/bootstrap/bootstrap.go`: a new key, a request for
`system:node:<name>` in `system:nodes` with signer kubernetes.io/kube-apiserver-client-kubelet
and usages digital signature, key encipherment, client auth, posted with the bootstrap
credentials; wait until it is approved and issued; kubelet.conf then uses the certificate) and
`cmd/kubeadm/app/cmd/join.go` (the joined-node message).

Errors are upstream's: `could not find a JWS signature in the cluster-info ConfigMap for token
ID "<id>"`, `failed to verify JWS signature of received cluster info object, can't trust this
API Server`, `cluster CA found in cluster-info ConfigMap is invalid: none of the public keys
"sha256:..." are pinned`.

The `Endpoint` says how the API server is reached: `HTTPSEndpoint("127.0.0.1:6443")` for the
CLI against `k8slab up`; `ClusterEndpoint(cluster)` in a notebook, where waiting means letting the
cluster run (the CSR controllers approve and sign) and the joined node becomes a real in-process
kubelet.

Differences from upstream: the kubelet's bootstrap is done here (the CLI has no kubelet to hand it
to): over HTTPS the node is registered with its new certificate but no kubelet keeps it alive,
so it turns NotReady after the node-monitor grace period; discovery is retried for at most
`timeout` seconds (upstream: 5 minutes).
"""

from __future__ import annotations

import base64
import os
import time

import yaml

from ..apiserver.errors import APIError
from .apiclient import KubeadmClient
from .clusterinfo import CONFIGMAP, JWS_PREFIX, KUBECONFIG_KEY, NAMESPACE, detached_token_is_valid
from .tokens import parse_token

CLUSTER_INFO = f"/api/v1/namespaces/{NAMESPACE}/configmaps/{CONFIGMAP}"
CSRS = "/apis/certificates.k8s.io/v1/certificatesigningrequests"
KUBELET_SIGNER = "kubernetes.io/kube-apiserver-client-kubelet"


class JoinError(Exception):
    pass


class HTTPSEndpoint:
    """The API server at host:port over HTTPS (what the `kubeadm join` command line names)."""

    def __init__(self, host_port: str, timeout: float = 30.0):
        self.host_port = host_port
        self.server = f"https://{host_port}"
        self.timeout = timeout

    def transport(self, ca_pem=None, token: str = "", cert_pem=None, key_pem=None):
        from ..client.https import HTTPTransport
        return HTTPTransport(self.server, ca_pem=ca_pem, token=token, cert_pem=cert_pem, key_pem=key_pem,
                             insecure=ca_pem is None, user_agent="kubeadm/v1.32.0 (linux/amd64) kubernetes")

    def wait(self, seconds: float) -> None:
        time.sleep(seconds)


class ClusterEndpoint:
    """An in-process Cluster: anonymous, token and certificate requests go to its APIServer."""

    def __init__(self, cluster, host_port: str = "", timeout: float = 30.0):
        self.cluster = cluster
        self.host_port = host_port or f"{cluster.api.advertise_address}:{cluster.api.secure_port}"
        self.server = f"https://{self.host_port}"
        self.timeout = timeout

    def transport(self, ca_pem=None, token: str = "", cert_pem=None, key_pem=None):
        from ..apiserver.authn.user import anonymous
        from ..client import InProcessTransport
        if token:
            return InProcessTransport(self.cluster.api, headers={"Authorization": f"Bearer {token}"})
        if cert_pem is not None:
            return InProcessTransport(self.cluster.api, peer_certificates=[cert_pem])
        return InProcessTransport(self.cluster.api, user=anonymous())

    def wait(self, seconds: float) -> None:
        self.cluster.advance(seconds)


def discover(endpoint, token: str, ca_hashes: list[str], unsafe_skip_ca_verification: bool = False,
             say=lambda line: None, book: bool = False) -> tuple[str, bytes]:
    """RetrieveValidatedConfigInfo: (API server URL, CA PEM) from a verified cluster-info."""
    token_id, token_secret = parse_token(token)
    if not ca_hashes and not unsafe_skip_ca_verification:
        raise JoinError("discovery.bootstrapToken: Invalid value: \"\": using token-based discovery without "
                        "caCertHashes can be unsafe. Set unsafeSkipCAVerification as true in your kubeadm config "
                        "file or pass --discovery-token-unsafe-skip-ca-verification flag to continue")
    if book:
        say(f'[discovery] Trying to connect to API Server "{endpoint.host_port}"')
        say(f'[discovery] Created cluster-info discovery client, requesting info from "{endpoint.server}"')
    deadline = time.monotonic() + endpoint.timeout
    waited = 0.0
    while True:
        cm, why = _fetch(KubeadmClient(endpoint.transport()), token_id)
        if cm is not None:
            break
        if time.monotonic() > deadline or waited > endpoint.timeout:
            raise JoinError(why)
        endpoint.wait(1.0)
        waited += 1.0
    content = cm["data"][KUBECONFIG_KEY]
    if not detached_token_is_valid(cm["data"][JWS_PREFIX + token_id], content, token_id, token_secret):
        raise JoinError("failed to verify JWS signature of received cluster info object, can't trust this API Server")
    server, ca_pem = _cluster_of(content)
    if not unsafe_skip_ca_verification:
        from cryptography import x509
        from .pki import ca_cert_hash
        found = ca_cert_hash(x509.load_pem_x509_certificate(ca_pem))
        if found not in [h.lower() for h in ca_hashes]:
            raise JoinError(f'cluster CA found in cluster-info ConfigMap is invalid: none of the public keys '
                            f'"{found}" are pinned')
    if book:
        say(f'[discovery] Requesting info from "{endpoint.server}" again to validate TLS against the pinned '
            'public key')
    again = KubeadmClient(endpoint.transport(ca_pem=ca_pem)).get(CLUSTER_INFO)
    if again is None or (again.get("data") or {}).get(KUBECONFIG_KEY) != content:
        raise JoinError("failed to validate the cluster-info ConfigMap over the secure channel")
    if book:
        say("[discovery] Cluster info signature and contents are valid and TLS certificate validates against "
            f'pinned roots, will use API Server "{endpoint.host_port}"')
        say(f'[discovery] Successfully established connection with API Server "{endpoint.host_port}"')
    return server, ca_pem


def _fetch(client: KubeadmClient, token_id: str):
    """(ConfigMap, None) when it carries our signature, else (None, why)."""
    try:
        cm = client.get(CLUSTER_INFO)
    except (APIError, OSError) as e:
        return None, str(e)
    if cm is None:
        return None, f'configmaps "{CONFIGMAP}" not found'
    data = cm.get("data") or {}
    if KUBECONFIG_KEY not in data:
        return None, f"there is no {KUBECONFIG_KEY} key in the {CONFIGMAP} ConfigMap. This API Server isn't set up " \
                     "for token bootstrapping, can't connect"
    if JWS_PREFIX + token_id not in data:
        return None, f'could not find a JWS signature in the cluster-info ConfigMap for token ID "{token_id}"'
    return cm, None


def _cluster_of(kubeconfig: str) -> tuple[str, bytes]:
    doc = yaml.safe_load(kubeconfig) or {}
    cluster = ((doc.get("clusters") or [{}])[0] or {}).get("cluster") or {}
    return cluster.get("server", ""), base64.b64decode(cluster.get("certificate-authority-data", ""))


def tls_bootstrap(endpoint, ca_pem: bytes, token: str, node_name: str, timeout: float = 60.0):
    """(certificate PEM, key PEM) for system:node:<name>, through an approved and signed CSR."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import NameOID
    from .pki import key_pem, new_private_key
    key = new_private_key()
    req = (x509.CertificateSigningRequestBuilder()
           .subject_name(x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "system:nodes"),
                                    x509.NameAttribute(NameOID.COMMON_NAME, f"system:node:{node_name}")]))
           .sign(key, hashes.SHA256()))
    csr = {"apiVersion": "certificates.k8s.io/v1", "kind": "CertificateSigningRequest",
           "metadata": {"generateName": "csr-"},
           "spec": {"request": base64.b64encode(req.public_bytes(serialization.Encoding.PEM)).decode(),
                    "signerName": KUBELET_SIGNER, "usages": ["digital signature", "key encipherment", "client auth"]}}
    client = KubeadmClient(endpoint.transport(ca_pem=ca_pem, token=token))
    try:
        name = client.call("POST", CSRS, csr)["metadata"]["name"]
    except APIError as e:
        raise JoinError(f"error uploading csr: {e}") from None
    waited = 0.0
    while True:
        got = client.get(f"{CSRS}/{name}") or {}
        status = got.get("status") or {}
        for c in status.get("conditions") or []:
            if c.get("type") == "Denied":
                raise JoinError(f"certificate signing request is denied, reason: {c.get('reason')}, "
                                f"message: {c.get('message')}")
            if c.get("type") == "Failed":
                raise JoinError(f"certificate signing request failed, reason: {c.get('reason')}, "
                                f"message: {c.get('message')}")
        if status.get("certificate"):
            return base64.b64decode(status["certificate"]), key_pem(key)
        if waited >= timeout:
            raise JoinError("timed out waiting for the CSR to be signed")
        endpoint.wait(0.5)
        waited += 0.5


def register_node(endpoint, ca_pem: bytes, cert_pem: bytes, key_pem: bytes, node_name: str) -> dict:
    """What a kubelet does first with its certificate: create its Node (registerWithAPIServer)."""
    client = KubeadmClient(endpoint.transport(ca_pem=ca_pem, cert_pem=cert_pem, key_pem=key_pem))
    node = {"apiVersion": "v1", "kind": "Node",
            "metadata": {"name": node_name, "labels": {"kubernetes.io/arch": "amd64", "kubernetes.io/hostname": node_name,
                                                       "kubernetes.io/os": "linux", "beta.kubernetes.io/arch": "amd64",
                                                       "beta.kubernetes.io/os": "linux"}}}
    return client.create_or_retain("/api/v1/nodes", node) or client.get(f"/api/v1/nodes/{node_name}")


def write_node_files(data_dir: str, server: str, ca_pem: bytes, cert_pem: bytes, key_pem: bytes,
                     node_name: str, cluster_name: str = "kubernetes") -> str:
    """pki/ca.crt, pki/kubelet-client-current.pem and a kubelet.conf that points at it."""
    from .kubeconfig import write_file
    pki = os.path.join(data_dir, "pki")
    os.makedirs(pki, exist_ok=True)
    with open(os.path.join(pki, "ca.crt"), "wb") as f:
        f.write(ca_pem)
    current = os.path.join(pki, "kubelet-client-current.pem")
    fd = os.open(current, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(cert_pem + key_pem)
    user = "default-auth"
    conf = ("apiVersion: v1\nclusters:\n- cluster:\n"
            f"    certificate-authority-data: {base64.b64encode(ca_pem).decode()}\n    server: {server}\n"
            f"  name: default-cluster\ncontexts:\n- context:\n    cluster: default-cluster\n"
            f"    namespace: default\n    user: {user}\n  name: default-context\ncurrent-context: default-context\n"
            f"kind: Config\npreferences: {{}}\nusers:\n- name: {user}\n  user:\n"
            f"    client-certificate: {current}\n    client-key: {current}\n")
    path = os.path.join(data_dir, "kubelet.conf")
    write_file(path, conf)
    return path


def joined_message(book: bool) -> str:
    if book:
        return ("\nThis node has joined the cluster:\n* Certificate signing request was sent to master and a response\n"
                "  was received.\n* The Kubelet was informed of the new secure connection details.\n\n"
                "Run 'kubectl get nodes' on the master to see this node join the cluster.\n")
    return ("\nThis node has joined the cluster:\n* Certificate signing request was sent to apiserver and a response "
            "was received.\n* The Kubelet was informed of the new secure connection details.\n\n"
            "Run 'kubectl get nodes' on the control-plane to see this node join the cluster.\n")
