"""Per-key exponential back-off on a clock: how the kubelet spaces image pulls and container restarts.

Follows `staging/src/k8s.io/client-go/util/flowcontrol/backoff.go`. Each key has a back-off and
the time it was last stepped. `next(key, event_time)` starts at `initial` or doubles up to `max`;
an entry whose event comes more than 2 x max after its last step is stale and starts over (so a
container that ran for ten minutes is restarted at once again). The kubelet uses two of these:
image pulls (keyed `<pod uid>_<image>`) and container restarts (keyed by pod and container), both
10 s doubling to 300 s (`MaxContainerBackOff`).

Differences from upstream: no jitter (the kubelet configures none); no locking.
"""

from __future__ import annotations

from dataclasses import dataclass

BACKOFF_PERIOD = 10.0            # kubelet.go backOffPeriod
MAX_CONTAINER_BACKOFF = 300.0    # kubelet.go MaxContainerBackOff


@dataclass
class _Entry:
    backoff: float
    last_update: float


class Backoff:
    """Back-off durations per key: 10 s, 20 s, 40 s ... capped, reset when stale."""

    def __init__(self, clock, initial: float = BACKOFF_PERIOD, max_duration: float = MAX_CONTAINER_BACKOFF):
        self.clock = clock
        self.initial, self.max = initial, max_duration
        self.entries: dict[str, _Entry] = {}

    def get(self, key: str) -> float:
        entry = self.entries.get(key)
        return entry.backoff if entry else 0.0

    def _expired(self, event_time: float, entry: _Entry) -> bool:
        return event_time - entry.last_update > 2 * self.max

    def next(self, key: str, event_time: float) -> None:
        """Step the back-off of `key` (after a failure that happened at `event_time`)."""
        entry = self.entries.get(key)
        if entry is None or self._expired(event_time, entry):
            entry = self.entries[key] = _Entry(self.initial, 0.0)
        else:
            entry.backoff = min(entry.backoff * 2, self.max)
        entry.last_update = self.clock.now()

    def is_in_backoff_since(self, key: str, event_time: float) -> bool:
        """Still waiting, counting from `event_time` (a container's finish)?"""
        entry = self.entries.get(key)
        if entry is None or self._expired(event_time, entry):
            return False
        return self.clock.now() - event_time < entry.backoff

    def is_in_backoff_since_update(self, key: str, event_time: float) -> bool:
        """Still waiting, counting from the last step (an image pull's failure)?"""
        entry = self.entries.get(key)
        if entry is None or self._expired(event_time, entry):
            return False
        # the same sum retry times are computed with: a timer set for the end of the back-off
        # fires exactly there (event_time - last_update could round below the back-off and the
        # pod worker would retry at once, forever)
        return event_time < entry.last_update + entry.backoff

    def remaining(self, key: str, since: float) -> float:
        """Seconds until the back-off that started at `since` is over (0 when it is)."""
        entry = self.entries.get(key)
        return max(0.0, since + entry.backoff - self.clock.now()) if entry else 0.0

    def reset(self, key: str) -> None:
        self.entries.pop(key, None)

    def gc(self) -> None:
        """Forget entries not stepped for 2 x max."""
        now = self.clock.now()
        for key in [k for k, e in self.entries.items() if now - e.last_update > 2 * self.max]:
            del self.entries[key]

    def __repr__(self):
        return f"Backoff({len(self.entries)} keys, {self.initial:g}s..{self.max:g}s)"
