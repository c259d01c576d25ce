"""apps and batch printers: deployments, replicasets, daemonsets, statefulsets, controllerrevisions,
jobs, cronjobs."""

import pytest

from k8slab.api.printers import table

from .builders import NOW, containers, obj, ts


def row(group, resource, o):
    return table(group, resource, [o], NOW)["rows"][0]["cells"]


def workload(kind, name, spec=None, status=None, images=("redis=redis:5",), api_version="apps/v1",
             **meta):
    s = {"template": {"spec": {"containers": containers(*images)}}, **(spec or {})}
    return obj(kind, name, api_version=api_version, spec=s, status=status or {}, **meta)


def test_deployment():
    d = workload("Deployment", "saythx-redis", {"replicas": 1, "selector": {"matchLabels": {"app": "redis"}}},
                 {"replicas": 1, "readyReplicas": 1, "updatedReplicas": 1, "availableReplicas": 1})
    assert row("apps", "deployments", d) == ["saythx-redis", "1/1", 1, 1, "60m", "redis", "redis:5", "app=redis"]


def test_deployment_before_any_pod_and_odd_selectors():
    d = workload("Deployment", "web", {"replicas": 3, "selector": {"matchLabels": {"app": "web"}}})
    assert row("apps", "deployments", d)[1:4] == ["0/3", 0, 0]
    d["spec"].pop("replicas")
    assert row("apps", "deployments", d)[1] == "0/1"
    d["spec"]["selector"] = {}
    assert row("apps", "deployments", d)[7] == ""
    d["spec"]["selector"] = {"matchExpressions": [{"key": "app", "operator": "Near"}]}
    assert row("apps", "deployments", d)[7] == "<invalid>"


def test_replica_set_wide_selector_like_the_booklet():
    rs = workload("ReplicaSet", "redis-7c7545cbcb",
                  {"replicas": 1, "selector": {"matchLabels": {"run": "redis",
                                                               "pod-template-hash": "3731017676"}}},
                  {"replicas": 1, "readyReplicas": 1}, images=("redis=redis:alpine",))
    assert row("apps", "replicasets", rs) == ["redis-7c7545cbcb", 1, 1, 1, "60m", "redis", "redis:alpine",
                                              "pod-template-hash=3731017676,run=redis"]


def test_extensions_v1beta1_objects_print_like_apps():
    rs = workload("ReplicaSet", "old", {"replicas": 2}, api_version="extensions/v1beta1")
    assert row("extensions", "replicasets", rs) == ["old", 2, 0, 0, "60m", "redis", "redis:5", "<none>"]


def test_daemon_set():
    ds = workload("DaemonSet", "kube-proxy",
                  {"selector": {"matchLabels": {"k8s-app": "kube-proxy"}},
                   "template": {"spec": {"nodeSelector": {"kubernetes.io/os": "linux"},
                                         "containers": containers("kube-proxy=registry.k8s.io/kube-proxy:v1.32.4")}}},
                  {"desiredNumberScheduled": 3, "currentNumberScheduled": 3, "numberReady": 2,
                   "updatedNumberScheduled": 3, "numberAvailable": 2}, namespace="kube-system")
    assert row("apps", "daemonsets", ds) == ["kube-proxy", 3, 3, 2, 3, 2, "kubernetes.io/os=linux", "60m",
                                             "kube-proxy", "registry.k8s.io/kube-proxy:v1.32.4",
                                             "k8s-app=kube-proxy"]
    ds["spec"]["template"]["spec"].pop("nodeSelector")
    assert row("apps", "daemonsets", ds)[6] == "<none>"


def test_stateful_set():
    sts = workload("StatefulSet", "web", {"replicas": 3}, {"readyReplicas": 2}, images=("nginx=nginx:1.25",))
    assert row("apps", "statefulsets", sts) == ["web", "2/3", "60m", "nginx", "nginx:1.25"]


