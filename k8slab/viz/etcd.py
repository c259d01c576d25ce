"""The etcd key browser: the `/registry` tree, every revision of a key, decoded, and a watch feed.

Reads any k8slab store (k8slab/storage): `range` for the keys, a watch from an old revision for
the history of one key (the MVCC log keeps every version until compaction) and a live watch on the
prefix for the feed. Values are decoded as JSON (k8slab stores JSON; a real API server writes
protobuf for built-in types, which is shown here as bytes).
"""

from __future__ import annotations

import json

import ipywidgets as w

from ..storage.kv import Compacted
from .base import View, esc, html_table, text_table

FEED_LIMIT = 50


def decode(value: bytes):
    """A stored value as Python data: JSON decoded, anything else as its bytes repr."""
    try:
        return json.loads(value)
    except (ValueError, UnicodeDecodeError):
        return repr(value)


def changed_paths(old, new, path: str = "") -> list[str]:
    """Dotted paths of the fields that differ between two decoded values (lists compared whole)."""
    if isinstance(old, dict) and isinstance(new, dict):
        out = []
        for k in sorted(set(old) | set(new), key=str):
            out += changed_paths(old.get(k), new.get(k), f"{path}.{k}" if path else str(k))
        return out
    return [] if old == new else [path or "(value)"]


def resource_of(key: str, prefix: str) -> str:
    """`/registry/pods/default/web` -> `pods`; `/registry/services/specs/...` -> `services/specs`."""
    rest = key[len(prefix):].split("/")
    if len(rest) > 2 and (rest[0] == "services" or "." in rest[0]):
        return "/".join(rest[:2])
    return rest[0]


