"""Graceful deletion: stop the containers within the grace period, report, then delete for good."""

from .builders import cluster, get_pod, make_pod, pod_events, status


def watch_pod(c, name):
    return c.client.watch("v1", "Pod", "default", fieldSelector=f"metadata.name={name}",
                          resourceVersion=get_pod(c, name)["metadata"]["resourceVersion"])


def test_redis_stops_on_sigterm_and_the_pod_is_deleted():
    c = cluster()
    make_pod("redis").create(c)
    c.advance(2)
    stream = watch_pod(c, "redis")
    c.client.delete("v1", "Pod", "redis", "default")
    c.settle(wait_for_starts=False)
    p = get_pod(c, "redis")
    assert p["metadata"]["deletionGracePeriodSeconds"] == 30 and "running" in status(c, "redis")["state"]
    assert pod_events(c, "redis")[-1] == ("Normal", "Killing", "Stopping container redis")
    c.advance(1)
    assert get_pod(c, "redis") is None
    seen = [(e["type"], e["object"]["status"].get("phase")) for e in stream.events()]
    assert seen[-2:] == [("MODIFIED", "Succeeded"), ("DELETED", "Succeeded")]   # exit 0 on SIGTERM
    logs = c.kubelet("node1").runtime.logs
    assert any(e.text.endswith("# Redis is now ready to exit, bye bye...") for lines in logs.values() for e in lines)
    assert c.kubelet("node1").runtime.sandboxes == {}


def test_shell_ignores_sigterm_and_is_killed_when_the_grace_period_ends():
    c = cluster()
    make_pod("bb", "busybox:1.36").cmd("sleep", "3600").create(c)
    make_pod("quick", "busybox:1.36").cmd("sleep", "3600").create(c)
    c.advance(2)
    stream = watch_pod(c, "bb")
    c.client.delete("v1", "Pod", "bb", "default")
    c.client.delete("v1", "Pod", "quick", "default", gracePeriodSeconds=5)
    c.advance(4.5)
    assert get_pod(c, "quick") is not None
    c.advance(1)
    assert get_pod(c, "quick") is None and get_pod(c, "bb") is not None
    c.advance(25)
    assert get_pod(c, "bb") is None
    last = [e for e in stream.events() if e["type"] == "MODIFIED"][-1]["object"]["status"]
    assert last["phase"] == "Failed"
    t = last["containerStatuses"][0]["state"]["terminated"]
    assert (t["exitCode"], t["reason"]) == (137, "Error")


def test_force_deletion_still_stops_the_containers():
    c = cluster()
    make_pod("redis").create(c)
    c.advance(2)
    c.client.delete("v1", "Pod", "redis", "default", gracePeriodSeconds=0)
    c.settle(wait_for_starts=False)
    assert get_pod(c, "redis") is None
    c.advance(1)
    k = c.kubelet("node1")
    assert k.runtime.containers == {} and k.pod_workers.workers == {}


def test_finished_pod_is_deleted_at_once():
    c = cluster()
    make_pod("job", "busybox:1.36").cmd("echo", "done").never().create(c)
    c.advance(2)
    assert get_pod(c, "job")["status"]["phase"] == "Succeeded"
    c.client.delete("v1", "Pod", "job", "default")
    c.settle(wait_for_starts=False)
    assert get_pod(c, "job") is None


def test_pod_being_deleted_is_not_restarted():
    c = cluster()
    make_pod("loop", "busybox:1.36").sh("sleep 2; exit 1").create(c)
    c.advance(1)
    c.client.delete("v1", "Pod", "loop", "default", gracePeriodSeconds=60)
    c.advance(5)
    assert get_pod(c, "loop") is None
