"""A JSON object (a Node, a Pod, a kubeconfig) as a tree that folds: `<details>` elements in JupyterLab,
an indented outline as text.

    JsonTree(client.get("v1", "Node", "node1"), open_depth=1)

The text form shows every key down to `text_depth` levels and summarises what lies deeper
(`{5 keys}`, `[4 items]`), so a whole object fits on a screen and stays deterministic for nbval.

Differences from upstream: none to name; kubectl's nearest is `-o json` piped into a viewer.
"""

from __future__ import annotations

import json

import ipywidgets as w

from .base import View, esc


def _summary(value) -> str:
    if isinstance(value, dict):
        return f"{{{len(value)} key{'s' if len(value) != 1 else ''}}}"
    if isinstance(value, list):
        return f"[{len(value)} item{'s' if len(value) != 1 else ''}]"
    return json.dumps(value)


class JsonTree(View):
    """Folding tree of a JSON value; `path` strings like `status.nodeInfo` pick a subtree."""

    def __init__(self, value, open_depth: int = 1, text_depth: int = 2, title: str = ""):
        self.value, self.open_depth, self.text_depth = value, open_depth, text_depth
        self.title = title or (f"{value.get('kind', '')} {value.get('metadata', {}).get('name', '')}".strip()
                               if isinstance(value, dict) else "")
        self.widget = w.HTML(self.html())

    def at(self, path: str):
        """The value at a dotted path (`status.conditions.0.type`)."""
        node = self.value
        for part in path.split(".") if path else []:
            node = node[int(part)] if isinstance(node, list) else node[part]
        return node

    def _items(self, value):
        return value.items() if isinstance(value, dict) else enumerate(value)

    def _html(self, key, value, depth: int) -> str:
        label = f"<b>{esc(key)}</b>" if key is not None else ""
        if isinstance(value, (dict, list)) and value:
            inner = "".join(self._html(k, v, depth + 1) for k, v in self._items(value))
            opened = " open" if depth < self.open_depth else ""
            return (f"<details{opened} style='margin-left:{12 if depth else 0}px'><summary>{label} "
                    f"<span style='color:#888'>{esc(_summary(value))}</span></summary>{inner}</details>")
        return f"<div style='margin-left:12px'>{label}: <code>{esc(_summary(value))}</code></div>"

    def html(self) -> str:
        return (f"<div style='font-family:monospace;font-size:12px'>{esc(self.title)}"
                f"{self._html(None, self.value, 0)}</div>")

    def _lines(self, value, depth: int, indent: str) -> list[str]:
        out = []
        for k, v in self._items(value):
            if isinstance(v, (dict, list)) and v and depth < self.text_depth:
                out.append(f"{indent}{k}: {_summary(v)}")
                out += self._lines(v, depth + 1, indent + "  ")
            else:
                out.append(f"{indent}{k}: {_summary(v)}")
        return out

    def text(self) -> str:
        head = [f"{self.title} {_summary(self.value)}".strip()]
        if isinstance(self.value, (dict, list)):
            return "\n".join(head + self._lines(self.value, 0, "  "))
        return head[0]
