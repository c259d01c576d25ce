"""`-o custom-columns=NAME:.path,...` and `-o custom-columns-file=FILE`.

Follows `staging/src/k8s.io/kubectl/pkg/cmd/get/customcolumn.go` (NewCustomColumnsPrinterFromSpec:
`HEADER:path` pairs with relaxed JSONPath; from a file: a header line and a line of paths;
one row per item of a List; `<none>` for a path that finds nothing; several results joined by
commas; the tabwriter aligns the columns).
"""

from __future__ import annotations

import re

from ..errors import error
from . import jsonpath
from .tabwriter import TabWriter


class CustomColumnsPrinter:
    def __init__(self, columns: list[tuple[str, str]], no_headers: bool = False):
        self.columns = columns
        self.no_headers = no_headers
        self.parsed = []
        for header, path in columns:
            expr = jsonpath.relaxed(path)
            try:
                nodes = jsonpath.parse(expr)
            except jsonpath.JSONPathError as e:
                raise error(f"error parsing jsonpath {expr}, {e}") from None
            self.parsed.append(nodes)

    @classmethod
    def from_spec(cls, spec: str, no_headers: bool = False) -> "CustomColumnsPrinter":
        if not spec:
            raise error("custom-columns format specified but no custom columns given")
        columns = []
        for part in spec.split(","):
            bits = part.split(":", 1)
            if len(bits) != 2:
                raise error(f'unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>')
            columns.append((bits[0], bits[1]))
        return cls(columns, no_headers)

    @classmethod
    def from_file(cls, text: str, no_headers: bool = False) -> "CustomColumnsPrinter":
        lines = [l for l in text.splitlines() if l.strip()]
        if len(lines) != 2:
            raise error(f"unexpected lines in custom columns file, expected 2, saw {len(lines)}")
        headers, paths = re.split(r"\s+", lines[0].strip()), re.split(r"\s+", lines[1].strip())
        if len(headers) != len(paths):
            raise error(f"number of headers ({len(headers)}) and paths ({len(paths)}) don't match")
        return cls(list(zip(headers, paths)), no_headers)

    def print(self, obj: dict, out) -> None:
        w = TabWriter(out)
        if not self.no_headers:
            w.write("\t".join(h for h, _ in self.columns) + "\n")
        items = obj.get("items") if isinstance(obj.get("items"), list) and obj.get("kind", "").endswith("List") else [obj]
        for item in items:
            cells = []
            for nodes in self.parsed:
                steps = nodes[0][1] if nodes and nodes[0][0] == "list" else []
                values = jsonpath.find(steps, item)
                if not values:
                    cells.append("<none>")
                else:
                    cells.append(",".join(jsonpath.text_of(v) if v is not None else "<nil>" for v in values))
            w.write("\t".join(cells) + "\n")
        w.flush()
