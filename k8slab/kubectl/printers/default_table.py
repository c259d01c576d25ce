"""NAME and AGE for servers that answer a list instead of a Table (tableprinter.go's
printObjectMeta with the default column definitions), and kubectl's ages.

Follows `apimachinery/pkg/util/duration/duration.go` (HumanDuration: `45s`, `5m30s`, `3h`,
`2d5h`, `400d`, `12y`).
"""

from __future__ import annotations

import time
from datetime import datetime, timezone

COLUMNS = [
    {"name": "Name", "type": "string", "format": "name", "priority": 0,
     "description": "Name must be unique within a namespace."},
    {"name": "Age", "type": "string", "format": "", "priority": 0,
     "description": "CreationTimestamp is a timestamp representing the server time when this object was created."},
]


def human_duration(seconds: float) -> str:
    if seconds < -1:
        return "<invalid>"
    if seconds < 0:
        return "0s"
    s = int(seconds)
    if s < 60 * 2:
        return f"{s}s"
    minutes = s // 60
    if minutes < 10:
        rest = s % 60
        return f"{minutes}m{rest}s" if rest else f"{minutes}m"
    if minutes < 60 * 3:
        return f"{minutes}m"
    hours = s // 3600
    if hours < 8:
        rest = (s % 3600) // 60
        return f"{hours}h{rest}m" if rest else f"{hours}h"
    if hours < 48:
        return f"{hours}h"
    if hours < 24 * 8:
        rest = hours % 24
        return f"{hours // 24}d{rest}h" if rest else f"{hours // 24}d"
    if hours < 24 * 365 * 2:
        return f"{hours // 24}d"
    if hours < 24 * 365 * 8:
        days = hours // 24 - 365 * (hours // 24 // 365)
        return f"{hours // 24 // 365}y{days}d" if days else f"{hours // 24 // 365}y"
    return f"{hours // 24 // 365}y"


def age(timestamp: str | None, now: float | None = None) -> str:
    if not timestamp:
        return "<unknown>"
    t = datetime.strptime(timestamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc).timestamp()
    return human_duration((time.time() if now is None else now) - t)


def default_table(lst: dict) -> dict:
    items = lst.get("items") if "items" in lst else [lst]
    rows = [{"cells": [(i.get("metadata") or {}).get("name", ""),
                       age((i.get("metadata") or {}).get("creationTimestamp"))], "object": i}
            for i in items or []]
    return {"kind": "Table", "apiVersion": "meta.k8s.io/v1", "columnDefinitions": COLUMNS, "rows": rows}
