"""NodeRestriction: a kubelet (user `system:node:<name>` in group `system:nodes`) may change only
its own Node, the pods bound to it (mirror pods, their status), its own Lease, and tokens for pods
on it; it may not set or change labels under node-restriction.kubernetes.io/ nor kubernetes.io /
k8s.io labels that are not kubelet labels, nor its own taints.

Follows `plugin/pkg/admission/noderestriction/admission.go` (Admit, admitPod, admitPodCreate,
admitPodStatus, admitPVCStatus, admitNode, getForbiddenLabels, admitServiceAccount, admitLease),
`pkg/auth/nodeidentifier/default.go` (NodeIdentity) and `staging/src/k8s.io/kubelet/pkg/apis/
well_known_labels.go` (IsKubeletLabel). Upstream has it off by default; kubeadm turns it on
(`--enable-admission-plugins=NodeRestriction`) and so does `k8slab up`.

Differences from upstream: pods/eviction is not checked (k8slab's eviction subresource deletes
without running admission); CSINodes and ResourceSlices are not served; the PVC-status refusal
shows no cmp.Diff of the two claims (Go's struct dump); objects are read from the store, not from
informers.
"""

from __future__ import annotations

from .. import errors as E

NODE_USER_PREFIX = "system:node:"
NODES_GROUP = "system:nodes"
MIRROR_POD_ANNOTATION = "kubernetes.io/config.mirror"
NAMESPACE_NODE_LEASE = "kube-node-lease"
LABEL_NAMESPACE_NODE_RESTRICTION = "node-restriction.kubernetes.io"
# kubeletapis: the labels and label namespaces a kubelet may set on its Node
KUBELET_LABELS = frozenset({
    "kubernetes.io/hostname", "topology.kubernetes.io/zone", "topology.kubernetes.io/region",
    "failure-domain.beta.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/region",
    "beta.kubernetes.io/instance-type", "node.kubernetes.io/instance-type",
    "kubernetes.io/os", "kubernetes.io/arch", "beta.kubernetes.io/os", "beta.kubernetes.io/arch"})
KUBELET_LABEL_NAMESPACES = ("kubelet.kubernetes.io", "node.kubernetes.io")


def node_identity(user: dict | None) -> tuple[str, bool]:
    """NodeIdentity: (node name, is a node); the name may be "" for `system:node:`."""
    if not user:
        return "", False
    name = user.get("username", "")
    if not name.startswith(NODE_USER_PREFIX) or NODES_GROUP not in (user.get("groups") or ()):
        return "", False
    return name[len(NODE_USER_PREFIX):], True


