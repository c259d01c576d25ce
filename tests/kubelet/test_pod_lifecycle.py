"""A pod bound to a node: Pending -> Running -> Succeeded / Failed, its events and status fields."""

import re

from .builders import cluster, condition, get_pod, make_pod, pod_events, status


def test_pending_to_running_with_upstream_events_and_status_fields():
    c = cluster()
    make_pod("redis").create(c)
    p = get_pod(c, "redis")
    assert p["status"]["phase"] == "Pending"
    assert status(c, "redis")["state"] == {"waiting": {"reason": "ContainerCreating"}}
    assert status(c, "redis")["imageID"] == "" and status(c, "redis")["started"] is False
    c.advance(2)
    p = get_pod(c, "redis")
    st = p["status"]
    assert st["phase"] == "Running" and st["qosClass"] == "BestEffort"
    assert (st["hostIP"], st["hostIPs"], st["podIP"], st["podIPs"]) == (
        "172.18.0.2", [{"ip": "172.18.0.2"}], "10.244.1.2", [{"ip": "10.244.1.2"}])
    assert st["startTime"] == "2023-11-14T22:13:20Z"
    assert [(x["type"], x["status"]) for x in st["conditions"]] == [
        ("PodReadyToStartContainers", "True"), ("Initialized", "True"), ("Ready", "True"),
        ("ContainersReady", "True"), ("PodScheduled", "True")]
    assert all(x["lastProbeTime"] is None for x in st["conditions"])
    cs = st["containerStatuses"][0]
    assert list(cs) == ["name", "state", "lastState", "ready", "restartCount", "image", "imageID",
                        "containerID", "started", "volumeMounts"]
    # the ServiceAccount admission plugin's token volume, as the kubelet reports it mounted
    assert [(m["name"][:16], m["mountPath"], m["readOnly"], m["recursiveReadOnly"]) for m in cs["volumeMounts"]] == [
        ("kube-api-access-", "/var/run/secrets/kubernetes.io/serviceaccount", True, "Disabled")]
    assert cs["state"] == {"running": {"startedAt": "2023-11-14T22:13:20Z"}}
    assert (cs["lastState"], cs["ready"], cs["restartCount"], cs["started"]) == ({}, True, 0, True)
    assert cs["image"] == "docker.io/library/redis:alpine"
    assert re.fullmatch(r"docker\.io/library/redis@sha256:[0-9a-f]{64}", cs["imageID"])
    assert re.fullmatch(r"containerd://[0-9a-f]{64}", cs["containerID"])
    assert pod_events(c, "redis") == [
        ("Normal", "Pulling", 'Pulling image "redis:alpine"'),
        ("Normal", "Pulled", 'Successfully pulled image "redis:alpine" in 920ms (920ms including waiting). '
                             'Image size: 17237642 bytes.'),
        ("Normal", "Created", "Created container redis"),
        ("Normal", "Started", "Started container redis")]
    ev = next(e for e in c.client.list("v1", "Event", "default")["items"] if e["reason"] == "Started")
    assert ev["source"] == {"component": "kubelet", "host": "node1"}
    assert ev["involvedObject"]["fieldPath"] == "spec.containers{redis}"


def test_second_pod_finds_the_image_present_and_gets_the_next_ip():
    c = cluster()
    make_pod("a").create(c)
    c.advance(2)
    make_pod("b").create(c)
    assert pod_events(c, "b")[0] == ("Normal", "Pulled", 'Container image "redis:alpine" already present on machine')
    assert get_pod(c, "b")["status"]["podIP"] == "10.244.1.3"
    assert get_pod(c, "b")["status"]["phase"] == "Running"


def test_busybox_sleep_5_succeeds_after_five_virtual_seconds():
    c = cluster()
    make_pod("sleeper", "busybox:1.36").cmd("sleep", "5").never().create(c)
    c.advance(1)
    started = c.clock.now()
    assert get_pod(c, "sleeper")["status"]["phase"] == "Running"
    c.advance(4)
    assert get_pod(c, "sleeper")["status"]["phase"] == "Running"
    c.advance(1)
    p = get_pod(c, "sleeper")
    assert p["status"]["phase"] == "Succeeded" and c.clock.now() - started < 6
    t = p["status"]["containerStatuses"][0]["state"]["terminated"]
    assert (t["exitCode"], t["reason"]) == (0, "Completed")
    assert (condition(p, "Ready")["status"], condition(p, "Ready")["reason"]) == ("False", "PodCompleted")
    assert condition(p, "Initialized")["reason"] == "PodCompleted"
    assert condition(p, "PodReadyToStartContainers")["status"] == "False"
    assert p["status"]["podIP"] == "10.244.1.2"           # kept after the sandbox is gone


