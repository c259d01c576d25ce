"""The Container Runtime Interface: what the kubelet asks of a container runtime.

Follows `staging/src/k8s.io/cri-api/pkg/apis/services.go` (the RuntimeService and ImageService
interfaces the kubelet calls: RunPodSandbox, StopPodSandbox, RemovePodSandbox, PodSandboxStatus,
ListPodSandbox, CreateContainer, StartContainer, StopContainer, RemoveContainer, ListContainers,
ContainerStatus, ExecSync, Exec, Attach, PortForward, UpdateRuntimeConfig, Status, Version,
GetContainerEvents; PullImage, ImageStatus, ListImages, RemoveImage) and the messages of
`staging/src/k8s.io/cri-api/pkg/apis/runtime/v1/api.proto`, in snake_case. Errors are gRPC
statuses: `str(CRIError)` is `rpc error: code = NotFound desc = ...` as the kubelet prints it.

A runtime that simulates time may finish StopContainer and PullImage later on its clock; the
kubelet learns of container changes from `get_container_events` (the Evented PLEG) and asks
`pull_seconds` how long a pull will take.

Differences from upstream: dataclasses instead of protobuf, only the fields the kubelet uses;
container logs are read with `read_log(log_path)` (upstream: the kubelet reads the CRI log file);
timestamps are Unix seconds (floats), not nanoseconds; Exec, Attach and PortForward return the
process or connection the kubelet's streaming server drives, not the URL of the runtime's own
streaming server.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Protocol

# PodSandboxState / ContainerState enums
SANDBOX_READY, SANDBOX_NOTREADY = "SANDBOX_READY", "SANDBOX_NOTREADY"
CONTAINER_CREATED, CONTAINER_RUNNING = "CONTAINER_CREATED", "CONTAINER_RUNNING"
CONTAINER_EXITED, CONTAINER_UNKNOWN = "CONTAINER_EXITED", "CONTAINER_UNKNOWN"
# ContainerEventType
CONTAINER_CREATED_EVENT, CONTAINER_STARTED_EVENT = "CONTAINER_CREATED_EVENT", "CONTAINER_STARTED_EVENT"
CONTAINER_STOPPED_EVENT, CONTAINER_DELETED_EVENT = "CONTAINER_STOPPED_EVENT", "CONTAINER_DELETED_EVENT"

# labels the kubelet puts on sandboxes and containers (pkg/kubelet/types/labels.go)
POD_NAME_LABEL = "io.kubernetes.pod.name"
POD_NAMESPACE_LABEL = "io.kubernetes.pod.namespace"
POD_UID_LABEL = "io.kubernetes.pod.uid"
CONTAINER_NAME_LABEL = "io.kubernetes.container.name"


class CRIError(Exception):
    """A failed CRI call: a gRPC code (NotFound, Unknown, ...) and a description."""

    def __init__(self, code: str, desc: str):
        super().__init__(desc)
        self.code, self.desc = code, desc

    def __str__(self):
        return f"rpc error: code = {self.code} desc = {self.desc}"


@dataclass(slots=True)
class PodSandboxMetadata:
    name: str
    uid: str
    namespace: str
    attempt: int = 0


@dataclass(slots=True)
class PodSandboxConfig:
    metadata: PodSandboxMetadata
    hostname: str = ""
    log_directory: str = ""
    labels: dict = field(default_factory=dict)
    annotations: dict = field(default_factory=dict)
    host_network: bool = False                      # linux.security_context.namespace_options.network
    dns_config: dict = field(default_factory=dict)   # servers, searches, options (resolv.conf)


@dataclass(slots=True)
class PodSandboxNetworkStatus:
    ip: str = ""
    additional_ips: list = field(default_factory=list)


@dataclass(slots=True)
class PodSandboxStatus:
    id: str
    metadata: PodSandboxMetadata
    state: str
    created_at: float
    network: PodSandboxNetworkStatus
    labels: dict = field(default_factory=dict)
    annotations: dict = field(default_factory=dict)


@dataclass(slots=True)
class PodSandbox:
    id: str
    metadata: PodSandboxMetadata
    state: str
    created_at: float
    labels: dict = field(default_factory=dict)


@dataclass(slots=True)
class ImageSpec:
    image: str
    annotations: dict = field(default_factory=dict)


@dataclass(slots=True)
class KeyValue:
    key: str
    value: str


@dataclass(slots=True)
class ContainerMetadata:
    name: str
    attempt: int = 0


@dataclass(slots=True)
class ContainerConfig:
    metadata: ContainerMetadata
    image: ImageSpec
    command: list = field(default_factory=list)
    args: list = field(default_factory=list)
    working_dir: str = ""
    envs: list = field(default_factory=list)         # [KeyValue]
    labels: dict = field(default_factory=dict)
    annotations: dict = field(default_factory=dict)
    log_path: str = ""                               # relative to the sandbox's log_directory
    stdin: bool = False                              # the main process keeps stdin open (attach)
    stdin_once: bool = False                         # ... until the first attach that used it ends
    tty: bool = False                                # ... and it is a terminal


@dataclass(slots=True)
class ContainerFilter:
    id: str = ""
    state: str = ""
    pod_sandbox_id: str = ""
    label_selector: dict = field(default_factory=dict)


@dataclass(slots=True)
class Container:
    id: str
    pod_sandbox_id: str
    metadata: ContainerMetadata
    image: ImageSpec
    image_ref: str
    state: str
    created_at: float
    labels: dict = field(default_factory=dict)


@dataclass(slots=True)
class ContainerStatus:
    id: str
    metadata: ContainerMetadata
    state: str
    created_at: float
    started_at: float = 0.0
    finished_at: float = 0.0
    exit_code: int = 0
    image: ImageSpec = None
    image_ref: str = ""
    reason: str = ""
    message: str = ""
    labels: dict = field(default_factory=dict)
    log_path: str = ""
    annotations: dict = field(default_factory=dict)


@dataclass(slots=True)
class ContainerEventResponse:
    container_id: str
    container_event_type: str
    created_at: float
    pod_sandbox_id: str = ""
    labels: dict = field(default_factory=dict)


@dataclass(slots=True)
class ExecSyncResponse:
    stdout: str = ""
    stderr: str = ""
    exit_code: int = 0


@dataclass(slots=True)
class Image:
    id: str                                          # sha256:<config digest>
    repo_tags: list = field(default_factory=list)
    repo_digests: list = field(default_factory=list)
    size: int = 0
    pinned: bool = False


@dataclass(slots=True)
class LogEntry:
    time: float                                      # Unix seconds
    stream: str                                      # stdout | stderr
    text: str


@dataclass(slots=True)
class RuntimeCondition:
    type: str                                        # RuntimeReady | NetworkReady
    status: bool
    reason: str = ""
    message: str = ""


@dataclass(slots=True)
class VersionResponse:
    version: str
    runtime_name: str
    runtime_version: str
    runtime_api_version: str


class RuntimeService(Protocol):
    def version(self) -> VersionResponse: ...
    def status(self) -> list[RuntimeCondition]: ...
    def run_pod_sandbox(self, config: PodSandboxConfig, runtime_handler: str = "") -> str: ...
    def stop_pod_sandbox(self, pod_sandbox_id: str) -> None: ...
    def remove_pod_sandbox(self, pod_sandbox_id: str) -> None: ...
    def pod_sandbox_status(self, pod_sandbox_id: str) -> PodSandboxStatus: ...
    def list_pod_sandbox(self, labels: dict | None = None) -> list[PodSandbox]: ...
    def create_container(self, pod_sandbox_id: str, config: ContainerConfig,
                         sandbox_config: PodSandboxConfig) -> str: ...
    def start_container(self, container_id: str) -> None: ...
    def stop_container(self, container_id: str, timeout: int) -> None: ...
    def remove_container(self, container_id: str) -> None: ...
    def list_containers(self, filter: ContainerFilter | None = None) -> list[Container]: ...
    def container_status(self, container_id: str) -> ContainerStatus: ...
    def exec_sync(self, container_id: str, cmd: list[str], timeout: int = 0) -> ExecSyncResponse: ...
    # Exec, Attach, PortForward: the process or connection itself, not a streaming-server URL
    def exec(self, container_id: str, cmd: list[str], tty: bool = False, stdin: bool = False): ...
    def attach(self, container_id: str): ...
    def port_forward(self, pod_sandbox_id: str, port: int): ...
    def update_runtime_config(self, pod_cidr: str) -> None: ...
    def get_container_events(self, callback: Callable[[ContainerEventResponse], None]) -> None: ...
    def read_log(self, log_path: str) -> list[LogEntry]: ...


class ImageService(Protocol):
    def list_images(self) -> list[Image]: ...
    def image_status(self, image: ImageSpec) -> Image | None: ...
    def pull_image(self, image: ImageSpec, auth: dict | None = None,
                   sandbox_config: PodSandboxConfig | None = None) -> str: ...
    def remove_image(self, image: ImageSpec) -> None: ...
    def pull_seconds(self, image: ImageSpec, arrived_before: bool = False) -> float: ...
