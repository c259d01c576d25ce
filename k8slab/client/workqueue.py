"""The controller work queue, as client-go's `util/workqueue` has it.

- `WorkQueue` (queue.go): a key is queued at most once ("dirty"); a key being processed is not
  handed out again until `done`, and if it was added meanwhile it is queued again then.
- `RateLimitingQueue` (rate_limiting_queue.go, delaying_queue.go, default_rate_limiters.go): `add_after`
  on the queue's clock; `add_rate_limited` waits the larger of a per-item exponential back-off
  (5 ms doubling to 1000 s) and an overall token bucket (10 qps, burst 100); `forget` resets an item.
Nothing sleeps: delays are clock timers, so a virtual clock runs them in order.
"""

from __future__ import annotations

import collections


class WorkQueue:
    """FIFO of keys with dirty/processing semantics."""

    def __init__(self, name: str = ""):
        self.name = name
        self._queue: collections.deque = collections.deque()
        self._dirty: set = set()
        self._processing: set = set()
        self.shutting_down = False
        self.adds = 0                                     # metrics: workqueue_adds_total
        self.metrics = None                               # a k8slab.metrics.workqueue.QueueMetrics, to time items
        self.on_add = None                                # called when a key becomes ready

    def add(self, key) -> None:
        if self.shutting_down or key in self._dirty:
            return
        self.adds += 1
        if self.metrics is not None:
            self.metrics.add(key)
        self._dirty.add(key)
        if key in self._processing:
            return                                        # re-queued by done()
        self._queue.append(key)
        if self.on_add is not None:
            self.on_add()

    def get(self):
        """The next key (now being processed), or None when the queue is empty."""
        if not self._queue:
            return None
        key = self._queue.popleft()
        self._processing.add(key)
        self._dirty.discard(key)
        if self.metrics is not None:
            self.metrics.get(key)
        return key

    def done(self, key) -> None:
        self._processing.discard(key)
        if self.metrics is not None:
            self.metrics.done(key)
        if key in self._dirty:
            self._queue.append(key)

    def __len__(self):
        return len(self._queue)

    def shut_down(self) -> None:
        self.shutting_down = True

    def __repr__(self):
        return f"WorkQueue({self.name!r}, queued={len(self._queue)}, processing={len(self._processing)})"


class ItemExponentialFailureRateLimiter:
    def __init__(self, base_delay: float = 0.005, max_delay: float = 1000.0):
        self.base, self.max = base_delay, max_delay
        self.failures: collections.Counter = collections.Counter()

    def when(self, item) -> float:
        exp = self.failures[item]
        self.failures[item] += 1
        return min(self.base * (2 ** exp), self.max)

    def forget(self, item) -> None:
        self.failures.pop(item, None)

    def num_requeues(self, item) -> int:
        return self.failures[item]


class BucketRateLimiter:
    """A token bucket (golang.org/x/time/rate) on the queue's clock."""

    def __init__(self, clock, qps: float = 10.0, burst: int = 100):
        self.clock, self.qps, self.burst = clock, qps, burst
        self.tokens = float(burst)
        self.last = clock.now()

    def when(self, item) -> float:
        now = self.clock.now()
        self.tokens = min(self.burst, self.tokens + (now - self.last) * self.qps)
        self.last = now
        self.tokens -= 1
        return 0.0 if self.tokens >= 0 else -self.tokens / self.qps

    def forget(self, item) -> None:
        pass

    def num_requeues(self, item) -> int:
        return 0


class RateLimitingQueue(WorkQueue):
    """DefaultControllerRateLimiter: max(exponential per item, overall bucket)."""

    def __init__(self, clock, name: str = "", limiters=None):
        super().__init__(name)
        self.clock = clock
        self.limiters = limiters or [ItemExponentialFailureRateLimiter(), BucketRateLimiter(clock)]
        self._waiting: dict = {}                          # key -> Timer, the earliest wins

    def add_after(self, key, delay: float) -> None:
        if self.metrics is not None and not self.shutting_down:
            self.metrics.retries += 1                     # delaying_queue.go AddAfter: metrics.retry()
        if delay <= 0:
            self.add(key)
            return
        when = self.clock.now() + delay
        timer = self._waiting.get(key)
        if timer is not None and not timer.cancelled and timer.when <= when:
            return
        if timer is not None:
            timer.cancel()

        def fire():
            self._waiting.pop(key, None)
            self.add(key)

        self._waiting[key] = self.clock.call_at(when, fire)

    def add_rate_limited(self, key) -> None:
        self.add_after(key, max(lim.when(key) for lim in self.limiters))

    def forget(self, key) -> None:
        for lim in self.limiters:
            lim.forget(key)

    def num_requeues(self, key) -> int:
        return max(lim.num_requeues(key) for lim in self.limiters)