def test_restart_policies():
    c = cluster()
    make_pod("never", "busybox:1.36").sh("exit 3").never().create(c)
    make_pod("onfailure-ok", "busybox:1.36").sh("echo done").policy("OnFailure").create(c)
    make_pod("always", "busybox:1.36").cmd("echo", "hi").create(c)
    c.advance(3)
    p = get_pod(c, "never")
    assert p["status"]["phase"] == "Failed"
    t = p["status"]["containerStatuses"][0]["state"]["terminated"]
    assert (t["exitCode"], t["reason"]) == (3, "Error")
    assert condition(p, "Ready")["reason"] == "PodFailed"
    assert get_pod(c, "onfailure-ok")["status"]["phase"] == "Succeeded"
    always = get_pod(c, "always")["status"]
    assert always["phase"] == "Running" and always["containerStatuses"][0]["restartCount"] >= 1
    assert always["containerStatuses"][0]["state"]["waiting"]["reason"] == "CrashLoopBackOff"


def test_busybox_without_command_exits_at_once_and_crash_loops():
    c = cluster()
    make_pod("bb", "busybox:1.36").create(c)
    c.advance(15)
    s = status(c, "bb")
    assert s["lastState"]["terminated"]["reason"] == "Completed" and s["restartCount"] == 2


def test_init_containers_run_in_order_before_the_app():
    c = cluster()
    pod = make_pod("app", "busybox:1.36").cmd("sleep", "3600")
    pod.container("first", "busybox:1.36", "sleep", "2", init=True)
    pod.container("second", "busybox:1.36", "sh", "-c", "echo second", init=True)
    pod.create(c)
    c.advance(1)
    p = get_pod(c, "app")
    assert p["status"]["containerStatuses"][0]["state"] == {"waiting": {"reason": "PodInitializing"}}
    init = p["status"]["initContainerStatuses"]
    assert "running" in init[0]["state"] and init[1]["state"] == {"waiting": {"reason": "PodInitializing"}}
    init_cond = condition(p, "Initialized")
    assert (init_cond["status"], init_cond["reason"], init_cond["message"]) == (
        "False", "ContainersNotInitialized", "containers with incomplete status: [first second]")
    c.advance(3)
    p = get_pod(c, "app")
    assert [s["state"]["terminated"]["reason"] for s in p["status"]["initContainerStatuses"]] == ["Completed"] * 2
    assert all(s["ready"] for s in p["status"]["initContainerStatuses"])
    assert p["status"]["phase"] == "Running" and condition(p, "Initialized")["status"] == "True"
    started = [m for t, r, m in pod_events(c, "app") if r == "Started"]
    assert started == ["Started container first", "Started container second", "Started container app"]


def test_failing_init_container_with_restart_policy_never_fails_the_pod():
    c = cluster()
    pod = make_pod("app", "busybox:1.36").cmd("sleep", "3600").never()
    pod.container("setup", "busybox:1.36", "false", init=True)
    pod.create(c)
    c.advance(2)
    p = get_pod(c, "app")
    assert p["status"]["phase"] == "Failed"
    assert p["status"]["initContainerStatuses"][0]["state"]["terminated"]["exitCode"] == 1
    assert "waiting" in p["status"]["containerStatuses"][0]["state"]


def test_environment_downward_api_services_and_missing_configmap():
    c = cluster()
    c.apply({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg"}, "data": {"mode": "fast"}})
    c.apply({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "redis-server"},
             "spec": {"selector": {"run": "redis"}, "ports": [{"port": 6379, "targetPort": 6379}]}})
    pod = make_pod("env", "busybox:1.36").cmd("sleep", "3600")
    pod.c["env"] = [{"name": "POD", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
                    {"name": "MODE", "valueFrom": {"configMapKeyRef": {"name": "cfg", "key": "mode"}}},
                    {"name": "GREETING", "value": "hello $(POD)"}]
    pod.create(c)
    c.advance(2)
    out, code = c.kubelet("node1").exec("default", "env", "env", ["env"])
    env = dict(line.split("=", 1) for line in out.splitlines())
    assert (env["POD"], env["MODE"], env["GREETING"], env["HOSTNAME"]) == ("env", "fast", "hello env", "env")
    ip = c.client.get("v1", "Service", "redis-server", "default")["spec"]["clusterIP"]
    assert env["REDIS_SERVER_SERVICE_HOST"] == ip and env["REDIS_SERVER_PORT_6379_TCP"] == f"tcp://{ip}:6379"
    bad = make_pod("bad", "busybox:1.36").cmd("sleep", "3600")
    bad.c["env"] = [{"name": "X", "valueFrom": {"configMapKeyRef": {"name": "nope", "key": "k"}}}]
    bad.create(c)
    c.advance(2)
    assert status(c, "bad")["state"] == {"waiting": {"reason": "CreateContainerConfigError",
                                                     "message": 'configmap "nope" not found'}}
    assert ("Warning", "Failed", 'Error: configmap "nope" not found') in pod_events(c, "bad")


def test_a_new_image_restarts_the_container():
    c = cluster()
    make_pod("web", "nginx:1.27").create(c)
    c.advance(5)
    p = get_pod(c, "web")
    p["spec"]["containers"][0]["image"] = "nginx:1.26"
    c.client.update(p)
    c.advance(5)
    s = status(c, "web")
    assert (s["image"], s["restartCount"], "running" in s["state"]) == ("docker.io/library/nginx:1.26", 1, True)
    assert ("Normal", "Killing", "Container web definition changed, will be restarted") in pod_events(c, "web")
