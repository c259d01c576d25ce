from k8slab.client.workqueue import RateLimitingQueue, WorkQueue
from k8slab.sim.clock import VirtualClock


def test_a_key_is_queued_once_and_requeued_if_added_while_processing():
    q = WorkQueue()
    q.add("a"); q.add("b"); q.add("a")
    assert len(q) == 2
    key = q.get()
    assert key == "a"
    q.add("a")                         # dirty while processing: not handed out twice
    assert q.get() == "b" and q.get() is None
    q.done("a")
    assert q.get() == "a"


def test_rate_limited_backoff_doubles_on_the_clock_and_forget_resets():
    clock = VirtualClock()
    q = RateLimitingQueue(clock)
    delays = []
    for _ in range(4):
        q.add_rate_limited("k")
        start = clock.now()
        while q.get() is None:
            clock.advance(clock.next_deadline() - clock.now())
        delays.append(round(clock.now() - start, 3))
        q.done("k")
    assert delays == [0.005, 0.01, 0.02, 0.04]
    assert q.num_requeues("k") == 4
    q.forget("k")
    assert q.num_requeues("k") == 0


def test_add_after_keeps_the_earliest():
    clock = VirtualClock()
    q = RateLimitingQueue(clock)
    q.add_after("k", 10)
    q.add_after("k", 5)
    clock.advance(5)
    assert q.get() == "k"
