"""describe's PrefixWriter and tabbedString, and the multi-line blocks every describer shares.

Follows `staging/src/k8s.io/kubectl/pkg/describe/describe.go`:
- `prefixWriter.Write(level, ...)`: two spaces per level, then printers.WriteEscaped (ESC shows
  as `^[`, CR as `\\r`); `WriteLine` is fmt.Sprintln; `Flush` aligns what was written so far;
  `nestedPrefixWriter` adds levels;
- `tabbedString`: one Go text/tabwriter for the whole text (minwidth 0, tabwidth 8, padding 2,
  pad with spaces; columns aligned over consecutive lines, no remembered widths) flushed at the
  end (k8slab.kubectl.printers.tabwriter does the aligning);
- `printLabelsMultilineWithIndent`, `printAnnotationsMultiline` (last-applied-configuration
  skipped; values over 140 characters or with newlines on their own lines, cut at 138 with
  `...`), `printTaintsMultilineWithIndent` (sorted by effect,key), `printTolerations...`
  (sorted by key), `printPodsMultilineWithIndent` (sorted by name).

    w = PrefixWriter()
    w.write(LEVEL_0, "Name:\\tredis\\n")
    print_labels_multiline(w, "Labels", {"app": "redis"})
    text = w.string()
"""

from __future__ import annotations

from ..printers.tabwriter import TabWriter
from .gosort import go_sort

LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, LEVEL_4 = range(5)
LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
MAX_ANNOTATION_LEN = 140


def escape(text: str) -> str:
    """printers.WriteEscaped: terminal escapes made visible."""
    if "\x1b" in text or "\r" in text:
        text = text.replace("\x1b", "^[").replace("\r", "\\r")
    return text


class _Buffer:
    def __init__(self):
        self.parts: list[str] = []

    def write(self, s: str) -> None:
        self.parts.append(s)


class PrefixWriter:
    """Text at indentation levels into one tabwriter (describe.go prefixWriter + tabbedString)."""

    def __init__(self):
        self._out = _Buffer()
        self._tw = TabWriter(self._out, padding=2, min_width=0, remember=False)

    def write(self, level: int, text: str) -> None:
        self._tw.write(escape("  " * level + text))

    def write_line(self, *args) -> None:
        self._tw.write(escape(" ".join(str(a) for a in args) + "\n"))

    def flush(self) -> None:
        self._tw.flush()

    def nested(self, indent: int) -> "NestedPrefixWriter":
        return NestedPrefixWriter(self, indent)

    def string(self) -> str:
        self._tw.flush()
        return "".join(self._out.parts)


class NestedPrefixWriter:
    """describe.go nestedPrefixWriter: every write `indent` levels deeper."""

    def __init__(self, inner, indent: int):
        self.inner, self.indent = inner, indent

    def write(self, level: int, text: str) -> None:
        self.inner.write(level + self.indent, text)

    def write_line(self, *args) -> None:
        self.inner.write(self.indent, " ".join(str(a) for a in args) + "\n")

    def flush(self) -> None:
        self.inner.flush()

    def nested(self, indent: int) -> "NestedPrefixWriter":
        return NestedPrefixWriter(self, indent)


# ---- blocks ----------------------------------------------------------------------------------

def print_labels_multiline(w, title: str, labels: dict | None, initial_indent: str = "",
                           inner_indent: str = "\t", skip: frozenset = frozenset()) -> None:
    w.write(LEVEL_0, f"{initial_indent}{title}:{inner_indent}")
    keys = sorted(k for k in (labels or {}) if k not in skip)
    if not keys:
        w.write_line("<none>")
        return
    for i, key in enumerate(keys):
        if i:
            w.write(LEVEL_0, initial_indent)
            w.write(LEVEL_0, inner_indent)
        w.write(LEVEL_0, f"{key}={labels[key]}\n")


def print_annotations_multiline(w, title: str, annotations: dict | None) -> None:
    w.write(LEVEL_0, f"{title}:\t")
    keys = sorted(k for k in (annotations or {}) if k != LAST_APPLIED)
    if not keys:
        w.write_line("<none>")
        return
    indent = "\t"
    for i, key in enumerate(keys):
        if i:
            w.write(LEVEL_0, indent)
        value = annotations[key]
        value = value[:-1] if value.endswith("\n") else value
        if len(value.encode()) + len(key.encode()) + 2 > MAX_ANNOTATION_LEN or "\n" in value:
            w.write(LEVEL_0, f"{key}:\n")
            for s in value.split("\n"):
                w.write(LEVEL_0, f"{indent}  {shorten(s, MAX_ANNOTATION_LEN - 2)}\n")
        else:
            w.write(LEVEL_0, f"{key}: {value}\n")


def shorten(s: str, max_length: int) -> str:
    """describe.go shorten: cut at max_length bytes (Go slices bytes), then `...`."""
    b = s.encode()
    if len(b) > max_length:
        return b[:max_length].decode("utf-8", "replace") + "..."
    return s


def taint_string(taint: dict) -> str:
    """corev1.Taint.ToString: `key=value:effect`, `key:effect`."""
    key, value, effect = taint.get("key", ""), taint.get("value", ""), taint.get("effect", "")
    if not value:
        return f"{key}:{effect}"
    return f"{key}={value}:{effect}"


def print_taints_multiline(w, title: str, taints: list | None, initial_indent: str = "",
                           inner_indent: str = "\t") -> None:
    w.write(LEVEL_0, f"{initial_indent}{title}:{inner_indent}")
    if not taints:
        w.write_line("<none>")
        return
    taints = go_sort(list(taints), lambda a, b: (a.get("effect", "") + "," + a.get("key", "")) <
                     (b.get("effect", "") + "," + b.get("key", "")))
    for i, taint in enumerate(taints):
        if i:
            w.write(LEVEL_0, initial_indent)
            w.write(LEVEL_0, inner_indent)
        w.write(LEVEL_0, f"{taint_string(taint)}\n")


def print_pods_multiline(w, title: str, pods: list, initial_indent: str = "",
                         inner_indent: str = "\t") -> None:
    w.write(LEVEL_0, f"{initial_indent}{title}:{inner_indent}")
    if not pods:
        w.write_line("<none>")
        return
    names = go_sort([(p.get("metadata") or {}).get("name", "") for p in pods], lambda a, b: a < b)
    for i, name in enumerate(names):
        if i:
            w.write(LEVEL_0, initial_indent)
            w.write(LEVEL_0, inner_indent)
        w.write(LEVEL_0, f"{name}\n")


def print_tolerations_multiline(w, title: str, tolerations: list | None, initial_indent: str = "",
                                inner_indent: str = "\t") -> None:
    w.write(LEVEL_0, f"{initial_indent}{title}:{inner_indent}")
    if not tolerations:
        w.write_line("<none>")
        return
    tolerations = go_sort(list(tolerations), lambda a, b: a.get("key", "") < b.get("key", ""))
    for i, t in enumerate(tolerations):
        if i:
            w.write(LEVEL_0, initial_indent)
            w.write(LEVEL_0, inner_indent)
        key, value, effect = t.get("key", ""), t.get("value", ""), t.get("effect", "")
        text = key
        if value:
            text += f"={value}"
        if effect:
            text += f":{effect}"
        if t.get("operator") == "Exists" and not value:
            text += " op=Exists" if key or effect else "op=Exists"
        if t.get("tolerationSeconds") is not None:
            text += f" for {t['tolerationSeconds']}s"
        w.write(LEVEL_0, text + "\n")
