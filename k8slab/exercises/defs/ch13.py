"""Chapter 13 (etcd): where the API server stores an object; every version of a key."""

from __future__ import annotations

import json

from ..registry import Exercise

KEY = '''
def etcd_key(obj: dict) -> str:
    """The etcd key under which the API server keeps `obj` (an object as the API returns it).

    Cluster-scoped objects live at /registry/<resource>/<name>, namespaced ones at
    /registry/<resource>/<namespace>/<name>; <resource> is usually the lower-case plural of the
    kind, with a few historical exceptions: Services are kept under services/specs.
    """
    # BEGIN SOLUTION
    special = {"Service": "services/specs", "Endpoints": "services/endpoints", "Node": "minions"}
    kind = obj["kind"]
    resource = special.get(kind, kind.lower() + "s")
    meta = obj["metadata"]
    if meta.get("namespace"):
        return f"/registry/{resource}/{meta['namespace']}/{meta['name']}"
    return f"/registry/{resource}/{meta['name']}"
    # END SOLUTION
'''


def check_key(etcd_key) -> str:
    from k8slab import Cluster
    c = Cluster(nodes=0, seed=0)
    made = [
        c.client.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "lab"}}),
        c.client.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "conf"}, "data": {"a": "1"}}, "lab"),
        c.client.create({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "robot"}}, "lab"),
        c.client.create({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"},
                         "spec": {"ports": [{"port": 80}], "selector": {"app": "web"}}}, "lab"),
        c.client.create({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
                         "spec": {"selector": {"matchLabels": {"app": "web"}},
                                  "template": {"metadata": {"labels": {"app": "web"}},
                                               "spec": {"containers": [{"name": "c", "image": "nginx"}]}}}}, "lab"),
    ]
    for obj in made:
        key = etcd_key(obj)
        kv = c.store.get(key)
        assert kv is not None, f"{obj['kind']} {obj['metadata']['name']}: nothing is stored at {key}"
        stored = json.loads(kv.value)
        assert stored["metadata"]["uid"] == obj["metadata"]["uid"], f"{key} holds another object"
    return f"found {len(made)} objects (Namespace, ConfigMap, ServiceAccount, Service, Deployment) at their keys"


VERSIONS = '''
def versions(store, key: str) -> list:
    """Every version of `key` still in the store, oldest first, as (revision, value).

    value is the stored JSON decoded, or None where the key was deleted. Hint: a watch that
    starts at an old revision (store.watch(key, start_revision=...)) replays the history;
    take() its events, then cancel() it.
    """
    # BEGIN SOLUTION
    import json
    watcher = store.watch(key, start_revision=max(1, store.compact_revision + 1))
    try:
        events = watcher.take()
    finally:
        watcher.cancel()
    return [(e.kv.mod_revision, None if e.type == "DELETE" else json.loads(e.kv.value)) for e in events]
    # END SOLUTION
'''


def check_versions(versions) -> str:
    from k8slab.storage import MemoryStore
    s = MemoryStore()
    key = "/registry/configmaps/default/c"
    s.put(key, json.dumps({"data": {"v": "1"}}))                  # revision 2
    s.put("/registry/configmaps/default/other", "{}")               # 3
    s.put(key, json.dumps({"data": {"v": "2"}}))                  # 4
    s.delete(key)                                                   # 5
    s.put(key, json.dumps({"data": {"v": "3"}}))                  # 6
    want = [(2, {"data": {"v": "1"}}), (4, {"data": {"v": "2"}}), (5, None), (6, {"data": {"v": "3"}})]
    got = versions(s, key)
    assert got == want, f"expected {want}, got {got}"
    assert versions(s, "/registry/configmaps/default/none") == [], "a key never written has no versions"
    return "4 versions of the key (one a deletion), other keys left out"


EXERCISES = [
    Exercise("13-A", "the etcd key of an object",
             "Write etcd_key(obj): where in etcd the API server stores an object it returned to you.",
             KEY.lstrip(), "etcd_key", check_key),
    Exercise("13-B", "every version of a key",
             "Write versions(store, key): the history of one key, from the store's multi-version log.",
             VERSIONS.lstrip(), "versions", check_versions),
]
