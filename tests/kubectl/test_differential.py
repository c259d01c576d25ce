"""`k8slab kubectl` against the installed kubectl, command by command, on one `k8slab up --nodes 2`.

The objects below are created through the API first; then every Step runs with both kubectls
(see differential.py for how outputs are compared). Append Steps to add commands. A Step with
`known=` documents a difference that remains: it runs as xfail(strict=True), so it fails the
day the difference disappears and the mark must go.
"""

import json
import signal
import subprocess
import time
import urllib.request

import pytest

from tests.apiserver.kubectl_harness import KUBECTL

from .differential import K8SLAB, Differential, Step, normalise_ages, step_params

pytestmark = pytest.mark.skipif(KUBECTL is None, reason="no kubectl on PATH")


def deployment(name, ns, replicas, labels, image="redis:alpine"):
    return {"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": name, "namespace": ns, "labels": labels},
            "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": labels["app"]}},
                     "template": {"metadata": {"labels": labels},
                                  "spec": {"containers": [{"name": name, "image": image,
                                                           "ports": [{"containerPort": 6379}]}]}}}}


OBJECTS = [
    {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "work", "labels": {"team": "lab"}}},
    deployment("redis", "work", 2, {"app": "redis", "tier": "cache"}),
    deployment("web", "default", 3, {"app": "web"}, image="nginx:1.25"),
    {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "redis", "namespace": "work",
                                                         "labels": {"app": "redis"}},
     "spec": {"selector": {"app": "redis"}, "ports": [{"port": 6379, "targetPort": 6379}]}},
    {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "default"},
     "spec": {"type": "NodePort", "selector": {"app": "web"}, "ports": [{"name": "http", "port": 80}]}},
    {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings", "namespace": "work",
                                                           "annotations": {"note": "a: b"}},
     "data": {"mode": "fast", "enabled": "true", "count": "123", "empty": "", "when": "2024-01-01",
              "script": "#!/bin/sh\necho hello\n", "star": "*", "long": "word " * 30,
              "version": "1.10", "colon": "a:b", "yes": "yes"}},
    {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "quoting", "namespace": "work"},
     "data": {f"k{i:02d}": v for i, v in enumerate([
         "0x1F", "0o17", "017", "08", "1e3", "+1", "-1", ".5", "1.", "1:20", "12:30:45", "Yes", "NO", "~",
         "null", "<<", "=", "-", "- a", "? x", "a #b", "key: value", " leading", "trailing ", "tab\there",
         "unicode \u00e9", "emoji \U0001F600", "back\\slash", "'single'", '"double"', "%percent", "@at",
         "`tick", "!bang", "&amp", "*star", "|pipe", ">gt", "[a]", "{b}", "a,b", "x\n", "\n", "a\n\nb\n",
         "  indented\nline\n", "trailing spaces \nx", "x" * 100, "word " * 20 + "\nsecond line",
         "<html> & </html>", "\u2028sep", "ctl\u0001char", "0b9475b1-3801-4b47", "2024-01-01 10:00:00",
         "1_000", "0b101", "-.inf", ".NaN", "true ", "False"])}},
    {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "token", "namespace": "work"},
     "type": "Opaque", "data": {"password": "czNjcjN0"}},
    {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "backend", "namespace": "work"}},
    {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
     "metadata": {"name": "backend-role", "namespace": "work"},
     "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list", "watch"]}]},
    {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
     "metadata": {"name": "backend-rolebinding", "namespace": "work"},
     "subjects": [{"kind": "User", "name": "backend", "apiGroup": "rbac.authorization.k8s.io"}],
     "roleRef": {"kind": "Role", "name": "backend-role", "apiGroup": "rbac.authorization.k8s.io"}},
]

