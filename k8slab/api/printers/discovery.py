"""Group discovery.k8s.io: endpointslices.

Follows `pkg/printers/internalversion/printers.go`: `printEndpointSlice` (`formatDiscoveryPorts`,
`formatDiscoveryEndpoints`, `listWithMoreString`).

Differences from upstream: none known.
"""

from __future__ import annotations

from .common import AGE, NAME, Printer, age, column, list_with_more, name_of

ENDPOINT_SLICE_COLUMNS = (
    NAME,
    column("AddressType", "string", "IPv4, IPv6 or FQDN."),
    column("Ports", "string", "Port numbers (or names) the endpoints serve."),
    column("Endpoints", "string", "Addresses of the endpoints in the slice."),
    AGE,
)


def format_discovery_ports(ports: list | None) -> str:
    shown = []
    for port in ports or []:
        if port.get("port") is not None:
            shown.append(str(port["port"]))
        elif port.get("name") is not None:
            shown.append(port["name"])
        else:
            shown.append("*")
    return list_with_more(shown, len(shown))


def format_discovery_endpoints(endpoints: list | None) -> str:
    addresses = [a for endpoint in endpoints or [] for a in endpoint.get("addresses") or []]
    return list_with_more(addresses, len(addresses))


def print_endpoint_slice(obj: dict, now: float) -> list:
    return [name_of(obj), obj.get("addressType", ""), format_discovery_ports(obj.get("ports")),
            format_discovery_endpoints(obj.get("endpoints")), age(obj, now)]


PRINTERS = {"endpointslices": Printer(ENDPOINT_SLICE_COLUMNS, print_endpoint_slice)}
