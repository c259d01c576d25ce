"""Request -> authorizer.Attributes, as GetAuthorizerAttributes and RequestInfoFactory make them."""

from k8slab.apiserver.authz.attributes import from_request, from_spec, name_from_field_selector
from k8slab.apiserver.request import parse_path

U = {"username": "u", "groups": []}


def attrs(method, url):
    path, _, qs = url.partition("?")
    query = dict(p.split("=", 1) for p in qs.split("&") if p)
    return from_request(U, method, path, query, parse_path(method, path.rstrip("/"), query))


def test_verbs_from_methods():
    assert attrs("GET", "/api/v1/namespaces/work/pods").verb == "list"
    assert attrs("GET", "/api/v1/namespaces/work/pods?watch=true").verb == "watch"
    assert attrs("GET", "/api/v1/namespaces/work/pods/p").verb == "get"
    assert attrs("POST", "/api/v1/namespaces/work/pods").verb == "create"
    assert attrs("PUT", "/api/v1/namespaces/work/pods/p").verb == "update"
    assert attrs("PATCH", "/api/v1/namespaces/work/pods/p").verb == "patch"
    assert attrs("DELETE", "/api/v1/namespaces/work/pods/p").verb == "delete"
    assert attrs("DELETE", "/api/v1/namespaces/work/pods").verb == "deletecollection"


def test_resource_parts():
    a = attrs("POST", "/api/v1/namespaces/work/pods/p/exec")
    assert (a.api_group, a.api_version, a.resource, a.subresource, a.name, a.namespace) == \
        ("", "v1", "pods", "exec", "p", "work")
    assert a.combined_resource == "pods/exec" and a.resource_request
    a = attrs("PUT", "/apis/apps/v1/namespaces/work/deployments/d/scale")
    assert (a.api_group, a.resource, a.subresource) == ("apps", "deployments", "scale")
    a = attrs("GET", "/api/v1/nodes")
    assert (a.verb, a.resource, a.namespace) == ("list", "nodes", "")


def test_a_namespace_lies_in_itself():
    a = attrs("GET", "/api/v1/namespaces/work")
    assert (a.resource, a.name, a.namespace) == ("namespaces", "work", "work")
    a = attrs("PUT", "/api/v1/namespaces/work/finalize")
    assert (a.resource, a.subresource, a.namespace) == ("namespaces", "finalize", "work")
    assert attrs("GET", "/api/v1/namespaces").namespace == ""


def test_a_list_pinned_to_one_name_is_authorized_for_that_name():
    a = attrs("GET", "/api/v1/namespaces/work/secrets?fieldSelector=metadata.name%3Ds1")
    assert a.verb == "list" and a.name == ""           # the query arrives decoded in real requests
    a = from_request(U, "GET", "/api/v1/namespaces/work/secrets", {"fieldSelector": "metadata.name=s1"},
                     parse_path("GET", "/api/v1/namespaces/work/secrets", {}))
    assert (a.verb, a.name) == ("list", "s1")
    assert name_from_field_selector("spec.nodeName=n1,metadata.name==x") == "x"
    assert name_from_field_selector("metadata.name!=x") == ""


def test_non_resource_requests_keep_the_raw_path_and_method():
    for method, path in (("GET", "/healthz"), ("GET", "/version/"), ("GET", "/api"), ("GET", "/apis/apps"),
                         ("POST", "/logs"), ("GET", "/api/v1")):
        a = attrs(method, path)
        assert not a.resource_request
        assert (a.verb, a.path) == (method.lower(), path)


def test_from_spec():
    a = from_spec(U, {"resourceAttributes": {"namespace": "work", "verb": "get", "resource": "pods",
                                             "subresource": "log", "name": "p"}})
    assert (a.verb, a.resource, a.subresource, a.name, a.namespace) == ("get", "pods", "log", "p", "work")
    a = from_spec(U, {"nonResourceAttributes": {"path": "/healthz", "verb": "get"}})
    assert not a.resource_request and a.path == "/healthz"
    assert a.to_dict() == {"path": "/healthz", "verb": "get"}
