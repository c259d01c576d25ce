"""The kubelet's API for the API server: logs, exec, attach and port-forward of its pods.

Follows `pkg/registry/core/pod/strategy.go` (LogLocation, ExecLocation, AttachLocation,
PortForwardLocation: which container, `a container name must be specified for pod x, choose one
of: [a b]`, `container x is not valid for pod y`, `pod x does not have a host assigned`),
`pkg/kubelet/kubelet_pods.go` (validateContainerLogStatus: `container "x" in pod "y" is waiting
to start: ContainerCreating`, `previous terminated container "x" in pod "y" not found`; GetExec
and GetAttach: `container not found ("x")` unless it runs; GetPortForward: `pod not found
("name_namespace")`), `pkg/kubelet/kuberuntime/logs/logs.go` (tailLines, sinceSeconds,
limitBytes, timestamps in RFC3339Nano, follow: `logs.py`) and `pkg/kubelet/server/server.go`
and `pkg/kubelet/cri/streaming/` (`you must specify at least 1 of stdin, stdout, stderr`; the
streams themselves: `k8slab/apiserver/streaming/`). The API server turns a kubelet's 400 into a
BadRequest Status with the kubelet's text, as `GenericHttpResponseChecker` does.

`NodeProxy` is what `cluster.api.node_proxy` holds: it finds the kubelet of the pod's node.
Upgrade requests (WebSocket or SPDY/3.1, as kubectl and the Python client send them) get an
`Upgrade` to serve; a `follow=true` log request a chunked body.

Differences from upstream: the kubelet is reached in-process, not over HTTPS on 10250; a POST to
`exec` without an upgrade runs the command through ExecSync and answers its output as text with
the exit code in an `X-Exit-Code` header (a k8slab convenience for in-process use; upstream
answers 400 `Upgrade request required`).
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs

from ..apiserver import errors as E
from ..apiserver.request import Response
from ..apiserver.streaming import chunked, portforward, remotecommand, upgrade, wsstream
from . import cri
from .logs import LogFollow, rfc3339nano


def _names(containers: list[dict]) -> str:
    return "[" + " ".join(c["name"] for c in containers) + "]"


def query_lists(req) -> dict[str, list[str]]:
    """Every value of every query parameter (`command` repeats)."""
    raw = getattr(req, "raw_query", None)
    if raw is not None:
        return parse_qs(raw, keep_blank_values=True)
    return {k: v if isinstance(v, list) else [v] for k, v in req.query.items()}


def is_upgrade(headers: dict) -> bool:
    h = {k.lower(): v for k, v in headers.items()}
    return "upgrade" in h.get("connection", "").lower() and bool(h.get("upgrade"))


KUBELET_PATHS = {"log": "containerLogs", "exec": "exec", "attach": "attach", "portforward": "portForward"}


class NodeProxy:
    """Routes node-bound pod requests to the kubelet running the pod."""

    def __init__(self):
        self.kubelets: dict[str, object] = {}

    def __call__(self, req, res, pod: dict, sub: str) -> Response:
        meta, spec = pod["metadata"], pod.get("spec") or {}
        if res.plural != "pods" or sub not in KUBELET_PATHS:
            raise E.APIError(501, "NotImplemented", f"{res.plural}/{sub} is not served by k8slab's kubelets")
        query = query_lists(req)
        container = "" if sub == "portforward" else self._container(req, pod)
        node = spec.get("nodeName")
        if not node:
            raise E.bad_request(f"pod {meta['name']} does not have a host assigned")
        kubelet = self.kubelets.get(node)
        if kubelet is None or not kubelet.online:
            ip = kubelet.node_ip if kubelet is not None else node
            why = "connect: connection refused" if kubelet is None or not kubelet.running else "i/o timeout"
            parts = [KUBELET_PATHS[sub], meta.get("namespace"), meta["name"]] + ([container] if container else [])
            path = "/".join(parts)
            raise E.APIError(500, "", f'Get "https://{ip}:10250/{path}": dial tcp {ip}:10250: {why}')
        server = kubelet.server
        if sub == "log":
            if _flag(query, "follow") and not _flag(query, "previous"):
                follow = server.follow_logs(pod, container, req.query)
                return Response(200, None, "text/plain", stream=chunked.ChunkedText(follow))
            return server.logs(pod, container, req.query)
        if sub == "exec" and not is_upgrade(req.headers):
            return server.exec(pod, container, self._command(req, query))
        if not is_upgrade(req.headers):                  # UpgradeAwareHandler with UpgradeRequired
            raise E.bad_request("Upgrade request required")
        if sub == "exec" and not query.get("command"):
            raise E.bad_request("you must specify at least 1 command")
        return Response(101, None, "text/plain", stream=server.stream(sub, pod, container, query, req.headers))

    @staticmethod
    def _command(req, query) -> list[str]:
        argv = list(query.get("command") or [])
        if req.body:
            try:
                argv = list(json.loads(req.body).get("command") or argv)
            except (ValueError, AttributeError):
                pass
        return argv

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


def _flag(query: dict, name: str) -> bool:
    return any(v in ("true", "1", "True") for v in query.get(name, []))


def _num(query: dict, key: str) -> int | None:
    v = query.get(key)
    return int(v) if v not in (None, "") else None


class KubeletServer:
    """What one kubelet answers for its pods' logs, execs, attaches and port-forwards."""

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

    def _log_container(self, pod: dict, name: str, previous: bool) -> str:
        cid = self.container_for_logs(pod, name, previous).split("://", 1)[-1]
        try:
            self.k.runtime.container_status(cid)
        except cri.CRIError:
            raise E.bad_request(f'container "{name}" in pod "{pod["metadata"]["name"]}" is not available')
        return cid

    def log_lines(self, pod: dict, name: str, previous: bool = False, tail_lines: int | None = None,
                  timestamps: bool = False, since_seconds: int | None = None,
                  limit_bytes: int | None = None) -> str:
        cid = self._log_container(pod, name, previous)
        entries = self.k.runtime.read_log(self.k.runtime.container_status(cid).log_path)
        if since_seconds is not None:
            entries = [e for e in entries if e.time >= self.k.clock.time() - since_seconds]
        if tail_lines is not None:
            entries = entries[-tail_lines:] if tail_lines > 0 else []
        text = "".join((f"{rfc3339nano(e.time)} " if timestamps else "") + e.text + "\n" for e in entries)
        if limit_bytes is not None:
            text = text.encode()[:limit_bytes].decode(errors="ignore")
        return text

    def _log_options(self, query: dict) -> dict:
        return dict(previous=query.get("previous") in ("true", "1", "True"), tail_lines=_num(query, "tailLines"),
                    timestamps=query.get("timestamps") in ("true", "1"), since_seconds=_num(query, "sinceSeconds"),
                    limit_bytes=_num(query, "limitBytes"))

    def logs(self, pod: dict, name: str, query: dict) -> Response:
        return Response(200, self.log_lines(pod, name, **self._log_options(query)), "text/plain")

    def follow_logs(self, pod: dict, name: str, query: dict | None = None) -> LogFollow:
        """The log so far, then its new lines until the container stops (`kubectl logs -f`)."""
        opts = self._log_options(query or {})
        limit = opts.pop("limit_bytes")
        initial = self.log_lines(pod, name, **opts)
        cid = self._log_container(pod, name, False)
        return LogFollow(self.k, cid, initial, opts["timestamps"], limit)

    def follow(self, namespace: str, pod: str, container: str = "", **query) -> LogFollow:
        """follow_logs for a pod of this node by name, for Python: `.lines()` yields the lines."""
        for w in self.k.pod_workers.workers.values():
            meta = w.pod["metadata"]
            if meta["name"] == pod and meta.get("namespace", "default") == namespace:
                name = container or w.pod["spec"]["containers"][0]["name"]
                return self.follow_logs(w.pod, name, {k: str(v) for k, v in query.items()})
        raise KeyError(f"pod {namespace}/{pod} does not run on {self.k.node_name}")

    def exec(self, pod: dict, name: str, argv: list[str]) -> Response:
        if not argv:
            raise E.bad_request("you must specify at least 1 command")
        cs = self.k.pod_workers.latest_container(pod["metadata"]["uid"], name)
        if cs is None or cs.state != cri.CONTAINER_RUNNING:
            raise E.bad_request(f'unable to upgrade connection: container not found ("{name}")')
        r = self.k.runtime.exec_sync(cs.id, argv)
        return Response(200, r.stdout + r.stderr, "text/plain", headers={"X-Exit-Code": str(r.exit_code)})

    # ---- streaming: exec, attach, port-forward --------------------------------------------------

    def stream(self, sub: str, pod: dict, name: str, query: dict, headers: dict) -> upgrade.Upgrade:
        """What serves an upgraded exec/attach/portforward connection (refused as the kubelet
        would refuse it, when it must be)."""
        if sub == "portforward":
            return self._port_forward(pod, query, headers)
        options = remotecommand.Options(query)
        if not (options.stdin or options.stdout or options.stderr):
            return upgrade.Upgrade("remotecommand", refused=(400, "you must specify at least 1 of stdin, stdout, "
                                                                  "stderr"))
        cs = self.k.pod_workers.latest_container(pod["metadata"]["uid"], name)
        if cs is None or cs.state != cri.CONTAINER_RUNNING:
            return upgrade.Upgrade("remotecommand", refused=(500, f'container not found ("{name}")'))
        runtime, cid = self.k.runtime, cs.id

        def start():
            try:
                if sub == "attach":
                    return runtime.attach(cid)
                return runtime.exec(cid, options.command, tty=options.tty, stdin=options.stdin)
            except cri.CRIError as e:
                raise remotecommand.StartError(remotecommand.internal_error(
                    f"error executing command in container: {e.desc}")) from None
        return upgrade.Upgrade("remotecommand", options=options, start=start)

    def _port_forward(self, pod: dict, query: dict, headers: dict) -> upgrade.Upgrade:
        meta = pod["metadata"]
        sandboxes = [sb for sb in self.k.runtime.list_pod_sandbox({cri.POD_UID_LABEL: meta["uid"]})
                     if sb.state == cri.SANDBOX_READY]
        if not sandboxes:
            return upgrade.Upgrade("portforward", refused=(500, f'pod not found ("{meta["name"]}_'
                                                                f'{meta.get("namespace", "default")}")'))
        ports = []
        tunnel = portforward.TUNNELING_PREFIX + portforward.PROTOCOL in wsstream.offered(headers)
        if wsstream.is_websocket(headers) and not tunnel:
            try:
                ports = portforward.parse_ports(query.get("ports", []) + query.get("port", []))
            except ValueError as e:
                return upgrade.Upgrade("portforward", refused=(400, str(e)))
        runtime, sandbox_id = self.k.runtime, sandboxes[0].id

        def connect(port: int):
            try:
                return runtime.port_forward(sandbox_id, port)
            except cri.CRIError as e:
                raise portforward.ForwardError(f"error forwarding port {port} to pod {sandbox_id}, uid : {e.desc}") \
                    from None
        return upgrade.Upgrade("portforward", ports=ports, connect=connect)
