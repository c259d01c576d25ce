"""The RBAC objects kept in memory from the store, bindings indexed by scope and subject."""

import json

from k8slab.apiserver.authz.policy_cache import PolicyCache, subject_key
from k8slab.storage.mvcc import MemoryStore

from .helpers import binding, role, rule, subject_group, subject_sa, subject_user


def put(store, key, obj):
    store.put(key, json.dumps(obj))


def test_subject_keys():
    assert subject_key(subject_user("a"), "ns") == ("u", "a")
    assert subject_key(subject_group("g"), "ns") == ("g", "g")
    assert subject_key(subject_sa("robot"), "ns") == ("u", "system:serviceaccount:ns:robot")
    assert subject_key(subject_sa("robot", "other"), "ns") == ("u", "system:serviceaccount:other:robot")
    assert subject_key(subject_sa("robot"), "") is None          # a ClusterRoleBinding needs the namespace
    assert subject_key({"kind": "Robot", "name": "x"}, "ns") is None


def test_bindings_are_filed_under_their_subjects_in_name_order():
    store = MemoryStore()
    cache = PolicyCache(store)
    for i in (3, 1, 2):
        put(store, f"/registry/rolebindings/work/b{i}",
            binding(f"b{i}", "work", "Role", "r", subject_user("alice"), subject_group("dev")))
    put(store, "/registry/clusterrolebindings/c", binding("c", None, "ClusterRole", "r", subject_group("dev")))
    cache.sync()
    users, groups = cache.index["work"]
    assert [b.name for b in users["alice"]] == ["b1", "b2", "b3"]
    assert [b.name for b in groups["dev"]] == ["b1", "b2", "b3"]
    assert [b.name for b in cache.index[""][1]["dev"]] == ["c"]
    store.delete("/registry/rolebindings/work/b2")
    cache.sync()
    assert [b.name for b in users["alice"]] == ["b1", "b3"]
    store.delete("/registry/rolebindings/work/b1")
    store.delete("/registry/rolebindings/work/b3")
    cache.sync()
    assert "alice" not in users and "dev" not in groups


def test_resolve_names_the_first_subject_that_applies_and_is_remembered():
    store = MemoryStore()
    put(store, "/registry/roles/work/r", role("r", "work", rule(["get"], [""], ["pods"])))
    put(store, "/registry/rolebindings/work/b",
        binding("b", "work", "Role", "r", subject_group("dev"), subject_user("alice")))
    cache = PolicyCache(store)
    resolved = cache.resolve("alice", ["dev"], "work")
    (source, rules), = resolved.sources
    assert source.subject == subject_group("dev")
    assert cache.resolve("alice", ["dev"], "work") is resolved
    put(store, "/registry/roles/work/r", role("r", "work"))            # any RBAC write forgets answers
    assert cache.resolve("alice", ["dev"], "work") is not resolved


def test_a_cache_made_over_a_filled_store_loads_it():
    store = MemoryStore()
    put(store, "/registry/clusterroles/viewer", role("viewer", None, rule(["get"], [""], ["pods"])))
    cache = PolicyCache(store)
    assert list(cache.cluster_roles) == ["viewer"]
    put(store, "/registry/configmaps/work/x", {"kind": "ConfigMap"})  # not watched
    cache.sync()
    assert cache.role_rules("ClusterRole", "missing", "") == (
        None, 'clusterrole.rbac.authorization.k8s.io "missing" not found')
    assert cache.role_rules("Foo", "x", "") == (None, 'unsupported role reference kind: "Foo"')
