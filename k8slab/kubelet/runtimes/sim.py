"""SimRuntime: a container runtime whose containers are programs on the virtual clock.

It answers the CRI (`k8slab/kubelet/cri.py`) as containerd 1.7 does for a kubelet: sandboxes
get an IP from the node's pod CIDR (host-local IPAM: .2 upward, round robin), containers run the
program their image and command describe (`catalog.py`, `shell.py`), write timestamped log lines,
exit with codes, and answer ExecSync (Exec, Attach and PortForward: `sim_streams.py`). Images
are pulled from the catalog, take simulated time (`pull_seconds`: latency plus size at ~30 MB/s)
and have stable fake digests.

Signals follow what PID 1 does in a real container: servers (redis, nginx) exit 0 shortly after
SIGTERM and print their shutdown lines; a shell or `sleep` as PID 1 ignores SIGTERM and is
killed (exit 137) when the grace period ends, which is why deleting a busybox pod takes 30 s.

Faults a lesson injects: `kill(container_id)` (SIGKILL, exit 137), `make_image_missing(image)`
(gone from the node and from the registry: pulls fail with containerd's not-found message),
`registry_unavailable = True`, `break_image_inspect(image)`.

The `flavor` "docker" answers as the booklet's Docker 18.06 with dockershim did (ids
`docker://`, image IDs `docker-pullable://redis@sha256:...`, `Error response from daemon:
manifest for redis:5xx not found`).

Differences from upstream: no processes, cgroups, namespaces, volumes or OOM kills;
StopContainer returns at once and the exit arrives later as a CONTAINER_STOPPED_EVENT.
"""

from __future__ import annotations

import ipaddress
import math
import random
from dataclasses import dataclass, field

from .. import cri
from .catalog import ImageCatalog
from .programs import container_env, container_files, format_line, has_command, image_program
from .shell import ShellContext, run_argv
from .sim_images import SimImageService, _Image
from .sim_streams import SimStreams

_LINES: dict[str, str] = {}          # log lines already seen, shared between containers
_LINES_MAX = 65536

FLAVORS = {
    "containerd": {"name": "containerd", "version": "1.7.24", "pause": "registry.k8s.io/pause:3.10"},
    "docker": {"name": "docker", "version": "18.6.0", "pause": "k8s.gcr.io/pause:3.1"},
}


@dataclass(slots=True)
class _Sandbox:
    id: str
    config: cri.PodSandboxConfig
    state: str
    created_at: float
    ip: str = ""


@dataclass(slots=True)
class _Container:
    id: str
    sandbox: _Sandbox
    config: cri.ContainerConfig
    image: _Image
    state: str
    created_at: float
    started_at: float = 0.0
    finished_at: float = 0.0
    exit_code: int = 0
    reason: str = ""
    message: str = ""
    own_program: bool = False
    stopping: bool = False
    ctx: ShellContext | None = None                  # built when first needed (context())
    listening: set | frozenset = frozenset()        # ports the container's program serves
    gen: object = None
    timers: list = field(default_factory=list)
    partial: dict = field(default_factory=dict)
    watchers: list = field(default_factory=list)     # attach and log followers: (stream, text); (None, None) at exit
    process: object = None                           # the main process, when it reads stdin (ExecProcess)


