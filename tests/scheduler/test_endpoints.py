"""What kube-scheduler's endpoints serve, from Python: health checks, configz, traces."""

import json

import pytest

from k8slab.scheduler import Scheduler
from k8slab.scheduler.endpoints import NoTrace
from k8slab.scheduler.plugins import DEFAULT_PLUGINS

from .builders import create, make_node, make_pod, scheduler_cluster


def test_healthz_livez_readyz_as_upstream_prints_them():
    c, s = scheduler_cluster()
    assert s.healthz() == "ok"
    assert s.healthz(verbose=True) == "[+]ping ok\nhealthz check passed\n"
    assert s.livez(verbose=True) == "[+]ping ok\nlivez check passed\n"
    assert s.readyz(verbose=True) == "[+]shutdown ok\n[+]sched-handler-sync ok\nreadyz check passed\n"
    assert s.component_status() == (True, "ok")
    s.shutting_down = True
    assert s.readyz() == "[-]shutdown failed: reason withheld\n[+]sched-handler-sync ok\nreadyz check failed\n"
    assert s.readyz(exclude=["shutdown"]) == "ok"
    assert s.healthz() == "ok"                                # healthz and livez do not look at shutdown


def test_readyz_waits_for_the_informers():
    assert "[-]sched-handler-sync failed: reason withheld" in Scheduler().readyz()


def test_configz_holds_the_effective_profile():
    c, s = scheduler_cluster(percentage_of_nodes_to_score=30, plugin_args={"DefaultPreemption": {
        "minCandidateNodesPercentage": 20}})
    cfg = json.loads(json.dumps(s.configz()))["componentconfig"]
    assert cfg["PercentageOfNodesToScore"] == 30
    assert (cfg["PodInitialBackoffSeconds"], cfg["PodMaxBackoffSeconds"]) == (1, 10)
    [profile] = cfg["Profiles"]
    assert profile["SchedulerName"] == "default-scheduler"
    assert [(p["Name"], p["Weight"]) for p in profile["Plugins"]["MultiPoint"]["Enabled"]] == list(DEFAULT_PLUGINS)
    assert profile["Plugins"]["Filter"] == {"Enabled": None, "Disabled": None}
    assert profile["PluginConfig"] == [{"Name": "DefaultPreemption", "Args": {"minCandidateNodesPercentage": 20}}]


def test_traces_as_json_and_text_and_a_clear_miss():
    c, s = scheduler_cluster()
    create(c, make_node("n1", cpu="1"), make_node("n2", cpu="4"))
    create(c, make_pod("web").req(cpu="2"))
    c.settle()
    [attempt] = s.trace_json("default", "web")
    assert json.loads(json.dumps(attempt)) == attempt
    assert (attempt["pod"], attempt["result"], attempt["node"]) == ("default/web", "Scheduled", "n2")
    assert attempt["failures"]["n1"] == {"plugin": "NodeResourcesFit", "code": "Unschedulable",
                                         "reasons": ["Insufficient cpu"]}
    text = s.trace_text("default", "web")
    assert text == str(s.traces.last("default", "web")) + "\n"
    with pytest.raises(NoTrace, match='no scheduling attempt is kept for pod "default/nope": the scheduler keeps '
                                      'the last 4 attempts of the 1000 pods it tried most recently'):
        s.trace_json("default", "nope")
    with pytest.raises(NoTrace, match=r"scheduling traces are off \(Scheduler\(traces=False\)\)"):
        Scheduler(traces=False).trace_json("default", "web")
