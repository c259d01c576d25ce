"""exercise 14-B: the ReplicaSet controller's arithmetic

Write replicas_to_act(desired, pods): how many pods to create or which to delete, the way
pkg/controller/replicaset/replica_set.go (manageReplicas, getPodsToDelete) decides it.

Replace each `raise NotImplementedError` with your code, then run
`from k8slab.exercises import check; check("14-B")` in a notebook (or
`pytest tests/exercises -k 14-B` for the reference files).

Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.
"""


def replicas_to_act(desired: int, pods: list) -> tuple:
    """What a ReplicaSet controller does for `desired` replicas given its pods: (create, delete).

    Only active pods count: not Succeeded or Failed, and without a deletionTimestamp.
    Too few: (how many to create, []). Too many: (0, names to delete), choosing first pods not
    yet on a node, then Pending before Running, then not ready before ready, then the newest
    (latest creationTimestamp) first, then by name. At most 500 either way (burstReplicas).
    """
    raise NotImplementedError("exercise 14-B: your code here")
