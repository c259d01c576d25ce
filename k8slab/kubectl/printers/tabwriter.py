"""Go's text/tabwriter as kubectl configures it (liggitt/tabwriter: minwidth 6, tabwidth 4,
padding 3, padchar ' ', RememberWidths), for every table kubectl prints.

Follows `text/tabwriter/tabwriter.go` (format(): a column is a run of consecutive lines that
have a tab-terminated cell at that index; its width is the widest cell plus padding; the text
after a line's last tab is not padded) and `github.com/liggitt/tabwriter` (SetRememberedWidths:
a later flush never makes a column narrower than an earlier one).
"""

from __future__ import annotations

PADDING = 3
MIN_WIDTH = 6


class TabWriter:
    """Collects text; flush() writes it aligned."""

    def __init__(self, out, padding: int = PADDING, min_width: int = MIN_WIDTH, remember: bool = True):
        self.out = out
        self.padding = padding
        self.min_width = min_width
        self.remember = remember
        self.widths: list[int] = []          # remembered column widths
        self._buf: list[str] = []

    def write(self, text: str) -> None:
        self._buf.append(text)

    def flush(self, prefix: str = "") -> str:
        """Write what was collected, aligned (after `prefix` if there is anything); return it."""
        text = "".join(self._buf)
        self._buf = []
        if not text:
            return ""
        text = self.format(text)
        self.out.write(prefix + text)
        return text

    def reset_widths(self) -> None:
        self.widths = []

    def format(self, text: str) -> str:
        lines = text.split("\n")
        trailing = lines.pop() if lines else ""     # text after the last newline
        cells = [line.split("\t") for line in lines]
        if cells and len({len(row) for row in cells}) == 1:
            return self._format_uniform(cells) + trailing
        widths: dict[tuple[int, int], int] = {}       # (line index, column) -> width
        self._format(cells, 0, 0, len(cells), widths)
        out = []
        for li, row in enumerate(cells):
            parts = []
            for col, cell in enumerate(row[:-1]):
                w = widths.get((li, col), 0)
                parts.append(cell + " " * (w - _width(cell)))
            parts.append(row[-1])
            out.append("".join(parts))
        return "\n".join(out) + "\n" + trailing if lines else trailing

    def _format_uniform(self, cells: list[list[str]]) -> str:
        """Every line has the same cells: one block per column (the common case, done fast)."""
        n = len(cells[0]) - 1
        widths = []
        for col in range(n):
            width = max(self.min_width, max(len(row[col]) for row in cells) + self.padding)
            if self.remember:
                while len(self.widths) <= col:
                    self.widths.append(0)
                width = max(width, self.widths[col])
                self.widths[col] = width
            widths.append(width)
        pairs = list(enumerate(widths))
        return "".join("".join(row[c].ljust(w) for c, w in pairs) + row[n] + "\n" for row in cells)

    def _format(self, cells, col: int, line0: int, line1: int, widths) -> None:
        li = line0
        while li < line1:
            if col >= len(cells[li]) - 1:
                li += 1
                continue
            # a block: consecutive lines with a tab-terminated cell in this column
            start = li
            width = self.min_width
            while li < line1 and col < len(cells[li]) - 1:
                width = max(width, _width(cells[li][col]) + self.padding)
                li += 1
            if self.remember:
                while len(self.widths) <= col:
                    self.widths.append(0)
                width = max(width, self.widths[col])
                self.widths[col] = width
            for j in range(start, li):
                widths[(j, col)] = width
            self._format(cells, col + 1, start, li, widths)


def _width(s: str) -> int:
    return len(s)
