"""The real kubectl (1.32: exec and attach over WebSocket v5, port-forward as SPDY tunnelled in a
WebSocket) against `k8slab up --nodes 1`: exec with and without a terminal, exit codes, errors,
attach, `logs -f`, and `port-forward` with an HTTP GET through the forwarded port."""

import os
import pty
import select
import subprocess
import time
import urllib.request

import pytest

from k8slab.storage.etcd_process import free_port
from tests.apiserver.kubectl_harness import KUBECTL, Cluster, wait_for

pytestmark = pytest.mark.skipif(KUBECTL is None, reason="no kubectl on PATH")


def start_pods(up, pods: dict[str, list[str]]) -> None:
    """`kubectl run NAME --image=... -- args`, then wait until all are Running."""
    for name, args in pods.items():
        r = up.kubectl("run", name, *args)
        assert r.rc == 0, r.text
    names = set(pods)
    ok = wait_for(lambda: names <= {line.split()[0] for line in up.kubectl("get", "pods", "--no-headers").out
                                    .splitlines() if " Running " in line}, timeout=20)
    assert ok, up.kubectl("get", "pods").out


@pytest.fixture(scope="module")
def up():
    c = Cluster(version="1.32", extra=["--nodes", "1"])
    start_pods(c, {"bb": ["--image=busybox:1.36", "--", "sh", "-c", "echo hi > /tmp/greeting; sleep 3600"],
                   "web": ["--image=nginx:1.27"],
                   "ticker": ["--image=busybox:1.36", "--", "sh", "-c", "while true; do echo tick; sleep 0.5; done"]})
    yield c
    c.stop()


def test_exec_prints_stdout_stderr_and_the_exit_code(up):
    r = up.kubectl("exec", "bb", "--", "sh", "-c", "cat /tmp/greeting; echo oops >&2; exit 3")
    assert (r.rc, r.out) == (3, "hi\n")
    assert r.err == "oops\ncommand terminated with exit code 3\n"
    r = up.kubectl("exec", "bb", "-c", "bb", "--", "hostname")
    assert (r.rc, r.out, r.err) == (0, "bb\n", "")


def test_exec_reads_piped_stdin(up):
    r = up.kubectl("exec", "-i", "bb", "--", "sh", stdin="echo $HOSTNAME\ncd /tmp && ls\nexit 4\n")
    assert (r.rc, r.out) == (4, "bb\ngreeting\n"), r.text
    r = up.kubectl("exec", "-i", "bb", "--", "wc", "-l", stdin="a\nb\n")
    assert (r.rc, r.out) == (0, "2\n"), r.text


def test_exec_errors_are_upstreams(up):
    r = up.kubectl("exec", "bb", "-c", "nope", "--", "ls")
    assert (r.rc, r.err) == (1, "Error from server (BadRequest): container nope is not valid for pod bb\n")
    r = up.kubectl("exec", "bb", "--", "ps")
    assert r.rc == 1 and r.err.startswith('error: Internal error occurred: Internal error occurred: error executing '
                                          'command in container: failed to exec in container: failed to start exec "')
    assert r.err.endswith('": OCI runtime exec failed: exec failed: unable to start container process: exec: "ps": '
                          "executable file not found in $PATH: unknown\n")
    assert up.kubectl("run", "pending", "--image=busybox:no-such-tag").rc == 0
    wait_for(lambda: "ErrImagePull" in up.kubectl("get", "pod", "pending").out or
             "ImagePullBackOff" in up.kubectl("get", "pod", "pending").out, timeout=10)
    r = up.kubectl("exec", "pending", "--", "ls")
    assert (r.rc, r.err) == (1, 'error: Internal error occurred: unable to upgrade connection: container not found '
                                '("pending")\n')


def read_until(fd: int, text: str, timeout: float = 10.0) -> str:
    seen, deadline = b"", time.monotonic() + timeout
    while text.encode() not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen += os.read(fd, 4096)
            except OSError:
                break
    assert text.encode() in seen, seen
    return seen.decode()