class NodeRestriction:
    name = "NodeRestriction"
    resources = {("", "pods"), ("", "nodes"), ("", "persistentvolumeclaims"), ("", "serviceaccounts"),
                 ("coordination.k8s.io", "leases")}
    subresources = ("", "status", "binding", "ephemeralcontainers", "token")
    operations = ("CREATE", "UPDATE", "DELETE")

    def __init__(self, registry):
        self.registry = registry

    def admit(self, a) -> None:
        node_name, is_node = node_identity(a.user)
        if not is_node:
            return                                   # our job is just to restrict nodes
        if not node_name:
            raise a.forbidden(f'could not determine node from user "{a.user.get("username", "")}"')
        plural, sub = a.res.plural, a.subresource
        if plural == "pods":
            if sub == "":
                self._admit_pod(node_name, a)
            elif sub == "status":
                _admit_pod_status(node_name, a)
            else:
                raise a.forbidden(f"unexpected pod subresource \"{sub}\", only 'status' and 'eviction' are allowed")
        elif plural == "nodes":
            _admit_node(node_name, a)
        elif plural == "persistentvolumeclaims":
            if sub != "status":
                raise a.forbidden("may only update PVC status")
            _admit_pvc_status(node_name, a)
        elif plural == "serviceaccounts":
            self._admit_service_account(node_name, a)
        elif plural == "leases":
            _admit_lease(node_name, a)

    # ---- pods ---------------------------------------------------------------------------------

    def _admit_pod(self, node_name: str, a) -> None:
        if a.operation == "CREATE":
            self._admit_pod_create(node_name, a)
        elif a.operation == "DELETE":
            if (a.old.get("spec") or {}).get("nodeName") != node_name:
                raise a.forbidden(f'node "{node_name}" can only delete pods with spec.nodeName set to itself')
        else:
            raise a.forbidden(f'unexpected operation "{a.operation}", node "{node_name}" can only create '
                              f'and delete mirror pods')

    def _admit_pod_create(self, node_name: str, a) -> None:
        pod = a.obj
        meta, spec = pod["metadata"], pod.get("spec") or {}
        n = f'node "{node_name}"'
        if MIRROR_POD_ANNOTATION not in (meta.get("annotations") or {}):
            raise a.forbidden(f'pod does not have "{MIRROR_POD_ANNOTATION}" annotation, {n} can only create mirror pods')
        if spec.get("nodeName", "") != node_name:
            raise a.forbidden(f"{n} can only create pods with spec.nodeName set to itself")
        owners = meta.get("ownerReferences") or []
        if len(owners) > 1:
            raise a.forbidden(f"{n} can only create pods with a single owner reference set to itself")
        if not owners:
            raise a.forbidden(f"{n} can only create pods with an owner reference set to itself")
        owner = owners[0]
        if owner.get("apiVersion") != "v1" or owner.get("kind") != "Node" or owner.get("name") != node_name:
            raise a.forbidden(f"{n} can only create pods with an owner reference set to itself")
        if not owner.get("controller"):
            raise a.forbidden(f"{n} can only create pods with a controller owner reference set to itself")
        if owner.get("blockOwnerDeletion"):
            raise a.forbidden(f"{n} must not set blockOwnerDeletion on an owner reference")
        node = self._get("", "nodes", None, node_name)
        if node is None:
            raise E.not_found("", "nodes", node_name)
        if owner.get("uid", "") != node["metadata"].get("uid", ""):
            raise a.forbidden(f'node {node_name} UID mismatch: expected {owner.get("uid", "")} '
                              f'got {node["metadata"].get("uid", "")}')
        if spec.get("serviceAccountName"):
            raise a.forbidden(f"{n} can not create pods that reference a service account")
        if _references(spec, "secret"):
            raise a.forbidden(f"{n} can not create pods that reference secrets")
        if _references(spec, "configMap"):
            raise a.forbidden(f"{n} can not create pods that reference configmaps")
        for v in spec.get("volumes") or []:
            if any("clusterTrustBundle" in s for s in (v.get("projected") or {}).get("sources") or []):
                raise a.forbidden(f"{n} can not create pods that reference clustertrustbundles")
        if any("persistentVolumeClaim" in v for v in spec.get("volumes") or []):
            raise a.forbidden(f"{n} can not create pods that reference persistentvolumeclaims")

    # ---- service account tokens ---------------------------------------------------------------

    def _admit_service_account(self, node_name: str, a) -> None:
        if a.operation != "CREATE" or a.subresource != "token":
            return
        ref = ((a.obj or {}).get("spec") or {}).get("boundObjectRef") or {}
        if ref.get("apiVersion") != "v1" or ref.get("kind") != "Pod" or not ref.get("name"):
            raise a.forbidden("node requested token not bound to a pod")
        if not ref.get("uid"):
            raise a.forbidden("node requested token with a pod binding without a uid")
        pod = self._get("", "pods", a.namespace, ref["name"])
        if pod is None:
            raise E.not_found("", "pods", ref["name"])
        if ref["uid"] != pod["metadata"].get("uid"):
            raise a.forbidden(f'the UID in the bound object reference ({ref["uid"]}) does not match the UID in '
                              f'record. The object might have been deleted and then recreated')
        if (pod.get("spec") or {}).get("nodeName") != node_name:
            raise a.forbidden("node requested token bound to a pod scheduled on a different node")

    def _get(self, group: str, plural: str, ns: str | None, name: str) -> dict | None:
        res = self.registry.table.get(group, "v1", plural)
        kv = self.registry.store.get(res.key(ns, name).encode())
        return None if kv is None else self.registry.cache.decode(kv)


def _admit_pod_status(node_name: str, a) -> None:
    if a.operation != "UPDATE":
        raise a.forbidden(f'unexpected operation "{a.operation}"')
    if (a.old.get("spec") or {}).get("nodeName") != node_name:
        raise a.forbidden(f'node "{node_name}" can only update pod status for pods with spec.nodeName set to itself')
    if (a.old["metadata"].get("labels") or {}) != (a.obj["metadata"].get("labels") or {}):
        raise a.forbidden(f'node "{node_name}" cannot update labels through pod status')
    claims = [(c.get("name"), c.get("resourceClaimName")) for c in (a.old.get("status") or {}).get(
        "resourceClaimStatuses") or []]
    if claims != [(c.get("name"), c.get("resourceClaimName")) for c in (a.obj.get("status") or {}).get(
            "resourceClaimStatuses") or []]:
        raise a.forbidden(f'node "{node_name}" cannot update resource claim statues')


def _admit_pvc_status(node_name: str, a) -> None:
    if a.operation != "UPDATE":
        raise a.forbidden(f'unexpected operation "{a.operation}"')
    if _pvc_without_status_changes(a.old) != _pvc_without_status_changes(a.obj):
        raise a.forbidden(f'node "{node_name}" is not allowed to update fields other than '
                          f'status.capacity and status.conditions')


