"""Ctrl-C ends `kubectl get -w` even when the process was started with SIGINT ignored, as
kubectl's interrupt handler (signal.Notify) does."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from k8slab.kubectl.interrupt import interruptible


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_interruptible_turns_an_ignored_sigint_into_keyboardinterrupt():
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with pytest.raises(KeyboardInterrupt):
            with interruptible():
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(1)
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN       # restored afterwards
    finally:
        signal.signal(signal.SIGINT, previous)


def test_get_watch_stops_on_sigint_although_started_ignoring_it(tmp_path):
    kubeconfig = tmp_path / "kubeconfig"
    server = subprocess.Popen([sys.executable, "-m", "k8slab.cli", "up", "--nodes", "0", "--data-dir",
                               str(tmp_path / "data"), "--kubeconfig", str(kubeconfig), "--secure-port", str(_free_port())],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for line in server.stdout:
            if "apiserver ready" in line:
                break
        env = dict(os.environ, KUBECONFIG=str(kubeconfig))
        watch = subprocess.Popen([sys.executable, "-m", "k8slab.cli", "kubectl", "get", "cm", "-w"],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                                 preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
        time.sleep(3)
        watch.send_signal(signal.SIGINT)
        watch.communicate(timeout=10)
        assert watch.returncode == 1
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=20)
