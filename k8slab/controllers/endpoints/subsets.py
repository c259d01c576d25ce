"""Building an Endpoints object's subsets from the pods a Service selects.

Follows `pkg/controller/endpoint/endpoints_controller.go` (podToEndpointAddressForService,
addEndpointSubset, truncateEndpoints) and `pkg/api/v1/endpoints/util.go` (RepackSubsets,
SortSubsets): one subset per pod and port first, then regrouped so that every subset lists the
addresses that offer exactly the same ports; a pod is Ready (addresses) or not (notReadyAddresses).

Differences from upstream: upstream sorts ports and subsets by a hash of their Go values; here
ports sort by (name, port, protocol) and subsets by their first address, which is as stable.
"""

from __future__ import annotations

import math

from ..endpointslice.util import find_port, is_pod_ready, pod_ip

MAX_CAPACITY = 1000                         # maxCapacity: addresses kept in one Endpoints
OVER_CAPACITY = "endpoints.kubernetes.io/over-capacity"


def pod_to_endpoint_address(pod: dict) -> dict:
    meta = pod["metadata"]
    return {"ip": pod_ip(pod), "nodeName": (pod.get("spec") or {}).get("nodeName", ""),
            "targetRef": {"kind": "Pod", "namespace": meta.get("namespace", ""), "name": meta["name"],
                          "uid": meta.get("uid", "")}}


def endpoint_port(service_port: dict, port: int) -> dict:
    out = {"name": service_port.get("name", ""), "port": port,
           "protocol": service_port.get("protocol", "TCP")}
    if not out["name"]:
        del out["name"]
    if service_port.get("appProtocol"):
        out["appProtocol"] = service_port["appProtocol"]
    return out


def add_endpoint_subset(subsets: list, pod: dict, epa: dict, epp: dict | None,
                        tolerate_unready: bool) -> None:
    ports = [epp] if epp is not None else []
    if tolerate_unready or is_pod_ready(pod):
        subsets.append({"addresses": [epa], "ports": ports})
    else:
        subsets.append({"notReadyAddresses": [epa], "ports": ports})


def _addr_key(a: dict) -> tuple:
    return (a["ip"], (a.get("targetRef") or {}).get("uid", ""))


def _port_key(p: dict) -> tuple:
    return (p.get("name", ""), p.get("port", 0), p.get("protocol", ""), p.get("appProtocol", ""))


def repack_subsets(subsets: list[dict]) -> list[dict]:
    """RepackSubsets: map each port to the addresses offering it, then each address set to its
    ports; an address ready for one port and not ready for another counts as ready."""
    all_addrs: dict[tuple, dict] = {}
    port_to_addrs: dict[tuple, dict[tuple, bool]] = {}
    port_objs: dict[tuple, dict | None] = {}
    for s in subsets:
        ports = s.get("ports") or [None]          # None: the sentinel for a port-less subset
        for port in ports:
            pk = _port_key(port) if port is not None else ("", -1, "", "")
            port_objs[pk] = port
            addrs = port_to_addrs.setdefault(pk, {})
            for a in s.get("addresses") or []:
                k = _addr_key(a)
                all_addrs.setdefault(k, a)
                addrs[k] = True
            for a in s.get("notReadyAddresses") or []:
                k = _addr_key(a)
                all_addrs.setdefault(k, a)
                addrs.setdefault(k, False)
    groups: dict[tuple, tuple[dict, list]] = {}
    for pk, addrs in port_to_addrs.items():
        key = tuple(sorted(addrs.items()))
        ready_map, ports = groups.setdefault(key, (addrs, []))
        if port_objs[pk] is not None:
            ports.append(port_objs[pk])
    final = []
    for ready_map, ports in groups.values():
        ready = [all_addrs[k] for k, r in sorted(ready_map.items()) if r]
        not_ready = [all_addrs[k] for k, r in sorted(ready_map.items()) if not r]
        subset = {}
        if ready:
            subset["addresses"] = ready
        if not_ready:
            subset["notReadyAddresses"] = not_ready
        if ports:
            subset["ports"] = sorted(ports, key=_port_key)
        final.append(subset)

    def subset_key(s):
        first = (s.get("addresses") or s.get("notReadyAddresses") or [{"ip": ""}])[0]
        return (_addr_key(first) if first.get("ip") else ("",), [_port_key(p) for p in s.get("ports") or []])

    return sorted(final, key=subset_key)


def compute_subsets(svc: dict, pods: list[dict]) -> list[dict]:
    """The subsets syncService computes for a Service with a selector, from the selected pods."""
    from ..endpointslice.util import should_pod_be_in_endpoints, should_set_hostname
    spec = svc.get("spec") or {}
    tolerate = bool(spec.get("publishNotReadyAddresses"))
    subsets: list[dict] = []
    for pod in pods:
        if not should_pod_be_in_endpoints(pod, tolerate):
            continue
        epa = pod_to_endpoint_address(pod)
        if should_set_hostname(pod, svc):
            epa["hostname"] = pod["spec"]["hostname"]
        if not spec.get("ports"):
            if spec.get("clusterIP") == "None":
                add_endpoint_subset(subsets, pod, epa, None, tolerate)
            continue
        for sp in spec["ports"]:
            port = find_port(pod, sp)
            if port is None:
                continue
            add_endpoint_subset(subsets, pod, epa, endpoint_port(sp, port), tolerate)
    return repack_subsets(subsets)


def truncate_endpoints(subsets: list[dict]) -> bool:
    """Keep at most MAX_CAPACITY addresses, ready ones first, proportionally per subset."""
    total_ready = sum(len(s.get("addresses") or []) for s in subsets)
    total_not_ready = sum(len(s.get("notReadyAddresses") or []) for s in subsets)
    if total_ready + total_not_ready <= MAX_CAPACITY:
        return False
    truncate_ready = total_ready > MAX_CAPACITY
    limit = MAX_CAPACITY if truncate_ready else MAX_CAPACITY - total_ready
    num_total = total_ready if truncate_ready else total_not_ready
    can_add = limit
    for s in subsets:
        field = "addresses" if truncate_ready else "notReadyAddresses"
        n = len(s.get(field) or [])
        take = min(int(math.ceil(n / num_total * limit)), can_add)
        if truncate_ready:
            s["addresses"] = (s.get("addresses") or [])[:take]
            s.pop("notReadyAddresses", None)
            can_add -= len(s["addresses"])
        else:
            s["notReadyAddresses"] = (s.get("notReadyAddresses") or [])[:take]
            can_add -= len(s["notReadyAddresses"])
    return True
