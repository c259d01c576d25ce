"""The commands that need running pods, `k8slab kubectl` against the installed kubectl on one
`k8slab up --nodes 2`: logs, auth can-i / whoami, top, and the errors of port-forward (compared
step by step, see differential.py); then port-forward, proxy and `logs -f` as behaviour tests
that start both kubectls side by side and compare what they print and what comes through them.

A Step with `known=` documents a difference that remains (xfail(strict=True)). Steps whose real
output depends on Go's map order (kubectl keeps several log requests in a map; a map of two
entries is walked in insertion order seven times out of eight) are compared up to four times.
"""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass

import pytest

from tests.apiserver.kubectl_harness import KUBECTL

from .differential import K8SLAB, Differential, Step, step_params

pytestmark = pytest.mark.skipif(KUBECTL is None, reason="no kubectl on PATH")


@dataclass
class Ordered(Step):
    tries: int = 4                   # kubectl walks its log requests in Go's random map order


def pod(name, containers, ns="default", restart="Always", labels=None):
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": ns, "labels": labels or {}},
            "spec": {"restartPolicy": restart, "containers": containers}}


def busybox(name, script):
    return {"name": name, "image": "busybox", "command": ["sh", "-c", script]}


OBJECTS = [
    {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "work"}},
    {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "default"},
     "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
              "template": {"metadata": {"labels": {"app": "web"}},
                           "spec": {"containers": [{"name": "nginx", "image": "nginx:1.25",
                                                    "ports": [{"name": "http", "containerPort": 80}]}]}}}},
    {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "default"},
     "spec": {"selector": {"app": "web"}, "ports": [{"name": "www", "port": 8080, "targetPort": "http"}]}},
    pod("two", [{"name": "a", "image": "nginx:1.25"}, busybox("b", "echo hi from b; sleep 3600")]),
    pod("ticker", [busybox("ticker", "echo one; sleep 1; echo two; sleep 1; echo three")], restart="Never"),
    pod("badimg", [{"name": "badimg", "image": "registry.invalid/nope:1"}]),
    {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings", "namespace": "work"},
     "data": {"a": "b"}},
    {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
     "metadata": {"name": "pod-reader", "namespace": "work"},
     "rules": [{"apiGroups": [""], "resources": ["pods", "pods/log"], "verbs": ["get", "list", "watch"]},
               {"apiGroups": ["apps"], "resources": ["deployments"], "verbs": ["get"],
                "resourceNames": ["web"]}]},
    {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
     "metadata": {"name": "pod-reader", "namespace": "work"},
     "subjects": [{"kind": "User", "name": "backend", "apiGroup": "rbac.authorization.k8s.io"}],
     "roleRef": {"kind": "Role", "name": "pod-reader", "apiGroup": "rbac.authorization.k8s.io"}},
]

MULTI_GROUP = ("client.py joins the --as-group values into one Impersonate-Group header (`a,b`, one group "
               "for the server); client-go sends one header per group")

