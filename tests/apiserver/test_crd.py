"""CustomResourceDefinitions with the real kubectl: a CRD makes its resource served (discovery,
printer columns, schema validation, explain), and deleting it removes it and its objects."""

import pytest

from .kubectl_harness import KUBECTL, Cluster

pytestmark = pytest.mark.skipif(KUBECTL is None, reason="no kubectl on PATH")

CRD = """\
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: crontabs.stable.example.com
spec:
  group: stable.example.com
  scope: Namespaced
  names: {plural: crontabs, singular: crontab, kind: CronTab, shortNames: [ct]}
  versions:
  - name: v1
    served: true
    storage: true
    additionalPrinterColumns:
    - {name: Spec, type: string, jsonPath: .spec.cronSpec}
    - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              cronSpec: {type: string}
              image: {type: string}
"""

CRONTAB = """\
apiVersion: stable.example.com/v1
kind: CronTab
metadata: {name: my-cron}
spec: {cronSpec: "* * * * */5", image: my-awesome-cron-image}
"""


@pytest.fixture(scope="module")
def c():
    cluster = Cluster(version="1.32")
    yield cluster
    cluster.stop()


def test_crd_lifecycle(c):
    r = c.kubectl("apply", "-f", c.write("crd.yaml", CRD))
    assert r.out.strip() == "customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com created", r.text
    r = c.kubectl("get", "crd", "crontabs.stable.example.com", "-o",
                  "jsonpath={.status.conditions[?(@.type=='Established')].status} {.status.acceptedNames.kind}")
    assert r.out == "True CronTab"
    r = c.kubectl("apply", "-f", c.write("ct.yaml", CRONTAB))
    assert r.out.strip() == "crontab.stable.example.com/my-cron created", r.text
    table = c.kubectl("get", "ct").out.splitlines()
    assert table[0].split() == ["NAME", "SPEC", "AGE"] and table[1].split()[:6] == ["my-cron", "*", "*", "*", "*", "*/5"]
    r = c.kubectl("apply", "-f", c.write("bad.yaml", CRONTAB.replace("image:", "imagee:")))
    assert r.rc == 1 and 'strict decoding error: unknown field "spec.imagee"' in r.err
    r = c.kubectl("patch", "ct", "my-cron", "-p", '{"spec":{"image":"x"}}')
    assert r.rc == 1 and "application/strategic-merge-patch+json is not supported" in r.err
    r = c.kubectl("patch", "ct", "my-cron", "--type=merge", "-p", '{"spec":{"image":"x"}}')
    assert r.rc == 0 and "crontab.stable.example.com/my-cron patched" in r.out
    assert "KIND:       CronTab" in c.kubectl("explain", "crontab").out
    r = c.kubectl("delete", "crd", "crontabs.stable.example.com")
    assert r.out.strip() == 'customresourcedefinition.apiextensions.k8s.io "crontabs.stable.example.com" deleted'
    r = c.kubectl("get", "crd")
    assert "crontabs" not in r.out
    r = c.kubectl("get", "--raw", "/apis/stable.example.com/v1/namespaces/default/crontabs")
    assert r.rc == 1 and "NotFound" in r.err


def test_invalid_crd_is_refused(c):
    bad = CRD.replace("name: crontabs.stable.example.com", "name: wrong.example.com")
    r = c.kubectl("apply", "-f", c.write("badcrd.yaml", bad))
    assert r.rc == 1
    assert 'metadata.name: Invalid value: "wrong.example.com": must be spec.names.plural+"."+spec.group' in r.err
