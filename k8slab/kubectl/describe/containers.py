"""The Containers block: each container's image, ports, command, state, resources, probes,
environment and mounts.

Follows `staging/src/k8s.io/kubectl/pkg/describe/describe.go` (describeContainers,
describeContainersLabel, describeContainerBasicInfo, describeContainerPorts/HostPorts,
describeContainerCommand, describeResources, describeContainerState, describeStatus,
describeContainerProbe, DescribeProbe, describeContainerEnvVars, describeContainerEnvFrom,
describeContainerVolumes, EnvValueRetriever).

EnvValueRetriever resolves only `metadata.name` and `metadata.namespace`: kubectl's scheme has
no field-label conversions for v1 Pods, so any other fieldRef path converts with an error and
prints empty, as the real kubectl does (`NODE:   (v1:spec.nodeName)`).
"""

from __future__ import annotations

from .gofmt import go_v, print_bool, quantity, rfc1123z, string_or_none
from .resources import extract_container_resource_value
from .writer import LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3


def describe_containers(label: str, containers: list | None, statuses: list | None, pod: dict | None,
                        w, space: str) -> None:
    by_name = {s.get("name"): s for s in statuses or []}
    containers = containers or []
    w.write(LEVEL_0, f"{space}{label}:{' <none>' if not containers else ''}\n")
    for c in containers:
        status = by_name.get(c.get("name"))
        _basic_info(c, status, space, w)
        _command(c, w)
        if status is not None:
            _state(status, w)
        describe_resources(c.get("resources") or {}, w, LEVEL_2)
        _probes(c, w)
        if c.get("envFrom"):
            _env_from(c, w)
        _env(c, pod, w)
        _mounts(c, w)


def _ports(ports: list, field: str) -> str:
    return ", ".join(f"{p.get(field) or 0}/{p.get('protocol', '')}" for p in ports)


def _basic_info(c: dict, status: dict | None, space: str, w) -> None:
    w.write(LEVEL_1, f"{' ' if space else ''}{c.get('name', '')}:\n")
    if status is not None:
        w.write(LEVEL_2, f"Container ID:\t{status.get('containerID', '')}\n")
    w.write(LEVEL_2, f"Image:\t{c.get('image', '')}\n")
    if status is not None:
        w.write(LEVEL_2, f"Image ID:\t{status.get('imageID', '')}\n")
    ports = c.get("ports") or []
    text = _ports(ports, "containerPort")
    if "," in text:
        w.write(LEVEL_2, f"Ports:\t{text}\n")
    else:
        w.write(LEVEL_2, f"Port:\t{string_or_none(text)}\n")
    text = _ports(ports, "hostPort")
    if "," in text:
        w.write(LEVEL_2, f"Host Ports:\t{text}\n")
    else:
        w.write(LEVEL_2, f"Host Port:\t{string_or_none(text)}\n")
    seccomp = (c.get("securityContext") or {}).get("seccompProfile")
    if seccomp is not None:
        w.write(LEVEL_2, f"SeccompProfile:\t{seccomp.get('type', '')}\n")
        if seccomp.get("type") == "Localhost":
            w.write(LEVEL_3, f"LocalhostProfile:\t{seccomp.get('localhostProfile', '')}\n")


def _command(c: dict, w) -> None:
    for key, title in (("command", "Command"), ("args", "Args")):
        if c.get(key):
            w.write(LEVEL_2, f"{title}:\n")
            for item in c[key]:
                for s in item.split("\n"):
                    w.write(LEVEL_3, f"{s}\n")


def describe_resources(resources: dict | None, w, level: int) -> None:
    if resources is None:
        return
    for key, title in (("limits", "Limits"), ("requests", "Requests")):
        values = resources.get(key) or {}
        if values:
            w.write(level, f"{title}:\n")
        for name in sorted(values):
            q = quantity(values[name])
            w.write(level + 1, f"{name}:\t{q if q is not None else values[name]}\n")


