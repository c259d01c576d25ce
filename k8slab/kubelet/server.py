"""The kubelet's API for the API server: container logs and exec, reached through `pods/<name>/log|exec`.

Follows `pkg/registry/core/pod/strategy.go` (LogLocation: which container, `a container name
must be specified for pod x, choose one of: [a b]`, `container x is not valid for pod y`),
`pkg/kubelet/kubelet_pods.go` (validateContainerLogStatus: `container "x" in pod "y" is waiting
to start: ContainerCreating`, `previous terminated container "x" in pod "y" not found`),
`pkg/kubelet/kuberuntime/logs/logs.go` (tailLines, sinceSeconds, limitBytes, timestamps in
RFC3339Nano) and `pkg/kubelet/server/server.go` (exec). The API server turns a kubelet's
400 into a BadRequest Status with the kubelet's text, as `GenericHttpResponseChecker` does.

`NodeProxy` is what `cluster.api.node_proxy` holds: it finds the kubelet of the pod's node.

Differences from upstream: no streaming (follow is ignored; exec runs one command through
ExecSync and answers its output as text, with the exit code in an `X-Exit-Code` header);
attach and port-forward are not served.
"""

from __future__ import annotations

import datetime as _dt
import json

from ..apiserver import errors as E
from ..apiserver.request import Response
from . import cri


def _names(containers: list[dict]) -> str:
    return "[" + " ".join(c["name"] for c in containers) + "]"


def _time(unix: float) -> str:
    d = _dt.datetime.fromtimestamp(int(unix), _dt.timezone.utc)
    nanos = int(round((unix - int(unix)) * 1e9))
    return f"{d:%Y-%m-%dT%H:%M:%S}.{nanos:09d}Z"


class NodeProxy:
    """Routes node-bound pod requests to the kubelet running the pod."""

    def __init__(self):
        self.kubelets: dict[str, object] = {}

    def __call__(self, req, res, pod: dict, sub: str) -> Response:
        meta, spec = pod["metadata"], pod.get("spec") or {}
        if res.plural != "pods" or sub not in ("log", "exec"):
            raise E.APIError(501, "NotImplemented", f"{res.plural}/{sub} is not served by k8slab's kubelets")
        node = spec.get("nodeName")
        if not node:
            raise E.bad_request(f"pod {meta['name']} does not have a host assigned")
        container = self._container(req, pod)
        kubelet = self.kubelets.get(node)
        if kubelet is None or not kubelet.online:
            ip = kubelet.node_ip if kubelet is not None else node
            why = "connect: connection refused" if kubelet is None or not kubelet.running else "i/o timeout"
            verb = "containerLogs" if sub == "log" else "exec"
            raise E.APIError(500, "", f'Get "https://{ip}:10250/{verb}/{meta.get("namespace")}/{meta["name"]}/'
                             f'{container}": dial tcp {ip}:10250: {why}')
        if sub == "log":
            return kubelet.server.logs(pod, container, req.query)
        command = req.query.get("command")
        argv = [command] if isinstance(command, str) and command else list(command or [])
        if req.body:
            try:
                argv = list(json.loads(req.body).get("command") or argv)
            except (ValueError, AttributeError):
                pass
        return kubelet.server.exec(pod, container, argv)

    @staticmethod
    def _container(req, pod: dict) -> str:
        spec = pod.get("spec") or {}
        containers, inits = spec.get("containers") or [], spec.get("initContainers") or []
        ephemeral = spec.get("ephemeralContainers") or []
        name = req.query.get("container", "")
        if not name:
            if len(containers) == 1:
                return containers[0]["name"]
            if not containers:
                raise E.bad_request(f"a container name must be specified for pod {pod['metadata']['name']}")
            text = f"a container name must be specified for pod {pod['metadata']['name']}, " \
                   f"choose one of: {_names(containers)}"
            if inits:
                text += f" or one of the init containers: {_names(inits)}"
            if ephemeral:
                text += f" or one of the ephemeral containers: {_names(ephemeral)}"
            raise E.bad_request(text)
        if not any(c["name"] == name for c in containers + inits + ephemeral):
            raise E.bad_request(f"container {name} is not valid for pod {pod['metadata']['name']}")
        return name


