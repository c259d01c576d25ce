"""Expectations: what a controller is waiting to see in its informer after its own writes.

Follows `pkg/controller/controller_utils.go` (ControllerExpectations,
UIDTrackingControllerExpectations, ExpectationsTimeout = 5 min).

Why they exist: a controller creates 3 pods and returns; the next sync may run before the
informer has delivered those pods. Counting them from the cache would show 0 pods and the
controller would create 3 more. So before acting, the controller records "I expect 3 adds";
each pod add seen by the informer lowers the count; `satisfied_expectations(key)` is true only
when the count reached zero (or the record is older than 5 minutes, in case an event was lost).
Until then the sync only updates status. Deletions work the same way; the UID-tracking variant
remembers *which* pods it deleted, so a pod deleted by someone else does not count twice.

Differences from upstream: times come from the controller's clock (virtual in tests).
"""

from __future__ import annotations

from dataclasses import dataclass

EXPECTATIONS_TIMEOUT = 5 * 60.0        # seconds: ExpectationsTimeout


@dataclass
class ControlleeExpectations:
    """How many adds and deletes one controller (by key) still waits for, and since when."""
    add: int
    delete: int
    key: str
    timestamp: float

    def fulfilled(self) -> bool:
        # a race can make these negative: the watch beat the expectation
        return self.add <= 0 and self.delete <= 0


class ControllerExpectations:
    """A TTL cache of expectations, keyed by the controller's `namespace/name`."""

    def __init__(self, clock):
        self.clock = clock
        self.store: dict[str, ControlleeExpectations] = {}

    def get_expectations(self, key: str) -> ControlleeExpectations | None:
        return self.store.get(key)

    def delete_expectations(self, key: str) -> None:
        self.store.pop(key, None)

    def satisfied_expectations(self, key: str) -> bool:
        """True when the controller may act: expectations met, expired, or never set."""
        exp = self.store.get(key)
        if exp is None:
            # a new controller, or one whose expectations were deleted: sync
            return True
        if exp.fulfilled():
            return True
        if self.clock.now() - exp.timestamp > EXPECTATIONS_TIMEOUT:
            return True                 # an event was lost; do not wait forever
        return False

    def set_expectations(self, key: str, add: int, delete: int) -> None:
        self.store[key] = ControlleeExpectations(add, delete, key, self.clock.now())

    def expect_creations(self, key: str, adds: int) -> None:
        self.set_expectations(key, adds, 0)

    def expect_deletions(self, key: str, dels: int) -> None:
        self.set_expectations(key, 0, dels)

    def lower_expectations(self, key: str, add: int, delete: int) -> None:
        exp = self.store.get(key)
        if exp is not None:
            exp.add -= add
            exp.delete -= delete

    def raise_expectations(self, key: str, add: int, delete: int) -> None:
        exp = self.store.get(key)
        if exp is not None:
            exp.add += add
            exp.delete += delete

    def creation_observed(self, key: str) -> None:
        self.lower_expectations(key, 1, 0)

    def deletion_observed(self, key: str) -> None:
        self.lower_expectations(key, 0, 1)

    def __repr__(self):
        return f"ControllerExpectations({len(self.store)} keys)"


class UIDTrackingControllerExpectations(ControllerExpectations):
    """Also remembers which pod keys a controller deleted, so only those lower the count
    (the ReplicaSet controller uses this: a pod may be deleted twice, by it and by someone else)."""

    def __init__(self, clock):
        super().__init__(clock)
        self.uid_store: dict[str, set[str]] = {}

    def get_uids(self, key: str) -> set[str] | None:
        return self.uid_store.get(key)

    def expect_deletions(self, key: str, deleted_keys) -> None:      # type: ignore[override]
        self.uid_store[key] = set(deleted_keys)
        super().expect_deletions(key, len(deleted_keys))

    def deletion_observed(self, key: str, deleted_key: str | None = None) -> None:  # type: ignore[override]
        uids = self.uid_store.get(key)
        if uids is not None and deleted_key in uids:
            super().deletion_observed(key)
            uids.discard(deleted_key)

    def delete_expectations(self, key: str) -> None:
        super().delete_expectations(key)
        self.uid_store.pop(key, None)
