"""`k8slab etcdctl` prints what the real etcdctl prints, command for command.

The same scenario runs twice on a fresh etcd with the same name and ports (so the same member and
cluster ids): once with the real etcdctl, once with ours. stdout, stderr and exit codes must match
after replacing lease ids (etcd derives them from the clock), masking the database size (bbolt's
file grows by whole pages at times that vary from run to run) and dropping the gRPC client's
retry warnings (JSON log lines that our gateway client has no reason to print).
"""

import os
import re
import shutil
import subprocess
import sys

import pytest

from k8slab.storage.etcd_process import EtcdProcess, etcd_binary, free_port

pytestmark = pytest.mark.skipif(
    etcd_binary() is None or shutil.which("etcdctl") is None,
    reason="needs the etcd and etcdctl binaries (Debian: apt-get install etcd-server etcd-client)")

SCENARIO = [
    "put /registry/namespaces/default {\"kind\":\"Namespace\"}",
    "put /registry/namespaces/kube-system v1",
    "put /registry/pods/default/web-0 pod-a",
    "put /registry/pods/default/web-0 pod-b --prev-kv",
    "put /registry/pods/default/web-1 pod-c -w json",
    "put /registry/pods/default/web-1 pod-d --prev-kv -w json",
    "get /registry/pods/default/web-0",
    "get /registry --prefix",
    "get /registry --prefix --keys-only",
    "get /registry/namespaces --prefix --keys-only -w json",
    "get /registry --prefix -w json",
    "get /registry --prefix --limit 2 -w json",
    "get /registry --prefix --limit 1",
    "get /registry/pods/default/web-0 --rev 4",
    "get /registry/pods/default/web-0 --rev 4 -w json",
    "get /registry/pods/default/web-0 --print-value-only",
    "get /registry/pods/default/web-0 -w fields",
    "get /nothing/here",
    "get /nothing/here -w json",
    "get /registry/namespaces/a /registry/namespaces/z",
    "del /registry/pods/default/web-1",
    "del /registry/pods/default/web-1",
    "del /nothing -w json",
    "put /tmp/a 1",
    "put /tmp/b 2",
    "del /tmp --prefix --prev-kv",
    "del /registry/namespaces/kube-system -w json --prev-kv",
    "member list",
    "member list -w table",
    "member list -w json",
    "endpoint status",
    "endpoint status -w table",
    "endpoint status -w json",
    "compaction 4",
    "get /registry/pods/default/web-0 --rev 3",
    "compaction 4",
    "compaction 1000",
    "get /registry/pods/default/web-0 --rev 1000",
    "watch /registry --prefix --rev 2",
    "lease grant 600",
    "put /registry/masterleases/127.0.0.1 ip --lease=$LEASE",
    "lease timetolive $LEASE",
    "lease timetolive $LEASE --keys",
    "lease list",
    "lease keep-alive --once $LEASE",
    "lease revoke $LEASE",
    "lease timetolive $LEASE",
    "get /registry/masterleases --prefix",
    "lease revoke $LEASE",
    "put /registry/x y --lease=1234abcd",
    "get",
    "put /only-a-key-and-no-stdin",
    "compaction",
    "lease grant",
    "watch /registry --prefix --rev 5 --prev-kv",
    "watch /registry --prefix --rev 5 -w json",
    "get /registry --prefix --keys-only",
]

def run(cmd, argv, lease):
    argv = [a.replace("$LEASE", lease or "0") for a in argv]
    timeout = 2 if argv[0] == "watch" else 20
    try:
        p = subprocess.run(cmd + argv, capture_output=True, text=True, timeout=timeout,
                           stdin=subprocess.DEVNULL, env={**os.environ, "ETCDCTL_API": "3"})
        out, err, rc = p.stdout, p.stderr, p.returncode
    except subprocess.TimeoutExpired as e:        # watch runs until stopped
        out = (e.stdout or b"").decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        err, rc = "", "still watching"
    err = "\n".join(line for line in err.splitlines() if not line.startswith('{"level"'))
    return out, err, rc


def play(cmd, client_port, peer_port):
    results, lease = [], None
    with EtcdProcess(name="k8slab-diff", client_port=client_port, peer_port=peer_port) as etcd:
        full = cmd + [f"--endpoints={etcd.url}"]
        for line in SCENARIO:
            out, err, rc = run(full, line.split(), lease)
            if line.startswith("lease grant") and rc == 0:
                lease = out.split()[1]
            if line.startswith("endpoint status"):
                # bbolt's file size depends on when etcd happened to commit: mask it
                out = re.sub(r'"dbSize(InUse)?":\d+', r'"dbSize\1":N', out)
                out = re.sub(r"(\d+(\.\d)? [kMG]?B)(?= \||,)", "<SIZE>", out)
            if lease:                             # as hex in text, as decimal in JSON
                for form in (lease, str(int(lease, 16))):
                    out, err = out.replace(form, "<LEASE>"), err.replace(form, "<LEASE>")
            results.append((line, out, err, rc))
    return results


def test_same_output_as_real_etcdctl():
    client_port, peer_port = free_port(), free_port()
    real = play(["etcdctl"], client_port, peer_port)
    ours = play([sys.executable, "-m", "k8slab.cli", "etcdctl"], client_port, peer_port)
    assert len(real) == len(SCENARIO) >= 50
    mismatches = [(r[0], r[1:], o[1:]) for r, o in zip(real, ours) if r != o]
    assert not mismatches, "\n\n".join(
        f"$ etcdctl {cmd}\n real: {r!r}\n ours: {o!r}" for cmd, r, o in mismatches)
    # the scenario did exercise the interesting paths
    outputs = {r[0]: r for r in real}
    assert "required revision has been compacted" in outputs["get /registry/pods/default/web-0 --rev 3"][2]
    assert outputs["watch /registry --prefix --rev 2"][3] == 5
    assert outputs["lease revoke $LEASE"][2] == "Error: failed to revoke lease (etcdserver: requested lease not found)"