class KeyBrowser(View):
    """Browse `store` under `prefix`: pick a resource, a key, then a revision of that key."""

    def __init__(self, store, prefix: str = "/registry/"):
        self.store, self.prefix = store, prefix
        self.feed: list[tuple[int, str, str]] = []          # (revision, PUT|DELETE, key)
        self.history: list[dict] = []
        self.resource = w.Dropdown(description="resource")
        self.key = w.Select(description="key", rows=8, layout=w.Layout(width="95%"))
        self.revision = w.SelectionSlider(description="revision", options=[0], continuous_update=False)
        self.value = w.HTML()
        self.feed_html = w.HTML()
        self.refresh_button = w.Button(description="refresh")
        self.widget = w.VBox([w.HBox([self.resource, self.refresh_button]), self.key, self.revision,
                              self.value, w.HTML("<b>watch feed</b>"), self.feed_html])
        self.resource.observe(self._on_resource, names="value")
        self.key.observe(self._on_key, names="value")
        self.revision.observe(self._on_revision, names="value")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.watcher = store.watch_prefix(prefix, on_event=self._on_watch)
        self.refresh()

    # ---- reading the store --------------------------------------------------------------------

    def keys(self) -> list[str]:
        return [kv.key.decode() for kv in self.store.get_prefix(self.prefix, keys_only=True).kvs]

    def resources(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for k in self.keys():
            r = resource_of(k, self.prefix)
            counts[r] = counts.get(r, 0) + 1
        return dict(sorted(counts.items()))

    def versions(self, key: str) -> list[dict]:
        """Every version of `key` the store still has, oldest first: revision, event, value."""
        store = self.store
        compacted = store.compact_revision
        out = []
        if compacted:
            kv = store.get(key, revision=compacted)
            if kv is not None:
                out.append({"revision": kv.mod_revision, "event": "PUT", "version": kv.version,
                            "value": decode(kv.value), "note": f"oldest kept (compacted at {compacted})"})
        try:
            watcher = store.watch(key, start_revision=compacted + 1)
        except Compacted:                                    # compacted again meanwhile
            return self.versions(key)
        try:
            events = watcher.take()
        finally:
            watcher.cancel()
        for e in events:
            deleted = e.type == "DELETE"
            out.append({"revision": e.kv.mod_revision, "event": e.type, "version": e.kv.version,
                        "value": None if deleted else decode(e.kv.value), "note": ""})
        prev = None
        for v in out:
            v["changed"] = [] if prev is None or v["value"] is None or prev is None \
                else changed_paths(prev, v["value"])
            prev = v["value"]
        return out

    # ---- widget callbacks ---------------------------------------------------------------------

    def refresh(self) -> None:
        counts = self.resources()
        options = [(f"{r} ({n})", r) for r, n in counts.items()]
        current = self.resource.value if self.resource.value in counts else (next(iter(counts), None))
        with self.quiet():       # setting options resets the value: no callbacks until both are set
            self.resource.options = options
            self.resource.value = current
        self._on_resource(None)
        self._draw_feed()

    def _on_resource(self, change) -> None:
        if self._quiet and change is not None:
            return
        r = self.resource.value
        keys = [k for k in self.keys() if resource_of(k, self.prefix) == r]
        keep = self.key.value if self.key.value in keys else (keys[0] if keys else None)
        with self.quiet():       # setting options resets the value: no callbacks until both are set
            self.key.options = keys
            self.key.value = keep
        self._on_key(None)

    def _on_key(self, change) -> None:
        if self._quiet and change is not None:
            return
        self.history = self.versions(self.key.value) if self.key.value else []
        revs = [v["revision"] for v in self.history] or [0]
        with self.quiet():       # setting options resets the value: no callbacks until both are set
            self.revision.options = revs
            self.revision.value = revs[-1]
        self._draw_value()

    def _on_revision(self, change) -> None:
        if self._quiet and change is not None:
            return
        self._draw_value()

    def _on_watch(self, watcher) -> None:
        for e in watcher.take():
            self.feed.append((e.kv.mod_revision, e.type, e.kv.key.decode()))
        del self.feed[:-FEED_LIMIT]
        self._draw_feed()

    # ---- navigation, as a user would click ----------------------------------------------------

    def show(self, key: str, revision: int | None = None) -> None:
        """Select `key` (and one of its revisions; the newest by default), reading the store again."""
        self.refresh()
        self.resource.value = resource_of(key, self.prefix)
        self.key.value = key
        if revision is not None:
            self.revision.value = revision

    def selected(self) -> dict | None:
        for v in self.history:
            if v["revision"] == self.revision.value:
                return v
        return None

    # ---- rendering ----------------------------------------------------------------------------

    def _draw_value(self) -> None:
        v = self.selected()
        if v is None:
            self.value.value = "<i>no key selected</i>"
            return
        changed = ", ".join(v["changed"]) or "-"
        body = "(deleted)" if v["value"] is None else json.dumps(v["value"], indent=2, sort_keys=True)
        self.value.value = (f"<b>{esc(self.key.value)}</b> at revision {v['revision']} ({v['event']}, "
                            f"version {v['version']}); changed: {esc(changed)}"
                            f"<pre style='max-height:300px;overflow:auto'>{esc(body)}</pre>")

    def _draw_feed(self) -> None:
        rows = [[str(rev), t, esc(k)] for rev, t, k in self.feed[-20:]]
        self.feed_html.value = html_table(["revision", "event", "key"], rows) if rows else "<i>no events yet</i>"

    def revisions_text(self) -> str:
        rows = [[str(v["revision"]), v["event"], str(v["version"]), ", ".join(v["changed"]) or v["note"] or "-"]
                for v in self.history]
        return "\n".join(text_table(["REVISION", "EVENT", "VERSION", "CHANGED"], rows))

    def feed_text(self, last: int = 10) -> str:
        """The newest `last` events of the watch feed, one per line."""
        lines = [f"{rev:>6} {t:<6} {k}" for rev, t, k in self.feed[-last:]]
        if len(self.feed) > last:
            lines.insert(0, f"  ({len(self.feed) - last} earlier events not shown)")
        return "\n".join(lines) or "(no events yet)"

    def text(self) -> str:
        counts = self.resources()
        lines = [f"{self.prefix} at revision {self.store.revision}: {sum(counts.values())} keys"]
        lines += [f"  {r}: {n}" for r, n in counts.items()]
        if self.key.value:
            lines += ["", f"{self.key.value}:", self.revisions_text()]
        lines += ["", f"watch feed ({len(self.feed)} events):", self.feed_text()]
        return "\n".join(lines)

    def close(self) -> None:
        """Stop the live watch."""
        self.watcher.cancel()
