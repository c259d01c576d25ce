"""The Events section: finding an object's events and printing them as describe does.

Follows `staging/src/k8s.io/kubectl/pkg/describe/describe.go` (searchEvents: the events of the
object's namespace whose involvedObject matches the reference's kind, name, namespace and uid,
listed in chunks; DescribeEvents: `Events:\\t<none>`, or a flush and then the table
`Type Reason Age From Message`, the age `AGE (xN over FIRST)` when an event repeated, From the
source component or the reporting controller, the message trimmed) and
`staging/src/k8s.io/kubectl/pkg/util/event/sorted_event_list.go` (SortableEvents: by
lastTimestamp only, with Go's unstable sort).

Differences from upstream: the field selector's terms are always sent in the order client-go adds
them (name, namespace, kind, uid); client-go walks a map, so kubectl sends a rotation of that order
about three times in eight.
"""

from __future__ import annotations

from .context import DescribeContext, core_path
from .gofmt import parse_time, since
from .gosort import go_sort
from .writer import LEVEL_0, LEVEL_1

NO_TIME = float("-inf")          # Go's zero time sorts before every real one


def search_events(ctx: DescribeContext, obj: dict, kind: str = "") -> list[dict]:
    """searchEvents: the events about `obj` (a reference: kind may be "" to match any kind)."""
    m = obj.get("metadata") or {}
    return search_events_for(ctx, kind, m.get("name", ""), m.get("namespace", ""), m.get("uid", ""))


def search_events_for(ctx: DescribeContext, kind: str, name: str, namespace: str, uid: str) -> list[dict]:
    terms = {"involvedObject.name": name, "involvedObject.namespace": namespace}
    if kind:
        terms["involvedObject.kind"] = kind
    if uid:
        terms["involvedObject.uid"] = uid
    selector = ",".join(f"{k}={_escape(v)}" for k, v in terms.items())
    return ctx.list(core_path("events", namespace or None), {"fieldSelector": selector})


def _escape(value: str) -> str:
    """fields.EscapeValue."""
    return value.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=")


def _last(event: dict) -> float:
    t = parse_time(event.get("lastTimestamp"))
    return NO_TIME if t is None else t


def describe_events(events: list[dict], w, now: float) -> None:
    """DescribeEvents."""
    if not events:
        w.write(LEVEL_0, "Events:\t<none>\n")
        return
    w.flush()
    events = go_sort(list(events), lambda a, b: _last(a) < _last(b))
    w.write(LEVEL_0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n")
    w.write(LEVEL_1, "----\t------\t----\t----\t-------\n")
    for e in events:
        first = since(e.get("eventTime"), now)
        if parse_time(e.get("eventTime")) is None:
            first = since(e.get("firstTimestamp"), now)
        series = e.get("series")
        count = e.get("count") or 0
        if series is not None:
            interval = f"{since(series.get('lastObservedTime'), now)} (x{series.get('count') or 0} over {first})"
        elif count > 1:
            interval = f"{since(e.get('lastTimestamp'), now)} (x{count} over {first})"
        else:
            interval = first
        source = (e.get("source") or {}).get("component") or e.get("reportingComponent") or ""
        w.write(LEVEL_1, f"{e.get('type', '')}\t{e.get('reason', '')}\t{interval}\t{source}\t"
                         f"{(e.get('message') or '').strip()}\n")
