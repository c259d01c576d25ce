"""Helpers for plugins that change an object and report the change as JSON patch operations
(RFC 6902), as the per-request admission record keeps them."""

from __future__ import annotations


def escape(key: str) -> str:
    """A JSON pointer token: ~ and / escaped."""
    return key.replace("~", "~0").replace("/", "~1")


def set_field(parent: dict, key: str, value, path: str, ops: list) -> None:
    """parent[key] = value, recorded as add (new key) or replace."""
    ops.append({"op": "replace" if key in parent else "add", "path": path, "value": value})
    parent[key] = value


def append(parent: dict, key: str, value, path: str, ops: list) -> None:
    """Append to the list parent[key] (made if missing), recorded as one add."""
    if parent.get(key) is None:
        parent[key] = [value]
        ops.append({"op": "add", "path": path, "value": [value]})
    else:
        parent[key].append(value)
        ops.append({"op": "add", "path": f"{path}/-", "value": value})
