"""The phases of `kubeadm init` that talk to the API server once it is up: upload-config,
mark-control-plane, bootstrap-token (the token Secret, the RBAC rules that let joining nodes
bootstrap, the cluster-info ConfigMap) and the kubeadm:cluster-admins binding.

Follows `cmd/kubeadm/app/phases/uploadconfig/uploadconfig.go` (the kubeadm-config ConfigMap and
the `kubeadm:nodes-kubeadm-config` Role), `.../kubelet/config.go` (the kubelet-config ConfigMap
and `kubeadm:kubelet-config` Role; v1.11: `kubelet-config-1.11`), `.../markcontrolplane/
markcontrolplane.go` (v1.32: the control-plane and exclude-from-external-load-balancers labels
and the control-plane NoSchedule taint; v1.11 `markmaster`: the master label and taint),
`.../bootstraptoken/node/token.go` and `.../node/tlsbootstrap.go` (the RBAC rules, with their
printed lines), `.../bootstraptoken/clusterinfo/clusterinfo.go`, and
`.../kubeconfig/kubeconfig.go` EnsureAdminClusterRoleBindingImpl (kubeadm:cluster-admins ->
cluster-admin).

Every phase is idempotent: what exists already is kept.

Differences from upstream: the ClusterConfiguration stored in kubeadm-config holds the fields
k8slab has; the kubelet-config ConfigMap holds a minimal KubeletConfiguration.
"""

from __future__ import annotations

from . import clusterinfo
from . import config as C
from .apiclient import KubeadmClient, collection
from .tokens import token_secret

RBAC = "rbac.authorization.k8s.io/v1"
RBAC_GROUP = "rbac.authorization.k8s.io"
NODE_BOOTSTRAPPER_ROLE = "system:node-bootstrapper"
NODE_CLIENT_ROLE = "system:certificates.k8s.io:certificatesigningrequests:nodeclient"
SELF_NODE_CLIENT_ROLE = "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient"


def _crb(name: str, role: str, kind: str, subject: str) -> dict:
    return {"apiVersion": RBAC, "kind": "ClusterRoleBinding", "metadata": {"name": name},
            "roleRef": {"apiGroup": RBAC_GROUP, "kind": "ClusterRole", "name": role},
            "subjects": [{"kind": kind, "apiGroup": RBAC_GROUP, "name": subject}]}


def _role_and_binding(name: str, ns: str, rules: list, groups: list[str]) -> list[dict]:
    return [{"apiVersion": RBAC, "kind": "Role", "metadata": {"name": name, "namespace": ns}, "rules": rules},
            {"apiVersion": RBAC, "kind": "RoleBinding", "metadata": {"name": name, "namespace": ns},
             "roleRef": {"apiGroup": RBAC_GROUP, "kind": "Role", "name": name},
             "subjects": [{"kind": "Group", "apiGroup": RBAC_GROUP, "name": g} for g in groups]}]


def _create(client: KubeadmClient, obj: dict) -> None:
    plural = {"ConfigMap": "configmaps", "Secret": "secrets", "Role": "roles", "RoleBinding": "rolebindings",
              "ClusterRole": "clusterroles", "ClusterRoleBinding": "clusterrolebindings"}[obj["kind"]]
    client.create_or_retain(collection(obj["apiVersion"], plural, obj["metadata"].get("namespace")), obj)


def ensure_admin_binding(client: KubeadmClient, cfg: C.InitConfiguration) -> None:
    """kubeadm:cluster-admins -> cluster-admin, so that admin.conf's group has power (v1.29+)."""
    if not cfg.book:
        _create(client, _crb(C.CLUSTER_ADMINS_GROUP, "cluster-admin", "Group", C.CLUSTER_ADMINS_GROUP))


def upload_config(client: KubeadmClient, cfg: C.InitConfiguration, say) -> None:
    minor = cfg.kubernetes_version.lstrip("v").split(".")[1] if "." in cfg.kubernetes_version else ""
    if cfg.book:
        say('[uploadconfig] storing the configuration used in ConfigMap "kubeadm-config" in the "kube-system" Namespace')
    else:
        say('[upload-config] Storing the configuration used in ConfigMap "kubeadm-config" in the "kube-system" Namespace')
    _create(client, {"apiVersion": "v1", "kind": "ConfigMap",
                     "metadata": {"name": "kubeadm-config", "namespace": "kube-system"},
                     "data": {"ClusterConfiguration": cluster_configuration(cfg)}})
    readers = [C.NODE_BOOTSTRAP_TOKEN_AUTH_GROUP, C.NODES_GROUP]
    for obj in _role_and_binding("kubeadm:nodes-kubeadm-config", "kube-system",
                                 [{"verbs": ["get"], "apiGroups": [""], "resources": ["configmaps"],
                                   "resourceNames": ["kubeadm-config"]}], readers):
        _create(client, obj)
    name = f"kubelet-config-1.{minor}" if cfg.book else "kubelet-config"
    say(f'[kubelet] Creating a ConfigMap "{name}" in namespace kube-system with the configuration for the '
        "kubelets in the cluster")
    _create(client, {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, "namespace": "kube-system"},
                     "data": {"kubelet": kubelet_configuration(cfg)}})
    for obj in _role_and_binding(f"kubeadm:{name}", "kube-system",
                                 [{"verbs": ["get"], "apiGroups": [""], "resources": ["configmaps"],
                                   "resourceNames": [name]}], readers):
        _create(client, obj)