def _state(status: dict, w) -> None:
    describe_status("State", status.get("state") or {}, w)
    last = status.get("lastState") or {}
    if last.get("terminated") is not None:
        describe_status("Last State", last, w)
    w.write(LEVEL_2, f"Ready:\t{print_bool(status.get('ready'))}\n")
    w.write(LEVEL_2, f"Restart Count:\t{status.get('restartCount', 0)}\n")


def describe_status(name: str, state: dict, w) -> None:
    if state.get("running") is not None:
        w.write(LEVEL_2, f"{name}:\tRunning\n")
        w.write(LEVEL_3, f"Started:\t{rfc1123z(state['running'].get('startedAt'))}\n")
    elif state.get("waiting") is not None:
        w.write(LEVEL_2, f"{name}:\tWaiting\n")
        if state["waiting"].get("reason"):
            w.write(LEVEL_3, f"Reason:\t{state['waiting']['reason']}\n")
    elif state.get("terminated") is not None:
        t = state["terminated"]
        w.write(LEVEL_2, f"{name}:\tTerminated\n")
        if t.get("reason"):
            w.write(LEVEL_3, f"Reason:\t{t['reason']}\n")
        if t.get("message"):
            w.write(LEVEL_3, f"Message:\t{t['message']}\n")
        w.write(LEVEL_3, f"Exit Code:\t{t.get('exitCode', 0)}\n")
        if (t.get("signal") or 0) > 0:
            w.write(LEVEL_3, f"Signal:\t{t['signal']}\n")
        w.write(LEVEL_3, f"Started:\t{rfc1123z(t.get('startedAt'))}\n")
        w.write(LEVEL_3, f"Finished:\t{rfc1123z(t.get('finishedAt'))}\n")
    else:
        w.write(LEVEL_2, f"{name}:\tWaiting\n")


def _probes(c: dict, w) -> None:
    for key, title in (("livenessProbe", "Liveness"), ("readinessProbe", "Readiness"),
                       ("startupProbe", "Startup")):
        if c.get(key) is not None:
            w.write(LEVEL_2, f"{title}:\t{describe_probe(c[key])}\n")


def _int_or_string(v) -> str:
    return "" if v is None else str(v)


def _join_host_port(host: str, port: str) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def describe_probe(probe: dict) -> str:
    attrs = (f"delay={probe.get('initialDelaySeconds', 0)}s timeout={probe.get('timeoutSeconds', 0)}s "
             f"period={probe.get('periodSeconds', 0)}s #success={probe.get('successThreshold', 0)} "
             f"#failure={probe.get('failureThreshold', 0)}")
    if probe.get("exec") is not None:
        return f"exec {go_v(probe['exec'].get('command') or [])} {attrs}"
    if probe.get("httpGet") is not None:
        h = probe["httpGet"]
        scheme = (h.get("scheme") or "").lower()
        port = _int_or_string(h.get("port"))
        host = _join_host_port(h.get("host", ""), port) if port else h.get("host", "")
        path = _escape_path(h.get("path", ""))
        url = f"{scheme}:" if scheme else ""
        if (scheme or host) and (host or path):
            url += f"//{host}"
        if path and not path.startswith("/") and host:
            url += "/"
        return f"http-get {url + path} {attrs}"
    if probe.get("tcpSocket") is not None:
        t = probe["tcpSocket"]
        return f"tcp-socket {t.get('host', '')}:{_int_or_string(t.get('port'))} {attrs}"
    if probe.get("grpc") is not None:
        g = probe["grpc"]
        return f"grpc <pod>:{g.get('port', 0)} {g.get('service') or ''} {attrs}"
    return f"unknown {attrs}"


def _escape_path(path: str) -> str:
    """url.URL.EscapedPath: plain paths stay as written, others are percent-escaped."""
    from urllib.parse import quote
    return quote(path, safe="/;:@&=+$,!~*'()-._")


