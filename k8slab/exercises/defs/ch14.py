"""Chapter 14 (controller-manager): follow ownerReferences; the ReplicaSet controller's arithmetic."""

from __future__ import annotations

from ..registry import Exercise

CHAIN = '''
def owner_chain(client, namespace: str, pod_name: str) -> list:
    """From a pod up to the object at the top of its controllers, as ["Kind/name", ...].

    Follow each object's controller ownerReference (the one with controller: true) with
    client.get(apiVersion, kind, name, namespace) until an object has none.
    A Deployment's pod gives ["Pod/<pod>", "ReplicaSet/<rs>", "Deployment/<name>"].
    """
    # BEGIN SOLUTION
    obj = client.get("v1", "Pod", pod_name, namespace)
    chain = [f"Pod/{pod_name}"]
    while True:
        refs = [r for r in obj["metadata"].get("ownerReferences") or [] if r.get("controller")]
        if not refs:
            return chain
        ref = refs[0]
        obj = client.get(ref["apiVersion"], ref["kind"], ref["name"], namespace)
        chain.append(f"{ref['kind']}/{ref['name']}")
    # END SOLUTION
'''


def check_chain(owner_chain) -> str:
    from k8slab import Cluster
    c = Cluster(nodes=1, seed=0)
    c.kubectl("create deployment web --image=nginx --replicas=2")
    c.apply({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "solo"},
             "spec": {"containers": [{"name": "c", "image": "nginx"}]}})
    assert owner_chain(c.client, "default", "solo") == ["Pod/solo"], "a pod nobody owns is its own chain"
    rs = c.client.list("apps/v1", "ReplicaSet", "default")["items"][0]["metadata"]["name"]
    pods = [p["metadata"]["name"] for p in c.client.list("v1", "Pod", "default")["items"]
            if p["metadata"]["name"] != "solo"]
    for pod in pods:
        got = owner_chain(c.client, "default", pod)
        assert got == [f"Pod/{pod}", f"ReplicaSet/{rs}", "Deployment/web"], f"for {pod}: {got}"
    return f"{len(pods)} pods of deployment web traced through ReplicaSet {rs}; a bare pod stands alone"


REPLICAS = '''
def replicas_to_act(desired: int, pods: list) -> tuple:
    """What a ReplicaSet controller does for `desired` replicas given its pods: (create, delete).

    Only active pods count: not Succeeded or Failed, and without a deletionTimestamp.
    Too few: (how many to create, []). Too many: (0, names to delete), choosing first pods not
    yet on a node, then Pending before Running, then not ready before ready, then the newest
    (latest creationTimestamp) first, then by name. At most 500 either way (burstReplicas).
    """
    # BEGIN SOLUTION
    def active(p):
        return (p.get("status", {}).get("phase") not in ("Succeeded", "Failed")
                and not p["metadata"].get("deletionTimestamp"))

    def ready(p):
        return any(c["type"] == "Ready" and c["status"] == "True" for c in p.get("status", {}).get("conditions", []))

    live = [p for p in pods if active(p)]
    diff = len(live) - desired
    if diff < 0:
        return min(-diff, 500), []
    phase_rank = {"Pending": 0, "Unknown": 1, "Running": 2}
    live.sort(key=lambda p: p["metadata"]["name"])
    live.sort(key=lambda p: p["metadata"]["creationTimestamp"], reverse=True)
    live.sort(key=lambda p: (bool(p["spec"].get("nodeName")), phase_rank.get(p["status"].get("phase"), 0), ready(p)))
    return 0, [p["metadata"]["name"] for p in live[:min(diff, 500)]]
    # END SOLUTION
'''


def _pod(name, created, node="node1", phase="Running", ready=True, deleting=False):
    meta = {"name": name, "creationTimestamp": created}
    if deleting:
        meta["deletionTimestamp"] = created
    return {"metadata": meta, "spec": {"nodeName": node} if node else {},
            "status": {"phase": phase, "conditions": [{"type": "Ready", "status": "True" if ready else "False"}]}}


def check_replicas(replicas_to_act) -> str:
    t = [f"2024-01-01T00:00:0{i}Z" for i in range(10)]
    running = [_pod(f"r{i}", t[i]) for i in range(3)]
    assert replicas_to_act(3, running) == (0, []), "3 running pods for 3 replicas: nothing to do"
    assert replicas_to_act(5, running) == (2, []), "3 pods for 5 replicas: create 2"
    done = [_pod("done", t[0], phase="Succeeded"), _pod("gone", t[0], deleting=True)]
    assert replicas_to_act(3, running + done) == (0, []), "finished and deleting pods do not count"
    assert replicas_to_act(4, running + done) == (1, []), "finished and deleting pods do not count"
    assert replicas_to_act(1000, []) == (500, []), "at most 500 creations at once (burstReplicas)"
    mixed = running + [_pod("unscheduled", t[1], node=None, phase="Pending", ready=False),
                       _pod("pending", t[2], phase="Pending", ready=False),
                       _pod("notready", t[3], ready=False)]
    got = replicas_to_act(3, mixed)
    assert got == (0, ["unscheduled", "pending", "notready"]), \
        f"delete the least useful pods first (not on a node, Pending, not ready): got {got}"
    got = replicas_to_act(1, running)
    assert got == (0, ["r2", "r1"]), f"among equals, delete the newest first: got {got}"
    return "creates the missing pods (at most 500), deletes surplus pods least useful first"


EXERCISES = [
    Exercise("14-A", "follow ownerReferences from a pod to its Deployment",
             "Write owner_chain(client, namespace, pod_name): the chain of controllers above a pod, as the\n"
             "garbage collector sees it through ownerReferences.",
             CHAIN.lstrip(), "owner_chain", check_chain),
    Exercise("14-B", "the ReplicaSet controller's arithmetic",
             "Write replicas_to_act(desired, pods): how many pods to create or which to delete, the way\n"
             "pkg/controller/replicaset/replica_set.go (manageReplicas, getPodsToDelete) decides it.",
             REPLICAS.lstrip(), "replicas_to_act", check_replicas),
]
