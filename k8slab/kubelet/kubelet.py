"""The kubelet: the agent on each node that registers it and runs the pods bound to it.

Follows `pkg/kubelet/kubelet.go` (NewMainKubelet wires the managers below; Run starts the node
status loop, the Lease controller and the sync loop; BirthCry records `Starting kubelet.`;
HandlePodAdditions / Updates / Removes feed the pod workers) and `pkg/kubelet/config/apiserver.go`
(the pods whose spec.nodeName is this node). The parts live in their own modules:

    node_status.py   registration, capacity / allocatable, conditions, the 10 s status loop
    nodelease.py     the Lease heartbeat in kube-node-lease
    pod_workers.py   one state machine per pod (syncing, terminating, terminated)
    runtime_manager.py  sandbox, init containers, containers, back-off, kills
    images.py        image pulls and their back-off
    prober.py        liveness, readiness and startup probes
    status.py / status_manager.py   the pod status and writing it
    static_pods.py   manifests from a directory and their mirror pods
    server.py        logs and exec for `pods/<name>/log` and `pods/<name>/exec`
    runtimes/sim.py  the simulated container runtime behind the CRI (cri.py)

Faults a lesson can inject: `stop()` / `start_again()` (the kubelet process dies: no status, no
Lease, containers keep running unattended), `partition(True)` (the node cannot reach the API
server: pods keep running and restarting, nothing is reported until `partition(False)`),
`kill_container(ns, pod, container)`, and on the runtime `make_image_missing(image)`.

Differences from upstream: one process on the cluster's clock instead of goroutines; no
cAdvisor, volumes, eviction manager, device plugins, CPU manager or kubelet HTTP server (logs
and exec are answered in-process).
"""

from __future__ import annotations

import random
import zlib

from ..apiserver.errors import APIError
from ..client.events import EventRecorder
from ..client.informers import DeletedFinalStateUnknown
from . import events as ev
from .config import KubeletConfiguration
from .images import ImageManager
from .node_status import NodeStatus, node_number
from .nodelease import NodeLease
from .pod_workers import PodWorkers
from .prober import ProbeManager
from .router import PodRouter
from .runtime_manager import RuntimeManager
from .runtimes.sim import SimRuntime
from .server import KubeletServer, NodeProxy
from .static_pods import StaticPods, is_mirror_pod
from .status_manager import StatusManager


