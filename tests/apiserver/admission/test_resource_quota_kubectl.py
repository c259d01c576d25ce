"""The real kubectl against `k8slab up`: LimitRange defaults, a ResourceQuota the controller fills
in, the refusal kubectl prints when the quota is spent, and get/describe of the quota."""

import time

import pytest

from ..kubectl_harness import KUBECTL, Cluster

pytestmark = pytest.mark.skipif(KUBECTL is None, reason="kubectl is not installed")

LIMITS = """\
apiVersion: v1
kind: LimitRange
metadata:
  name: defaults
spec:
  limits:
  - type: Container
    default: {cpu: 200m, memory: 128Mi}
    defaultRequest: {cpu: 100m, memory: 64Mi}
"""
QUOTA = """\
apiVersion: v1
kind: ResourceQuota
metadata:
  name: compute-quota
spec:
  hard: {pods: "2", requests.cpu: "1", limits.memory: 1Gi}
"""
POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: {name}
spec:
  containers:
  - name: nginx
    image: nginx
"""


@pytest.fixture(scope="module")
def cluster():
    c = Cluster(version="1.32")
    yield c
    c.stop()


def wait_for(c, jsonpath: str, want: str, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    got = None
    while time.monotonic() < deadline:
        got = c.kubectl("get", "quota", "compute-quota", "-o", f"jsonpath={jsonpath}").out
        if got == want:
            return
        time.sleep(0.2)
    raise AssertionError(f"{jsonpath} is {got!r}, not {want!r}")


def test_quota_refusal_and_describe(cluster):
    c = cluster
    for name, text in (("limits.yaml", LIMITS), ("quota.yaml", QUOTA)):
        r = c.kubectl("apply", "-f", c.write(name, text))
        assert r.rc == 0, r.text
    wait_for(c, "{.status.used.pods}", "0")                  # the controller counted
    for name in ("web-1", "web-2"):
        r = c.kubectl("create", "-f", c.write(f"{name}.yaml", POD.format(name=name)))
        assert r.rc == 0, r.text
    r = c.kubectl("get", "pod", "web-1", "-o", "jsonpath={.metadata.annotations.kubernetes\\.io/limit-ranger}")
    assert r.out == ("LimitRanger plugin set: cpu, memory request for container nginx; "
                     "cpu, memory limit for container nginx")
    path = c.write("web-3.yaml", POD.format(name="web-3"))
    r = c.kubectl("create", "-f", path)
    assert r.rc == 1
    assert r.err == (f'Error from server (Forbidden): error when creating "{path}": pods "web-3" is forbidden: '
                     'exceeded quota: compute-quota, requested: pods=1, used: pods=2, limited: pods=2\n')
    r = c.kubectl("describe", "quota", "compute-quota")
    assert r.rc == 0, r.text
    assert r.out == ("Name:          compute-quota\n"
                     "Namespace:     default\n"
                     "Resource       Used   Hard\n"
                     "--------       ----   ----\n"
                     "limits.memory  256Mi  1Gi\n"
                     "pods           2      2\n"
                     "requests.cpu   200m   1\n")
    r = c.kubectl("get", "quota")
    assert r.rc == 0, r.text
    header, row = r.out.splitlines()
    assert header.split() == ["NAME", "REQUEST", "LIMIT", "AGE"]
    assert row.split()[:6] == ["compute-quota", "pods:", "2/2,", "requests.cpu:", "200m/1", "limits.memory:"]
    c.kubectl("delete", "pod", "web-1")
    wait_for(c, "{.status.used.pods}", "1")                  # the controller gave it back
    r = c.kubectl("create", "-f", path)
    assert r.rc == 0, r.text
