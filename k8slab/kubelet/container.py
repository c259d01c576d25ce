"""The kubelet's view of one pod in the runtime, and the rules that read it.

Follows `pkg/kubelet/container/runtime.go` (PodStatus: the pod's sandboxes and containers as
the runtime reports them, newest first), `pkg/kubelet/container/helpers.go`
(ShouldContainerBeRestarted), `pkg/kubelet/util/pod_sandbox_changed.go` (PodSandboxChanged) and
`pkg/kubelet/kuberuntime/helpers.go` (getStableKey, container IDs as `containerd://<id>`) and
`pkg/kubelet/container/helpers.go` HashContainer (a container whose spec changed, e.g. a new
image set with `kubectl edit`, is restarted).

Differences from upstream: restart counts are the CRI attempt numbers (upstream keeps them in a
container annotation); the container hash is a SHA-256 prefix of the spec's JSON, not FNV of the
Go struct.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from . import cri

CONTAINER_HASH = "io.kubernetes.container.hash"


@dataclass
class PodStatus:
    """kubecontainer.PodStatus: what the runtime knows about a pod."""

    uid: str
    name: str
    namespace: str
    ips: list = field(default_factory=list)
    sandbox_statuses: list = field(default_factory=list)       # [cri.PodSandboxStatus], newest first
    container_statuses: list = field(default_factory=list)     # [cri.ContainerStatus], newest first

    def find_container_status_by_name(self, name: str) -> cri.ContainerStatus | None:
        for cs in self.container_statuses:
            if cs.metadata.name == name:
                return cs
        return None

    def statuses_named(self, name: str) -> list[cri.ContainerStatus]:
        return [cs for cs in self.container_statuses if cs.metadata.name == name]

    def running(self) -> list[cri.ContainerStatus]:
        return [cs for cs in self.container_statuses if cs.state == cri.CONTAINER_RUNNING]


def get_pod_status(runtime, uid: str, name: str = "", namespace: str = "") -> PodStatus:
    """GetPodStatus: the pod's sandboxes and containers, found by the kubelet's labels."""
    sandboxes = sorted((runtime.pod_sandbox_status(sb.id) for sb in
                        runtime.list_pod_sandbox({cri.POD_UID_LABEL: uid})),
                       key=lambda s: (s.created_at, s.metadata.attempt), reverse=True)
    containers = sorted((runtime.container_status(c.id) for c in
                         runtime.list_containers(cri.ContainerFilter(label_selector={cri.POD_UID_LABEL: uid}))),
                        key=lambda c: (c.created_at, c.metadata.attempt), reverse=True)
    ips = [sandboxes[0].network.ip] if sandboxes and sandboxes[0].network.ip and \
        sandboxes[0].state == cri.SANDBOX_READY else []
    return PodStatus(uid, name, namespace, ips, sandboxes, containers)


def is_restartable_init_container(container: dict) -> bool:
    """A sidecar: an init container with restartPolicy Always."""
    return container.get("restartPolicy") == "Always"


def should_container_be_restarted(container: dict, pod: dict, status: PodStatus) -> bool:
    """ShouldContainerBeRestarted: never started, or exited and the restart policy allows it."""
    if pod["metadata"].get("deletionTimestamp"):
        return False
    cs = status.find_container_status_by_name(container["name"])
    if cs is None:
        return True
    if cs.state == cri.CONTAINER_RUNNING:
        return False
    if cs.state in (cri.CONTAINER_UNKNOWN, cri.CONTAINER_CREATED):
        return True
    policy = (pod.get("spec") or {}).get("restartPolicy", "Always")
    if policy == "Never":
        return False
    if policy == "OnFailure" and cs.exit_code == 0:
        return False
    return True


def pod_sandbox_changed(pod: dict, status: PodStatus) -> tuple[bool, int, str]:
    """PodSandboxChanged: (a new sandbox is needed, its attempt, the current sandbox id)."""
    if not status.sandbox_statuses:
        return True, 0, ""
    ready = sum(s.state == cri.SANDBOX_READY for s in status.sandbox_statuses)
    latest = status.sandbox_statuses[0]
    attempt = latest.metadata.attempt
    if ready > 1 or latest.state != cri.SANDBOX_READY:
        return True, attempt + 1, latest.id
    if not (pod.get("spec") or {}).get("hostNetwork") and not latest.network.ip:
        return True, attempt + 1, latest.id
    return False, attempt, latest.id


def get_stable_key(pod: dict, container: dict) -> str:
    """getStableKey: the back-off key of a container: `<pod>_<ns>_<uid>_<container>`."""
    meta = pod["metadata"]
    return f"{meta['name']}_{meta.get('namespace', '')}_{meta.get('uid', '')}_{container['name']}"


def hash_container(container: dict) -> str:
    """HashContainer: a short hash of the container spec, kept on the container at creation."""
    return f"{int(hashlib.sha256(json.dumps(container, sort_keys=True).encode()).hexdigest()[:8], 16):x}"


def container_changed(container: dict, cs: cri.ContainerStatus) -> bool:
    """containerChanged: the spec the container was created from is not the pod's any more."""
    return cs.annotations.get(CONTAINER_HASH, hash_container(container)) != hash_container(container)


def container_id(runtime_name: str, cid: str) -> str:
    """kubecontainer.ContainerID.String(): `containerd://<64 hex>`."""
    return f"{runtime_name}://{cid}"
