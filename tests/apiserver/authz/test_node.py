"""The Node authorizer (simplified: relationships found by walking the node's pods)."""

import pytest

from k8slab.apiserver.authz.attributes import Attributes
from k8slab.apiserver.authz.node import node_identity
from k8slab.apiserver.bootstrap import bootstrap
from k8slab.apiserver.handler import APIServer
from k8slab.client import APIClient, InProcessTransport

from .helpers import call

N1 = {"username": "system:node:n1", "groups": ["system:nodes", "system:authenticated"]}


def pod(name, node, **spec):
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": "work"},
            "spec": {"nodeName": node, "containers": [{"name": "c", "image": "nginx", **spec.pop("container", {})}],
                     **spec}}


@pytest.fixture(scope="module")
def api():
    api = APIServer()
    bootstrap(api)
    admin = APIClient(InProcessTransport(api))
    admin.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "work"}})
    # no controller-manager here: the account the ServiceAccount admission plugin requires
    admin.create({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "default", "namespace": "work"}})
    for name in ("mounted", "env", "pull", "unused"):
        admin.create({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": name, "namespace": "work"}})
    admin.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings", "namespace": "work"}})
    admin.create(pod("web", "n1", volumes=[{"name": "s", "secret": {"secretName": "mounted"}},
                                           {"name": "c", "configMap": {"name": "settings"}}],
                     imagePullSecrets=[{"name": "pull"}],
                     container={"env": [{"name": "E", "valueFrom": {"secretKeyRef": {"name": "env", "key": "k"}}}]}))
    admin.create(pod("elsewhere", "n2", volumes=[{"name": "s", "secret": {"secretName": "unused"}}]))
    return api


def ask(api, verb, resource, ns="work", name="", group="", sub="", fields=""):
    return api.authz.authorize(Attributes(N1, verb, namespace=ns, api_group=group, resource=resource,
                                          subresource=sub, name=name, field_selector=fields), record=False)


def test_node_identity():
    assert node_identity(N1) == ("n1", True)
    assert node_identity({"username": "system:node:n1", "groups": []}) == ("", False)
    assert node_identity({"username": "alice", "groups": ["system:nodes"]}) == ("", False)


@pytest.mark.parametrize("name", ["mounted", "env", "pull"])
def test_secrets_its_pods_use(api, name):
    d = ask(api, "get", "secrets", name=name)
    assert d.allowed and d.authorizer == "Node" and d.note == "pod work/web uses it"


def test_secrets_it_has_no_pod_for(api):
    d = ask(api, "get", "secrets", name="unused")
    assert not d.allowed
    resp = call(api, "GET", "/api/v1/namespaces/work/secrets/unused", as_user=N1)
    assert resp.status == 403
    assert resp.body["message"] == ('secrets "unused" is forbidden: User "system:node:n1" cannot get resource '
                                    '"secrets" in API group "" in the namespace "work": no relationship found '
                                    "between node 'n1' and this object")


def test_reading_secrets_is_per_object(api):
    assert ask(api, "list", "secrets").reason == "No Object name found"
    assert ask(api, "list", "secrets", name="mounted").allowed              # fieldSelector metadata.name
    assert ask(api, "delete", "secrets", name="mounted").reason == "can only read resources of this type"
    assert ask(api, "get", "configmaps", name="settings").allowed


def test_pods(api):
    assert ask(api, "get", "pods", name="web").allowed
    assert ask(api, "get", "pods", name="elsewhere").reason == "no relationship found between node 'n1' and this object"
    assert ask(api, "list", "pods", ns="", fields="spec.nodeName=n1").allowed
    assert ask(api, "list", "pods", ns="").reason == "can only list/watch pods with spec.nodeName field selector"
    assert ask(api, "update", "pods", name="web", sub="status").allowed          # the system:node rules


def test_its_own_node_and_lease(api):
    assert ask(api, "get", "nodes", ns="", name="n1").allowed
    assert ask(api, "get", "nodes", ns="", name="n2").reason == "node 'n1' cannot read 'n2', only its own Node object"
    assert ask(api, "create", "nodes", ns="").allowed
    assert ask(api, "update", "leases", ns="kube-node-lease", name="n1", group="coordination.k8s.io").allowed
    assert ask(api, "update", "leases", ns="kube-node-lease", name="n2", group="coordination.k8s.io").reason == \
        "can only access node lease with the same name as the requesting node"
    assert ask(api, "get", "leases", ns="default", name="n1", group="coordination.k8s.io").reason == \
        'can only access leases in the "kube-node-lease" system namespace'


def test_everything_else_falls_to_rbac(api):
    d = ask(api, "create", "deployments", group="apps")
    assert not d.allowed and [t[0] for t in d.trail] == ["PrivilegedGroups", "Node", "RBAC"]
    assert ask(api, "create", "events").allowed                              # system:node rules
    assert not node_identity({"username": "bob", "groups": []})[1]
