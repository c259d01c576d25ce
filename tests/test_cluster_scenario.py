"""The control loop end to end on a virtual-clock Cluster(nodes=3): the booklet's Deployment story
(chapters 2, 7, 14-16, 18) with the upstream names, events and timings."""

import pytest

from k8slab import Cluster

DEPLOYMENT = {"apiVersion": "apps/v1", "kind": "Deployment",
              "metadata": {"name": "redis", "labels": {"app": "redis"}},
              "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "redis"}},
                       "template": {"metadata": {"labels": {"app": "redis"}},
                                    "spec": {"containers": [{"name": "redis", "image": "redis:alpine"}]}}}}


def pods(c, ns="default", **labels):
    out = c.client.list("v1", "pods", ns)["items"]
    return [p for p in out if all(p["metadata"].get("labels", {}).get(k) == v for k, v in labels.items())]


def running(c, **labels):
    return sorted(p["metadata"]["name"] for p in pods(c, **labels)
                  if p["status"].get("phase") == "Running" and not p["metadata"].get("deletionTimestamp"))


def events_of(c, name, ns="default"):
    evs = c.client.list("v1", "events", ns, fieldSelector=f"involvedObject.name={name}")["items"]
    return [(e["reason"], e["message"]) for e in sorted(evs, key=lambda e: e["metadata"]["name"])]


def ready(p):
    return any(cond["type"] == "Ready" and cond["status"] == "True" for cond in p["status"].get("conditions", []))


@pytest.fixture
def c():
    return Cluster(nodes=3, seed=0)


def test_deployment_to_running_pod_in_one_settle_then_scale_and_self_heal(c):
    c.client.create(DEPLOYMENT, "default")
    c.settle()
    (rs,) = c.client.list("apps/v1", "replicasets", "default")["items"]
    assert rs["metadata"]["name"].startswith("redis-") and len(rs["metadata"]["name"]) in (15, 16)
    (pod,) = pods(c, app="redis")
    assert pod["status"]["phase"] == "Running" and pod["metadata"]["name"].startswith(rs["metadata"]["name"] + "-")
    # the event sequence `kubectl describe pod` shows
    assert [r for r, _ in events_of(c, pod["metadata"]["name"])] == ["Scheduled", "Pulling", "Pulled", "Created", "Started"]
    assert events_of(c, pod["metadata"]["name"])[0][1] == \
        f"Successfully assigned default/{pod['metadata']['name']} to {pod['spec']['nodeName']}"
    assert ("ScalingReplicaSet", f"Scaled up replica set {rs['metadata']['name']} from 0 to 1") in events_of(c, "redis")

    c.client.patch("apps/v1", "Deployment", "redis", {"spec": {"replicas": 5}}, "default", subresource="scale")
    c.settle()
    names = running(c, app="redis")
    assert len(names) == 5
    victim = names[0]
    c.client.delete("v1", "Pod", victim, "default")
    c.settle()
    after = running(c, app="redis")
    assert len(after) == 5 and victim not in after


def test_rolling_update_respects_max_surge_and_unavailable_then_undo(c):
    dep = {**DEPLOYMENT, "spec": {**DEPLOYMENT["spec"], "replicas": 5}}
    c.client.create(dep, "default")
    c.settle()
    assert len(running(c, app="redis")) == 5
    c.client.patch("apps/v1", "Deployment", "redis",
                   {"spec": {"template": {"spec": {"containers": [{"name": "redis", "image": "redis:5"}]}}}},
                   "default", patch_type="application/strategic-merge-patch+json")
    # maxSurge 25% of 5 rounds up to 2, maxUnavailable 25% rounds down to 1
    history = []
    for _ in range(2000):
        work = c.step()
        live = [p for p in pods(c, app="redis") if not p["metadata"].get("deletionTimestamp")]
        by_image = {}
        for p in live:
            by_image.setdefault(p["spec"]["containers"][0]["image"], []).append(p)
        history.append((len(live), sum(ready(p) for p in live),
                        {img: len(ps) for img, ps in by_image.items()}))
        assert len(live) <= 5 + 2, history[-1]
        assert sum(ready(p) for p in live) >= 5 - 1, history[-1]
        if not work:
            due = c.clock.next_deadline()
            if set(by_image) == {"redis:5"} and len(live) == 5 and all(ready(p) for p in live):
                break
            c.clock.advance(max(0.0, due - c.clock.now()))
    assert history[-1][2] == {"redis:5": 5}
    assert any(len(h[2]) == 2 for h in history)                    # both revisions ran side by side
    rss = c.client.list("apps/v1", "replicasets", "default")["items"]
    revisions = sorted(rs["metadata"]["annotations"]["deployment.kubernetes.io/revision"] for rs in rss)
    assert revisions == ["1", "2"]
    # kubectl rollout undo: put the previous revision's template back
    old = next(rs for rs in rss if rs["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == "1")
    template = old["spec"]["template"]
    template["metadata"]["labels"].pop("pod-template-hash")
    c.client.patch("apps/v1", "Deployment", "redis", [{"op": "replace", "path": "/spec/template", "value": template}],
                   "default", patch_type="application/json-patch+json")
    c.advance(120)
    assert {p["spec"]["containers"][0]["image"] for p in pods(c, app="redis")
            if not p["metadata"].get("deletionTimestamp")} == {"redis:alpine"}
    dep_now = c.client.get("apps/v1", "Deployment", "redis", "default")
    assert dep_now["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == "3"


def test_daemonset_lands_one_pod_per_schedulable_node(c):
    ds = {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "agent"},
          "spec": {"selector": {"matchLabels": {"app": "agent"}},
                   "template": {"metadata": {"labels": {"app": "agent"}},
                                "spec": {"containers": [{"name": "agent", "image": "busybox",
                                                         "command": ["sleep", "3600"]}]}}}}
    c.client.create(ds, "default")
    c.settle()
    assert sorted(p["spec"]["nodeName"] for p in pods(c, app="agent")) == ["node1", "node2", "node3"]
    assert len(running(c, app="agent")) == 3


def test_node_whose_kubelet_stops_goes_unknown_and_its_pods_are_evicted(c):
    c.client.create({**DEPLOYMENT, "spec": {**DEPLOYMENT["spec"], "replicas": 3}}, "default")
    c.settle()
    victim_node = pods(c, app="redis")[0]["spec"]["nodeName"]
    on_it = {p["metadata"]["name"] for p in pods(c, app="redis") if p["spec"]["nodeName"] == victim_node}
    c.kubelet(victim_node).stop()
    c.advance(60)
    node = c.client.get("v1", "Node", victim_node)
    ready_cond = next(x for x in node["status"]["conditions"] if x["type"] == "Ready")
    assert (ready_cond["status"], ready_cond["reason"], ready_cond["message"]) == (
        "Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status.")
    assert {"key": "node.kubernetes.io/unreachable", "effect": "NoExecute"} in [
        {k: t[k] for k in ("key", "effect")} for t in node["spec"].get("taints", [])]
    c.advance(300)                                # the default 300 s toleration runs out
    names = {p["metadata"]["name"] for p in pods(c, app="redis")}
    assert not (on_it & {n for n in names if not c.client.get("v1", "Pod", n, "default")["metadata"].get("deletionTimestamp")})
    assert len([p for p in pods(c, app="redis") if p["spec"].get("nodeName") != victim_node
                and p["status"].get("phase") == "Running"]) == 3


def test_unschedulable_pod_gets_the_upstream_message(c):
    big = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "big"},
           "spec": {"containers": [{"name": "c", "image": "nginx",
                                    "resources": {"requests": {"cpu": "100"}}}]}}
    c.client.create(big, "default")
    c.settle()
    (reason, message), = [e for e in events_of(c, "big") if e[0] == "FailedScheduling"][:1]
    assert message == ("0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are "
                       "available: 3 No preemption victims found for incoming pod.")
    trace = c.components[[getattr(x, "name", "") for x in c.components].index("scheduler")].traces.for_pod("default", "big")
    assert trace and "Insufficient cpu" in str(trace[-1])


