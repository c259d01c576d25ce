"""PodInfo and NodeInfo: the small precomputed records the scheduler's hot loop reads.

Follows `pkg/scheduler/framework/types.go` (PodInfo with parsed affinity terms, NodeInfo with
Requested / NonZeroRequested / Allocatable, UsedPorts, ImageStates, PodsWithAffinity,
PodsWithRequiredAntiAffinity, Generation), `staging/src/k8s.io/component-helpers/resource/helpers.go`
(PodRequests: containers summed, init containers as a running max with restartable "sidecar" init
containers added, plus overhead), `pkg/scheduler/util/pod_resources.go` (the non-zero defaults
100m cpu / 200Mi memory used only for scoring) and `framework/types.go` HostPortInfo (0.0.0.0
conflicts with every IP).

A record is built once from the pod or node dict (quantities parsed, labels and taints copied into
tuples) so that filters and scores never re-read the wire objects.

Differences from upstream: resources are cpu, memory, ephemeral-storage, pods and extended
scalars only (no hugepages special cases, no pod-level resources, no in-place resize status);
image state sizes are shared live with the cache instead of copied per snapshot.
"""

from __future__ import annotations

import functools
import itertools

from ..api.selectors import matches_labels, selector_from_label_selector
from ..api.validation.quantity import QuantityError, parse_quantity

DEFAULT_MILLI_CPU_REQUEST = 100                 # 0.1 core, scoring only
DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024      # 200 MiB, scoring only
DEFAULT_BIND_ALL_HOST_IP = "0.0.0.0"
LABEL_HOSTNAME = "kubernetes.io/hostname"

_generation = itertools.count(1)


@functools.lru_cache(maxsize=4096)
def milli_value(q) -> int:
    try:
        return parse_quantity(q).milli_value()
    except QuantityError:
        return 0


