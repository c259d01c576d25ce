import pytest

from k8slab.apiserver import errors as E

from .helpers import create, pod, server

ANNOTATION = "kubernetes.io/limit-ranger"


def limit_range(*items, name="limits"):
    return {"apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": name}, "spec": {"limits": list(items)}}


def nginx(name="nginx", **resources):
    return pod(name, containers=[{"name": "nginx", "image": "nginx", **({"resources": resources} if resources else {})}])


def refused(api, obj, plural="pods") -> E.APIError:
    with pytest.raises(E.APIError) as e:
        create(api, plural, obj)
    assert e.value.code == 403 and e.value.reason == "Forbidden"
    return e.value


def test_defaults_requests_and_limits_and_annotates_the_pod():
    api = server(plugins=["LimitRanger"])
    create(api, "limitranges", limit_range({"type": "Container", "default": {"cpu": "500m", "memory": "256Mi"},
                                            "defaultRequest": {"cpu": "100m", "memory": "128Mi"}}))
    out = create(api, "pods", nginx())
    assert out["spec"]["containers"][0]["resources"] == {"limits": {"cpu": "500m", "memory": "256Mi"},
                                                         "requests": {"cpu": "100m", "memory": "128Mi"}}
    assert out["metadata"]["annotations"][ANNOTATION] == (
        "LimitRanger plugin set: cpu, memory request for container nginx; cpu, memory limit for container nginx")
    assert out["status"]["qosClass"] == "Burstable"
    step = api.admission.last_records[-1].steps[0]
    assert step["plugin"] == "LimitRanger" and step["phase"] == "admit"
    assert {"op": "add", "path": "/spec/containers/0/resources/limits",
            "value": {"cpu": "500m", "memory": "256Mi"}} in step["patch"]


def test_keeps_what_the_container_sets_and_names_init_containers():
    api = server(plugins=["LimitRanger"])
    create(api, "limitranges", limit_range({"type": "Container", "default": {"cpu": "1", "memory": "1Gi"}}))
    out = create(api, "pods", pod("p", initContainers=[{"name": "init", "image": "busybox"}],
                                  containers=[{"name": "web", "image": "nginx",
                                               "resources": {"limits": {"cpu": "200m"}}}]))
    web = out["spec"]["containers"][0]["resources"]
    # defaulting made requests.cpu = limits.cpu; the LimitRange's defaultRequest defaults to default
    assert web["limits"] == {"cpu": "200m", "memory": "1Gi"}
    assert web["requests"] == {"cpu": "200m", "memory": "1Gi"}
    assert out["metadata"]["annotations"][ANNOTATION] == (
        "LimitRanger plugin set: memory request for container web; memory limit for container web; "
        "cpu, memory request for init container init; cpu, memory limit for init container init")


def test_min_and_max_per_container_refuse_with_the_aggregate_message():
    api = server(plugins=["LimitRanger"])
    create(api, "limitranges", limit_range({"type": "Container", "min": {"cpu": "100m"}, "max": {"memory": "1Gi"},
                                            "default": {"cpu": "100m", "memory": "512Mi"}}))
    err = refused(api, nginx("x", requests={"cpu": "50m"}, limits={"cpu": "100m", "memory": "2Gi"}))
    assert err.message == ('pods "x" is forbidden: [minimum cpu usage per Container is 100m, but request is 50m, '
                           'maximum memory usage per Container is 1Gi, but limit is 2Gi]')
    err = refused(api, nginx("y", requests={"cpu": "50m"}))
    assert err.message == 'pods "y" is forbidden: minimum cpu usage per Container is 100m, but request is 50m'
    assert api.admission.last_records[-1].steps[-1]["plugin"] == "LimitRanger"
    assert "denied" in api.admission.last_records[-1].steps[-1]


def test_no_limit_and_ratio_messages():
    api = server(plugins=["LimitRanger"])
    create(api, "limitranges", limit_range({"type": "Container", "max": {"cpu": "2"},
                                            "maxLimitRequestRatio": {"memory": "2"}}))
    create(api, "limitranges", {**limit_range(name="zz"), "spec": {"limits": []}})
    # default <- max, so cpu gets a limit; memory has neither
    err = refused(api, nginx("a"))
    assert err.message == ('pods "a" is forbidden: memory max limit to request ratio per Container is 2, '
                           'but no request is specified or request is 0')
    err = refused(api, nginx("b", requests={"memory": "100Mi"}, limits={"memory": "300Mi"}))
    assert err.message == ('pods "b" is forbidden: memory max limit to request ratio per Container is 2, '
                           'but provided ratio is 3.000000')


def test_pod_type_sums_the_containers():
    api = server(plugins=["LimitRanger"])
    create(api, "limitranges", limit_range({"type": "Pod", "max": {"cpu": "1"}}))
    two = [{"name": n, "image": "nginx", "resources": {"limits": {"cpu": "600m"}}} for n in ("a", "b")]
    err = refused(api, pod("big", containers=two))
    assert err.message == 'pods "big" is forbidden: maximum cpu usage per Pod is 1, but limit is 1200m'
    create(api, "pods", pod("small", containers=two[:1]))


def test_claims_min_and_max_storage():
    api = server(plugins=["LimitRanger"])
    create(api, "limitranges", limit_range({"type": "PersistentVolumeClaim", "min": {"storage": "1Gi"},
                                            "max": {"storage": "10Gi"}}))

    def claim(name, size):
        return {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": name},
                "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": size}}}}
    err = refused(api, claim("big", "20Gi"), "persistentvolumeclaims")
    assert err.message == ('persistentvolumeclaims "big" is forbidden: maximum storage usage per '
                           'PersistentVolumeClaim is 10Gi, but request is 20Gi')
    err = refused(api, claim("small", "500Mi"), "persistentvolumeclaims")
    assert err.message == ('persistentvolumeclaims "small" is forbidden: minimum storage usage per '
                           'PersistentVolumeClaim is 1Gi, but request is 500Mi')
    assert create(api, "persistentvolumeclaims", claim("ok", "5Gi"))["metadata"]["name"] == "ok"


def test_other_namespaces_and_pod_updates_are_untouched():
    api = server(plugins=["LimitRanger"])
    create(api, "namespaces", {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "other"}}, ns=None)
    create(api, "limitranges", limit_range({"type": "Container", "min": {"cpu": "1"}}))
    out = create(api, "pods", nginx("free"), ns="other")
    assert "annotations" not in out["metadata"]
    assert api.admission.plugin("LimitRanger").limit_ranges("other") == []


def test_a_limit_range_is_validated_on_create():
    api = server(plugins=["LimitRanger"])
    with pytest.raises(E.APIError) as e:
        create(api, "limitranges", limit_range({"type": "Container", "min": {"cpu": "2"}, "max": {"cpu": "1"}}))
    assert e.value.code == 422
    assert "min value 2 is greater than max value 1" in e.value.message
