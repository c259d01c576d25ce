"""The standard control-loop scenario with the components acting as their own users under
Node,RBAC: the authorizer must refuse nothing to any `system:` component.

Upstream the controller-manager's controllers (each as its kube-system service account), the
scheduler and the kubelets work within the bootstrap roles (controller_policy.go, policy.go) and
the Node authorizer; a denial here means a component asks for something its upstream role does
not grant -- a bug in the component or the role."""

from k8slab import Cluster

DEPLOYMENT = {"apiVersion": "apps/v1", "kind": "Deployment",
              "metadata": {"name": "redis", "labels": {"app": "redis"}},
              "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "redis"}},
                       "template": {"metadata": {"labels": {"app": "redis"}},
                                    "spec": {"containers": [{"name": "redis", "image": "redis:alpine"}]}}}}
SERVICE = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "redis"},
           "spec": {"selector": {"app": "redis"}, "ports": [{"port": 6379}]}}
DAEMONSET = {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "agent"},
             "spec": {"selector": {"matchLabels": {"app": "agent"}},
                      "template": {"metadata": {"labels": {"app": "agent"}},
                                   "spec": {"containers": [{"name": "agent", "image": "busybox:1.36",
                                                            "command": ["sleep", "3600"]}]}}}}
HEADLESS = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"},
            "spec": {"clusterIP": "None", "selector": {"app": "web"}, "ports": [{"port": 80}]}}
STATEFULSET = {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "web"},
               "spec": {"serviceName": "web", "replicas": 2, "selector": {"matchLabels": {"app": "web"}},
                        "template": {"metadata": {"labels": {"app": "web"}},
                                     "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27"}]}}}}
JOB = {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "pi"},
       "spec": {"ttlSecondsAfterFinished": 30,
                "template": {"spec": {"restartPolicy": "Never",
                                      "containers": [{"name": "pi", "image": "busybox:1.36",
                                                      "command": ["sh", "-c", "exit 0"]}]}}}}
CRONJOB = {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "tick"},
           "spec": {"schedule": "*/1 * * * *", "successfulJobsHistoryLimit": 1,
                    "jobTemplate": {"spec": {"template": {"spec": {
                        "restartPolicy": "OnFailure",
                        "containers": [{"name": "tick", "image": "busybox:1.36", "command": ["sh", "-c", "exit 0"]}]}}}}}}
HIGH = {"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass", "metadata": {"name": "high"}, "value": 1000}


def cpu_pod(name: str, cpu: str, priority_class: str | None = None) -> dict:
    spec = {"containers": [{"name": "c", "image": "busybox:1.36", "command": ["sleep", "3600"],
                            "resources": {"requests": {"cpu": cpu}}}]}
    if priority_class:
        spec["priorityClassName"] = priority_class
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name}, "spec": spec}


QUOTA = {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "pods"}, "spec": {"hard": {"pods": "50"}}}


def component_denials(c: Cluster) -> list[str]:
    return [d.explain() for d in c.api.authz.last_denials if d.user.get("username", "").startswith("system:")]


def deciders(c: Cluster) -> dict:
    """username -> how many of its requests the authorizer decided, counted as they happen."""
    counts: dict = {}
    add = c.api.authz.log.add

    def counting(d):
        name = d.user.get("username", "")
        counts[name] = counts.get(name, 0) + 1
        add(d)
    c.api.authz.log.add = counting
    return counts


def live_pods(c, ns="default", **labels):
    return [p for p in c.client.list("v1", "pods", ns)["items"]
            if not p["metadata"].get("deletionTimestamp")
            and all((p["metadata"].get("labels") or {}).get(k) == v for k, v in labels.items())]


def test_the_standard_scenario_runs_with_no_component_denied():
    c = Cluster(nodes=3, seed=0, component_identities=True)
    decided = deciders(c)
    c.client.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "work"}})
    c.settle()
    for obj in (DEPLOYMENT, SERVICE, DAEMONSET, HEADLESS, STATEFULSET, JOB, CRONJOB, QUOTA):
        c.client.create(obj, "work")
    c.settle()
    assert len([p for p in live_pods(c, "work", app="redis") if p["status"].get("phase") == "Running"]) == 2
    assert c.client.get("v1", "Endpoints", "redis", "work")["subsets"]
    # scale and a rolling update
    c.client.patch("apps/v1", "Deployment", "redis", {"spec": {"replicas": 4}}, "work", subresource="scale")
    c.settle()
    c.client.patch("apps/v1", "Deployment", "redis",
                   {"spec": {"template": {"spec": {"containers": [{"name": "redis", "image": "redis:5"}]}}}},
                   "work", patch_type="application/strategic-merge-patch+json")
    c.advance(120)
    assert {p["spec"]["containers"][0]["image"] for p in live_pods(c, "work", app="redis")} == {"redis:5"}
    # the Job completes and its TTL runs out; the CronJob runs a few times
    c.advance(150)
    assert not [j for j in c.client.list("batch/v1", "jobs", "work")["items"] if j["metadata"]["name"] == "pi"]
    assert [j for j in c.client.list("batch/v1", "jobs", "work")["items"] if j["metadata"]["name"].startswith("tick-")]
    # a node fails: Unknown, tainted, its pods evicted and replaced elsewhere
    victim = live_pods(c, "work", app="redis")[0]["spec"]["nodeName"]
    c.kubelet(victim).stop()
    c.advance(400)
    assert all(p["spec"]["nodeName"] != victim for p in live_pods(c, "work", app="redis"))
    # preemption: the scheduler deletes a lower-priority pod to make room
    c.client.create(HIGH)
    for node in ("node1", "node2", "node3"):
        if node != victim:
            c.client.create(cpu_pod(f"filler-{node}", "1500m"), "work")
    c.settle()
    c.client.create(cpu_pod("urgent", "1500m", "high"), "work")
    c.advance(60)
    assert c.client.get("v1", "Pod", "urgent", "work")["status"]["phase"] == "Running"
    assert len([p for p in live_pods(c, "work") if p["metadata"]["name"].startswith("filler-")]) == 1
    # the node is gone for good: deleted, the pod garbage collector removes the pods bound to it
    c.client.delete("v1", "Node", victim)
    c.advance(60)
    assert not [p for p in c.client.list("v1", "pods", "work")["items"] if p["spec"].get("nodeName") == victim]
    # garbage collection: the Deployment goes, its ReplicaSets and pods follow
    c.client.delete("apps/v1", "Deployment", "redis", "work")
    c.advance(60)
    assert not c.client.list("apps/v1", "replicasets", "work")["items"]
    # namespace deletion empties and removes the namespace
    c.client.delete("v1", "Namespace", "work")
    c.advance(120)
    assert "work" not in {n["metadata"]["name"] for n in c.client.list("v1", "namespaces")["items"]}
    assert not component_denials(c), "\n\n".join(component_denials(c))
    # ... and the components did ask as themselves (not as a member of system:masters)
    sa = "system:serviceaccount:kube-system:"
    for user in ("system:kube-scheduler", "system:node:node1", sa + "replicaset-controller",
                 sa + "deployment-controller", sa + "daemon-set-controller", sa + "statefulset-controller",
                 sa + "job-controller", sa + "cronjob-controller", sa + "ttl-after-finished-controller",
                 sa + "node-controller", sa + "pod-garbage-collector", sa + "generic-garbage-collector",
                 sa + "namespace-controller", sa + "endpoint-controller", sa + "endpointslice-controller",
                 sa + "resourcequota-controller", sa + "service-account-controller"):
        assert decided.get(user), (user, sorted(decided))
