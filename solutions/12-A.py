"""solution 12-A: a Role and a RoleBinding: from 403 to 200

Write pod_reader(namespace, user): the Role and RoleBinding that let a user read pods and
their logs in one namespace, and nothing else.

The reference answer; `check("12-A", "solutions/12-A.py")` passes on it.

Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.
"""


def pod_reader(namespace: str, user: str) -> list:
    """The RBAC objects (plain dicts, rbac.authorization.k8s.io/v1) that let `user` get, list and
    watch pods and read their logs (the subresource pods/log) in `namespace`, and nothing more:
    not in other namespaces, not other resources, no writes. Use a Role and a RoleBinding.
    """
    role = {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
            "metadata": {"name": "pod-reader", "namespace": namespace},
            "rules": [{"apiGroups": [""], "resources": ["pods", "pods/log"], "verbs": ["get", "list", "watch"]}]}
    binding = {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
               "metadata": {"name": f"{user}-reads-pods", "namespace": namespace},
               "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "pod-reader"},
               "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": user}]}
    return [role, binding]
