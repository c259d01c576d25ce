"""Core group, service discovery: services and endpoints.

Follows `pkg/printers/internalversion/printers.go`: `printService` (`getServiceExternalIP`,
`loadBalancerStatusStringer`, `makePortString`) and `printEndpoints` (`formatEndpoints`).

Differences from upstream: a missing `spec.type` reads as ClusterIP and a missing port protocol as TCP
(their API defaults); a service without `spec.clusterIPs` shows `spec.clusterIP`. Tables are always
generated wide, as the API server does, so load-balancer addresses are never cut to 16 characters.
"""

from __future__ import annotations

from .common import AGE, NAME, Printer, age, column, dig, format_labels, name_of

SERVICE_COLUMNS = (
    NAME,
    column("Type", "string", "How the service is exposed: ClusterIP, NodePort, LoadBalancer or "
           "ExternalName."),
    column("Cluster-IP", "string", "The virtual IP inside the cluster (spec.clusterIPs[0])."),
    column("External-IP", "string", "Addresses reachable from outside the cluster: load-balancer "
           "ingress points and spec.externalIPs."),
    column("Port(s)", "string", "The ports the service exposes, with node ports."),
    AGE,
    column("Selector", "string", "Labels of the pods that back the service.", priority=1),
)


def _load_balancer_addresses(status: dict | None) -> list[str]:
    """IPs (or hostnames) of the load balancer, sorted and without duplicates (a Go sets.String)."""
    found = set()
    for ingress in dig(status, "loadBalancer", "ingress", default=[]):
        if ingress.get("ip"):
            found.add(ingress["ip"])
        elif ingress.get("hostname"):
            found.add(ingress["hostname"])
    return sorted(found)


def service_external_ip(svc: dict) -> str:
    spec = svc.get("spec") or {}
    external_ips = spec.get("externalIPs") or []
    svc_type = spec.get("type") or "ClusterIP"
    if svc_type in ("ClusterIP", "NodePort"):
        return ",".join(external_ips) if external_ips else "<none>"
    if svc_type == "LoadBalancer":
        addresses = _load_balancer_addresses(svc.get("status")) + external_ips
        return ",".join(addresses) if addresses else "<pending>"
    if svc_type == "ExternalName":
        return spec.get("externalName") or ""
    return "<unknown>"


def make_port_string(ports: list | None) -> str:
    """`80/TCP`, `80:30080/TCP` with a node port, joined by commas."""
    pieces = []
    for port in ports or []:
        protocol = port.get("protocol") or "TCP"
        if port.get("nodePort"):
            pieces.append(f"{port.get('port', 0)}:{port['nodePort']}/{protocol}")
        else:
            pieces.append(f"{port.get('port', 0)}/{protocol}")
    return ",".join(pieces)


def print_service(svc: dict, now: float) -> list:
    spec = svc.get("spec") or {}
    cluster_ips = spec.get("clusterIPs") or ([spec["clusterIP"]] if spec.get("clusterIP") else [])
    return [name_of(svc), spec.get("type") or "ClusterIP", cluster_ips[0] if cluster_ips else "<none>",
            service_external_ip(svc), make_port_string(spec.get("ports")) or "<none>", age(svc, now),
            format_labels(spec.get("selector"))]


ENDPOINTS_COLUMNS = (
    NAME,
    column("Endpoints", "string", "Ready addresses with their ports (subsets)."),
    AGE,
)

MAX_ENDPOINTS_SHOWN = 3


def _join_host_port(ip: str, port: int) -> str:
    """net.JoinHostPort: brackets around IPv6 addresses."""
    return f"[{ip}]:{port}" if ":" in ip else f"{ip}:{port}"


def format_endpoints(endpoints: dict) -> str:
    """`10.244.1.5:6379,10.244.2.7:6379 + 1 more...`; `<none>` without subsets.

    Only ready addresses count; a subset with ports contributes one entry per (address, port).
    """
    subsets = endpoints.get("subsets") or []
    if not subsets:
        return "<none>"
    shown: list[str] = []
    count = 0
    for subset in subsets:
        addresses = subset.get("addresses") or []
        ports = subset.get("ports") or []
        if not ports:          # headless services may have no ports
            count += len(addresses)
            shown.extend(a.get("ip", "") for a in addresses)
            continue
        for port in ports:
            count += len(addresses)
            shown.extend(_join_host_port(a.get("ip", ""), port.get("port", 0)) for a in addresses)
    text = ",".join(shown[:MAX_ENDPOINTS_SHOWN])
    if count > MAX_ENDPOINTS_SHOWN:
        return f"{text} + {count - MAX_ENDPOINTS_SHOWN} more..."
    return text


def print_endpoints(obj: dict, now: float) -> list:
    return [name_of(obj), format_endpoints(obj), age(obj, now)]


PRINTERS = {
    "services": Printer(SERVICE_COLUMNS, print_service),
    "endpoints": Printer(ENDPOINTS_COLUMNS, print_endpoints),
}
