"""exercise 08-A: least privilege: a Role for backend

Write backend_access(namespace): the Role and RoleBinding that let the user backend read pods
and deployments in one namespace, and nothing else.

Replace each `raise NotImplementedError` with your code, then run
`from k8slab.exercises import check; check("08-A")` in a notebook (or
`pytest tests/exercises -k 08-A` for the reference files).

Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.
"""


def backend_access(namespace: str) -> list:
    """The RBAC objects (plain dicts, rbac.authorization.k8s.io/v1) that let the user `backend`
    read (get, list, watch) pods and deployments in `namespace`, and do nothing else: no writes,
    no other resources (not even pods/log), no other namespace. Use a Role and a RoleBinding.
    Remember which API group each resource lives in.
    """
    raise NotImplementedError("exercise 08-A: your code here")
