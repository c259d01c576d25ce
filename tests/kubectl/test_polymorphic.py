"""Which pod a workload names: selectors of workloads and services, and kubectl's pod orders."""

import pytest

from k8slab.kubectl import polymorphic


def pod(name, node="n1", phase="Running", ready=True, ready_at="2024-01-01T00:00:00Z", restarts=0,
        created="2024-01-01T00:00:00Z"):
    return {"metadata": {"name": name, "creationTimestamp": created}, "spec": {"nodeName": node},
            "status": {"phase": phase,
                       "conditions": [{"type": "Ready", "status": "True" if ready else "False",
                                       "lastTransitionTime": ready_at}],
                       "containerStatuses": [{"restartCount": restarts}]}}


def test_selectors():
    dep = {"kind": "Deployment", "apiVersion": "apps/v1", "metadata": {"namespace": "ns"},
           "spec": {"selector": {"matchLabels": {"b": "2", "a": "1"},
                                 "matchExpressions": [{"key": "c", "operator": "In", "values": ["y", "x"]}]}}}
    assert polymorphic.selectors_for_object(dep) == ("ns", "a=1,b=2,c in (x,y)")
    svc = {"kind": "Service", "apiVersion": "v1", "metadata": {"name": "s", "namespace": "ns"},
           "spec": {"selector": {"app": "web"}}}
    assert polymorphic.selectors_for_object(svc) == ("ns", "app=web")
    with pytest.raises(ValueError, match="^invalid service 's': Service is defined without a selector$"):
        polymorphic.selectors_for_object({**svc, "spec": {}})
    with pytest.raises(ValueError, match=r"^selector for \*v1.ConfigMap not implemented$"):
        polymorphic.selectors_for_object({"kind": "ConfigMap", "apiVersion": "v1", "metadata": {}})


def test_by_logging_prefers_assigned_running_ready_long_ready_restarted_old_pods():
    pods = [pod("unassigned", node=""), pod("pending", phase="Pending"), pod("unready", ready=False),
            pod("ready-later", ready_at="2024-01-02T00:00:00Z"), pod("restarted", restarts=3),
            pod("newer", created="2024-01-03T00:00:00Z"), pod("first")]
    assert [p["metadata"]["name"] for p in polymorphic.by_logging(pods)] == [
        "restarted", "first", "newer", "ready-later", "unready", "pending", "unassigned"]


def test_most_active_first_is_what_attach_and_port_forward_pick():
    pods = [pod("unassigned", node=""), pod("pending", phase="Pending"), pod("old"),
            pod("new", created="2024-01-03T00:00:00Z", ready_at="2024-01-03T00:00:00Z")]
    assert [p["metadata"]["name"] for p in polymorphic.most_active_first(pods)] == [
        "old", "new", "pending", "unassigned"]
