"""What the kubelet says: event reasons, event and status messages, and Go's duration format.

Follows `pkg/kubelet/events/event.go` (reason constants), the messages of
`pkg/kubelet/images/image_manager.go`, `pkg/kubelet/kuberuntime/kuberuntime_container.go`
(Created/Started/Stopping), `pkg/kubelet/kuberuntime/kuberuntime_manager.go` (doBackOff,
computePodActions), `pkg/kubelet/prober/prober.go` (Unhealthy) and
`pkg/kubelet/nodestatus/setters.go` / `kubelet_node_status.go` (node events).
`format_pod` is `pkg/kubelet/util/format/pod.go`; `go_duration` is Go's `time.Duration.String`.

Some wording changed between releases, so the messages take the kubelet's minor version:
v1.11 (the booklet) says `pulling image "redis"` and `Created container`; v1.14 added the
container name (`Created container redis`) and capitalised `Pulling image`; v1.33 wrote
`Created container: redis`; v1.35 says `Container created`. The Pulled message grew the pull
time (v1.20), the time including waiting (v1.28) and the image size (v1.30); the BackOff event
names the container and pod since v1.26.

Differences from upstream: the release boundaries above (v1.14, v1.20, v1.26, v1.28, v1.30,
v1.33, v1.35) come from pull requests and published cluster output, not from running each
release; treat them as approximate.
"""

from __future__ import annotations

NORMAL, WARNING = "Normal", "Warning"

# ---- reasons (pkg/kubelet/events/event.go) -------------------------------------------------------
CREATED_CONTAINER = "Created"
STARTED_CONTAINER = "Started"
FAILED_TO_CREATE_CONTAINER = "Failed"
FAILED_TO_START_CONTAINER = "Failed"
KILLING_CONTAINER = "Killing"
BACK_OFF_START_CONTAINER = "BackOff"
EXCEEDED_GRACE_PERIOD = "ExceededGracePeriod"
PULLING_IMAGE = "Pulling"
PULLED_IMAGE = "Pulled"
FAILED_TO_PULL_IMAGE = "Failed"
FAILED_TO_INSPECT_IMAGE = "InspectFailed"
ERR_IMAGE_NEVER_PULL_POLICY = "ErrImageNeverPull"
BACK_OFF_PULL_IMAGE = "BackOff"
NODE_READY = "NodeReady"
NODE_NOT_READY = "NodeNotReady"
STARTING_KUBELET = "Starting"
SUCCESSFUL_NODE_ALLOCATABLE_ENFORCEMENT = "NodeAllocatableEnforced"
SANDBOX_CHANGED = "SandboxChanged"
FAILED_CREATE_POD_SANDBOX = "FailedCreatePodSandBox"
CONTAINER_UNHEALTHY = "Unhealthy"
FAILED_SYNC = "FailedSync"
FAILED_VALIDATION = "FailedValidation"

# ---- container waiting reasons (pkg/kubelet/images/types.go, kuberuntime, container/sync_result.go)
ERR_IMAGE_PULL_BACK_OFF = "ImagePullBackOff"
ERR_IMAGE_INSPECT = "ImageInspectError"
ERR_IMAGE_PULL = "ErrImagePull"
ERR_IMAGE_NEVER_PULL = "ErrImageNeverPull"
ERR_INVALID_IMAGE_NAME = "InvalidImageName"
ERR_REGISTRY_UNAVAILABLE = "RegistryUnavailable"       # k8s.io/cri-api/pkg/errors
ERR_CRASH_LOOP_BACK_OFF = "CrashLoopBackOff"
ERR_RUN_CONTAINER = "RunContainerError"
ERR_CREATE_CONTAINER = "CreateContainerError"
ERR_CREATE_CONTAINER_CONFIG = "CreateContainerConfigError"
CONTAINER_CREATING = "ContainerCreating"
POD_INITIALIZING = "PodInitializing"
IMAGE_ERRORS = (ERR_IMAGE_PULL_BACK_OFF, ERR_IMAGE_INSPECT, ERR_IMAGE_PULL, ERR_IMAGE_NEVER_PULL,
                ERR_INVALID_IMAGE_NAME, ERR_REGISTRY_UNAVAILABLE)