STEPS = [
    # logs
    Step("logs two"),
    Step("logs two -c b"),
    Step("logs two b"),
    Step("logs ticker"),
    Step("logs ticker --timestamps"),
    Step("logs ticker --tail 1"),
    Step("logs ticker --tail=0"),
    Step("logs -f ticker"),
    Step("logs pod/ticker --limit-bytes 6"),
    Step("logs deploy/web --tail 2"),
    Step("logs deployment/web -c nginx --tail 1"),
    Step("logs svc/web --tail 1"),
    Ordered("logs two --all-containers --tail 1"),
    Ordered("logs two --all-containers --prefix --tail 1"),
    Ordered("logs -l app=web --tail 1"),
    Ordered("logs -l app=web --prefix --tail 3"),
    Ordered("logs -l app=web --all-containers --prefix --timestamps"),
    Ordered("logs deploy/web --all-pods --tail 1"),
    Step("logs two --previous"),
    Step("logs badimg"),
    Step("logs nope"),
    Step("logs nope -n work"),
    Step("logs nope -n nons"),
    Step("logs two -c nope"),
    Step("logs two b -c a"),
    Step("logs two --all-containers -c a"),
    Step("logs cm/settings -n work"),
    Step("logs svc/kubernetes"),
    Step("logs -l app=zzz"),
    Step("logs -l app=web two"),
    Step("logs"),
    Step("logs two a extra"),
    Step("logs two --tail -5"),
    Step("logs two --since-time=bad"),
    Step("logs two --since-time=2024-01-01T00:00:00Z --since 1s"),
    Step("logs two --limit-bytes=-1"),
    Step("logs -l app=web -f --max-log-requests 1"),
    Step("logs ticker --as backend"),
    Step("logs ticker -n work --as backend"),
    # auth can-i
    Step("auth can-i get pods"),
    Step("auth can-i '*' '*'"),
    Step("auth can-i get pods --as backend"),
    Step("auth can-i get pods --as backend -n work"),
    Step("auth can-i get pods/log --as backend -n work"),
    Step("auth can-i get pods --subresource=log --as backend -n work"),
    Step("auth can-i delete pods --as backend -n work"),
    Step("auth can-i get deployments.apps/web --as backend -n work"),
    Step("auth can-i get deploy/other --as backend -n work"),
    Step("auth can-i get pods -A --as backend"),
    Step("auth can-i get pods --as backend -n work -q"),
    Step("auth can-i list foos"),
    Step("auth can-i list zz.apps"),
    Step("auth can-i get Pods"),
    Step("auth can-i get nodes"),
    Step("auth can-i frob pods"),
    Step("auth can-i list users"),
    Step("auth can-i impersonate users --as backend"),
    Step("auth can-i get /healthz --as backend"),
    Step("auth can-i frob /x"),
    Step("auth can-i get /x --subresource=y"),
    Step("auth can-i get pods --no-headers"),
    Step("auth can-i get pods nope"),
    Step("auth can-i"),
    Step("auth can-i --list"),
    Step("auth can-i --list --as backend -n work"),
    Step("auth can-i --list --as backend --no-headers"),
    Step("auth can-i --list --as backend --as-group system:masters"),
    Step("auth can-i --list pods"),
    Step("auth can-i --list -A"),
    Step("auth"),
    Step("auth bogus"),
    # auth whoami
    Step("auth whoami"),
    Step("auth whoami -o yaml"),
    Step("auth whoami -o json"),
    Step("auth whoami -o name"),
    Step("auth whoami -o jsonpath={.status.userInfo.username}"),
    Step("auth whoami -o wide"),
    Step("auth whoami --as backend --as-group devs"),
    Step("--as system:serviceaccount:work:default auth whoami"),
    Step("auth whoami --as bob --as-group a --as-group b", known=MULTI_GROUP),
    # top: this server has no Metrics API
    Step("top node"),
    Step("top nodes node1"),
    Step("top pod"),
    Step("top po -A --containers"),
    Step("top"),
    Step("top node a b"),
    Step("top pod a -l x=y"),
    Step("top node a -l x=y"),
    Step("top pod --sort-by=foo"),
    # port-forward: what fails before any port is opened
    Step("port-forward two"),
    Step("port-forward two :0"),
    Step("port-forward two 70000"),
    Step("port-forward two a:b:c"),
    Step("port-forward two 80 --address bad"),
    Step("port-forward ticker 80"),
    Step("port-forward nope 80"),
    Step("port-forward svc/kubernetes 80"),
    Step("port-forward svc/web nope"),
    Step("port-forward svc/web 9999"),
    Step("port-forward cm/settings -n work 80"),
    # the requests they make, at -v=6
    Step("-v=6 logs two -c b"),
    Step("-v=6 logs deploy/web --tail 1"),
    Step("-v=6 auth can-i get nodes"),
    Step("-v=6 auth can-i --list"),
    Step("-v=6 auth whoami"),
    Step("-v=6 top node"),
]


def pods_settled(d: Differential) -> bool:
    pods = {p["metadata"]["name"]: p for p in d.get("/api/v1/namespaces/default/pods")["items"]}
    web = [p for name, p in pods.items() if name.startswith("web-")]

    def running(p) -> bool:
        status = p.get("status") or {}
        return status.get("phase") == "Running" and all(c.get("ready") for c in status.get("containerStatuses") or [])

    def waiting(p) -> str:
        for c in (p.get("status") or {}).get("containerStatuses") or []:
            return ((c.get("state") or {}).get("waiting") or {}).get("reason", "")
        return ""
    return (len(web) == 2 and all(map(running, web)) and "two" in pods and running(pods["two"])
            and (pods.get("ticker", {}).get("status") or {}).get("phase") == "Succeeded"
            and waiting(pods.get("badimg", {})) in ("ErrImagePull", "ImagePullBackOff"))


@pytest.fixture(scope="module")
def diff():
    d = Differential(nodes=2)
    try:
        for obj in OBJECTS:
            d.create(obj)
        assert d.wait(lambda: pods_settled(d), timeout=60), "pods did not settle"
        yield d
    finally:
        d.stop()


@pytest.mark.parametrize("step", step_params(STEPS))
def test_same_output(diff, step):
    for _ in range(getattr(step, "tries", 1)):
        equal, report = diff.compare(step)
        if equal:
            break
    assert equal, report


def test_enough_commands_are_compared():
    assert len([s for s in STEPS if not s.known]) >= 15


