"""Cluster: a whole Kubernetes control plane and its nodes in one process, on one clock.

    from k8slab import Cluster
    c = Cluster(nodes=3, seed=0)      # store, apiserver, controller-manager, scheduler, kubelets
    c.apply(yaml_text)                # create or update objects
    c.settle()                        # run until no component has work left
    c.advance(30)                     # move the virtual clock 30 s, running what falls due

Every component follows the controller shape: informers deliver events, handlers enqueue keys,
and `process()` drains the component's work queues. `settle()` alternates watch delivery,
processing and due timers until nothing changes, so the same seed gives the same cluster.
Timers due within `batch_window` (0.1 s) of each other fire before the components react to them
together, as if watch delivery took up to 0.1 s of virtual time.
Components register with `add_component`; the control loop's components arrive with their
modules (k8slab.controllers, k8slab.scheduler, k8slab.kubelet).
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Protocol

import yaml

from .apiserver.bootstrap import bootstrap
from .apiserver.errors import APIError
from .apiserver.authn.identities import component_user
from .apiserver.handler import COMPACTION_INTERVAL, APIServer
from .client import APIClient, InProcessTransport
from .client.informers import SharedInformerFactory, trim_and_share
from .sim.clock import VirtualClock
from .storage.mvcc import MemoryStore

MAX_SETTLE_ROUNDS = 100_000
# Timers due within this many virtual seconds of each other fire together before the components
# react (each at its own due time): watch delivery waits at most this long. Upstream's components
# see a change milliseconds to a second later (the kubelet's PLEG relists every second); without
# the window, thousands of pods starting at distinct instants cost one controller round each.
BATCH_WINDOW = 0.1
SETTLE_HORIZON = 120.0            # virtual seconds settle() may let pass while pods are starting


class Component(Protocol):
    name: str

    def start(self, cluster: "Cluster") -> None:
        """Register informer handlers and timers."""

    def process(self) -> int:
        """Do the queued work; return how many items were processed."""


class StartingPods:
    """Pods bound to a node and still on their way up (Pending, not in a back-off) or down
    (deleting), kept per node from the pods informer's events so settle() can ask in O(nodes)."""

    def __init__(self):
        self.per_node: dict[str, set] = {}

    @staticmethod
    def _starting(pod: dict) -> bool:
        if pod["metadata"].get("deletionTimestamp"):
            return True
        status = pod.get("status") or {}
        if status.get("phase") != "Pending":
            return False
        for c in (status.get("initContainerStatuses") or []) + (status.get("containerStatuses") or []):
            reason = ((c.get("state") or {}).get("waiting") or {}).get("reason")
            if reason not in (None, "ContainerCreating", "PodInitializing"):
                return False
        return True

    def _set(self, pod, on: bool) -> None:
        node = (pod.get("spec") or {}).get("nodeName")
        if not node:
            return
        key = (pod["metadata"].get("namespace"), pod["metadata"]["name"])
        keys = self.per_node.get(node)
        if on:
            if keys is None:
                keys = self.per_node[node] = set()
            keys.add(key)
        elif keys is not None:
            keys.discard(key)
            if not keys:
                del self.per_node[node]

    def on_add(self, pod) -> None:
        self._set(pod, self._starting(pod))

    def on_update(self, old, new) -> None:
        if (old.get("spec") or {}).get("nodeName") != (new.get("spec") or {}).get("nodeName"):
            self._set(old, False)
        self._set(new, self._starting(new))

    def on_delete(self, pod) -> None:
        pod = getattr(pod, "obj", pod)
        if isinstance(pod, dict):
            self._set(pod, False)

    def nodes(self):
        return list(self.per_node)


