"""Liveness, readiness and startup probes: thresholds, events, restarts and the Ready condition."""

from .builders import cluster, condition, event_counts, get_pod, make_pod, pod_events, status

HEALTHY = "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"
MISSING = "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory\n"


def test_exec_liveness_probe_restarts_the_container():
    c = cluster()
    pod = make_pod("liveness-exec", "busybox:1.36").sh(HEALTHY)
    pod.probe("liveness", exec={"command": ["cat", "/tmp/healthy"]}, initialDelaySeconds=5, periodSeconds=5)
    pod.create(c)
    c.advance(34)
    assert status(c, "liveness-exec")["restartCount"] == 0 and not pod_events(c, "liveness-exec")[-1][1] == "Unhealthy"
    c.advance(11)                       # probes at 35, 40, 45 fail: failureThreshold 3
    assert event_counts(c, "liveness-exec")[("Unhealthy", MISSING)] == 3
    assert ("Normal", "Killing", "Container liveness-exec failed liveness probe, will be restarted") \
        in pod_events(c, "liveness-exec")
    c.advance(29)                       # sh ignores SIGTERM: killed when the 30 s grace period ends
    assert status(c, "liveness-exec")["restartCount"] == 0
    c.advance(2)
    s = status(c, "liveness-exec")
    assert s["restartCount"] == 1 and s["lastState"]["terminated"]["exitCode"] == 137


def test_readiness_probe_sets_ready_and_the_conditions():
    c = cluster()
    pod = make_pod("ready", "busybox:1.36").sh(HEALTHY)
    pod.probe("readiness", exec={"command": ["cat", "/tmp/healthy"]}, periodSeconds=5, failureThreshold=1)
    pod.create(c)
    c.advance(2)
    p = get_pod(c, "ready")
    assert p["status"]["containerStatuses"][0]["ready"] and condition(p, "Ready")["status"] == "True"
    c.advance(35)
    p = get_pod(c, "ready")
    assert not p["status"]["containerStatuses"][0]["ready"]
    ready = condition(p, "Ready")
    assert (ready["status"], ready["reason"], ready["message"]) == (
        "False", "ContainersNotReady", "containers with unready status: [ready]")
    assert condition(p, "ContainersReady")["message"] == "containers with unready status: [ready]"
    assert p["status"]["containerStatuses"][0]["restartCount"] == 0
    assert ("Warning", "Unhealthy",
            "Readiness probe failed: cat: can't open '/tmp/healthy': No such file or directory\n") \
        in pod_events(c, "ready")


def test_http_and_tcp_probes_against_what_the_image_serves():
    c = cluster()
    web = make_pod("web", "nginx:1.27")
    web.c["ports"] = [{"containerPort": 80, "name": "http"}]
    web.probe("readiness", httpGet={"path": "/", "port": "http"}, periodSeconds=10)
    web.probe("liveness", httpGet={"path": "/healthz", "port": 80}, periodSeconds=10, failureThreshold=2)
    web.create(c)
    tcp = make_pod("tcp").probe("readiness", tcpSocket={"port": 8080}, periodSeconds=10)
    tcp.create(c)
    c.advance(25)
    events = pod_events(c, "web")
    assert ("Warning", "Unhealthy", "Liveness probe failed: HTTP probe failed with statuscode: 404") in events
    assert ("Normal", "Killing", "Container web failed liveness probe, will be restarted") in events
    ip = get_pod(c, "tcp")["status"]["podIP"]
    assert ("Warning", "Unhealthy", f"Readiness probe failed: dial tcp {ip}:8080: connect: connection refused") \
        in pod_events(c, "tcp")
    assert not status(c, "tcp")["ready"] and status(c, "tcp")["started"]
    down = make_pod("down", "busybox:1.36").cmd("sleep", "3600").probe("readiness", httpGet={"path": "/", "port": 80})
    down.create(c)
    c.advance(2)
    ip = get_pod(c, "down")["status"]["podIP"]
    assert pod_events(c, "down")[-1][2] == (f'Readiness probe failed: Get "http://{ip}:80/": dial tcp {ip}:80: '
                                            "connect: connection refused")


def test_startup_probe_gates_liveness_and_started():
    c = cluster()
    pod = make_pod("slow", "busybox:1.36").sh("sleep 20; touch /tmp/up; sleep 3600")
    pod.probe("startup", exec={"command": ["cat", "/tmp/up"]}, periodSeconds=5, failureThreshold=10)
    pod.probe("liveness", exec={"command": ["cat", "/tmp/up"]}, periodSeconds=5, failureThreshold=1)
    pod.create(c)
    c.advance(10)
    s = status(c, "slow")
    assert (s["started"], s["ready"], s["restartCount"]) == (False, False, 0)
    assert not any(m.startswith("Liveness") for _, _, m in pod_events(c, "slow"))
    c.advance(20)
    s = status(c, "slow")
    assert (s["started"], s["ready"], s["restartCount"]) == (True, True, 0)
    counts = event_counts(c, "slow")
    assert counts[("Unhealthy", "Startup probe failed: cat: can't open '/tmp/up': No such file or directory\n")] >= 3


def test_failed_startup_probe_restarts():
    c = cluster()
    pod = make_pod("never-up", "busybox:1.36").cmd("sleep", "3600")
    pod.probe("startup", exec={"command": ["cat", "/tmp/up"]}, periodSeconds=1, failureThreshold=3)
    pod.create(c)
    c.advance(5)
    assert ("Normal", "Killing", "Container never-up failed startup probe, will be restarted") \
        in pod_events(c, "never-up")
