"""The resource table: every kind k8slab serves, with the names discovery publishes and the etcd
key prefix upstream stores it under.

Facts from upstream: short names, categories and verbs as kube-apiserver's discovery lists them
(`pkg/registry/*/rest/storage_*.go`, `pkg/registry/<group>/<resource>/storage/storage.go`), etcd
key prefixes from `pkg/kubeapiserver/default_storage_factory_builder.go` and the registry stores
(`/registry/minions`, `/registry/services/specs`, `/registry/ingress` are upstream's own odd names).

Differences from upstream: only these kinds; one served version per group.
"""

from __future__ import annotations

from dataclasses import dataclass, field

RW = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
CREATE_ONLY = ["create"]


@dataclass(frozen=True)
class Subresource:
    name: str
    kind: str
    verbs: tuple[str, ...]
    group: str = ""                        # set when the subresource's kind is in another group
    version: str = ""


@dataclass(frozen=True)
class Resource:
    """One REST resource: where it lives in the API and in etcd, and how discovery names it."""

    group: str                             # "" for the core (legacy) group
    version: str
    kind: str
    plural: str
    singular: str
    namespaced: bool
    verbs: tuple[str, ...] = tuple(RW)
    short_names: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    subresources: tuple[Subresource, ...] = ()
    etcd_prefix: str = ""                  # /registry/<...>; "" for resources never stored
    list_kind: str = ""
    canonical: tuple[str, str, str] = ()   # a legacy alias: the (group, version, plural) it stores as

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version

    @property
    def group_version(self) -> str:
        return self.api_version

    @property
    def stored(self) -> bool:
        return bool(self.etcd_prefix)

    def key(self, namespace: str | None, name: str) -> str:
        """The etcd key of one object, as upstream lays it out."""
        if self.namespaced:
            return f"{self.etcd_prefix}/{namespace}/{name}"
        return f"{self.etcd_prefix}/{name}"

    def prefix(self, namespace: str | None = None) -> str:
        """The etcd prefix of every object (in a namespace), with a trailing slash."""
        if self.namespaced and namespace:
            return f"{self.etcd_prefix}/{namespace}/"
        return f"{self.etcd_prefix}/"

    def subresource(self, name: str) -> Subresource | None:
        for s in self.subresources:
            if s.name == name:
                return s
        return None

    def path(self, namespace: str | None = None, name: str | None = None) -> str:
        base = "/api/v1" if not self.group else f"/apis/{self.group}/{self.version}"
        if self.namespaced and namespace:
            base += f"/namespaces/{namespace}"
        base += f"/{self.plural}"
        return base + (f"/{name}" if name else "")

    def __repr__(self):
        return f"Resource({self.plural}.{self.group or 'core'}/{self.version}, kind={self.kind})"


def _sub(name, kind, verbs=("get", "patch", "update"), group="", version=""):
    return Subresource(name, kind, tuple(verbs), group, version)


def _status(kind):
    return _sub("status", kind)


SCALE = _sub("scale", "Scale", group="autoscaling", version="v1")
ALL = ("all",)


def _r(group, version, kind, plural, namespaced, *, short=(), cats=(), subs=(), prefix=None,
       verbs=RW, singular=None):
    if prefix is None:
        prefix = f"/registry/{plural}"
    return Resource(group, version, kind, plural, singular or kind.lower(), namespaced,
                    tuple(verbs), tuple(short), tuple(cats), tuple(subs), prefix, kind + "List")


