"""What every printer shares: column definitions, ages, label and selector text, container lists.

Follows upstream:
- `staging/src/k8s.io/apimachinery/pkg/util/duration/duration.go` (`HumanDuration`),
- `pkg/printers/internalversion/printers.go` (`translateTimestampSince`, `layoutContainerCells`),
- `staging/src/k8s.io/apimachinery/pkg/labels` (`FormatLabels`, `Requirement.String`) and
  `.../pkg/apis/meta/v1/helpers.go` (`LabelSelectorAsSelector`, `FormatLabelSelector`).

Differences from upstream: label keys and values inside selectors are not validated (upstream prints
`<error>` for a selector whose key is not a valid qualified name); only operator/value-count errors
are detected.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import Any, Callable


def column(name: str, type_: str, description: str, *, format: str = "", priority: int = 0) -> dict:
    """One `TableColumnDefinition`, with every field present as upstream serializes it."""
    return {"name": name, "type": type_, "format": format, "description": description,
            "priority": priority}


# Columns most resources share. Descriptions are short paraphrases of the OpenAPI field docs upstream
# uses; the literal sentences written into printers.go itself are kept as they are.
NAME = column("Name", "string", "Name of the object, unique within its namespace (or the cluster for "
              "cluster-scoped kinds).", format="name")
AGE = column("Age", "string", "Time since the object was created (metadata.creationTimestamp).")
CONTAINERS_WIDE = column("Containers", "string", "Names of each container in the template.", priority=1)
IMAGES_WIDE = column("Images", "string", "Images referenced by each container in the template.",
                     priority=1)


@dataclass(frozen=True)
class Printer:
    """A resource's columns and the function turning one object (and the server's clock) into cells.

    `conditions`, when set, gives the row's `TableRowCondition`s (only pods have them upstream).
    """
    columns: tuple[dict, ...]
    cells: Callable[[dict, float], list]
    conditions: Callable[[dict], list] | None = None


def dig(obj: Any, *keys: str | int, default: Any = None) -> Any:
    """`obj[k1][k2]...`, or `default` when a step is missing or null (Go's zero values)."""
    for key in keys:
        if isinstance(obj, dict):
            obj = obj.get(key)
        elif isinstance(obj, list) and isinstance(key, int) and -len(obj) <= key < len(obj):
            obj = obj[key]
        else:
            return default
        if obj is None:
            return default
    return obj


def name_of(obj: dict) -> str:
    return dig(obj, "metadata", "name", default="")


# --- time -----------------------------------------------------------------------------------------

_NS = 1_000_000_000          # a Go time.Duration counts nanoseconds
_MINUTE = 60 * _NS
_HOUR = 60 * _MINUTE
_ZERO_TIME = calendar.timegm((1, 1, 1, 0, 0, 0, 0, 0, 0))   # Go's time.Time{}: "<unknown>" when seen

_RFC3339 = re.compile(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def _trunc_div(a: int, b: int) -> int:
    """Go integer division: truncates toward zero."""
    q = abs(a) // b
    return q if a >= 0 else -q


def human_duration(seconds: float) -> str:
    """A duration in ~2-3 significant figures, exactly as apimachinery's `duration.HumanDuration`.

    `seconds` may be negative (clock skew): down to -2s exclusive it reads "0s", below "<invalid>".
    """
    d = round(seconds * _NS)
    whole_seconds = _trunc_div(d, _NS)
    if whole_seconds < -1:
        return "<invalid>"
    if whole_seconds < 0:
        return "0s"
    if whole_seconds < 60 * 2:
        return f"{whole_seconds}s"
    minutes = d // _MINUTE
    if minutes < 10:
        s = (d // _NS) % 60
        return f"{minutes}m" if s == 0 else f"{minutes}m{s}s"
    if minutes < 60 * 3:
        return f"{minutes}m"
    hours = d // _HOUR
    if hours < 8:
        m = minutes % 60
        return f"{hours}h" if m == 0 else f"{hours}h{m}m"
    if hours < 48:
        return f"{hours}h"
    if hours < 24 * 8:
        h = hours % 24
        return f"{hours // 24}d" if h == 0 else f"{hours // 24}d{h}h"
    if hours < 24 * 365 * 2:
        return f"{hours // 24}d"
    if hours < 24 * 365 * 8:
        dy = (hours // 24) % 365
        return f"{hours // 24 // 365}y" if dy == 0 else f"{hours // 24 // 365}y{dy}d"
    return f"{hours // 24 // 365}y"


def parse_time(value: Any) -> float | None:
    """An RFC 3339 timestamp (`metav1.Time` or `MicroTime`) as Unix seconds.

    None for a missing, empty or unparseable value and for Go's zero time, which upstream treats as
    unset (`IsZero`).
    """
    if not isinstance(value, str):
        return None
    m = _RFC3339.match(value)
    if not m:
        return None
    year, month, day, hour, minute, second = (int(g) for g in m.groups()[:6])
    try:
        t = calendar.timegm((year, month, day, hour, minute, second, 0, 0, 0))
    except (ValueError, OverflowError):
        return None
    zone = m.group(8)
    if zone != "Z":
        sign = 1 if zone[0] == "+" else -1
        t -= sign * (int(zone[1:3]) * 3600 + int(zone[4:6]) * 60)
    if t == _ZERO_TIME and not m.group(7):
        return None
    return t + (float(m.group(7)) if m.group(7) else 0.0)


def format_rfc3339(unix_seconds: float | None) -> str:
    """`time.Time.UTC().Format(time.RFC3339)`: whole seconds, `Z`; the zero time when unset."""
    if unix_seconds is None:
        return "0001-01-01T00:00:00Z"
    t = int(unix_seconds // 1)
    days, rem = divmod(t, 86400)
    y, mo, d = _civil_from_days(days)
    return f"{y:04d}-{mo:02d}-{d:02d}T{rem // 3600:02d}:{rem // 60 % 60:02d}:{rem % 60:02d}Z"


def _civil_from_days(z: int) -> tuple[int, int, int]:
    """Days since 1970-01-01 -> (year, month, day), proleptic Gregorian (works before 1970 too)."""
    z += 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (month <= 2), month, day


def translate_timestamp_since(timestamp: Any, now: float) -> str:
    """printers.go `translateTimestampSince`: the age of a timestamp, `<unknown>` when unset."""
    t = timestamp if isinstance(timestamp, (int, float)) else parse_time(timestamp)
    if t is None:
        return "<unknown>"
    return human_duration(now - t)


def age(obj: dict, now: float) -> str:
    """The AGE cell: time since metadata.creationTimestamp."""
    return translate_timestamp_since(dig(obj, "metadata", "creationTimestamp"), now)


# --- labels, selectors, containers ---------------------------------------------------------------

def format_labels(labels: dict | None) -> str:
    """labels.FormatLabels: `k=v` pairs sorted by key, joined by commas; `<none>` when empty."""
    text = ",".join(f"{k}={v}" for k, v in sorted((labels or {}).items()))
    return text or "<none>"


def label_selector_string(selector: dict | None) -> str | None:
    """metav1.LabelSelectorAsSelector(selector).String(); None when the selector is invalid.

    A null selector selects nothing and an empty one everything: both print as "".
    """
    if not selector:
        return ""
    requirements: list[tuple[str, str]] = []
    for key, value in (selector.get("matchLabels") or {}).items():
        requirements.append((key, f"{key}={value}"))
    for expr in selector.get("matchExpressions") or []:
        key, op, values = expr.get("key", ""), expr.get("operator"), list(expr.get("values") or [])
        if op in ("In", "NotIn"):
            if not values:
                return None
            word = " in " if op == "In" else " notin "
            shown = values[0] if len(values) == 1 else ",".join(sorted(values))
            requirements.append((key, f"{key}{word}({shown})"))
        elif op in ("Exists", "DoesNotExist"):
            if values:
                return None
            requirements.append((key, key if op == "Exists" else "!" + key))
        else:
            return None
    requirements.sort(key=lambda r: r[0])     # labels.internalSelector keeps requirements by key
    return ",".join(text for _, text in requirements)


def format_label_selector(selector: dict | None) -> str:
    """metav1.FormatLabelSelector: the selector's string, `<none>` when empty, `<error>` if invalid."""
    text = label_selector_string(selector)
    if text is None:
        return "<error>"
    return text or "<none>"


def layout_container_cells(containers: list | None) -> tuple[str, str]:
    """printers.go `layoutContainerCells`: container names and images, each joined by commas."""
    containers = containers or []
    return (",".join(c.get("name", "") for c in containers),
            ",".join(c.get("image", "") for c in containers))


def list_with_more(items: list[str], total: int, limit: int = 3, empty: str = "<unset>") -> str:
    """printers.go `listWithMoreString`: the first `limit` items, then `+ N more...`."""
    text = ",".join(items[:limit])
    if total > limit:
        return f"{text} + {total - limit} more..."
    return text or empty


def print_bool(value: Any) -> str:
    """printers.go `printBoolPtr`: `True`/`False`, `<unset>` for a missing pointer."""
    if value is None:
        return "<unset>"
    return "True" if value else "False"
