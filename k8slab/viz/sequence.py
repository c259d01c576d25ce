"""What happened to one pod, in etcd's order (chapter 3): every write of its key and every Event
about it, read back from the store's watch history.

etcd numbers every write with a revision, so a watch started at an old revision replays the
cluster's history in the order it happened. `PodSequence(store, "default", "web", since=rev)`
keeps the writes of `/registry/pods/default/web` and of the Events whose involvedObject is that
pod. Who wrote a revision of the pod comes from its managedFields (the entry that changed: its
manager and subresource); who wrote an Event from the Event's `source`. `acting()` names the
architecture diagram's components that took part, for `architecture()` with them lit.

In k8slab the components' in-process clients send no User-Agent, from which upstream's API server
names a field manager, so the scheduler's Binding shows as manager `unknown` via `binding`
(upstream: `kube-scheduler`); the Scheduled Event beside it says who it was.
"""

from __future__ import annotations

import json

import ipywidgets as w

from .base import View, esc, html_table, text_table
from .diagrams import Diagram, architecture
from .etcd import changed_paths

QUIET = ("metadata.managedFields", "metadata.resourceVersion", "metadata.generation")
LIT = {"style": "rounded,filled", "fillcolor": "gold"}


def _entries(obj: dict) -> dict:
    """managedFields as {(manager, operation, subresource): entry}."""
    return {(m.get("manager", ""), m.get("operation", ""), m.get("subresource", "")): m
            for m in (obj.get("metadata") or {}).get("managedFields") or []}


def writer(old: dict | None, new: dict) -> str:
    """The manager (and subresource) of the managedFields entry this write added or changed."""
    before = _entries(old or {})
    changed = [k for k, e in _entries(new).items() if before.get(k) != e]
    if not changed:
        return "?"
    manager, _, sub = changed[-1]
    return manager + (f" via {sub}" if sub else "")


class PodSequence(View):
    """One pod's history from the store: (revision, who, what) rows, oldest first."""

    def __init__(self, store, namespace: str, name: str, since: int = 0):
        self.store, self.namespace, self.name, self.since = store, namespace, name, since
        self.html = w.HTML()
        self.widget = w.VBox([self.html])
        self.refresh()

    def refresh(self) -> None:
        self.rows = self._rows()
        self.html.value = html_table(["rev", "who", "what"],
                                     [[str(r), esc(who), esc(what)] for r, who, what in self.rows])

    def _rows(self) -> list[tuple[int, str, str]]:
        pod_key = f"/registry/pods/{self.namespace}/{self.name}"
        start = max(self.since, self.store.compact_revision + 1)
        watcher = self.store.watch_prefix("/registry/", start_revision=start)
        try:
            events = watcher.take()
        finally:
            watcher.cancel()
        rows, last = [], None
        for e in events:
            key = e.kv.key.decode()
            if key == pod_key:
                if e.type == "DELETE":
                    rows.append((e.kv.mod_revision, "?", f"deleted {pod_key}"))
                    last = None
                    continue
                obj = json.loads(e.kv.value)
                if last is None:
                    what = f"created {pod_key}"
                else:
                    fields = [p for p in changed_paths(last, obj) if p not in QUIET]
                    what = "set " + ", ".join(_short(fields))
                rows.append((e.kv.mod_revision, writer(last, obj), what))
                last = obj
            elif key.startswith(f"/registry/events/{self.namespace}/") and e.type == "PUT":
                ev = json.loads(e.kv.value)
                inv = ev.get("involvedObject") or {}
                if inv.get("kind") != "Pod" or inv.get("name") != self.name:
                    continue
                src = ev.get("source") or {}
                who = src.get("component", "") + (f"/{src['host']}" if src.get("host") else "")
                rows.append((e.kv.mod_revision, who, f"Event {ev.get('reason')}: {ev.get('message')}"))
        return rows

    def acting(self) -> list[str]:
        """The architecture diagram's nodes that took part (kubectl, apiserver, etcd always)."""
        names = ["kubectl", "apiserver", "etcd"]
        who = " ".join(w for _, w, _ in self.rows)
        for needle, node in (("scheduler", "sched"), ("binding", "sched"), ("controller", "cm"),
                             ("kubelet", "kubelet")):
            if needle in who and node not in names:
                names.append(node)
        if any("Pulling" in what or "Started" in what for _, _, what in self.rows):
            names.append("runtime")
        return names

    def lit_architecture(self) -> Diagram:
        """architecture() with the components that acted filled in."""
        d = architecture()
        d.styles = {n: LIT for n in self.acting()}
        lit = ", ".join(d.nodes[n].split("\n")[0] for n in self.acting())
        d.title = f"Who acted for pod {self.name}: {lit}"
        return d

    def text(self) -> str:
        rows = [[str(r), who, what] for r, who, what in self.rows]
        return "\n".join(text_table(["REV", "WHO", "WHAT"], rows))


def _short(fields: list[str]) -> list[str]:
    """status.containerStatuses, status.conditions, ... with a long list cut to five and a count."""
    return fields if len(fields) <= 5 else fields[:5] + [f"(+{len(fields) - 5} more)"]
