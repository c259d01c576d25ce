"""The installed kubectl, unchanged, against `k8slab up --nodes 0`: every API-only command of the
booklet's checklist, asserted on what kubectl prints, with kubectl 1.31 and 1.32."""

import re
import time

import pytest

from .kubectl_harness import KUBECTL, Cluster

pytestmark = pytest.mark.skipif(KUBECTL is None, reason="no kubectl on PATH")

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: redis
  namespace: work
  labels:
    app: redis
spec:
  replicas: 1
  selector:
    matchLabels:
      app: redis
  template:
    metadata:
      labels:
        app: redis
    spec:
      containers:
      - name: redis
        image: redis:alpine
        ports:
        - containerPort: 6379
"""

SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: redis
  namespace: work
  labels:
    app: redis
spec:
  selector:
    app: redis
  ports:
  - port: 6379
    targetPort: 6379
    protocol: TCP
"""

CONFIGMAP = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: work
data:
  mode: fast
"""


@pytest.fixture(scope="module", params=["1.31", "1.32"])
def cluster(request):
    c = Cluster(version=request.param)
    c.version = request.param
    yield c
    c.stop()


def ok(r, *fragments):
    assert r.rc == 0, r.text
    for f in fragments:
        assert f in r.out, f"{f!r} not in:\n{r.out}"
    return r.out


def rows(out: str) -> list[list[str]]:
    return [re.split(r"\s{2,}", line.strip()) for line in out.strip().splitlines()]


def test_version_picks_the_matching_kubectl(cluster):
    out = ok(cluster.kubectl("version"))
    assert f"Client Version: v{cluster.version}." in out
    assert f"Server Version: v{cluster.version}.0-k8slab" in out


def test_api_resources(cluster):
    out = ok(cluster.kubectl("api-resources"))
    table = rows(out)
    assert table[0] == ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]
    assert ["pods", "po", "v1", "true", "Pod"] in table
    assert ["deployments", "deploy", "apps/v1", "true", "Deployment"] in table
    assert ["namespaces", "ns", "v1", "false", "Namespace"] in table
    assert ["ingresses", "ing", "networking.k8s.io/v1", "true", "Ingress"] in table


def test_namespace_create_get_and_system_namespaces(cluster):
    ok(cluster.kubectl("create", "namespace", "work"), "namespace/work created")
    table = rows(ok(cluster.kubectl("get", "ns")))
    assert table[0] == ["NAME", "STATUS", "AGE"]
    names = {r[0]: r[1] for r in table[1:]}
    assert {"default", "kube-system", "kube-public", "kube-node-lease", "work"} <= set(names)
    assert names["work"] == "Active"
    r = cluster.kubectl("delete", "ns", "kube-system")
    assert r.rc == 1
    assert r.err.strip() == ('Error from server (Forbidden): namespaces "kube-system" is forbidden: '
                             'this namespace may not be deleted')


def test_create_f_and_get_forms(cluster):
    path = cluster.write("deploy.yaml", DEPLOYMENT)
    ok(cluster.kubectl("create", "-f", path), "deployment.apps/redis created")
    r = cluster.kubectl("create", "-f", path)
    assert r.rc == 1 and 'deployments.apps "redis" already exists' in r.err
    table = rows(ok(cluster.kubectl("-n", "work", "get", "deploy")))
    assert table[0] == ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]
    assert table[1][0] == "redis" and table[1][1] == "0/1" and table[1][3] == "0"
    wide = rows(ok(cluster.kubectl("-n", "work", "get", "deployment.apps/redis", "-o", "wide")))
    assert wide[0] == ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE", "CONTAINERS", "IMAGES", "SELECTOR"]
    assert wide[1][5:] == ["redis", "redis:alpine", "app=redis"]
    yml = ok(cluster.kubectl("-n", "work", "get", "deploy", "redis", "-o", "yaml"))
    assert "kind: Deployment" in yml and "replicas: 1" in yml and "uid:" in yml
    js = ok(cluster.kubectl("-n", "work", "get", "deploy", "redis", "-o", "json"))
    assert '"kind": "Deployment"' in js and '"progressDeadlineSeconds": 600' in js
    jp = ok(cluster.kubectl("-n", "work", "get", "deploy", "-o", "jsonpath={.items[0].spec.template.spec.containers[0].image}"))
    assert jp == "redis:alpine"
    assert ok(cluster.kubectl("-n", "kube-public", "get", "pods")) == ""
    r = cluster.kubectl("-n", "kube-public", "get", "pods")
    assert r.err.strip() == "No resources found in kube-public namespace."
    r = cluster.kubectl("-n", "work", "get", "pod", "nope")
    assert r.rc == 1 and r.err.strip() == 'Error from server (NotFound): pods "nope" not found'


def test_apply_twice_and_server_side(cluster):
    path = cluster.write("svc.yaml", SERVICE)
    ok(cluster.kubectl("apply", "-f", path), "service/redis created")
    ok(cluster.kubectl("apply", "-f", path), "service/redis unchanged")
    cluster.write("svc.yaml", SERVICE.replace("app: redis\nspec:", "app: redis\n    tier: cache\nspec:"))
    ok(cluster.kubectl("apply", "-f", path), "service/redis configured")
    labels = ok(cluster.kubectl("-n", "work", "get", "svc", "redis", "-o", "jsonpath={.metadata.labels}"))
    assert '"tier":"cache"' in labels
    table = rows(ok(cluster.kubectl("-n", "work", "get", "svc")))
    assert table[0] == ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"]
    assert table[1][:5] == ["redis", "ClusterIP", table[1][2], "<none>", "6379/TCP"]
    assert table[1][2].startswith("10.")
    cm = cluster.write("cm.yaml", CONFIGMAP)
    ok(cluster.kubectl("apply", "--server-side", "-f", cm), "configmap/settings serverside-applied")
    cluster.write("cm.yaml", CONFIGMAP.replace("fast", "slow"))
    ok(cluster.kubectl("apply", "--server-side", "-f", cm), "configmap/settings serverside-applied")
    assert ok(cluster.kubectl("-n", "work", "get", "cm", "settings", "-o", "jsonpath={.data.mode}")) == "slow"


def test_get_all_labels_and_all_namespaces(cluster):
    out = ok(cluster.kubectl("-n", "work", "get", "all"))
    assert "deployment.apps/redis" in out and "service/redis" in out
    out = ok(cluster.kubectl("-n", "work", "get", "deploy,svc", "-l", "app=redis"))
    assert "deployment.apps/redis" in out and "service/redis" in out
    table = rows(ok(cluster.kubectl("get", "svc", "--all-namespaces")))
    assert table[0][:2] == ["NAMESPACE", "NAME"]
    assert ["default", "kubernetes", "ClusterIP", "10.96.0.1", "<none>", "443/TCP"] == table[1][:6]
    assert rows(ok(cluster.kubectl("get", "svc", "-A", "-l", "app=redis")))[1][:2] == ["work", "redis"]


def test_label_annotate_and_three_patch_types(cluster):
    ok(cluster.kubectl("-n", "work", "label", "deploy", "redis", "tier=backend"), "deployment.apps/redis labeled")
    ok(cluster.kubectl("-n", "work", "annotate", "deploy", "redis", "owner=ops"), "deployment.apps/redis annotated")
    ok(cluster.kubectl("-n", "work", "patch", "deploy", "redis", "--type=merge",
                       "-p", '{"spec":{"revisionHistoryLimit":5}}'), "deployment.apps/redis patched")
    ok(cluster.kubectl("-n", "work", "patch", "deploy", "redis", "--type=json",
                       "-p", '[{"op":"replace","path":"/spec/minReadySeconds","value":3}]'),
       "deployment.apps/redis patched")
    ok(cluster.kubectl("-n", "work", "patch", "deploy", "redis",
                       "-p", '{"spec":{"template":{"spec":{"containers":[{"name":"redis","image":"redis:7"}]}}}}'),
       "deployment.apps/redis patched")
    out = ok(cluster.kubectl("-n", "work", "get", "deploy", "redis", "-o",
                             "jsonpath={.metadata.labels.tier} {.metadata.annotations.owner} "
                             "{.spec.revisionHistoryLimit} {.spec.minReadySeconds} "
                             "{.spec.template.spec.containers[0].image} "
                             "{.spec.template.spec.containers[0].ports[0].containerPort} "
                             "{.metadata.generation}"))
    assert out == "backend ops 5 3 redis:7 6379 4"
    # a failed json-patch "test" is a 422 without causes, which kubectl prints this way
    r = cluster.kubectl("-n", "work", "patch", "deploy", "redis", "--type=json",
                        "-p", '[{"op":"test","path":"/spec/replicas","value":9}]')
    assert r.rc == 1 and r.err.strip() == ("The request is invalid: the server rejected our "
                                           "request due to an error in our request")


def test_scale(cluster):
    ok(cluster.kubectl("-n", "work", "scale", "deploy/redis", "--replicas=3"), "deployment.apps/redis scaled")
    assert ok(cluster.kubectl("-n", "work", "get", "deploy", "redis", "-o", "jsonpath={.spec.replicas}")) == "3"


def test_explain(cluster):
    out = ok(cluster.kubectl("explain", "node"), "KIND:", "VERSION:", "DESCRIPTION:", "FIELDS:")
    assert re.search(r"KIND:\s+Node", out) and re.search(r"VERSION:\s+v1", out)
    out = ok(cluster.kubectl("explain", "pod.spec"), "containers")
    assert re.search(r"FIELD:\s+spec", out)
    out = ok(cluster.kubectl("explain", "ingress"))
    assert re.search(r"GROUP:\s+networking.k8s.io", out) and re.search(r"KIND:\s+Ingress", out)


def test_watch_sees_added_modified_deleted(cluster):
    watcher = cluster.kubectl_bg("-n", "work", "get", "cm", "-w", "--output-watch-events")
    time.sleep(1.5)
    ok(cluster.kubectl("-n", "work", "create", "configmap", "w1", "--from-literal=a=b"), "configmap/w1 created")
    ok(cluster.kubectl("-n", "work", "label", "cm", "w1", "x=y"), "configmap/w1 labeled")
    ok(cluster.kubectl("-n", "work", "delete", "cm", "w1"), 'configmap "w1" deleted')
    time.sleep(1.5)
    watcher.terminate()
    out, _ = watcher.communicate(timeout=10)
    events = [(r[0], r[1]) for r in rows(out)[1:] if len(r) > 1 and r[1] == "w1"]
    assert events == [("ADDED", "w1"), ("MODIFIED", "w1"), ("DELETED", "w1")], out


def test_auth_can_i(cluster):
    out = ok(cluster.kubectl("auth", "can-i", "get", "pods"))
    assert out.strip() == "yes"


def test_delete_waits_until_gone(cluster):
    ok(cluster.kubectl("create", "namespace", "gone"), "namespace/gone created")
    ok(cluster.kubectl("-n", "gone", "create", "configmap", "c", "--from-literal=k=v"), "configmap/c created")
    ok(cluster.kubectl("delete", "ns", "gone"), 'namespace "gone" deleted')
    r = cluster.kubectl("get", "ns", "gone")
    assert r.rc == 1 and 'namespaces "gone" not found' in r.err
    ok(cluster.kubectl("-n", "work", "delete", "-f", cluster.write("d.yaml", DEPLOYMENT)),
       'deployment.apps "redis" deleted')