# ---- side by side: the long-running commands ---------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Running:
    """A kubectl (real or ours) running in the background, stopped with SIGINT."""

    def __init__(self, argv: list[str], env: dict):
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)

    def wait_for_line(self, text: str, timeout: float = 20.0) -> str:
        """Read stdout until a line containing `text` (the lines read so far are kept)."""
        self.lines = getattr(self, "lines", [])
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            self.lines.append(line)
            if text in line:
                return line
        raise AssertionError(f"no line with {text!r}: {self.lines}")

    def stop(self) -> tuple[int, str, str]:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            out, err = self.proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, err = self.proc.communicate()
        return self.proc.returncode, "".join(getattr(self, "lines", [])) + out, err


def both(diff: Differential, args: list[str]) -> tuple[Running, Running]:
    return (Running([KUBECTL, *args], diff.env), Running([*K8SLAB, *args], diff.env))


def http_get(url: str, headers: dict | None = None) -> tuple[int, bytes]:
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


@pytest.mark.parametrize("target,remote", [("deploy/web", "80"), ("svc/web", "8080"), ("svc/web", "www")])
def test_port_forward_tunnels_to_nginx(diff, target, remote):
    """Both listen, print the same lines and return the same page; Ctrl-C ends both with 0."""
    ports = [free_port(), free_port()]
    runs = [Running([KUBECTL, "port-forward", target, f"{ports[0]}:{remote}"], diff.env),
            Running([*K8SLAB, "port-forward", target, f"{ports[1]}:{remote}"], diff.env)]
    try:
        for r in runs:
            r.wait_for_line("[::1]")
        bodies = [http_get(f"http://127.0.0.1:{port}/") for port in ports]
        bodies += [http_get(f"http://[::1]:{port}/") for port in ports]
        for r in runs:
            r.wait_for_line("Handling connection")
            r.wait_for_line("Handling connection")
    finally:
        results = [r.stop() for r in runs]
    assert bodies[0][0] == 200 and b"Welcome to nginx" in bodies[0][1]
    assert bodies[1] == bodies[0] and bodies[3] == bodies[2] == bodies[0]
    real, ours = ([rc, out.replace(str(port), "PORT"), err] for (rc, out, err), port in zip(results, ports))
    assert ours == real
    assert real[1] == ("Forwarding from 127.0.0.1:PORT -> 80\nForwarding from [::1]:PORT -> 80\n"
                       "Handling connection for PORT\nHandling connection for PORT\n")


def test_port_forward_random_local_port_and_address(diff):
    runs = both(diff, ["port-forward", "deploy/web", ":80", "--address", "127.0.0.1"])
    try:
        lines = [r.wait_for_line("Forwarding from") for r in runs]
        ports = [int(re.search(r":(\d+) ->", line).group(1)) for line in lines]
        bodies = [http_get(f"http://127.0.0.1:{port}/") for port in ports]
    finally:
        results = [r.stop() for r in runs]
    assert bodies[0] == bodies[1] and bodies[0][0] == 200
    outs = [out.replace(str(port), "PORT") for (_, out, _), port in zip(results, ports)]
    assert outs == ["Forwarding from 127.0.0.1:PORT -> 80\nHandling connection for PORT\n"] * 2
    assert results[0][0] == results[1][0] == 0
    assert results[0][2] == results[1][2] == ""


def test_port_forward_to_a_closed_port_loses_the_connection(diff):
    """The pod side refuses: both log the kubelet's error and end with `lost connection to pod`."""
    ports = [free_port(), free_port()]
    runs = [Running([KUBECTL, "port-forward", "pod/two", f"{ports[0]}:81"], diff.env),
            Running([*K8SLAB, "port-forward", "pod/two", f"{ports[1]}:81"], diff.env)]
    try:
        for r, port in zip(runs, ports):
            r.wait_for_line("[::1]")
            with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
                s.sendall(b"GET / HTTP/1.0\r\n\r\n")
                s.settimeout(10)
                assert s.recv(100) == b""
            r.proc.wait(timeout=10)
    finally:
        results = [r.stop() for r in runs]
    klog = re.compile(r"^E\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ ", re.M)
    real, ours = ([rc, out.replace(str(port), "PORT"), klog.sub("E ", err).replace(str(port), "PORT")]
                  for (rc, out, err), port in zip(results, ports))
    assert ours == real
    assert real[0] == 1 and real[2].endswith("error: lost connection to pod\n")


