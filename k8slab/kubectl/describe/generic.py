"""The describer for every kind without its own: custom resources, leases, events, ...

Follows `staging/src/k8s.io/kubectl/pkg/describe/describe.go` (genericDescriber.Describe:
Name, Namespace, Labels, Annotations, then printUnstructuredContent over the whole object with
metadata's managedFields, name, namespace, labels and annotations skipped: fields sorted, a map
or list opens a nested block, scalars are `Label:\\tvalue`; smartLabelFor: camelCase split
(github.com/fatih/camelcase) and title-cased, API/URL/UID/OSB/GUID upper-cased, left alone when
the field has characters other than letters and `-`; then the object's events).
"""

from __future__ import annotations

import unicodedata

from ..errors import StatusError
from .context import DescribeContext
from .events import describe_events, search_events
from .gofmt import go_v
from .writer import LEVEL_0, PrefixWriter, print_annotations_multiline, print_labels_multiline

SKIP = (".metadata.managedFields", ".metadata.name", ".metadata.namespace", ".metadata.labels",
        ".metadata.annotations")
ACRONYMS = ("API", "URL", "UID", "OSB", "GUID")


def describe_generic(ctx: DescribeContext, resource, namespace: str, name: str) -> str:
    obj = ctx.get(resource.path(namespace or None, name))
    events = None
    if ctx.show_events:
        try:
            events = search_events(ctx, obj, obj.get("kind", ""))
        except StatusError:
            events = []
    m = obj.get("metadata") or {}
    w = PrefixWriter()
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    w.write(LEVEL_0, f"Namespace:\t{m.get('namespace', '')}\n")
    print_labels_multiline(w, "Labels", m.get("labels"))
    print_annotations_multiline(w, "Annotations", m.get("annotations"))
    print_unstructured_content(w, LEVEL_0, obj, "", SKIP)
    if events is not None:
        describe_events(events, w, ctx.now)
    return w.string()


def print_unstructured_content(w, level: int, content: dict, skip_prefix: str, skip: tuple) -> None:
    for field in sorted(content):
        value = content[field]
        path = f"{skip_prefix}.{field}"
        if path in skip:
            continue
        if isinstance(value, dict):
            w.write(level, f"{smart_label_for(field)}:\n")
            print_unstructured_content(w, level + 1, value, path, skip)
        elif isinstance(value, list):
            w.write(level, f"{smart_label_for(field)}:\n")
            for child in value:
                if isinstance(child, dict):
                    print_unstructured_content(w, level + 1, child, path, skip)
                else:
                    w.write(level + 1, f"{go_v(child)}\n")
        else:
            w.write(level, f"{smart_label_for(field)}:\t{go_v(value)}\n")


def _is_letter(ch: str) -> bool:
    return unicodedata.category(ch).startswith("L")


def _class(ch: str) -> int:
    if ch.islower():
        return 1
    if ch.isupper():
        return 2
    if unicodedata.category(ch) == "Nd":
        return 3
    return 4


def camelcase_split(src: str) -> list[str]:
    """github.com/fatih/camelcase Split."""
    runs: list[list[str]] = []
    last = 0
    for ch in src:
        c = _class(ch)
        if c == last and runs:
            runs[-1].append(ch)
        else:
            runs.append([ch])
        last = c
    for i in range(len(runs) - 1):
        if runs[i] and runs[i][0].isupper() and runs[i + 1][0].islower():
            runs[i + 1].insert(0, runs[i].pop())
    return ["".join(r) for r in runs if r]


def _title(word: str) -> str:
    """strings.Title: the first letter of each word upper-cased (words split at non-letters/digits)."""
    out, prev_letter = [], False
    for ch in word:
        out.append(ch if prev_letter else ch.upper())
        prev_letter = _is_letter(ch) or ch.isdigit() or ch == "_" or ch == "'"
    return "".join(out)


def smart_label_for(field: str) -> str:
    if any(not _is_letter(ch) and ch != "-" for ch in field):
        return field
    parts = []
    for part in camelcase_split(field):
        if part == "_":
            continue
        parts.append(part.upper() if part.upper() in ACRONYMS else _title(part))
    return " ".join(parts)
