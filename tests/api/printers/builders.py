"""Small builders for the objects the printer tests feed in, plus a kubectl-like text renderer.

Times are offsets from T0 (2023-11-14T22:13:20Z); tests print at NOW = T0 + 1 hour unless they say
otherwise, so an object created at ts(0) is 60m old.
"""

from __future__ import annotations

from k8slab.api.printers.common import format_rfc3339

T0 = 1_700_000_000
NOW = T0 + 3600


def ts(offset: float = 0) -> str:
    """RFC 3339 time `offset` seconds after T0."""
    return format_rfc3339(T0 + offset)


def meta(name: str, namespace: str | None = "default", created: float | None = 0, **extra) -> dict:
    m = {"name": name}
    if namespace:
        m["namespace"] = namespace
    if created is not None:
        m["creationTimestamp"] = ts(created)
    m.update(extra)
    return m


def obj(kind: str, name: str, *, api_version: str = "v1", namespace: str | None = "default",
        created: float | None = 0, labels: dict | None = None, annotations: dict | None = None,
        **fields) -> dict:
    extra = {}
    if labels:
        extra["labels"] = labels
    if annotations:
        extra["annotations"] = annotations
    return {"apiVersion": api_version, "kind": kind,
            "metadata": meta(name, namespace, created, **extra), **fields}


def containers(*specs: str) -> list[dict]:
    """containers("redis=redis:4") -> [{"name": "redis", "image": "redis:4"}]."""
    return [{"name": s.split("=")[0], "image": s.split("=")[1]} for s in specs]


class Pod(dict):
    """A pod dict grown by chained calls: make_pod("web").node("n1").running("web", ready=True)."""

    def __init__(self, name: str, namespace: str = "default", created: float = 0):
        super().__init__(apiVersion="v1", kind="Pod", metadata=meta(name, namespace, created),
                         spec={"containers": []}, status={"phase": "Pending"})

    def node(self, name: str) -> "Pod":
        self["spec"]["nodeName"] = name
        return self

    def phase(self, phase: str, reason: str | None = None) -> "Pod":
        self["status"]["phase"] = phase
        if reason:
            self["status"]["reason"] = reason
        return self

    def ip(self, *ips: str) -> "Pod":
        self["status"]["podIP"] = ips[0]
        self["status"]["podIPs"] = [{"ip": i} for i in ips]
        return self

    def deleting(self, at: float = 3000) -> "Pod":
        self["metadata"]["deletionTimestamp"] = ts(at)
        return self

    def condition(self, type_: str, status: str = "True", reason: str | None = None) -> "Pod":
        c = {"type": type_, "status": status}
        if reason:
            c["reason"] = reason
        self["status"].setdefault("conditions", []).append(c)
        return self

    def container(self, name: str, *, image: str = "", init: bool = False, sidecar: bool = False,
                  ready: bool = False, started: bool | None = None, restarts: int = 0,
                  running: bool = False, waiting: str | None = None, terminated: tuple | None = None,
                  last_finished: float | None = None) -> "Pod":
        """Add a container and its status; terminated=(exitCode, reason or None, signal or 0)."""
        spec = {"name": name, "image": image or f"{name}:latest"}
        if sidecar:
            spec["restartPolicy"] = "Always"
        self["spec"].setdefault("initContainers" if init or sidecar else "containers", []).append(spec)
        state: dict = {}
        if running:
            state["running"] = {"startedAt": ts(10)}
        if waiting:
            state["waiting"] = {"reason": waiting}
        if terminated:
            code, reason, signal = (tuple(terminated) + (None, 0))[:3]
            t = {"exitCode": code}
            if reason:
                t["reason"] = reason
            if signal:
                t["signal"] = signal
            state["terminated"] = t
        status = {"name": name, "ready": ready, "restartCount": restarts, "state": state,
                  "image": spec["image"]}
        if started is not None:
            status["started"] = started
        if last_finished is not None:
            status["lastState"] = {"terminated": {"exitCode": 1, "reason": "Error",
                                                  "finishedAt": ts(last_finished)}}
        key = "initContainerStatuses" if init or sidecar else "containerStatuses"
        self["status"].setdefault(key, []).append(status)
        return self


def make_pod(name: str, namespace: str = "default", created: float = 0) -> Pod:
    return Pod(name, namespace, created)


def render(table: dict, wide: bool = False) -> str:
    """The table as kubectl's human-readable printer lays it out (upper-case headers, 3 spaces)."""
    keep = [i for i, c in enumerate(table["columnDefinitions"]) if wide or c["priority"] == 0]
    lines = [[table["columnDefinitions"][i]["name"].upper() for i in keep]]
    for row in table["rows"]:
        lines.append([_cell_text(row["cells"][i]) for i in keep])
    widths = [max(len(line[j]) for line in lines) for j in range(len(keep))]
    out = []
    for line in lines:
        padded = [text.ljust(max(widths[j] + 3, 6)) for j, text in enumerate(line[:-1])]
        out.append(("".join(padded) + line[-1]).rstrip())
    return "\n".join(out)


def _cell_text(cell) -> str:
    if cell is None:            # kubectl leaves null cells blank
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    return str(cell)
