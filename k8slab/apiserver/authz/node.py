"""The Node authorizer: a kubelet (user `system:node:<name>` in group `system:nodes`) may read what
the pods bound to its node need, and write its own Node, Lease and pod statuses.

Follows `plugin/pkg/auth/authorizer/node/node_authorizer.go` (Authorize and its helpers
authorizeReadNamespacedObject, authorizeGet, authorizeStatusUpdate, authorizeCreateToken,
authorizeLease, authorizePod and authorizeNode as AuthorizeNodeWithSelectors has them in v1.32,
their reasons word for word; everything else against the `system:node` rules, NodeRules) and
`staging/src/k8s.io/apiserver/pkg/authentication/user` + `pkg/auth/nodeidentifier` (NodeIdentity).

Simplification, stated: upstream keeps a graph (`graph.go`, `graph_populator.go`) of pods,
secrets, configmaps, PVCs, PVs, service accounts and volume attachments, fed by informers, and
answers "is there a path from this object to the node?". k8slab walks the pods bound to the node
when asked: a pod is related when spec.nodeName is the node; a Secret or ConfigMap when such a
pod in its namespace names it (volumes, projected sources, env/envFrom, imagePullSecrets); a
PVC when such a pod mounts it (or its generic ephemeral volume made it); a PV when a related PVC
is bound to it; a ServiceAccount when such a pod runs as it; a VolumeAttachment when it attaches
to the node. Resource claims and CSI secrets are not followed. The NodeRestriction admission
plugin that upstream pairs with this authorizer is the admission work's.
"""

from __future__ import annotations

from .. import errors as E
from .attributes import field_requirements
from .bootstrap_roles import NODE_RULES
from .rbac import ALLOW, NO_OPINION, compile_rules, rules_allow

NODE_USER_PREFIX = "system:node:"
NODES_GROUP = "system:nodes"
NODE_LEASE_NAMESPACE = "kube-node-lease"


def node_identity(user: dict | None) -> tuple[str, bool]:
    """(node name, is a node) as nodeidentifier.NodeIdentity decides."""
    if not user:
        return "", False
    name = user.get("username", "")
    if not name.startswith(NODE_USER_PREFIX) or NODES_GROUP not in (user.get("groups") or []):
        return "", False
    return name[len(NODE_USER_PREFIX):], True