def test_interactive_exec_with_a_terminal(up):
    master, slave = pty.openpty()
    p = subprocess.Popen([KUBECTL, "--kubeconfig", up.kubeconfig, "--cache-dir", up.cache, "exec", "-it", "bb",
                          "--", "sh"], stdin=slave, stdout=slave, stderr=slave, close_fds=True,
                         env={**os.environ, "KUBECONFIG": up.kubeconfig})
    os.close(slave)
    try:
        read_until(master, "/ # ")
        os.write(master, b"echo hello $HOSTNAME\r")
        assert "hello bb\r\n/ # " in read_until(master, "hello bb\r\n/ # ")
        os.write(master, b"cd /tmp; ls\r")
        read_until(master, "greeting\r\n/tmp # ")
        os.write(master, b"sleep 30\r")
        read_until(master, "sleep 30\r\n")
        os.write(master, b"\x03")                                    # ^C stops the sleep
        read_until(master, "^C\r\n/tmp # ")
        os.write(master, b"exit 5\r")
        assert "command terminated with exit code 5" in read_until(master, "exit code 5")
        assert p.wait(10) == 5
    finally:
        p.kill()
        os.close(master)


def test_attach_streams_the_containers_output(up):
    p = up.kubectl_bg("attach", "ticker")
    time.sleep(2)
    p.terminate()
    out, err = p.communicate(timeout=10)
    assert out.count("tick\n") >= 2, (out, err)


def test_logs_follow_streams_new_lines_until_the_container_stops(up):
    r = up.kubectl("run", "counter", "--restart=Never", "--image=busybox:1.36", "--", "sh", "-c",
                   "echo one; sleep 1; echo two; sleep 1; echo three")
    assert r.rc == 0, r.text
    wait_for(lambda: " Running " in up.kubectl("get", "pod", "counter").out, timeout=10)
    started = time.monotonic()
    r = up.kubectl("logs", "-f", "counter", timeout=20)
    assert (r.rc, r.out) == (0, "one\ntwo\nthree\n"), r.text
    assert time.monotonic() - started >= 0.9                           # it waited for the lines


def test_port_forward_then_an_http_get_through_it(up):
    port = free_port()
    p = up.kubectl_bg("port-forward", "pod/web", f"{port}:80")
    try:
        assert p.stdout.readline() == f"Forwarding from 127.0.0.1:{port} -> 80\n"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as resp:
            body = resp.read().decode()
            assert resp.status == 200 and resp.headers["Server"] == "nginx/1.27.3"
            assert resp.headers["Content-Length"] == "615" and resp.headers["Content-Type"] == "text/html"
        assert "<title>Welcome to nginx!</title>" in body
        with pytest.raises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/missing", timeout=5)
        assert e.value.code == 404
    finally:
        p.terminate()
        p.wait(10)
    logs = up.kubectl("logs", "web", "--tail=2").out
    assert '"GET / HTTP/1.1" 200 615 "-" "Python-urllib/' in logs and '"GET /missing HTTP/1.1" 404 153' in logs


def test_run_interactive_attaches_to_the_containers_stdin(up):
    r = up.kubectl("run", "-i", "--rm", "--restart=Never", "piped", "--image=busybox:1.36", "--", "sh",
                   stdin="echo hello from $HOSTNAME\nexit 2\n", timeout=30)
    assert (r.rc, r.out) == (2, 'hello from piped\npod "piped" deleted\n'), r.text
    master, slave = pty.openpty()
    p = subprocess.Popen([KUBECTL, "--kubeconfig", up.kubeconfig, "--cache-dir", up.cache, "run", "-it", "--rm",
                          "--restart=Never", "tty", "--image=busybox:1.36", "--", "sh"],
                         stdin=slave, stdout=slave, stderr=slave, close_fds=True,
                         env={**os.environ, "KUBECONFIG": up.kubeconfig})
    os.close(slave)
    try:
        read_until(master, "If you don't see a command prompt, try pressing enter.")
        os.write(master, b"\r")
        read_until(master, "/ # ")
        os.write(master, b"hostname\r")
        read_until(master, "tty\r\n/ # ")
        os.write(master, b"exit\r")
        assert 'pod "tty" deleted' in read_until(master, 'pod "tty" deleted')
        assert p.wait(10) == 0
    finally:
        p.kill()
        os.close(master)
