"""kubeadm's pre-flight checks, run against a host: the real one (`Host.local()`) or a simulated
one a notebook builds (`Host(swap=True)`).

Follows `cmd/kubeadm/app/preflight/checks.go` (NumCPUCheck: 2 CPUs for a control plane; MemCheck:
1700 MB; SwapCheck; PortOpenCheck `Port-<n>`: the control plane's ports 6443, 10259, 10257 (v1.11:
10251, 10252), etcd's 2379 and 2380 and the kubelet's 10250; RunChecks: warnings printed as
`\t[WARNING <Name>]: <message>`, errors collected into `[preflight] Some fatal errors
occurred:` unless `--ignore-preflight-errors` names them (or `all`), then they are warnings).

Differences from upstream: no IsPrivilegedUser (k8slab needs no root), container-runtime,
kernel, cgroup or executable checks (k8slab runs its own simulated runtime), and no
FileAvailable checks of /etc/kubernetes/manifests (k8slab writes no static pod manifests).
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass, field

MIN_CPUS = 2                       # ControlPlaneNumCPU
MIN_MEMORY_MB = 1700               # ControlPlaneMem
CONTROL_PLANE_PORTS = {"current": (6443, 10259, 10257, 10250, 2379, 2380),
                       "book": (6443, 10251, 10252, 2379, 2380, 10250)}
NODE_PORTS = (10250,)
SWAP_CURRENT = ("swap is supported for cgroup v2 only. The kubelet must be properly configured to use swap. "
                "Please refer to https://kubernetes.io/docs/concepts/architecture/nodes/#swap-memory, or disable "
                "swap on the node")
SWAP_BOOK = "running with swap on is not supported. Please disable swap"


@dataclass
class Host:
    """What the checks look at. `Host.local()` reads this machine."""

    cpus: int = 4
    memory_mb: int = 8192
    swap: bool = False
    ports_in_use: set = field(default_factory=set)      # a simulated host's busy ports
    local: bool = False                                  # probe real ports by binding them

    @classmethod
    def local_host(cls) -> "Host":
        return cls(cpus=os.cpu_count() or 1, memory_mb=_memory_mb(), swap=_swap_on(), local=True)

    def port_in_use(self, port: int) -> bool:
        if port in self.ports_in_use:
            return True
        if not self.local:
            return False
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                return True
        return False


def _memory_mb() -> int:
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return 0


def _swap_on() -> bool:
    try:
        with open("/proc/swaps") as f:
            return len(f.read().strip().splitlines()) > 1
    except OSError:
        return False


@dataclass
class Result:
    warnings: list[tuple[str, str]]
    errors: list[tuple[str, str]]

    def lines(self) -> list[str]:
        return [f"\t[WARNING {name}]: {msg}" for name, msg in self.warnings]

    def fatal(self, book: bool = False) -> str:
        """The error kubeadm exits with."""
        head = "[preflight] Some fatal errors occurred:" if book else \
            "error execution phase preflight: [preflight] Some fatal errors occurred:"
        body = "".join(f"\n\t[ERROR {name}]: {msg}" for name, msg in self.errors)
        tail = "\n[preflight] If you know what you are doing, you can make a check non-fatal with " \
               "`--ignore-preflight-errors=...`"
        if not book:
            tail += "\nTo see the stack trace of this error execute with --v=5 or higher"
        return head + body + tail


def run_checks(host: Host, role: str = "control-plane", profile: str = "current", ignore=(),
               ports=None, files=()) -> Result:
    """The init (control-plane) or join (node) checks; `ignore` as --ignore-preflight-errors;
    `files` must not exist yet (FileAvailableCheck)."""
    ignored = {i.strip().lower() for i in ignore}
    warnings, errors = [], []

    def report(name: str, msg: str, warning: bool = False):
        if warning or "all" in ignored or name.lower() in ignored:
            warnings.append((name, msg))
        else:
            errors.append((name, msg))

    if role == "control-plane":
        if host.cpus < MIN_CPUS:
            report("NumCPU", f"the number of available CPUs {host.cpus} is less than the required {MIN_CPUS}")
        if host.memory_mb < MIN_MEMORY_MB:
            report("Mem", f"the system RAM ({host.memory_mb} MB) is less than the minimum {MIN_MEMORY_MB} MB")
    if host.swap:
        if profile == "book":
            report("Swap", SWAP_BOOK)
        else:
            report("Swap", SWAP_CURRENT, warning=True)
    wanted = ports if ports is not None else (
        CONTROL_PLANE_PORTS["book" if profile == "book" else "current"] if role == "control-plane" else NODE_PORTS)
    for port in wanted:
        if host.port_in_use(port):
            report(f"Port-{port}", f"Port {port} is in use")
    for path in files:
        path = os.path.abspath(path)
        if os.path.exists(path):
            report("FileAvailable-" + path.replace("/", "-"), f"{path} already exists")
    return Result(warnings, errors)
