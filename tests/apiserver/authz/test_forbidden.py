"""403 messages and details, word for word as responsewriters.Forbidden and NewForbidden write them."""

from k8slab.apiserver.authz.attributes import Attributes
from k8slab.apiserver.authz.forbidden import forbidden

BACKEND = {"username": "backend", "groups": ["system:authenticated"]}


def status(attrs, reason=""):
    return forbidden(attrs, reason).status()


def test_namespaced_list():
    s = status(Attributes(BACKEND, "list", namespace="work", api_version="v1", resource="pods"))
    assert s == {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                 "message": 'pods is forbidden: User "backend" cannot list resource "pods" in API group "" '
                            'in the namespace "work"',
                 "reason": "Forbidden", "details": {"kind": "pods"}, "code": 403}


def test_named_resource_and_group():
    s = status(Attributes(BACKEND, "get", namespace="x", api_group="apps", resource="deployments", name="d"))
    assert s["message"] == ('deployments.apps "d" is forbidden: User "backend" cannot get resource '
                            '"deployments" in API group "apps" in the namespace "x"')
    assert s["details"] == {"name": "d", "group": "apps", "kind": "deployments"}


def test_subresource_names_the_pair_but_details_the_resource():
    s = status(Attributes(BACKEND, "create", namespace="x", resource="pods", subresource="exec", name="p"))
    assert s["message"] == ('pods "p" is forbidden: User "backend" cannot create resource "pods/exec" in '
                            'API group "" in the namespace "x"')
    assert s["details"] == {"name": "p", "kind": "pods"}


def test_cluster_scope():
    s = status(Attributes(BACKEND, "list", resource="nodes"))
    assert s["message"] == ('nodes is forbidden: User "backend" cannot list resource "nodes" in API group "" '
                            'at the cluster scope')


def test_path():
    s = status(Attributes(BACKEND, "get", resource_request=False, path="/healthz"))
    assert s["message"] == 'forbidden: User "backend" cannot get path "/healthz"'
    assert s["details"] == {}


def test_reason_follows_after_a_colon():
    s = status(Attributes(BACKEND, "list", namespace="w", resource="pods"), "Everything is forbidden.")
    assert s["message"].endswith('in the namespace "w": Everything is forbidden.')