def test_crash_loop_back_off_intervals(c):
    # a tagged image is pulled once (IfNotPresent), so restarts follow the back-off alone
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "crash"},
           "spec": {"containers": [{"name": "c", "image": "busybox:1.36", "command": ["sh", "-c", "exit 3"]}]}}
    c.client.create(pod, "default")
    c.settle()
    changes, last = [], None
    for _ in range(200):
        st = c.client.get("v1", "Pod", "crash", "default")["status"].get("containerStatuses", [{}])[0]
        if st.get("restartCount") != last:
            last = st.get("restartCount")
            changes.append((last, c.clock.now()))
        c.advance(1)
    gaps = [round(b[1] - a[1]) for a, b in zip(changes, changes[1:])]
    # upstream: the first restart is immediate, then 10 s doubling (capped at 300 s)
    # (the immediate first restart already happened inside settle())
    assert [n for n, _ in changes][:5] == [1, 2, 3, 4, 5]
    # read at 1 s steps, so each gap is the back-off give or take one step
    assert all(abs(g - want) <= 1 for g, want in zip(gaps, [10, 20, 40, 80])) and len(gaps) >= 4, changes
    waiting = c.client.get("v1", "Pod", "crash", "default")["status"]["containerStatuses"][0]["state"]["waiting"]
    assert waiting["reason"] == "CrashLoopBackOff"
    assert waiting["message"].startswith("back-off 2m40s restarting failed container=c pod=crash_default(")
    assert any(e[0] == "BackOff" for e in events_of(c, "crash"))


def test_same_seed_same_cluster():
    names = []
    for _ in range(2):
        c = Cluster(nodes=3, seed=7)
        c.client.create({**DEPLOYMENT, "spec": {**DEPLOYMENT["spec"], "replicas": 3}}, "default")
        c.settle()
        names.append(sorted((p["metadata"]["name"], p["spec"]["nodeName"], p["status"].get("podIP"))
                            for p in pods(c, app="redis")))
    assert names[0] == names[1]


def test_daemonset_template_generation_follows_template_changes(c):
    ds = {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "gen"},
          "spec": {"selector": {"matchLabels": {"app": "gen"}},
                   "template": {"metadata": {"labels": {"app": "gen"}},
                                "spec": {"containers": [{"name": "c", "image": "busybox:1.36",
                                                         "command": ["sleep", "3600"]}]}}}}
    created = c.client.create(ds, "default")
    assert created["metadata"]["annotations"]["deprecated.daemonset.template.generation"] == "1"
    c.settle()
    assert {p["metadata"]["labels"].get("pod-template-generation") for p in pods(c, app="gen")} == {"1"}
    c.client.patch("apps/v1", "DaemonSet", "gen", {"metadata": {"labels": {"x": "y"}}}, "default")
    assert c.client.get("apps/v1", "DaemonSet", "gen", "default")["metadata"]["annotations"][
        "deprecated.daemonset.template.generation"] == "1"
    c.client.patch("apps/v1", "DaemonSet", "gen",
                   {"spec": {"template": {"spec": {"containers": [{"name": "c", "image": "busybox:1.37",
                                                                   "command": ["sleep", "3600"]}]}}}}, "default")
    assert c.client.get("apps/v1", "DaemonSet", "gen", "default")["metadata"]["annotations"][
        "deprecated.daemonset.template.generation"] == "2"
