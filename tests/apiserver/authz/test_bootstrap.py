"""The default policy written at startup, its reconciliation, and what the user-facing roles
allow: a matrix over view / edit / admin / cluster-admin x verbs x resources that follows the
"User-facing roles" table of the Kubernetes RBAC documentation."""

import pytest

from k8slab import Cluster
from k8slab.apiserver.authz.attributes import Attributes
from k8slab.apiserver.authz.bootstrap import cluster_role_bindings, cluster_roles, ensure_policy, role_bindings
from k8slab.apiserver.bootstrap import bootstrap
from k8slab.apiserver.handler import APIServer
from k8slab.client import APIClient, InProcessTransport

from .helpers import RBAC, RBAC_V1, binding, subject_user

LABEL = {"kubernetes.io/bootstrapping": "rbac-defaults"}
AUTOUPDATE = {"rbac.authorization.kubernetes.io/autoupdate": "true"}


@pytest.fixture(scope="module")
def cluster():
    """A control plane whose clusterrole-aggregation controller has filled admin, edit, view;
    one user per role, bound in namespace `work` (cluster-admin also cluster-wide as `root`)."""
    c = Cluster(nodes=0)
    c.client.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "work"}})
    for name in ("view", "edit", "admin", "cluster-admin"):
        c.client.create(binding(f"{name}-user", "work", "ClusterRole", name, subject_user(f"{name}-user")))
    c.client.create(binding("root", None, "ClusterRole", "cluster-admin", subject_user("root")))
    c.settle()
    return c


# ---- what is written -----------------------------------------------------------------------------

def test_defaults_are_labelled_and_annotated(cluster):
    for plural in ("clusterroles", "clusterrolebindings"):
        items = cluster.client.list(RBAC_V1, plural, labelSelector="kubernetes.io/bootstrapping=rbac-defaults")["items"]
        assert len(items) > 40
        for o in items:
            assert o["metadata"]["labels"].items() >= LABEL.items()
            assert o["metadata"]["annotations"] == AUTOUPDATE


def test_cluster_admin_is_bound_to_system_masters(cluster):
    b = cluster.client.get(RBAC_V1, "ClusterRoleBinding", "cluster-admin")
    assert b["subjects"] == [{"kind": "Group", "apiGroup": RBAC, "name": "system:masters"}]
    assert b["roleRef"] == {"apiGroup": RBAC, "kind": "ClusterRole", "name": "cluster-admin"}
    assert cluster.client.get(RBAC_V1, "ClusterRole", "cluster-admin")["rules"] == [
        {"verbs": ["*"], "apiGroups": ["*"], "resources": ["*"]}, {"verbs": ["*"], "nonResourceURLs": ["*"]}]


def test_the_named_roles_exist():
    names = {r["metadata"]["name"] for r in cluster_roles()}
    for n in ("cluster-admin", "admin", "edit", "view", "system:basic-user", "system:discovery",
              "system:public-info-viewer", "system:node", "system:kube-scheduler", "system:kube-controller-manager",
              "system:controller:deployment-controller", "system:controller:clusterrole-aggregation-controller",
              "system:aggregate-to-view"):
        assert n in names, n
    by_name = {b["metadata"]["name"]: b for b in cluster_role_bindings()}
    assert by_name["system:public-info-viewer"]["subjects"] == [
        {"kind": "Group", "apiGroup": RBAC, "name": "system:authenticated"},
        {"kind": "Group", "apiGroup": RBAC, "name": "system:unauthenticated"}]
    assert "subjects" not in by_name["system:node"]           # the Node authorizer grants it
    assert by_name["system:controller:deployment-controller"]["subjects"] == [
        {"kind": "ServiceAccount", "name": "deployment-controller", "namespace": "kube-system"}]
    assert {(b["metadata"]["namespace"], b["metadata"]["name"]) for b in role_bindings()} >= {
        ("kube-system", "system::leader-locking-kube-scheduler"), ("kube-public", "system:controller:bootstrap-signer")}


def test_aggregated_roles_start_empty_and_are_filled_by_the_controller(cluster):
    view = cluster.client.get(RBAC_V1, "ClusterRole", "view")
    assert view["aggregationRule"] == {"clusterRoleSelectors": [
        {"matchLabels": {"rbac.authorization.k8s.io/aggregate-to-view": "true"}}]}
    assert view["metadata"]["labels"]["rbac.authorization.k8s.io/aggregate-to-edit"] == "true"
    assert view["rules"] == cluster.client.get(RBAC_V1, "ClusterRole", "system:aggregate-to-view")["rules"]
    assert next(o for o in cluster_roles() if o["metadata"]["name"] == "view")["rules"] is None


def test_ensure_policy_is_idempotent_and_restores_what_was_removed():
    api = APIServer()
    bootstrap(api)
    admin = APIClient(InProcessTransport(api))
    assert ensure_policy(api)["created"] == 0
    basic = admin.get(RBAC_V1, "ClusterRole", "system:basic-user")
    basic["rules"] = basic["rules"][:1]
    admin.update(basic)
    b = admin.get(RBAC_V1, "ClusterRoleBinding", "system:discovery")
    b["subjects"] = []
    admin.update(b)
    admin.delete(RBAC_V1, "ClusterRole", "system:kube-dns")
    assert ensure_policy(api) == {"created": 1, "updated": 2, "unchanged": len(cluster_roles()) +
                                  len(cluster_role_bindings()) + len(role_bindings()) + 7 - 3}
    assert len(admin.get(RBAC_V1, "ClusterRole", "system:basic-user")["rules"]) == 2
    assert admin.get(RBAC_V1, "ClusterRoleBinding", "system:discovery")["subjects"][0]["name"] == "system:authenticated"