class NodeAuthorizer:
    name = "Node"

    def __init__(self, registry):
        self.registry = registry
        self.node_rules = compile_rules(NODE_RULES)

    def authorize(self, attrs):
        node, is_node = node_identity(attrs.user)
        if not is_node:
            return NO_OPINION, "", None
        if not node:
            return NO_OPINION, f'unknown node for user "{attrs.username}"', None
        if attrs.resource_request:
            group, resource = attrs.api_group, attrs.resource
            if group == "":
                if resource in ("secrets", "configmaps"):
                    return self._read_namespaced(node, resource, attrs)
                if resource == "persistentvolumeclaims":
                    if attrs.subresource == "status":
                        return self._status_update(node, resource, attrs)
                    return self._get(node, resource, attrs)
                if resource == "persistentvolumes":
                    return self._get(node, resource, attrs)
                if resource == "serviceaccounts":
                    return self._create_token(node, attrs)
                if resource == "pods":
                    return self._pod(node, attrs)
                if resource == "nodes":
                    return self._node(node, attrs)
            elif group == "storage.k8s.io" and resource == "volumeattachments":
                return self._get(node, resource, attrs)
            elif group == "coordination.k8s.io" and resource == "leases":
                return self._lease(node, attrs)
        return self._node_rules(attrs)

    def rules_for(self, user, namespace):
        if node_identity(user)[1]:
            return [], [], True, "node authorizer does not support user rule resolution"
        return [], [], False, ""

    # ---- the subdivided resources -------------------------------------------------------------

    def _node_rules(self, attrs):
        if rules_allow(attrs, self.node_rules):
            return ALLOW, "", "allowed by the system:node rules"
        return NO_OPINION, "", None

    def _read_namespaced(self, node, resource, attrs):
        if attrs.verb not in ("get", "list", "watch"):
            return NO_OPINION, "can only read resources of this type", None
        if attrs.subresource:
            return NO_OPINION, "cannot read subresource", None
        if not attrs.namespace:
            return NO_OPINION, "can only read namespaced object of this type", None
        return self._related(node, resource, attrs)

    def _get(self, node, resource, attrs):
        if attrs.verb != "get":
            return NO_OPINION, "can only get individual resources of this type", None
        if attrs.subresource:
            return NO_OPINION, "cannot get subresource", None
        return self._related(node, resource, attrs)

    def _status_update(self, node, resource, attrs):
        if attrs.verb not in ("update", "patch"):
            return NO_OPINION, "can only get/update/patch this type", None
        if attrs.subresource != "status":
            return NO_OPINION, "can only update status subresource", None
        return self._related(node, resource, attrs)

    def _create_token(self, node, attrs):
        if attrs.verb != "create" or not attrs.name:
            return NO_OPINION, "can only create tokens for individual service accounts", None
        if attrs.subresource != "token":
            return NO_OPINION, "can only create token subresource of serviceaccount", None
        return self._related(node, "serviceaccounts", attrs)

    def _lease(self, node, attrs):
        if attrs.verb not in ("get", "create", "update", "patch", "delete"):
            return NO_OPINION, "can only get, create, update, patch, or delete a node lease", None
        if attrs.namespace != NODE_LEASE_NAMESPACE:
            return NO_OPINION, f'can only access leases in the "{NODE_LEASE_NAMESPACE}" system namespace', None
        if attrs.verb != "create" and attrs.name != node:
            return NO_OPINION, "can only access node lease with the same name as the requesting node", None
        return ALLOW, "", "its own node lease"

    def _pod(self, node, attrs):
        if attrs.verb == "get":
            return self._get(node, "pods", attrs)
        if attrs.verb in ("list", "watch"):
            for field, op, value in field_requirements(attrs.field_selector):
                if field == "spec.nodeName" and op in ("=", "==") and value == node:
                    return ALLOW, "", "pods selected by spec.nodeName"
            if attrs.name:
                return self._related(node, "pods", attrs)
            return NO_OPINION, "can only list/watch pods with spec.nodeName field selector", None
        return self._node_rules(attrs)

    def _node(self, node, attrs):
        if attrs.verb in ("get", "list", "watch"):
            if attrs.name == node:
                return ALLOW, "", "its own Node object"
            return NO_OPINION, f"node '{node}' cannot read '{attrs.name}', only its own Node object", None
        return self._node_rules(attrs)

    # ---- relationships (graph.go, simplified) -----------------------------------------------

    def _related(self, node, resource, attrs):
        if not attrs.name:
            return NO_OPINION, "No Object name found", None
        via = self.relation(node, resource, attrs.namespace, attrs.name)
        if via:
            return ALLOW, "", via
        return NO_OPINION, f"no relationship found between node '{node}' and this object", None

    def relation(self, node: str, resource: str, namespace: str, name: str) -> str:
        """A few words naming the pod that relates the object to the node, or ""."""
        if resource == "pods":
            pod = self._get_obj("", "pods", namespace, name)
            return f"pod {namespace}/{name} is bound to it" if pod and _node_of(pod) == node else ""
        if resource == "volumeattachments":
            va = self._get_obj("storage.k8s.io", "volumeattachments", None, name)
            return "the attachment is to this node" if va and (va.get("spec") or {}).get("nodeName") == node else ""
        if resource == "persistentvolumes":
            for pod in self._pods_on(node, None):
                for claim in _claims(pod):
                    pvc = self._get_obj("", "persistentvolumeclaims", pod["metadata"]["namespace"], claim)
                    if pvc and (pvc.get("spec") or {}).get("volumeName") == name:
                        return f"pod {pod['metadata']['namespace']}/{pod['metadata']['name']} mounts claim {claim}"
            return ""
        refs = {"secrets": _secrets, "configmaps": _configmaps, "persistentvolumeclaims": _claims,
                "serviceaccounts": _service_account}[resource]
        for pod in self._pods_on(node, namespace):
            if name in refs(pod):
                return f"pod {namespace}/{pod['metadata']['name']} uses it"
        return ""

    def _pods_on(self, node: str, namespace: str | None) -> list[dict]:
        res = self.registry.table.get("", "v1", "pods")
        return self.registry.list(res, namespace, field_selector=f"spec.nodeName={node}")["items"]

    def _get_obj(self, group, plural, namespace, name):
        res = self.registry.table.get(group, "v1", plural)
        try:
            return self.registry.get(res, namespace, name)
        except E.APIError:
            return None


def _node_of(pod: dict) -> str:
    return (pod.get("spec") or {}).get("nodeName") or ""


def _containers(spec: dict):
    for key in ("initContainers", "containers", "ephemeralContainers"):
        yield from spec.get(key) or []


def _secrets(pod: dict) -> set[str]:
    spec = pod.get("spec") or {}
    out = {s.get("name") for s in spec.get("imagePullSecrets") or []}
    for v in spec.get("volumes") or []:
        if v.get("secret"):
            out.add(v["secret"].get("secretName"))
        for src in (v.get("projected") or {}).get("sources") or []:
            if src.get("secret"):
                out.add(src["secret"].get("name"))
    for c in _containers(spec):
        for e in c.get("env") or []:
            ref = (e.get("valueFrom") or {}).get("secretKeyRef")
            if ref:
                out.add(ref.get("name"))
        for e in c.get("envFrom") or []:
            if e.get("secretRef"):
                out.add(e["secretRef"].get("name"))
    return out


def _configmaps(pod: dict) -> set[str]:
    spec = pod.get("spec") or {}
    out = set()
    for v in spec.get("volumes") or []:
        if v.get("configMap"):
            out.add(v["configMap"].get("name"))
        for src in (v.get("projected") or {}).get("sources") or []:
            if src.get("configMap"):
                out.add(src["configMap"].get("name"))
    for c in _containers(spec):
        for e in c.get("env") or []:
            ref = (e.get("valueFrom") or {}).get("configMapKeyRef")
            if ref:
                out.add(ref.get("name"))
        for e in c.get("envFrom") or []:
            if e.get("configMapRef"):
                out.add(e["configMapRef"].get("name"))
    return out


def _claims(pod: dict) -> set[str]:
    out = set()
    for v in (pod.get("spec") or {}).get("volumes") or []:
        if v.get("persistentVolumeClaim"):
            out.add(v["persistentVolumeClaim"].get("claimName"))
        if v.get("ephemeral"):
            out.add(f"{pod['metadata']['name']}-{v.get('name')}")
    return out


def _service_account(pod: dict) -> set[str]:
    spec = pod.get("spec") or {}
    return {spec.get("serviceAccountName") or spec.get("serviceAccount") or "default"}
