"""settle()/advance() let timers due close together fire before the components react."""

from __future__ import annotations

from k8slab.cluster import Cluster


def _replicaset_status_writes(c: Cluster) -> int:
    return sum(1 for kv in c.store.range(b"/registry/replicasets/", b"/registry/replicasets0").kvs
               for _ in c.store._history[kv.key])


def _run(window: float) -> tuple[Cluster, list]:
    c = Cluster(nodes=20, seed=0, batch_window=window)
    c.settle()
    c.kubectl("create deployment web --image=nginx --replicas=60")
    c.settle()
    pods = c.client.list("v1", "pods", "default")["items"]
    return c, pods


def test_a_window_gives_the_same_outcome_with_fewer_controller_rounds():
    exact, pods_exact = _run(0.0)
    batched, pods_batched = _run(0.1)
    for pods in (pods_exact, pods_batched):
        assert len(pods) == 60 and all(p["status"]["phase"] == "Running" for p in pods)
    # the same pods on the same nodes: the window changes when components react, not what they decide
    assert sorted((p["metadata"]["name"], p["spec"]["nodeName"]) for p in pods_exact) == \
        sorted((p["metadata"]["name"], p["spec"]["nodeName"]) for p in pods_batched)
    assert _replicaset_status_writes(batched) < _replicaset_status_writes(exact)


def test_timers_still_fire_at_their_own_time():
    c = Cluster(nodes=0, seed=0, batch_window=0.1)
    fired = []
    for delay in (0.05, 0.12, 0.18, 0.5):
        c.clock.call_later(delay, lambda d=delay: fired.append((d, round(c.clock.now(), 3))))
    c.advance(1)
    assert fired == [(0.05, 0.05), (0.12, 0.12), (0.18, 0.18), (0.5, 0.5)]
