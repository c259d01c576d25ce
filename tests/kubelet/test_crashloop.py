"""CrashLoopBackOff: restart back-off 10 s doubling to 5 min, its messages, and its reset."""

from k8slab.kubelet import cri
from k8slab.kubelet.backoff import Backoff
from k8slab.sim.clock import VirtualClock

from .builders import cluster, event_counts, get_pod, make_pod, status


def restart_gaps(c, pod_name):
    """Seconds between each container's exit and the next one's start (runtime's own record)."""
    rt = c.kubelet("node1").runtime
    uid = get_pod(c, pod_name)["metadata"]["uid"]
    runs = sorted((rt.container_status(x.id) for x in rt.list_containers(
        cri.ContainerFilter(label_selector={cri.POD_UID_LABEL: uid}))), key=lambda s: s.created_at)
    return [round(b.started_at - a.finished_at, 3) for a, b in zip(runs, runs[1:])]


def test_restart_back_off_doubles_to_five_minutes():
    c = cluster()
    make_pod("crash", "busybox:1.36").sh("exit 3").create(c)
    c.advance(1300)
    # upstream restarts the first failure at once, then waits 10 s, 20 s, ... capped at 300 s
    assert restart_gaps(c, "crash") == [0, 10, 20, 40, 80, 160, 300, 300, 300]
    s = status(c, "crash")
    uid = get_pod(c, "crash")["metadata"]["uid"]
    assert s["state"] == {"waiting": {"reason": "CrashLoopBackOff",
                                      "message": f"back-off 5m0s restarting failed container=crash "
                                                 f"pod=crash_default({uid})"}}
    t = s["lastState"]["terminated"]
    assert (t["exitCode"], t["reason"]) == (3, "Error") and s["restartCount"] == 9 and not s["ready"]
    assert get_pod(c, "crash")["status"]["phase"] == "Running"
    counts = event_counts(c, "crash")
    assert counts[("BackOff", f"Back-off restarting failed container crash in pod crash_default({uid})")] > 50
    assert counts[("Started", "Started container crash")] == 10


def test_first_crash_loop_message_says_ten_seconds():
    c = cluster()
    make_pod("crash", "busybox:1.36").sh("sleep 1; exit 1").create(c)
    c.advance(3)
    msg = status(c, "crash")["state"]["waiting"]["message"]
    assert msg.startswith("back-off 10s restarting failed container=crash pod=crash_default(")


def test_back_off_resets_after_ten_minutes_of_running():
    c = cluster()
    c.kubelet("node1").runtime.catalog.load_yaml(
        "images:\n- name: example.com/flaky\n  tags: ['1']\n  size: 1000000\n  behaviour: crash-after:700\n")
    make_pod("flaky", "example.com/flaky:1").create(c)
    c.advance(2200)
    assert restart_gaps(c, "flaky") == [0, 0, 0]          # each run outlived 2 x 300 s: no back-off
    assert status(c, "flaky")["restartCount"] == 3


def test_killed_container_is_restarted_with_exit_137():
    c = cluster()
    make_pod("redis").create(c)
    c.advance(2)
    c.kubelet("node1").kill_container("default", "redis", "redis")
    c.settle(wait_for_starts=False)
    s = status(c, "redis")
    assert s["restartCount"] == 1 and "running" in s["state"]
    assert (s["lastState"]["terminated"]["exitCode"], s["lastState"]["terminated"]["reason"]) == (137, "Error")


def test_backoff_unit():
    clock = VirtualClock()
    b = Backoff(clock, 10, 300)
    assert not b.is_in_backoff_since("k", 0)
    steps = []
    for _ in range(7):
        b.next("k", clock.now())
        steps.append(b.get("k"))
    assert steps == [10, 20, 40, 80, 160, 300, 300]
    assert b.is_in_backoff_since("k", clock.now())
    clock.advance(300)
    assert not b.is_in_backoff_since("k", 0)
    clock.advance(301)
    b.next("k", clock.now())                               # stale: starts over
    assert b.get("k") == 10