RESOURCES: list[Resource] = [
    # ---- core v1 ----
    _r("", "v1", "Namespace", "namespaces", False, short=["ns"],
       subs=[_status("Namespace"), _sub("finalize", "Namespace", ("update",))],
       verbs=["create", "delete", "get", "list", "patch", "update", "watch"]),
    _r("", "v1", "Node", "nodes", False, short=["no"], prefix="/registry/minions",
       subs=[_status("Node"), _sub("proxy", "NodeProxyOptions", ("create", "delete", "get", "patch", "update"))]),
    _r("", "v1", "Pod", "pods", True, short=["po"], cats=ALL, subs=[
        _status("Pod"), _sub("log", "Pod", ("get",)), _sub("exec", "PodExecOptions", ("create", "get")),
        _sub("attach", "PodAttachOptions", ("create", "get")),
        _sub("portforward", "PodPortForwardOptions", ("create", "get")),
        _sub("binding", "Binding", ("create",)),
        _sub("eviction", "Eviction", ("create",), group="policy", version="v1"),
        _sub("ephemeralcontainers", "Pod"),
        _sub("proxy", "PodProxyOptions", ("create", "delete", "get", "patch", "update"))]),
    _r("", "v1", "Service", "services", True, short=["svc"], cats=ALL,
       prefix="/registry/services/specs",
       subs=[_status("Service"), _sub("proxy", "ServiceProxyOptions", ("create", "delete", "get", "patch", "update"))],
       verbs=["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]),
    _r("", "v1", "Endpoints", "endpoints", True, short=["ep"], prefix="/registry/services/endpoints",
       singular="endpoints"),
    _r("", "v1", "ConfigMap", "configmaps", True, short=["cm"]),
    _r("", "v1", "Secret", "secrets", True),
    _r("", "v1", "ServiceAccount", "serviceaccounts", True, short=["sa"],
       subs=[_sub("token", "TokenRequest", ("create",), group="authentication.k8s.io", version="v1")]),
    _r("", "v1", "Event", "events", True, short=["ev"]),
    _r("", "v1", "LimitRange", "limitranges", True, short=["limits"]),
    _r("", "v1", "ResourceQuota", "resourcequotas", True, short=["quota"], subs=[_status("ResourceQuota")]),
    _r("", "v1", "PersistentVolume", "persistentvolumes", False, short=["pv"],
       subs=[_status("PersistentVolume")]),
    _r("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", True, short=["pvc"],
       subs=[_status("PersistentVolumeClaim")]),
    _r("", "v1", "ReplicationController", "replicationcontrollers", True, short=["rc"], cats=ALL,
       prefix="/registry/controllers", subs=[_status("ReplicationController"), SCALE]),
    _r("", "v1", "PodTemplate", "podtemplates", True),
    _r("", "v1", "ComponentStatus", "componentstatuses", False, short=["cs"], prefix="",
       verbs=["get", "list"]),
    _r("", "v1", "Binding", "bindings", True, prefix="", verbs=CREATE_ONLY),
    # ---- apps/v1 ----
    _r("apps", "v1", "Deployment", "deployments", True, short=["deploy"], cats=ALL,
       subs=[_status("Deployment"), SCALE]),
    _r("apps", "v1", "ReplicaSet", "replicasets", True, short=["rs"], cats=ALL,
       subs=[_status("ReplicaSet"), SCALE]),
    _r("apps", "v1", "DaemonSet", "daemonsets", True, short=["ds"], cats=ALL, subs=[_status("DaemonSet")]),
    _r("apps", "v1", "StatefulSet", "statefulsets", True, short=["sts"], cats=ALL,
       subs=[_status("StatefulSet"), SCALE]),
    _r("apps", "v1", "ControllerRevision", "controllerrevisions", True),
    # ---- batch/v1 ----
    _r("batch", "v1", "Job", "jobs", True, cats=ALL, subs=[_status("Job")]),
    _r("batch", "v1", "CronJob", "cronjobs", True, short=["cj"], cats=ALL, subs=[_status("CronJob")]),
    # ---- autoscaling/v1 ----
    _r("autoscaling", "v1", "HorizontalPodAutoscaler", "horizontalpodautoscalers", True,
       short=["hpa"], cats=ALL, subs=[_status("HorizontalPodAutoscaler")]),
    # ---- policy/v1 ----
    _r("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", True, short=["pdb"],
       subs=[_status("PodDisruptionBudget")]),
    # ---- rbac.authorization.k8s.io/v1 ----
    _r("rbac.authorization.k8s.io", "v1", "Role", "roles", True),
    _r("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", False),
    _r("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", True),
    _r("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", False),
    # ---- networking.k8s.io/v1 ----
    _r("networking.k8s.io", "v1", "Ingress", "ingresses", True, short=["ing"], prefix="/registry/ingress",
       subs=[_status("Ingress")]),
    _r("networking.k8s.io", "v1", "IngressClass", "ingressclasses", False),
    _r("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", True, short=["netpol"]),
    # ---- discovery.k8s.io/v1 ----
    _r("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", True),
    # ---- storage.k8s.io/v1 ----
    _r("storage.k8s.io", "v1", "StorageClass", "storageclasses", False, short=["sc"]),
    # ---- admissionregistration.k8s.io/v1 ----
    _r("admissionregistration.k8s.io", "v1", "MutatingWebhookConfiguration", "mutatingwebhookconfigurations",
       False, cats=("api-extensions",)),
    _r("admissionregistration.k8s.io", "v1", "ValidatingWebhookConfiguration",
       "validatingwebhookconfigurations", False, cats=("api-extensions",)),
    # ---- coordination.k8s.io/v1 ----
    _r("coordination.k8s.io", "v1", "Lease", "leases", True),
    # ---- scheduling.k8s.io/v1 ----
    _r("scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses", False, short=["pc"]),
    # ---- certificates.k8s.io/v1 ----
    _r("certificates.k8s.io", "v1", "CertificateSigningRequest", "certificatesigningrequests", False,
       short=["csr"], subs=[_sub("approval", "CertificateSigningRequest"),
                            _status("CertificateSigningRequest")]),
    # ---- events.k8s.io/v1 (stored with core events, as upstream does; converted on the way) ----
    Resource("events.k8s.io", "v1", "Event", "events", "event", True, tuple(RW), ("ev",), (), (),
             "/registry/events", "EventList", ("", "v1", "events")),
    # ---- review APIs: create-only, never stored ----
    _r("authentication.k8s.io", "v1", "TokenReview", "tokenreviews", False, prefix="", verbs=CREATE_ONLY),
    _r("authentication.k8s.io", "v1", "SelfSubjectReview", "selfsubjectreviews", False, prefix="",
       verbs=CREATE_ONLY),
    _r("authorization.k8s.io", "v1", "SelfSubjectAccessReview", "selfsubjectaccessreviews", False,
       prefix="", verbs=CREATE_ONLY),
    _r("authorization.k8s.io", "v1", "SubjectAccessReview", "subjectaccessreviews", False, prefix="",
       verbs=CREATE_ONLY),
    _r("authorization.k8s.io", "v1", "LocalSubjectAccessReview", "localsubjectaccessreviews", True,
       prefix="", verbs=CREATE_ONLY),
    _r("authorization.k8s.io", "v1", "SelfSubjectRulesReview", "selfsubjectrulesreviews", False,
       prefix="", verbs=CREATE_ONLY),
    # ---- apiextensions.k8s.io/v1 ----
    _r("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", False,
       short=["crd", "crds"], cats=("api-extensions",),
       prefix="/registry/apiextensions.k8s.io/customresourcedefinitions",
       subs=[_status("CustomResourceDefinition")]),
]

# the group order /apis lists (upstream's priority order, roughly)
GROUP_ORDER = ["apps", "events.k8s.io", "authentication.k8s.io", "authorization.k8s.io", "autoscaling",
               "batch", "certificates.k8s.io", "networking.k8s.io", "policy", "rbac.authorization.k8s.io",
               "storage.k8s.io", "admissionregistration.k8s.io",
               "apiextensions.k8s.io", "scheduling.k8s.io", "coordination.k8s.io",
               "discovery.k8s.io", "extensions"]


def legacy_aliases(resources: list[Resource]) -> list[Resource]:
    """The v1.11-era group/versions the booklet's manifests use, served as aliases of today's
    resources (same storage), as the book profile needs them in discovery for kubectl to send
    them. No categories: `get all` lists each object once."""
    from .legacy import LEGACY_VERSIONS
    by_kind = {(r.api_version, r.kind): r for r in resources}
    out = []
    for (api_version, kind), target in LEGACY_VERSIONS.items():
        r = by_kind.get((target, kind))
        if r is None:
            continue
        group, _, version = api_version.rpartition("/")
        out.append(Resource(group, version, kind, r.plural, r.singular, r.namespaced, r.verbs,
                            r.short_names, (), r.subresources, r.etcd_prefix, r.list_kind,
                            (r.group, r.version, r.plural)))
    return out


class ResourceTable:
    """Lookups over the served resources; custom resources join when their CRD is established.
    The book profile also serves the booklet's legacy group/versions as aliases."""

    def __init__(self, resources: list[Resource] | None = None, profile: str = "current"):
        self._all: list[Resource] = list(resources or RESOURCES)
        if profile == "book":
            self._all += legacy_aliases(self._all)
        self._index()

    def _index(self) -> None:
        self.generation = getattr(self, "generation", 0) + 1     # changes whenever the set does
        self.by_gvr = {(r.group, r.version, r.plural): r for r in self._all}
        self.by_gvk = {(r.group, r.version, r.kind): r for r in self._all}

    def __iter__(self):
        return iter(self._all)

    def add(self, r: Resource) -> None:
        self._all = [x for x in self._all if (x.group, x.version, x.plural) != (r.group, r.version, r.plural)]
        self._all.append(r)
        self._index()

    def remove(self, group: str, plural: str) -> None:
        self._all = [x for x in self._all if not (x.group == group and x.plural == plural)]
        self._index()

    def get(self, group: str, version: str, plural: str) -> Resource | None:
        return self.by_gvr.get((group, version, plural))

    def for_kind(self, api_version: str, kind: str) -> Resource | None:
        group, _, version = api_version.rpartition("/")
        return self.by_gvk.get((group, version, kind))

    def groups(self) -> dict[str, list[str]]:
        """group -> served versions (the preferred, non-alias one first), core first, then
        upstream's order, then custom groups."""
        out: dict[str, list[str]] = {}
        for r in sorted(self._all, key=lambda r: bool(r.canonical)):
            versions = out.setdefault(r.group, [])
            if r.version not in versions:
                versions.append(r.version)
        order = {g: i for i, g in enumerate([""] + GROUP_ORDER)}
        return dict(sorted(out.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))

    def in_group_version(self, group: str, version: str) -> list[Resource]:
        return [r for r in self._all if r.group == group and r.version == version]
