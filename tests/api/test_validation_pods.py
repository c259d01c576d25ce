"""Pod and container validation after defaulting, messages byte for byte as a v1.32 apiserver."""

import copy

import pytest

from k8slab.api.defaults import apply_defaults
from k8slab.api.validation import validate_create, validate_update
from k8slab.apiserver.errors import invalid


def pod(**container):
    c = {"name": "web", "image": "nginx", **container}
    p = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x", "namespace": "default"},
         "spec": {"containers": [c]}}
    return p


def check(obj):
    obj = copy.deepcopy(obj)
    apply_defaults(obj)
    return validate_create(obj)


def test_valid_pod_has_no_causes():
    assert check(pod(ports=[{"containerPort": 80, "name": "http"}])) == []


def test_missing_image():
    causes = check(pod(image=""))
    assert causes == [("spec.containers[0].image", "FieldValueRequired", "Required value")]
    assert invalid("", "Pod", "x", causes).message == 'Pod "x" is invalid: spec.containers[0].image: Required value'


def test_no_containers():
    p = pod()
    p["spec"]["containers"] = []
    assert check(p) == [("spec.containers", "FieldValueRequired", "Required value")]


CASES = [
    ({"imagePullPolicy": "Sometimes"}, "spec.containers[0].imagePullPolicy",
     'Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"'),
    ({"name": "Web"}, "spec.containers[0].name",
     "Invalid value: \"Web\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or "
     "'-', and must start and end with an alphanumeric character (e.g. 'my-name', or '123-abc', regex used "
     "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"),
    ({"ports": [{"containerPort": 70000}]}, "spec.containers[0].ports[0].containerPort",
     "Invalid value: 70000: must be between 1 and 65535, inclusive"),
    ({"ports": [{"containerPort": 80, "protocol": "ICMP"}]}, "spec.containers[0].ports[0].protocol",
     'Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"'),
    ({"ports": [{"name": "http", "containerPort": 80}, {"name": "http", "containerPort": 81}]},
     "spec.containers[0].ports[1].name", 'Duplicate value: "http"'),
    ({"ports": [{"hostPort": 80, "containerPort": 80}, {"hostPort": 80, "containerPort": 81}]},
     "spec.containers[0].ports[1].hostPort", 'Duplicate value: "TCP//80"'),
    ({"resources": {"requests": {"cpu": "2"}, "limits": {"cpu": "1"}}}, "spec.containers[0].resources.requests",
     'Invalid value: "2": must be less than or equal to cpu limit of 1'),
    ({"resources": {"requests": {"memory": "2Gi"}, "limits": {"memory": "1024Mi"}}},
     "spec.containers[0].resources.requests", 'Invalid value: "2Gi": must be less than or equal to memory limit of 1Gi'),
    ({"resources": {"requests": {"gpu": "1"}}}, "spec.containers[0].resources.requests[gpu]",
     'Invalid value: "gpu": must be a standard resource type or fully qualified'),
    ({"resources": {"limits": {"cpu": "-1"}}}, "spec.containers[0].resources.limits[cpu]",
     'Invalid value: "-1": must be greater than or equal to 0'),
    ({"volumeMounts": [{"name": "data", "mountPath": "/d"}]}, "spec.containers[0].volumeMounts[0].name",
     'Not found: "data"'),
    ({"env": [{"name": "A=B", "value": "x"}]}, "spec.containers[0].env[0].name",
     "Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII "
     "characters other than '='"),
    ({"env": [{"name": "A", "valueFrom": {}}]}, "spec.containers[0].env[0].valueFrom",
     'Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'),
    ({"env": [{"name": "A", "valueFrom": {"fieldRef": {"fieldPath": "spec.host"}}}]},
     "spec.containers[0].env[0].valueFrom.fieldRef.fieldPath",
     'Unsupported value: "spec.host": supported values: "metadata.name", "metadata.namespace", "metadata.uid", '
     '"spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"'),
    ({"livenessProbe": {}}, "spec.containers[0].livenessProbe", "Required value: must specify a handler type"),
    ({"livenessProbe": {"exec": {"command": ["true"]}, "successThreshold": 2}},
     "spec.containers[0].livenessProbe.successThreshold", "Invalid value: 2: must be 1"),
    ({"readinessProbe": {"httpGet": {"port": 0}}}, "spec.containers[0].readinessProbe.httpGet.port",
     "Invalid value: 0: must be between 1 and 65535, inclusive"),
    ({"readinessProbe": {"httpGet": {"port": "http", "scheme": "FTP"}}},
     "spec.containers[0].readinessProbe.httpGet.scheme", 'Unsupported value: "FTP": supported values: "HTTP", "HTTPS"'),
    ({"terminationMessagePolicy": "Always"}, "spec.containers[0].terminationMessagePolicy",
     'Unsupported value: "Always": supported values: "File", "FallbackToLogsOnError"'),
    ({"image": " nginx"}, "spec.containers[0].image", 'Invalid value: " nginx": must not have leading or trailing whitespace'),
]


@pytest.mark.parametrize("container,path,message", CASES, ids=[c[1] + ":" + c[2][:20] for c in CASES])
def test_container_errors(container, path, message):
    assert (path, message) in [(c[0], c[2]) for c in check(pod(**container))]


