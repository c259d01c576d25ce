"""solution 03-B: be the scheduler: bind a pod to a node

Write binding_for(pod, node_name): the Binding object that assigns a pod to a node. The
check posts it to a cluster that has no scheduler and waits for the kubelet to run the pod.

The reference answer; `check("03-B", "solutions/03-B.py")` passes on it.

Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.
"""


def binding_for(pod: dict, node_name: str) -> dict:
    """The Binding object a scheduler POSTs to /api/v1/namespaces/<ns>/pods/<name>/binding to
    place `pod` on the node `node_name`: apiVersion v1, kind Binding, metadata with the pod's
    name and namespace, and a `target` that refers to the Node (apiVersion, kind, name).
    """
    meta = pod["metadata"]
    return {"apiVersion": "v1", "kind": "Binding",
            "metadata": {"name": meta["name"], "namespace": meta.get("namespace", "default")},
            "target": {"apiVersion": "v1", "kind": "Node", "name": node_name}}
