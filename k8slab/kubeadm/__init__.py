"""kubeadm, rebuilt: the PKI, kubeconfigs and bootstrap tokens of a cluster, and `init`, `join`
and `reset` (k8slab/kubeadm/cli.py is `k8slab kubeadm ...`).

In a notebook, on an in-process Cluster:

    from k8slab import Cluster
    from k8slab import kubeadm
    c = Cluster(nodes=1, seed=0)
    r = kubeadm.init(c, "/tmp/lab")                 # preflight on a simulated host, certs,
    print(r.output)                                 # kubeconfigs, phases; r.token, r.ca_hash
    j = kubeadm.join(c, "node2", r.token, r.ca_hash)   # discovery, TLS bootstrap, a new kubelet
    kubeadm.init(c, "/tmp/x", host=kubeadm.Host(swap=True), profile="book").error
    # '[preflight] Some fatal errors occurred:\\n\\t[ERROR Swap]: running with swap on is not ...'

Modules: config (InitConfiguration), pki, kubeconfig, tokens, clusterinfo (the signed
ConfigMap), preflight (Host, checks), phases (API-side init phases), workflow (init's phase
order and messages), discovery (join: discovery and TLS bootstrap), reset, controlplane (what
`k8slab up` takes), apiclient, cli.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from .config import InitConfiguration
from .preflight import Host

__all__ = ["init", "join", "InitConfiguration", "Host", "Result"]


@dataclass
class Result:
    output: str                 # what kubeadm printed
    error: str = ""             # the error it exited with ("" on success)
    token: str = ""
    ca_hash: str = ""

    def __repr__(self):
        return self.output + (self.error + "\n" if self.error else "")


def init(cluster, data_dir: str, *, token: str = "", host: Host | None = None, profile: str | None = None,
         ignore_preflight_errors=(), **config) -> Result:
    """`kubeadm init` on an in-process cluster: preflight against `host` (a healthy simulated
    host by default), the PKI and kubeconfigs under data_dir, the cluster's API server switched
    to that PKI (client CA, sa.key), the bootstrap signer started, then the API-side phases."""
    from ..apiserver.authn import Authenticator
    from ..client import InProcessTransport
    from .apiclient import KubeadmClient
    from .workflow import InitError, done_message, first_phases, healthy_line, last_phases
    from .pki import attach
    from .tokens import generate_token
    out = io.StringIO()

    def say(line: str) -> None:
        out.write(line + "\n")

    profile = profile or cluster.profile
    cfg = InitConfiguration(data_dir=data_dir, profile=profile, node_name=config.pop("node_name", "node1"),
                            kubernetes_version=config.pop("kubernetes_version",
                                                          "v1.11.3" if profile == "book" else "v1.32.0"),
                            **config)
    token = token or generate_token(cluster.api.rng)
    now = cluster.clock.time()
    try:
        pki = first_phases(cfg, now, say, host or Host(), ignore_preflight_errors)
    except InitError as e:
        return Result(out.getvalue(), str(e))
    attach(cluster.api, pki)
    cluster.api.authenticator = Authenticator(cluster.api, client_ca=pki.certs["ca"])
    _start_bootstrap_controllers(cluster)
    say(healthy_line(cfg, 0.0))
    last_phases(KubeadmClient(InProcessTransport(cluster.api)), cfg, pki, token, now, say)
    cluster.settle()
    out.write(done_message(cfg, token, pki.ca_cert_hash()))
    return Result(out.getvalue(), "", token, pki.ca_cert_hash())


def _start_bootstrap_controllers(cluster) -> None:
    """kubeadm runs kube-controller-manager with `--controllers=*,bootstrapsigner,tokencleaner`."""
    cm = next((c for c in cluster.components if getattr(c, "name", "") == "kube-controller-manager"), None)
    if cm is None:
        return
    from ..controllers.bootstrap import BootstrapSigner, TokenCleaner
    for name, cls in (("bootstrap-signer-controller", BootstrapSigner), ("token-cleaner-controller", TokenCleaner)):
        if name not in cm.controllers:
            cm.controllers[name] = controller = cls()
            from ..apiserver.authn.identities import controller_user
            with cluster.identity(controller_user(name)):
                controller.start(cluster)
    cluster.informers.start()


def join(cluster, node_name: str, token: str, ca_hash: str, *, data_dir: str | None = None,
         profile: str | None = None) -> Result:
    """`kubeadm join` of a new node to an in-process cluster: discovery through cluster-info
    with the token and the pinned CA hash, TLS bootstrap through a CSR the controllers approve
    and sign, then the node's kubelet joins the cluster as a component."""
    from .discovery import ClusterEndpoint, JoinError, discover, joined_message, tls_bootstrap, write_node_files
    out = io.StringIO()

    def say(line: str) -> None:
        out.write(line + "\n")

    book = (profile or cluster.profile) == "book"
    say("[preflight] running pre-flight checks" if book else "[preflight] Running pre-flight checks")
    endpoint = ClusterEndpoint(cluster)
    try:
        server, ca_pem = discover(endpoint, token, [ca_hash] if ca_hash else [], not ca_hash, say, book)
    except (JoinError, ValueError) as e:
        return Result(out.getvalue(), "error execution phase preflight: couldn't validate the identity of the "
                                      f"API Server: {e}")
    say("[tlsbootstrap] Waiting for the kubelet to perform the TLS Bootstrap..." if book
        else "[kubelet-start] Waiting for the kubelet to perform the TLS Bootstrap")
    try:
        cert, key = tls_bootstrap(endpoint, ca_pem, token, node_name)
    except JoinError as e:
        return Result(out.getvalue(), f"error execution phase kubelet-start: {e}")
    if data_dir:
        write_node_files(data_dir, server, ca_pem, cert, key, node_name)
    from ..kubelet import Kubelet
    cluster.add_component(Kubelet(node_name))
    cluster.settle()
    out.write(joined_message(book))
    return Result(out.getvalue(), "", token, ca_hash)