SPEC_CASES = [
    ({"restartPolicy": "Sometimes"}, "spec.restartPolicy",
     'Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"'),
    ({"dnsPolicy": "Google"}, "spec.dnsPolicy",
     'Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"'),
    ({"volumes": [{"name": "a", "emptyDir": {}}, {"name": "a", "emptyDir": {}}]}, "spec.volumes[1].name",
     'Duplicate value: "a"'),
    ({"volumes": [{"name": "a", "emptyDir": {}, "hostPath": {"path": "/x"}}]}, "spec.volumes[0].hostPath",
     "Forbidden: may not specify more than 1 volume type"),
    ({"volumes": [{"name": "s", "secret": {}}]}, "spec.volumes[0].secret.secretName", "Required value"),
    ({"volumes": [{"name": "s", "configMap": {"name": "c", "defaultMode": 1000}}]}, "spec.volumes[0].configMap.defaultMode",
     "Invalid value: 1000: must be a number between 0 and 0777 (octal), both inclusive"),
    ({"volumes": [{"name": "h", "hostPath": {"path": "/x", "type": "Dir"}}]}, "spec.volumes[0].hostPath.type",
     'Unsupported value: "Dir": supported values: "", "BlockDevice", "CharDevice", "Directory", '
     '"DirectoryOrCreate", "File", "FileOrCreate", "Socket"'),
    ({"activeDeadlineSeconds": 0}, "spec.activeDeadlineSeconds", "Invalid value: 0: must be between 1 and 2147483647, inclusive"),
    ({"nodeSelector": {"disk": "ssd!"}}, "spec.nodeSelector", None),
    ({"tolerations": [{"operator": "Equal", "value": "x"}]}, "spec.tolerations[0].operator",
     'Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"'),
    ({"tolerations": [{"key": "k", "operator": "Exists", "effect": "NoSchedule", "tolerationSeconds": 5}]},
     "spec.tolerations[0].effect", "Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set"),
    ({"serviceAccountName": "Default"}, "spec.serviceAccountName", None),
    ({"ephemeralContainers": [{"name": "dbg", "image": "busybox"}]}, "spec.ephemeralContainers",
     "Forbidden: cannot be set on create"),
]


@pytest.mark.parametrize("spec,path,message", SPEC_CASES, ids=[c[1] for c in SPEC_CASES])
def test_pod_spec_errors(spec, path, message):
    p = pod()
    p["spec"].update(spec)
    causes = check(p)
    assert path in [c[0] for c in causes]
    if message:
        assert (path, message) in [(c[0], c[2]) for c in causes]


def test_host_network_ports_must_match():
    p = pod(ports=[{"containerPort": 80, "hostPort": 8080}])
    p["spec"]["hostNetwork"] = True
    assert ("spec.containers[0].ports[0].hostPort",
            "Invalid value: 8080: must match `containerPort` when `hostNetwork` is true") in [(c[0], c[2]) for c in check(p)]


def test_duplicate_container_names():
    p = pod()
    p["spec"]["containers"].append({"name": "web", "image": "redis"})
    assert check(p) == [("spec.containers[1].name", "FieldValueDuplicate", 'Duplicate value: "web"')]


def test_init_containers_may_not_have_probes():
    p = pod()
    p["spec"]["initContainers"] = [{"name": "init", "image": "busybox", "readinessProbe": {"exec": {"command": ["x"]}}}]
    assert check(p) == [("spec.initContainers[0].readinessProbe", "FieldValueForbidden",
                         "Forbidden: may not be set for init containers without restartPolicy=Always")]


def created(**container):
    p = pod(**container)
    apply_defaults(p)
    p["metadata"]["resourceVersion"] = "1"
    return p


def test_pod_update_image_is_allowed():
    old = created()
    new = copy.deepcopy(old)
    new["spec"]["containers"][0]["image"] = "nginx:1.25"
    assert validate_update(new, old) == []


def test_pod_update_other_fields_forbidden():
    old = created()
    new = copy.deepcopy(old)
    new["spec"]["containers"][0]["ports"] = [{"containerPort": 80, "protocol": "TCP"}]
    causes = validate_update(new, old)
    assert len(causes) == 1 and causes[0][:2] == ("spec", "FieldValueForbidden")
    assert causes[0][2].startswith(
        "Forbidden: pod updates may not change fields other than `spec.containers[*].image`,"
        "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to "
        "existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was "
        "previously negative)\n  core.PodSpec{\n")
    assert "+ \tcontainers[0].ports" in causes[0][2]


def test_pod_update_container_count_and_tolerations():
    old = created()
    old["spec"]["tolerations"] = [{"key": "k", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 60}]
    new = copy.deepcopy(old)
    new["spec"]["tolerations"].append({"key": "k2", "operator": "Exists"})
    new["spec"]["tolerations"][0]["tolerationSeconds"] = 30
    assert validate_update(new, old) == []
    new["spec"]["tolerations"] = []
    assert ("spec.tolerations", "Forbidden: existing toleration can not be modified except its tolerationSeconds") in \
        [(c[0], c[2]) for c in validate_update(new, old)]
    new = copy.deepcopy(old)
    new["spec"]["containers"].append({"name": "b", "image": "b"})
    apply_defaults(new)
    assert ("spec.containers", "Forbidden: pod updates may not add or remove containers") in \
        [(c[0], c[2]) for c in validate_update(new, old)]


def test_pod_update_metadata_immutables():
    old = created()
    new = copy.deepcopy(old)
    new["metadata"]["name"] = "y"
    new["metadata"]["resourceVersion"] = ""
    causes = [(c[0], c[2]) for c in validate_update(new, old)]
    assert ("metadata.name", 'Invalid value: "y": field is immutable') in causes
    assert ("metadata.resourceVersion", 'Invalid value: "": must be specified for an update') in causes
