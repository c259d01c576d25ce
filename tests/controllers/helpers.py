"""Builders and a small harness for controller tests: a cluster that runs only the
controller-manager (no scheduler, no kubelets), and a stand-in for the kubelet's status writes."""

from __future__ import annotations

import copy

from k8slab.api.names import rfc3339
from k8slab.apiserver.errors import APIError
from k8slab.cluster import Cluster
from k8slab.controllers.manager import ControllerManager

NS = "default"


def make_cluster(controllers="*", seed: int = 0, profile: str = "current") -> tuple[Cluster, ControllerManager]:
    c = Cluster(nodes=0, seed=seed, profile=profile, start=False)
    cm = ControllerManager(controllers)
    c.add_component(cm)
    c.start()
    if "serviceaccount-controller" not in cm.controllers:
        default_account(c)
    return c, cm


def default_account(c: Cluster, ns: str = NS) -> None:
    """The `default` ServiceAccount the serviceaccount controller would have made in `ns`, for a
    cluster that runs without that controller: the ServiceAccount admission plugin refuses a pod
    whose account does not exist."""
    c.client.create({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "default"}}, ns)


def template(labels: dict, image: str = "redis:alpine", name: str = "redis") -> dict:
    return {"metadata": {"labels": dict(labels)},
            "spec": {"containers": [{"name": name, "image": image}]}}


def replica_set(name: str, replicas: int = 3, labels=None, **spec) -> dict:
    labels = labels or {"app": name}
    return {"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": name, "namespace": NS},
            "spec": {"replicas": replicas, "selector": {"matchLabels": dict(labels)},
                     "template": template(labels), **spec}}


def deployment(name: str = "redis", replicas: int = 3, labels=None, image: str = "redis:alpine", **spec) -> dict:
    labels = labels or {"run": name}
    return {"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": name, "namespace": NS, "labels": dict(labels)},
            "spec": {"replicas": replicas, "selector": {"matchLabels": dict(labels)},
                     "template": template(labels, image, name), **spec}}


def node(name: str, labels=None, taints=None) -> dict:
    n = {"apiVersion": "v1", "kind": "Node",
         "metadata": {"name": name, "labels": {"kubernetes.io/hostname": name, **(labels or {})}}}
    if taints:
        n["spec"] = {"taints": taints}
    return n


def pods(c: Cluster, ns: str = NS, selector: str | None = None) -> list[dict]:
    q = {"labelSelector": selector} if selector else {}
    return c.client.list("v1", "pods", ns, **q)["items"]


def names(objs) -> list[str]:
    return sorted(o["metadata"]["name"] for o in objs)


def get(c: Cluster, api_version: str, kind: str, name: str, ns: str = NS) -> dict:
    return c.client.get(api_version, kind, name, ns)


def replica_sets(c: Cluster, ns: str = NS) -> list[dict]:
    return c.client.list("apps/v1", "replicasets", ns)["items"]


def events(c: Cluster, ns: str = NS, reason: str | None = None) -> list[tuple[str, str]]:
    evs = sorted(c.client.list("v1", "events", ns)["items"], key=lambda e: e["metadata"]["creationTimestamp"])
    return [(e["reason"], e["message"]) for e in evs if reason is None or e["reason"] == reason]


def set_ready(c: Cluster, pod: dict | str, ready: bool = True, ns: str = NS) -> None:
    """What a kubelet would write: phase Running and the Ready condition."""
    name = pod if isinstance(pod, str) else pod["metadata"]["name"]
    now = rfc3339(c.clock.time())
    status = {"phase": "Running", "conditions": [
        {"type": "Ready", "status": "True" if ready else "False", "lastProbeTime": None,
         "lastTransitionTime": now}]}
    c.client.patch("v1", "Pod", name, {"status": status}, ns, subresource="status")


def ready_all(c: Cluster, ns: str = NS, selector: str | None = None) -> int:
    """Mark every live, not-ready pod Ready; settle; return how many were marked."""
    n = 0
    for p in pods(c, ns, selector):
        if p["metadata"].get("deletionTimestamp"):
            continue
        conds = (p.get("status") or {}).get("conditions") or []
        if not any(x["type"] == "Ready" and x["status"] == "True" for x in conds):
            set_ready(c, p, ns=ns)
            n += 1
    c.settle()
    return n


def is_ready(p: dict) -> bool:
    return any(x["type"] == "Ready" and x["status"] == "True" for x in (p.get("status") or {}).get("conditions") or [])


def bugs(cm: ControllerManager) -> list:
    """Failed syncs that are not API errors (conflicts are normal; anything else is a bug)."""
    return [(n, k, e) for n, k, e in cm.errors() if not isinstance(e, APIError)]


def condition(obj: dict, type_: str) -> dict | None:
    return next((c for c in (obj.get("status") or {}).get("conditions") or [] if c["type"] == type_), None)


def patch(c: Cluster, api_version: str, kind: str, name: str, body: dict, ns: str = NS) -> dict:
    out = c.client.patch(api_version, kind, name, copy.deepcopy(body), ns)
    c.settle()
    return out


class Watcher:
    """A component that runs after the controllers in every round and records what it sees."""

    name = "test-watcher"

    def __init__(self, fn):
        self.fn = fn
        self.seen: list = []

    def start(self, cluster) -> None:
        self.cluster = cluster

    def process(self) -> int:
        self.seen.append(self.fn(self.cluster))
        return 0
