"""The real kubectl against `k8slab up`: a validating webhook served over HTTPS from this process
(reached through an ExternalName Service, as webhook_client.py explains) refuses a pod, and kubectl
prints the refusal as it prints kube-apiserver's; an allowed request shows the webhook's warning."""

import json
import urllib.request

import pytest

from ..kubectl_harness import KUBECTL, Cluster
from .webhook_server import WebhookServer, allow, deny

pytestmark = pytest.mark.skipif(KUBECTL is None, reason="no kubectl on PATH")

POD = """apiVersion: v1
kind: Pod
metadata: {name: %s}
spec:
  containers: [{name: c, image: nginx}]
"""


def _post(c, path, obj):
    req = urllib.request.Request(c.url + path, json.dumps(obj).encode(), {"Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read())


def test_kubectl_prints_the_webhooks_refusal():
    srv = WebhookServer({"/validate": lambda r: deny(r, "pods named evil are not welcome here")
                         if r["name"] == "evil" else allow(r, warnings=["checked by the lab webhook"])})
    c = Cluster()
    try:
        _post(c, "/api/v1/namespaces/default/services", {
            "apiVersion": "v1", "kind": "Service", "metadata": {"name": "webhook"},
            "spec": {"type": "ExternalName", "externalName": "localhost"}})
        _post(c, "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations", {
            "apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingWebhookConfiguration",
            "metadata": {"name": "lab"},
            "webhooks": [{"name": "pods.lab.example.com", "sideEffects": "None", "admissionReviewVersions": ["v1"],
                          "clientConfig": {"caBundle": srv.ca_bundle, "service": {
                              "name": "webhook", "namespace": "default", "port": srv.port, "path": "/validate"}},
                          "rules": [{"operations": ["CREATE"], "apiGroups": [""], "apiVersions": ["v1"],
                                     "resources": ["pods"]}]}]})
        path = c.write("evil.yaml", POD % "evil")
        r = c.kubectl("create", "-f", path)
        assert r.rc == 1
        assert r.err.strip() == (f'Error from server: error when creating "{path}": admission webhook '
                                 f'"pods.lab.example.com" denied the request: pods named evil are not welcome here')
        r = c.kubectl("create", "-f", c.write("good.yaml", POD % "good"))
        assert r.rc == 0, r.err
        assert r.out.strip() == "pod/good created"
        assert r.err.strip() == "Warning: checked by the lab webhook"
        assert srv.requests[0][0] == "/validate?timeout=10s"
    finally:
        c.stop()
        srv.stop()
