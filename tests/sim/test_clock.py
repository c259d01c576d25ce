import threading

import pytest

from k8slab.sim.clock import RealClock, VirtualClock


def test_virtual_clock_fires_timers_in_time_order_at_their_own_time():
    c = VirtualClock()
    seen = []
    c.call_later(5, lambda: seen.append(("b", c.now())))
    c.call_later(1, lambda: seen.append(("a", c.now())))
    c.call_later(5, lambda: seen.append(("c", c.now())))     # same time: order of setting
    cancelled = c.call_later(2, lambda: seen.append(("x", c.now())))
    cancelled.cancel()
    c.advance(4)
    assert seen == [("a", 1)] and c.now() == 4
    c.advance(10)
    assert seen == [("a", 1), ("b", 5), ("c", 5)] and c.now() == 14


def test_timers_set_by_timers_fire_within_the_same_advance():
    c = VirtualClock()
    ticks = []

    def tick():
        ticks.append(c.now())
        if len(ticks) < 3:
            c.call_later(10, tick)

    c.call_later(10, tick)
    c.advance(100)
    assert ticks == [10, 20, 30]


def test_virtual_time_does_not_run_backwards():
    with pytest.raises(ValueError):
        VirtualClock().advance(-1)


def test_real_clock_runs_timers_on_its_thread():
    c = RealClock()
    done = threading.Event()
    c.call_later(0.01, done.set)
    assert done.wait(5)