KUBECONFIG = """\
apiVersion: v1
kind: Config
current-context: admin
clusters:
- name: lab
  cluster:
    server: https://10.0.0.1:6443
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==
- name: dev-cluster
  cluster:
    server: http://127.0.0.1:8080
    insecure-skip-tls-verify: true
users:
- name: admin
  user:
    client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==
    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo=
- name: backend
  user:
    token: abcdef.0123456789abcdef
contexts:
- name: admin
  context:
    cluster: lab
    user: admin
- name: dev
  context:
    cluster: dev-cluster
    user: backend
    namespace: work
"""
KC = {"kc.yaml": KUBECONFIG}
SECOND = """\
apiVersion: v1
kind: Config
current-context: dev
clusters:
- name: lab
  cluster: {server: "https://shadowed:6443"}
- name: extra
  cluster: {server: "https://extra:6443", certificate-authority: certs/ca.crt}
contexts:
- name: extra
  context: {cluster: extra, user: backend}
users: []
"""
TWO_FILES = {"kc.yaml": KUBECONFIG, "second.yaml": SECOND}
MERGED = {"KUBECONFIG": "$DIR/kc.yaml:$DIR/missing.yaml:$DIR/second.yaml"}
MANIFEST = {"objects.yaml": """\
apiVersion: v1
kind: Service
metadata: {name: redis, namespace: work}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
---
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: settings, namespace: work}
"""}
COLUMNS = {"cols.txt": "NAME          REPLICAS\n.metadata.name .spec.replicas\n"}

