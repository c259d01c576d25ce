"""Registering the Node and keeping its status: capacity, allocatable, conditions, addresses, info.

Follows `pkg/kubelet/kubelet_node_status.go` (registerWithAPIServer / initialNode: the default
labels, the controller-managed-attach-detach annotation, taints; tryUpdateNodeStatus: every
nodeStatusUpdateFrequency (10 s) the status is recomputed and posted when it changed, or at least
every nodeStatusReportFrequency (5 min) -- the Lease is the frequent heartbeat),
`pkg/kubelet/nodestatus/setters.go` (NodeAddress, MachineInfo with allocatable, VersionInfo,
DaemonEndpoints, Images, GoRuntime, the MemoryPressure / DiskPressure / PIDPressure / Ready
conditions with their reasons, messages and `Node x status is now: ...` events) and
`pkg/kubelet/cm/node_container_manager_linux.go` (GetNodeAllocatableReservation: allocatable =
capacity - kube-reserved - system-reserved - hard eviction thresholds; a percentage threshold is
held as a float32, so 10% of 98924474368 bytes reserves 9892447584).

Differences from upstream: the machine is simulated (capacity from the constructor); the node's
spec.podCIDR is filled at registration when the node IPAM controller has not set one, so pods
get addresses without a controller-manager.
"""

from __future__ import annotations

from k8slab.api.copying import deep_copy

import struct
import uuid
import zlib
from fractions import Fraction

from ..api.names import rfc3339
from ..api.validation.quantity import Quantity, parse_quantity
from ..apiserver.errors import APIError
from . import events as ev

MAX_NAMES_PER_IMAGE = 5
EVICTION_SIGNALS = {"memory.available": "memory", "nodefs.available": "ephemeral-storage"}
CONDITIONS = (  # type, (reason, message, event) when False, when True
    ("MemoryPressure", ("KubeletHasSufficientMemory", "kubelet has sufficient memory available",
                        "NodeHasSufficientMemory"),
     ("KubeletHasInsufficientMemory", "kubelet has insufficient memory available", "NodeHasInsufficientMemory")),
    ("DiskPressure", ("KubeletHasNoDiskPressure", "kubelet has no disk pressure", "NodeHasNoDiskPressure"),
     ("KubeletHasDiskPressure", "kubelet has disk pressure", "NodeHasDiskPressure")),
    ("PIDPressure", ("KubeletHasSufficientPID", "kubelet has sufficient PID available", "NodeHasSufficientPID"),
     ("KubeletHasInsufficientPID", "kubelet has insufficient PID available", "NodeHasInsufficientPID")),
)


def node_number(name: str) -> int:
    """node1 -> 1, node12 -> 12; other names get a stable number from 20 up."""
    digits = ""
    for ch in reversed(name):
        if not ch.isdigit():
            break
        digits = ch + digits
    return int(digits) % 250 if digits else 20 + zlib.crc32(name.encode()) % 200


def _float32(x: float) -> float:
    return struct.unpack("f", struct.pack("f", x))[0]


def allocatable(capacity: dict, config) -> dict:
    """capacity - kubeReserved - systemReserved - hard eviction thresholds, per resource."""
    caps = {name: parse_quantity(v) for name, v in capacity.items()}
    reserved: dict[str, Fraction] = {}
    for table in (config.kube_reserved, config.system_reserved):
        for name, v in (table or {}).items():
            reserved[name] = reserved.get(name, Fraction(0)) + parse_quantity(v).value
    for signal, v in (config.eviction_hard or {}).items():
        name = EVICTION_SIGNALS.get(signal)
        if name not in caps:
            continue
        v = str(v)
        amount = Fraction(int(float(caps[name].value) * _float32(float(v[:-1]) / 100))) if v.endswith("%") \
            else parse_quantity(v).value
        reserved[name] = reserved.get(name, Fraction(0)) + amount
    out = {}
    for name, q in caps.items():
        out[name] = Quantity(max(Fraction(0), q.value - reserved.get(name, Fraction(0))), q.format)
    for name, q in caps.items():
        if name.startswith("hugepages-") and "memory" in out:
            out["memory"] = Quantity(max(Fraction(0), out["memory"].value - q.value), out["memory"].format)
    return {name: str(q) for name, q in out.items()}


