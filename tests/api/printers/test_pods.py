"""printPod: READY, the STATUS word, RESTARTS with `(5m ago)`, the wide columns, row conditions."""

import pytest

from k8slab.api.printers import table

from .builders import NOW, make_pod


def cells(pod, now=NOW):
    return table("", "pods", [pod], now)["rows"][0]["cells"]


def status(pod):
    ready, word, restarts = cells(pod)[1:4]
    return ready, word, restarts


def test_pending_pod_without_statuses():
    pod = make_pod("web")
    pod["spec"]["containers"] = [{"name": "web", "image": "nginx"}]
    assert cells(pod) == ["web", "0/1", "Pending", "0", "60m", "<none>", "<none>", "<none>", "<none>"]


@pytest.mark.parametrize("reason", ["ContainerCreating", "ErrImagePull", "ImagePullBackOff",
                                    "CreateContainerConfigError"])
def test_waiting_reason_is_the_status(reason):
    pod = make_pod("web").node("n1").container("web", waiting=reason)
    assert status(pod) == ("0/1", reason, "0")


def test_running_and_ready():
    pod = make_pod("web").phase("Running").container("web", running=True, ready=True)
    assert status(pod) == ("1/1", "Running", "0")


def test_running_but_not_ready_counts_zero():
    pod = make_pod("web").phase("Running").container("web", running=True, ready=False)
    assert status(pod) == ("0/1", "Running", "0")


def test_crash_loop_back_off_with_restarts_and_when():
    pod = make_pod("web").phase("Running").container("web", waiting="CrashLoopBackOff", restarts=5,
                                                     last_finished=3300)
    assert status(pod) == ("0/1", "CrashLoopBackOff", "5 (5m ago)")


def test_restarts_without_last_termination_have_no_suffix():
    pod = make_pod("web").phase("Running").container("web", running=True, ready=True, restarts=3)
    assert status(pod) == ("1/1", "Running", "3")


def test_completed_and_error_and_their_row_conditions():
    done = make_pod("job-1").phase("Succeeded").container("main", terminated=(0, "Completed"))
    failed = make_pod("job-2").phase("Failed").container("main", terminated=(1, "Error"))
    t = table("", "pods", [done, failed], NOW)
    assert [r["cells"][2] for r in t["rows"]] == ["Completed", "Error"]
    assert t["rows"][0]["conditions"] == [{"type": "Completed", "status": "True", "reason": "Succeeded",
                                           "message": "The pod has completed successfully."}]
    assert t["rows"][1]["conditions"] == [{"type": "Completed", "status": "True", "reason": "Failed",
                                           "message": "The pod failed."}]
    running = make_pod("web").phase("Running").container("web", running=True, ready=True)
    assert "conditions" not in table("", "pods", [running], NOW)["rows"][0]


def test_terminated_without_reason_shows_signal_or_exit_code():
    assert status(make_pod("a").phase("Failed").container("c", terminated=(137, None)))[1] == "ExitCode:137"
    assert status(make_pod("b").phase("Failed").container("c", terminated=(137, None, 9)))[1] == "Signal:9"


def test_first_container_wins_the_status():
    pod = (make_pod("web").phase("Pending")
           .container("app", waiting="ErrImagePull").container("log", waiting="ContainerCreating"))
    assert status(pod) == ("0/2", "ErrImagePull", "0")


def test_completed_container_next_to_a_running_one():
    base = lambda: (make_pod("web").phase("Running")
                    .container("init-like", terminated=(0, "Completed"))
                    .container("server", running=True, ready=True))
    assert status(base()) == ("1/2", "NotReady", "0")
    assert status(base().condition("Ready")) == ("1/2", "Running", "0")


# --- init containers ------------------------------------------------------------------------------

def test_init_running_is_init_0_of_1():
    pod = (make_pod("web").node("n1").container("setup", init=True, running=True)
           .container("web", waiting="PodInitializing"))
    assert status(pod) == ("0/1", "Init:0/1", "0")


def test_second_of_two_init_containers():
    pod = (make_pod("web").container("one", init=True, terminated=(0, "Completed"))
           .container("two", init=True, running=True).container("web", waiting="PodInitializing"))
    assert status(pod)[1] == "Init:1/2"