def test_autoupdate_false_protects_a_role():
    api = APIServer()
    bootstrap(api)
    admin = APIClient(InProcessTransport(api))
    basic = admin.get(RBAC_V1, "ClusterRole", "system:basic-user")
    basic["metadata"]["annotations"]["rbac.authorization.kubernetes.io/autoupdate"] = "false"
    basic["rules"] = []
    admin.update(basic)
    ensure_policy(api)
    assert admin.get(RBAC_V1, "ClusterRole", "system:basic-user")["rules"] == []


def test_no_policy_without_rbac():
    api = APIServer(authorization_mode="AlwaysAllow")
    bootstrap(api)
    assert APIClient(InProcessTransport(api)).list(RBAC_V1, "clusterroles")["items"] == []


# ---- the user-facing roles (docs: "User-facing roles") --------------------------------------------

READ = {"get", "list", "watch"}
WRITE = {"create", "update", "patch", "delete", "deletecollection"}
ALL = READ | WRITE

# resource (group, plural) -> what each role may do with it, inside the namespace it is bound in
ORDINARY = [("", "pods"), ("apps", "deployments"), ("apps", "statefulsets"), ("apps", "daemonsets"),
            ("apps", "replicasets"), ("", "services"), ("", "configmaps"), ("", "persistentvolumeclaims"),
            ("", "serviceaccounts"), ("", "replicationcontrollers"), ("batch", "jobs"), ("batch", "cronjobs"),
            ("autoscaling", "horizontalpodautoscalers"), ("networking.k8s.io", "ingresses"),
            ("networking.k8s.io", "networkpolicies"), ("policy", "poddisruptionbudgets")]


def expected(role: str, group: str, resource: str, verb: str) -> bool:
    if role == "cluster-admin":
        return True                                  # full control within the namespace, itself included
    ordinary = (group, resource) in ORDINARY
    if (group, resource) == ("", "secrets"):         # view may not read Secrets; edit and admin may
        return role in ("edit", "admin")
    if group == RBAC and resource in ("roles", "rolebindings"):
        return role == "admin"                       # only admin manages roles and bindings
    if (group, resource) in (("", "resourcequotas"), ("", "limitranges"), ("", "namespaces")):
        return verb in READ                          # nobody but cluster-admin writes quota or the namespace
    if (group, resource) in (("", "endpoints"), ("discovery.k8s.io", "endpointslices")):
        return verb in READ                          # no write to Endpoints for edit/admin since v1.22
    if (group, resource) in (("", "pods/log"), ("apps", "deployments/status")):
        return verb in READ
    if (group, resource) in (("", "pods/exec"), ("", "pods/portforward")):
        return role in ("edit", "admin") and verb in ("get", "create")
    if (group, resource) == ("apps", "deployments/scale"):    # scaling is editing
        return verb in READ or role in ("edit", "admin")
    if ordinary:
        return verb in READ or role in ("edit", "admin")
    raise AssertionError(f"no expectation for {group}/{resource}")


MATRIX_RESOURCES = ORDINARY + [("", "secrets"), (RBAC, "roles"), (RBAC, "rolebindings"), ("", "resourcequotas"),
                               ("", "limitranges"), ("", "namespaces"), ("", "endpoints"),
                               ("discovery.k8s.io", "endpointslices"), ("", "pods/log"), ("", "pods/exec"),
                               ("", "pods/portforward"), ("apps", "deployments/scale"), ("apps", "deployments/status")]
VERBS = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"]


@pytest.mark.parametrize("role", ["view", "edit", "admin", "cluster-admin"])
def test_user_facing_roles_matrix(cluster, role):
    who = {"username": f"{role}-user", "groups": ["system:authenticated"]}
    wrong = []
    for group, resource in MATRIX_RESOURCES:
        plural, _, sub = resource.partition("/")
        for verb in VERBS:
            if sub and verb in ("list", "watch", "deletecollection"):
                continue
            if sub in ("exec", "portforward") and verb not in ("get", "create"):
                continue
            name = "work" if plural == "namespaces" else ("x" if sub else "")
            attrs = Attributes(who, verb, namespace="work", api_group=group, resource=plural, subresource=sub,
                               name=name)
            got = cluster.api.authz.authorize(attrs, record=False).allowed
            if got != expected(role, group, resource, verb):
                wrong.append(f"{verb} {group}/{resource}: {got}")
    assert wrong == []


@pytest.mark.parametrize("role", ["view", "edit", "admin", "cluster-admin"])
def test_a_rolebinding_stays_in_its_namespace(cluster, role):
    who = {"username": f"{role}-user", "groups": ["system:authenticated"]}
    for attrs in (Attributes(who, "get", namespace="default", resource="pods", name="p"),
                  Attributes(who, "list", resource="nodes"),
                  Attributes(who, "get", resource="namespaces", name="default", namespace="default"),
                  Attributes(who, "create", resource="namespaces")):
        assert not cluster.api.authz.authorize(attrs, record=False).allowed, attrs


def test_cluster_admin_through_a_clusterrolebinding_may_do_anything(cluster):
    root = {"username": "root", "groups": ["system:authenticated"]}
    for attrs in (Attributes(root, "delete", resource="nodes", name="n"),
                  Attributes(root, "create", resource="namespaces"),
                  Attributes(root, "get", resource_request=False, path="/metrics"),
                  Attributes(root, "escalate", api_group=RBAC, resource="clusterroles")):
        d = cluster.api.authz.authorize(attrs, record=False)
        assert d.allowed and d.binding == 'ClusterRoleBinding "root" of ClusterRole "cluster-admin" to User "root"'