class NodeStatus:
    """The kubelet's Node: registration, the status setters and the periodic update."""

    def __init__(self, kubelet, capacity: dict | None, labels: dict | None, taints: list | None):
        from .config import DEFAULT_CAPACITY
        self.k = kubelet
        self.capacity = {**DEFAULT_CAPACITY, "pods": str(kubelet.config.max_pods), **(capacity or {})}
        self.labels, self.taints = dict(labels or {}), list(taints or [])
        self.registered = False
        self.uid = ""
        self.pod_cidr = ""
        self.last_report = None
        self.pressure = {"MemoryPressure": False, "DiskPressure": False, "PIDPressure": False}
        self.posts = 0
        rng = kubelet.rng
        self.machine_id = f"{rng.getrandbits(128):032x}"
        self.system_uuid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        self.boot_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))

    # ---- registration ---------------------------------------------------------------------------

    def initial_node(self) -> dict:
        k = self.k
        labels = {"beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux",
                  "kubernetes.io/arch": "amd64", "kubernetes.io/hostname": k.node_name, "kubernetes.io/os": "linux",
                  **self.labels}
        node = {"apiVersion": "v1", "kind": "Node",
                "metadata": {"name": k.node_name, "labels": dict(sorted(labels.items())),
                             "annotations": {"volumes.kubernetes.io/controller-managed-attach-detach": "true"}},
                "spec": {"podCIDR": k.default_pod_cidr, "podCIDRs": [k.default_pod_cidr]},
                "status": {}}
        if self.taints:
            node["spec"]["taints"] = [dict(t) for t in self.taints]
        self.set_node_status(node)
        return node

    def register(self) -> bool:
        """registerWithAPIServer: create the Node, or adopt the one that already exists."""
        k = self.k
        if not self.pod_cidr:
            self._adopt_cidr({"spec": {"podCIDR": k.default_pod_cidr}})
        node = self.initial_node()
        try:
            created = k.client.create(node, fieldManager="kubelet")
        except APIError as e:
            if e.code != 409:
                return False
            created = k.client.get("v1", "Node", k.node_name)
            labels = {**node["metadata"]["labels"], **(created["metadata"].get("labels") or {})}
            patch = {"metadata": {"labels": labels}}
            if not (created.get("spec") or {}).get("podCIDR"):
                patch["spec"] = node["spec"]
            created = k.client.patch("v1", "Node", k.node_name, patch, fieldManager="kubelet")
        self.registered = True
        self.uid = created["metadata"]["uid"]
        self._adopt_cidr(created)
        self.last_report = k.clock.now()
        return True

    def _adopt_cidr(self, node: dict) -> None:
        cidr = (node.get("spec") or {}).get("podCIDR") or ""
        if cidr and cidr != self.pod_cidr:
            self.pod_cidr = cidr
            self.k.runtime.update_runtime_config(cidr)

    # ---- status ---------------------------------------------------------------------------------

    def set_node_status(self, node: dict) -> None:
        """The setters, in upstream's order; conditions keep their transition times."""
        k = self.k
        status = node.setdefault("status", {})
        now = rfc3339(k.clock.time())
        status["capacity"] = dict(self.capacity)
        status["allocatable"] = allocatable(self.capacity, k.config)
        conditions = {c["type"]: c for c in status.get("conditions") or []}
        out = []
        for type_, ok, bad in CONDITIONS:
            reason, message, event = bad if self.pressure[type_] else ok
            want, old = "True" if self.pressure[type_] else "False", conditions.get(type_)
            changed = old is None or old.get("status") != want
            out.append(self._condition(old, type_, want, reason, message, now, event if changed else None))
        errors = k.runtime_errors()
        if errors:
            ready = ("False", "KubeletNotReady", errors)
        else:
            ready = ("True", "KubeletReady", "kubelet is posting ready status")
        old = conditions.get("Ready")
        event = (ev.NODE_READY if ready[0] == "True" else ev.NODE_NOT_READY) if old and \
            old.get("status") != ready[0] else None
        out.append(self._condition(old, "Ready", *ready, now, event))
        status["conditions"] = out
        status["addresses"] = [{"address": k.node_ip, "type": "InternalIP"},
                               {"address": k.node_name, "type": "Hostname"}]
        status["daemonEndpoints"] = {"kubeletEndpoint": {"Port": k.config.port}}
        version = k.runtime.version()
        status["nodeInfo"] = {
            "machineID": self.machine_id, "systemUUID": self.system_uuid, "bootID": self.boot_id,
            "kernelVersion": "5.15.0-126-generic", "osImage": "Ubuntu 22.04.5 LTS",
            "containerRuntimeVersion": f"{version.runtime_name}://{version.runtime_version}",
            "kubeletVersion": k.version, "kubeProxyVersion": k.version,
            "operatingSystem": "linux", "architecture": "amd64"}
        images = sorted(k.runtime.list_images(), key=lambda i: (-i.size, i.id))
        status["images"] = [{"names": (i.repo_digests + i.repo_tags)[:MAX_NAMES_PER_IMAGE], "sizeBytes": i.size}
                            for i in images[:k.config.node_status_max_images]]

    def _condition(self, old, type_, status, reason, message, now, event) -> dict:
        same = old is not None and old.get("status") == status
        if event:
            self.k.record_node_event(ev.NORMAL, event)
        return {"lastHeartbeatTime": now, "lastTransitionTime": old["lastTransitionTime"] if same else now,
                "message": message, "reason": reason, "status": status, "type": type_}

    def update(self) -> None:
        """tryUpdateNodeStatus: recompute; post when changed or when the report is due."""
        k = self.k
        if not self.registered or not k.online:
            return
        try:
            node = k.client.get("v1", "Node", k.node_name)
        except APIError:
            return
        self._adopt_cidr(node)
        before = deep_copy(node.get("status") or {})
        self.set_node_status(node)
        changed = _without_heartbeats(before) != _without_heartbeats(node["status"])
        due = self.last_report is None or k.clock.now() - self.last_report >= k.config.node_status_report_frequency
        if changed or due:
            try:
                k.client.patch("v1", "Node", k.node_name, {"status": node["status"]}, subresource="status",
                               fieldManager="kubelet")
            except APIError:
                return
            self.posts += 1
            self.last_report = k.clock.now()


def _without_heartbeats(status: dict) -> dict:
    out = dict(status)
    out["conditions"] = [{k: v for k, v in c.items() if k != "lastHeartbeatTime"}
                         for c in status.get("conditions") or []]
    return out
