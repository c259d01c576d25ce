"""Group node.k8s.io: runtimeclasses.

Follows `pkg/printers/internalversion/printers.go`: `printRuntimeClass`.

Differences from upstream: none known.
"""

from __future__ import annotations

from .common import AGE, NAME, Printer, age, column, name_of

RUNTIME_CLASS_COLUMNS = (NAME, column("Handler", "string", "The CRI handler that runs the pods."), AGE)


def print_runtime_class(obj: dict, now: float) -> list:
    return [name_of(obj), obj.get("handler", ""), age(obj, now)]


PRINTERS = {"runtimeclasses": Printer(RUNTIME_CLASS_COLUMNS, print_runtime_class)}