class SimRuntime(SimStreams, SimImageService):
    """RuntimeService + ImageService over simulated containers; deterministic for an rng."""

    def __init__(self, clock, rng: random.Random | None = None, catalog: ImageCatalog | None = None,
                 flavor: str = "containerd"):
        super().__init__(clock, rng or random.Random(0), catalog or ImageCatalog(), FLAVORS[flavor])
        self.sandboxes: dict[str, _Sandbox] = {}
        self.containers: dict[str, _Container] = {}
        self.logs: dict[str, list[cri.LogEntry]] = {}
        self.listeners: list = []
        self.pod_cidr = ""
        self._ips_in_use: set[str] = set()
        self._last_ip = 1
        self.node_ip = ""
        self._pull(self.flavor["pause"])

    # ---- RuntimeService: version, status, network ----------------------------------------------

    def version(self) -> cri.VersionResponse:
        return cri.VersionResponse("0.1.0", self.flavor["name"], self.flavor["version"], "v1")

    def status(self) -> list[cri.RuntimeCondition]:
        return [cri.RuntimeCondition("RuntimeReady", True),
                cri.RuntimeCondition("NetworkReady", bool(self.pod_cidr), "" if self.pod_cidr else
                                     "NetworkPluginNotReady", "" if self.pod_cidr else "cni plugin not initialized")]

    def update_runtime_config(self, pod_cidr: str) -> None:
        self.pod_cidr = pod_cidr

    def get_container_events(self, callback) -> None:
        self.listeners.append(callback)

    def _new_id(self) -> str:
        return f"{self.rng.getrandbits(256):064x}"

    def _emit(self, kind: str, c: _Container) -> None:
        ev = cri.ContainerEventResponse(c.id, kind, self.clock.time(), c.sandbox.id, dict(c.config.labels))
        for fn in list(self.listeners):
            fn(ev)

    # ---- sandboxes ------------------------------------------------------------------------------

    def run_pod_sandbox(self, config: cri.PodSandboxConfig, runtime_handler: str = "") -> str:
        sid = self._new_id()
        ip = self.node_ip if config.host_network else self._allocate_ip(sid)
        self.sandboxes[sid] = _Sandbox(sid, config, cri.SANDBOX_READY, self.clock.time(), ip)
        return sid

    def _allocate_ip(self, sid: str) -> str:
        if not self.pod_cidr:
            raise cri.CRIError("Unknown", f'failed to setup network for sandbox "{sid}": plugin type="ptp" '
                               'failed (add): cni plugin not initialized')
        net = ipaddress.ip_network(self.pod_cidr)
        hosts = net.num_addresses - 2
        for step in range(1, hosts):
            index = (self._last_ip - 2 + step) % (hosts - 1) + 2     # .2 .. .254, round robin
            ip = str(net.network_address + index)
            if ip not in self._ips_in_use:
                self._ips_in_use.add(ip)
                self._last_ip = index
                return ip
        raise cri.CRIError("Unknown", f'failed to setup network for sandbox "{sid}": plugin type="host-local" '
                           f"failed (add): failed to allocate for range 0: no IP addresses available in range "
                           f"set: {net[2]}-{net[-2]}")

    def stop_pod_sandbox(self, pod_sandbox_id: str) -> None:
        sb = self.sandboxes.get(pod_sandbox_id)
        if sb is None or sb.state == cri.SANDBOX_NOTREADY:
            return
        for c in self._containers_of(sb.id):
            if c.state == cri.CONTAINER_RUNNING:
                self._exit(c, 137, "Error")
        sb.state = cri.SANDBOX_NOTREADY
        if not sb.config.host_network:
            self._ips_in_use.discard(sb.ip)

    def remove_pod_sandbox(self, pod_sandbox_id: str) -> None:
        self.stop_pod_sandbox(pod_sandbox_id)
        for c in self._containers_of(pod_sandbox_id):
            self.remove_container(c.id)
        self.sandboxes.pop(pod_sandbox_id, None)

    def pod_sandbox_status(self, pod_sandbox_id: str) -> cri.PodSandboxStatus:
        sb = self.sandboxes.get(pod_sandbox_id)
        if sb is None:
            raise cri.CRIError("NotFound", f'an error occurred when try to find sandbox "{pod_sandbox_id}": '
                               "not found")
        return cri.PodSandboxStatus(sb.id, sb.config.metadata, sb.state, sb.created_at,
                                    cri.PodSandboxNetworkStatus(sb.ip), dict(sb.config.labels))

    def list_pod_sandbox(self, labels: dict | None = None) -> list[cri.PodSandbox]:
        return [cri.PodSandbox(sb.id, sb.config.metadata, sb.state, sb.created_at, dict(sb.config.labels))
                for sb in self.sandboxes.values()
                if all(sb.config.labels.get(k) == v for k, v in (labels or {}).items())]

    def _containers_of(self, sandbox_id: str) -> list[_Container]:
        return [c for c in self.containers.values() if c.sandbox.id == sandbox_id]

    # ---- containers -----------------------------------------------------------------------------

    def create_container(self, pod_sandbox_id: str, config: cri.ContainerConfig,
                         sandbox_config: cri.PodSandboxConfig) -> str:
        sb = self.sandboxes.get(pod_sandbox_id)
        if sb is None or sb.state != cri.SANDBOX_READY:
            raise cri.CRIError("Unknown", f'failed to get sandbox "{pod_sandbox_id}": sandbox is not ready')
        image = self._local(config.image.image)
        if image is None:
            raise cri.CRIError("NotFound", f'failed to get image "{config.image.image}": not found')
        c = _Container(self._new_id(), sb, config, image, cri.CONTAINER_CREATED, self.clock.time())
        self.containers[c.id] = c
        self.logs.setdefault(self._log_path(c), [])
        self._emit(cri.CONTAINER_CREATED_EVENT, c)
        return c.id

    def _log_path(self, c: _Container) -> str:
        return f"{c.sandbox.config.log_directory}/{c.config.log_path}"

    def start_container(self, container_id: str) -> None:
        c = self._get(container_id)
        entry = c.image.entry
        argv = list(c.config.command) + list(c.config.args) if c.config.command else \
            list(c.config.args or entry.cmd)
        c.own_program = not argv if entry.behaviour != "shell" else False
        if argv and argv[0] in entry.programs or argv and argv[0].rsplit("/", 1)[-1] in entry.programs:
            c.own_program = True
        if not c.own_program and not argv:
            argv = ["sh"]
        if not c.own_program and not self._has(entry, argv[0]):
            msg = ("failed to create containerd task: failed to create shim task: OCI runtime create failed: "
                   "runc create failed: unable to start container process: exec: "
                   f'"{argv[0]}": executable file not found in $PATH: unknown')
            c.started_at = self.clock.time()
            self._exit(c, 128, "StartError", msg)
            raise cri.CRIError("Unknown", msg)
        c.state, c.started_at = cri.CONTAINER_RUNNING, self.clock.time()
        if c.own_program:
            self._listen(c, set(entry.ports))
            c.gen = self._program(c)
        elif not c.config.stdin:
            c.gen = run_argv(self.context(c), argv)
        self._emit(cri.CONTAINER_STARTED_EVENT, c)
        if c.gen is None:
            self._start_interactive(c, argv)             # `stdin: true`: it reads what attach sends
        else:
            self._step(c)

    def context(self, c: _Container) -> ShellContext:
        """Files, environment and shell state, made on first use (an image's own program needs none)."""
        if c.ctx is None:
            entry, sb = c.image.entry, c.sandbox
            hostname = sb.config.hostname
            c.ctx = ShellContext(entry, container_files(entry, hostname, sb.ip, sb.config.dns_config),
                                 container_env(entry, [(kv.key, kv.value) for kv in c.config.envs], hostname),
                                 hostname, self.clock.time, lambda stream, text: self._write(c, stream, text))
            c.ctx.listening = c.listening
        return c.ctx

    @staticmethod
    def _listen(c: _Container, ports) -> None:
        c.listening = ports
        if c.ctx is not None:
            c.ctx.listening = ports

    _has = staticmethod(has_command)

    def _program(self, c: _Container):
        return image_program(c.image.entry, lambda line: self._write(c, "stdout", self._fmt(line, c) + "\n"))

    def _fmt(self, line: str, c: _Container) -> str:
        return format_line(line, c.image.entry, self.clock.time(), c.sandbox.config.hostname)

    def _step(self, c: _Container) -> None:
        if c.state != cri.CONTAINER_RUNNING:
            return
        try:
            delay = c.gen.send(None)
        except StopIteration as e:
            self._exit(c, e.value or 0)
            return
        if not math.isinf(delay):
            c.timers.append(self.clock.call_later(max(0.0, delay), lambda: self._step(c)))

    def _write(self, c: _Container, stream: str, text: str) -> None:
        buf = c.partial.get(stream, "") + text
        *lines, c.partial[stream] = buf.split("\n")
        log = self.logs.setdefault(self._log_path(c), [])
        now = self.clock.time()
        for line in lines:
            # many containers print the same lines (one image, one virtual second): keep one copy
            line = _LINES.setdefault(line, line) if len(_LINES) < _LINES_MAX else _LINES.get(line, line)
            log.append(cri.LogEntry(now, stream, line))
        for watch in list(c.watchers):
            watch(stream, text)

    def _exit(self, c: _Container, code: int, reason: str = "", message: str = "") -> None:
        if c.state == cri.CONTAINER_EXITED:
            return
        for stream, rest in c.partial.items():
            if rest:
                self._write(c, stream, "\n")
        for t in c.timers:
            t.cancel()
        c.timers.clear()
        c.state, c.exit_code, c.finished_at = cri.CONTAINER_EXITED, code, self.clock.time()
        if c.process is not None:
            c.process.kill()
        c.reason = reason or ("Completed" if code == 0 else "Error")
        c.message = message
        self._listen(c, frozenset())
        for watch in list(c.watchers):
            watch(None, None)
        c.watchers.clear()
        self._emit(cri.CONTAINER_STOPPED_EVENT, c)

    def stop_container(self, container_id: str, timeout: int) -> None:
        """SIGTERM, then SIGKILL after `timeout` seconds; the exit arrives as an event."""
        c = self._get(container_id)
        if c.state != cri.CONTAINER_RUNNING or c.stopping:
            return
        c.stopping = True
        entry = c.image.entry
        if timeout <= 0:
            self._exit(c, 137, "Error")
        elif c.own_program and entry.stop_seconds is not None and entry.stop_seconds <= timeout:
            def graceful():
                for line in entry.stop_logs:
                    self._write(c, "stdout", self._fmt(line, c) + "\n")
                self._exit(c, 0)
            c.timers.append(self.clock.call_later(entry.stop_seconds, graceful))
        else:
            c.timers.append(self.clock.call_later(timeout, lambda: self._exit(c, 137, "Error")))

    def kill(self, container_id: str) -> None:
        """SIGKILL now (a fault: the container dies with 137)."""
        c = self._get(container_id)
        if c.state == cri.CONTAINER_RUNNING:
            self._exit(c, 137, "Error")

    def remove_container(self, container_id: str) -> None:
        c = self.containers.pop(container_id, None)
        if c is not None:
            for t in c.timers:
                t.cancel()
            self._emit(cri.CONTAINER_DELETED_EVENT, c)

    def _get(self, container_id: str) -> _Container:
        c = self.containers.get(container_id)
        if c is None:
            raise cri.CRIError("NotFound", f'an error occurred when try to find container "{container_id}": '
                               "not found")
        return c

    def list_containers(self, filter: cri.ContainerFilter | None = None) -> list[cri.Container]:
        f = filter or cri.ContainerFilter()
        out = []
        for c in self.containers.values():
            if (f.id and c.id != f.id) or (f.state and c.state != f.state) or \
                    (f.pod_sandbox_id and c.sandbox.id != f.pod_sandbox_id) or \
                    any(c.config.labels.get(k) != v for k, v in f.label_selector.items()):
                continue
            out.append(cri.Container(c.id, c.sandbox.id, c.config.metadata, self._image_name(c),
                                     self._image_ref(c.image), c.state, c.created_at, dict(c.config.labels)))
        return out

    def container_status(self, container_id: str) -> cri.ContainerStatus:
        c = self._get(container_id)
        return cri.ContainerStatus(c.id, c.config.metadata, c.state, c.created_at, c.started_at, c.finished_at,
                                   c.exit_code, self._image_name(c), self._image_ref(c.image), c.reason,
                                   c.message, dict(c.config.labels), self._log_path(c), dict(c.config.annotations))

    def _image_name(self, c: _Container) -> cri.ImageSpec:
        if self.flavor["name"] == "docker":
            return cri.ImageSpec(c.config.image.image)
        ref = c.image.entry.reference
        return cri.ImageSpec(f"{ref.repository}:{c.image.tag}")

    def _image_ref(self, image: _Image) -> str:
        if self.flavor["name"] == "docker":
            ref = image.entry.reference
            short = ref.path[len("library/"):] if ref.domain == "docker.io" and ref.path.startswith("library/") \
                else ref.repository
            return f"docker-pullable://{short}@{image.entry.digest_of(image.tag)}"
        return image.repo_digests[0]

    def serving(self, container_id: str, port: int) -> bool:
        """Does the container's program listen on `port` (for tcpSocket and httpGet probes)?"""
        c = self.containers.get(container_id)
        return bool(c and c.state == cri.CONTAINER_RUNNING and port in c.listening)

    def http_get(self, container_id: str, port: int, path: str) -> int | None:
        """The status code the program answers GET `path` on `port` with; None: connection refused."""
        if not self.serving(container_id, port):
            return None
        http = self.containers[container_id].image.entry.http
        return http.get(path.split("?", 1)[0], http.get("*", 200))

    def read_log(self, log_path: str) -> list[cri.LogEntry]:
        return list(self.logs.get(log_path, []))

    def __repr__(self):
        running = sum(c.state == cri.CONTAINER_RUNNING for c in self.containers.values())
        return (f"SimRuntime({self.flavor['name']}, {len(self.sandboxes)} sandboxes, "
                f"{running}/{len(self.containers)} containers running, {len(self.images)} images)")
