"""ClusterIP and NodePort allocation, persisted as upstream persists it.

Follows `pkg/registry/core/service/allocator/bitmap.go` and `.../ipallocator`, `.../portallocator`:
each range is a bitmap (bit i = the i-th address or port of the range) kept in a `RangeAllocation`
object at `/registry/ranges/serviceips` and `/registry/ranges/servicenodeports`, its `data` the
big-endian bytes of that bitmap as a big integer. Dynamic allocation picks at random (seeded),
preferring the upper part of the range; the lower band is left for addresses users ask for
(ServiceIPStaticSubrange / ServiceNodePortStaticSubrange).

Differences from upstream: no repair controller; one allocator per apiserver (no multi-master).
"""

from __future__ import annotations

import base64
import ipaddress
import json
import random

from ..storage.kv import Compare, op_put
from . import errors as E
from .codec import encode

SERVICE_CIDR = "10.96.0.0/12"
NODE_PORT_RANGE = (30000, 32767)


class RangeBitmap:
    """A bitmap over `size` slots; `band` low slots are kept for explicit requests."""

    def __init__(self, size: int, band: int, rng: random.Random):
        self.size, self.band, self.rng = size, band, rng
        self.bits = 0

    def taken(self, i: int) -> bool:
        return bool(self.bits >> i & 1)

    def take(self, i: int) -> bool:
        if not 0 <= i < self.size or self.taken(i):
            return False
        self.bits |= 1 << i
        return True

    def release(self, i: int) -> None:
        if 0 <= i < self.size:
            self.bits &= ~(1 << i)

    def take_any(self) -> int | None:
        for lo, hi in ((self.band, self.size), (0, self.band)):
            if hi <= lo:
                continue
            start = self.rng.randrange(lo, hi)
            for j in range(hi - lo):
                i = lo + (start - lo + j) % (hi - lo)
                if self.take(i):
                    return i
        return None

    def data(self) -> str:
        n = self.bits
        return base64.b64encode(n.to_bytes((n.bit_length() + 7) // 8, "big")).decode() if n else ""

    def load(self, data: str) -> None:
        self.bits = int.from_bytes(base64.b64decode(data), "big") if data else 0


class Allocators:
    """The service IP and node port allocators of one apiserver."""

    def __init__(self, registry, cidr: str = SERVICE_CIDR, ports: tuple[int, int] = NODE_PORT_RANGE):
        self.registry = registry
        self.net = ipaddress.ip_network(cidr)
        size = self.net.num_addresses - 2                 # no network or broadcast address
        self.ips = RangeBitmap(size, min(max(16, size // 16), 256), registry.rng)
        self.port_base = ports[0]
        nports = ports[1] - ports[0] + 1
        self.ports = RangeBitmap(nports, min(max(16, nports // 32), 128), registry.rng)
        self.ip_key, self.port_key = b"/registry/ranges/serviceips", b"/registry/ranges/servicenodeports"
        self.port_range = f"{ports[0]}-{ports[1]}"
        for key, bitmap in ((self.ip_key, self.ips), (self.port_key, self.ports)):
            kv = registry.store.get(key)
            if kv is not None:
                bitmap.load(json.loads(kv.value).get("data", ""))

    def _save(self, key: bytes, rng_text: str, bitmap: RangeBitmap) -> None:
        obj = {"kind": "RangeAllocation", "apiVersion": "v1",
               "metadata": {"creationTimestamp": None}, "range": rng_text, "data": bitmap.data()}
        self.registry.store.put(key, encode(obj))

    def save(self) -> None:
        self._save(self.ip_key, str(self.net), self.ips)
        self._save(self.port_key, self.port_range, self.ports)

    # ---- ClusterIPs -------------------------------------------------------------------------

    def _ip_offset(self, ip: str) -> int:
        return int(ipaddress.ip_address(ip)) - int(self.net.network_address) - 1

    def allocate_ip(self, ip: str | None = None, field: str = "spec.clusterIPs") -> str:
        if ip:
            try:
                addr = ipaddress.ip_address(ip)
            except ValueError:
                raise E.invalid("", "Service", "", [(field, "FieldValueInvalid",
                                f'Invalid value: "{ip}": must be a valid IP address')]) from None
            if addr not in self.net or addr in (self.net.network_address, self.net.broadcast_address):
                raise E.invalid("", "Service", "", [(field, "FieldValueInvalid",
                                f'Invalid value: []string{{"{ip}"}}: failed to allocate IP {ip}: the provided '
                                f'IP ({ip}) is not in the valid range. The range of valid IPs is '
                                f'{self.net}')])
            if not self.ips.take(self._ip_offset(ip)):
                raise E.invalid("", "Service", "", [(field, "FieldValueInvalid",
                                f'Invalid value: []string{{"{ip}"}}: failed to allocate IP {ip}: provided IP '
                                f'is already allocated')])
        else:
            i = self.ips.take_any()
            if i is None:
                raise E.internal("failed to allocate a serviceIP: range is full")
            ip = str(self.net.network_address + 1 + i)
        self._save(self.ip_key, str(self.net), self.ips)
        return ip

    def release_ip(self, ip: str) -> None:
        try:
            self.ips.release(self._ip_offset(ip))
        except ValueError:
            return
        self._save(self.ip_key, str(self.net), self.ips)

    # ---- NodePorts --------------------------------------------------------------------------

    def allocate_port(self, port: int | None = None, field: str = "spec.ports[0].nodePort") -> int:
        if port:
            if not self.ports.take(port - self.port_base):
                inside = 0 <= port - self.port_base < self.ports.size
                why = "provided port is already allocated" if inside else \
                    f"provided port is not in the valid range. The range of valid ports is {self.port_range}"
                raise E.invalid("", "Service", "", [(field, "FieldValueInvalid",
                                f"Invalid value: {port}: {why}")])
        else:
            i = self.ports.take_any()
            if i is None:
                raise E.internal("failed to allocate a nodePort: range is full")
            port = self.port_base + i
        self._save(self.port_key, self.port_range, self.ports)
        return port

    def release_port(self, port: int) -> None:
        self.ports.release(port - self.port_base)
        self._save(self.port_key, self.port_range, self.ports)

    # ---- what the service registry calls ------------------------------------------------------

    def allocate_service(self, svc: dict) -> None:
        spec = svc.setdefault("spec", {})
        name = svc["metadata"].get("name", "")
        stype = spec.get("type", "ClusterIP")
        ips, ports = [], []                   # what this request took, and may give back
        try:
            if stype != "ExternalName" and spec.get("clusterIP") != "None":
                ip = self.allocate_ip(spec.get("clusterIP") or None)
                ips.append(ip)
                spec["clusterIP"], spec["clusterIPs"] = ip, [ip]
            if stype in ("NodePort", "LoadBalancer"):
                for i, p in enumerate(spec.get("ports") or []):
                    p["nodePort"] = self.allocate_port(p.get("nodePort"), f"spec.ports[{i}].nodePort")
                    ports.append(p["nodePort"])
        except E.APIError as e:
            # a refused address or port asked for by the request belongs to another Service: keep it
            for ip in ips:
                self.release_ip(ip)
            for port in ports:
                self.release_port(port)
            if e.details is not None:
                e.details["name"] = name
                e.message = e.message.replace('Service "" is invalid', f'Service "{name}" is invalid')
            raise

    def release_service(self, svc: dict) -> None:
        spec = svc.get("spec") or {}
        for ip in spec.get("clusterIPs") or ([spec["clusterIP"]] if spec.get("clusterIP") else []):
            if ip != "None":
                self.release_ip(ip)
        for p in spec.get("ports") or []:
            if p.get("nodePort"):
                self.release_port(p["nodePort"])

    def keep_service_allocations(self, new: dict, old: dict) -> None:
        """An update keeps the allocated clusterIP and nodePorts unless it changes them."""
        spec, old_spec = new.setdefault("spec", {}), old.get("spec") or {}
        if not spec.get("clusterIP") and old_spec.get("clusterIP"):
            spec["clusterIP"] = old_spec["clusterIP"]
            spec["clusterIPs"] = old_spec.get("clusterIPs", [old_spec["clusterIP"]])
        old_ports = {(p.get("port"), p.get("protocol", "TCP")): p.get("nodePort")
                     for p in old_spec.get("ports") or []}
        if spec.get("type") in ("NodePort", "LoadBalancer"):
            for p in spec.get("ports") or []:
                if not p.get("nodePort"):
                    kept = old_ports.get((p.get("port"), p.get("protocol", "TCP")))
                    p["nodePort"] = kept or self.allocate_port()
