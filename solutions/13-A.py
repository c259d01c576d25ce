"""solution 13-A: the etcd key of an object

Write etcd_key(obj): where in etcd the API server stores an object it returned to you.

The reference answer; `check("13-A", "solutions/13-A.py")` passes on it.

Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.
"""


def etcd_key(obj: dict) -> str:
    """The etcd key under which the API server keeps `obj` (an object as the API returns it).

    Cluster-scoped objects live at /registry/<resource>/<name>, namespaced ones at
    /registry/<resource>/<namespace>/<name>; <resource> is usually the lower-case plural of the
    kind, with a few historical exceptions: Services are kept under services/specs.
    """
    special = {"Service": "services/specs", "Endpoints": "services/endpoints", "Node": "minions"}
    kind = obj["kind"]
    resource = special.get(kind, kind.lower() + "s")
    meta = obj["metadata"]
    if meta.get("namespace"):
        return f"/registry/{resource}/{meta['namespace']}/{meta['name']}"
    return f"/registry/{resource}/{meta['name']}"