def _pvc_without_status_changes(pvc: dict) -> dict:
    meta = {k: v for k, v in pvc["metadata"].items() if k not in ("resourceVersion", "managedFields")}
    status = {k: v for k, v in (pvc.get("status") or {}).items() if k not in ("capacity", "conditions")}
    return {**pvc, "metadata": meta, "status": status}


def _admit_node(node_name: str, a) -> None:
    requested = a.name or ((a.obj or a.old or {}).get("metadata") or {}).get("name", "")
    if requested != node_name:
        raise a.forbidden(f'node "{node_name}" is not allowed to modify node "{requested}"')
    if a.operation == "CREATE":
        if (a.obj.get("spec") or {}).get("configSource") is not None:
            raise a.forbidden(f'node "{node_name}" is not allowed to create pods with a non-nil configSource')
        forbidden = forbidden_labels(modified_labels(a.obj["metadata"].get("labels"), None))
        if forbidden:
            raise a.forbidden(f'node "{node_name}" is not allowed to set the following labels: {", ".join(forbidden)}')
    elif a.operation == "UPDATE":
        spec, old_spec = a.obj.get("spec") or {}, a.old.get("spec") or {}
        if spec.get("configSource") is not None and spec.get("configSource") != old_spec.get("configSource"):
            raise a.forbidden(f'node "{node_name}" is not allowed to update configSource to a new non-nil configSource')
        if (spec.get("taints") or None) != (old_spec.get("taints") or None):
            raise a.forbidden(f'node "{node_name}" is not allowed to modify taints')
        forbidden = forbidden_labels(modified_labels(a.obj["metadata"].get("labels"),
                                                     a.old["metadata"].get("labels")))
        if forbidden:
            raise a.forbidden(f'is not allowed to modify labels: {", ".join(forbidden)}')


def _admit_lease(node_name: str, a) -> None:
    if a.namespace != NAMESPACE_NODE_LEASE:
        raise a.forbidden(f'can only access leases in the "{NAMESPACE_NODE_LEASE}" system namespace')
    name = (a.obj["metadata"].get("name", "") if a.operation == "CREATE" else a.name) or ""
    if name != node_name:
        raise a.forbidden("can only access node lease with the same name as the requesting node")


def modified_labels(new: dict | None, old: dict | None) -> set[str]:
    """getModifiedLabels: keys added, removed or changed."""
    new, old = new or {}, old or {}
    return {k for k in new.keys() | old.keys() if new.get(k) != old.get(k) or (k in new) != (k in old)}


def forbidden_labels(modified: set[str]) -> list[str]:
    """getForbiddenLabels, sorted as sets.String.List() sorts."""
    out = set()
    for label in modified:
        namespace = _label_namespace(label)
        if namespace == LABEL_NAMESPACE_NODE_RESTRICTION or namespace.endswith("." + LABEL_NAMESPACE_NODE_RESTRICTION):
            out.add(label)
        if _is_kubernetes_label(namespace) and not is_kubelet_label(label):
            out.add(label)
    return sorted(out)


def is_kubelet_label(label: str) -> bool:
    if label in KUBELET_LABELS:
        return True
    namespace = _label_namespace(label)
    return any(namespace == ns or namespace.endswith("." + ns) for ns in KUBELET_LABEL_NAMESPACES)


def _is_kubernetes_label(namespace: str) -> bool:
    return any(namespace == d or namespace.endswith("." + d) for d in ("kubernetes.io", "k8s.io"))


def _label_namespace(key: str) -> str:
    return key.split("/", 1)[0] if "/" in key else ""


def _references(spec: dict, kind: str) -> bool:
    """VisitPodSecretNames / VisitPodConfigmapNames: any volume, env or envFrom naming one."""
    if kind == "secret" and spec.get("imagePullSecrets"):
        return True
    for v in spec.get("volumes") or []:
        if kind == "secret" and (v.get("secret") or any(
                (v.get(k) or {}).get("secretRef") for k in ("azureFile", "cephfs", "cinder", "flexVolume", "rbd",
                                                             "scaleIO", "iscsi", "storageos", "csi"))
                                 or (v.get("azureFile") or {}).get("secretName")):
            return True
        if kind == "configMap" and v.get("configMap"):
            return True
        for s in (v.get("projected") or {}).get("sources") or []:
            if s.get(kind):
                return True
    containers = [c for k in ("initContainers", "containers", "ephemeralContainers") for c in spec.get(k) or []]
    ref = "secretRef" if kind == "secret" else "configMapRef"
    key_ref = "secretKeyRef" if kind == "secret" else "configMapKeyRef"
    for c in containers:
        if any(e.get(ref) for e in c.get("envFrom") or []):
            return True
        if any((e.get("valueFrom") or {}).get(key_ref) for e in c.get("env") or []):
            return True
    return False
