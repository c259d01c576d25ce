"""Group coordination.k8s.io: leases.

Follows `pkg/printers/internalversion/printers.go`: `printLease`.

Differences from upstream: none known.
"""

from __future__ import annotations

from .common import AGE, NAME, Printer, age, column, dig, name_of

LEASE_COLUMNS = (NAME, column("Holder", "string", "Who holds the lease (spec.holderIdentity)."), AGE)


def print_lease(obj: dict, now: float) -> list:
    return [name_of(obj), dig(obj, "spec", "holderIdentity", default=""), age(obj, now)]


PRINTERS = {"leases": Printer(LEASE_COLUMNS, print_lease)}
