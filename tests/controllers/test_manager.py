import pytest

from k8slab.cluster import Cluster
from k8slab.controllers import manager as m
from k8slab.controllers.manager import ControllerManager, canonical_name, is_controller_enabled

from .helpers import make_cluster, replica_set


def test_star_enables_every_default_controller_and_not_the_default_off_ones():
    cm = ControllerManager("*")
    assert {"replicaset-controller", "deployment-controller", "daemonset-controller",
            "statefulset-controller", "replicationcontroller-controller"} <= set(cm.controllers)
    assert "bootstrap-signer-controller" not in cm.enabled
    assert "token-cleaner-controller" not in cm.enabled
    # known upstream controllers that k8slab does not implement are listed, not started
    assert "horizontal-pod-autoscaler-controller" in cm.unavailable


def test_controllers_flag_first_match_wins_and_aliases_resolve():
    cm = ControllerManager("*,-deployment,bootstrapsigner,tokencleaner")
    assert "deployment-controller" not in cm.controllers
    assert "replicaset-controller" in cm.controllers
    assert {"bootstrap-signer-controller", "token-cleaner-controller"} <= set(cm.enabled)
    only = ControllerManager(["replicaset", "daemonset-controller"])
    assert list(only.controllers) == ["replicaset-controller", "daemonset-controller"]
    assert ControllerManager("").controllers == {}           # nothing named, no star: nothing on
    flags = ["-replicaset-controller", "*", "replicaset-controller"]
    assert is_controller_enabled("replicaset-controller", flags) is False
    assert canonical_name("nodelifecycle") == "node-lifecycle-controller"
    assert canonical_name("podgc") == "pod-garbage-collector-controller"
    assert canonical_name("nope") is None


def test_unknown_controller_is_refused_with_upstreams_message():
    with pytest.raises(ValueError, match='"foo" is not in the list of known controllers'):
        ControllerManager("*,foo")


def test_registry_takes_new_controllers_under_canonical_or_alias_names(monkeypatch):
    class Stub:
        name = "job-controller"
        started = False

        def start(self, cluster):
            self.started = True

        def process(self):
            return 0

    monkeypatch.setitem(m.CONTROLLERS, "job", Stub)      # registered under the alias
    cm = ControllerManager("job")
    assert list(cm.controllers) == ["job-controller"]
    c = Cluster(start=False)
    c.add_component(cm)
    c.start()
    assert cm["job"].started and cm.get("job-controller") is cm["job"]


def test_health_metrics_and_componentstatus():
    c, cm = make_cluster("replicaset")
    c.apply(replica_set("web", 2))
    assert cm.healthz() == "ok"
    text = cm.metrics()
    assert "# TYPE workqueue_adds_total counter" in text
    assert 'workqueue_depth{name="replicaset"} 0.0' in text
    adds = [line for line in text.splitlines() if line.startswith('workqueue_adds_total{name="replicaset"}')]
    assert adds and float(adds[0].split()[-1]) >= 1
    assert c.api.components["controller-manager"]() == (True, "ok")


def test_the_cluster_builds_a_controller_manager_by_default():
    c = Cluster(seed=0)
    managers = [x for x in c.components if getattr(x, "name", "") == "kube-controller-manager"]
    assert len(managers) == 1 and "replicaset-controller" in managers[0].controllers
