from k8slab.quota import pods as P
from k8slab.quota.resources import to_wire


def container(name, requests=None, limits=None, **extra):
    return {"name": name, "image": "i", "resources": {"requests": requests or {}, "limits": limits or {}}, **extra}


def test_requests_are_the_containers_sum_or_the_largest_init_container():
    pod = {"spec": {"containers": [container("a", {"cpu": "100m"}), container("b", {"cpu": "200m", "memory": "1Gi"})],
                    "initContainers": [container("init", {"cpu": "500m"})]}}
    assert to_wire(P.pod_requests(pod)) == {"cpu": "500m", "memory": "1Gi"}
    # a sidecar runs beside the containers and before later init containers
    pod["spec"]["initContainers"].insert(0, container("side", {"cpu": "100m"}, restartPolicy="Always"))
    assert to_wire(P.pod_requests(pod)) == {"cpu": "600m", "memory": "1Gi"}
    pod["spec"]["overhead"] = {"cpu": "50m"}
    assert to_wire(P.pod_requests(pod)) == {"cpu": "650m", "memory": "1Gi"}


def test_usage_and_terminal_pods():
    pod = {"metadata": {}, "spec": {"containers": [container("a", {"cpu": "100m"}, {"memory": "64Mi"})]},
           "status": {"phase": "Running"}}
    assert to_wire(P.pod_usage(pod, 0)) == {"count/pods": "1", "cpu": "100m", "limits.memory": "64Mi",
                                            "pods": "1", "requests.cpu": "100m"}
    pod["status"]["phase"] = "Succeeded"
    assert to_wire(P.pod_usage(pod, 0)) == {"count/pods": "1"}


def test_qos_and_scopes():
    best = {"spec": {"containers": [container("a")]}}
    guaranteed = {"spec": {"containers": [container("a", {"cpu": "1", "memory": "1Gi"}, {"cpu": "1", "memory": "1Gi"})],
                           "activeDeadlineSeconds": 10}}
    assert P.pod_qos(best) == "BestEffort" and P.pod_qos(guaranteed) == "Guaranteed"
    assert P.matches_scope({"scopeName": "BestEffort"}, best)
    assert P.matches_scope({"scopeName": "Terminating"}, guaranteed)
    assert not P.matches_scope({"scopeName": "NotTerminating"}, guaranteed)
    high = {"spec": {"priorityClassName": "high", "containers": []}}
    assert P.matches_scope({"scopeName": "PriorityClass", "operator": "In", "values": ["high"]}, high)
    assert not P.matches_scope({"scopeName": "PriorityClass", "operator": "In", "values": ["high"]}, best)
