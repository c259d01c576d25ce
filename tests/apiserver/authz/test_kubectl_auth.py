"""The installed kubectl, unchanged, against `k8slab up`: a user limited to one namespace by a Role
and RoleBinding, as the booklet's chapter 8 does, seen through `--as` (impersonation), `get`,
and `auth can-i` with and without `--list`."""

import pytest

from ..kubectl_harness import KUBECTL, Cluster

pytestmark = pytest.mark.skipif(KUBECTL is None, reason="no kubectl on PATH")

RBAC_YAML = """\
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: pod-reader
  namespace: work
rules:
- apiGroups: [""]
  resources: ["pods", "pods/log"]
  verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: backend-reads-pods
  namespace: work
subjects:
- kind: User
  name: backend
  apiGroup: rbac.authorization.k8s.io
roleRef:
  kind: Role
  name: pod-reader
  apiGroup: rbac.authorization.k8s.io
"""


@pytest.fixture(scope="module")
def lab():
    c = Cluster()
    try:
        assert c.kubectl("create", "namespace", "work").rc == 0
        yield c
    finally:
        c.stop()


def test_refused_then_allowed(lab):
    r = lab.kubectl("get", "pods", "-n", "work", "--as", "backend")
    assert r.rc == 1
    assert r.err.strip() == ('Error from server (Forbidden): pods is forbidden: User "backend" cannot list '
                             'resource "pods" in API group "" in the namespace "work"')
    assert lab.kubectl("auth", "can-i", "list", "pods", "-n", "work", "--as", "backend").out == "no\n"
    path = lab.write("rbac.yaml", RBAC_YAML)
    r = lab.kubectl("apply", "-f", path)
    assert r.rc == 0, r.err
    r = lab.kubectl("get", "pods", "-n", "work", "--as", "backend")
    assert r.rc == 0 and r.err.strip() == "No resources found in work namespace."
    r = lab.kubectl("auth", "can-i", "list", "pods", "-n", "work", "--as", "backend")
    assert (r.rc, r.out) == (0, "yes\n")
    r = lab.kubectl("auth", "can-i", "get", "pods", "--subresource=log", "-n", "work", "--as", "backend")
    assert r.out == "yes\n"
    r = lab.kubectl("auth", "can-i", "delete", "pods", "-n", "work", "--as", "backend")
    assert (r.rc, r.out) == (1, "no\n")
    r = lab.kubectl("auth", "can-i", "list", "pods", "-n", "default", "--as", "backend")
    assert r.out == "no\n"
    r = lab.kubectl("get", "secrets", "-n", "work", "--as", "backend")
    assert r.err.strip() == ('Error from server (Forbidden): secrets is forbidden: User "backend" cannot list '
                             'resource "secrets" in API group "" in the namespace "work"')
    r = lab.kubectl("get", "nodes", "--as", "backend")
    assert r.err.strip() == ('Error from server (Forbidden): nodes is forbidden: User "backend" cannot list '
                             'resource "nodes" in API group "" at the cluster scope')


def test_the_admin_can_do_anything(lab):
    assert lab.kubectl("auth", "can-i", "*", "*").out == "yes\n"
    assert lab.kubectl("auth", "can-i", "get", "/metrics").out == "yes\n"


def test_can_i_list(lab):
    lab.kubectl("apply", "-f", lab.write("rbac.yaml", RBAC_YAML))
    r = lab.kubectl("auth", "can-i", "--list", "-n", "work", "--as", "backend")
    assert r.rc == 0, r.err
    lines = [" ".join(line.split()) for line in r.out.splitlines()]
    assert lines[0] == "Resources Non-Resource URLs Resource Names Verbs"
    assert "pods [] [] [get list watch]" in lines
    assert "pods/log [] [] [get list watch]" in lines
    assert "selfsubjectaccessreviews.authorization.k8s.io [] [] [create]" in lines
    assert "[/healthz] [] [get]" in lines
    r = lab.kubectl("auth", "can-i", "--list", "-n", "default", "--as", "backend")
    assert not any(line.startswith("pods ") for line in r.out.splitlines())


def test_impersonating_a_group(lab):
    r = lab.kubectl("auth", "can-i", "create", "deployments", "-n", "work", "--as", "backend",
                    "--as-group", "system:masters")
    assert r.out == "yes\n"