class Kubelet:
    """A node agent as a cluster component named `kubelet/<node>`."""

    def __init__(self, node_name: str, capacity: dict | None = None, labels: dict | None = None,
                 taints: list | None = None, *, config: KubeletConfiguration | None = None,
                 static_pod_path: str = "", runtime=None):
        self.node_name = node_name
        self.name = f"kubelet/{node_name}"
        self.config = config or KubeletConfiguration()
        if static_pod_path:
            self.config = self.config.replace(static_pod_path=static_pod_path)
        self._capacity, self._labels, self._taints = capacity, labels, taints
        self.runtime = runtime
        self.running = False
        self.partitioned = False
        self.network_ready = True
        self._timers: list = []

    # ---- the component interface ------------------------------------------------------------------

    def start(self, cluster) -> None:
        self.cluster, self.clock, self.client = cluster, cluster.clock, cluster.client
        self.rng = random.Random(cluster.seed * 1_000_003 + zlib.crc32(self.node_name.encode()))
        major, minor, self.version = cluster.api.version
        self.messages = ev.Messages(int("".join(ch for ch in minor if ch.isdigit()) or 32))
        n = node_number(self.node_name)
        self.node_ip, self.gateway_ip = f"172.18.0.{n + 1}", "172.18.0.1"
        self.default_pod_cidr = f"10.244.{n}.0/24"
        if self.runtime is None:
            flavor = "docker" if getattr(cluster.api, "profile", "current") == "book" else "containerd"
            self.runtime = SimRuntime(self.clock, random.Random(self.rng.getrandbits(64)), flavor=flavor)
        self.runtime.node_ip = self.node_ip
        self.runtime_name = self.runtime.version().runtime_name
        self.recorder = EventRecorder(self.client, self.clock, "kubelet", self.node_name)
        self.node_status = NodeStatus(self, self._capacity, self._labels, self._taints)
        self.lease = NodeLease(self)
        self.images = ImageManager(self)
        self.runtime_manager = RuntimeManager(self)
        self.probes = ProbeManager(self)
        self.status_manager = StatusManager(self)
        self.pod_workers = PodWorkers(self)
        self.static_pods = StaticPods(self, self.config.static_pod_path)
        self.server = KubeletServer(self)
        self.runtime.get_container_events(self._on_container_event)
        self.informer = cluster.informers.informer("v1", "pods")
        wake = getattr(cluster, "wake", None)
        if wake is not None:                  # processed only when its pod workers have work
            self.pod_workers.queue.on_add = lambda: wake(self)
        PodRouter.attach(self.informer).register(self)
        proxy = getattr(cluster.api, "node_proxy", None)
        if not isinstance(proxy, NodeProxy):
            proxy = cluster.api.node_proxy = NodeProxy()
        proxy.kubelets[self.node_name] = self
        self._boot()

    wakeable = True                           # Cluster.step runs process() only after wake(self)

    def process(self) -> int:
        return self.pod_workers.process() if self.running else 0

    def _boot(self) -> None:
        """Run(): register, start the loops, catch up with the pods bound here."""
        self.running = True
        self.record_node_event(ev.NORMAL, ev.STARTING_KUBELET, "Starting kubelet.")
        self.node_status.register()
        self.record_node_event(ev.NORMAL, ev.SUCCESSFUL_NODE_ALLOCATABLE_ENFORCEMENT,
                               "Updated Node Allocatable limit across pods")
        self.lease.renew()
        self._every(self.config.node_status_update_frequency, self.node_status.update)
        self._every(self.lease.renew_interval, self.lease.renew)
        if self.config.static_pod_path:
            self.static_pods.scan()
            self._every(self.config.file_check_frequency, self.static_pods.scan)
        self._reconcile()
        if len(self.pod_workers.queue) and hasattr(self.cluster, "wake"):
            self.cluster.wake(self)                       # work queued while it was stopped

    def _every(self, seconds: float, fn) -> None:
        def tick():
            if self.running:
                fn()
                self._timers.append(self.clock.call_later(seconds, tick))
        self._timers.append(self.clock.call_later(seconds, tick))

    # ---- the API server as a pod source -----------------------------------------------------------

    @property
    def online(self) -> bool:
        """Running and able to reach the API server."""
        return self.running and not self.partitioned

    def _mine(self, pod) -> bool:
        return isinstance(pod, dict) and (pod.get("spec") or {}).get("nodeName") == self.node_name

    def _on_add(self, pod) -> None:
        if self.online and self._mine(pod):
            self._config_update(pod)

    def _on_update(self, old, new) -> None:
        self._on_add(new)

    def _on_delete(self, pod) -> None:
        if isinstance(pod, DeletedFinalStateUnknown):
            pod = pod.obj
        if not self.online or not self._mine(pod):
            return
        if is_mirror_pod(pod):
            static = self.static_pods.static_for_mirror(pod)
            if static is not None:
                self.pod_workers.enqueue(static["metadata"]["uid"])
            return
        self.pod_workers.remove_pod(pod)

    def _config_update(self, pod: dict) -> None:
        if is_mirror_pod(pod):
            static = self.static_pods.static_for_mirror(pod)
            if static is not None:
                self.pod_workers.enqueue(static["metadata"]["uid"])
            elif self.running:
                self.static_pods.delete_mirror(pod)          # its manifest is gone
            return
        self.pod_workers.update_pod(pod)

    def _reconcile(self) -> None:
        """After a restart or a partition: the pods bound here as the API server has them now."""
        if not self.online or not self.informer.has_synced():
            return
        present = set()
        for pod in self.informer.lister().list():
            if self._mine(pod):
                present.add(pod["metadata"]["uid"])
                self._config_update(pod)
        for w in list(self.pod_workers.workers.values()):
            if not w.static and w.uid not in present:
                self.pod_workers.remove_pod(w.pod)
            else:
                w.started = False if w.state == "syncing" else w.started
                self.pod_workers.enqueue(w.uid)
        self.status_manager.sync_all()

    def _on_container_event(self, event) -> None:
        """The Evented PLEG: a container changed; sync its pod."""
        uid = event.labels.get("io.kubernetes.pod.uid")
        if uid:
            self.pod_workers.enqueue(uid)

    # ---- helpers for the managers -----------------------------------------------------------------

    def record(self, pod: dict, type_: str, reason: str, message: str, field_path: str = "") -> None:
        if self.online:
            self.recorder.event(pod, type_, reason, message, field_path)

    def record_node_event(self, type_: str, reason: str, message: str | None = None) -> None:
        if self.online:
            ref = {"kind": "Node", "metadata": {"name": self.node_name, "uid": self.node_name}}
            self.recorder.event(ref, type_, reason, message or self.messages.node_status(self.node_name, reason))

    def api_get(self, api_version: str, kind: str, name: str, namespace: str | None = None) -> dict:
        if not self.online:
            raise APIError(503, "ServiceUnavailable", "the API server cannot be reached")
        return self.client.get(api_version, kind, name, namespace)

    def api_list(self, api_version: str, kind: str, namespace: str | None = None) -> list[dict]:
        if not self.online:
            raise APIError(503, "ServiceUnavailable", "the API server cannot be reached")
        return self.client.list(api_version, kind, namespace)["items"]

    def api_pod(self, namespace: str, name: str) -> dict | None:
        return self.informer.lister().get(namespace, name) if self.online else None

    def mirror_name(self, pod: dict) -> str:
        return pod["metadata"]["name"] if pod["metadata"].get("uid") in self.static_pods.pods else ""

    def runtime_errors(self) -> str:
        network = next((c for c in self.runtime.status() if c.type == "NetworkReady"), None)
        if not self.network_ready or (network is not None and not network.status):
            return ("container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady "
                    "message:Network plugin returns error: cni plugin not initialized")
        return ""

    def to_now(self, unix: float) -> float:
        """A runtime timestamp (Unix seconds) on the clock's now() scale."""
        return unix - (self.clock.time() - self.clock.now())

    # ---- faults and conveniences --------------------------------------------------------------------

    def stop(self) -> None:
        """The kubelet process stops: no status, no Lease, no syncs; containers keep running."""
        self.running = False
        for t in self._timers:
            t.cancel()
        self._timers.clear()
        self.probes.stop_all()

    def start_again(self) -> None:
        """The kubelet process starts again (same machine, same containers)."""
        if not self.running:
            self._boot()

    def partition(self, on: bool = True) -> None:
        """Cut (or restore) this node's connection to the API server."""
        was = self.partitioned
        self.partitioned = on
        if was and not on and self.running:
            self.lease.renew()
            self.node_status.update()
            self._reconcile()

    def set_pressure(self, memory: bool | None = None, disk: bool | None = None, pid: bool | None = None) -> None:
        """Simulate eviction signals: MemoryPressure / DiskPressure / PIDPressure."""
        for key, value in (("MemoryPressure", memory), ("DiskPressure", disk), ("PIDPressure", pid)):
            if value is not None:
                self.node_status.pressure[key] = value
        self.node_status.update()

    def _container_of(self, namespace: str, pod: str, container: str):
        for w in self.pod_workers.workers.values():
            meta = w.pod["metadata"]
            if meta["name"] == pod and meta.get("namespace", "default") == namespace:
                return w, self.pod_workers.latest_container(w.uid, container)
        raise KeyError(f"pod {namespace}/{pod} does not run on {self.node_name}")

    def kill_container(self, namespace: str, pod: str, container: str) -> None:
        """SIGKILL a running container (exit 137), as an OOM kill or `crictl stop` would."""
        _, cs = self._container_of(namespace, pod, container)
        if cs is not None:
            self.runtime.kill(cs.id)

    def exec(self, namespace: str, pod: str, container: str, argv: list[str]):
        """ExecSync in a pod's container: (stdout + stderr, exit code)."""
        _, cs = self._container_of(namespace, pod, container)
        r = self.runtime.exec_sync(cs.id, list(argv))
        return r.stdout + r.stderr, r.exit_code

    def logs(self, namespace: str, pod: str, container: str, previous: bool = False,
             tail_lines: int | None = None) -> str:
        w, _ = self._container_of(namespace, pod, container)
        return self.server.log_lines(w.pod, container, previous, tail_lines)

    def __repr__(self):
        state = "running" if self.running else "stopped"
        state += ", partitioned" if self.partitioned else ""
        return f"Kubelet({self.node_name}, {state}, {self.pod_workers!r}, {self.runtime!r})"
