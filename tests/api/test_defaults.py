"""Defaulting, table-driven: each case is the object a client sends and the object a v1.32
apiserver hands back (registry-assigned values such as clusterIP, uid and timestamps left out).
Expected values are written from pkg/apis/*/v1/defaults.go and the registry strategies."""

import copy

import pytest

from k8slab.api.defaults import apply_defaults, image_tag, job_prepare_for_create, prepare_for_create

CONTAINER = {"image": "nginx", "imagePullPolicy": "Always", "name": "web", "resources": {},
             "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File"}
POD_SPEC = {"dnsPolicy": "ClusterFirst", "restartPolicy": "Always", "schedulerName": "default-scheduler",
            "securityContext": {}, "terminationGracePeriodSeconds": 30}


def tmpl(labels=None, **spec):
    meta = {"creationTimestamp": None}
    if labels is not None:
        meta["labels"] = labels
    return {"metadata": meta, "spec": {"containers": [dict(CONTAINER)], **POD_SPEC, **spec}}


def raw_tmpl(labels=None):
    t = {"spec": {"containers": [{"name": "web", "image": "nginx"}]}}
    if labels is not None:
        t["metadata"] = {"labels": labels}
    return t


CASES = {
    "pod": (
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
         "spec": {"containers": [{"name": "web", "image": "nginx"}]}},
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
         "spec": {"containers": [dict(CONTAINER)], **POD_SPEC, "enableServiceLinks": True}, "status": {}}),
    "pod requests from limits, probes, volumes, env": (
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {
            "serviceAccountName": "sa", "hostNetwork": True,
            "volumes": [{"name": "a"}, {"name": "s", "secret": {"secretName": "x"}},
                        {"name": "c", "configMap": {"name": "x"}}, {"name": "h", "hostPath": {"path": "/x"}}],
            "containers": [{"name": "web", "image": "nginx:1.15", "ports": [{"containerPort": 80}],
                            "env": [{"name": "N", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}],
                            "resources": {"limits": {"cpu": "0.5", "memory": "1024Mi"}},
                            "livenessProbe": {"httpGet": {"port": 80}},
                            "readinessProbe": {"tcpSocket": {"port": 80}, "periodSeconds": 5}}]}},
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "status": {}, "spec": {
            **POD_SPEC, "serviceAccountName": "sa", "serviceAccount": "sa", "hostNetwork": True,
            "enableServiceLinks": True,
            "volumes": [{"name": "a", "emptyDir": {}}, {"name": "s", "secret": {"secretName": "x", "defaultMode": 420}},
                        {"name": "c", "configMap": {"name": "x", "defaultMode": 420}},
                        {"name": "h", "hostPath": {"path": "/x", "type": ""}}],
            "containers": [{"name": "web", "image": "nginx:1.15", "imagePullPolicy": "IfNotPresent",
                            "ports": [{"containerPort": 80, "hostPort": 80, "protocol": "TCP"}],
                            "env": [{"name": "N", "valueFrom": {"fieldRef": {"apiVersion": "v1",
                                                                             "fieldPath": "metadata.name"}}}],
                            "resources": {"limits": {"cpu": "500m", "memory": "1Gi"},
                                          "requests": {"cpu": "500m", "memory": "1Gi"}},
                            "livenessProbe": {"httpGet": {"port": 80, "path": "/", "scheme": "HTTP"},
                                              "timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1,
                                              "failureThreshold": 3},
                            "readinessProbe": {"tcpSocket": {"port": 80}, "timeoutSeconds": 1, "periodSeconds": 5,
                                               "successThreshold": 1, "failureThreshold": 3},
                            "terminationMessagePath": "/dev/termination-log",
                            "terminationMessagePolicy": "File"}]}}),
    "deployment": (
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"},
         "spec": {"selector": {"matchLabels": {"app": "d"}}, "template": raw_tmpl({"app": "d"})}},
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}, "status": {},
         "spec": {"selector": {"matchLabels": {"app": "d"}}, "template": tmpl({"app": "d"}), "replicas": 1,
                  "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}},
                  "revisionHistoryLimit": 10, "progressDeadlineSeconds": 600}}),
    "deployment recreate": (
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"},
         "spec": {"replicas": 0, "strategy": {"type": "Recreate"}, "template": raw_tmpl()}},
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}, "status": {},
         "spec": {"replicas": 0, "strategy": {"type": "Recreate"}, "template": tmpl(),
                  "revisionHistoryLimit": 10, "progressDeadlineSeconds": 600}}),
    "replicaset": (
        {"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "r"}, "spec": {"template": raw_tmpl()}},
        {"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "r"}, "status": {"replicas": 0},
         "spec": {"replicas": 1, "template": tmpl()}}),
    "daemonset": (
        {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "ds"}, "spec": {"template": raw_tmpl()}},
        {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "ds"},
         "status": {"currentNumberScheduled": 0, "desiredNumberScheduled": 0, "numberMisscheduled": 0,
                    "numberReady": 0},
         "spec": {"template": tmpl(), "revisionHistoryLimit": 10,
                  "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0}}}}),
    "statefulset": (
        {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "s"},
         "spec": {"serviceName": "s", "template": raw_tmpl(),
                  "volumeClaimTemplates": [{"metadata": {"name": "data"}, "spec": {
                      "accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}]}},
        {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "s"},
         "status": {"availableReplicas": 0, "replicas": 0},
         "spec": {"serviceName": "s", "template": tmpl(), "podManagementPolicy": "OrderedReady", "replicas": 1,
                  "revisionHistoryLimit": 10,
                  "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}},
                  "persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Retain", "whenScaled": "Retain"},
                  "volumeClaimTemplates": [{"metadata": {"name": "data", "creationTimestamp": None},
                                            "spec": {"accessModes": ["ReadWriteOnce"], "volumeMode": "Filesystem",
                                                     "resources": {"requests": {"storage": "1Gi"}}},
                                            "status": {"phase": "Pending"}}]}}),
    "replicationcontroller": (
        {"apiVersion": "v1", "kind": "ReplicationController", "metadata": {"name": "rc"},
         "spec": {"template": raw_tmpl({"app": "x"})}},
        {"apiVersion": "v1", "kind": "ReplicationController", "metadata": {"name": "rc", "labels": {"app": "x"}},
         "status": {"replicas": 0},
         "spec": {"selector": {"app": "x"}, "replicas": 1, "template": tmpl({"app": "x"})}}),
    "job": (
        {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "pi"},
         "spec": {"template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "web", "image": "nginx"}]}}}},
        {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "pi"}, "status": {},
         "spec": {"completions": 1, "parallelism": 1, "backoffLimit": 6, "completionMode": "NonIndexed",
                  "suspend": False, "podReplacementPolicy": "TerminatingOrFailed", "manualSelector": False,
                  "template": tmpl(restartPolicy="Never")}}),
    "cronjob": (
        {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c"},
         "spec": {"schedule": "*/1 * * * *", "jobTemplate": {"spec": {"template": {"spec": {
             "restartPolicy": "OnFailure", "containers": [{"name": "web", "image": "nginx"}]}}}}}},
        {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c"}, "status": {},
         "spec": {"schedule": "*/1 * * * *", "concurrencyPolicy": "Allow", "suspend": False,
                  "successfulJobsHistoryLimit": 3, "failedJobsHistoryLimit": 1,
                  "jobTemplate": {"metadata": {"creationTimestamp": None},
                                  "spec": {"template": tmpl(restartPolicy="OnFailure")}}}}),
    "service clusterip": (
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"},
         "spec": {"selector": {"app": "s"}, "ports": [{"port": 80}]}},
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "status": {"loadBalancer": {}},
         "spec": {"selector": {"app": "s"}, "ports": [{"port": 80, "protocol": "TCP", "targetPort": 80}],
                  "type": "ClusterIP", "sessionAffinity": "None", "internalTrafficPolicy": "Cluster",
                  "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack"}}),
    "service nodeport": (
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"},
         "spec": {"type": "NodePort", "ports": [{"port": 80, "targetPort": "http"}]}},
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "status": {"loadBalancer": {}},
         "spec": {"ports": [{"port": 80, "protocol": "TCP", "targetPort": "http"}], "type": "NodePort",
                  "sessionAffinity": "None", "externalTrafficPolicy": "Cluster", "internalTrafficPolicy": "Cluster",
                  "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack"}}),
    "service loadbalancer with ClientIP affinity": (
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"},
         "spec": {"type": "LoadBalancer", "sessionAffinity": "ClientIP", "ports": [{"port": 443}]}},
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "status": {"loadBalancer": {}},
         "spec": {"ports": [{"port": 443, "protocol": "TCP", "targetPort": 443}], "type": "LoadBalancer",
                  "sessionAffinity": "ClientIP", "sessionAffinityConfig": {"clientIP": {"timeoutSeconds": 10800}},
                  "externalTrafficPolicy": "Cluster", "internalTrafficPolicy": "Cluster",
                  "allocateLoadBalancerNodePorts": True, "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack"}}),
    "service headless without selector": (
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "spec": {"clusterIP": "None"}},
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "status": {"loadBalancer": {}},
         "spec": {"clusterIP": "None", "clusterIPs": ["None"], "type": "ClusterIP", "sessionAffinity": "None",
                  "internalTrafficPolicy": "Cluster", "ipFamilies": ["IPv4"], "ipFamilyPolicy": "RequireDualStack"}}),
    "service externalname": (
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"},
         "spec": {"type": "ExternalName", "externalName": "example.com"}},
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "status": {"loadBalancer": {}},
         "spec": {"type": "ExternalName", "externalName": "example.com", "sessionAffinity": "None"}}),
    "namespace": (
        {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "work"}},
        {"apiVersion": "v1", "kind": "Namespace",
         "metadata": {"name": "work", "labels": {"kubernetes.io/metadata.name": "work"}},
         "status": {"phase": "Active"}}),
    "secret": ({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}},
               {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}, "type": "Opaque"}),
    "configmap": ({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"a": "b"}},
                  {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"a": "b"}}),
    "serviceaccount": ({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "s"}},
                       {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "s"}}),
    "rolebinding (book ch8: apiGroup \"\" is stored as rbac.authorization.k8s.io)": (
        {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "b"},
         "subjects": [{"kind": "User", "name": "backend", "apiGroup": ""}, {"kind": "Group", "name": "g"},
                      {"kind": "ServiceAccount", "name": "sa", "namespace": "n"}],
         "roleRef": {"kind": "Role", "name": "backend-role", "apiGroup": ""}},
        {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "b"},
         "subjects": [{"kind": "User", "name": "backend", "apiGroup": "rbac.authorization.k8s.io"},
                      {"kind": "Group", "name": "g", "apiGroup": "rbac.authorization.k8s.io"},
                      {"kind": "ServiceAccount", "name": "sa", "namespace": "n", "apiGroup": ""}],
         "roleRef": {"kind": "Role", "name": "backend-role", "apiGroup": "rbac.authorization.k8s.io"}}),
    "ingress v1 (no pathType default)": (
        {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "i"},
         "spec": {"rules": [{"http": {"paths": [{"path": "/", "backend": {"service": {"name": "s", "port": {"number": 80}}}}]}}]}},
        {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "i"},
         "spec": {"rules": [{"http": {"paths": [{"path": "/", "backend": {"service": {"name": "s", "port": {"number": 80}}}}]}}]}}),
    "networkpolicy": (
        {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "n"},
         "spec": {"podSelector": {}, "egress": [{"ports": [{"port": 53}]}]}},
        {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "n"},
         "spec": {"podSelector": {}, "egress": [{"ports": [{"port": 53, "protocol": "TCP"}]}],
                  "policyTypes": ["Ingress", "Egress"]}}),
    "pv": (
        {"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": "pv"},
         "spec": {"capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteOnce"], "hostPath": {"path": "/d"}}},
        {"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": "pv"}, "status": {"phase": "Pending"},
         "spec": {"capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteOnce"], "hostPath": {"path": "/d", "type": ""},
                  "persistentVolumeReclaimPolicy": "Retain", "volumeMode": "Filesystem"}}),
    "pvc": (
        {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "c"},
         "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1000Mi"}}}},
        {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "c"}, "status": {"phase": "Pending"},
         "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1000Mi"}},
                  "volumeMode": "Filesystem"}}),
    "storageclass": (
        {"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": {"name": "sc"}, "provisioner": "x.io/p"},
        {"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": {"name": "sc"}, "provisioner": "x.io/p",
         "reclaimPolicy": "Delete", "volumeBindingMode": "Immediate"}),
    "priorityclass": (
        {"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass", "metadata": {"name": "p"}, "value": 10},
        {"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass", "metadata": {"name": "p"}, "value": 10,
         "preemptionPolicy": "PreemptLowerPriority"}),
    "endpointslice": (
        {"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "metadata": {"name": "e"},
         "addressType": "IPv4", "ports": [{"port": 80}], "endpoints": []},
        {"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "metadata": {"name": "e"},
         "addressType": "IPv4", "ports": [{"port": 80, "name": "", "protocol": "TCP"}], "endpoints": []}),
    "hpa": (
        {"apiVersion": "autoscaling/v1", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "h"},
         "spec": {"maxReplicas": 3, "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "d"}}},
        {"apiVersion": "autoscaling/v1", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "h"},
         "status": {"currentReplicas": 0, "desiredReplicas": 0},
         "spec": {"maxReplicas": 3, "minReplicas": 1,
                  "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "d"}}}),
    "node allocatable from capacity": (
        {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "n"},
         "status": {"capacity": {"cpu": "2", "memory": "3997188Ki", "pods": "110"}}},
        {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "n"},
         "status": {"capacity": {"cpu": "2", "memory": "3997188Ki", "pods": "110"},
                    "allocatable": {"cpu": "2", "memory": "3997188Ki", "pods": "110"}}}),
    "limitrange container defaults": (
        {"apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": "l"},
         "spec": {"limits": [{"type": "Container", "max": {"cpu": "1"}, "min": {"memory": "64Mi"}}]}},
        {"apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": "l"},
         "spec": {"limits": [{"type": "Container", "max": {"cpu": "1"}, "min": {"memory": "64Mi"},
                              "default": {"cpu": "1"}, "defaultRequest": {"cpu": "1", "memory": "64Mi"}}]}}),
    "kinds with no defaults": (
        {"apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": {"name": "l"}, "spec": {}},
        {"apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": {"name": "l"}, "spec": {}}),
}


