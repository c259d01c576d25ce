"""The users the control plane's own components act as (`Cluster(component_identities=True)`,
the default; `k8slab up --component-identities=false` turns it off).

Upstream each component has a kubeconfig with a client certificate that kubeadm wrote
(controller-manager.conf: `system:kube-controller-manager`; scheduler.conf:
`system:kube-scheduler`; kubelet.conf: `system:node:<name>` in `system:nodes`), and kubeadm runs
kube-controller-manager with `--use-service-account-credentials=true`: each controller then
acts as the service account `kube-system/<name>` named below
(`cmd/kube-controller-manager/app/*.go`, `ClientBuilder.ClientOrDie("<name>")`), which the
`system:controller:<name>` RBAC roles are bound to; the token controller uses the
controller-manager's own credentials (`rootClientBuilder`).

Differences from upstream: in-process components are given these users directly (no
certificate or token crosses a wire); informers are shared by all components and list and
watch as the cluster admin, so only the components' writes and direct reads carry their
identities; the service accounts are not created in kube-system.
"""

from __future__ import annotations

from .user import KUBE_CONTROLLER_MANAGER, KUBE_SCHEDULER, NODE_USER_PREFIX, component_user as _user
from .user import user_info

# canonical controller name -> the service account it runs as (its ClientOrDie name)
CONTROLLER_SERVICE_ACCOUNTS = {
    "replicaset-controller": "replicaset-controller",
    "replicationcontroller-controller": "replication-controller",
    "deployment-controller": "deployment-controller",
    "daemonset-controller": "daemon-set-controller",
    "statefulset-controller": "statefulset-controller",
    "endpoints-controller": "endpoint-controller",
    "endpointslice-controller": "endpointslice-controller",
    "pod-garbage-collector-controller": "pod-garbage-collector",
    "namespace-controller": "namespace-controller",
    "serviceaccount-controller": "service-account-controller",
    "garbage-collector-controller": "generic-garbage-collector",
    "job-controller": "job-controller",
    "cronjob-controller": "cronjob-controller",
    "node-lifecycle-controller": "node-controller",
    "taint-eviction-controller": "node-controller",        # "uses existing cluster role from node-controller"
    "ttl-after-finished-controller": "ttl-after-finished-controller",
    "certificatesigningrequest-signing-controller": "certificate-controller",
    "certificatesigningrequest-approving-controller": "certificate-controller",
    "bootstrap-signer-controller": "bootstrap-signer",
    "token-cleaner-controller": "token-cleaner",
    "clusterrole-aggregation-controller": "clusterrole-aggregation-controller",
    "resourcequota-controller": "resourcequota-controller",
    "root-ca-certificate-publisher-controller": "root-ca-cert-publisher",
    "disruption-controller": "disruption-controller",
    "ttl-controller": "ttl-controller",
}


def component_user(component) -> dict | None:
    """The user a Cluster component starts as (None: leave the admin client)."""
    name = getattr(component, "name", "")
    if name == "kube-controller-manager":
        return _user(KUBE_CONTROLLER_MANAGER)
    if name in ("scheduler", "kube-scheduler", "default-scheduler"):
        return _user(KUBE_SCHEDULER)
    if name.startswith("kubelet/"):
        return _user(NODE_USER_PREFIX + name[len("kubelet/"):])
    return None


def controller_user(controller_name: str, use_service_account_credentials: bool = True) -> dict:
    """The user one controller of the controller-manager acts as."""
    sa = CONTROLLER_SERVICE_ACCOUNTS.get(controller_name)
    if not use_service_account_credentials or sa is None:
        return _user(KUBE_CONTROLLER_MANAGER)
    return user_info(f"system:serviceaccount:kube-system:{sa}",
                     ["system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated"])
