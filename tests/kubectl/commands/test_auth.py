"""kubectl auth can-i and whoami through Cluster.kubectl (in-process): the server's answers,
kubectl's warnings and exit codes (the real kubectl is compared in test_differential_nodecmds)."""

import pytest

from k8slab import Cluster

RBAC = """\
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: pod-reader, namespace: work}
rules:
- {apiGroups: [""], resources: [pods], verbs: [get, list]}
- {apiGroups: [apps], resources: [deployments], verbs: [get], resourceNames: [web]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: pod-reader, namespace: work}
subjects: [{kind: User, name: backend, apiGroup: rbac.authorization.k8s.io}]
roleRef: {kind: Role, name: pod-reader, apiGroup: rbac.authorization.k8s.io}
"""


@pytest.fixture(scope="module")
def cluster():
    c = Cluster(nodes=0, seed=0)
    c.kubectl("create namespace work")
    c.kubectl("create -f -", stdin=RBAC)
    return c


@pytest.mark.parametrize("cmd,rc,out,err", [
    ("auth can-i get pods", 0, "yes\n", ""),
    ("auth can-i get pods --as backend -n work", 0, "yes\n", ""),
    ("auth can-i delete pods --as backend -n work", 1, "no\n", ""),
    ("auth can-i get pods --as backend -n work -q", 0, "", ""),
    ("auth can-i get deploy/web --as backend -n work", 0, "yes\n", ""),
    ("auth can-i list foos", 0, "yes\n", "Warning: the server doesn't have a resource type 'foos'\n\n"),
    ("auth can-i frob nodes", 0, "yes\n",
     "Warning: resource 'nodes' is not namespace scoped\n\nWarning: verb 'frob' is not a known verb\n\n"),
    ("auth can-i get /x --subresource=y", 1, "", "error: --subresource can not be used with NonResourceURL\n"),
    ("auth can-i --list pods", 1, "", "error: list option must be specified with no arguments\n"),
    ("auth can-i get", 1, "", "error: you must specify two arguments: verb resource or verb "
                              "resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.\n"),
])
def test_can_i(cluster, cmd, rc, out, err):
    r = cluster.kubectl_result(cmd)
    assert (r.rc, r.out, r.err) == (rc, out, err)


def test_can_i_list(cluster):
    lines = cluster.kubectl("auth can-i --list --as backend -n work").splitlines()
    assert lines[0].split() == ["Resources", "Non-Resource", "URLs", "Resource", "Names", "Verbs"]
    # sorted by PolicyRule.String(): `Verbs:[create]` < `Verbs:[get list]` < `Verbs:[get],APIGroups:[]`
    # (non-resource URLs) < `Verbs:[get],APIGroups:[apps]`
    assert lines[1].split() == ["selfsubjectreviews.authentication.k8s.io", "[]", "[]", "[create]"]
    assert lines[4].split() == ["pods", "[]", "[]", "[get", "list]"]
    assert lines[5].split() == ["[/api/*]", "[]", "[get]"]
    assert lines[-1].split() == ["deployments.apps", "[]", "[web]", "[get]"]


def test_whoami(cluster):
    assert cluster.kubectl("auth whoami --as backend --as-group devs") == (
        "ATTRIBUTE   VALUE\nUsername    backend\nGroups      [devs system:authenticated]\n")
    assert cluster.kubectl("auth whoami -o jsonpath={.status.userInfo.username} --as backend") == "backend"
