"""Builders for scheduler tests: make_pod("p").ns("work").req(cpu="100m"), make_node("n1").cpu("4"),
a fake plugin Handle, and helpers that run one plugin's Filter / Score over a few nodes."""

from __future__ import annotations

import itertools
import random

from k8slab.apiserver.errors import APIError
from k8slab.cluster import Cluster
from k8slab.scheduler import Scheduler
from k8slab.scheduler.cache import Cache
from k8slab.scheduler.framework import SKIP, CycleState
from k8slab.scheduler.nodeinfo import PodInfo

_uids = itertools.count(1)


class make_pod:
    def __init__(self, name: str):
        self.obj = {"apiVersion": "v1", "kind": "Pod",
                    "metadata": {"name": name, "namespace": "default", "uid": f"uid-{name}-{next(_uids)}",
                                 "labels": {}},
                    "spec": {"containers": [{"name": "c", "image": "nginx:1.25"}], "schedulerName": "default-scheduler"},
                    "status": {"phase": "Pending"}}

    @property
    def spec(self):
        return self.obj["spec"]

    def ns(self, ns):
        self.obj["metadata"]["namespace"] = ns
        return self

    def req(self, cpu=None, memory=None, **extra):
        r = self.spec["containers"][0].setdefault("resources", {}).setdefault("requests", {})
        if cpu is not None:
            r["cpu"] = cpu
        if memory is not None:
            r["memory"] = memory
        r.update({k.replace("_", "/"): v for k, v in extra.items()})
        return self

    def container(self, name, image, cpu=None, memory=None):
        c = {"name": name, "image": image}
        if cpu or memory:
            c["resources"] = {"requests": {k: v for k, v in (("cpu", cpu), ("memory", memory)) if v}}
        self.spec["containers"].append(c)
        return self

    def image(self, image):
        self.spec["containers"][0]["image"] = image
        return self

    def priority(self, p):
        self.spec["priority"] = p
        return self

    def labels(self, **kw):
        self.obj["metadata"]["labels"].update(kw)
        return self

    def node(self, name):
        self.spec["nodeName"] = name
        return self

    def node_selector(self, **kw):
        self.spec.setdefault("nodeSelector", {}).update(kw)
        return self

    def tolerate(self, key="", value="", effect="", operator="Equal"):
        self.spec.setdefault("tolerations", []).append(
            {k: v for k, v in (("key", key), ("value", value), ("effect", effect), ("operator", operator)) if v})
        return self

    def host_port(self, port, ip="", protocol="TCP"):
        p = {"containerPort": port, "hostPort": port, "protocol": protocol}
        if ip:
            p["hostIP"] = ip
        self.spec["containers"][0].setdefault("ports", []).append(p)
        return self

    def node_affinity(self, required=None, preferred=None):
        na = self.spec.setdefault("affinity", {}).setdefault("nodeAffinity", {})
        if required is not None:
            na["requiredDuringSchedulingIgnoredDuringExecution"] = {"nodeSelectorTerms": required}
        if preferred is not None:
            na["preferredDuringSchedulingIgnoredDuringExecution"] = preferred
        return self

    def pod_affinity(self, kind, labels, topology_key, weight=None):
        """kind: podAffinity or podAntiAffinity; weight None means required."""
        term = {"labelSelector": {"matchLabels": labels}, "topologyKey": topology_key}
        a = self.spec.setdefault("affinity", {}).setdefault(kind, {})
        if weight is None:
            a.setdefault("requiredDuringSchedulingIgnoredDuringExecution", []).append(term)
        else:
            a.setdefault("preferredDuringSchedulingIgnoredDuringExecution", []).append(
                {"weight": weight, "podAffinityTerm": term})
        return self

    def spread(self, max_skew, key, labels, when="DoNotSchedule", **extra):
        self.spec.setdefault("topologySpreadConstraints", []).append(
            {"maxSkew": max_skew, "topologyKey": key, "whenUnsatisfiable": when,
             "labelSelector": {"matchLabels": labels}, **extra})
        return self

    def preemption_policy(self, policy):
        self.spec["preemptionPolicy"] = policy
        return self

    def build(self) -> dict:
        return self.obj

    def info(self) -> PodInfo:
        return PodInfo(self.obj)

    def api(self) -> dict:
        """The object as a client would POST it (no uid, no status)."""
        obj = {k: v for k, v in self.obj.items() if k != "status"}
        obj["metadata"] = {k: v for k, v in self.obj["metadata"].items() if k != "uid"}
        return obj


class make_node:
    def __init__(self, name: str, cpu="4", memory="8Gi", pods="110"):
        self.obj = {"apiVersion": "v1", "kind": "Node",
                    "metadata": {"name": name, "labels": {"kubernetes.io/hostname": name}},
                    "spec": {},
                    "status": {"allocatable": {"cpu": cpu, "memory": memory, "pods": pods},
                               "capacity": {"cpu": cpu, "memory": memory, "pods": pods},
                               "conditions": [{"type": "Ready", "status": "True"}]}}

    def cpu(self, q):
        self.obj["status"]["allocatable"]["cpu"] = self.obj["status"]["capacity"]["cpu"] = q
        return self

    def memory(self, q):
        self.obj["status"]["allocatable"]["memory"] = self.obj["status"]["capacity"]["memory"] = q
        return self

    def pods(self, n):
        self.obj["status"]["allocatable"]["pods"] = self.obj["status"]["capacity"]["pods"] = str(n)
        return self

    def labels(self, **kw):
        self.obj["metadata"]["labels"].update({k.replace("__", "/").replace("_", "-"): v for k, v in kw.items()})
        return self

    def label(self, key, value):
        self.obj["metadata"]["labels"][key] = value
        return self

    def taint(self, key, value="", effect="NoSchedule"):
        t = {"key": key, "effect": effect}
        if value:
            t["value"] = value
        self.obj["spec"].setdefault("taints", []).append(t)
        return self

    def unschedulable(self):
        self.obj["spec"]["unschedulable"] = True
        return self

    def image(self, names, size):
        self.obj["status"].setdefault("images", []).append({"names": list(names), "sizeBytes": size})
        return self

    def build(self) -> dict:
        return self.obj


