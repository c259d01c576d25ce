"""What `k8slab up` takes from kubeadm for its secure port: the PKI and kubeconfigs under
`--data-dir` (created on the first start, reused after), and the cluster objects kubeadm's
init leaves behind (the kubeadm:cluster-admins binding, the node-bootstrap RBAC rules and the
cluster-info ConfigMap), so that `kubeadm token create` + `kubeadm join` work against any
`k8slab up`.

    cfg, pki = prepare("/tmp/lab", profile="current", nodes=3, port=6443)

Differences from upstream: kubeadm writes each node's kubelet.conf on that node when it joins;
`k8slab up` runs every node in one process and writes theirs under `<data-dir>/nodes/<name>/`.
"""

from __future__ import annotations

import os
import time

from . import config as C
from .kubeconfig import node_kubeconfig, write_kubeconfigs
from .pki import create_pki


def prepare(data_dir: str, profile: str = "current", nodes: int = 0, port: int = C.DEFAULT_BIND_PORT,
            version: str = "v1.32.0", node_names=None, out=None, now: float | None = None):
    """(InitConfiguration, PKI): the certs and kubeconfig phases for a `k8slab up` cluster."""
    now = time.time() if now is None else now
    names = list(node_names or [])
    cfg = C.InitConfiguration(data_dir=data_dir, profile=profile, kubernetes_version=version,
                              node_name=names[0] if names else "node1", bind_port=port)
    pki = create_pki(cfg, now, out)
    write_kubeconfigs(cfg, pki, now, out)
    for name in names[1:nodes]:
        node_kubeconfig(cfg, pki, name, now)
    return cfg, pki


def admin_kubeconfig(cfg: C.InitConfiguration, server: str) -> str:
    """admin.conf pointed at `server` (the port `k8slab up` really listens on)."""
    from .kubeconfig import read, render
    admin = read(os.path.join(cfg.data_dir, C.ADMIN_CONF))
    return render(server, cfg.cluster_name, admin["user"], admin["ca"], admin["cert"], admin["key"])


def apply_cluster_objects(client, cfg: C.InitConfiguration, ca_pem: bytes) -> None:
    """kubeadm init's cluster objects that do not depend on a token (idempotent, quiet)."""
    from .phases import configure_rbac, create_cluster_info, ensure_admin_binding
    ensure_admin_binding(client, cfg)
    configure_rbac(client, cfg)
    create_cluster_info(client, cfg.endpoint, ca_pem)
