"""Desired against actual for one Deployment (chapter 2): a bar per count, read from its status.

`ReplicasBar(cluster, "default", "nginx")`; `refresh()` reads the Deployment again, `record()`
also keeps a line in `history` so a cell can show how the counts caught up with the spec.
"""

from __future__ import annotations

import ipywidgets as w

from .base import View, bar, esc

ROWS = (("current", "replicas"), ("updated", "updatedReplicas"), ("ready", "readyReplicas"),
        ("available", "availableReplicas"))


class ReplicasBar(View):
    """spec.replicas (desired) next to the status counts (actual) of a Deployment."""

    def __init__(self, cluster, namespace: str, name: str):
        self.cluster, self.namespace, self.name = cluster, namespace, name
        self.history: list[str] = []
        self.html = w.HTML()
        self.widget = w.VBox([self.html])
        self.refresh()

    def counts(self) -> dict:
        d = self.cluster.client.get("apps/v1", "Deployment", self.name, self.namespace)
        st = d.get("status") or {}
        return {"desired": d["spec"].get("replicas", 1), **{label: st.get(field, 0) for label, field in ROWS}}

    def refresh(self) -> None:
        self.state = self.counts()
        self.html.value = self._html()

    def record(self, label: str = "") -> str:
        """Refresh and add one line to `history`: time, label and actual/desired counts."""
        self.refresh()
        s = self.state
        line = (f"t={self.cluster.clock.now():<5g} {label:<22} " +
                "  ".join(f"{k} {s[k]}/{s['desired']}" for k, _ in ROWS))
        self.history.append(line.rstrip())
        return line

    def text(self) -> str:
        s = self.state
        desired = s["desired"]
        lines = [f"deployment/{self.name}: desired {desired}"]
        for label, _ in ROWS:
            fraction = s[label] / desired if desired else 1.0
            lines.append(f"  {label:<10}{bar(fraction)} {s[label]}/{desired}")
        return "\n".join(lines)

    def _html(self) -> str:
        s = self.state
        desired = s["desired"]
        out = [f"<b>deployment/{esc(self.name)}</b>: desired {desired}<br>"]
        for label, _ in ROWS:
            pct = 100 * (s[label] / desired if desired else 1.0)
            colour = "#2a2" if s[label] >= desired else "#e90"
            out.append(f"<div style='font-family:monospace'>{label:<10} <span style='display:inline-block;"
                       f"width:200px;background:#eee'><span style='display:inline-block;width:{min(pct, 100):.0f}%;"
                       f"background:{colour}'>&nbsp;</span></span> {s[label]}/{desired}</div>")
        return "".join(out)