def test_proxy_forwards_with_the_kubeconfig_credentials(diff):
    ports = [free_port(), free_port()]
    runs = [Running([KUBECTL, "proxy", "--port", str(ports[0])], diff.env),
            Running([*K8SLAB, "proxy", "--port", str(ports[1])], diff.env)]
    try:
        started = [r.wait_for_line("Starting to serve") for r in runs]
        lists = [http_get(f"http://127.0.0.1:{port}/api/v1/namespaces") for port in ports]
        one = [http_get(f"http://localhost:{port}/api/v1/namespaces/work/configmaps/settings") for port in ports]
        missing = [http_get(f"http://127.0.0.1:{port}/api/v1/namespaces/nope") for port in ports]
        evil = [http_get(f"http://127.0.0.1:{port}/api/v1/namespaces", {"Host": "evil.example"}) for port in ports]
        exec_ = [http_get(f"http://127.0.0.1:{port}/api/v1/namespaces/default/pods/two/exec") for port in ports]
        logs = [http_get(f"http://127.0.0.1:{port}/api/v1/namespaces/default/pods/ticker/log") for port in ports]
    finally:
        results = [r.stop() for r in runs]
    assert [s.replace(str(p), "PORT") for s, p in zip(started, ports)] == ["Starting to serve on 127.0.0.1:PORT\n"] * 2
    names = [[ns["metadata"]["name"] for ns in json.loads(body)["items"]] for _, body in lists]
    assert lists[0][0] == lists[1][0] == 200 and names[0] == names[1] and "work" in names[0]
    assert one[0] == one[1] and one[0][0] == 200
    assert missing[0] == missing[1] and missing[0][0] == 404
    assert evil[0] == evil[1] == (403, b"Forbidden\n")
    assert exec_[0] == exec_[1] == (403, b"Forbidden\n")
    assert logs[0] == logs[1] == (200, b"one\ntwo\nthree\n")
    assert results[1][2] == results[0][2] == ""


def test_proxy_cannot_listen_on_a_port_in_use(diff):
    args = ["proxy", "--port", str(diff.cluster.port)]
    real = subprocess.run([KUBECTL, *args], capture_output=True, text=True, timeout=30, env=diff.env)
    ours = subprocess.run([*K8SLAB, *args], capture_output=True, text=True, timeout=30, env=diff.env)
    assert (ours.returncode, ours.stdout, ours.stderr) == (real.returncode, real.stdout, real.stderr)
    assert real.stderr == f"error: listen tcp 127.0.0.1:{diff.cluster.port}: bind: address already in use\n"


def test_logs_follow_streams_until_the_container_stops(diff):
    """`logs -f` on a pod that writes a line a second: both print every line, then exit 0."""
    diff.create(pod("slow", [busybox("slow", "echo one; sleep 1; echo two; sleep 1; echo three; sleep 1")],
                    restart="Never"))
    phase = lambda: (diff.get("/api/v1/namespaces/default/pods/slow").get("status") or {}).get("phase")  # noqa: E731
    assert diff.wait(lambda: phase() == "Running", timeout=30)
    # without --timestamps: the simulated runtime stamps a followed line when each follower
    # receives it, so two followers see times microseconds apart
    runs = [Running([KUBECTL, "logs", "-f", "slow"], diff.env), Running([*K8SLAB, "logs", "-f", "slow"], diff.env)]
    for r in runs:
        r.proc.wait(timeout=30)
    (real_rc, real_out, real_err), (rc, out, err) = [r.stop() for r in runs]
    assert (rc, out, err) == (real_rc, real_out, real_err)
    assert real_out == "one\ntwo\nthree\n"


def test_logs_follow_several_streams_with_prefixes(diff):
    """-f with a selector follows every pod at once; Ctrl-C ends both."""
    runs = both(diff, ["logs", "-f", "-l", "app=web", "--prefix", "--tail", "1"])
    for r in runs:
        r.wait_for_line("[pod/")
        r.wait_for_line("[pod/")
    results = [r.stop() for r in runs]
    assert sorted(results[1][1].splitlines()) == sorted(results[0][1].splitlines())
    assert results[1][2] == results[0][2] == ""



def test_proxy_answers_500_when_the_server_is_unreachable(diff):
    ports = [free_port(), free_port()]
    dead = ["--server", f"http://127.0.0.1:{free_port()}"]
    runs = [Running([KUBECTL, *dead, "proxy", "--port", str(ports[0])], diff.env),
            Running([*K8SLAB, *dead, "proxy", "--port", str(ports[1])], diff.env)]
    try:
        for r in runs:
            r.wait_for_line("Starting to serve")
        answers = [http_get(f"http://127.0.0.1:{port}/api") for port in ports]
    finally:
        results = [r.stop() for r in runs]
    assert answers[0] == answers[1] and answers[0][0] == 500
    klog = re.compile(r"^E\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ ", re.M)
    assert klog.sub("E ", results[1][2]) == klog.sub("E ", results[0][2])
