"""`pods/<name>/log` and `pods/<name>/exec` through the API server, answered by the kubelet."""

import re

from .builders import cluster, make_pod

LOG = "/api/v1/namespaces/default/pods/{}/log"
EXEC = "/api/v1/namespaces/default/pods/{}/exec"


def test_redis_logs_as_redis_prints_them():
    c = cluster()
    make_pod("redis").create(c)
    make_pod("redis5", "redis:5").create(c)
    c.advance(5)
    r = c.client.raw("GET", LOG.format("redis"))
    assert r.status == 200 and r.content_type == "text/plain"
    lines = r.body.splitlines()
    assert lines[0].endswith("* oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo")
    assert re.fullmatch(r"1:M \d\d \w{3} \d{4} \d\d:\d\d:\d\d\.\d{3} \* Ready to accept connections tcp", lines[-1])
    assert "Redis version=7.4.2" in lines[1]
    old = c.client.raw("GET", LOG.format("redis5")).body.splitlines()
    assert old[-1].endswith("* Ready to accept connections") and "Redis version=5.0.14" in old[1]
    tail = c.client.raw("GET", LOG.format("redis"), tailLines=2).body
    assert tail == "\n".join(lines[-2:]) + "\n"
    stamped = c.client.raw("GET", LOG.format("redis"), timestamps="true", tailLines=1).body
    assert re.match(r"2023-11-14T22:13:2\d\.\d{9}Z 1:M ", stamped)


def test_previous_logs_and_echo():
    c = cluster()
    make_pod("counter", "busybox:1.36").sh("for i in 1 2 3; do echo line $i; done; exit 1").create(c)
    c.advance(1)
    r = c.client.raw("GET", LOG.format("counter"), previous="true")
    assert r.status == 200 and r.body == "line 1\nline 2\nline 3\n"
    assert c.kubelet("node1").logs("default", "counter", "counter", previous=True, tail_lines=1) == "line 3\n"


def test_log_errors_are_upstreams():
    c = cluster()
    make_pod("bad", "redis:5xx").create(c)
    make_pod("new", "nginx:1.27").create(c)
    two = make_pod("two", "busybox:1.36").cmd("sleep", "60")
    two.container("side", "busybox:1.36", "sleep", "60")
    two.container("setup", "busybox:1.36", "true", init=True)
    two.create(c)

    def err(path, **q):
        r = c.client.raw("GET", path, **q)
        assert r.status == 400 and r.body["reason"] == "BadRequest"
        return r.body["message"]

    assert err(LOG.format("new")) == 'container "new" in pod "new" is waiting to start: ContainerCreating'
    c.advance(1)
    assert err(LOG.format("bad")) == 'container "bad" in pod "bad" is waiting to start: trying and failing to pull image'
    assert err(LOG.format("two")) == ("a container name must be specified for pod two, choose one of: [two side] "
                                      "or one of the init containers: [setup]")
    assert err(LOG.format("two"), container="nope") == "container nope is not valid for pod two"
    c.advance(5)
    assert err(LOG.format("new"), previous="true") == 'previous terminated container "new" in pod "new" not found'
    unbound = make_pod("unbound").node("")
    del unbound["spec"]["nodeName"]
    unbound.create(c)
    assert err(LOG.format("unbound")) == "pod unbound does not have a host assigned"


def test_exec_runs_commands_in_the_container():
    c = cluster()
    make_pod("redis").create(c)
    make_pod("bb", "busybox:1.36").sh("echo hello > /tmp/greeting; sleep 3600").create(c)
    c.advance(2)

    def run(pod, *argv):
        r = c.client.raw("POST", EXEC.format(pod), body={"command": list(argv)})
        assert r.status == 200
        return r.body, int(r.headers["X-Exit-Code"])

    assert run("redis", "redis-cli", "ping") == ("PONG\n", 0)
    assert run("redis", "redis-cli", "set", "name", "kubernetes") == ("OK\n", 0)
    assert run("redis", "redis-cli", "get", "name") == ("kubernetes\n", 0)
    assert run("redis", "hostname") == ("redis\n", 0)
    assert run("bb", "cat", "/tmp/greeting") == ("hello\n", 0)
    assert run("bb", "cat", "/nope") == ("cat: can't open '/nope': No such file or directory\n", 1)
    assert run("bb", "sh", "-c", "echo $HOSTNAME && ls /tmp") == ("bb\ngreeting\n", 0)
    assert run("bb", "redis-cli", "ping")[1] == 126                 # not on busybox's PATH
    one = c.client.raw("POST", EXEC.format("bb"), command="hostname")
    assert one.body == "bb\n"
    env, _ = run("bb", "env")
    assert env.splitlines()[:2] == ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOSTNAME=bb"]
    resolv, _ = run("bb", "cat", "/etc/resolv.conf")
    assert resolv == ("search default.svc.cluster.local svc.cluster.local cluster.local\n"
                      "nameserver 10.96.0.10\noptions ndots:5\n")


def test_exec_into_a_container_that_is_not_running():
    c = cluster()
    make_pod("done", "busybox:1.36").cmd("true").never().create(c)
    c.advance(2)
    r = c.client.raw("POST", EXEC.format("done"), command="ls")
    assert r.status == 400 and r.body["message"] == 'unable to upgrade connection: container not found ("done")'
