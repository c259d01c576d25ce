"""`k8slab up --nodes 2` serves kube-controller-manager's and kube-scheduler's endpoints on their ports:
health, Prometheus metrics, configz and the scheduler's traces, read with urllib as curl would."""

import json
import time
import urllib.error
import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families

from k8slab.storage.etcd_process import free_port
from tests.apiserver.kubectl_harness import KUBECTL, Cluster, wait_for


@pytest.fixture(scope="module")
def up():
    cm_port, sched_port = free_port(), free_port()
    c = Cluster(extra=["--nodes", "2", "--controller-manager-port", str(cm_port), "--scheduler-port", str(sched_port)])
    c.cm = f"http://127.0.0.1:{cm_port}"
    c.sched = f"http://127.0.0.1:{sched_port}"
    yield c
    c.stop()


def get(url: str) -> tuple[int, str, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read().decode(), dict(r.headers)
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(), dict(e.headers)


def post(url: str, obj: dict) -> dict:
    req = urllib.request.Request(url, json.dumps(obj).encode(), {"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())


def metrics(url: str) -> dict:
    status, text, headers = get(url + "/metrics")
    assert status == 200 and headers["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8"
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for f in text_string_to_metric_families(text) for s in f.samples}


def test_health_endpoints_answer_as_upstream(up):
    assert get(up.cm + "/healthz")[:2] == (200, "ok")
    status, body, headers = get(up.cm + "/healthz?verbose")
    assert status == 200 and headers["Content-Type"] == "text/plain; charset=utf-8"
    assert "[+]replicaset-controller ok\n" in body and "[+]deployment-controller ok\n" in body
    assert body.endswith("\nhealthz check passed\n")
    assert get(up.cm + "/healthz/replicaset-controller")[:2] == (404, "404 page not found\n")   # exact path only
    assert get(up.cm + "/livez")[0] == 404                         # the controller-manager has no livez
    assert get(up.sched + "/healthz?verbose")[:2] == (200, "[+]ping ok\nhealthz check passed\n")
    assert get(up.sched + "/livez?verbose")[:2] == (200, "[+]ping ok\nlivez check passed\n")
    assert get(up.sched + "/readyz?verbose")[:2] == \
        (200, "[+]shutdown ok\n[+]sched-handler-sync ok\nreadyz check passed\n")
    assert get(up.sched + "/readyz/sched-handler-sync")[:2] == (200, "ok")
    assert get(up.sched + "/nope")[:2] == (404, "404 page not found\n")


def test_configz(up):
    status, body, headers = get(up.cm + "/configz")
    assert status == 200 and headers["Content-Type"] == "application/json"
    assert json.loads(body)["kubecontrollermanager.config.k8s.io"]["Generic"]["Controllers"] == ["*"]
    profile = json.loads(get(up.sched + "/configz")[1])["componentconfig"]["Profiles"][0]
    assert profile["SchedulerName"] == "default-scheduler"
    assert {"Name": "NodeResourcesFit", "Weight": 1} in profile["Plugins"]["MultiPoint"]["Enabled"]


def test_metrics_and_traces_after_a_deployment(up):
    post(up.url + "/apis/apps/v1/namespaces/default/deployments", {
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
        "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
                 "template": {"metadata": {"labels": {"app": "web"}},
                              "spec": {"containers": [{"name": "web", "image": "nginx"}]}}}})

    def bound():
        pods = json.loads(get(up.url + "/api/v1/namespaces/default/pods?labelSelector=app%3Dweb")[1])["items"]
        return len(pods) == 2 and all(p["spec"].get("nodeName") for p in pods) and pods
    pods = wait_for(bound, timeout=30)
    assert pods
    sched = metrics(up.sched)
    assert sched["scheduler_schedule_attempts_total", (("profile", "default-scheduler"), ("result", "scheduled"))] >= 2
    assert sched["scheduler_pending_pods", (("queue", "active"),)] == 0
    assert sched["scheduler_scheduler_cache_size", (("type", "nodes"),)] == 2
    assert sched["scheduler_queue_incoming_pods_total", (("event", "UnschedulablePodAdd"), ("queue", "active"))] >= 2
    cm = metrics(up.cm)
    for queue in ("deployment", "replicaset"):
        assert cm["workqueue_adds_total", (("name", queue),)] >= 1
        assert cm["workqueue_work_duration_seconds_count", (("name", queue),)] >= 1
    assert ("workqueue_retries_total", (("name", "deployment"),)) in cm

    name = pods[0]["metadata"]["name"]
    assert f"default/{name}" in json.loads(get(up.sched + "/debug/k8slab/traces")[1])["pods"]
    status, body, headers = get(up.sched + f"/debug/k8slab/traces/default/{name}")
    assert status == 200 and headers["Content-Type"] == "application/json"
    attempts = json.loads(body)
    assert attempts[-1]["pod"] == f"default/{name}" and attempts[-1]["result"] == "Scheduled"
    assert attempts[-1]["node"] == pods[0]["spec"]["nodeName"]
    status, text, _ = get(up.sched + f"/debug/k8slab/traces/default/{name}?format=text")
    assert status == 200 and f"default/{name} attempt 1" in text and "NODE" in text
    status, text, _ = get(up.sched + "/debug/k8slab/traces/default/nope")
    assert status == 404 and text.startswith('no scheduling attempt is kept for pod "default/nope"')
    assert get(up.sched + f"/debug/k8slab/traces/default/{name}?format=yaml")[:2] == \
        (400, 'unknown format "yaml": use format=json or format=text\n')


@pytest.mark.skipif(KUBECTL is None, reason="no kubectl on PATH")
def test_kubectl_get_componentstatuses_shows_them_healthy(up):
    r = up.kubectl("get", "componentstatuses")
    rows = {line.split()[0]: line.split()[1:] for line in r.out.splitlines()[1:]}
    assert r.out.split()[:4] == ["NAME", "STATUS", "MESSAGE", "ERROR"], r.text
    assert rows["controller-manager"] == ["Healthy", "ok"]
    assert rows["scheduler"] == ["Healthy", "ok"]
    assert rows["etcd-0"][0] == "Healthy"
    assert "v1 ComponentStatus is deprecated in v1.19+" in r.err
