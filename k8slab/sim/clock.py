"""Clocks: the virtual clock that notebooks and tests step by hand, and the real one behind `k8slab up`.

Every component asks its clock for the time and for timers; none reads the wall clock or sleeps.
`VirtualClock.advance(seconds)` fires due timers in time order (ties in the order they were set),
so a run is the same every time. `RealClock` runs the same timers on a background thread.
"""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from typing import Callable


class Timer:
    """A handle on a scheduled callback; `cancel()` stops it from firing."""

    __slots__ = ("when", "fn", "cancelled")

    def __init__(self, when: float, fn: Callable[[], object]):
        self.when = when
        self.fn = fn
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


class VirtualClock:
    """Time that moves only when told to. `now()` is seconds since the clock's epoch."""

    def __init__(self, start: float = 0.0, epoch: float = 1_700_000_000.0):
        self._now = start
        self.epoch = epoch          # Unix time of now() == 0, for timestamps shown to users
        self._timers: list[tuple[float, int, Timer]] = []
        self._seq = itertools.count()

    def now(self) -> float:
        return self._now

    def time(self) -> float:
        """Unix time, for creationTimestamps and the like."""
        return self.epoch + self._now

    def call_at(self, when: float, fn: Callable[[], object]) -> Timer:
        timer = Timer(when, fn)
        heapq.heappush(self._timers, (when, next(self._seq), timer))
        return timer

    def call_later(self, delay: float, fn: Callable[[], object]) -> Timer:
        return self.call_at(self._now + delay, fn)

    def next_deadline(self) -> float | None:
        while self._timers and self._timers[0][2].cancelled:
            heapq.heappop(self._timers)
        return self._timers[0][0] if self._timers else None

    def run_due(self) -> int:
        """Fire every timer due at the current time; return how many fired."""
        fired = 0
        while self._timers and self._timers[0][0] <= self._now:
            _, _, timer = heapq.heappop(self._timers)
            if not timer.cancelled:
                timer.cancelled = True
                timer.fn()
                fired += 1
        return fired

    def advance(self, seconds: float) -> None:
        """Move time forward by `seconds`, firing each timer at its own due time."""
        if seconds < 0:
            raise ValueError("time does not run backwards")
        target = self._now + seconds
        while True:
            due = self.next_deadline()
            if due is None or due > target:
                break
            self._now = max(self._now, due)
            self.run_due()
        self._now = target

    def __repr__(self):
        return f"VirtualClock(now={self._now:.3f}s, timers={len(self._timers)})"


class RealClock:
    """Wall-clock time; timers fire on one daemon thread, in deadline order."""

    def __init__(self):
        self._timers: list[tuple[float, int, Timer]] = []
        self._seq = itertools.count()
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None

    def now(self) -> float:
        return time.monotonic()

    def time(self) -> float:
        return time.time()

    def call_at(self, when: float, fn: Callable[[], object]) -> Timer:
        timer = Timer(when, fn)
        with self._cond:
            heapq.heappush(self._timers, (when, next(self._seq), timer))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="k8slab-clock", daemon=True)
                self._thread.start()
            self._cond.notify()
        return timer

    def call_later(self, delay: float, fn: Callable[[], object]) -> Timer:
        return self.call_at(self.now() + delay, fn)

    def _run(self) -> None:
        while True:
            with self._cond:
                while True:
                    while self._timers and self._timers[0][2].cancelled:
                        heapq.heappop(self._timers)
                    if self._timers and self._timers[0][0] <= self.now():
                        timer = heapq.heappop(self._timers)[2]
                        break
                    timeout = self._timers[0][0] - self.now() if self._timers else None
                    self._cond.wait(timeout)
            if not timer.cancelled:
                timer.cancelled = True
                try:
                    timer.fn()
                except Exception:  # a failing timer must not stop the others
                    import logging
                    logging.getLogger(__name__).exception("timer callback failed")


class LoopClock:
    """Wall-clock time whose timers run on an asyncio loop, so that a server's timers and its
    request handlers take turns on one thread (what `k8slab up` uses)."""

    def __init__(self, loop):
        self.loop = loop

    def now(self) -> float:
        return time.monotonic()

    def time(self) -> float:
        return time.time()

    def call_at(self, when: float, fn: Callable[[], object]) -> Timer:
        timer = Timer(when, fn)

        def fire():
            if not timer.cancelled:
                timer.cancelled = True
                fn()

        delay = max(0.0, when - self.now())
        self.loop.call_soon_threadsafe(lambda: self.loop.call_later(delay, fire))
        return timer

    def call_later(self, delay: float, fn: Callable[[], object]) -> Timer:
        return self.call_at(self.now() + delay, fn)
