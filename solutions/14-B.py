"""solution 14-B: the ReplicaSet controller's arithmetic

Write replicas_to_act(desired, pods): how many pods to create or which to delete, the way
pkg/controller/replicaset/replica_set.go (manageReplicas, getPodsToDelete) decides it.

The reference answer; `check("14-B", "solutions/14-B.py")` passes on it.

Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.
"""


def replicas_to_act(desired: int, pods: list) -> tuple:
    """What a ReplicaSet controller does for `desired` replicas given its pods: (create, delete).

    Only active pods count: not Succeeded or Failed, and without a deletionTimestamp.
    Too few: (how many to create, []). Too many: (0, names to delete), choosing first pods not
    yet on a node, then Pending before Running, then not ready before ready, then the newest
    (latest creationTimestamp) first, then by name. At most 500 either way (burstReplicas).
    """
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
