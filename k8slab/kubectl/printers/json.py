"""JSON exactly as kubectl prints it: Go's json.MarshalIndent with four spaces, keys sorted.

Follows `staging/src/k8s.io/cli-runtime/pkg/printers/json.go` (MarshalIndent(obj, "", "    ")
and a final newline) and Go's `encoding/json` (map keys sorted by bytes; `<`, `>`, `&`,
U+2028 and U+2029 escaped as \\u003c ...; whole floats without a fraction).
"""

from __future__ import annotations

import json


def _clean(value):
    if isinstance(value, float) and value == value and value not in (float("inf"), float("-inf")) \
            and value == int(value) and abs(value) < 1e21:
        return int(value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def dumps(value, indent: str = "    ") -> str:
    """MarshalIndent(value, "", indent) plus the newline kubectl adds."""
    text = json.dumps(_clean(value), indent=indent, sort_keys=True, ensure_ascii=False,
                      separators=(",", ": "))
    return go_escape(text) + "\n"


def compact(value) -> str:
    """json.Marshal(value): no spaces, keys sorted, Go's escaping."""
    return go_escape(json.dumps(_clean(value), sort_keys=True, ensure_ascii=False, separators=(",", ":")))


def go_escape(text: str) -> str:
    if not any(c in text for c in "<>&\u2028\u2029"):
        return text
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
