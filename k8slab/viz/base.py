"""What every lab widget shares: a widget for JupyterLab and the same state as plain text.

A View builds its ipywidgets tree once (`.widget`) and re-renders it on `refresh()`. Jupyter shows
the widget, with `text()` as the text/plain part of the output, so a notebook saved with outputs
carries a readable, deterministic rendering (what nbval compares) next to the live widget.
"""

from __future__ import annotations

import html
from contextlib import contextmanager


class View:
    """Base class: subclasses set `self.widget` and implement `text()`."""

    widget = None
    _quiet = False

    @contextmanager
    def quiet(self):
        """Widget callbacks that check `self._quiet` do nothing inside this block."""
        saved, self._quiet = self._quiet, True
        try:
            yield
        finally:
            self._quiet = saved

    def text(self) -> str:
        raise NotImplementedError(f"{type(self).__name__} must render itself as text")

    def refresh(self) -> None:
        """Read the cluster again and redraw."""

    def __str__(self) -> str:
        return self.text()

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude) or {})
        data["text/plain"] = self.text()
        return data


def esc(value) -> str:
    return html.escape(str(value), quote=False)


def text_table(header: list[str], rows: list[list[str]], indent: str = "") -> list[str]:
    """Columns padded to their widest cell, two spaces apart, trailing blanks dropped."""
    table = [header] + rows
    widths = [max(len(str(r[i])) for r in table) for i in range(len(header))]
    return [indent + "  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip() for r in table]


def html_table(header: list[str], rows: list[list[str]], row_styles: list[str] | None = None) -> str:
    """An HTML table; cells are given already escaped (they may hold markup)."""
    head = "".join(f"<th style='text-align:left;padding:2px 8px'>{h}</th>" for h in header)
    body = []
    for i, r in enumerate(rows):
        style = (row_styles or [""] * len(rows))[i]
        cells = "".join(f"<td style='padding:2px 8px'>{c}</td>" for c in r)
        body.append(f"<tr style='{style}'>{cells}</tr>")
    return ("<table style='border-collapse:collapse;font-family:monospace;font-size:12px'>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")


def bar(fraction: float, width: int = 20) -> str:
    """A text bar: `[#####...............]`, clipped to [0, 1]."""
    filled = int(max(0.0, min(1.0, fraction)) * width + 0.5)        # half up, not to even
    return "[" + "#" * filled + "." * (width - filled) + "]"


def component(cluster, name: str):
    """The cluster's component called `name` ("scheduler", "kube-controller-manager", ...)."""
    for c in cluster.components:
        if getattr(c, "name", "") == name:
            return c
    raise LookupError(f"this cluster runs no component named {name!r}")
