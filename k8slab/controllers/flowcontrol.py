"""A per-key exponential back-off, as client-go's `util/flowcontrol/backoff.go` (Backoff).

The DaemonSet controller uses it for failed daemon pods: a kubelet that keeps rejecting a pod
would otherwise make the controller delete and re-create it in a hot loop.

Differences from upstream: no jitter; times are the caller's clock readings (seconds).
"""

from __future__ import annotations


class Backoff:
    """flowcontrol.Backoff: per key, a delay that doubles from 1 s to 15 min."""

    def __init__(self, initial: float, maximum: float):
        self.initial, self.max = initial, maximum
        self.entries: dict[str, tuple[float, float]] = {}       # key -> (delay, last update)

    def get(self, key: str) -> float:
        return self.entries.get(key, (0.0, 0.0))[0]

    def next(self, key: str, now: float) -> None:
        delay, last = self.entries.get(key, (0.0, 0.0))
        if key not in self.entries or now - last > 2 * self.max:
            delay = self.initial
        else:
            delay = min(delay * 2, self.max)
        self.entries[key] = (delay, now)

    def is_in_back_off_since_update(self, key: str, now: float) -> bool:
        if key not in self.entries:
            return False
        delay, last = self.entries[key]
        return now - last < delay