def go_duration(seconds: float) -> str:
    """time.Duration.String() of a duration truncated to milliseconds: 313ms, 1.234s, 5m0s, 1h0m0s."""
    ms = int(seconds * 1000 + 1e-6)
    if ms == 0:
        return "0s"
    if ms < 1000:
        return f"{ms}ms"
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, frac = divmod(rest, 1000)
    text = f"{secs}.{frac:03d}".rstrip("0") + "s" if frac else f"{secs}s"
    if hours:
        return f"{hours}h{minutes}m{text}"
    if minutes:
        return f"{minutes}m{text}"
    return text


def format_pod(pod: dict) -> str:
    """format.Pod: `name_namespace(uid)`, how the kubelet names a pod in messages."""
    meta = pod["metadata"]
    return f"{meta['name']}_{meta.get('namespace', '')}({meta.get('uid', '')})"


class Messages:
    """The kubelet's user-visible sentences for one kubelet version (minor)."""

    def __init__(self, minor: int = 32):
        self.minor = minor

    # ---- images
    def pulling(self, image: str) -> str:
        return f'pulling image "{image}"' if self.minor < 14 else f'Pulling image "{image}"'

    def pulled(self, image: str, pull_seconds: float, total_seconds: float, size: int) -> str:
        if self.minor < 20:
            return f'Successfully pulled image "{image}"'
        if self.minor < 28:
            return f'Successfully pulled image "{image}" in {go_duration(total_seconds)}'
        text = (f'Successfully pulled image "{image}" in {go_duration(pull_seconds)} '
                f'({go_duration(total_seconds)} including waiting)')
        return text + (f". Image size: {size} bytes." if self.minor >= 30 else "")

    @staticmethod
    def already_present(image: str) -> str:
        return f'Container image "{image}" already present on machine'

    @staticmethod
    def never_pull(image: str) -> str:
        return f'Container image "{image}" is not present with pull policy of Never'

    @staticmethod
    def back_off_pulling(image: str) -> str:
        return f'Back-off pulling image "{image}"'

    @staticmethod
    def failed_to_pull(image: str, err: str) -> str:
        return f'Failed to pull image "{image}": {err}'

    @staticmethod
    def failed_to_inspect(image: str, err: str) -> str:
        return f'Failed to inspect image "{image}": {err}'

    @staticmethod
    def failed_default_tag(image: str, err: str) -> str:
        return f'Failed to apply default image tag "{image}": {err}'

    @staticmethod
    def registry_unavailable(image: str, detail: str) -> str:
        return f"image pull failed for {image} because the registry is unavailable{detail}"

    # ---- containers
    def created(self, name: str) -> str:
        if self.minor < 14:
            return "Created container"
        if self.minor >= 35:
            return "Container created"
        return f"Created container: {name}" if self.minor >= 33 else f"Created container {name}"

    def started(self, name: str) -> str:
        if self.minor < 14:
            return "Started container"
        return "Container started" if self.minor >= 35 else f"Started container {name}"

    def stopping(self, name: str, container_id: str = "", why: str = "") -> str:
        if self.minor < 14:
            return f"Killing container with id {container_id}:{why or 'Need to kill Pod'}"
        return why or f"Stopping container {name}"

    def back_off_restarting(self, name: str, pod: dict) -> str:
        if self.minor < 26:
            return "Back-off restarting failed container"
        return f"Back-off restarting failed container {name} in pod {format_pod(pod)}"

    def crash_loop(self, backoff_seconds: float, name: str, pod: dict) -> str:
        word = "Back-off" if self.minor < 14 else "back-off"
        return f"{word} {go_duration(backoff_seconds)} restarting failed container={name} pod={format_pod(pod)}"

    @staticmethod
    def probe_restart(name: str, probe: str) -> str:
        """computePodActions: `Container x failed liveness probe, will be restarted`."""
        return f"Container {name} failed {probe} probe, will be restarted"

    @staticmethod
    def error(reason: str) -> str:
        return f"Error: {reason}"

    # ---- node
    @staticmethod
    def node_status(node: str, event: str) -> str:
        return f"Node {node} status is now: {event}"
