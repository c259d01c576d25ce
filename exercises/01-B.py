"""exercise 01-B: who runs the containers: ask the runtime

Write runtime_versions(cluster): each node's container runtime as `name://version`, asked
through the CRI's Version call, for the current (containerd) and book (Docker) profiles.

Replace each `raise NotImplementedError` with your code, then run
`from k8slab.exercises import check; check("01-B")` in a notebook (or
`pytest tests/exercises -k 01-B` for the reference files).

Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.
"""


def runtime_versions(cluster) -> dict[str, str]:
    """For each node of `cluster`, `<runtime name>://<runtime version>` as its container runtime
    answers the CRI's Version call (`cluster.kubelet(node).runtime.version()`); the node names
    are the Node objects' names (`cluster.client.list("v1", "Node")`).
    """
    raise NotImplementedError("exercise 01-B: your code here")
