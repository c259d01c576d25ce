"""Group events.k8s.io: events, printed with the core event columns.

Upstream serves events.k8s.io/v1 from the same storage as core/v1 events, so both print through
`printEvent` (`pkg/printers/internalversion/printers.go`) after conversion
(`pkg/apis/events/v1/conversion.go`); here the conversion is the field renaming below.

Differences from upstream: none known for the printed cells.
"""

from __future__ import annotations

from .common import Printer
from .core import EVENT_COLUMNS, print_event

# events.k8s.io/v1 field -> core/v1 field
_TO_CORE = {
    "regarding": "involvedObject",
    "note": "message",
    "deprecatedSource": "source",
    "deprecatedFirstTimestamp": "firstTimestamp",
    "deprecatedLastTimestamp": "lastTimestamp",
    "deprecatedCount": "count",
    "reportingController": "reportingComponent",
}


def to_core_event(event: dict) -> dict:
    """A shallow core/v1-shaped view of an events.k8s.io/v1 event."""
    return {_TO_CORE.get(key, key): value for key, value in event.items()}


def print_events_event(event: dict, now: float) -> list:
    return print_event(to_core_event(event), now)


PRINTERS = {"events": Printer(EVENT_COLUMNS, print_events_event)}
