"""kubectl 1.29 speaks only SPDY/3.1 for exec, attach and port-forward: the same commands against
`k8slab up --nodes 1 --kubernetes-version 1.29` (the dispatcher then runs kubectl 1.29)."""

import os
import pty
import subprocess
import urllib.request

import pytest

from k8slab.storage.etcd_process import free_port
from tests.apiserver.kubectl_harness import KUBECTL, Cluster, wait_for
from tests.apiserver.test_streaming_kubectl import read_until, start_pods

pytestmark = pytest.mark.skipif(KUBECTL is None, reason="no kubectl on PATH")


@pytest.fixture(scope="module")
def up():
    c = Cluster(version="1.29", extra=["--nodes", "1"])
    assert "Client Version: v1.29" in c.kubectl("version").out
    start_pods(c, {"bb": ["--image=busybox:1.36", "--", "sh", "-c", "echo hi > /tmp/greeting; sleep 3600"],
                   "web": ["--image=nginx:1.27"]})
    yield c
    c.stop()


def test_exec_exit_codes_and_stdin_over_spdy(up):
    r = up.kubectl("exec", "bb", "--", "sh", "-c", "cat /tmp/greeting; echo oops >&2; exit 3")
    assert (r.rc, r.out, r.err) == (3, "hi\n", "oops\ncommand terminated with exit code 3\n")
    r = up.kubectl("exec", "-i", "bb", "--", "sh", stdin="echo $HOSTNAME\nexit 4\n")
    assert (r.rc, r.out) == (4, "bb\n"), r.text


def test_errors_over_spdy_read_as_the_kubelet_wrote_them(up):
    r = up.kubectl("exec", "bb", "--", "ps")
    assert r.rc == 1 and r.err.startswith("error: Internal error occurred: error executing command in container: "
                                          'failed to exec in container: failed to start exec "')
    assert up.kubectl("run", "pending", "--image=busybox:no-such-tag").rc == 0
    wait_for(lambda: "Err" in up.kubectl("get", "pod", "pending").out or
             "BackOff" in up.kubectl("get", "pod", "pending").out, timeout=10)
    r = up.kubectl("exec", "pending", "--", "ls")
    assert (r.rc, r.err) == (1, 'error: unable to upgrade connection: container not found ("pending")\n')


def test_interactive_exec_with_a_terminal_over_spdy(up):
    master, slave = pty.openpty()
    p = subprocess.Popen([KUBECTL, "--kubeconfig", up.kubeconfig, "--cache-dir", up.cache, "exec", "-it", "bb",
                          "--", "sh"], stdin=slave, stdout=slave, stderr=slave, close_fds=True,
                         env={**os.environ, "KUBECONFIG": up.kubeconfig})
    os.close(slave)
    try:
        read_until(master, "/ # ")
        os.write(master, b"cat /tmp/greeting\r")
        read_until(master, "hi\r\n/ # ")
        os.write(master, b"exit\r")
        assert p.wait(10) == 0
    finally:
        p.kill()
        os.close(master)


def test_port_forward_over_spdy(up):
    port = free_port()
    p = up.kubectl_bg("port-forward", "pod/web", f"{port}:80")
    try:
        assert p.stdout.readline() == f"Forwarding from 127.0.0.1:{port} -> 80\n"
        for _ in range(2):                                    # a second connection gets new streams
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as resp:
                assert resp.status == 200 and "Welcome to nginx!" in resp.read().decode()
    finally:
        p.terminate()
        p.wait(10)
