import pytest

from k8slab.apiserver import errors as E

from .helpers import create, pod, server


def quota(api, name, hard, used=None, ns="default", **spec):
    """A ResourceQuota whose status the controller has filled in (or not, used=None)."""
    out = create(api, "resourcequotas", {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": name},
                                         "spec": {"hard": hard, **spec}}, ns=ns)
    if used is not None:
        res = api.lookup("", "v1", "resourcequotas")
        out = api.registry.update(res, ns, name, {**out, "status": {"hard": hard, "used": used}},
                                  subresource="status")
    return out


def status(api, name, ns="default"):
    return api.registry.get(api.lookup("", "v1", "resourcequotas"), ns, name)["status"]


def nginx(name, **resources):
    return pod(name, containers=[{"name": "nginx", "image": "nginx", "resources": resources}])


def refused(api, plural, obj) -> str:
    with pytest.raises(E.APIError) as e:
        create(api, plural, obj)
    assert e.value.code == 403 and e.value.reason == "Forbidden"
    return e.value.message


def test_counts_pods_and_refuses_the_one_too_many():
    api = server(plugins=["ResourceQuota"])
    quota(api, "compute-quota", {"pods": "2"}, {"pods": "1"})
    create(api, "pods", pod("a"))
    assert status(api, "compute-quota")["used"] == {"pods": "2"}
    msg = refused(api, "pods", pod("x"))
    assert msg == 'pods "x" is forbidden: exceeded quota: compute-quota, requested: pods=1, used: pods=2, limited: pods=2'
    assert status(api, "compute-quota")["used"] == {"pods": "2"}
    assert api.admission.last_records[-1].steps == [{"plugin": "ResourceQuota", "phase": "validate", "denied": msg}]


def test_compute_resources_must_be_stated_and_are_summed():
    api = server(plugins=["ResourceQuota"])
    hard = {"requests.cpu": "1", "limits.memory": "1Gi", "limits.cpu": "2", "requests.memory": "1Gi"}
    quota(api, "compute-quota", hard, {k: "0" for k in hard})
    msg = refused(api, "pods", nginx("bare"))
    assert msg == ('pods "bare" is forbidden: failed quota: compute-quota: must specify limits.cpu for: nginx; '
                   'limits.memory for: nginx; requests.cpu for: nginx; requests.memory for: nginx')
    create(api, "pods", nginx("a", requests={"cpu": "600m", "memory": "512Mi"}, limits={"cpu": "1", "memory": "512Mi"}))
    assert status(api, "compute-quota")["used"] == {"limits.cpu": "1", "limits.memory": "512Mi",
                                                    "requests.cpu": "600m", "requests.memory": "512Mi"}
    msg = refused(api, "pods", nginx("b", requests={"cpu": "600m", "memory": "256Mi"},
                                     limits={"cpu": "1", "memory": "256Mi"}))
    assert msg == ('pods "b" is forbidden: exceeded quota: compute-quota, requested: requests.cpu=600m, '
                   'used: requests.cpu=600m, limited: requests.cpu=1')


def test_status_unknown_until_the_controller_has_counted():
    api = server(plugins=["ResourceQuota"])
    quota(api, "q", {"pods": "5", "requests.cpu": "1"}, {"pods": "0"})
    msg = refused(api, "pods", nginx("a", requests={"cpu": "100m"}))
    assert msg == 'pods "a" is forbidden: status unknown for quota: q, resources: pods,requests.cpu'


def test_a_quota_without_status_matches_nothing():
    api = server(plugins=["ResourceQuota"])
    quota(api, "fresh", {"pods": "0"})                  # status.hard is what admission reads
    create(api, "pods", pod("a"))


def test_services_nodeports_and_object_counts():
    api = server(plugins=["ResourceQuota"])
    hard = {"services": "5", "services.nodeports": "1", "services.loadbalancers": "0", "configmaps": "1",
            "count/deployments.apps": "0"}
    quota(api, "objects", hard, {k: "0" for k in hard})
    svc = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"},
           "spec": {"type": "NodePort", "ports": [{"name": "http", "port": 80}, {"name": "https", "port": 443}]}}
    msg = refused(api, "services", svc)
    assert msg == ('services "web" is forbidden: exceeded quota: objects, requested: services.nodeports=2, '
                   'used: services.nodeports=0, limited: services.nodeports=1')
    create(api, "services", {**svc, "spec": {"ports": [{"port": 80}]}})
    create(api, "configmaps", {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "one"}})
    assert status(api, "objects")["used"]["configmaps"] == "1"
    assert status(api, "objects")["used"]["services"] == "1"
    msg = refused(api, "configmaps", {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "two"}})
    assert msg.endswith("exceeded quota: objects, requested: configmaps=1, used: configmaps=1, limited: configmaps=1")
    dep = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"},
           "spec": {"selector": {"matchLabels": {"a": "b"}},
                    "template": {"metadata": {"labels": {"a": "b"}}, "spec": {"containers": [{"name": "c", "image": "i"}]}}}}
    with pytest.raises(E.APIError) as e:
        create(api, "deployments", dep, group="apps")
    assert e.value.message == ('deployments.apps "d" is forbidden: exceeded quota: objects, requested: '
                               'count/deployments.apps=1, used: count/deployments.apps=0, limited: count/deployments.apps=0')


def test_scopes_choose_the_pods_a_quota_counts():
    api = server(plugins=["ResourceQuota"])
    quota(api, "best-effort", {"pods": "0"}, {"pods": "0"}, scopes=["BestEffort"])
    quota(api, "long", {"pods": "1"}, {"pods": "0"}, scopes=["NotTerminating", "NotBestEffort"])
    msg = refused(api, "pods", pod("plain"))
    assert "exceeded quota: best-effort" in msg
    create(api, "pods", nginx("burst", requests={"cpu": "100m"}))
    assert status(api, "long")["used"] == {"pods": "1"}
    job = nginx("job", requests={"cpu": "100m"})
    job["spec"]["activeDeadlineSeconds"] = 60            # Terminating: not counted by "long"
    create(api, "pods", job)
    assert status(api, "long")["used"] == {"pods": "1"}
    assert "exceeded quota: long" in refused(api, "pods", nginx("more", requests={"cpu": "100m"}))


def test_dry_run_checks_but_charges_nothing_and_other_namespaces_are_free():
    api = server(plugins=["ResourceQuota"])
    quota(api, "q", {"pods": "1"}, {"pods": "0"})
    create(api, "pods", pod("a"), dry_run=True)
    assert status(api, "q")["used"] == {"pods": "0"}
    create(api, "namespaces", {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "free"}}, ns=None)
    for i in range(3):
        create(api, "pods", pod(f"p{i}"), ns="free")
    assert api.admission.plugin("ResourceQuota").quotas_in("free") == []
