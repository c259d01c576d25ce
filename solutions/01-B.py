"""solution 01-B: who runs the containers: ask the runtime

Write runtime_versions(cluster): each node's container runtime as `name://version`, asked
through the CRI's Version call, for the current (containerd) and book (Docker) profiles.

The reference answer; `check("01-B", "solutions/01-B.py")` passes on it.

Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.
"""


def runtime_versions(cluster) -> dict[str, str]:
    """For each node of `cluster`, `<runtime name>://<runtime version>` as its container runtime
    answers the CRI's Version call (`cluster.kubelet(node).runtime.version()`); the node names
    are the Node objects' names (`cluster.client.list("v1", "Node")`).
    """
    out = {}
    for node in cluster.client.list("v1", "Node")["items"]:
        name = node["metadata"]["name"]
        v = cluster.kubelet(name).runtime.version()
        out[name] = f"{v.runtime_name}://{v.runtime_version}"
    return out