@pytest.mark.parametrize("kwargs,word", [
    ({"waiting": "CrashLoopBackOff"}, "Init:CrashLoopBackOff"),
    ({"terminated": (1, "Error")}, "Init:Error"),
    ({"terminated": (2, None)}, "Init:ExitCode:2"),
    ({"terminated": (2, None, 9)}, "Init:Signal:9"),
    ({"waiting": "PodInitializing"}, "Init:0/1"),
])
def test_failing_init_container(kwargs, word):
    pod = make_pod("web").container("setup", init=True, **kwargs).container("web", waiting="PodInitializing")
    assert status(pod)[1] == word


def test_init_restarts_count_while_initializing():
    pod = (make_pod("web").container("setup", init=True, waiting="CrashLoopBackOff", restarts=4,
                                     last_finished=3540)
           .container("web", waiting="PodInitializing"))
    assert status(pod) == ("0/1", "Init:CrashLoopBackOff", "4 (60s ago)")


def test_pod_initializing_after_init_done():
    pod = (make_pod("web").condition("Initialized")
           .container("setup", init=True, terminated=(0, "Completed"), restarts=1)
           .container("web", waiting="PodInitializing"))
    # restarts of finished (non-sidecar) init containers are not shown once initialized
    assert status(pod) == ("0/1", "PodInitializing", "0")


def test_sidecar_counts_in_ready_total_and_restarts():
    pod = (make_pod("web").phase("Running").condition("Initialized")
           .container("proxy", sidecar=True, started=True, running=True, ready=True, restarts=2,
                      last_finished=3000)
           .container("web", running=True, ready=True, restarts=1, last_finished=3480))
    assert status(pod) == ("2/2", "Running", "3 (2m ago)")


def test_sidecar_not_started_blocks_as_init():
    pod = (make_pod("web").container("proxy", sidecar=True, started=False, running=True)
           .container("web", waiting="PodInitializing"))
    assert status(pod) == ("0/2", "Init:0/1", "0")


# --- pod-level reasons ----------------------------------------------------------------------------

def test_terminating_when_deletion_timestamp_set():
    pod = make_pod("web").phase("Running").deleting().container("web", running=True, ready=True)
    assert status(pod) == ("1/1", "Terminating", "0")


def test_finished_pod_being_deleted_keeps_its_word():
    pod = make_pod("job").phase("Succeeded").deleting().container("main", terminated=(0, "Completed"))
    assert status(pod)[1] == "Completed"


def test_node_lost_and_unknown():
    lost = make_pod("web").phase("Running", "NodeLost").container("web", running=True, ready=True)
    assert status(lost)[1] == "NodeLost"
    assert status(lost.deleting())[1] == "Unknown"


def test_evicted_pod():
    pod = make_pod("web").phase("Failed", "Evicted")
    pod["spec"]["containers"] = [{"name": "web", "image": "nginx"}]
    assert status(pod) == ("0/1", "Evicted", "0")


def test_scheduling_gated():
    pod = make_pod("web").condition("PodScheduled", "False", "SchedulingGated")
    pod["spec"]["containers"] = [{"name": "web", "image": "nginx"}]
    assert status(pod)[1] == "SchedulingGated"


# --- wide columns ---------------------------------------------------------------------------------

def test_wide_cells():
    pod = (make_pod("web").phase("Running").node("node01").ip("10.244.1.5", "fd00::5")
           .container("web", running=True, ready=True).condition("example.com/gate-a")
           .condition("example.com/gate-b", "False"))
    pod["spec"]["readinessGates"] = [{"conditionType": "example.com/gate-a"},
                                     {"conditionType": "example.com/gate-b"}]
    pod["status"]["nominatedNodeName"] = "node02"
    assert cells(pod)[5:] == ["10.244.1.5", "node01", "node02", "1/2"]


def test_pod_ip_falls_back_to_status_pod_ip():
    pod = make_pod("web").phase("Running").container("web", running=True, ready=True)
    pod["status"]["podIP"] = "10.244.2.7"
    assert cells(pod)[5] == "10.244.2.7"


def test_wide_columns_have_priority_one():
    columns = table("", "pods", [], NOW)["columnDefinitions"]
    assert [(c["name"], c["priority"]) for c in columns] == [
        ("Name", 0), ("Ready", 0), ("Status", 0), ("Restarts", 0), ("Age", 0), ("IP", 1), ("Node", 1),
        ("Nominated Node", 1), ("Readiness Gates", 1)]
    assert [c["type"] for c in columns] == ["string"] * 9
    assert columns[0]["format"] == "name"
