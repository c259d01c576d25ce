"""Start a real etcd on loopback with a throwaway data dir (for the etcd test lane and benchmarks)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request


def etcd_binary() -> str | None:
    """The etcd server binary on PATH (Debian's etcd-server package installs /usr/bin/etcd)."""
    return shutil.which("etcd")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class EtcdProcess:
    """A single-member etcd on 127.0.0.1; `url` is its client URL. Use as a context manager."""

    def __init__(self, name: str = "k8slab-test", binary: str | None = None,
                 client_port: int = 0, peer_port: int = 0):
        self.binary = binary or etcd_binary()
        if self.binary is None:
            raise FileNotFoundError("no etcd binary on PATH (Debian: apt-get install etcd-server)")
        self.name = name
        self.client_port = client_port or free_port()
        self.peer_port = peer_port or free_port()
        self.url = f"http://127.0.0.1:{self.client_port}"
        self.data_dir = tempfile.mkdtemp(prefix="k8slab-etcd-")
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 20.0) -> "EtcdProcess":
        peer = f"http://127.0.0.1:{self.peer_port}"
        self.log = open(os.path.join(self.data_dir, "etcd.log"), "wb")
        self.proc = subprocess.Popen(
            [self.binary, "--name", self.name, "--data-dir", os.path.join(self.data_dir, "data"),
             "--listen-client-urls", self.url, "--advertise-client-urls", self.url,
             "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
             "--initial-cluster", f"{self.name}={peer}"],
            stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"etcd exited with {self.proc.returncode}; log in {self.data_dir}")
            try:
                with urllib.request.urlopen(self.url + "/health", timeout=1) as r:
                    if b'"true"' in r.read():
                        return self
            except OSError:
                pass
            time.sleep(0.05)
        self.stop()
        raise TimeoutError(f"etcd did not become healthy within {timeout}s")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
        if getattr(self, "log", None):
            self.log.close()
        shutil.rmtree(self.data_dir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
