"""A Node's status card (chapter 2): addresses, system info, capacity and conditions as lights.

`NodeCard(node)` shows a Node dict as it is; `NodeCard(cluster, "node1")` reads it from the
cluster and reads it again on `refresh()`. A condition's light is green when it is what a healthy
node reports (Ready True, every pressure False), red when it is the opposite, and grey `??` when
its status is Unknown (the node controller's verdict on a silent kubelet).
"""

from __future__ import annotations

import ipywidgets as w

from .base import View, esc, html_table, text_table

LIGHTS = {"ok": ("ok", "#2a2"), "bad": ("!!", "#c22"), "unknown": ("??", "#999")}


def light(condition: dict) -> str:
    """ok, bad or unknown for one condition."""
    status = condition.get("status")
    if status not in ("True", "False"):
        return "unknown"
    healthy = "True" if condition.get("type") == "Ready" else "False"
    return "ok" if status == healthy else "bad"


class NodeCard(View):
    """One Node's status in four parts: addresses, info, capacity/allocatable, conditions."""

    def __init__(self, node_or_cluster, name: str | None = None):
        self.cluster, self.name = (node_or_cluster, name) if name is not None else (None, None)
        self.node = None if name is not None else node_or_cluster
        self.html = w.HTML()
        self.refresh_button = w.Button(description="refresh")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.widget = w.VBox([self.html] + ([self.refresh_button] if self.cluster is not None else []))
        self.refresh()

    def refresh(self) -> None:
        if self.cluster is not None:
            self.node = self.cluster.client.get("v1", "Node", self.name)
        self.html.value = self._html()

    # ---- the four parts -------------------------------------------------------------------------

    def parts(self) -> dict:
        st = self.node.get("status") or {}
        info = st.get("nodeInfo") or {}
        return {
            "addresses": [f"{a['type']} {a['address']}" for a in st.get("addresses") or []],
            "info": [info.get("osImage", ""), f"kernel {info.get('kernelVersion', '')}",
                     info.get("containerRuntimeVersion", ""), f"kubelet {info.get('kubeletVersion', '')}"],
            "capacity": [f"{k} {v}" for k, v in sorted((st.get("capacity") or {}).items())],
            "allocatable": [f"{k} {v}" for k, v in sorted((st.get("allocatable") or {}).items())],
            "conditions": [(light(c), c["type"], c.get("status", ""), c.get("reason", ""))
                           for c in st.get("conditions") or []],
        }

    def text(self) -> str:
        p = self.parts()
        lines = [f"node/{self.node['metadata']['name']}"]
        for key in ("addresses", "info", "capacity", "allocatable"):
            lines.append(f"  {key:<12}{', '.join(x for x in p[key] if x.strip())}")
        if not p["conditions"]:
            lines.append("  conditions  (none reported yet)")
        else:
            lines.append("  conditions")
            rows = [[f"[{LIGHTS[lt][0]}]", t, s, r] for lt, t, s, r in p["conditions"]]
            lines += text_table(["", "TYPE", "STATUS", "REASON"], rows, indent="    ")[1:]
        return "\n".join(lines)

    def _html(self) -> str:
        p = self.parts()
        rows = [[f"<b>{k}</b>", esc(", ".join(x for x in p[k] if x.strip()))]
                for k in ("addresses", "info", "capacity", "allocatable")]
        lights = " ".join(f"<span style='color:{LIGHTS[lt][1]}'>&#9679;</span> {esc(t)}={esc(s)}"
                          for lt, t, s, _ in p["conditions"]) or "(none reported yet)"
        rows.append(["<b>conditions</b>", lights])
        return f"<b>node/{esc(self.node['metadata']['name'])}</b>" + html_table(["part", "value"], rows)