def _resolve(e: dict, pod: dict | None) -> str:
    """EnvValueRetriever: only metadata.name and metadata.namespace convert for a v1 Pod."""
    if pod is None:
        return ""
    path = e["valueFrom"]["fieldRef"].get("fieldPath", "")
    m = pod.get("metadata") or {}
    if path == "metadata.name":
        return m.get("name", "")
    if path == "metadata.namespace":
        return m.get("namespace", "")
    return ""


def _env(c: dict, pod: dict | None, w) -> None:
    env = c.get("env") or []
    w.write(LEVEL_2, f"Environment:{'' if env else chr(9) + '<none>'}\n")
    for e in env:
        name = e.get("name", "")
        vf = e.get("valueFrom")
        if vf is None:
            for i, s in enumerate((e.get("value") or "").split("\n")):
                w.write(LEVEL_3, f"{name}:\t{s}\n" if i == 0 else f"\t{s}\n")
            continue
        if vf.get("fieldRef") is not None:
            f = vf["fieldRef"]
            w.write(LEVEL_3, f"{name}:\t{_resolve(e, pod)} ({f.get('apiVersion', '')}:{f.get('fieldPath', '')})\n")
        elif vf.get("resourceFieldRef") is not None:
            r = vf["resourceFieldRef"]
            value = extract_container_resource_value(r, c) or ""
            resource = r.get("resource", "")
            if value == "0" and resource in ("limits.cpu", "limits.memory"):
                value = "node allocatable"
            w.write(LEVEL_3, f"{name}:\t{value} ({resource})\n")
        elif vf.get("secretKeyRef") is not None:
            s = vf["secretKeyRef"]
            w.write(LEVEL_3, f"{name}:\t<set to the key '{s.get('key', '')}' in secret '{s.get('name', '')}'>\t"
                             f"Optional: {go_v(bool(s.get('optional')))}\n")
        elif vf.get("configMapKeyRef") is not None:
            s = vf["configMapKeyRef"]
            w.write(LEVEL_3, f"{name}:\t<set to the key '{s.get('key', '')}' of config map '{s.get('name', '')}'>\t"
                             f"Optional: {go_v(bool(s.get('optional')))}\n")


def _env_from(c: dict, w) -> None:
    w.write(LEVEL_2, "Environment Variables from:\n")
    for e in c.get("envFrom") or []:
        source, name, optional = "", "", False
        if e.get("configMapRef") is not None:
            source, name = "ConfigMap", e["configMapRef"].get("name", "")
            optional = bool(e["configMapRef"].get("optional"))
        elif e.get("secretRef") is not None:
            source, name = "Secret", e["secretRef"].get("name", "")
            optional = bool(e["secretRef"].get("optional"))
        if not e.get("prefix"):
            w.write(LEVEL_3, f"{name}\t{source}\tOptional: {go_v(optional)}\n")
        else:
            w.write(LEVEL_3, f"{name}\t{source} with prefix '{e['prefix']}'\tOptional: {go_v(optional)}\n")


def _mounts(c: dict, w) -> None:
    mounts = c.get("volumeMounts") or []
    none = "" if mounts else "\t<none>"
    w.write(LEVEL_2, f"Mounts:{none}\n")
    from .gosort import go_sort
    for m in go_sort(list(mounts), lambda a, b: a.get("mountPath", "") < b.get("mountPath", "")):
        flags = ["ro" if m.get("readOnly") else "rw"]
        if m.get("subPath"):
            flags.append(f"path={_go_quote(m['subPath'])}")
        w.write(LEVEL_3, f"{m.get('mountPath', '')} from {m.get('name', '')} ({','.join(flags)})\n")
    devices = c.get("volumeDevices") or []
    if devices:
        w.write(LEVEL_2, f"Devices:{none}\n")
        for d in go_sort(list(devices), lambda a, b: a.get("devicePath", "") < b.get("devicePath", "")):
            w.write(LEVEL_3, f"{d.get('devicePath', '')} from {d.get('name', '')}\n")


def _go_quote(s: str) -> str:
    """strconv.Quote for printable text."""
    import json
    return json.dumps(s, ensure_ascii=False)
