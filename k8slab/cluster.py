"""Cluster: a whole Kubernetes control plane and its nodes in one process, on one clock.

    from k8slab import Cluster
    c = Cluster(nodes=3, seed=0)      # store, apiserver, controller-manager, scheduler, kubelets
    c.apply(yaml_text)                # create or update objects
    c.settle()                        # run until no component has work left
    c.advance(30)                     # move the virtual clock 30 s, running what falls due

Every component follows the controller shape: informers deliver events, handlers enqueue keys,
and `process()` drains the component's work queues. `settle()` alternates watch delivery,
processing and due timers until nothing changes, so the same seed gives the same cluster.
Components register with `add_component`; the control loop's components arrive with their
modules (k8slab.controllers, k8slab.scheduler, k8slab.kubelet).
"""

from __future__ import annotations

from typing import Protocol

import yaml

from .apiserver.bootstrap import bootstrap
from .apiserver.errors import APIError
from .apiserver.handler import APIServer
from .client import APIClient, InProcessTransport
from .client.informers import SharedInformerFactory
from .sim.clock import VirtualClock
from .storage.mvcc import MemoryStore

MAX_SETTLE_ROUNDS = 100_000
SETTLE_HORIZON = 120.0            # virtual seconds settle() may let pass while pods are starting


class Component(Protocol):
    name: str

    def start(self, cluster: "Cluster") -> None:
        """Register informer handlers and timers."""

    def process(self) -> int:
        """Do the queued work; return how many items were processed."""


