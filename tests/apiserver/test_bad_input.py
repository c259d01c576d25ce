"""Bad requests get upstream's status code, reason and message, and nothing is stored."""

import json

import pytest

from k8slab.apiserver.bootstrap import bootstrap
from k8slab.apiserver.handler import APIServer
from k8slab.apiserver.request import Request
from k8slab.sim.clock import VirtualClock

POD = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"},
       "spec": {"containers": [{"name": "web", "image": "nginx"}]}}


@pytest.fixture
def api():
    a = APIServer(clock=VirtualClock(), seed=1)
    bootstrap(a)
    # no serviceaccount controller runs here: the `default` account it would make, without which
    # the ServiceAccount admission plugin refuses a pod
    call(a, "POST", "/api/v1/namespaces/default/serviceaccounts",
         {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "default"}})
    return a


def call(api, method, url, body=b"", ct="application/json"):
    if not isinstance(body, bytes):
        body = json.dumps(body).encode()
    r = api.handle(Request.from_url(method, url, body=body, content_type=ct, in_process=True))
    return r.status, r.body


def refused(api, method, url, body=b"", ct="application/json"):
    """Make the request; return (code, reason, message) and check the store did not change."""
    before = api.store.revision
    code, status = call(api, method, url, body, ct)
    assert api.store.revision == before, "a refused request wrote to the store"
    assert status["kind"] == "Status" and status["status"] == "Failure" and status["code"] == code
    return code, status.get("reason"), status["message"]


PODS = "/api/v1/namespaces/default/pods"


def test_malformed_json_yaml_and_protobuf(api):
    assert refused(api, "POST", PODS, b"{bad") == (
        400, "BadRequest", "couldn't get version/kind; json parse error: invalid character 'b' "
                           "looking for beginning of object key string")
    code, reason, message = refused(api, "POST", PODS, b"kind: [unclosed", "application/yaml")
    assert (code, reason) == (400, "BadRequest") and message.startswith("error converting YAML to JSON")
    code, reason, message = refused(api, "POST", PODS, b"k8s\x00\x0a\xff\xff", "application/vnd.kubernetes.protobuf")
    assert (code, reason) == (400, "BadRequest")
    assert refused(api, "POST", PODS, b"[1,2]")[:2] == (400, "BadRequest")


def test_unknown_kinds_paths_and_media_types(api):
    assert refused(api, "GET", "/api/v1/namespaces/default/gizmos") == (
        404, "NotFound", "the server could not find the requested resource")
    assert refused(api, "GET", "/apis/nosuch.example.com/v1/things")[0] == 404
    assert refused(api, "POST", PODS, json.dumps(POD).encode(), "text/plain") == (
        415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted "
        "media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf")
    assert refused(api, "POST", PODS, {"apiVersion": "v1", "metadata": {"name": "x"}})[:2] == (400, "BadRequest")


def test_wrong_api_version_and_kind(api):
    dep = {"apiVersion": "apps/v1beta1", "kind": "Deployment", "metadata": {"name": "d"}}
    assert refused(api, "POST", "/apis/apps/v1/namespaces/default/deployments", dep) == (
        400, "BadRequest", "the API version in the data (apps/v1beta1) does not match the expected "
                           "API version (apps/v1)")
    svc = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}}
    code, reason, message = refused(api, "POST", PODS, svc)
    assert (code, reason) == (400, "BadRequest") and "Service" in message


def test_bodies_over_3_mib(api):
    big = {**POD, "metadata": {"name": "big", "annotations": {"a": "x" * (3 * 1024 * 1024)}}}
    assert refused(api, "POST", PODS, big) == (413, "RequestEntityTooLarge",
                                               "Request entity too large: limit is 3145728")


def test_invalid_names_and_required_fields(api):
    bad = {**POD, "metadata": {"name": "Bad_Name"}}
    code, reason, message = refused(api, "POST", PODS, bad)
    assert (code, reason) == (422, "Invalid")
    assert message.startswith('Pod "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": '
                              "a lowercase RFC 1123 subdomain must consist of")
    no_image = {**POD, "spec": {"containers": [{"name": "web"}]}}
    assert refused(api, "POST", PODS, no_image) == (
        422, "Invalid", 'Pod "web" is invalid: spec.containers[0].image: Required value')
    nameless = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {}}
    assert refused(api, "POST", "/api/v1/namespaces/default/configmaps", nameless) == (
        422, "Invalid", 'ConfigMap "" is invalid: metadata.name: Required value: name or '
                        'generateName is required')
    _, status = call(api, "POST", PODS, no_image)
    assert status["details"]["causes"] == [{"reason": "FieldValueRequired", "message": "Required value",
                                            "field": "spec.containers[0].image"}]


def test_conflicting_updates(api):
    cm = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"a": "1"}}
    code, created = call(api, "POST", "/api/v1/namespaces/default/configmaps", cm)
    assert code == 201
    first = {**created, "data": {"a": "2"}}
    assert call(api, "PUT", "/api/v1/namespaces/default/configmaps/c", first)[0] == 200
    stale = {**created, "data": {"a": "3"}}
    assert refused(api, "PUT", "/api/v1/namespaces/default/configmaps/c", stale) == (
        409, "Conflict", 'Operation cannot be fulfilled on configmaps "c": the object has been '
                         "modified; please apply your changes to the latest version and try again")
    assert refused(api, "POST", "/api/v1/namespaces/default/configmaps", cm) == (
        409, "AlreadyExists", 'configmaps "c" already exists')
    assert call(api, "GET", "/api/v1/namespaces/default/configmaps/c")[1]["data"] == {"a": "2"}


def test_missing_namespace_and_immortal_namespaces(api):
    assert refused(api, "POST", "/api/v1/namespaces/nowhere/pods", POD) == (
        404, "NotFound", 'namespaces "nowhere" not found')
    for ns in ("default", "kube-system", "kube-public"):
        assert refused(api, "DELETE", f"/api/v1/namespaces/{ns}") == (
            403, "Forbidden", f'namespaces "{ns}" is forbidden: this namespace may not be deleted')


def test_terminating_namespace_refuses_new_content(api):
    assert call(api, "POST", "/api/v1/namespaces",
                {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "t"}})[0] == 201
    call(api, "POST", "/api/v1/namespaces/t/serviceaccounts",
         {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "default"}})
    assert call(api, "POST", "/api/v1/namespaces/t/pods", POD)[0] == 201
    assert call(api, "DELETE", "/api/v1/namespaces/t")[1]["status"]["phase"] == "Terminating"
    code, reason, message = refused(api, "POST", "/api/v1/namespaces/t/configmaps",
                                    {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}})
    assert (code, reason) == (403, "Forbidden")
    assert message == ('configmaps "x" is forbidden: unable to create new content in namespace t '
                       'because it is being terminated')
    api.clock.advance(0)                               # the namespace cleanup runs
    assert call(api, "GET", "/api/v1/namespaces/t/pods/web")[0] == 404
    assert call(api, "GET", "/api/v1/namespaces/t")[0] == 404


def test_bad_selectors_and_resource_versions(api):
    code, reason, message = refused(api, "GET", PODS + "?fieldSelector=spec.bogus%3Dx")
    assert (code, reason) == (400, "BadRequest")
    assert message == ('Unable to find "v1, Resource=pods" that match label selector "", field '
                       'selector "spec.bogus=x": field label not supported: spec.bogus')
    assert refused(api, "GET", PODS + "?continue=garbage")[:2] == (400, "BadRequest")
    assert refused(api, "GET", PODS + "?limit=abc")[:2] == (400, "BadRequest")
