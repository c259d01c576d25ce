"""exercise 15-A: pin a pod to one node with node affinity

Write pin_to_node(pod, node): the scheduler must place the returned pod on `node`, and its
trace must show the NodeAffinity filter rejecting the other nodes.

Replace each `raise NotImplementedError` with your code, then run
`from k8slab.exercises import check; check("15-A")` in a notebook (or
`pytest tests/exercises -k 15-A` for the reference files).

Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.
"""


def pin_to_node(pod: dict, node: str) -> dict:
    """A copy of `pod` that the scheduler can only place on `node`.

    Use a required node affinity on the label kubernetes.io/hostname, not spec.nodeName
    (spec.nodeName skips the scheduler altogether). Do not change the pod you were given.
    """
    raise NotImplementedError("exercise 15-A: your code here")