class FakeLister:
    def __init__(self, objs):
        self.objs = list(objs)

    def list(self, namespace=None, selector=None):
        return [o for o in self.objs if namespace is None or o["metadata"].get("namespace") == namespace]

    def get(self, namespace, name):
        for o in self.objs:
            if o["metadata"]["name"] == name and o["metadata"].get("namespace") == namespace:
                return o
        return None


class FakeHandle:
    """What plugins use of the scheduler, over a Cache built from node and (bound) pod dicts."""

    def __init__(self, nodes=(), pods=(), objects=None, namespaces=None):
        self.cache = Cache()
        for n in nodes:
            self.cache.add_node(n.build() if hasattr(n, "build") else n)
        for p in pods:
            self.cache.add_pod(p.build() if hasattr(p, "build") else p)
        self.objects = objects or {}
        self.ns_labels = namespaces or {}
        self.rng = random.Random(0)

    def lister(self, plural):
        return FakeLister(self.objects.get(plural, []))

    def namespace_labels(self, ns):
        return self.ns_labels.get(ns, {})


def run_filter(plugin, pod) -> dict[str, str]:
    """PreFilter then Filter on every node: node -> "ok" | "skip" | the rejection reason."""
    state, pi = CycleState(), PodInfo(pod.build() if hasattr(pod, "build") else pod)
    nodes = plugin.handle.cache.node_list()
    if hasattr(plugin, "pre_filter"):
        names, st = plugin.pre_filter(state, pi, nodes)
        if st is not None and st.code == SKIP:
            return {ni.name: "skip" for ni in nodes}
        if st is not None:
            return {ni.name: st.message() for ni in nodes}
        if names is not None:
            nodes = [ni for ni in nodes if ni.name in names]
    out = {}
    for ni in nodes:
        st = plugin.filter(state, pi, ni)
        out[ni.name] = "ok" if st is None else st.message()
    return out


def run_score(plugin, pod, nodes=None) -> tuple[dict, dict] | None:
    """PreScore, Score and NormalizeScore: (raw, normalized) by node, or None when skipped."""
    state, pi = CycleState(), PodInfo(pod.build() if hasattr(pod, "build") else pod)
    nodes = nodes or plugin.handle.cache.node_list()
    if hasattr(plugin, "pre_score"):
        st = plugin.pre_score(state, pi, nodes)
        if st is not None and st.code == SKIP:
            return None
    raw = plugin.score_nodes(state, pi, nodes)
    normalized = list(raw)
    if hasattr(plugin, "normalize_score"):
        plugin.normalize_score(state, pi, nodes, normalized)
    names = [ni.name for ni in nodes]
    return dict(zip(names, raw)), dict(zip(names, normalized))


def scheduler_cluster(seed=0, profile="current", **kw) -> tuple[Cluster, Scheduler]:
    """A Cluster with no nodes whose only component is the scheduler (the kubelet and controllers
    are not needed to watch scheduling decisions)."""
    c = Cluster(nodes=0, seed=seed, profile=profile, start=False)
    s = Scheduler(**kw)
    c.add_component(s)
    c.start()
    # the `default` ServiceAccount the (absent) serviceaccount controller would have made: the
    # ServiceAccount admission plugin refuses a pod without it
    c.client.create({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "default"}}, "default")
    return c, s


def create(c: Cluster, *builders) -> None:
    for b in builders:
        obj = b.api() if isinstance(b, make_pod) else b.build()
        spec = obj.get("spec") or {}
        if obj.get("kind") == "Pod" and not spec.get("priorityClassName") and (
                spec.get("priority") or spec.get("preemptionPolicy")):
            spec["priorityClassName"] = _priority_class(c, spec.get("priority") or 0,
                                                        spec.get("preemptionPolicy") or "PreemptLowerPriority")
        c.client.create(obj)


def _priority_class(c: Cluster, value: int, policy: str) -> str:
    """A PriorityClass with this value and preemption policy: the Priority admission plugin
    refuses a pod that sets spec.priority or spec.preemptionPolicy other than its class's."""
    name = f"priority-{value}" + ("-never" if policy == "Never" else "")
    try:
        c.client.get("scheduling.k8s.io/v1", "PriorityClass", name)
    except APIError:
        c.client.create({"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass",
                         "metadata": {"name": name}, "value": value, "preemptionPolicy": policy})
    return name


def events(c: Cluster, reason=None, name=None) -> list[dict]:
    out = c.client.list("v1", "Event", "default")["items"]
    return [e for e in out if (reason is None or e["reason"] == reason)
            and (name is None or e["involvedObject"]["name"] == name)]


def pod_node(c: Cluster, name: str, ns="default") -> str:
    return (c.client.get("v1", "Pod", name, ns).get("spec") or {}).get("nodeName", "")
