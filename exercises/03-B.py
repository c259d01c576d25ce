"""exercise 03-B: be the scheduler: bind a pod to a node

Write binding_for(pod, node_name): the Binding object that assigns a pod to a node. The
check posts it to a cluster that has no scheduler and waits for the kubelet to run the pod.

Replace each `raise NotImplementedError` with your code, then run
`from k8slab.exercises import check; check("03-B")` in a notebook (or
`pytest tests/exercises -k 03-B` for the reference files).

Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.
"""


def binding_for(pod: dict, node_name: str) -> dict:
    """The Binding object a scheduler POSTs to /api/v1/namespaces/<ns>/pods/<name>/binding to
    place `pod` on the node `node_name`: apiVersion v1, kind Binding, metadata with the pod's
    name and namespace, and a `target` that refers to the Node (apiVersion, kind, name).
    """
    raise NotImplementedError("exercise 03-B: your code here")