@functools.lru_cache(maxsize=4096)
def value(q) -> int:
    try:
        v = parse_quantity(q).value
    except QuantityError:
        return 0
    return -((-v.numerator) // v.denominator)          # Quantity.Value() rounds up


def resource_list(rl: dict | None) -> dict[str, int]:
    """A ResourceList as integers: cpu in millicores, everything else in units."""
    out = {}
    for k, v in (rl or {}).items():
        out[k] = milli_value(v) if k == "cpu" else value(v)
    return out


def _add(acc: dict, rl: dict) -> None:
    for k, v in rl.items():
        acc[k] = acc.get(k, 0) + v


def _max(acc: dict, rl: dict) -> None:
    for k, v in rl.items():
        if v > acc.get(k, 0):
            acc[k] = v


def pod_requests(spec: dict, defaults: dict | None = None) -> dict[str, int]:
    """resourcehelper.PodRequests; `defaults` fills a container's missing cpu/memory request."""
    def container_reqs(c):
        r = resource_list((c.get("resources") or {}).get("requests"))
        if defaults:
            for k, v in defaults.items():
                r.setdefault(k, v)
        return r

    reqs: dict[str, int] = {}
    for c in spec.get("containers") or []:
        _add(reqs, container_reqs(c))
    sidecars: dict[str, int] = {}
    init_max: dict[str, int] = {}
    for c in spec.get("initContainers") or []:
        r = container_reqs(c)
        if c.get("restartPolicy") == "Always":
            _add(reqs, r)
            _add(sidecars, r)
            r = dict(sidecars)
        else:
            _add(r, sidecars)
        _max(init_max, r)
    _max(reqs, init_max)
    _add(reqs, resource_list(spec.get("overhead")))
    return reqs


def host_ports(spec: dict) -> list[tuple[str, str, int]]:
    """schedutil.GetHostPorts: (hostIP, protocol, hostPort) of every container port with a hostPort."""
    out = []
    for c in itertools.chain(spec.get("containers") or [],
                             [c for c in spec.get("initContainers") or [] if c.get("restartPolicy") == "Always"]):
        for p in c.get("ports") or []:
            hp = p.get("hostPort") or 0
            if hp > 0:
                out.append((p.get("hostIP") or DEFAULT_BIND_ALL_HOST_IP, p.get("protocol") or "TCP", hp))
    return out


class AffinityTerm:
    """A parsed PodAffinityTerm: which pods (namespaces + selector) and the topology key."""

    __slots__ = ("namespaces", "selector", "namespace_selector", "topology_key")

    def __init__(self, pod_namespace: str, term: dict):
        self.namespaces = frozenset(term.get("namespaces") or ())
        self.selector = selector_from_label_selector(term.get("labelSelector"))
        ns_sel = term.get("namespaceSelector")
        self.namespace_selector = selector_from_label_selector(ns_sel) if ns_sel is not None else None
        if not self.namespaces and self.namespace_selector is None:
            self.namespaces = frozenset((pod_namespace,))
        self.topology_key = term.get("topologyKey") or ""

    def matches(self, pi: "PodInfo", ns_labels=None) -> bool:
        """AffinityTerm.Matches: the pod's namespace is selected and its labels match."""
        if pi.namespace not in self.namespaces:
            if self.namespace_selector is None or ns_labels is None:
                return False
            if not matches_labels(self.namespace_selector, ns_labels(pi.namespace)):
                return False
        return matches_labels(self.selector, pi.labels)

    def __repr__(self):
        return f"AffinityTerm(ns={sorted(self.namespaces)}, topologyKey={self.topology_key!r})"


def _terms(ns: str, section: dict | None, field: str, weighted: bool):
    out = []
    for t in (section or {}).get(field) or []:
        if weighted:
            out.append((AffinityTerm(ns, t.get("podAffinityTerm") or {}), int(t.get("weight") or 0)))
        else:
            out.append(AffinityTerm(ns, t))
    return tuple(out)


class PodInfo:
    """One pod as the scheduler sees it: requests, ports, priority and parsed affinity terms."""

    __slots__ = ("pod", "key", "uid", "namespace", "name", "labels", "priority", "requests",
                 "milli_cpu", "memory", "ephemeral_storage", "scalars", "non0_cpu", "non0_mem",
                 "host_ports", "node_name", "required_affinity_terms", "required_anti_affinity_terms",
                 "preferred_affinity_terms", "preferred_anti_affinity_terms", "images", "start_time",
                 "tolerations")

    def __init__(self, pod: dict):
        self.update(pod)

    def update(self, pod: dict) -> None:
        meta, spec = pod["metadata"], pod.get("spec") or {}
        self.pod = pod
        self.namespace = meta.get("namespace") or ""
        self.name = meta["name"]
        self.key = f"{self.namespace}/{self.name}"
        self.uid = meta.get("uid") or self.key
        self.labels = meta.get("labels") or {}
        self.priority = spec.get("priority") or 0
        reqs = pod_requests(spec)
        self.requests = reqs
        self.milli_cpu = reqs.get("cpu", 0)
        self.memory = reqs.get("memory", 0)
        self.ephemeral_storage = reqs.get("ephemeral-storage", 0)
        self.scalars = {k: v for k, v in reqs.items()
                        if k not in ("cpu", "memory", "ephemeral-storage", "pods") and v}
        non0 = pod_requests(spec, {"cpu": DEFAULT_MILLI_CPU_REQUEST, "memory": DEFAULT_MEMORY_REQUEST})
        self.non0_cpu = non0.get("cpu", 0)
        self.non0_mem = non0.get("memory", 0)
        self.host_ports = host_ports(spec)
        self.node_name = spec.get("nodeName") or ""
        aff = spec.get("affinity") or {}
        pa, paa = aff.get("podAffinity"), aff.get("podAntiAffinity")
        ns = self.namespace
        self.required_affinity_terms = _terms(ns, pa, "requiredDuringSchedulingIgnoredDuringExecution", False)
        self.required_anti_affinity_terms = _terms(ns, paa, "requiredDuringSchedulingIgnoredDuringExecution", False)
        self.preferred_affinity_terms = _terms(ns, pa, "preferredDuringSchedulingIgnoredDuringExecution", True)
        self.preferred_anti_affinity_terms = _terms(ns, paa, "preferredDuringSchedulingIgnoredDuringExecution", True)
        self.images = [c.get("image") or "" for c in
                       itertools.chain(spec.get("initContainers") or [], spec.get("containers") or [])]
        self.start_time = (pod.get("status") or {}).get("startTime") or ""
        self.tolerations = spec.get("tolerations") or []

    @property
    def has_affinity(self) -> bool:
        aff = (self.pod.get("spec") or {}).get("affinity") or {}
        return aff.get("podAffinity") is not None or aff.get("podAntiAffinity") is not None

    @property
    def has_required_anti_affinity(self) -> bool:
        return bool(self.required_anti_affinity_terms)

    @property
    def terminating(self) -> bool:
        return bool(self.pod["metadata"].get("deletionTimestamp"))

    def __repr__(self):
        return f"PodInfo({self.key}, cpu={self.milli_cpu}m, mem={self.memory}, prio={self.priority})"


class NodeInfo:
    """One node's aggregate: allocatable, what its pods request, its ports, labels, taints, images."""

    __slots__ = ("name", "node", "labels", "taints", "unschedulable", "alloc_milli_cpu", "alloc_memory",
                 "alloc_ephemeral", "alloc_pods", "alloc_scalars", "req_milli_cpu", "req_memory",
                 "req_ephemeral", "req_scalars", "non0_milli_cpu", "non0_memory", "pods",
                 "pods_with_affinity", "pods_with_required_anti_affinity", "used_ports", "image_states",
                 "generation", "label_groups", "label_index")

    def __init__(self, name: str):
        self.name = name
        self.node = None
        self.labels: dict = {}
        self.taints: tuple = ()
        self.unschedulable = False
        self.alloc_milli_cpu = self.alloc_memory = self.alloc_ephemeral = self.alloc_pods = 0
        self.alloc_scalars: dict = {}
        self.req_milli_cpu = self.req_memory = self.req_ephemeral = 0
        self.req_scalars: dict = {}
        self.non0_milli_cpu = self.non0_memory = 0
        self.pods: dict[str, PodInfo] = {}
        self.pods_with_affinity: dict[str, PodInfo] = {}
        self.pods_with_required_anti_affinity: dict[str, PodInfo] = {}
        self.used_ports: dict[str, set] = {}
        self.image_states: dict = {}
        # (namespace, terminating, sorted labels) -> [pods, labels]: selectors are matched once
        # per distinct label set rather than once per pod (PodTopologySpread counts)
        self.label_groups: dict[tuple, list] = {}
        # (namespace, label key, value) -> keys of the non-terminating label groups carrying it
        self.label_index: dict[tuple, dict] = {}
        self.generation = next(_generation)

    def set_node(self, node: dict) -> None:
        """SetNode: parse allocatable, labels, taints and spec.unschedulable once."""
        self.node = node
        self.labels = node["metadata"].get("labels") or {}
        spec = node.get("spec") or {}
        self.taints = tuple((t.get("key") or "", t.get("value") or "", t.get("effect") or "")
                            for t in spec.get("taints") or [])
        self.unschedulable = bool(spec.get("unschedulable"))
        alloc = resource_list((node.get("status") or {}).get("allocatable"))
        self.alloc_milli_cpu = alloc.pop("cpu", 0)
        self.alloc_memory = alloc.pop("memory", 0)
        self.alloc_ephemeral = alloc.pop("ephemeral-storage", 0)
        self.alloc_pods = alloc.pop("pods", 0)
        self.alloc_scalars = alloc
        self.generation = next(_generation)

    def add_pod(self, pi: PodInfo) -> None:
        self.pods[pi.uid] = pi
        if pi.has_affinity:
            self.pods_with_affinity[pi.uid] = pi
        if pi.required_anti_affinity_terms:
            self.pods_with_required_anti_affinity[pi.uid] = pi
        self._update(pi, 1)

    def remove_pod(self, pi: PodInfo) -> bool:
        old = self.pods.pop(pi.uid, None)
        if old is None:
            return False
        self.pods_with_affinity.pop(pi.uid, None)
        self.pods_with_required_anti_affinity.pop(pi.uid, None)
        self._update(old, -1)
        return True

    def _group(self, pi: PodInfo, sign: int) -> None:
        key = (pi.namespace, pi.terminating, tuple(sorted(pi.labels.items())))
        g = self.label_groups.get(key)
        if g is None:
            if sign > 0:
                self.label_groups[key] = [1, pi.labels]
                if not pi.terminating:
                    for k, v in key[2]:
                        self.label_index.setdefault((pi.namespace, k, v), {})[key] = None
            return
        g[0] += sign
        if g[0] <= 0:
            del self.label_groups[key]
            if not pi.terminating:
                for k, v in key[2]:
                    bucket = self.label_index[(pi.namespace, k, v)]
                    del bucket[key]
                    if not bucket:
                        del self.label_index[(pi.namespace, k, v)]

    def count_matching(self, selector, namespace: str) -> int:
        """Pods in `namespace`, not terminating, whose labels match the parsed selector.

        A selector with an equality (app=web) starts from the label groups carrying that label
        (upstream walks every pod of the node; with many Deployments that is most of the work
        of PodTopologySpread and InterPodAffinity)."""
        groups = self.label_groups
        if selector:
            best = None
            for key, op, values in selector:
                if op == "=" or op == "in" and len(values) == 1:
                    bucket = self.label_index.get((namespace, key, values[0]))
                    if bucket is None:
                        return 0
                    if best is None or len(bucket) < len(best):
                        best = bucket
            if best is not None:
                return sum(groups[k][0] for k in best if matches_labels(selector, groups[k][1]))
        return sum(g[0] for (ns, term, _), g in groups.items()
                   if ns == namespace and not term and matches_labels(selector, g[1]))

    def _update(self, pi: PodInfo, sign: int) -> None:
        self._group(pi, sign)
        self.req_milli_cpu += sign * pi.milli_cpu
        self.req_memory += sign * pi.memory
        self.req_ephemeral += sign * pi.ephemeral_storage
        for k, v in pi.scalars.items():
            self.req_scalars[k] = self.req_scalars.get(k, 0) + sign * v
        self.non0_milli_cpu += sign * pi.non0_cpu
        self.non0_memory += sign * pi.non0_mem
        for ip, proto, port in pi.host_ports:
            if sign > 0:
                self.used_ports.setdefault(ip, set()).add((proto, port))
            else:
                ports = self.used_ports.get(ip)
                if ports is not None:
                    ports.discard((proto, port))
                    if not ports:
                        del self.used_ports[ip]
        self.generation = next(_generation)

    def port_conflict(self, ip: str, proto: str, port: int) -> bool:
        """HostPortInfo.CheckConflict: 0.0.0.0 conflicts with any IP using the same protocol/port."""
        pp = (proto, port)
        if ip == DEFAULT_BIND_ALL_HOST_IP:
            return any(pp in ports for ports in self.used_ports.values())
        for key in (DEFAULT_BIND_ALL_HOST_IP, ip):
            ports = self.used_ports.get(key)
            if ports is not None and pp in ports:
                return True
        return False

    def clone(self) -> "NodeInfo":
        """A copy that preemption's dry run can add pods to and remove pods from."""
        c = NodeInfo.__new__(NodeInfo)
        for slot in NodeInfo.__slots__:
            setattr(c, slot, getattr(self, slot))
        c.req_scalars = dict(self.req_scalars)
        c.pods = dict(self.pods)
        c.pods_with_affinity = dict(self.pods_with_affinity)
        c.pods_with_required_anti_affinity = dict(self.pods_with_required_anti_affinity)
        c.used_ports = {ip: set(p) for ip, p in self.used_ports.items()}
        c.label_groups = {k: list(v) for k, v in self.label_groups.items()}
        c.label_index = {k: dict(v) for k, v in self.label_index.items()}
        return c

    def __repr__(self):
        return (f"NodeInfo({self.name}, cpu {self.req_milli_cpu}m/{self.alloc_milli_cpu}m, "
                f"memory {self.req_memory}/{self.alloc_memory}, pods {len(self.pods)}/{self.alloc_pods})")
