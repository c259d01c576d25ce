"""kubeconfig loading, merging and overrides as client-go does them."""

import pytest

from k8slab.kubectl import clientconfig
from k8slab.kubectl import kubeconfig as kc

ONE = """apiVersion: v1
kind: Config
current-context: one
clusters: [{name: c, cluster: {server: "https://one:6443"}}]
users: [{name: u, user: {token: t1}}]
contexts: [{name: one, context: {cluster: c, user: u, namespace: ns1}}]
"""
TWO = """apiVersion: v1
kind: Config
current-context: two
clusters: [{name: c, cluster: {server: "https://two:6443"}}, {name: d, cluster: {server: "10.0.0.9:8080"}}]
contexts: [{name: two, context: {cluster: d}}]
"""


@pytest.fixture
def files(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.write_text(ONE)
    b.write_text(TWO)
    return str(a), str(b)


def test_first_file_wins_in_kubeconfig_env(files):
    a, b = files
    cfg = kc.load("", {"KUBECONFIG": f"{a}:/missing:{b}"})
    assert cfg.current_context == "one"
    assert cfg.clusters["c"]["server"] == "https://one:6443" and "d" in cfg.clusters
    assert cfg.origin[("clusters", "d")] == b


def test_explicit_file_alone_and_must_exist(files):
    a, b = files
    assert kc.load(b, {"KUBECONFIG": a}).current_context == "two"
    with pytest.raises(kc.ConfigError) as e:
        kc.load("/missing/x", {})
    assert e.value.text == "error: stat /missing/x: no such file or directory"


def test_home_default(tmp_path):
    (tmp_path / ".kube").mkdir()
    (tmp_path / ".kube" / "config").write_text(ONE)
    assert kc.load("", {"HOME": str(tmp_path)}).current_context == "one"


def test_flags_override_the_context(files):
    a, b = files
    cfg = kc.load("", {"KUBECONFIG": f"{a}:{b}"})
    cc = clientconfig.client_config(cfg, {})
    assert (cc.server, cc.namespace, cc.token) == ("https://one:6443", "ns1", "t1")
    cc = clientconfig.client_config(cfg, {"context": "two", "namespace": "x", "as": "bob", "as-group": ["g"]})
    assert (cc.server, cc.namespace, cc.impersonate, cc.impersonate_groups) == ("http://10.0.0.9:8080", "x", "bob", ["g"])
    assert clientconfig.client_config(kc.Kubeconfig(), {}).server == "http://localhost:8080"
    with pytest.raises(kc.ConfigError):
        clientconfig.client_config(cfg, {"context": "nope"})


def test_changes_go_back_to_the_file_they_came_from(files):
    a, b = files
    cfg = kc.load("", {"KUBECONFIG": f"{a}:{b}"})
    cfg.contexts["two"] = {"cluster": "d", "namespace": "changed"}
    cfg.contexts["new"] = {"cluster": "c"}
    kc.FileConfigStore().save(cfg)
    assert "changed" in open(b).read() and "new" not in open(b).read()
    assert "name: new" in open(a).read()
    assert kc.load(b, {}).clusters["c"]["server"] == "https://two:6443"   # shadowed entries stay


def test_durations():
    assert clientconfig.parse_duration("1m30s") == 90 and clientconfig.parse_duration("500ms") == 0.5
    assert clientconfig.parse_duration("abc") is None


def test_parsed_files_are_cached_by_content(tmp_path):
    path, cache = tmp_path / "config", tmp_path / "cache"
    path.write_text(ONE)
    assert kc.read(str(path), str(cache))["current-context"] == "one"
    cached = list((cache / "k8slab" / "kubeconfig").iterdir())
    assert len(cached) == 1 and '"sha1"' in cached[0].read_text()
    path.write_text(ONE.replace("current-context: one", "current-context: two"))   # same size, new bytes
    assert kc.read(str(path), str(cache))["current-context"] == "two"
    assert len(list((cache / "k8slab" / "kubeconfig").iterdir())) == 1