class Cluster:
    """A cluster on a virtual clock (or any clock given); deterministic for a seed."""

    def __init__(self, nodes: int = 0, seed: int = 0, *, clock=None, store=None,
                 profile: str = "current", start: bool = True, control_plane: bool = True,
                 controllers="*", pki=None, component_identities: bool = True,
                 batch_window: float = BATCH_WINDOW,
                 etcd_compaction_interval: float | None = COMPACTION_INTERVAL, **apiserver_options):
        self.clock = clock or VirtualClock()
        self.store = store if store is not None else MemoryStore(self.clock)
        self.seed = seed
        self.profile = profile
        self.api = APIServer(self.store, self.clock, seed=seed, profile=profile, **apiserver_options)
        if pki is not None:                   # kubeadm's PKI: the CA, sa.key (k8slab/kubeadm/pki.py)
            from .kubeadm.pki import attach
            attach(self.api, pki)
        bootstrap(self.api)
        self.controllers = controllers        # the controller-manager's --controllers
        # True (as upstream): the controller-manager, the scheduler and each kubelet write as
        # their own users (system:kube-controller-manager or, per controller, its service
        # account; system:kube-scheduler; system:node:<name>), which Node,RBAC judge with the
        # bootstrap roles (k8slab/apiserver/authn/identities.py). False: every component uses
        # the admin client (system:masters), so nothing it does is ever refused.
        self.component_identities = component_identities
        # settle()/advance() fire the timers due within batch_window seconds of each other
        # before the components react to them together (0: one round per timer)
        self.batch_window = batch_window
        self.client = APIClient(InProcessTransport(self.api))
        # kube-apiserver compacts etcd every --etcd-compaction-interval (5 min) to the revision it
        # saw one interval earlier; None keeps every revision (the store then grows without bound)
        if etcd_compaction_interval:
            self.api.start_compactor(etcd_compaction_interval)
        # kube-controller-manager and kube-scheduler trim managedFields from their caches; equal
        # strings in cached objects are made one object (trim_and_share)
        self.informers = SharedInformerFactory(self.client, transform=trim_and_share)
        self.components: list = []
        self._always: list = []               # processed every step
        self._order: dict = {}                # wakeable component -> position (processing order)
        self._woken: set = set()              # wakeable components with work since their last process()
        self._starting = None                 # StartingPods, once a pods informer exists
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
            self.add_component(ControllerManager(self.controllers))
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
        if getattr(component, "wakeable", False):
            self._order[component] = len(self.components)
        else:
            self._always.append(component)
        if self._started:
            with self.identity(component_user(component)):
                component.start(self)
            self._track_starting()
            self.informers.start()

    def start(self) -> None:
        for c in self.components:
            with self.identity(component_user(c)):
                c.start(self)
        self._track_starting()
        self.informers.start()
        self._started = True
        self.settle()

    @contextmanager
    def identity(self, user: dict | None):
        """While a component starts, `self.client` is a client acting as `user` (components
        take their client in start()); a no-op unless component_identities is on."""
        if not self.component_identities or user is None:
            yield
            return
        saved = self.client
        self.client = APIClient(InProcessTransport(self.api, user=user))
        try:
            yield
        finally:
            self.client = saved

    def _track_starting(self) -> None:
        pods = self.informers.informers.get(("v1", "pods", None))
        if pods is not None and self._starting is None:
            self._starting = StartingPods()
            pods.add_event_handler(self._starting.on_add, self._starting.on_update, self._starting.on_delete)

    # ---- running ------------------------------------------------------------------------------

    def wake(self, component) -> None:
        """A wakeable component (a kubelet) has work: process it in the next step. Thousands of
        idle kubelets then cost nothing per step."""
        self._woken.add(component)

    def step(self) -> int:
        """One round: deliver watch events, run due timers, let every component with work run."""
        work = self.informers.pump()
        work += self.clock.run_due() if hasattr(self.clock, "run_due") else 0
        for c in self._always:
            work += c.process()
        if self._woken:
            order = self._order
            batch = sorted(self._woken, key=lambda c: order.get(c, 0))
            self._woken.clear()
            for c in batch:
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
            self._advance_batch(due, horizon)
            total += self._quiesce()
        return total

    def _advance_batch(self, due: float, limit: float) -> None:
        """Fire the timer due at `due` and every later one within batch_window of it (each at its
        own due time, none past `limit`), before the components react to them together."""
        end = min(due + self.batch_window, limit)
        while due is not None and due <= end:
            self.clock.advance(max(0.0, due - self.clock.now()))
            due = self.clock.next_deadline()

    def _quiesce(self) -> int:
        total = 0
        for _ in range(MAX_SETTLE_ROUNDS):
            work = self.step()
            total += work
            if not work and not self._woken and not self.informers.pending():
                return total
        raise RuntimeError("the cluster did not settle: components keep producing work")

    def _pods_starting(self) -> bool:
        """Is a pod on a running node still on its way up (or down, within its grace period)?"""
        tracker = self._starting
        if tracker is None:
            return False
        for node in tracker.nodes():
            if self._node_online(node):
                return True
        return False

    def _node_online(self, node: str) -> bool:
        informer = self.informers.informers.get(("v1", "pods", None))
        router = getattr(informer, "_kubelet_router", None)
        k = router.kubelets.get(node) if router is not None else None
        return k is not None and bool(k.online)

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
            self._advance_batch(due, target)
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

    def kubectl(self, command, stdin: str | None = None) -> str:
        """What `kubectl <command>` prints in a terminal: stdout and stderr, in the order written.

        `c.kubectl("get pods -o wide")`; the command is split as a shell would (or give a list);
        `stdin` is what `-f -` reads. Requests go in-process to this cluster's API server; the
        kubeconfig is this cluster's own, in memory (`config set-context` and friends change it;
        `--kubeconfig FILE` reads a file). Use kubectl_result() for the exit code and the two
        streams apart."""
        return self.kubectl_result(command, stdin).text

    def kubectl_result(self, command, stdin: str | None = None):
        """`KubectlResult(rc, out, err, text)` for `kubectl <command>` (see kubectl())."""
        from .kubectl.inprocess import run_in_process
        if not hasattr(self, "_kubectl_state"):
            from .kubectl.inprocess import InProcessState
            self._kubectl_state = InProcessState(self.api)
        return run_in_process(self._kubectl_state, command, stdin)

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
