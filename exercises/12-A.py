"""exercise 12-A: a Role and a RoleBinding: from 403 to 200

Write pod_reader(namespace, user): the Role and RoleBinding that let a user read pods and
their logs in one namespace, and nothing else.

Replace each `raise NotImplementedError` with your code, then run
`from k8slab.exercises import check; check("12-A")` in a notebook (or
`pytest tests/exercises -k 12-A` for the reference files).

Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.
"""


def pod_reader(namespace: str, user: str) -> list:
    """The RBAC objects (plain dicts, rbac.authorization.k8s.io/v1) that let `user` get, list and
    watch pods and read their logs (the subresource pods/log) in `namespace`, and nothing more:
    not in other namespaces, not other resources, no writes. Use a Role and a RoleBinding.
    """
    raise NotImplementedError("exercise 12-A: your code here")
