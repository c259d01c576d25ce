"""Under the v1.11 book profile, the booklet's legacy manifests go in unchanged with today's
kubectl: discovery lists extensions/v1beta1 and apps/v1beta1/v1beta2, objects are stored as
today's versions and answered in the version asked for."""

import pytest

from .kubectl_harness import KUBECTL, Cluster

pytestmark = pytest.mark.skipif(KUBECTL is None, reason="no kubectl on PATH")

REDIS_V111 = """\
apiVersion: extensions/v1beta1
kind: Deployment
metadata:
  name: redis
  namespace: work
spec:
  template:
    metadata:
      labels:
        app: redis
    spec:
      containers:
      - name: redis
        image: redis:alpine
"""

INGRESS_V111 = """\
apiVersion: extensions/v1beta1
kind: Ingress
metadata:
  name: saythx-ing
  namespace: work
spec:
  rules:
  - host: saythx.example
    http:
      paths:
      - path: /
        backend:
          serviceName: saythx-frontend
          servicePort: 80
"""


@pytest.fixture(scope="module")
def book():
    c = Cluster(version="1.32", extra=["--profile", "book"])
    assert c.kubectl("create", "ns", "work").rc == 0
    yield c
    c.stop()


def test_legacy_deployment_is_created_as_the_booklet_shows(book):
    r = book.kubectl("apply", "-f", book.write("redis.yaml", REDIS_V111))
    assert r.rc == 0 and r.out.strip() == "deployment.extensions/redis created", r.text
    # stored as today's apps/v1, selector defaulted from the template labels as v1beta1 did
    r = book.kubectl("-n", "work", "get", "deployments.apps", "redis", "-o",
                     "jsonpath={.apiVersion} {.spec.selector.matchLabels.app}")
    assert r.out == "apps/v1 redis"
    r = book.kubectl("-n", "work", "scale", "deployments.extensions/redis", "--replicas=2")
    assert r.rc == 0 and "deployment.extensions/redis scaled" in r.out


def test_legacy_ingress_is_converted_and_answered_back(book):
    r = book.kubectl("apply", "-f", book.write("ing.yaml", INGRESS_V111))
    assert r.rc == 0 and r.out.strip() == "ingress.extensions/saythx-ing created", r.text
    r = book.kubectl("-n", "work", "get", "ingresses.networking.k8s.io", "saythx-ing", "-o",
                     "jsonpath={.spec.rules[0].http.paths[0].backend.service.name}:"
                     "{.spec.rules[0].http.paths[0].backend.service.port.number}")
    assert r.out == "saythx-frontend:80"
    r = book.kubectl("-n", "work", "get", "ingresses.extensions", "saythx-ing", "-o",
                     "jsonpath={.spec.rules[0].http.paths[0].backend.serviceName}")
    assert r.out == "saythx-frontend"


def test_current_profile_refuses_them_as_todays_kubectl_reports():
    c = Cluster(version="1.32")
    try:
        assert c.kubectl("create", "ns", "work").rc == 0
        r = c.kubectl("apply", "-f", c.write("redis.yaml", REDIS_V111))
        assert r.rc == 1
        assert 'no matches for kind "Deployment" in version "extensions/v1beta1"' in r.err
    finally:
        c.stop()
