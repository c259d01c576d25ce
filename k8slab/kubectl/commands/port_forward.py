"""`kubectl port-forward TYPE/NAME [LOCAL_PORT:]REMOTE_PORT...`: local ports tunnelled to a pod.

Follows `staging/src/k8s.io/kubectl/pkg/cmd/portforward/portforward.go` (Complete: `TYPE/NAME
and list of ports are required for port-forward`, the object fetched by the builder (a pod, or a
workload's or service's most active pod within `--pod-running-timeout`); a service's ports
translated to the pod's container ports, named ports looked up in the pod
(`pkg/util/service_port.go`, `pod_port.go`); Validate; RunPortForward: the pod read again and
`unable to forward port because pod is not running. Current status=...`, then
`POST .../pods/<name>/portforward` (here a WebSocket GET, see portforward.py); exit 0 on Ctrl-C).
"""

from __future__ import annotations

from .. import polymorphic
from ..durations import duration_flag
from ..errors import error
from ..flags import STRING, STRING_SLICE
from ..mutation import Failure, usage_error
from ..portforward import PortForwarder
from ..registry import command


def flags(fs) -> None:
    fs.add("address", STRING_SLICE, default=["localhost"])
    fs.add("pod-running-timeout", STRING, default="1m0s")


@command("port-forward", flags=flags, short="Forward one or more local ports to a pod")
def port_forward(session, args: list[str]) -> int:
    if len(args) < 2:
        raise usage_error(session, "TYPE/NAME and list of ports are required for port-forward")
    namespace, _ = session.namespace()
    timeout = duration_flag(session, "pod-running-timeout")
    if timeout <= 0:
        raise error("--pod-running-timeout must be higher than zero")
    obj = fetch(session, args[0], namespace)
    pod = polymorphic.pod_for_object(session, obj, timeout, "attach to")
    if obj.get("kind") == "Service":
        ports = translate_service_ports(args[1:], obj, pod)
    else:
        ports = convert_named_ports(args[1:], pod)
    name = pod["metadata"]["name"]
    if session.api is not None:
        raise Failure("port-forward listens on local ports until interrupted; run it from the command line")
    pod = session.client.get(f"/api/v1/namespaces/{namespace}/pods/{name}")
    phase = (pod.get("status") or {}).get("phase", "")
    if phase != "Running":
        raise error(f"unable to forward port because pod is not running. Current status={phase}")
    forwarder = PortForwarder(session, f"/api/v1/namespaces/{namespace}/pods/{name}/portforward",
                              session.flags["address"], ports, session.out, session.err)
    return forwarder.run()


def fetch(session, arg: str, namespace: str) -> dict:
    """The builder's ResourceNames("pods", arg): `x` is pods/x; `deploy/x`, `svc/x` ..."""
    kind, _, name = arg.partition("/") if "/" in arg else ("pods", "", arg)
    if not name:
        raise error("arguments in resource/name form must have a single resource and name")
    resource = session.discovery.resolve(kind)
    obj = session.client.get(resource.path(namespace if resource.namespaced else None, name),
                             caller="helper.go:105")
    if not obj.get("kind"):
        obj = {"apiVersion": resource.group_version, "kind": resource.kind, **obj}
    return obj


def split_port(port: str) -> tuple[str, str]:
    parts = port.split(":")
    if len(parts) == 2:
        return parts[0], parts[1]
    return parts[0], parts[0]


def _atoi(text: str) -> int | None:
    try:
        return int(text, 10)
    except ValueError:
        return None


def convert_named_ports(ports: list[str], pod: dict) -> list[str]:
    """convertPodNamedPortToNumber."""
    out = []
    for port in ports:
        local, remote = split_port(port)
        container_port = remote
        if _atoi(remote) is None:
            container_port = str(container_port_by_name(pod, remote))
        out.append(f"{local}:{container_port}" if local != remote else container_port)
    return out


def translate_service_ports(ports: list[str], svc: dict, pod: dict) -> list[str]:
    """translateServicePortToTargetPort."""
    out = []
    for port in ports:
        local, remote = split_port(port)
        number = _atoi(remote)
        if number is None:
            number = service_port_by_name(svc, remote)
            if local == remote:
                local = str(number)
        remote = str(container_port_by_service_port(svc, pod, number))
        out.append(f"{local}:{remote}" if local != remote else remote)
    return out


def service_port_by_name(svc: dict, name: str) -> int:
    for p in (svc.get("spec") or {}).get("ports") or []:
        if p.get("name") == name:
            return int(p.get("port", 0))
    raise error(f"Service '{svc['metadata']['name']}' does not have a named port '{name}'")


def container_port_by_service_port(svc: dict, pod: dict, port: int) -> int:
    """LookupContainerPortNumberByServicePort: a headless service's port as is, an int targetPort
    (the service port when unset), or a named one looked up in the pod."""
    spec = svc.get("spec") or {}
    if spec.get("clusterIP") == "None":
        return port
    for p in spec.get("ports") or []:
        if p.get("port") != port:
            continue
        target = p.get("targetPort")
        if target is None or isinstance(target, int):
            return target or port
        return container_port_by_name(pod, target)
    raise error(f"Service {svc['metadata']['name']} does not have a service port {port}")


def container_port_by_name(pod: dict, name: str) -> int:
    for c in (pod.get("spec") or {}).get("containers") or []:
        for p in c.get("ports") or []:
            if p.get("name") == name:
                return int(p.get("containerPort", 0))
    raise error(f"Pod '{pod['metadata']['name']}' does not have a named port '{name}'")

