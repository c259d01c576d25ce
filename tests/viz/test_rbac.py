"""RBACMatrix and bindings_graph, headless: values, callbacks, children, text; every
cell checked against what the server answers kubectl auth can-i."""

import pytest

from k8slab import Cluster
from k8slab.apiserver.authn import Authenticator
from k8slab.apiserver.authn.tokenfile import TokenFileAuthenticator
from k8slab.viz import RBACMatrix, bindings_graph
from k8slab.viz.rbac import Column, subject_label, subject_user

MANIFESTS = """
kind: Role
apiVersion: rbac.authorization.k8s.io/v1
metadata: {namespace: work, name: backend-role}
rules:
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["get"]
---
kind: RoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: backend-rolebinding, namespace: work}
subjects:
- {kind: User, name: backend, apiGroup: ""}
roleRef: {kind: Role, name: backend-role, apiGroup: ""}
---
kind: ClusterRoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: dev-view}
subjects:
- {kind: Group, name: dev, apiGroup: rbac.authorization.k8s.io}
roleRef: {kind: ClusterRole, name: view, apiGroup: rbac.authorization.k8s.io}
---
kind: RoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: robot-edit, namespace: work}
subjects:
- {kind: ServiceAccount, name: robot}
roleRef: {kind: ClusterRole, name: edit, apiGroup: rbac.authorization.k8s.io}
"""


@pytest.fixture(scope="module")
def cluster():
    c = Cluster(nodes=0, seed=0)        # the controller-manager fills the aggregated roles (view, edit)
    c.api.authenticator = Authenticator(c.api)
    c.api.authenticator.token_authenticators.insert(0, TokenFileAuthenticator.from_text("t-backend,backend,1\n"))
    c.kubectl("create namespace work")
    c.kubectl("create namespace other")
    c.apply(MANIFESTS)
    c.settle()
    return c


def test_matrix_rows_columns_and_cells_agree_with_the_server(cluster):
    m = RBACMatrix(cluster, "work", verbs=("get", "list", "delete"), resources=("pods", "deploy"))
    assert [subject_label(r) for r in m.rows] == ["User backend", "Group dev", "ServiceAccount work/robot"]
    assert [c.label for c in m.columns] == ["get pods", "list pods", "delete pods", "get deployments.apps",
                                            "list deployments.apps", "delete deployments.apps"]
    for row in m.rows:
        user = subject_user(row)
        as_flags = f"--as={user['username']}" if user["username"] else "--as=nobody"
        as_flags += "".join(f" --as-group={g}" for g in user["groups"])
        for col in m.columns:
            verb, resource = col.label.split(" ")
            answer = cluster.kubectl(f"auth can-i {verb} {resource} -n work {as_flags}").split("\n")[0]
            d = m.cell(subject_label(row), verb, resource)
            assert answer == ("yes" if d.allowed else "no"), (row, col.label)
    assert m.cell("User backend", "get", "deployments.apps").allowed
    assert not m.cell("User backend", "list", "deployments.apps").allowed
    assert m.cell("ServiceAccount work/robot", "delete", "pods").allowed
    text = m.text().splitlines()
    assert text[0] == "who can do what in namespace work (--authorization-mode=Node,RBAC)"
    assert text[1].split() == ["SUBJECT", "get", "pods", "list", "pods", "delete", "pods", "get",
                               "deployments.apps", "list", "deployments.apps", "delete", "deployments.apps"]
    assert text[2].split() == ["User", "backend", "yes", "[1]", "yes", "[1]", "no", "yes", "[1]", "no", "no"]
    assert text[-3:] == ['[1] RoleBinding "backend-rolebinding/work" of Role "backend-role" to User "backend"',
                         '[2] ClusterRoleBinding "dev-view" of ClusterRole "view" to Group "dev"',
                         '[3] RoleBinding "robot-edit/work" of ClusterRole "edit" to ServiceAccount "robot/work"']
    assert "yes <sup>1</sup>" in m.table.value and "<sup>3</sup> RoleBinding" in m.legend.value


def test_matrix_questions_are_not_recorded(cluster):
    before = len(cluster.api.authz.last_decisions)
    RBACMatrix(cluster, "work")
    assert len(cluster.api.authz.last_decisions) == before


def test_matrix_widget_callbacks(cluster):
    m = RBACMatrix(cluster, "work", verbs=("get",), resources=("pods",))
    hbox1, hbox2, table, legend = m.widget.children
    assert hbox1.children == (m.namespace_box, m.verbs_box) and table is m.table and legend is m.legend
    assert hbox2.children == (m.resources_box, m.system_box, m.refresh_button)
    assert {"work", "other", "default", "kube-system"} <= set(m.namespace_box.options)
    m.verbs_box.value = ("get", "delete")                       # what a click does
    assert [c.label for c in m.columns] == ["get pods", "delete pods"]
    m.resources_box.value = "pods, secrets"
    assert [c.label for c in m.columns] == ["get pods", "delete pods", "get secrets", "delete secrets"]
    rows = len(m.rows)
    m.system_box.value = True
    assert len(m.rows) > rows and "Group system:masters" in [subject_label(r) for r in m.rows]
    assert m.cell("Group system:masters", "delete", "secrets").authorizer == "PrivilegedGroups"
    m.system_box.value = False
    m.namespace_box.value = "other"                             # no RoleBinding there
    assert [subject_label(r) for r in m.rows] == ["Group dev"]
    m.add_subject({"username": "backend", "groups": ["dev", "system:authenticated"]})
    assert [subject_label(r) for r in m.rows] == ["Group dev", "backend (dev)"]
    assert m.cell("backend (dev)", "get", "pods").allowed        # through the group's ClusterRoleBinding
    assert not m.cell("backend (dev)", "delete", "pods").allowed
    bundle = m._repr_mimebundle_()
    assert bundle["text/plain"] == m.text()


def test_column_words():
    c = Cluster(nodes=0, seed=0, control_plane=False, start=False)
    assert (Column(c.api, "get", "deploy").label, Column(c.api, "get", "deploy").group) == ("get deployments.apps", "apps")
    col = Column(c.api, "get", "pods/log")
    assert (col.resource, col.subresource, col.label) == ("pods", "log", "get pods/log")
    node = Column(c.api, "list", "nodes")
    assert not node.namespaced and node.attributes({"username": "u"}, "work").namespace == ""


def test_bindings_graph(cluster):
    g = bindings_graph(cluster, "work")
    assert g.text().splitlines() == [
        "RBAC in namespace work: subject -> binding -> role",
        "  Group dev -> ClusterRoleBinding dev-view: subject",
        "  ClusterRoleBinding dev-view -> ClusterRole view: roleRef",
        "  User backend -> RoleBinding backend-rolebinding: subject",
        "  RoleBinding backend-rolebinding -> Role backend-role: roleRef",
        "  ServiceAccount work/robot -> RoleBinding robot-edit: subject",
        "  RoleBinding robot-edit -> ClusterRole edit: roleRef"]
    assert len(bindings_graph(cluster, "work", system=True).edges) > 20
