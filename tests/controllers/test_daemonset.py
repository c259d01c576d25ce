import json

from k8slab.controllers.hashing import go_json

from .helpers import (NS, Watcher, bugs, events, get, is_ready, make_cluster, names, node, patch, pods,
                      ready_all, set_ready)

MASTER_TAINT = {"key": "node-role.kubernetes.io/master", "effect": "NoSchedule"}
DAEMON_TOLERATIONS = [
    {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute"},
    {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute"},
    {"key": "node.kubernetes.io/disk-pressure", "operator": "Exists", "effect": "NoSchedule"},
    {"key": "node.kubernetes.io/memory-pressure", "operator": "Exists", "effect": "NoSchedule"},
    {"key": "node.kubernetes.io/pid-pressure", "operator": "Exists", "effect": "NoSchedule"},
    {"key": "node.kubernetes.io/unschedulable", "operator": "Exists", "effect": "NoSchedule"}]


def daemonset(name="exporter", tolerations=None, node_selector=None, strategy=None, **spec):
    pod_spec = {"containers": [{"name": "c", "image": "node-exporter:v1"}]}
    if tolerations:
        pod_spec["tolerations"] = tolerations
    if node_selector:
        pod_spec["nodeSelector"] = node_selector
    out = {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": name, "namespace": NS},
           "spec": {"selector": {"matchLabels": {"app": name}},
                    "template": {"metadata": {"labels": {"app": name}}, "spec": pod_spec}, **spec}}
    if strategy:
        out["spec"]["updateStrategy"] = strategy
    return out


def cluster_with_nodes(n=3, master=True):
    c, cm = make_cluster("daemonset")
    for i in range(n):
        name = c.node_name(i)
        c.client.create(node(name, taints=[MASTER_TAINT] if master and i == 0 else None))
    c.settle()
    return c, cm


def target(pod):
    term = pod["spec"]["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]["nodeSelectorTerms"]
    return term[0]["matchFields"][0]["values"][0]


def by_node(c):
    out = {}
    for p in pods(c):
        if not p["metadata"].get("deletionTimestamp"):
            out.setdefault(target(p), []).append(p)
    return out


def test_one_pod_per_eligible_node_pinned_by_node_affinity():
    c, cm = cluster_with_nodes(3)
    c.apply(daemonset())
    placed = by_node(c)
    assert sorted(placed) == ["node2", "node3"]                 # the tainted master is skipped
    p = placed["node2"][0]
    assert p["metadata"]["name"].startswith("exporter-") and not p["spec"].get("nodeName")
    assert p["spec"]["affinity"] == {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
        "nodeSelectorTerms": [{"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["node2"]}]}]}}}
    assert p["spec"]["tolerations"] == DAEMON_TOLERATIONS
    ds = get(c, "apps/v1", "DaemonSet", "exporter")
    assert ds["status"] == {"currentNumberScheduled": 2, "numberMisscheduled": 0, "desiredNumberScheduled": 2,
                            "numberReady": 0, "observedGeneration": 1, "updatedNumberScheduled": 2,
                            "numberUnavailable": 2}
    assert sorted(m for _, m in events(c, reason="SuccessfulCreate")) == sorted(
        f"Created pod: {n}" for n in names(pods(c)))
    ready_all(c)
    st = get(c, "apps/v1", "DaemonSet", "exporter")["status"]
    assert st["numberReady"] == 2 and st["numberAvailable"] == 2 and "numberUnavailable" not in st
    assert not bugs(cm)


def test_a_master_toleration_and_host_network_change_the_placement_and_tolerations():
    c, cm = cluster_with_nodes(3)
    c.apply(daemonset(tolerations=[MASTER_TAINT]))
    assert sorted(by_node(c)) == ["node1", "node2", "node3"]
    c2, _ = cluster_with_nodes(1, master=False)
    ds = daemonset()
    ds["spec"]["template"]["spec"]["hostNetwork"] = True
    c2.apply(ds)
    [p] = pods(c2)
    assert p["spec"]["tolerations"][-1] == {"key": "node.kubernetes.io/network-unavailable",
                                            "operator": "Exists", "effect": "NoSchedule"}


def test_node_selector_new_nodes_and_relabelled_nodes():
    c, cm = cluster_with_nodes(2, master=False)
    c.client.patch("v1", "Node", "node1", {"metadata": {"labels": {"disk": "ssd"}}})
    c.apply(daemonset(node_selector={"disk": "ssd"}))
    assert sorted(by_node(c)) == ["node1"]
    c.client.create(node("node3", labels={"disk": "ssd"}))
    c.settle()
    assert sorted(by_node(c)) == ["node1", "node3"]
    patch(c, "v1", "Node", "node1", {"metadata": {"labels": {"disk": None}}})
    assert sorted(by_node(c)) == ["node3"]
    assert any(m.startswith("Deleted pod: exporter-") for _, m in events(c, reason="SuccessfulDelete"))


def test_controller_revisions_record_each_template():
    c, cm = cluster_with_nodes(2, master=False)
    c.apply(daemonset())
    patch(c, "apps/v1", "DaemonSet", "exporter", {"spec": {"template": {"spec": {"containers": [
        {"name": "c", "image": "node-exporter:v2"}]}}}})
    revs = sorted(c.client.list("apps/v1", "controllerrevisions", NS)["items"], key=lambda r: r["revision"])
    assert [r["revision"] for r in revs] == [1, 2]
    ds = get(c, "apps/v1", "DaemonSet", "exporter")
    latest = revs[-1]
    hash_ = latest["metadata"]["labels"]["controller-revision-hash"]
    assert latest["metadata"]["name"] == f"exporter-{hash_}"
    assert latest["data"]["spec"]["template"]["$patch"] == "replace"
    assert latest["data"]["spec"]["template"]["spec"] == ds["spec"]["template"]["spec"]
    assert go_json(latest["data"]).decode() == json.dumps(latest["data"], sort_keys=True, separators=(",", ":"))
    # not ready, so not available: every old pod is replaced at once
    assert all(p["metadata"]["labels"]["controller-revision-hash"] == hash_ for p in pods(c))


def test_rolling_update_replaces_one_node_at_a_time():
    c, cm = cluster_with_nodes(4, master=False)
    c.apply(daemonset())
    ready_all(c)
    watcher = Watcher(lambda cl: sum(1 for ps in by_node(cl).values() if any(is_ready(p) for p in ps)))
    c.add_component(watcher)
    patch(c, "apps/v1", "DaemonSet", "exporter", {"spec": {"template": {"spec": {"containers": [
        {"name": "c", "image": "node-exporter:v2"}]}}}})
    rounds = 0
    while ready_all(c):
        rounds += 1
    assert rounds == 4                                 # maxUnavailable 1: one node per round
    assert min(watcher.seen) == 3
    assert {p["spec"]["containers"][0]["image"] for p in pods(c)} == {"node-exporter:v2"}
    st = get(c, "apps/v1", "DaemonSet", "exporter")["status"]
    assert st["updatedNumberScheduled"] == 4 and st["numberAvailable"] == 4


def test_rolling_update_with_surge_starts_the_new_pod_before_the_old_one_goes():
    c, cm = cluster_with_nodes(2, master=False)
    c.apply(daemonset(strategy={"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0}}))
    ready_all(c)
    watcher = Watcher(lambda cl: min(sum(is_ready(p) for p in ps) for ps in by_node(cl).values()))
    c.add_component(watcher)
    patch(c, "apps/v1", "DaemonSet", "exporter", {"spec": {"template": {"spec": {"containers": [
        {"name": "c", "image": "node-exporter:v2"}]}}}})
    assert max(len(ps) for ps in by_node(c).values()) == 2       # surged: old and new side by side
    while ready_all(c):
        pass
    assert min(watcher.seen) >= 1                                 # every node kept a ready pod
    assert all(len(ps) == 1 for ps in by_node(c).values())
    assert {p["spec"]["containers"][0]["image"] for p in pods(c)} == {"node-exporter:v2"}


def test_a_failed_daemon_pod_is_replaced_with_a_warning():
    c, cm = cluster_with_nodes(1, master=False)
    c.apply(daemonset())
    [p] = pods(c)
    c.client.patch("v1", "Pod", p["metadata"]["name"], {"status": {"phase": "Failed"}}, NS, subresource="status")
    c.settle()
    [q] = pods(c)
    assert q["metadata"]["name"] != p["metadata"]["name"]
    assert events(c, reason="FailedDaemonPod") == [
        ("FailedDaemonPod", f"Found failed daemon pod {NS}/{p['metadata']['name']} on node node1, will try to kill it")]


def test_numbers_count_the_oldest_pod_of_each_node():
    c, cm = cluster_with_nodes(1, master=False)
    c.apply(daemonset())
    [p] = pods(c)
    set_ready(c, p)
    c.settle()
    assert get(c, "apps/v1", "DaemonSet", "exporter")["status"]["numberReady"] == 1