STEPS = [
    # get: tables
    Step("get pods"),
    Step("get pods -o wide"),
    Step("get pods -n work"),
    Step("--namespace work get deploy"),
    Step("get deploy -n work -o wide"),
    Step("get all -n work"),
    Step("get all"),
    Step("get pods,svc -n work"),
    Step("get nodes"),
    Step("get no -o wide"),
    Step("get node node1"),
    Step("get nodes node1 node2"),
    Step("get ns"),
    Step("get ns work --show-labels"),
    Step("get svc -A"),
    Step("get pods --all-namespaces=true"),
    Step("get pods -l app=web"),
    Step("get pods -l app=web --show-labels"),
    Step("get pods -n work --sort-by=.metadata.name"),
    Step("get pods -n work --no-headers"),
    Step("get rs -n work -L app,tier"),
    Step("get deployment.apps/redis -n work"),
    Step("get deploy,svc -n work -l app=redis"),
    Step("get roles,rolebindings -n work"),
    Step("get sa,secrets -n work"),
    Step("get cm -n work --field-selector metadata.name=settings"),
    Step("get svc/web cm/settings"),
    # get: other formats
    Step("get cm settings -n work -o yaml"),
    Step("get cm settings -n work -o json"),
    Step("get cm quoting -n work -o yaml"),
    Step("get cm quoting -n work -o json"),
    Step("get cm quoting -n work -o jsonpath='{.data}'"),
    Step("get deploy redis -n work -o yaml"),
    Step("get svc -n work -o json"),
    Step("get pods -n work -o name"),
    Step("get deploy -n work -o jsonpath={.items[*].metadata.name}"),
    Step("""get deploy -A -o jsonpath='{range .items[*]}{.metadata.name}{"\\t"}{.spec.replicas}{"\\n"}{end}'"""),
    Step("""get nodes -o jsonpath='{.items[?(@.metadata.name=="node1")].status.nodeInfo.kubeletVersion}'"""),
    Step("""get deploy -A -o jsonpath='{.items[*].metadata.name}{\\t}'"""),
    Step("get pods -n work -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName,IMAGE:.spec.containers[0].image"),
    Step("""get ns -o go-template='{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}'"""),
    Step("get cs"),
    Step("get --raw /version"),
    Step("get --raw /api/v1/namespaces/work/configmaps/settings"),
    Step("get --raw /nope"),
    Step("get --raw version"),
    Step("get --raw /version pods"),
    Step("get nodes --show-labels"),
    Step("get ep -n work"),
    Step("get events -n work --field-selector involvedObject.kind=Deployment"),
    Step("get rs -n work -o wide"),
    Step("get ing,ds"),
    Step("get nodes -o custom-columns=NAME:.metadata.name,CPU:.status.capacity.cpu --no-headers"),
    Step("get pods -n work -o jsonpath-file=$DIR/names.tpl", files={"names.tpl": "{.items[*].spec.nodeName}"}),
    Step("-v=6 --request-timeout=1m30s get ns"),
    Step("--request-timeout=abc get ns"),
    # get: errors and empty results
    Step("get pods nope"),
    Step("get bogus"),
    Step("get pods -n kube-public"),
    Step("get pods --bogus"),
    Step("gte pods"),
    Step("get"),
    Step("get pods -o foo"),
    Step("get pod nope -A"),
    # discovery, version, cluster-info, config, explain
    Step("api-resources"),
    Step("api-resources -o wide"),
    Step("api-resources --namespaced=false"),
    Step("api-resources --api-group=apps -o name"),
    Step("api-versions"),
    Step("version"),
    Step("version --client"),
    Step("version -o yaml"),
    Step("cluster-info"),
    Step("config view"),
    Step("config view --raw -o jsonpath={.clusters[0].cluster.server}"),
    Step("config current-context"),
    Step("config get-contexts"),
    Step("explain pods"),
    Step("explain deployment.spec.strategy"),
    Step("explain svc.spec.ports --recursive"),
    # more of get
    Step("get pods -A -l 'app in (web,redis)'"),
    Step("get ns -o jsonpath='{.items[*].metadata.labels}'"),
    Step("get svc web -o jsonpath='{.spec.ports[0]}'"),
    Step("get cm settings -n work -o jsonpath='{.data}'"),
    Step("get nodes -o jsonpath='{..kubeletVersion}'"),
    Step("get deploy -A -o jsonpath-as-json='{.items[*].metadata.name}'"),
    Step("get deploy -n work -o custom-columns-file=$DIR/cols.txt", files=COLUMNS),
    Step("get pods -n work -o yaml"),
    Step("get deploy -n work -o yaml --show-managed-fields"),
    Step("get nodes -o json"),
    Step("get deploy web -o go-template='{{.metadata.name}} {{.spec.replicas}} {{.metadata.labels}}'"),
    Step("get pod/nope svc/web"),
    Step("get cm,deploy -n work --no-headers"),
    Step("get cm -n work -o wide --show-kind"),
    # more discovery and explain
    Step("api-resources --verbs=list --categories=all"),
    Step("api-resources --sort-by=kind --no-headers"),
    Step("version -o json"),
    Step("version --client -o yaml"),
    Step("explain node"),
    Step("explain ingress"),
    Step("explain pod.spec.containers.resources"),
    Step("explain deploy --recursive"),
    Step("explain pods.spec.nope"),
    # kubeconfig files: reading
    Step("--kubeconfig $DIR/kc.yaml config view", files=KC),
    Step("--kubeconfig $DIR/kc.yaml config view --raw", files=KC),
    Step("--kubeconfig $DIR/kc.yaml config view --minify -o json", files=KC),
    Step("--kubeconfig $DIR/kc.yaml --context dev config view --minify", files=KC),
    Step("--kubeconfig $DIR/kc.yaml config get-contexts", files=KC),
    Step("--kubeconfig $DIR/kc.yaml config get-contexts dev nope", files=KC),
    Step("config get-clusters"),          # one cluster: kubectl lists several in Go's random map order
    Step("--kubeconfig $DIR/kc.yaml config get-users", files=KC),
    Step("--kubeconfig $DIR/kc.yaml config current-context", files=KC),
    # kubeconfig files: changing (the file is compared afterwards)
    Step("--kubeconfig $DIR/kc.yaml config use-context dev", files=KC, check_file="kc.yaml"),
    Step("--kubeconfig $DIR/kc.yaml config use-context nope", files=KC, check_file="kc.yaml"),
    Step("--kubeconfig $DIR/kc.yaml config set-context dev --namespace=other", files=KC, check_file="kc.yaml"),
    Step("--kubeconfig $DIR/kc.yaml config set-context backend-context --cluster=lab --namespace=work "
         "--user=backend", files=KC, check_file="kc.yaml"),
    Step("--kubeconfig $DIR/kc.yaml config set-credentials bob --token=s3cr3t", files=KC, check_file="kc.yaml"),
    Step("--kubeconfig $DIR/kc.yaml config set-cluster new --server=https://1.2.3.4:6443 "
         "--insecure-skip-tls-verify=true", files=KC, check_file="kc.yaml"),
    Step("--kubeconfig $DIR/kc.yaml config delete-context dev", files=KC, check_file="kc.yaml"),
    Step("--kubeconfig $DIR/kc.yaml config rename-context dev dev2", files=KC, check_file="kc.yaml"),
    # several kubeconfig files (KUBECONFIG): first file wins, changes go back where entries came from
    Step("config view", files=TWO_FILES, env=MERGED),
    Step("config get-contexts", files=TWO_FILES, env=MERGED),
    Step("config set-context extra --namespace=n1", files=TWO_FILES, env=MERGED, check_file="second.yaml"),
    Step("config set-context fresh --cluster=extra", files=TWO_FILES, env=MERGED, check_file="kc.yaml"),
    Step("config use-context extra", files=TWO_FILES, env=MERGED, check_file="kc.yaml"),
    Step("--kubeconfig $DIR/second.yaml config view", files=TWO_FILES),
    # objects named by a file
    Step("get -f $DIR/objects.yaml", files=MANIFEST),
    Step("get -f $DIR/objects.yaml -o name", files=MANIFEST),
    # configuration errors
    Step("--user=nobody get pods"),
    Step("--cluster=nowhere get pods"),
    Step("--context=nope get pods"),
    Step("--kubeconfig /nonexistent/config get pods"),
    Step("-s http://127.0.0.1:1 get pods"),
    Step("--kubeconfig $DIR/kc.yaml --context dev --server http://127.0.0.1:1 version", files=KC),
    # usage and help
    Step(""),
    Step("options"),
    Step("get --help", known="per-command help texts (Examples, Options, Usage) are not reproduced; "
                             "k8slab prints a short summary"),
    Step("config", known="`kubectl config` alone prints upstream's long help text; k8slab prints a short one"),
    # verbosity
    Step("-v=6 get ns"),
    Step("-v=7 get pods -n work"),
    Step("-v=8 get ns default"),
    Step("-v=6 get deploy,svc -n work"),
    Step("-v=6 version"),
    Step("-v=6 api-resources --api-group=apps"),
    Step("-v=6 explain pods.spec.restartPolicy"),
    Step("-v=6 cluster-info"),
    Step("-v=6 get pods -n work -o yaml"),
    Step("-v=6 get cm settings -n work -o name"),
    Step("-v=9 get ns kube-public"),
]

