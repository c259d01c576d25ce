"""Printing the server's Tables as kubectl does (the default and `-o wide` output of `get`).

Follows `staging/src/k8s.io/cli-runtime/pkg/printers/tableprinter.go` (HumanReadablePrinter:
headers are the upper-cased column names, priority > 0 columns only with `-o wide`, headers
printed once while the columns stay the same (watch), `decorateTable`: a NAMESPACE column first
with `-A`, `kind/name` in the name column when several kinds are printed, `-L` label columns and
LABELS with `--show-labels`, an EVENT column for `--output-watch-events`) and
`apimachinery/pkg/labels` FormatLabels (`a=b,c=d`, `<none>`).
"""

from __future__ import annotations

from .tabwriter import TabWriter

EVENT_TYPES = {"ADDED": "ADDED   ", "MODIFIED": "MODIFIED", "DELETED": "DELETED ", "ERROR": "ERROR   "}


class PrintOptions:
    """How tables print: `kind` is the "deployment.apps" of `kind/name` when with_kind."""

    def __init__(self, no_headers=False, wide=False, with_namespace=False, with_kind=False, kind="",
                 show_labels=False, column_labels=None):
        self.no_headers, self.wide, self.with_namespace = no_headers, wide, with_namespace
        self.with_kind, self.kind, self.show_labels = with_kind, kind, show_labels
        self.column_labels: list[str] = column_labels or []


def format_labels(labels: dict | None) -> str:
    if not labels:
        return "<none>"
    return ",".join(f"{k}={labels[k]}" for k in sorted(labels))


def format_cell(cell) -> str:
    """A cell as Go's fmt.Fprint writes it, made safe for a terminal."""
    if cell.__class__ is str:
        return escape(cell)
    if cell is None:
        return ""
    if cell is True:
        return "true"
    if cell is False:
        return "false"
    if isinstance(cell, float):
        return go_float(cell)
    if isinstance(cell, list):
        return "[" + " ".join(format_cell(c) for c in cell) + "]"
    if isinstance(cell, dict):
        return "map[" + " ".join(f"{k}:{format_cell(cell[k])}" for k in sorted(cell)) + "]"
    return str(cell)


def go_float(f: float) -> str:
    if f == int(f) and abs(f) < 1e21:
        return str(int(f))
    r = repr(f)
    if "e" in r:
        mant, exp = r.split("e")
        sign = "-" if exp.startswith("-") else "+"
        return f"{mant}e{sign}{exp.lstrip('+-').zfill(2)}"
    return r


def escape(value: str) -> str:
    """Cut at a line break (with `...`) and show ESC as `^[` (printers.WriteEscaped)."""
    if "\n" not in value and "\r" not in value and "\f" not in value and "\x1b" not in value:
        return value
    for i, ch in enumerate(value):
        if ch in "\f\n\r":
            return value[:i].replace("\x1b", "^[") + "..."
    return value.replace("\x1b", "^[") if "\x1b" in value else value


class TablePrinter:
    """Prints Tables one after another into a TabWriter, as kubectl's table printer does."""

    def __init__(self, options: PrintOptions):
        self.options = options
        self.last_columns: list | None = None
        self.printed_headers = False

    def print_table(self, table: dict, w: TabWriter, event_type: str = "") -> None:
        opts = self.options
        columns = table.get("columnDefinitions") or []
        no_headers = opts.no_headers
        if self.printed_headers and (not columns or columns == self.last_columns):
            no_headers = True
        if not columns:
            columns = self.last_columns or []
        elif columns != self.last_columns:
            self.last_columns = columns
            self.printed_headers = False
        rows = table.get("rows") or []
        if rows:
            self.printed_headers = True
        visible = [i for i, c in enumerate(columns) if opts.wide or not c.get("priority")]
        name_col = -1
        if opts.with_kind and opts.kind:
            name_col = next((i for i, c in enumerate(columns)
                             if c.get("format") == "name" and c.get("type") == "string"), -1)
        if not no_headers and rows:
            headers = [columns[i]["name"].upper() for i in visible]
            if opts.with_namespace:
                headers.insert(0, "NAMESPACE")
            headers += [label.split("/")[-1].upper() for label in opts.column_labels]
            if opts.show_labels:
                headers.append("LABELS")
            if event_type:
                headers.insert(0, "EVENT")
            w.write("\t".join(headers) + "\n")
        for row in rows:
            cells = row.get("cells") or []
            meta = (row.get("object") or {}).get("metadata") or {}
            out = []
            if event_type:
                out.append(EVENT_TYPES.get(event_type, event_type))
            if opts.with_namespace:
                out.append(meta.get("namespace", ""))
            for i in visible:
                cell = cells[i] if i < len(cells) else None
                text = format_cell(cell)
                if i == name_col:
                    text = f"{opts.kind}/{text}"
                out.append(text)
            labels = meta.get("labels") or {}
            for key in opts.column_labels:
                out.append(labels.get(key, ""))
            if opts.show_labels:
                out.append(format_labels(labels))
            w.write("\t".join(out) + "\n")
