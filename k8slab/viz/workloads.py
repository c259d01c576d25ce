"""Chapter 7's pictures: who owns whom, which NodePorts are taken, and how a template hash becomes a name.

- `ownership(cluster, namespace)`: a Diagram of Deployments -> ReplicaSets -> Pods (ownerReferences)
  and Services -> the Pods their selector matches, the selector written on the edge.
- `NodePortMap(cluster)`: the API server's NodePort bitmap (the RangeAllocation at
  `/registry/ranges/servicenodeports`) as rows of characters, with the Service behind each port.
- `SuffixCodec()`: a text box for a decimal pod-template-hash and the name suffix it becomes
  (`3731017676` -> `7c7545cbcb`), and back.

Each is also plain text (`text()`), for terminals and nbval.

Differences from upstream: none to name; Kubernetes draws none of these.
"""

from __future__ import annotations

import base64
import json

import ipywidgets as w

from ..api.names import ALPHANUMS, safe_encode_string
from .base import View, esc
from .diagrams import Diagram

NODE_PORTS_KEY = b"/registry/ranges/servicenodeports"


def _selects(selector: dict, labels: dict) -> bool:
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def ownership(cluster, namespace: str = "default") -> Diagram:
    """Deployments, ReplicaSets, Pods and Services of a namespace, and how they are tied."""
    client = cluster.client
    objects = []
    for api_version, kind in (("apps/v1", "Deployment"), ("apps/v1", "ReplicaSet"), ("v1", "Pod"),
                              ("v1", "Service")):
        items = client.list(api_version, kind, namespace)["items"]
        objects += [(kind, o) for o in sorted(items, key=lambda o: o["metadata"]["name"])]
    by_uid = {o["metadata"]["uid"]: f"{kind.lower()}/{o['metadata']['name']}" for kind, o in objects}
    nodes, edges = {}, []
    for kind, o in objects:
        name = f"{kind.lower()}/{o['metadata']['name']}"
        labels = o["metadata"].get("labels") or {}
        nodes[name] = name + ("\n" + ",".join(f"{k}={v}" for k, v in sorted(labels.items())) if kind == "Pod" else "")
        for ref in o["metadata"].get("ownerReferences") or []:
            if ref.get("uid") in by_uid:
                edges.append((by_uid[ref["uid"]], name, "owns"))
    for kind, svc in objects:
        if kind != "Service":
            continue
        selector = (svc.get("spec") or {}).get("selector") or {}
        text = ",".join(f"{k}={v}" for k, v in sorted(selector.items()))
        for k2, pod in objects:
            if k2 == "Pod" and _selects(selector, pod["metadata"].get("labels") or {}):
                edges.append((f"service/{svc['metadata']['name']}", f"pod/{pod['metadata']['name']}",
                              f"selects {text}"))
    return Diagram(f"Ownership and selection in namespace {namespace}", nodes, edges)


class NodePortMap(View):
    """The NodePort range as the API server's allocator sees it, one character per block of ports."""

    def __init__(self, cluster, block: int = 32, per_row: int = 32):
        self.cluster, self.block, self.per_row = cluster, block, per_row
        self.html = w.HTML()
        self.widget = w.VBox([self.html])
        self.refresh()

    def refresh(self) -> None:
        kv = self.cluster.store.get(NODE_PORTS_KEY)
        alloc = json.loads(kv.value) if kv is not None else {"range": "30000-32767", "data": ""}
        self.range = alloc["range"]
        self.first, self.last = (int(p) for p in self.range.split("-"))
        data = alloc.get("data") or ""
        bits = int.from_bytes(base64.b64decode(data), "big") if data else 0
        self.allocated = [self.first + i for i in range(self.last - self.first + 1) if bits >> i & 1]
        self.owners = {}
        for svc in self.cluster.client.list("v1", "Service")["items"]:
            for p in (svc.get("spec") or {}).get("ports") or []:
                if p.get("nodePort"):
                    self.owners[p["nodePort"]] = f"{svc['metadata']['namespace']}/{svc['metadata']['name']}"
        self.html.value = "<pre style='font-size:12px;line-height:1.2'>" + esc(self.text()) + "</pre>"

    def rows(self) -> list[str]:
        taken = set(self.allocated)
        size = self.last - self.first + 1
        cells = []
        for start in range(0, size, self.block):
            ports = range(self.first + start, min(self.first + start + self.block, self.last + 1))
            cells.append("#" if any(p in taken for p in ports) else ".")
        span = self.block * self.per_row
        out = []
        for r in range(0, len(cells), self.per_row):
            lo = self.first + r * self.block
            hi = min(lo + span - 1, self.last)
            out.append(f"{lo}-{hi} {''.join(cells[r:r + self.per_row])}")
        return out

    def text(self) -> str:
        lines = [f"NodePort range {self.range}: {self.last - self.first + 1} ports, {len(self.allocated)} allocated "
                 f"(one character = {self.block} ports, # = at least one taken)"]
        lines += self.rows()
        lines += [f"  {p}  {self.owners.get(p, '(allocated, no Service found)')}" for p in self.allocated]
        return "\n".join(lines)


def decode_suffix(suffix: str) -> str:
    """The decimal string a safe-encoded suffix came from: each digit 0-9 maps to its own letter
    (ord('0')..ord('9') mod 27 are ten distinct positions), so decimal hashes decode uniquely."""
    back = {ALPHANUMS[ord(d) % len(ALPHANUMS)]: d for d in "0123456789"}
    try:
        return "".join(back[ch] for ch in suffix)
    except KeyError as e:
        raise ValueError(f"{suffix!r}: {e.args[0]!r} is not the encoding of a digit") from None


class SuffixCodec(View):
    """Type a decimal pod-template-hash or a ReplicaSet name suffix; see the other one."""

    def __init__(self, value: str = "3731017676"):
        self.decimal = w.Text(description="hash", value=value)
        self.suffix = w.Text(description="suffix", value=safe_encode_string(value))
        self.note = w.HTML()
        self.widget = w.VBox([self.decimal, self.suffix, self.note])
        self.decimal.observe(lambda _: self._quiet or self._from_decimal(), names="value")
        self.suffix.observe(lambda _: self._quiet or self._from_suffix(), names="value")
        self._from_decimal()

    def _from_decimal(self) -> None:
        with self.quiet():
            self.suffix.value = safe_encode_string(self.decimal.value)
        self.note.value = esc(self.explain())

    def _from_suffix(self) -> None:
        try:
            decimal = decode_suffix(self.suffix.value)
        except ValueError as e:
            self.note.value = esc(str(e))
            return
        with self.quiet():
            self.decimal.value = decimal
        self.note.value = esc(self.explain())

    def set(self, decimal: str = "", suffix: str = "") -> None:
        """What typing into one of the boxes does."""
        if suffix:
            self.suffix.value = suffix
        else:
            self.decimal.value = decimal

    def explain(self) -> str:
        steps = " ".join(f"{ch}->{ALPHANUMS[ord(ch) % len(ALPHANUMS)]}" for ch in self.decimal.value)
        return f"{self.decimal.value} -> {self.suffix.value}   ({steps})"

    def text(self) -> str:
        table = "  ".join(f"{d}:{ALPHANUMS[ord(d) % len(ALPHANUMS)]}" for d in "0123456789")
        return f"digit -> letter: {table}\n{self.explain()}"