class KubeletServer:
    """What one kubelet answers for its pods' logs and execs."""

    def __init__(self, kubelet):
        self.k = kubelet

    def _statuses(self, pod: dict, name: str):
        for s in ((pod.get("status") or {}).get("containerStatuses") or []) + \
                ((pod.get("status") or {}).get("initContainerStatuses") or []):
            if s["name"] == name:
                return s
        return None

    def container_for_logs(self, pod: dict, name: str, previous: bool) -> str:
        """validateContainerLogStatus: the container ID whose log to read, or a 400."""
        status = self.k.status_manager.get(pod["metadata"]["uid"]) or pod.get("status") or {}
        s = self._statuses({"status": status}, name)
        pod_name = pod["metadata"]["name"]
        if s is None:
            raise E.bad_request(f'container "{name}" in pod "{pod_name}" is not available')
        state, last = s.get("state") or {}, s.get("lastState") or {}
        if previous:
            if not last.get("terminated", {}).get("containerID"):
                raise E.bad_request(f'previous terminated container "{name}" in pod "{pod_name}" not found')
            return last["terminated"]["containerID"]
        if "running" in state:
            return s["containerID"]
        if "terminated" in state:
            cid = state["terminated"].get("containerID") or last.get("terminated", {}).get("containerID")
            if not cid:
                raise E.bad_request(f'container "{name}" in pod "{pod_name}" is terminated')
            return cid
        if "terminated" in last:
            if not last["terminated"].get("containerID"):
                raise E.bad_request(f'container "{name}" in pod "{pod_name}" is terminated')
            return last["terminated"]["containerID"]
        if "waiting" in state:
            reason = state["waiting"].get("reason", "")
            why = {"ErrImagePull": "image can't be pulled",
                   "ImagePullBackOff": "trying and failing to pull image"}.get(reason, reason)
            raise E.bad_request(f'container "{name}" in pod "{pod_name}" is waiting to start: {why}')
        raise E.bad_request(f'container "{name}" in pod "{pod_name}" is waiting to start - no logs yet')

    def log_lines(self, pod: dict, name: str, previous: bool = False, tail_lines: int | None = None,
                  timestamps: bool = False, since_seconds: int | None = None,
                  limit_bytes: int | None = None) -> str:
        cid = self.container_for_logs(pod, name, previous).split("://", 1)[-1]
        try:
            path = self.k.runtime.container_status(cid).log_path
        except cri.CRIError:
            raise E.bad_request(f'container "{name}" in pod "{pod["metadata"]["name"]}" is not available')
        entries = self.k.runtime.read_log(path)
        if since_seconds is not None:
            entries = [e for e in entries if e.time >= self.k.clock.time() - since_seconds]
        if tail_lines is not None:
            entries = entries[-tail_lines:] if tail_lines > 0 else []
        text = "".join((f"{_time(e.time)} " if timestamps else "") + e.text + "\n" for e in entries)
        if limit_bytes is not None:
            text = text.encode()[:limit_bytes].decode(errors="ignore")
        return text

    def logs(self, pod: dict, name: str, query: dict) -> Response:
        def num(key):
            v = query.get(key)
            return int(v) if v not in (None, "") else None
        text = self.log_lines(pod, name, previous=query.get("previous") in ("true", "1", "True"),
                              tail_lines=num("tailLines"), timestamps=query.get("timestamps") in ("true", "1"),
                              since_seconds=num("sinceSeconds"), limit_bytes=num("limitBytes"))
        return Response(200, text, "text/plain")

    def exec(self, pod: dict, name: str, argv: list[str]) -> Response:
        if not argv:
            raise E.bad_request("you must specify at least 1 command")
        cs = self.k.pod_workers.latest_container(pod["metadata"]["uid"], name)
        if cs is None or cs.state != cri.CONTAINER_RUNNING:
            raise E.bad_request(f'unable to upgrade connection: container not found ("{name}")')
        r = self.k.runtime.exec_sync(cs.id, argv)
        return Response(200, r.stdout + r.stderr, "text/plain", headers={"X-Exit-Code": str(r.exit_code)})
