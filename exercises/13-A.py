"""exercise 13-A: the etcd key of an object

Write etcd_key(obj): where in etcd the API server stores an object it returned to you.

Replace each `raise NotImplementedError` with your code, then run
`from k8slab.exercises import check; check("13-A")` in a notebook (or
`pytest tests/exercises -k 13-A` for the reference files).

Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.
"""


def etcd_key(obj: dict) -> str:
    """The etcd key under which the API server keeps `obj` (an object as the API returns it).

    Cluster-scoped objects live at /registry/<resource>/<name>, namespaced ones at
    /registry/<resource>/<namespace>/<name>; <resource> is usually the lower-case plural of the
    kind, with a few historical exceptions: Services are kept under services/specs.
    """
    raise NotImplementedError("exercise 13-A: your code here")
