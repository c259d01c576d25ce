"""kubeadm's kubeconfig files: one client certificate per identity, signed by the cluster CA,
embedded with the CA in a kubeconfig that names the API server.

Follows `cmd/kubeadm/app/phases/kubeconfig/kubeconfig.go` (getKubeConfigSpecsBase: who each file
is for, which endpoint it names; createKubeConfigFileIfNotExists; the `[kubeconfig]` lines) and
`cmd/kubeadm/app/util/kubeconfig/kubeconfig.go` (CreateWithCerts: cluster named after the
cluster, context `<user>@<cluster>`, certificate-authority-data, client-certificate-data,
client-key-data), written as clientcmd writes YAML (keys sorted, `preferences: {}`).

| file                    | user (CN)                        | groups (O)                      |
|-------------------------|----------------------------------|---------------------------------|
| admin.conf              | kubernetes-admin                 | kubeadm:cluster-admins (book: system:masters) |
| super-admin.conf        | kubernetes-super-admin           | system:masters (current only)   |
| kubelet.conf            | system:node:<node>               | system:nodes                    |
| controller-manager.conf | system:kube-controller-manager   |                                 |
| scheduler.conf          | system:kube-scheduler            |                                 |

Differences from upstream: kubelet.conf keeps its embedded certificate (upstream's
kubelet-finalize phase repoints it at /var/lib/kubelet/pki/kubelet-client-current.pem); other
nodes' kubelet.conf files, which upstream writes on each node at join time, are written by
`node_kubeconfig` under `<data-dir>/nodes/<name>/`.
"""

from __future__ import annotations

import base64
import os

from . import config as C
from .pki import PKI, cert_pem, key_pem, new_private_key, sign


def specs(cfg: C.InitConfiguration) -> list[tuple[str, str, tuple]]:
    """(file name, client name, organizations), in the order kubeadm writes them."""
    admin_group = C.SYSTEM_PRIVILEGED_GROUP if cfg.book else C.CLUSTER_ADMINS_GROUP
    out = [(C.ADMIN_CONF, "kubernetes-admin", (admin_group,))]
    if not cfg.book:
        out.append((C.SUPER_ADMIN_CONF, "kubernetes-super-admin", (C.SYSTEM_PRIVILEGED_GROUP,)))
    out += [(C.KUBELET_CONF, C.NODES_USER_PREFIX + cfg.node_name, (C.NODES_GROUP,)),
            (C.CONTROLLER_MANAGER_CONF, C.CONTROLLER_MANAGER_USER, ()),
            (C.SCHEDULER_CONF, C.SCHEDULER_USER, ())]
    return out


def render(server: str, cluster: str, user: str, ca_pem: bytes, cert: bytes | None = None,
           key: bytes | None = None, token: str = "") -> str:
    """A kubeconfig as clientcmd writes it (CreateWithCerts / CreateWithToken)."""
    def b64(data: bytes) -> str:
        return base64.b64encode(data).decode()

    context = f"{user}@{cluster}"
    lines = ["apiVersion: v1", "clusters:", "- cluster:",
             f"    certificate-authority-data: {b64(ca_pem)}", f"    server: {server}",
             f"  name: {cluster}", "contexts:", "- context:", f"    cluster: {cluster}",
             f"    user: {user}", f"  name: {context}", f"current-context: {context}",
             "kind: Config", "preferences: {}", "users:", f"- name: {user}", "  user:"]
    if cert is not None:
        lines += [f"    client-certificate-data: {b64(cert)}", f"    client-key-data: {b64(key)}"]
    if token:
        lines.append(f"    token: {token}")
    return "\n".join(lines) + "\n"


def client_kubeconfig(pki: PKI, server: str, cluster: str, user: str, organizations=(),
                      now: float | None = None) -> str:
    """A kubeconfig with a new client certificate for `user` in `organizations`."""
    ca_cert, ca_key = pki.ca
    key = new_private_key()
    cert = sign(ca_cert, ca_key, key.public_key(), user, organizations, now=now)
    return render(server, cluster, user, cert_pem(ca_cert), cert_pem(cert), key_pem(key))


def write_kubeconfigs(cfg: C.InitConfiguration, pki: PKI, now: float, out=None) -> dict[str, str]:
    """The kubeconfig phase: file name -> path of each kubeconfig written (existing ones kept)."""
    say = out or (lambda line: None)
    if not cfg.book:
        say(f'[kubeconfig] Using kubeconfig folder "{cfg.data_dir}"')
    local = f"https://{cfg.advertise_address}:{cfg.bind_port}"
    written = {}
    for name, user, groups in specs(cfg):
        path = os.path.join(cfg.data_dir, name)
        written[name] = path
        if os.path.exists(path):
            say(f'[kubeconfig] Using existing kubeconfig file: "{os.path.abspath(path)}"')
            continue
        server = local if name in (C.CONTROLLER_MANAGER_CONF, C.SCHEDULER_CONF) else cfg.endpoint
        write_file(path, client_kubeconfig(pki, server, cfg.cluster_name, user, groups, now))
        if cfg.book:
            say(f'[kubeconfig] Wrote KubeConfig file to disk: "{path}"')
        else:
            say(f'[kubeconfig] Writing "{name}" kubeconfig file')
    return written


def node_kubeconfig(cfg: C.InitConfiguration, pki: PKI, node_name: str, now: float) -> str:
    """`<data-dir>/nodes/<name>/kubelet.conf` for another node (what join leaves on that node)."""
    path = os.path.join(cfg.data_dir, "nodes", node_name, C.KUBELET_CONF)
    if not os.path.exists(path):
        write_file(path, client_kubeconfig(pki, cfg.endpoint, cfg.cluster_name,
                                           C.NODES_USER_PREFIX + node_name, (C.NODES_GROUP,), now))
    return path


def write_file(path: str, text: str) -> None:
    """kubeconfigs hold private keys: 0600, as clientcmd writes them."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)


def read(path: str) -> dict:
    """A kubeconfig's first cluster and user, decoded: {server, ca, cert, key, token, user}."""
    import yaml
    with open(path) as f:
        doc = yaml.safe_load(f) or {}
    cluster = (doc.get("clusters") or [{}])[0].get("cluster") or {}
    user_entry = (doc.get("users") or [{}])[0]
    user = user_entry.get("user") or {}

    def data(d: dict, key: str) -> bytes | None:
        if d.get(key + "-data"):
            return base64.b64decode(d[key + "-data"])
        if d.get(key):
            with open(os.path.join(os.path.dirname(path), d[key]), "rb") as f:
                return f.read()
        return None

    return {"server": cluster.get("server", ""), "ca": data(cluster, "certificate-authority"),
            "cert": data(user, "client-certificate"), "key": data(user, "client-key"),
            "token": user.get("token", ""), "user": user_entry.get("name", "")}
