"""The rate-limited queue that decides when nodes get their NoExecute taint.

Follows `pkg/controller/nodelifecycle/scheduler/rate_limited_queue.go` (TimedValue,
RateLimitedTimedQueue: Add, Remove, Try, SwapLimiter) and client-go's
`flowcontrol.NewTokenBucketRateLimiter` (TryAccept). Each zone has one; the limiter is what
disruption handling turns down (partial disruption) or off (full disruption).

Differences from upstream: the queue is a sorted list, not a heap; the token bucket runs on the
cluster clock.
"""

from __future__ import annotations

from dataclasses import dataclass

EVICTION_RATE_LIMITER_BURST = 1
NODE_EVICTION_PERIOD = 0.1            # NodeEvictionPeriod: how often the tainting pass runs


class TokenBucket:
    def __init__(self, clock, qps: float, burst: int):
        self.clock, self.qps, self.burst = clock, qps, burst
        self.tokens = float(burst)
        self.last = clock.now()

    def _refill(self) -> None:
        now = self.clock.now()
        self.tokens = min(self.burst, self.tokens + (now - self.last) * self.qps)
        self.last = now

    def try_accept(self) -> bool:
        if self.qps <= 0:
            return False                      # NewFakeNeverRateLimiter
        self._refill()
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False

    def next_token_in(self) -> float | None:
        if self.qps <= 0:
            return None
        self._refill()
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.qps


@dataclass
class TimedValue:
    value: str
    uid: str
    added_at: float
    process_at: float


class RateLimitedTimedQueue:
    def __init__(self, clock, qps: float, burst: int = EVICTION_RATE_LIMITER_BURST):
        self.clock = clock
        self.limiter = TokenBucket(clock, qps, burst)
        self.items: list[TimedValue] = []

    def add(self, value: str, uid: str) -> bool:
        if any(v.value == value for v in self.items):
            return False
        now = self.clock.now()
        self.items.append(TimedValue(value, uid, now, now))
        self.items.sort(key=lambda v: v.process_at)
        return True

    def remove(self, value: str) -> bool:
        before = len(self.items)
        self.items = [v for v in self.items if v.value != value]
        return len(self.items) != before

    def try_(self, fn) -> None:
        """Process due items while the limiter allows: fn(value) -> (done, retry_after)."""
        while self.items:
            if not self.limiter.try_accept():
                break
            now = self.clock.now()
            head = self.items[0]
            if now < head.process_at:
                break
            ok, wait = fn(head)
            if not ok:
                head.process_at = now + wait + 1e-9
                self.items.sort(key=lambda v: v.process_at)
            else:
                self.items.remove(head)

    def next_attempt_in(self) -> float | None:
        """When the next Try could make progress (None: never, with a stopped limiter)."""
        if not self.items:
            return None
        token = self.limiter.next_token_in()
        if token is None:
            return None
        return max(token, self.items[0].process_at - self.clock.now(), NODE_EVICTION_PERIOD)

    def swap_limiter(self, qps: float) -> None:
        if self.limiter.qps == qps:
            return
        new = TokenBucket(self.clock, qps, EVICTION_RATE_LIMITER_BURST)
        if qps > 0 and not self.limiter.try_accept():
            new.try_accept()                  # waiting on the old one: drain the new one too
        self.limiter = new
