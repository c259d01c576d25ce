"""Builders for kubelet tests: a one-node cluster and pods bound to it."""

from __future__ import annotations

import copy

from k8slab import Cluster
from k8slab.apiserver.errors import APIError
from k8slab.kubelet import Kubelet


def cluster(nodes: int = 1, seed: int = 0, **kw) -> Cluster:
    """The API server and `nodes` kubelets only (no controllers, no scheduler): pods are bound
    by setting spec.nodeName."""
    c = Cluster(nodes=0, seed=seed, start=False, **kw)
    for i in range(nodes):
        c.add_component(Kubelet(Cluster.node_name(i)))
    c.start()
    # the account the serviceaccount controller would have made (the ServiceAccount admission
    # plugin refuses a pod without it, and no controller runs here)
    c.client.create({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "default"}}, "default")
    return c


class make_pod(dict):
    """make_pod("p").image("busybox").cmd("sleep", "5").never() -> a Pod dict bound to node1."""

    def __init__(self, name: str, image: str = "redis:alpine", container: str | None = None):
        super().__init__({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": "default"},
                          "spec": {"nodeName": "node1",
                                   "containers": [{"name": container or name, "image": image}]}})

    @property
    def c(self) -> dict:
        return self["spec"]["containers"][0]

    def image(self, image: str) -> "make_pod":
        self.c["image"] = image
        return self

    def cmd(self, *argv: str) -> "make_pod":
        self.c["command"] = list(argv)
        return self

    def sh(self, script: str) -> "make_pod":
        return self.cmd("sh", "-c", script)

    def node(self, name: str) -> "make_pod":
        self["spec"]["nodeName"] = name
        return self

    def policy(self, restart_policy: str) -> "make_pod":
        self["spec"]["restartPolicy"] = restart_policy
        return self

    def never(self) -> "make_pod":
        return self.policy("Never")

    def probe(self, kind: str, **probe) -> "make_pod":
        self.c[f"{kind}Probe"] = probe
        return self

    def set(self, **spec) -> "make_pod":
        self["spec"].update(spec)
        return self

    def container(self, name: str, image: str, *command: str, init: bool = False) -> "make_pod":
        c = {"name": name, "image": image, **({"command": list(command)} if command else {})}
        self["spec"].setdefault("initContainers" if init else "containers", []).append(c)
        return self

    def create(self, c: Cluster) -> dict:
        out = c.client.create(copy.deepcopy(dict(self)))
        c.settle(wait_for_starts=False)
        return out


def get_pod(c: Cluster, name: str, ns: str = "default") -> dict | None:
    try:
        return c.client.get("v1", "Pod", name, ns)
    except APIError as e:
        if e.code == 404:
            return None
        raise


def status(c: Cluster, name: str, index: int = 0) -> dict:
    return get_pod(c, name)["status"]["containerStatuses"][index]


def pod_events(c: Cluster, name: str, ns: str = "default") -> list[tuple[str, str, str]]:
    """(type, reason, message) of the events about a pod, oldest first."""
    items = [e for e in c.client.list("v1", "Event", ns)["items"] if e["involvedObject"]["name"] == name]
    items.sort(key=lambda e: (e["firstTimestamp"], e["metadata"]["name"]))
    return [(e["type"], e["reason"], e["message"]) for e in items]


def event_counts(c: Cluster, name: str, ns: str = "default") -> dict:
    return {(e["reason"], e["message"]): e["count"] for e in c.client.list("v1", "Event", ns)["items"]
            if e["involvedObject"]["name"] == name}


def condition(pod: dict, type_: str) -> dict:
    return next(x for x in pod["status"]["conditions"] if x["type"] == type_)
