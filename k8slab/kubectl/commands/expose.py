"""`kubectl expose (TYPE NAME | -f FILE) --port=N`: a Service selecting what the object selects.

Follows `staging/src/k8s.io/kubectl/pkg/cmd/expose/expose.go` (RunExpose: the kinds that can be
exposed, the default name (the object's, cut to 63 characters), selector, ports, protocols and
labels taken from the object; the service printed with `exposed`) and
`pkg/polymorphichelpers/` (canbeexposed.go, mapbasedselectorforobject.go, portsforobject.go,
protocolsforobject.go: pods, services, replication controllers, deployments and replica sets,
with their error messages). The Service itself is built by generators.exposed_service.

Differences from upstream: `--overrides` and `--override-type` are not offered.
"""

from __future__ import annotations

from .. import generators as gen
from ..builder import collect
from ..flags import BOOL, STRING, STRING_ARRAY
from ..generators import GeneratorError
from ..mutation import (CLIENT, Aggregate, Failure, add_dry_run_flag, add_field_manager_flag, add_print_flags,
                        add_save_config_flag, dry_run_strategy, success_printer, write_query)
from ..registry import command

EXPOSABLE = {("", "ReplicationController"), ("", "Service"), ("", "Pod"), ("apps", "Deployment"),
             ("apps", "ReplicaSet"), ("extensions", "Deployment"), ("extensions", "ReplicaSet")}


def flags(fs) -> None:
    add_print_flags(fs)
    add_dry_run_flag(fs)
    add_save_config_flag(fs)
    add_field_manager_flag(fs, "kubectl-expose")
    for name in ("protocol", "port", "type", "load-balancer-ip", "selector", "target-port", "external-ip",
                 "name", "session-affinity", "cluster-ip", "overrides", "override-type"):
        fs.add(name, STRING)
    fs.add("labels", STRING, short="l")
    fs.add("filename", STRING_ARRAY, short="f")
    fs.add("recursive", BOOL, short="R")
    fs.add("kustomize", STRING, short="k")
    fs.add("record", BOOL)


def _pod_spec(obj: dict) -> dict:
    kind = obj.get("kind")
    if kind == "Pod":
        return obj.get("spec") or {}
    return (((obj.get("spec") or {}).get("template") or {}).get("spec")) or {}


def selector_for(obj: dict) -> str:
    """MapBasedSelectorForObject: `k=v,...` or the reason the object cannot be exposed."""
    kind, spec = obj.get("kind"), obj.get("spec") or {}
    if kind == "ReplicationController":
        return _join(spec.get("selector") or {})
    if kind == "Pod":
        labels = (obj.get("metadata") or {}).get("labels") or {}
        if not labels:
            raise Failure("the pod has no labels and cannot be exposed")
        return _join(labels)
    if kind == "Service":
        if not spec.get("selector"):
            raise Failure("the service has no pod selector set")
        return _join(spec["selector"])
    if kind in ("Deployment", "ReplicaSet"):
        sel = spec.get("selector")
        word = "deployment" if kind == "Deployment" else "replicaset"
        if sel is None:
            raise Failure(f"invalid {word}: no selectors, therefore cannot be exposed")
        if sel.get("matchExpressions"):
            raise Failure('couldn\'t convert expressions - "' + _go_expressions(sel["matchExpressions"])
                          + '" to map-based selector format')
        return _join(sel.get("matchLabels") or {})
    raise Failure(f"cannot extract pod selector from {obj.get('kind')}")


def _go_expressions(exprs: list) -> str:
    """%+v of []LabelSelectorRequirement."""
    parts = [f"{{Key:{e.get('key', '')} Operator:{e.get('operator', '')} Values:[{' '.join(e.get('values') or [])}]}}"
             for e in exprs]
    return "[" + " ".join(parts) + "]"


def _join(labels: dict) -> str:
    return ",".join(f"{k}={v}" for k, v in sorted(labels.items()))


def ports_and_protocols(obj: dict) -> tuple[list[str], dict]:
    """PortsForObject and ProtocolsForObject: the ports as strings, and port -> protocols."""
    ports, protocols = [], {}
    if obj.get("kind") == "Service":
        for p in (obj.get("spec") or {}).get("ports") or []:
            ports.append(str(p.get("port")))
            protocols.setdefault(str(p.get("port")), []).append(p.get("protocol", "TCP"))
        return ports, protocols
    for c in _pod_spec(obj).get("containers") or []:
        for p in c.get("ports") or []:
            ports.append(str(p.get("containerPort")))
            protocols.setdefault(str(p.get("containerPort")), []).append(p.get("protocol", "TCP"))
    return ports, protocols


@command("expose", flags=flags, short="Take a replication controller, service, deployment or pod and expose it "
         "as a new Kubernetes service")
def expose(session, args: list[str]) -> int:
    f = session.flags
    dry = dry_run_strategy(session)
    success_printer(session, "exposed", dry)
    namespace, explicit = session.namespace()
    infos, errors = collect(session, args, filenames=f["filename"], recursive=f["recursive"], latest=True)
    if errors:
        raise Aggregate(errors)
    for info in infos:
        obj = info.obj
        res = info.resource
        if (res.group, res.kind) not in EXPOSABLE:
            raise Failure(f"cannot expose a {res.kind}.{res.group}" if res.group else f"cannot expose a {res.kind}")
        selector = f["selector"]
        if not selector:
            try:
                selector = selector_for(obj)
            except Failure as e:
                raise Failure(f"couldn't retrieve selectors via --selector flag or introspection: {e.message}") from None
        port, ports = f["port"], []
        if port:
            ports = port.split(",")
        else:
            found, _ = ports_and_protocols(obj)
            if not found and f["cluster-ip"] != "None":
                raise Failure("couldn't find port via --port flag or introspection")
            ports = found
        _, protocols = ports_and_protocols(obj)
        labels = f["labels"] or _join((obj.get("metadata") or {}).get("labels") or {})
        try:
            service = gen.exposed_service(
                name=f["name"] or info.name[:63], selector=selector, ports=ports, protocol=f["protocol"],
                protocols=protocols, labels=labels, target_port=f["target-port"], external_ip=f["external-ip"],
                service_type=f["type"], load_balancer_ip=f["load-balancer-ip"],
                session_affinity=f["session-affinity"], cluster_ip=f["cluster-ip"])
        except GeneratorError as e:
            raise Failure(str(e)) from None
        if dry == CLIENT:
            if explicit:
                service["metadata"] = {"name": service["metadata"]["name"], "namespace": namespace,
                                       **{k: v for k, v in service["metadata"].items() if k != "name"}}
            success_printer(session, "exposed", dry, typed=True)(service)
            continue
        from ..apply.lastapplied import create_or_update_annotation
        import orjson
        service = create_or_update_annotation(f["save-config"], service, typed=True)
        created = session.client.request("POST", f"/api/v1/namespaces/{namespace}/services",
                                         write_query(dry, f["field-manager"]), body=orjson.dumps(service),
                                         content_type="application/json", caller="helper.go:245").json()
        success_printer(session, "exposed", dry)(created)
    return 0

