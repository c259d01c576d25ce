"""`kubeadm reset`: undo what init or join did on this "host" (a data directory).

Follows `cmd/kubeadm/app/cmd/reset.go` and `cmd/kubeadm/app/cmd/phases/reset/` (the warning and
the `[y/N]` question unless --force; stopping the kubelet; deleting the contents of the
manifests and pki directories and the kubeconfig files; the closing note about what reset does
not clean), with v1.11's wording for the book profile.

The "kubelet" of a k8slab control plane is the `k8slab up` process that `kubeadm init` started
(its pid in `<data-dir>/k8slab-up.pid`): stopping the kubelet stops it.

Differences from upstream: no unmounting, container removal, etcd member removal or
reading of the kubeadm-config ConfigMap.
"""

from __future__ import annotations

import os
import shutil
import signal
import time

from . import config as C

PID_FILE = "k8slab-up.pid"
FILES = (C.ADMIN_CONF, C.SUPER_ADMIN_CONF, C.KUBELET_CONF, C.BOOTSTRAP_KUBELET_CONF, C.CONTROLLER_MANAGER_CONF,
         C.SCHEDULER_CONF)
CLOSING = ("\nThe reset process does not perform cleanup of CNI plugin configuration,\n"
           "network filtering rules and kubeconfig files.\n\n"
           "For information on how to perform this cleanup manually, please see:\n"
           "    https://k8s.io/docs/reference/setup-tools/kubeadm/kubeadm-reset/\n")


def stop_control_plane(data_dir: str, timeout: float = 15.0) -> bool:
    """Stop the `k8slab up` that init started (SIGTERM, then SIGKILL). True if one ran."""
    path = os.path.join(data_dir, PID_FILE)
    try:
        with open(path) as f:
            pid = int(f.read().strip())
    except (OSError, ValueError):
        return False
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        os.unlink(path)
        return False
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            pass
        time.sleep(0.1)
    else:
        os.kill(pid, signal.SIGKILL)
    os.unlink(path)
    return True


def reset(data_dir: str, profile: str = "current", say=print) -> None:
    book = profile == "book"
    say("[preflight] running pre-flight checks" if book else "[preflight] Running pre-flight checks")
    stop_control_plane(data_dir)
    say("[reset] stopping the kubelet service" if book else "[reset] Stopping the kubelet service")
    dirs = [os.path.join(data_dir, d) for d in ("pki", "nodes", "kubelet")]
    for d in dirs:
        if os.path.isdir(d):
            for entry in os.listdir(d):
                p = os.path.join(d, entry)
                shutil.rmtree(p) if os.path.isdir(p) else os.unlink(p)
    shown = "[" + " ".join(dirs) + "]"
    say(f"[reset] deleting contents of config directories: {shown}" if book
        else f"[reset] Deleting contents of directories: {shown}")
    files = [os.path.join(data_dir, f) for f in FILES]
    for f in files:
        if os.path.exists(f):
            os.unlink(f)
    shown = "[" + " ".join(files if not book else [f for f in files if not f.endswith(C.SUPER_ADMIN_CONF)]) + "]"
    say(f"[reset] deleting files: {shown}" if book else f"[reset] Deleting files: {shown}")
    if not book:
        say(CLOSING)
