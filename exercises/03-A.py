"""exercise 03-A: where an object lives in etcd

Write storage_key(resource, namespace, name): the etcd key kube-apiserver writes an object
to, with the three old names (minions, services/specs, services/endpoints).

Replace each `raise NotImplementedError` with your code, then run
`from k8slab.exercises import check; check("03-A")` in a notebook (or
`pytest tests/exercises -k 03-A` for the reference files).

Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.
"""


def storage_key(resource: str, namespace: str, name: str) -> str:
    """The etcd key under which kube-apiserver stores an object.

    The rule is /registry/<resource>/<namespace>/<name>, and /registry/<resource>/<name> for a
    cluster-scoped object (namespace ""). Three resources keep older names, from before they were
    renamed: nodes live under `minions`, services under `services/specs` and endpoints under
    `services/endpoints`.
    """
    raise NotImplementedError("exercise 03-A: your code here")
