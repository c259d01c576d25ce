"""The decoder's type errors as the real kubectl and the python client show them (k8slab up)."""

import json

import pytest

from .kubectl_harness import KUBECTL, Cluster

pytestmark = pytest.mark.skipif(KUBECTL is None, reason="kubectl is not installed")

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: "3"
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: nginx}]}
"""
MESSAGE = ('Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go '
           'struct field DeploymentSpec.spec.replicas of type int32')


@pytest.fixture(scope="module")
def c():
    cluster = Cluster(version="1.32")
    yield cluster
    cluster.stop()


def test_kubectl_create_shows_the_decode_error(c):
    r = c.kubectl("create", "--validate=false", "-f", c.write("d.yaml", DEPLOYMENT))
    assert r.rc == 1
    assert r.err.strip() == f'Error from server (BadRequest): error when creating "{c.dir}/d.yaml": {MESSAGE}'
    assert c.kubectl("get", "deploy", "web").rc == 1
    r = c.kubectl("create", "--validate=false", "-f", c.write("ok.yaml", DEPLOYMENT.replace('"3"', "3")))
    assert r.rc == 0, r.text
    r = c.kubectl("patch", "deploy", "web", "--type=merge", "-p", '{"spec":{"replicas":"5"}}')
    assert r.rc == 1 and 'is invalid: patch: Invalid value: "{' in r.err
    assert r.err.rstrip().endswith("json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas"
                                   " of type int32")
    assert c.kubectl("get", "deploy", "web", "-o", "jsonpath={.spec.replicas}").out == "3"


def test_python_client_gets_the_same_status(c):
    from kubernetes import client
    conf = client.Configuration()
    conf.host = c.url
    rest = client.ApiClient(conf).rest_client   # the typed methods refuse replicas="3" before sending
    body = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "py"},
            "spec": {"replicas": "3", "selector": {"matchLabels": {"app": "web"}},
                     "template": {"metadata": {"labels": {"app": "web"}},
                                  "spec": {"containers": [{"name": "c", "image": "nginx"}]}}}}
    r = rest.request("POST", c.url + "/apis/apps/v1/namespaces/default/deployments",
                     headers={"Content-Type": "application/json", "Accept": "application/json"}, body=body)
    status = json.loads(r.read() if callable(getattr(r, "read", None)) else r.data)
    assert (r.status, status["reason"], status["message"]) == (400, "BadRequest", MESSAGE)
    with pytest.raises(client.ApiException) as e:
        client.AppsV1Api(client.ApiClient(conf)).read_namespaced_deployment("py", "default")
    assert e.value.status == 404
