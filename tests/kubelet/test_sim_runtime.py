"""The simulated runtime on its own: the CRI calls, programs on the clock, the shell, signals."""

import random

import pytest

from k8slab.kubelet import cri
from k8slab.kubelet.runtimes import SimRuntime
from k8slab.kubelet.runtimes.shell import ShellContext, run_now, run_script
from k8slab.sim.clock import VirtualClock


def runtime():
    clock = VirtualClock()
    rt = SimRuntime(clock, random.Random(3))
    rt.update_runtime_config("10.244.7.0/24")
    return clock, rt


def sandbox(rt, name="p"):
    config = cri.PodSandboxConfig(cri.PodSandboxMetadata(name, f"uid-{name}", "default"), hostname=name,
                                  log_directory=f"/var/log/pods/default_{name}_uid-{name}",
                                  labels={cri.POD_UID_LABEL: f"uid-{name}"})
    return rt.run_pod_sandbox(config), config


def start(rt, sid, config, name, image, *command):
    rt.pull_image(cri.ImageSpec(image))
    cid = rt.create_container(sid, cri.ContainerConfig(cri.ContainerMetadata(name), cri.ImageSpec(image),
                                                       list(command), log_path=f"{name}/0.log",
                                                       labels={cri.POD_UID_LABEL: config.metadata.uid}), config)
    rt.start_container(cid)
    return cid


def texts(rt, cid):
    return [e.text for e in rt.read_log(rt.container_status(cid).log_path)]


def test_sandbox_ips_round_robin_and_release():
    clock, rt = runtime()
    a, _ = sandbox(rt, "a")
    b, _ = sandbox(rt, "b")
    assert [rt.pod_sandbox_status(x).network.ip for x in (a, b)] == ["10.244.7.2", "10.244.7.3"]
    rt.stop_pod_sandbox(a)
    c, _ = sandbox(rt, "c")
    assert rt.pod_sandbox_status(c).network.ip == "10.244.7.4"     # host-local does not reuse at once
    assert rt.pod_sandbox_status(a).state == cri.SANDBOX_NOTREADY


def test_programs_run_on_the_clock_and_log():
    clock, rt = runtime()
    sid, config = sandbox(rt)
    ticker = start(rt, sid, config, "ticker", "busybox", "sh", "-c", "while true; do echo tick $(date); sleep 10; done")
    once = start(rt, sid, config, "once", "alpine:3.20", "sh", "-c", "echo one; sleep 5; echo two; exit 4")
    events = []
    rt.get_container_events(events.append)
    clock.advance(25)
    assert texts(rt, ticker) == ["tick Tue Nov 14 22:13:20 UTC 2023", "tick Tue Nov 14 22:13:30 UTC 2023",
                                 "tick Tue Nov 14 22:13:40 UTC 2023"]
    st = rt.container_status(once)
    assert (st.state, st.exit_code, st.reason, st.finished_at - st.started_at) == (cri.CONTAINER_EXITED, 4, "Error", 5)
    assert texts(rt, once) == ["one", "two"]
    assert [e.container_event_type for e in events] == [cri.CONTAINER_STOPPED_EVENT]


def test_sigterm_servers_exit_zero_shells_wait_for_sigkill():
    clock, rt = runtime()
    sid, config = sandbox(rt)
    nginx = start(rt, sid, config, "nginx", "nginx:1.27")
    sleeper = start(rt, sid, config, "sleeper", "busybox", "sleep", "3600")
    assert rt.http_get(nginx, 80, "/") == 200 and rt.http_get(nginx, 80, "/x") == 404 and rt.serving(nginx, 80)
    assert rt.http_get(sleeper, 80, "/") is None
    rt.stop_container(nginx, 30)
    rt.stop_container(sleeper, 30)
    clock.advance(1)
    assert (rt.container_status(nginx).exit_code, rt.container_status(nginx).reason) == (0, "Completed")
    assert texts(rt, nginx)[-1].endswith("[notice] 1#1: exit")
    assert rt.container_status(sleeper).state == cri.CONTAINER_RUNNING
    clock.advance(29)
    assert (rt.container_status(sleeper).exit_code, rt.container_status(sleeper).reason) == (137, "Error")


def test_unknown_executable_is_a_start_error():
    clock, rt = runtime()
    sid, config = sandbox(rt)
    with pytest.raises(cri.CRIError) as e:
        start(rt, sid, config, "x", "busybox", "nosuch-binary")
    assert 'exec: "nosuch-binary": executable file not found in $PATH: unknown' in str(e.value)
    st = rt.list_containers()[0]
    status = rt.container_status(st.id)
    assert (status.exit_code, status.reason) == (128, "StartError")


def test_exec_sync_on_a_stopped_container_and_images():
    clock, rt = runtime()
    sid, config = sandbox(rt)
    cid = start(rt, sid, config, "r", "redis:alpine")
    assert rt.exec_sync(cid, ["redis-cli", "-p", "6380", "ping"]).stdout.startswith("Could not connect to Redis")
    rt.kill(cid)
    with pytest.raises(cri.CRIError, match="container is in CONTAINER_EXITED state"):
        rt.exec_sync(cid, ["ls"])
    names = [t for i in rt.list_images() for t in i.repo_tags]
    assert names == ["registry.k8s.io/pause:3.10", "docker.io/library/redis:alpine"]
    rt.remove_image(cri.ImageSpec("redis:alpine"))
    assert rt.image_status(cri.ImageSpec("redis:alpine")) is None
    assert rt.version().runtime_name == "containerd"


def shell(script, files=None):
    out = []
    ctx = ShellContext(None, dict(files or {}), {"HOME": "/root"}, "box", lambda: 1_700_000_000.0,
                       lambda stream, text: out.append((stream, text)))
    code = run_now(run_script(ctx, script))
    return code, "".join(t for s, t in out if s == "stdout"), "".join(t for s, t in out if s == "stderr"), ctx


def test_shell_language():
    assert shell("echo a && false || echo b; echo $?")[:2] == (0, "a\nb\n0\n")
    assert shell("X=1; if [ $X = 1 ]; then echo yes; else echo no; fi")[1] == "yes\n"
    assert shell("for i in a b; do echo $i; done | wc -l")[1] == "2\n"
    code, out, err, ctx = shell("echo hi > /tmp/f; echo more >> /tmp/f; cat /tmp/f | grep more; cat /x 2>/dev/null")
    assert (code, out, err, ctx.files["/tmp/f"]) == (1, "more\n", "", "hi\nmore\n")
    assert shell("nosuch")[:3] == (127, "", "sh: nosuch: not found\n")
    assert shell("exit 7; echo never")[:2] == (7, "")
    assert shell("sleep 10; echo after")[1] == "after\n"            # no waiting when run at once
    assert shell("while true; do :; done")[0] == 137                 # spins forever
    assert shell("test -f /etc/x && echo there", {"/etc/x": ""})[1] == "there\n"
