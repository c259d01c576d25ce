"""The scheduling view (why a pod went where it went) and the nodes view (how full each node is).

SchedulingView reads the scheduler's traces (k8slab/scheduler/traces.py): every attempt of one
pod, as a nodes x plugins matrix of Filter verdicts and Score results, the chosen node and why.
A dropdown picks the attempt. NodesView shows per node the requests of the pods bound to it
against the node's allocatable cpu, memory and pod count, as bars.
"""

from __future__ import annotations

import ipywidgets as w

from ..scheduler import compat
from ..scheduler.nodeinfo import pod_requests, resource_list
from .base import View, bar, component, esc, html_table, text_table

CHOSEN = "background:#d4f4d4;font-weight:bold"
TIED = "background:#f4f4d4"
REJECTED = "color:#a0a0a0"


class SchedulingView(View):
    """Every scheduling attempt of `namespace/name`, one at a time (the newest first shown)."""

    def __init__(self, cluster, namespace: str, name: str):
        self.cluster, self.namespace, self.name = cluster, namespace, name
        self.scheduler = component(cluster, "scheduler")
        self.attempts: list = []
        self.dropdown = w.Dropdown(description="attempt", layout=w.Layout(width="max-content"))
        self.summary = w.HTML()
        self.matrix = w.HTML()
        self.widget = w.VBox([self.dropdown, self.summary, self.matrix])
        self.dropdown.observe(self._on_select, names="value")
        self.refresh()

    # ---- state --------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the traces again (after more scheduling cycles) and show the newest attempt."""
        traces = self.scheduler.traces
        self.attempts = traces.for_pod(self.namespace, self.name) if traces is not None else []
        options = [(self._label(a), i) for i, a in enumerate(self.attempts)]
        newest = len(options) - 1 if options else None
        with self.quiet():       # setting options resets the value: no callbacks until both are set
            self.dropdown.options = options
            self.dropdown.value = newest
        self._draw()

    @property
    def attempt(self):
        """The attempt on show, None when the scheduler has not tried this pod yet."""
        i = self.dropdown.value
        return self.attempts[i] if i is not None else None

    def select(self, index: int) -> None:
        """Show attempt `index` (0 = the oldest kept), as picking it in the dropdown does."""
        self.dropdown.value = range(len(self.attempts))[index]

    @staticmethod
    def _label(a) -> str:
        where = f" on {a.node}" if a.node else ""
        return f"#{a.attempt} (cycle {a.cycle}, t={a.time:g}s): {a.result}{where}"

    def _on_select(self, change) -> None:
        if not self._quiet:
            self._draw()

    # ---- rendering ----------------------------------------------------------------------------

    def _draw(self) -> None:
        a = self.attempt
        if a is None:
            self.summary.value = f"<i>{esc(self._none())}</i>"
            self.matrix.value = ""
            return
        lines = [f"<b>{esc(a.pod)}</b>: {esc(a.result)}" + (f" on <b>{esc(a.node)}</b>" if a.node else "")]
        if a.why:
            lines.append("why: " + esc(a.why))
        if a.message:
            lines.append("message: " + esc(a.message))
        self.summary.value = "<br>".join(lines)
        header, rows, styles = self._matrix(a)
        self.matrix.value = html_table(header, rows, styles) if rows else ""

    def _matrix(self, a):
        prof = a.profile
        header = ["node"] + [esc(compat.filter_name(p, prof)) for p in a.filter_plugins]
        header += [esc(f"{compat.score_name(c.plugin, prof)} x{c.weight}") for c in a.scores]
        header += ["total"] if a.scores else []
        rows, styles = [], []
        for r in a.rows():
            cells = [esc(r["node"]) + (" &#9733;" if r["chosen"] else "")]
            for p in a.filter_plugins:
                verdict = r["filters"][p]
                cells.append("&#10003;" if verdict == "ok" else "&ndash;" if verdict == "-"
                             else f"<span style='color:#c00000'>&#10007; {esc(verdict)}</span>")
            for c in a.scores:
                s = r["scores"].get(c.plugin)
                cells.append(f"{s['normalized']} <small>(raw {s['raw']})</small>" if s else "")
            if a.scores:
                cells.append(f"<b>{r['total']}</b>" if r.get("total") is not None else "")
            rows.append(cells)
            styles.append(CHOSEN if r["chosen"] else TIED if r["node"] in a.ties
                          else REJECTED if not r["feasible"] else "")
        return header, rows, styles

    def _none(self) -> str:
        return f"no scheduling attempt recorded for {self.namespace}/{self.name}"

    def text(self) -> str:
        if not self.attempts:
            return self._none()
        head = f"{len(self.attempts)} attempt(s) recorded; showing #{self.attempt.attempt}"
        return head + "\n" + str(self.attempt)


def _fmt(resource: str, amount: int) -> str:
    if resource == "cpu":
        return f"{amount // 1000}" if amount % 1000 == 0 else f"{amount}m"
    if resource == "memory":
        return f"{amount / 2**20:.0f}Mi"
    return str(amount)


class NodesView(View):
    """Per node: requested / allocatable cpu, memory and pods, from the API (not the scheduler's
    cache), counting pods bound to the node that have not finished."""

    RESOURCES = ("cpu", "memory", "pods")

    def __init__(self, cluster):
        self.cluster = cluster
        self.rows: list[dict] = []
        self.widget = w.VBox()
        self.refresh()

    def refresh(self) -> None:
        client = self.cluster.client
        nodes = sorted(client.list("v1", "Node")["items"], key=lambda n: n["metadata"]["name"])
        used = {n["metadata"]["name"]: {"cpu": 0, "memory": 0, "pods": 0} for n in nodes}
        for pod in client.list("v1", "Pod")["items"]:
            node = (pod.get("spec") or {}).get("nodeName")
            if node not in used or (pod.get("status") or {}).get("phase") in ("Succeeded", "Failed"):
                continue
            reqs = pod_requests(pod["spec"])
            used[node]["cpu"] += reqs.get("cpu", 0)
            used[node]["memory"] += reqs.get("memory", 0)
            used[node]["pods"] += 1
        self.rows = []
        for n in nodes:
            alloc = resource_list((n.get("status") or {}).get("allocatable"))
            name = n["metadata"]["name"]
            self.rows.append({"node": name, **{r: (used[name][r], alloc.get(r, 0)) for r in self.RESOURCES}})
        self.widget.children = [self._node_box(r) for r in self.rows]

    def _node_box(self, row) -> w.HBox:
        bars = []
        for r in self.RESOURCES:
            requested, allocatable = row[r]
            bars.append(w.FloatProgress(value=min(requested, allocatable), min=0, max=max(allocatable, 1),
                                        description=r, bar_style="danger" if requested > allocatable else "",
                                        layout=w.Layout(width="220px")))
            bars.append(w.Label(f"{_fmt(r, requested)}/{_fmt(r, allocatable)}"))
        return w.HBox([w.Label(row["node"], layout=w.Layout(width="80px"))] + bars)

    def text(self) -> str:
        rows = []
        for row in self.rows:
            cells = [row["node"]]
            for r in self.RESOURCES:
                requested, allocatable = row[r]
                pct = 100 * requested / allocatable if allocatable else 0
                cells.append(f"{bar(requested / allocatable if allocatable else 0, 10)} "
                             f"{_fmt(r, requested)}/{_fmt(r, allocatable)} ({pct:.0f}%)")
            rows.append(cells)
        return "\n".join(text_table(["NODE", "CPU REQUESTS", "MEMORY REQUESTS", "PODS"], rows))
