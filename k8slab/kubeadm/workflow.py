"""`kubeadm init`, phase by phase, with the lines kubeadm prints.

Follows `cmd/kubeadm/app/cmd/init.go` and `cmd/kubeadm/app/cmd/phases/init/` (the phase order:
preflight, certs, kubeconfig, control plane, wait for it, upload-config, mark-control-plane,
bootstrap-token; the `initDoneTempl` message with the join command of
`cmd/kubeadm/app/util/join.go`), for v1.32 (`current`) and v1.11 (`book`, whose wording the
booklet shows: `[certificates]`, `[markmaster]`, `[bootstraptoken]`, "Your Kubernetes master has
initialized successfully!").

The control plane is not a set of static pods started by a kubelet: the CLI starts `k8slab up`
on the PKI it just wrote (k8slab/kubeadm/cli.py), a notebook uses its Cluster
(k8slab/kubeadm/__init__.py). The phases that need the API server run through a
KubeadmClient either way.

Differences from upstream: no image pulling, static pod manifests, kubelet-start, kubelet-finalize
or addons (CoreDNS, kube-proxy) phases, and none of their lines; the control plane's wait line
says what k8slab waits for.
"""

from __future__ import annotations

import os

from . import config as C
from . import phases
from .kubeconfig import write_kubeconfigs
from .pki import PKI, cert_pem, create_pki
from .preflight import Host, run_checks


class InitError(Exception):
    """A phase failed; the message is what kubeadm prints."""


def first_phases(cfg: C.InitConfiguration, now: float, say, host: Host | None = None, ignore=()) -> PKI:
    """[init], preflight, certs and kubeconfig: everything before the control plane runs."""
    if cfg.book:
        say(f"[init] using Kubernetes version: {cfg.kubernetes_version}")
        say("[preflight] running pre-flight checks")
    else:
        say(f"[init] Using Kubernetes version: {cfg.kubernetes_version}")
        say("[preflight] Running pre-flight checks")
    result = run_checks(host or Host.local_host(), "control-plane", cfg.profile, ignore,
                        ports=None if cfg.bind_port == C.DEFAULT_BIND_PORT else _ports(cfg))
    for line in result.lines():
        say(line)
    if result.errors:
        raise InitError(result.fatal(cfg.book))
    pki = create_pki(cfg, now, say)
    write_kubeconfigs(cfg, pki, now, say)
    return pki


def _ports(cfg: C.InitConfiguration):
    from .preflight import CONTROL_PLANE_PORTS
    ports = CONTROL_PLANE_PORTS["book" if cfg.book else "current"]
    return (cfg.bind_port,) + tuple(p for p in ports if p != C.DEFAULT_BIND_PORT)


def healthy_line(cfg: C.InitConfiguration, seconds: float) -> str:
    if cfg.book:
        return f"[apiclient] All control plane components are healthy after {seconds:.6f} seconds"
    return f"[api-check] The API server is healthy after {_go_duration(seconds)}"


def _go_duration(seconds: float) -> str:
    """time.Duration.String() for a wait: 2.501234567s, 1m3.5s."""
    if seconds < 60:
        return f"{seconds:.9f}".rstrip("0").rstrip(".") + "s"
    m, s = divmod(seconds, 60)
    return f"{int(m)}m" + (f"{s:.9f}".rstrip("0").rstrip(".") + "s")


def last_phases(client, cfg: C.InitConfiguration, pki: PKI, token: str, now: float, say) -> bool:
    """upload-config, mark-control-plane (False if the node never registered), bootstrap-token."""
    phases.ensure_admin_binding(client, cfg)
    phases.upload_config(client, cfg, say)
    if not cfg.book:
        say("[upload-certs] Skipping phase. Please see --upload-certs")
    marked = phases.mark_control_plane(client, cfg, say)
    phases.bootstrap_token(client, cfg, token, now, say, cert_pem(pki.certs["ca"]))
    return marked


def done_message(cfg: C.InitConfiguration, token: str, ca_hash: str) -> str:
    admin = os.path.join(cfg.data_dir, C.ADMIN_CONF)
    if cfg.book:
        return ("\nYour Kubernetes master has initialized successfully!\n\n"
                "To start using your cluster, you need to run the following as a regular user:\n\n"
                "  mkdir -p $HOME/.kube\n"
                f"  sudo cp -i {admin} $HOME/.kube/config\n"
                "  sudo chown $(id -u):$(id -g) $HOME/.kube/config\n\n"
                "You should now deploy a pod network to the cluster.\n"
                'Run "kubectl apply -f [podnetwork].yaml" with one of the options listed at:\n'
                "  https://kubernetes.io/docs/concepts/cluster-administration/addons/\n\n"
                "You can now join any number of machines by running the following on each node\nas root:\n\n"
                f"  kubeadm join {cfg.join_endpoint} --token {token} --discovery-token-ca-cert-hash {ca_hash}\n\n")
    return ("\nYour Kubernetes control-plane has initialized successfully!\n\n"
            "To start using your cluster, you need to run the following as a regular user:\n\n"
            "  mkdir -p $HOME/.kube\n"
            f"  sudo cp -i {admin} $HOME/.kube/config\n"
            "  sudo chown $(id -u):$(id -g) $HOME/.kube/config\n\n"
            "Alternatively, if you are the root user, you can run:\n\n"
            f"  export KUBECONFIG={admin}\n\n"
            "You should now deploy a pod network to the cluster.\n"
            'Run "kubectl apply -f [podnetwork].yaml" with one of the options listed at:\n'
            "  https://kubernetes.io/docs/concepts/cluster-administration/addons/\n\n"
            "Then you can join any number of worker nodes by running the following on each as root:\n\n"
            f"{join_command(cfg.join_endpoint, token, ca_hash)}\n")


def join_command(host_port: str, token: str, ca_hash: str) -> str:
    """joinCommandTemplate: the hash on its own tab-indented line, a space after it."""
    return f"kubeadm join {host_port} --token {token} \\\n\t--discovery-token-ca-cert-hash {ca_hash} "