@pytest.mark.parametrize("name", list(CASES))
def test_defaults(name):
    given, want = copy.deepcopy(CASES[name][0]), CASES[name][1]
    apply_defaults(given)
    assert given == want


def test_defaulting_is_idempotent():
    for given, _ in CASES.values():
        once = copy.deepcopy(given)
        apply_defaults(once)
        twice = copy.deepcopy(once)
        apply_defaults(twice)
        assert once == twice


@pytest.mark.parametrize("image,policy", [
    ("nginx", "Always"), ("nginx:latest", "Always"), ("nginx:1.15", "IfNotPresent"),
    ("redis@sha256:" + "a" * 64, "IfNotPresent"), ("localhost:5000/app", "Always"),
    ("localhost:5000/app:v1", "IfNotPresent"), ("taobeier/saythx-fe", "Always"), ("redis:5xx", "IfNotPresent")])
def test_image_pull_policy_by_tag(image, policy):
    pod = {"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [{"name": "c", "image": image}]}}
    apply_defaults(pod)
    assert pod["spec"]["containers"][0]["imagePullPolicy"] == policy
    assert image_tag(image) in ("latest", "1.15", "", "v1", "5xx")


def test_explicit_values_are_kept():
    d = {"apiVersion": "apps/v1", "kind": "Deployment", "spec": {
        "replicas": 3, "revisionHistoryLimit": 0, "strategy": {"rollingUpdate": {"maxSurge": 1}},
        "template": {"spec": {"restartPolicy": "Always", "containers": [
            {"name": "c", "image": "x", "imagePullPolicy": "Never",
             "livenessProbe": {"exec": {"command": ["true"]}, "failureThreshold": 8}}]}}}}
    apply_defaults(d)
    s = d["spec"]
    assert (s["replicas"], s["revisionHistoryLimit"]) == (3, 0)
    assert s["strategy"]["rollingUpdate"] == {"maxSurge": 1, "maxUnavailable": "25%"}
    c = s["template"]["spec"]["containers"][0]
    assert c["imagePullPolicy"] == "Never" and c["livenessProbe"]["failureThreshold"] == 8
    assert "enableServiceLinks" not in s["template"]["spec"]       # only Pods get it


def test_job_prepare_for_create_generates_selector_and_labels():
    job = copy.deepcopy(CASES["job"][0])
    apply_defaults(job)
    job_prepare_for_create(job, "0b1c")
    labels = {"batch.kubernetes.io/controller-uid": "0b1c", "batch.kubernetes.io/job-name": "pi",
              "controller-uid": "0b1c", "job-name": "pi"}
    assert job["spec"]["selector"] == {"matchLabels": {"batch.kubernetes.io/controller-uid": "0b1c"}}
    assert job["spec"]["template"]["metadata"]["labels"] == labels
    assert job["metadata"]["labels"] == labels
    assert job["metadata"]["generation"] == 1 and job["status"] == {}


def test_job_manual_selector_is_left_alone():
    job = {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "j", "labels": {"a": "b"}},
           "spec": {"manualSelector": True, "selector": {"matchLabels": {"x": "y"}},
                    "template": {"metadata": {"labels": {"x": "y"}}, "spec": {"containers": []}}}}
    apply_defaults(job)
    job_prepare_for_create(job, "u")
    assert job["spec"]["selector"] == {"matchLabels": {"x": "y"}}
    assert job["spec"]["template"]["metadata"]["labels"] == {"x": "y"}
    assert job["metadata"]["labels"] == {"a": "b"}


def test_namespace_prepare_for_create_adds_kubernetes_finalizer_once():
    ns = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "work"}, "spec": {"finalizers": ["x.io/f"]}}
    apply_defaults(ns)
    prepare_for_create(ns)
    assert ns["spec"] == {"finalizers": ["x.io/f", "kubernetes"]} and ns["status"] == {"phase": "Active"}
    ns["spec"]["finalizers"] = []               # the namespace controller finalizes ...
    apply_defaults(ns)                          # ... and a later write does not bring it back
    assert ns["spec"]["finalizers"] == []


def test_prepare_for_create_dispatches_jobs():
    job = copy.deepcopy(CASES["job"][0])
    job["metadata"]["uid"] = "u1"
    apply_defaults(job)
    prepare_for_create(job)
    assert job["spec"]["selector"] == {"matchLabels": {"batch.kubernetes.io/controller-uid": "u1"}}
