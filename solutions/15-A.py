"""solution 15-A: pin a pod to one node with node affinity

Write pin_to_node(pod, node): the scheduler must place the returned pod on `node`, and its
trace must show the NodeAffinity filter rejecting the other nodes.

The reference answer; `check("15-A", "solutions/15-A.py")` passes on it.

Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.
"""


def pin_to_node(pod: dict, node: str) -> dict:
    """A copy of `pod` that the scheduler can only place on `node`.

    Use a required node affinity on the label kubernetes.io/hostname, not spec.nodeName
    (spec.nodeName skips the scheduler altogether). Do not change the pod you were given.
    """
    import copy
    pinned = copy.deepcopy(pod)
    term = {"matchExpressions": [{"key": "kubernetes.io/hostname", "operator": "In", "values": [node]}]}
    affinity = pinned["spec"].setdefault("affinity", {})
    affinity["nodeAffinity"] = {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [term]}}
    return pinned
