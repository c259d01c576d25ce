"""Group scheduling.k8s.io: priorityclasses.

Follows `pkg/printers/internalversion/printers.go`: `printPriorityClass`. Upstream gives the
PreemptionPolicy column priority 0, so plain `kubectl get pc` shows it too.

Differences from upstream: none known.
"""

from __future__ import annotations

from .common import AGE, NAME, Printer, age, column, name_of

PRIORITY_CLASS_COLUMNS = (
    NAME,
    column("Value", "integer", "The priority pods of this class get."),
    column("Global-Default", "boolean", "Whether pods without a class get this one."),
    AGE,
    column("PreemptionPolicy", "string", "Never, or PreemptLowerPriority."),
)


def print_priority_class(obj: dict, now: float) -> list:
    return [name_of(obj), obj.get("value", 0), bool(obj.get("globalDefault")), age(obj, now),
            obj.get("preemptionPolicy") or ""]


PRINTERS = {"priorityclasses": Printer(PRIORITY_CLASS_COLUMNS, print_priority_class)}
