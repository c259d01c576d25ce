"""`k8slab etcdctl --data-dir DIR` reads and writes k8slab's own sqlite store."""

import io

import pytest

from k8slab.etcdctl import main
from k8slab.sim.clock import VirtualClock
from k8slab.storage.sqlite import SqliteStore


def etcdctl(data_dir, *argv):
    out, err = io.StringIO(), io.StringIO()
    rc = main(["--data-dir", str(data_dir), *argv], stdout=out, stderr=err)
    return rc, out.getvalue(), err.getvalue()


@pytest.fixture
def data_dir(tmp_path):
    s = SqliteStore(str(tmp_path), VirtualClock())
    s.put("/registry/namespaces/default", '{"kind":"Namespace"}')
    s.put("/registry/namespaces/kube-system", '{"kind":"Namespace"}')
    s.put("/registry/ranges/serviceips", "range")
    s.close()
    return tmp_path


def test_get_prefix_keys_only_as_the_booklet_shows(data_dir):
    rc, out, _ = etcdctl(data_dir, "get", "/registry/namespaces", "--prefix", "--keys-only")
    assert rc == 0
    assert out == "/registry/namespaces/default\n\n/registry/namespaces/kube-system\n\n"


def test_put_get_del_and_revisions(data_dir):
    assert etcdctl(data_dir, "put", "/registry/namespaces/work", "v")[1] == "OK\n"
    rc, out, _ = etcdctl(data_dir, "get", "/registry/namespaces/work", "-w", "json")
    assert '"create_revision":5,"mod_revision":5,"version":1' in out
    assert etcdctl(data_dir, "del", "/registry/namespaces", "--prefix")[1] == "3\n"
    rc, out, _ = etcdctl(data_dir, "get", "/registry/namespaces/default", "--rev", "2")
    assert out == '/registry/namespaces/default\n{"kind":"Namespace"}\n'


def test_compaction_and_its_error(data_dir):
    assert etcdctl(data_dir, "compaction", "3")[1] == "compacted revision 3\n"
    rc, out, err = etcdctl(data_dir, "get", "/registry/namespaces/default", "--rev", "2")
    assert (rc, out, err) == (1, "", "Error: etcdserver: mvcc: required revision has been compacted\n")


def test_member_list_endpoint_status_and_leases(data_dir):
    rc, out, _ = etcdctl(data_dir, "member", "list")
    assert out == "8e9e05c52164694d, started, default, http://localhost:2380, http://localhost:2379, false\n"
    rc, out, _ = etcdctl(data_dir, "endpoint", "status", "-w", "table")
    assert "| RAFT INDEX |" in out and "3.4.23" in out
    rc, out, _ = etcdctl(data_dir, "lease", "grant", "60")
    lease = out.split()[1]
    assert out == f"lease {lease} granted with TTL(60s)\n"
    assert etcdctl(data_dir, "put", "/registry/masterleases/127.0.0.1", "x", f"--lease={lease}")[0] == 0
    rc, out, _ = etcdctl(data_dir, "lease", "timetolive", lease, "--keys")
    assert out.endswith("attached keys([/registry/masterleases/127.0.0.1])\n")
    assert etcdctl(data_dir, "lease", "revoke", lease)[1] == f"lease {lease} revoked\n"
    assert etcdctl(data_dir, "get", "/registry/masterleases", "--prefix")[1] == ""


def test_bad_arguments_exit_like_etcdctl(data_dir):
    assert etcdctl(data_dir, "get")[0] == 128
    rc, _, err = etcdctl(data_dir, "get", "/x", "--rev", "abc")
    assert rc == 1 and 'invalid argument "abc" for "--rev" flag' in err
    rc, _, err = etcdctl(data_dir, "get", "/x", "--no-such-flag")
    assert rc == 1 and err == "Error: unknown flag: --no-such-flag\n"
    rc, _, err = etcdctl(data_dir, "frobnicate")
    assert rc == 1 and 'unknown command "frobnicate"' in err
