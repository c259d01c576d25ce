"""The resourcequota controller: status from spec, usage recalculated on the events that free
quota and on the resync period."""

from k8slab.apiserver.errors import APIError
from k8slab.controllers.resourcequota import ResourceQuotaController

from ..helpers import NS, make_cluster


def quota(name, hard, **spec):
    return {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": name, "namespace": NS},
            "spec": {"hard": hard, **spec}}


def pod(name, cpu="100m", **spec):
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": NS},
            "spec": {"containers": [{"name": "c", "image": "nginx", "resources": {"requests": {"cpu": cpu}}}], **spec}}


def status(c, name="q"):
    return c.client.get("v1", "ResourceQuota", name, NS)["status"]


def set_phase(c, name, phase):
    p = c.client.get("v1", "Pod", name, NS)
    p["status"]["phase"] = phase
    c.client._call("PUT", f"/api/v1/namespaces/{NS}/pods/{name}/status", None, p)


def test_is_default_on_and_fills_status_from_what_exists():
    c, cm = make_cluster()
    assert isinstance(cm["resourcequota"], ResourceQuotaController)
    c.client.create(pod("before"))
    c.client.create({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s", "namespace": NS}})
    c.apply(quota("q", {"pods": "3", "requests.cpu": "1", "secrets": "10", "count/deployments.apps": "2"}))
    c.settle()
    assert status(c) == {"hard": {"count/deployments.apps": "2", "pods": "3", "requests.cpu": "1", "secrets": "10"},
                         "used": {"count/deployments.apps": "0", "pods": "1", "requests.cpu": "100m", "secrets": "1"}}


def test_terminal_and_deleted_pods_free_their_quota():
    c, _ = make_cluster("resourcequota")
    c.apply(quota("q", {"pods": "2", "count/pods": "5"}))
    c.settle()
    c.client.create(pod("a"))
    c.client.create(pod("b"))
    assert status(c)["used"] == {"count/pods": "2", "pods": "2"}       # charged by admission
    try:
        c.client.create(pod("c"))
        raise AssertionError("quota should refuse")
    except APIError as e:
        assert "exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2" in e.message
    set_phase(c, "a", "Succeeded")
    c.settle()
    assert status(c)["used"] == {"count/pods": "2", "pods": "1"}       # count/pods counts every stored pod
    c.client.delete("v1", "Pod", "b", NS)
    c.settle()
    assert status(c)["used"] == {"count/pods": "1", "pods": "0"}
    c.client.create(pod("c"))


def test_spec_change_updates_hard_and_resync_repairs_drift():
    c, cm = make_cluster("resourcequota")
    c.apply(quota("q", {"pods": "2"}))
    c.settle()
    q = c.client.get("v1", "ResourceQuota", "q", NS)
    q["spec"]["hard"] = {"pods": "4", "configmaps": "1"}
    c.client.update(q)
    c.settle()
    assert status(c) == {"hard": {"configmaps": "1", "pods": "4"}, "used": {"configmaps": "0", "pods": "0"}}
    # usage that drifted (a status written by hand) comes back on the resync period
    q = c.client.get("v1", "ResourceQuota", "q", NS)
    q["status"]["used"]["pods"] = "3"
    c.client._call("PUT", f"/api/v1/namespaces/{NS}/resourcequotas/q/status", None, q)
    c.settle()
    assert status(c)["used"]["pods"] == "3"
    c.advance(cm["resourcequota"].resync_period)
    c.settle()
    assert status(c)["used"]["pods"] == "0"


def test_scoped_quota_counts_only_matching_pods():
    c, _ = make_cluster("resourcequota")
    c.apply(quota("q", {"pods": "5"}, scopes=["Terminating"]))
    c.client.create(pod("long"))
    c.client.create(pod("job", activeDeadlineSeconds=30))
    c.settle()
    assert status(c)["used"] == {"pods": "1"}


def test_namespaces_without_quota_cost_nothing():
    c, cm = make_cluster("resourcequota")
    rq = cm["resourcequota"]
    before = rq.syncs
    for i in range(20):
        c.client.create(pod(f"p{i}"))
    c.settle()
    for i in range(20):
        c.client.delete("v1", "Pod", f"p{i}", NS)
    c.settle()
    assert rq.syncs == before and len(rq.queue) == 0
