"""etcdctl's output formats: simple, json, fields and table, byte for byte as etcdctl 3.4 prints them.

Follows `etcdctl/ctlv3/command/printer*.go`. JSON is Go's encoding of the protobuf responses:
fields in message order, zero values left out (omitempty), bytes in base64, int64s as numbers.
"""

from __future__ import annotations

import base64
import json
import math

from ..storage.kv import KeyValue


def kv_json(kv: KeyValue, keys_only: bool = False) -> dict:
    d = {"key": base64.b64encode(kv.key).decode()}
    for name in ("create_revision", "mod_revision", "version"):
        if getattr(kv, name):
            d[name] = getattr(kv, name)
    if kv.value and not keys_only:
        d["value"] = base64.b64encode(kv.value).decode()
    if kv.lease:
        d["lease"] = kv.lease
    return d


def dumps(obj) -> str:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


def text(b: bytes) -> str:
    return b.decode("utf-8", errors="replace")


def simple_kv(kv: KeyValue, keys_only=False, value_only=False) -> list[str]:
    """etcdctl's printKV: key, then value (keys-only prints the key and an empty line)."""
    if value_only:
        return [text(kv.value)]
    if keys_only:
        return [text(kv.key), ""]
    return [text(kv.key), text(kv.value)]


def humanize_bytes(n: int) -> str:
    """go-humanize's Bytes (SI units), as `endpoint status` shows DB SIZE: 20480 -> '20 kB'."""
    if n < 10:
        return f"{n} B"
    sizes = ["B", "kB", "MB", "GB", "TB", "PB", "EB"]
    e = math.floor(math.log(n) / math.log(1000))
    val = math.floor(n / 1000 ** e * 10 + 0.5) / 10
    return (f"{val:.0f} {sizes[e]}" if val >= 10 else f"{val:.1f} {sizes[e]}")


def table(header: list[str], rows: list[list[str]]) -> str:
    """The olekukonko/tablewriter layout etcdctl uses: centred headers, right-aligned cells."""
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    line = "+" + "+".join("-" * (w + 2) for w in widths) + "+"

    def center(s, w):
        pad = w - len(s)
        left = pad // 2
        return " " * left + s + " " * (pad - left)

    out = [line, "|" + "|".join(" " + center(h, w) + " " for h, w in zip(header, widths)) + "|", line]
    for r in rows:
        out.append("|" + "|".join(" " + c.rjust(w) + " " for c, w in zip(r, widths)) + "|")
    out.append(line)
    return "\n".join(out)
