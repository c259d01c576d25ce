"""Run `k8slab up` in a subprocess and drive it with the installed kubectl.

This machine's `kubectl` is gcloud's dispatcher: it runs the kubectl whose minor matches the
server's /version, so `k8slab up --kubernetes-version 1.31` is answered by kubectl 1.31.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

from k8slab.storage.etcd_process import free_port

KUBECTL = shutil.which("kubectl")


@dataclass
class Result:
    rc: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


class Cluster:
    """A `k8slab up --nodes 0` process and a kubeconfig for it."""

    def __init__(self, version: str = "1.32", store: str = "memory", extra: list[str] | None = None):
        self.dir = tempfile.mkdtemp(prefix="k8slab-kubectl-")
        self.port = free_port()
        self.kubeconfig = os.path.join(self.dir, "admin.conf")
        self.cache = os.path.join(self.dir, "cache")
        # the insecure port as v1.11 served it; the secure port (default 6443, kubeadm's PKI)
        # off, so that many of these servers can run at once and start fast
        cmd = [sys.executable, "-m", "k8slab.cli", "up", "--nodes", "0", "--insecure-port",
               str(self.port), "--secure-port", "0", "--data-dir", self.dir, "--kubernetes-version", version,
               "--store", store] + (extra or [])
        self.log = open(os.path.join(self.dir, "up.log"), "w+")
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=self.log, text=True)
        line = self.proc.stdout.readline()
        if "ready" not in line:
            self.log.seek(0)
            log = self.log.read()[-3000:]
            self.stop()
            raise RuntimeError(f"k8slab up did not start: {line!r}\n{log}")
        self.url = f"http://127.0.0.1:{self.port}"

    def kubectl(self, *args: str, stdin: str | None = None, timeout: float = 60) -> Result:
        p = subprocess.run([KUBECTL, "--kubeconfig", self.kubeconfig, "--cache-dir", self.cache, *args],
                           input=stdin, capture_output=True, text=True, timeout=timeout,
                           env={**os.environ, "KUBECONFIG": self.kubeconfig})
        return Result(p.returncode, p.stdout, p.stderr)

    def kubectl_bg(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen([KUBECTL, "--kubeconfig", self.kubeconfig, "--cache-dir", self.cache,
                                 *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def write(self, name: str, text: str) -> str:
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def wait_for(predicate, timeout: float = 10.0, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()
