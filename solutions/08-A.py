"""solution 08-A: least privilege: a Role for backend

Write backend_access(namespace): the Role and RoleBinding that let the user backend read pods
and deployments in one namespace, and nothing else.

The reference answer; `check("08-A", "solutions/08-A.py")` passes on it.

Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.
"""


def backend_access(namespace: str) -> list:
    """The RBAC objects (plain dicts, rbac.authorization.k8s.io/v1) that let the user `backend`
    read (get, list, watch) pods and deployments in `namespace`, and do nothing else: no writes,
    no other resources (not even pods/log), no other namespace. Use a Role and a RoleBinding.
    Remember which API group each resource lives in.
    """
    role = {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
            "metadata": {"name": "backend-role", "namespace": namespace},
            "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list", "watch"]},
                      {"apiGroups": ["apps"], "resources": ["deployments"], "verbs": ["get", "list", "watch"]}]}
    binding = {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
               "metadata": {"name": "backend-rolebinding", "namespace": namespace},
               "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "backend-role"},
               "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "backend"}]}
    return [role, binding]
