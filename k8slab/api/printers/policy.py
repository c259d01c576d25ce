"""Group policy: poddisruptionbudgets.

Follows `pkg/printers/internalversion/printers.go`: `printPodDisruptionBudget`.

Differences from upstream: none known.
"""

from __future__ import annotations

from .common import AGE, NAME, Printer, age, column, dig, name_of

POD_DISRUPTION_BUDGET_COLUMNS = (
    NAME,
    column("Min Available", "string", "The minimum number of pods that must be available."),
    column("Max Unavailable", "string", "The maximum number of pods that may be unavailable."),
    column("Allowed Disruptions", "integer", "Calculated number of pods that may be disrupted at this "
           "time."),
    AGE,
)


def _int_or_string(value) -> str:
    return "N/A" if value is None else str(value)


def print_pod_disruption_budget(obj: dict, now: float) -> list:
    spec = obj.get("spec") or {}
    return [name_of(obj), _int_or_string(spec.get("minAvailable")),
            _int_or_string(spec.get("maxUnavailable")),
            dig(obj, "status", "disruptionsAllowed", default=0), age(obj, now)]


PRINTERS = {"poddisruptionbudgets": Printer(POD_DISRUPTION_BUDGET_COLUMNS, print_pod_disruption_budget)}
