"""`kubectl get -w`: print the list, then one row per change until interrupted.

Follows `staging/src/k8s.io/kubectl/pkg/cmd/get/get.go` (watch(): one resource type only; the
list printed first unless `--watch-only`; the watch starts at the list's resourceVersion (for
a single named object at "0", its synthetic ADDED event not printed); each event's one-row
Table printed without headers, the column widths remembered; `--output-watch-events` adds the
EVENT column; Ctrl-C ends it with exit code 1, as kubectl's interrupt handler does).
"""

from __future__ import annotations

from ..client import ACCEPT_JSON, ACCEPT_TABLE
from ..errors import error
from ..interrupt import interruptible
from ..printers.output import is_human_readable, printer_for
from ..printers.table import TablePrinter
from ..printers.tabwriter import TabWriter


def watch(run) -> int:
    f = run.f
    targets = run.targets
    if len({t.resource for t in targets}) > 1 or len(targets) != 1:
        raise error("watch is only supported on individual resources and resource collections, but "
                    f"{sum(max(1, len(t.names)) for t in targets)} resources were found")
    target = targets[0]
    if len(target.names) > 1:
        raise error("watch is only supported on individual resources and resource collections, but "
                    f"{len(target.names)} resources were found")
    session = run.session
    out = session.out
    human = is_human_readable(f["output"])
    accept = ACCEPT_TABLE if human else ACCEPT_JSON
    res = target.resource
    ns = run.ns_for(target)
    query = run.list_query()
    query.pop("limit", None)
    name = target.names[0] if target.names else ""
    if name:
        query["fieldSelector"] = f"metadata.name={name}"
        got = session.client.get(res.path(ns, name), accept=accept, caller="helper.go:113")
        rv, first_skipped = "0", False
        objects = [got]
    else:
        page = session.client.get(res.path(ns), {**query, **({"limit": "500"} if f["chunk-size"] else {})},
                                  accept=accept, caller="helper.go:113")
        rv, first_skipped = (page.get("metadata") or {}).get("resourceVersion", ""), True
        objects = [page] if human else list(page.get("items") or [])
    w = TabWriter(out)
    opts = run.table_options(target, f["output"] == "wide", False)
    table_printer = TablePrinter(opts)
    event_type = "ADDED" if f["output-watch-events"] else ""

    def show(obj, etype: str) -> None:
        if human:
            from .get import as_table
            table_printer.print_table(as_table(obj, target), w, etype if f["output-watch-events"] else "")
            w.flush()
        else:
            from .get import _typed
            printer = printer_for(f["output"], template=f["template"], no_headers=f["no-headers"])
            item = _typed(obj, res, f["show-managed-fields"])
            if f["output-watch-events"]:
                item = {"type": etype, "object": item}
            printer(item, out)
        if hasattr(out, "flush"):
            out.flush()

    if not f["watch-only"]:
        for obj in objects:
            show(obj, event_type)
    query.update({"watch": "true", "resourceVersion": rv})
    try:
        with interruptible():
            events = session.client.watch(res.path(ns), query, accept=accept)
            for event in events:
                if event.get("type") == "ERROR":
                    from ..errors import StatusError
                    raise StatusError(event.get("object") or {})
                if name and not first_skipped:
                    first_skipped = True
                    continue
                show(event.get("object") or {}, event.get("type", ""))
    except KeyboardInterrupt:
        return 1
    return 0
