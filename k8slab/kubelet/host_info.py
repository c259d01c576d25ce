"""What a kubelet learns about its own machine: hostname, OS, kernel, CPUs, memory, disk, address.

Follows `pkg/util/node/node.go` (GetHostname: the hostname, or `--hostname-override`, trimmed and
lower-cased; an empty name is an error), cAdvisor's machine info as the kubelet reads it
(`pkg/kubelet/nodestatus/setters.go` MachineInfo: capacity `cpu` = logical CPUs, `memory` =
MemTotal of /proc/meminfo in bytes, `ephemeral-storage` = size of the root filesystem, `pods` =
maxPods; NodeInfo from /etc/os-release's PRETTY_NAME, uname's release, /etc/machine-id) and
NodeAddress (with no --node-ip: the address of the interface of the default route).

`read_host()` reads the machine running Python; `node_from_host(facts)` turns the facts into a
Node object in the API's shape, as the kubelet's first registration would. k8slab's simulated
kubelets do not use this (their machines are made up, so every run is the same); chapter 2 uses it
to show where each field of a Node comes from.

Differences from upstream: no cAdvisor (CPUs from /proc/cpuinfo or os.cpu_count(), memory from
/proc/meminfo); the default-route address is found by "connecting" a UDP socket (no packet is
sent) instead of reading the routing table; no kube-reserved or system-reserved; no
conditions (the kubelet sets them on its first status update, chapter 16).
"""

from __future__ import annotations

import os
import platform
import socket
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MAX_PODS = 110
ARCHITECTURES = {"x86_64": "amd64", "aarch64": "arm64", "armv7l": "arm", "ppc64le": "ppc64le",
                 "s390x": "s390x", "i686": "386", "i386": "386"}    # uname -m -> GOARCH


@dataclass(frozen=True)
class HostFacts:
    """The facts a kubelet reports about its machine."""
    hostname: str                # os.Hostname(), before any override
    os_image: str                # PRETTY_NAME of /etc/os-release
    kernel_version: str          # uname -r
    architecture: str            # GOARCH: amd64, arm64, ...
    cpus: int                    # logical CPUs ("processor" lines of /proc/cpuinfo)
    memory_bytes: int            # MemTotal of /proc/meminfo
    disk_bytes: int              # size of the root filesystem (ephemeral-storage)
    machine_id: str              # /etc/machine-id
    internal_ip: str             # the default route's interface address


def parse_os_release(text: str) -> dict[str, str]:
    """`KEY=value` lines of /etc/os-release; values may be quoted ("..." or '...')."""
    out = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        out[key] = value
    return out


def parse_meminfo(text: str) -> dict[str, int]:
    """/proc/meminfo as bytes: `MemTotal:  16384256 kB` -> {"MemTotal": 16777478144}."""
    out = {}
    for line in text.splitlines():
        if ":" not in line:
            continue
        key, rest = line.split(":", 1)
        parts = rest.split()
        if not parts or not parts[0].isdigit():
            continue
        out[key.strip()] = int(parts[0]) * (1024 if parts[1:] == ["kB"] else 1)
    return out


def count_cpus(cpuinfo: str) -> int:
    """Logical CPUs: the `processor : N` lines of /proc/cpuinfo."""
    return sum(1 for line in cpuinfo.splitlines() if line.split(":")[0].strip() == "processor")


def node_hostname(hostname: str, override: str = "") -> str:
    """GetHostname: the override when given, else the machine's name; trimmed, lower-cased."""
    name = (override or hostname).strip().lower()
    if not name:
        raise ValueError("empty hostname is invalid")
    return name


def default_route_ip() -> str:
    """The address the machine would use to reach the outside, or 127.0.0.1 without a route."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.connect(("10.255.255.255", 1))          # UDP connect picks a route; nothing is sent
        return s.getsockname()[0]
    except OSError:
        return "127.0.0.1"
    finally:
        s.close()


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:
        return ""


def read_host(root: str = "/") -> HostFacts:
    """The facts of the machine running this Python (files read under `root`)."""
    base = Path(root)
    release = parse_os_release(_read(base / "etc/os-release"))
    cpus = count_cpus(_read(base / "proc/cpuinfo")) or os.cpu_count() or 1
    memory = parse_meminfo(_read(base / "proc/meminfo")).get("MemTotal", 0)
    try:
        st = os.statvfs(root)
        disk = st.f_blocks * st.f_frsize
    except OSError:
        disk = 0
    machine = platform.machine()
    return HostFacts(hostname=socket.gethostname(), os_image=release.get("PRETTY_NAME", "Linux"),
                     kernel_version=platform.release(), architecture=ARCHITECTURES.get(machine, machine),
                     cpus=cpus, memory_bytes=memory, disk_bytes=disk,
                     machine_id=_read(base / "etc/machine-id").strip(), internal_ip=default_route_ip())


def ki(n_bytes: int) -> str:
    """Bytes as the kubelet's capacity shows them: whole KiB, `16384256Ki` (0 stays `0`)."""
    return f"{n_bytes // 1024}Ki" if n_bytes else "0"


def node_from_host(facts: HostFacts, hostname_override: str = "", max_pods: int = DEFAULT_MAX_PODS,
                   runtime_version: str = "containerd://1.7.24", kubelet_version: str = "v1.32.0") -> dict:
    """The Node a kubelet on this machine would register (metadata, addresses, capacity,
    allocatable after the default hard eviction thresholds, info)."""
    from .config import KubeletConfiguration
    from .node_status import allocatable
    name = node_hostname(facts.hostname, hostname_override)
    capacity = {"cpu": str(facts.cpus), "ephemeral-storage": ki(facts.disk_bytes),
                "memory": ki(facts.memory_bytes), "pods": str(max_pods)}
    return {
        "apiVersion": "v1", "kind": "Node",
        "metadata": {"name": name, "labels": {
            "beta.kubernetes.io/arch": facts.architecture, "beta.kubernetes.io/os": "linux",
            "kubernetes.io/arch": facts.architecture, "kubernetes.io/hostname": name, "kubernetes.io/os": "linux"}},
        "spec": {},
        "status": {
            "addresses": [{"address": facts.internal_ip, "type": "InternalIP"},
                          {"address": name, "type": "Hostname"}],
            "capacity": capacity,
            "allocatable": allocatable(capacity, KubeletConfiguration()),
            "nodeInfo": {"machineID": facts.machine_id, "kernelVersion": facts.kernel_version,
                         "osImage": facts.os_image, "containerRuntimeVersion": runtime_version,
                         "kubeletVersion": kubelet_version, "kubeProxyVersion": kubelet_version,
                         "operatingSystem": "linux", "architecture": facts.architecture}},
    }
