from .helpers import deployment, events, make_cluster, names, node, pods, ready_all, replica_sets
from .test_daemonset import daemonset
from .test_statefulset import statefulset


def scenario(seed):
    c, cm = make_cluster("replicaset,deployment,daemonset,statefulset", seed=seed)
    for i in range(2):
        c.client.create(node(c.node_name(i)))
    c.apply([deployment("redis", 3), daemonset(), statefulset(replicas=2)])
    while ready_all(c):
        pass
    c.client.patch("apps/v1", "Deployment", "redis", {"spec": {"template": {"spec": {"containers": [
        {"name": "redis", "image": "redis:5"}]}}}}, "default")
    c.settle()
    while ready_all(c):
        pass
    return names(pods(c)), names(replica_sets(c)), events(c)


def test_same_seed_same_names_and_events():
    a, b = scenario(7), scenario(7)
    assert a == b
    other = scenario(8)
    assert other[1] == a[1]                              # ReplicaSet names come from the template hash
    assert other[0] != a[0]                              # pod name suffixes from the seeded generator
    assert [p for p in a[0] if p.startswith("web-")] == ["web-0", "web-1"]