class Cluster:
    """A cluster on a virtual clock (or any clock given); deterministic for a seed."""

    def __init__(self, nodes: int = 0, seed: int = 0, *, clock=None, store=None,
                 profile: str = "current", start: bool = True, control_plane: bool = True,
                 **apiserver_options):
        self.clock = clock or VirtualClock()
        self.store = store if store is not None else MemoryStore(self.clock)
        self.seed = seed
        self.profile = profile
        self.api = APIServer(self.store, self.clock, seed=seed, profile=profile, **apiserver_options)
        bootstrap(self.api)
        self.client = APIClient(InProcessTransport(self.api))
        self.informers = SharedInformerFactory(self.client)
        self.components: list = []
        self.nodes = nodes
        self._started = False
        self.control_plane = control_plane       # False: the API server alone (benchmarks)
        if start:
            self._build(nodes)
            self.start()

    def _build(self, nodes: int) -> None:
        """Assemble the control loop's components that exist in this version of k8slab."""
        try:
            from .controllers.manager import ControllerManager
        except ImportError:
            ControllerManager = None
        try:
            from .scheduler import Scheduler
        except ImportError:
            Scheduler = None
        try:
            from .kubelet import Kubelet
        except ImportError:
            Kubelet = None
        if ControllerManager is not None and self.control_plane:
            self.add_component(ControllerManager())
        if Scheduler is not None and self.control_plane:
            self.add_component(Scheduler())
        if Kubelet is not None:
            for i in range(nodes):
                self.add_component(Kubelet(self.node_name(i)))

    @staticmethod
    def node_name(i: int) -> str:
        return "node1" if i == 0 else f"node{i + 1}"

    def add_component(self, component) -> None:
        self.components.append(component)
        if self._started:
            component.start(self)
            self.informers.start()

    def start(self) -> None:
        for c in self.components:
            c.start(self)
        self.informers.start()
        self._started = True
        self.settle()

    # ---- running ------------------------------------------------------------------------------

    def step(self) -> int:
        """One round: deliver watch events, run due timers, let every component work."""
        work = self.informers.pump()
        work += self.clock.run_due() if hasattr(self.clock, "run_due") else 0
        for c in self.components:
            work += c.process()
        return work

    def settle(self, wait_for_starts: bool = True) -> int:
        """Run until nothing is left to do. On a virtual clock this also lets time pass (at most
        SETTLE_HORIZON seconds, timer by timer) while bound pods are still starting -- images
        being pulled, containers being created -- so that one settle() takes a new Deployment
        to Running pods. Pods waiting out a back-off (CrashLoopBackOff, ImagePullBackOff) or
        that cannot be scheduled do not hold it: that waiting is for advance()."""
        total = self._quiesce()
        if not wait_for_starts or not hasattr(self.clock, "next_deadline"):
            return total
        horizon = self.clock.now() + SETTLE_HORIZON
        while self._pods_starting():
            due = self.clock.next_deadline()
            if due is None or due > horizon:
                break
            self.clock.advance(max(0.0, due - self.clock.now()))
            total += self._quiesce()
        return total

    def _quiesce(self) -> int:
        total = 0
        for _ in range(MAX_SETTLE_ROUNDS):
            work = self.step()
            total += work
            if not work and not self.informers.pending():
                return total
        raise RuntimeError("the cluster did not settle: components keep producing work")

    def _pods_starting(self) -> bool:
        """Is a pod on a running node still on its way up (or down, within its grace period)?"""
        informer = self.informers.informers.get(("v1", "pods", None))
        if informer is None:
            return False
        running = self._running_nodes()
        for pod in informer.indexer.items.values():
            node = (pod.get("spec") or {}).get("nodeName")
            if not node or node not in running:
                continue
            if pod["metadata"].get("deletionTimestamp"):
                return True
            status = pod.get("status") or {}
            if status.get("phase") != "Pending":
                continue
            waiting = [((c.get("state") or {}).get("waiting") or {}).get("reason")
                       for c in (status.get("initContainerStatuses") or []) + (status.get("containerStatuses") or [])]
            if all(reason in (None, "ContainerCreating", "PodInitializing") for reason in waiting):
                return True
        return False

    def _running_nodes(self) -> set[str]:
        """Nodes whose kubelet runs and reaches the API server."""
        out = set()
        for c in self.components:
            node = getattr(c, "node_name", None)
            if node is None:
                continue
            online = getattr(c, "online", True)
            if online() if callable(online) else online:
                out.add(node)
        return out

    def advance(self, seconds: float) -> None:
        """Move the virtual clock forward, stopping at every timer to let the cluster react."""
        if not hasattr(self.clock, "next_deadline"):
            raise TypeError("advance() needs a virtual clock; this cluster runs on the real one")
        target = self.clock.now() + seconds
        self._quiesce()
        while True:
            due = self.clock.next_deadline()
            if due is None or due > target:
                break
            self.clock.advance(max(0.0, due - self.clock.now()))
            self._quiesce()
        self.clock.advance(max(0.0, target - self.clock.now()))
        self._quiesce()

    # ---- conveniences for notebooks -------------------------------------------------------------

    def apply(self, manifest, namespace: str = "default") -> list[dict]:
        """Create each object of a YAML text (or dict, or list of dicts), or update it if it exists."""
        if isinstance(manifest, str):
            docs = [d for d in yaml.safe_load_all(manifest) if d]
        elif isinstance(manifest, dict):
            docs = [manifest]
        else:
            docs = list(manifest)
        out = []
        for doc in docs:
            res = self.client._resource(doc["apiVersion"], doc["kind"])
            ns = (doc.get("metadata") or {}).get("namespace") or (namespace if res.namespaced else None)
            try:
                out.append(self.client.create(doc, ns))
            except APIError as e:
                if e.code != 409:
                    raise
                current = self.client.get(doc["apiVersion"], doc["kind"], doc["metadata"]["name"], ns)
                merged = {**current, **{k: v for k, v in doc.items() if k != "metadata"}}
                merged["metadata"] = {**current["metadata"], **{k: v for k, v in doc["metadata"].items()
                                                                 if k in ("labels", "annotations")}}
                out.append(self.client.update(merged))
        self.settle()
        return out

    def kubelet(self, node_name: str):
        """The kubelet of a node, for faults and for looking inside (`.runtime`, `.stop()`,
        `.start_again()`, `.partition(True)`, `.kill_container(ns, pod, container)`)."""
        for c in self.components:
            if getattr(c, "name", "") == f"kubelet/{node_name}":
                return c
        raise KeyError(f"no kubelet runs node {node_name!r}")

    def __repr__(self):
        names = ", ".join(getattr(c, "name", type(c).__name__) for c in self.components)
        return f"Cluster(seed={self.seed}, t={self.clock.now():.1f}s, components=[{names}])"
