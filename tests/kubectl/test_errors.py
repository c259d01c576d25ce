"""kubectl's error texts (cmdutil.CheckErr) and the REST client's errors for replies."""

from k8slab.kubectl.client import RESTClient, encode_query, parse_warnings
from k8slab.kubectl.errors import StatusError, no_resource_type
from k8slab.kubectl.transport import Reply


def test_status_errors():
    assert StatusError({"reason": "NotFound", "message": 'pods "x" not found'}).text() == \
        'Error from server (NotFound): pods "x" not found'
    assert StatusError({"message": "boom"}, 500).text() == "Error from server: boom"
    assert StatusError({"reason": "Unauthorized", "message": "Unauthorized"}).text() == \
        "error: You must be logged in to the server (Unauthorized)"


def test_invalid_errors_list_their_causes():
    status = {"reason": "Invalid", "code": 422, "message": "...",
              "details": {"kind": "Pod", "name": "x", "causes": [
                  {"field": "spec.containers", "message": "Required value"}]}}
    assert StatusError(status).text() == 'The Pod "x" is invalid: spec.containers: Required value'
    assert StatusError({"reason": "Invalid", "code": 422, "details": {}}).text() == "The request is invalid"


def test_generic_errors_for_bodies_that_are_not_status():
    e = RESTClient.error(Reply(404, "Not Found", [], b"404 page not found", content_type="text/plain"))
    assert e.text() == "Error from server (NotFound): the server could not find the requested resource"
    e = RESTClient.error(Reply(503, "", [], b"", content_type="text/plain"))
    assert e.text() == "Error from server (ServiceUnavailable): the server is currently unable to handle the request"


def test_no_resource_type_forms():
    assert no_resource_type("x").message == 'error: the server doesn\'t have a resource type "x"'
    assert no_resource_type("x", "apps", "v1").message == \
        'error: the server doesn\'t have a resource type "x" in group "apps" and version "v1"'


def test_query_encoding_and_warnings():
    assert encode_query({"limit": "500", "labelSelector": "app=web,tier in (a,b)"}) == \
        "labelSelector=app%3Dweb%2Ctier+in+%28a%2Cb%29&limit=500"
    assert parse_warnings('299 - "a", 299 - "b \\"c\\""') == ["a", 'b "c"']
