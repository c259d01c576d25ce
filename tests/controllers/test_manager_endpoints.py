"""What kube-controller-manager's endpoints serve, from Python: /healthz, /metrics, /configz."""

from prometheus_client.parser import text_string_to_metric_families

from k8slab.controllers.manager import ControllerManager

from .helpers import make_cluster, replica_set


def samples(cm) -> dict:
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for f in text_string_to_metric_families(cm.metrics()) for s in f.samples}


def test_healthz_has_a_check_per_started_controller():
    assert ControllerManager("replicaset").healthz(verbose=True) == "[+]ping ok\nhealthz check passed\n"
    c, cm = make_cluster("replicaset,deployment")
    assert cm.healthz() == "ok"
    assert cm.healthz(verbose=True) == "[+]replicaset-controller ok\n[+]deployment-controller ok\nhealthz check passed\n"
    assert c.api.components["controller-manager"]() == (True, "ok")
    assert ("controller-manager", True, "ok") in c.api.component_health()


def test_workqueue_metrics_count_what_the_queue_did():
    c, cm = make_cluster("replicaset")
    c.apply(replica_set("web", 2))
    q = cm["replicaset"].queue
    got = samples(cm)
    name = (("name", "replicaset"),)
    assert got["workqueue_adds_total", name] == q.adds >= 1
    assert got["workqueue_depth", name] == 0
    # every key handed out was timed in the queue and in its sync, each 0 s on the virtual clock
    assert got["workqueue_queue_duration_seconds_count", name] == cm["replicaset"].syncs
    assert got["workqueue_work_duration_seconds_count", name] == cm["replicaset"].syncs
    assert got["workqueue_work_duration_seconds_bucket", (("le", "1e-08"), *name)] == cm["replicaset"].syncs
    assert got["workqueue_retries_total", name] == q.metrics.retries
    assert got["workqueue_unfinished_work_seconds", name] == 0


def test_configz():
    cm = ControllerManager("*,-deployment")
    assert cm.configz() == {"kubecontrollermanager.config.k8s.io": {
        "Generic": {"Controllers": ["*", "-deployment"], "LeaderElection": {"LeaderElect": False}}}}