@pytest.mark.parametrize("owner,shown", [
    ({"apiVersion": "apps/v1", "kind": "StatefulSet", "name": "web", "controller": True}, "statefulset.apps/web"),
    ({"apiVersion": "apps/v1", "kind": "DaemonSet", "name": "kube-proxy", "controller": True},
     "daemonset.apps/kube-proxy"),
    ({"apiVersion": "v1", "kind": "Widget", "name": "w", "controller": True}, "widget/w"),
    ({"apiVersion": "apps/v1", "kind": "StatefulSet", "name": "web"}, "<none>"),
])
def test_controller_revision(owner, shown):
    rev = obj("ControllerRevision", "web-6d9b8c7f5", api_version="apps/v1", revision=2)
    rev["metadata"]["ownerReferences"] = [owner]
    assert row("apps", "controllerrevisions", rev) == ["web-6d9b8c7f5", shown, 2, "60m"]


# --- jobs and cronjobs ----------------------------------------------------------------------------

def job(conditions=(), spec=None, status=None, **meta):
    s = {"selector": {"matchLabels": {"batch.kubernetes.io/controller-uid": "abc"}}, **(spec or {})}
    st = {"conditions": [{"type": t, "status": v} for t, v in conditions], **(status or {})}
    return workload("Job", "pi", s, st, images=("pi=perl:5.34",), api_version="batch/v1", **meta)


def test_completed_job():
    j = job([("Complete", "True")], {"completions": 1},
            {"succeeded": 1, "startTime": ts(0), "completionTime": ts(12)})
    assert row("batch", "jobs", j) == ["pi", "Complete", "1/1", "12s", "60m", "pi", "perl:5.34",
                                       "batch.kubernetes.io/controller-uid=abc"]


def test_running_job_duration_runs_on_the_clock():
    j = job(spec={"completions": 5}, status={"succeeded": 2, "startTime": ts(3000)})
    assert row("batch", "jobs", j)[1:4] == ["Running", "2/5", "10m"]
    assert row("batch", "jobs", job())[3] == ""


@pytest.mark.parametrize("spec,completions", [
    ({"parallelism": 3}, "0/1 of 3"), ({"parallelism": 1}, "0/1"), ({}, "0/1"),
    ({"completions": 4, "parallelism": 2}, "0/4"),
])
def test_job_completions(spec, completions):
    assert row("batch", "jobs", job(spec=spec))[2] == completions


@pytest.mark.parametrize("conditions,deleting,word", [
    ([("Failed", "True")], False, "Failed"),
    ([("Suspended", "True")], False, "Suspended"),
    ([("Suspended", "True")], True, "Terminating"),
    ([("Complete", "True")], True, "Complete"),
    ([("FailureTarget", "True")], False, "FailureTarget"),
    ([("Complete", "False"), ("Complete", "True")], False, "Running"),
])
def test_job_status(conditions, deleting, word):
    j = job(conditions)
    if deleting:
        j["metadata"]["deletionTimestamp"] = ts(100)
    assert row("batch", "jobs", j)[1] == word


def cron_job(**spec):
    return obj("CronJob", "hello", api_version="batch/v1",
               spec={"schedule": "*/1 * * * *",
                     "jobTemplate": {"spec": {"template": {"spec": {"containers": containers(
                         "hello=busybox:1.28")}}}}, **spec},
               status={"active": [{"name": "hello-28345678"}], "lastScheduleTime": ts(3540)})


def test_cron_job():
    assert row("batch", "cronjobs", cron_job(suspend=False)) == \
        ["hello", "*/1 * * * *", "<none>", "False", 1, "60s", "60m", "hello", "busybox:1.28", "<none>"]


def test_cron_job_unset_suspend_time_zone_and_never_scheduled():
    cj = cron_job(timeZone="Etc/UTC")
    cj["status"] = {}
    assert row("batch", "cronjobs", cj)[2:6] == ["Etc/UTC", "<unset>", 0, "<none>"]