OBJECT_WAIT = (("work", 2), ("default", 3))


@pytest.fixture(scope="module")
def diff():
    d = Differential(nodes=2)
    try:
        for obj in OBJECTS:
            d.create(obj)
        for ns, count in OBJECT_WAIT:
            assert d.wait(lambda: d.pods_running(ns, count)), f"pods in {ns} did not start"
        yield d
    finally:
        d.stop()


@pytest.mark.parametrize("step", step_params(STEPS))
def test_same_output(diff, step):
    equal, report = diff.compare(step)
    assert equal, report


WATCHES = ["get cm -n work -w", "get cm -n work -w --output-watch-events", "get cm -n work --watch-only -o name"]


@pytest.mark.parametrize("cmd", WATCHES)
def test_watch_prints_the_same_rows(diff, cmd):
    """Both kubectls watch while a ConfigMap is created, labelled and deleted; then Ctrl-C."""
    argv = cmd.split()
    real = subprocess.Popen([KUBECTL, *argv],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=diff.env)
    ours = subprocess.Popen([*K8SLAB, *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=diff.env)
    time.sleep(2.0)                                   # both have listed and started watching
    name = "watched-" + str(WATCHES.index(cmd))
    diff.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, "namespace": "work"},
                 "data": {"a": "b"}})
    time.sleep(0.5)
    url = f"{diff.cluster.url}/api/v1/namespaces/work/configmaps/{name}"
    patch = urllib.request.Request(url, data=json.dumps({"metadata": {"labels": {"x": "y"}}}).encode(),
                                   method="PATCH", headers={"Content-Type": "application/merge-patch+json"})
    urllib.request.urlopen(patch, timeout=10).read()
    time.sleep(0.5)
    urllib.request.urlopen(urllib.request.Request(url, method="DELETE"), timeout=10).read()
    time.sleep(1.5)
    results = []
    for p in (real, ours):
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=10)
        results.append((p.returncode, normalise_ages(out)))
    assert results[1] == results[0], f"kubectl:\n{results[0][1]}\nk8slab:\n{results[1][1]}"


# The dispatcher runs the kubectl of the server's minor: against a server reporting 1.31 the
# client lines of `version` are kubectl 1.31's; the rest of k8slab kubectl stays 1.32's.
STEPS_1_31 = [Step("version"), Step("version --client"), Step("version -o json"), Step("get ns"),
              Step("api-resources --api-group=apps")]


@pytest.fixture(scope="module")
def diff_1_31():
    d = Differential(nodes=0, version="1.31")
    yield d
    d.stop()


@pytest.mark.parametrize("step", [pytest.param(s, id=s.cmd) for s in STEPS_1_31])
def test_same_output_against_1_31(diff_1_31, step):
    equal, report = diff_1_31.compare(step)
    assert equal, report
