from k8slab.api.names import rfc3339
from k8slab.controllers.base import Controller, scaled_value, round_half_away
from k8slab.controllers.expectations import (EXPECTATIONS_TIMEOUT, ControllerExpectations,
                                             UIDTrackingControllerExpectations)
from k8slab.controllers.pod_util import slow_start_batch, sort_pods_for_deletion
from k8slab.sim.clock import VirtualClock


def test_expectations_wait_for_observations_then_expire():
    clock = VirtualClock()
    e = ControllerExpectations(clock)
    assert e.satisfied_expectations("ns/a")               # never set: go ahead
    e.expect_creations("ns/a", 2)
    assert not e.satisfied_expectations("ns/a")
    e.creation_observed("ns/a")
    assert not e.satisfied_expectations("ns/a")
    e.creation_observed("ns/a")
    assert e.satisfied_expectations("ns/a")
    e.expect_deletions("ns/a", 1)
    clock.advance(EXPECTATIONS_TIMEOUT + 1)
    assert e.satisfied_expectations("ns/a")               # a lost event does not block forever


def test_uid_tracking_expectations_count_each_deleted_pod_once():
    e = UIDTrackingControllerExpectations(VirtualClock())
    e.expect_deletions("ns/rs", ["ns/p1", "ns/p2"])
    e.deletion_observed("ns/rs", "ns/p1")
    e.deletion_observed("ns/rs", "ns/p1")                # the update and the delete of one pod
    e.deletion_observed("ns/rs", "ns/other")             # someone else's delete
    assert not e.satisfied_expectations("ns/rs")
    e.deletion_observed("ns/rs", "ns/p2")
    assert e.satisfied_expectations("ns/rs")


def test_slow_start_batches_double_and_stop_at_the_first_failing_batch():
    calls = []

    def fn():
        calls.append(1)
        if len(calls) == 5:
            raise RuntimeError("quota")

    ok, err = slow_start_batch(10, 1, fn)
    # batches 1, 2, 4: the third batch fails on its 2nd call, the rest of it still runs
    assert len(calls) == 7 and ok == 6 and str(err) == "quota"


def test_percentages_round_as_upstream():
    assert scaled_value("25%", 10, True) == 3 and scaled_value("25%", 10, False) == 2
    assert scaled_value(2, 10, True) == 2 and scaled_value("0%", 5, True) == 0
    assert round_half_away(2.5) == 3 and round_half_away(-2.5) == -3


def _pod(name, node="", phase="Running", ready=True, created=0, restarts=0, cost=None, uid=None):
    p = {"metadata": {"name": name, "uid": uid or name, "creationTimestamp": rfc3339(1_700_000_000 + created)},
         "spec": {"nodeName": node}, "status": {"phase": phase, "containerStatuses": [{"restartCount": restarts}]}}
    if ready:
        p["status"]["conditions"] = [{"type": "Ready", "status": "True",
                                      "lastTransitionTime": rfc3339(1_700_000_000 + created)}]
    if cost is not None:
        p["metadata"]["annotations"] = {"controller.kubernetes.io/pod-deletion-cost": str(cost)}
    return p


def test_deletion_ranking_follows_active_pods_with_ranks():
    pods = [_pod("old-ready", "n1", created=0), _pod("unassigned", "", phase="Pending", ready=False),
            _pod("pending", "n1", phase="Pending", ready=False), _pod("not-ready", "n1", ready=False),
            _pod("expensive", "n2", created=0, cost=100), _pod("restarts", "n2", created=0, restarts=5)]
    ranks = [1] * len(pods)
    order = [p["metadata"]["name"] for p in sort_pods_for_deletion(pods, ranks, now=None)]
    assert order[:3] == ["unassigned", "pending", "not-ready"]
    assert order.index("restarts") < order.index("old-ready") < order.index("expensive")
    # doubled up on a node goes before alone
    a, b = _pod("alone", "n1"), _pod("crowded", "n2")
    assert [p["metadata"]["name"] for p in sort_pods_for_deletion([a, b], [1, 3])] == ["crowded", "alone"]


def test_controller_loop_retries_with_rate_limit_and_drops_after_max_retries():
    class Flaky(Controller):
        name = queue_name = "flaky"
        max_retries = 2

        def sync(self, key):
            raise RuntimeError("boom")

    class FakeCluster:
        seed = 0
        clock = VirtualClock()
        client = informers = None
        api = type("A", (), {"profile": "current"})()

    c = Flaky()
    c.start(FakeCluster())
    c.queue.add("k")
    assert c.process() == 1 and len(c.queue) == 0
    FakeCluster.clock.advance(1)
    assert c.process() == 1
    FakeCluster.clock.advance(1)
    assert c.process() == 1                              # third failure: dropped
    FakeCluster.clock.advance(100)
    assert c.process() == 0 and len(c.errors) == 3 and c.retries == 2