def cluster_configuration(cfg: C.InitConfiguration) -> str:
    api_version = "kubeadm.k8s.io/v1alpha2" if cfg.book else "kubeadm.k8s.io/v1beta4"
    lines = [f"apiVersion: {api_version}", f"certificatesDir: {cfg.cert_dir}", f"clusterName: {cfg.cluster_name}",
             "kind: ClusterConfiguration", f"kubernetesVersion: {cfg.kubernetes_version}", "networking:",
             f"  dnsDomain: {cfg.dns_domain}"]
    if cfg.pod_subnet:
        lines.append(f"  podSubnet: {cfg.pod_subnet}")
    lines.append(f"  serviceSubnet: {cfg.service_subnet}")
    return "\n".join(lines) + "\n"


def kubelet_configuration(cfg: C.InitConfiguration) -> str:
    return ("apiVersion: kubelet.config.k8s.io/v1beta1\nauthentication:\n  x509:\n"
            f"    clientCAFile: {cfg.cert_dir}/ca.crt\nclusterDNS:\n- 10.96.0.10\n"
            f"clusterDomain: {cfg.dns_domain}\nkind: KubeletConfiguration\n")


def mark_control_plane(client: KubeadmClient, cfg: C.InitConfiguration, say) -> bool:
    """Label and taint the control-plane node, if it has registered (False if not)."""
    path = f"/api/v1/nodes/{cfg.node_name}"
    node = client.get(path)
    if node is None:
        return False
    if cfg.book:
        labels = {"node-role.kubernetes.io/master": ""}
        taint = {"key": "node-role.kubernetes.io/master", "effect": "NoSchedule"}
        say(f"[markmaster] Marking the node {cfg.node_name} as master by adding the label "
            "\"node-role.kubernetes.io/master=''\"")
        say(f"[markmaster] Marking the node {cfg.node_name} as master by adding the taints "
            "[node-role.kubernetes.io/master:NoSchedule]")
    else:
        labels = {"node-role.kubernetes.io/control-plane": "",
                  "node.kubernetes.io/exclude-from-external-load-balancers": ""}
        taint = {"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}
        say(f"[mark-control-plane] Marking the node {cfg.node_name} as control-plane by adding the labels: "
            "[node-role.kubernetes.io/control-plane node.kubernetes.io/exclude-from-external-load-balancers]")
        say(f"[mark-control-plane] Marking the node {cfg.node_name} as control-plane by adding the taints "
            "[node-role.kubernetes.io/control-plane:NoSchedule]")
    taints = [t for t in (node.get("spec") or {}).get("taints") or [] if t.get("key") != taint["key"]]
    client.merge_patch(path, {"metadata": {"labels": labels}, "spec": {"taints": taints + [taint]}})
    return True


def bootstrap_token(client: KubeadmClient, cfg: C.InitConfiguration, token: str, now: float, say,
                    ca_pem: bytes, description: str = C.INIT_TOKEN_DESCRIPTION) -> None:
    """The bootstrap-token phase: the token Secret, the RBAC rules, cluster-info."""
    tag = "[bootstraptoken]" if cfg.book else "[bootstrap-token]"
    say(f"{tag} {'using' if cfg.book else 'Using'} token: {token}")
    if not cfg.book:
        say(f"{tag} Configuring bootstrap tokens, cluster-info ConfigMap, RBAC Roles")
    client.create_or_update(collection("v1", "secrets", "kube-system"),
                            token_secret(token, now, cfg.token_ttl_seconds, description))
    configure_rbac(client, cfg, say)
    say(f'{tag} {"creating" if cfg.book else "Creating"} the "cluster-info" ConfigMap in the "kube-public" namespace')
    create_cluster_info(client, cfg.endpoint, ca_pem)


def configure_rbac(client: KubeadmClient, cfg: C.InitConfiguration, say=lambda line: None) -> None:
    """AllowBootstrapTokensToGetNodes, AllowBootstrapTokensToPostCSRs, AutoApproveNodeBootstrapTokens,
    AutoApproveNodeCertificateRotation."""
    group = C.NODE_BOOTSTRAP_TOKEN_AUTH_GROUP
    tag = "[bootstraptoken] configured" if cfg.book else "[bootstrap-token] Configured"
    if not cfg.book:
        _create(client, {"apiVersion": RBAC, "kind": "ClusterRole", "metadata": {"name": "kubeadm:get-nodes"},
                         "rules": [{"verbs": ["get"], "apiGroups": [""], "resources": ["nodes"]}]})
        _create(client, _crb("kubeadm:get-nodes", "kubeadm:get-nodes", "Group", group))
        say(f"{tag} RBAC rules to allow Node Bootstrap tokens to get nodes")
    _create(client, _crb("kubeadm:kubelet-bootstrap", NODE_BOOTSTRAPPER_ROLE, "Group", group))
    say(f"{tag} RBAC rules to allow Node Bootstrap tokens to post CSRs in order for nodes to get long term "
        "certificate credentials")
    _create(client, _crb("kubeadm:node-autoapprove-bootstrap", NODE_CLIENT_ROLE, "Group", group))
    say(f"{tag} RBAC rules to allow the csrapprover controller automatically approve CSRs from a Node "
        "Bootstrap Token")
    _create(client, _crb("kubeadm:node-autoapprove-certificate-rotation", SELF_NODE_CLIENT_ROLE, "Group",
                         C.NODES_GROUP))
    say(f"{tag} RBAC rules to allow certificate rotation for all node client certificates in the cluster")


def create_cluster_info(client: KubeadmClient, server: str, ca_pem: bytes) -> None:
    _create(client, clusterinfo.configmap(server, ca_pem))
    for obj in clusterinfo.rbac_objects():
        _create(client, obj)
