"""A container's environment: its `env` and `envFrom`, the downward API and the Service variables.

Follows `pkg/kubelet/kubelet_pods.go` (makeEnvironmentVariables: envFrom, env with
configMapKeyRef / secretKeyRef / fieldRef, `$(VAR)` expansion of earlier variables, Service
variables for names not set otherwise), `pkg/kubelet/envvars/envvars.go` (FromServices:
`REDIS_SERVER_SERVICE_HOST`, `REDIS_SERVER_PORT_6379_TCP_ADDR`, ...) and
`third_party/forked/golang/expansion/expand.go` (`$(VAR)`, `$$` escapes).
A missing ConfigMap or Secret is `CreateContainerConfigError` with upstream's message.

Differences from upstream: resourceFieldRef is not resolved (empty); Services come from a list
call, not the kubelet's service informer.
"""

from __future__ import annotations

import base64
import re

from ..apiserver.errors import APIError


class ConfigError(Exception):
    """CreateContainerConfigError: the message is what `kubectl describe` shows."""


def expand(text: str, values: dict) -> str:
    """expansion.Expand: `$(NAME)` becomes its value when defined; `$$` is a literal `$`."""
    def sub(m):
        if m.group(0) == "$$":
            return "$"
        name = m.group(1)
        return values[name] if name in values else m.group(0)
    return re.sub(r"\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)", sub, text)


def service_env(services: list[dict]) -> dict:
    """FromServices: the docker-links style variables of each Service with a cluster IP."""
    out = {}
    for svc in sorted(services, key=lambda s: s["metadata"]["name"]):
        spec = svc.get("spec") or {}
        ip = spec.get("clusterIP")
        if not ip or ip == "None":
            continue
        name = svc["metadata"]["name"].upper().replace("-", "_")
        ports = spec.get("ports") or []
        out[f"{name}_SERVICE_HOST"] = ip
        if ports:
            out[f"{name}_SERVICE_PORT"] = str(ports[0]["port"])
        for p in ports:
            if p.get("name"):
                out[f"{name}_SERVICE_PORT_{p['name'].upper().replace('-', '_')}"] = str(p["port"])
        if ports:
            first = ports[0]
            out[f"{name}_PORT"] = f"{first.get('protocol', 'TCP').lower()}://{ip}:{first['port']}"
        for p in ports:
            proto = p.get("protocol", "TCP")
            prefix = f"{name}_PORT_{p['port']}_{proto.upper()}"
            out[prefix] = f"{proto.lower()}://{ip}:{p['port']}"
            out[prefix + "_PROTO"] = proto.lower()
            out[prefix + "_PORT"] = str(p["port"])
            out[prefix + "_ADDR"] = ip
    return out


def _field(pod: dict, path: str) -> str:
    meta, spec, status = pod["metadata"], pod.get("spec") or {}, pod.get("status") or {}
    m = re.match(r"^metadata\.(labels|annotations)\['(.*)'\]$", path)
    if m:
        return (meta.get(m.group(1)) or {}).get(m.group(2), "")
    simple = {"metadata.name": meta.get("name"), "metadata.namespace": meta.get("namespace"),
              "metadata.uid": meta.get("uid"), "spec.nodeName": spec.get("nodeName"),
              "spec.serviceAccountName": spec.get("serviceAccountName"),
              "status.hostIP": status.get("hostIP"), "status.podIP": status.get("podIP"),
              "status.hostIPs": ",".join(i["ip"] for i in status.get("hostIPs") or []),
              "status.podIPs": ",".join(i["ip"] for i in status.get("podIPs") or [])}
    return simple.get(path) or ""


def make_environment(kubelet, pod: dict, container: dict) -> list[tuple[str, str]]:
    """The (name, value) pairs a container starts with; raises ConfigError."""
    ns = pod["metadata"].get("namespace", "default")
    cache: dict = {}

    def lookup(kind: str, name: str, optional: bool):
        key = (kind, name)
        if key not in cache:
            try:
                obj = kubelet.api_get("v1", kind, name, ns)
            except APIError as e:
                if e.code != 404:
                    raise ConfigError(f"failed to sync {kind.lower()} cache: timed out waiting for the condition")
                if optional:
                    return None
                raise ConfigError(f'{kind.lower()} "{name}" not found')
            data = dict(obj.get("data") or {})
            if kind == "Secret":
                data = {k: base64.b64decode(v).decode(errors="replace") for k, v in data.items()}
            cache[key] = data
        return cache[key]

    values: dict[str, str] = {}
    for src in container.get("envFrom") or []:
        ref, kind = (src.get("configMapRef"), "ConfigMap") if src.get("configMapRef") else \
            (src.get("secretRef"), "Secret")
        data = lookup(kind, ref["name"], bool(ref.get("optional")))
        for k, v in (data or {}).items():
            values[src.get("prefix", "") + k] = v
    for e in container.get("env") or []:
        vf = e.get("valueFrom")
        if vf is None:
            values[e["name"]] = expand(str(e.get("value", "")), values)
            continue
        if vf.get("fieldRef"):
            values[e["name"]] = _field(pod, vf["fieldRef"]["fieldPath"])
        elif vf.get("configMapKeyRef") or vf.get("secretKeyRef"):
            ref, kind = (vf["configMapKeyRef"], "ConfigMap") if vf.get("configMapKeyRef") else \
                (vf["secretKeyRef"], "Secret")
            data = lookup(kind, ref["name"], bool(ref.get("optional")))
            if data is None:
                continue
            if ref["key"] not in data:
                if ref.get("optional"):
                    continue
                raise ConfigError(f"couldn't find key {ref['key']} in {kind} {ns}/{ref['name']}")
            values[e["name"]] = data[ref["key"]]
        else:
            values[e["name"]] = ""
    if (pod.get("spec") or {}).get("enableServiceLinks", True) is not False:
        try:
            services = kubelet.api_list("v1", "Service", ns)
            if ns != "default":
                services += [s for s in kubelet.api_list("v1", "Service", "default")
                             if s["metadata"]["name"] == "kubernetes"]
        except APIError:
            services = []
        for k, v in service_env(services).items():
            values.setdefault(k, v)
    return list(values.items())
