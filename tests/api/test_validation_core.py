"""Services, Namespaces, ConfigMaps, Secrets, RCs, Endpoints, Nodes, PVs/PVCs, quotas, events."""

import base64
import copy

from k8slab.api.defaults import apply_defaults
from k8slab.api.validation import QUANTITY_ERROR, decode_error, validate_create, validate_update
from k8slab.apiserver.errors import invalid


def defaulted(obj):
    obj = copy.deepcopy(obj)
    apply_defaults(obj)
    return obj


def pairs(causes):
    return [(c[0], c[2]) for c in causes]


def svc(**spec):
    return {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "default"},
            "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}], **spec}}


def test_service_valid_and_book_manifests():
    assert validate_create(defaulted(svc())) == []
    assert validate_create(defaulted(svc(type="NodePort", ports=[{"port": 6379, "nodePort": 31467}]))) == []


def test_service_ports_required_unless_headless_or_externalname():
    s = svc()
    s["spec"]["ports"] = []
    assert pairs(validate_create(defaulted(s))) == [("spec.ports", "Required value")]
    s["spec"]["clusterIP"] = "None"
    assert validate_create(defaulted(s)) == []
    e = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "e", "namespace": "d"},
         "spec": {"type": "ExternalName", "externalName": "saythx.moelove.info."}}
    assert validate_create(defaulted(e)) == []


def test_service_enums():
    causes = pairs(validate_create(defaulted(svc(type="Internal", sessionAffinity="Sticky",
                                                 ports=[{"port": 80, "protocol": "HTTP"}]))))
    assert ("spec.type", 'Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", '
            '"LoadBalancer", "NodePort"') in causes
    assert ("spec.sessionAffinity", 'Unsupported value: "Sticky": supported values: "ClientIP", "None"') in causes
    assert ("spec.ports[0].protocol", 'Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"') in causes


def test_service_port_rules():
    causes = pairs(validate_create(defaulted(svc(ports=[{"port": 80}, {"port": 80, "name": "b"}]))))
    assert ("spec.ports[0].name", "Required value") in causes
    assert ("spec.ports[1]", 'Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), '
            'Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}') in causes
    causes = pairs(validate_create(defaulted(svc(ports=[{"port": 0, "targetPort": "http--x"}]))))
    assert ("spec.ports[0].port", "Invalid value: 0: must be between 1 and 65535, inclusive") in causes
    assert ("spec.ports[0].targetPort", 'Invalid value: "http--x": must not contain consecutive hyphens') in causes
    causes = pairs(validate_create(defaulted(svc(ports=[{"port": 80, "nodePort": 30080}]))))
    assert causes == [("spec.ports[0].nodePort", "Forbidden: may not be used when `type` is 'ClusterIP'")]


def test_service_cluster_ip_is_immutable():
    old = defaulted(svc(clusterIP="10.96.0.5"))
    old["metadata"]["resourceVersion"] = "3"
    new = copy.deepcopy(old)
    new["spec"]["clusterIP"] = "10.96.0.6"
    causes = validate_update(new, old)
    assert pairs(causes) == [("spec.clusterIPs[0]", 'Invalid value: []string{"10.96.0.6"}: may not change once set')]
    assert invalid("", "Service", "web", causes).message == \
        'Service "web" is invalid: spec.clusterIPs[0]: Invalid value: []string{"10.96.0.6"}: may not change once set'
    keep = copy.deepcopy(old)
    del keep["spec"]["clusterIP"], keep["spec"]["clusterIPs"]
    assert validate_update(keep, old) == []          # kubectl replace without clusterIP keeps it


def test_service_externalname_forbids_cluster_fields():
    e = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "e", "namespace": "d"},
         "spec": {"type": "ExternalName", "externalName": "", "clusterIP": "10.0.0.1"}}
    causes = pairs(validate_create(defaulted(e)))
    assert ("spec.clusterIPs", "Forbidden: may not be set for ExternalName services") in causes
    assert ("spec.externalName", "Required value") in causes


def test_namespace_update_name_immutable():
    old = defaulted({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "work", "resourceVersion": "1"}})
    new = copy.deepcopy(old)
    new["metadata"]["name"] = "play"
    assert ("metadata.name", 'Invalid value: "play": field is immutable') in pairs(validate_update(new, old))
    assert validate_create(old) == []


def test_configmap_keys_and_immutable():
    cm = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "namespace": "d", "resourceVersion": "1"},
          "data": {"a b": "x", "ok.key": "y"}}
    assert pairs(validate_create(cm)) == [
        ("data[a b]", "Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' "
         "or '.' (e.g. 'key.name', or 'KEY_NAME', or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')")]
    old = {**cm, "data": {"k": "v"}, "immutable": True}
    new = {**old, "data": {"k": "w"}}
    assert pairs(validate_update(new, old)) == [("data", "Forbidden: field is immutable when `immutable` is set")]
    new = {**old, "immutable": False}
    assert pairs(validate_update(new, old)) == [("immutable", "Forbidden: field is immutable when `immutable` is set")]


def test_secret_types():
    sec = {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s", "namespace": "d", "resourceVersion": "1"},
           "type": "kubernetes.io/tls", "data": {"tls.crt": base64.b64encode(b"x").decode()}}
    assert pairs(validate_create(sec)) == [("data[tls.key]", "Required value")]
    old = defaulted({**sec, "type": None, "data": {}})
    new = {**old, "type": "kubernetes.io/basic-auth", "data": {"username": "YQ=="}}
    assert ("type", 'Invalid value: "kubernetes.io/basic-auth": field is immutable') in pairs(validate_update(new, old))


def rc(selector, labels, restart="Always"):
    return {"apiVersion": "v1", "kind": "ReplicationController", "metadata": {"name": "r", "namespace": "d"},
            "spec": {"selector": selector, "template": {"metadata": {"labels": labels}, "spec": {
                "restartPolicy": restart, "containers": [{"name": "c", "image": "x"}]}}}}


def test_replication_controller():
    assert validate_create(defaulted(rc({"app": "r"}, {"app": "r"}))) == []
    assert pairs(validate_create(defaulted(rc({"app": "x"}, {"app": "r"}, "Never")))) == [
        ("spec.template.metadata.labels", 'Invalid value: map[string]string{"app":"r"}: `selector` does not match template `labels`'),
        ("spec.template.spec.restartPolicy", 'Unsupported value: "Never": supported values: "Always"')]


def test_endpoints():
    ep = {"apiVersion": "v1", "kind": "Endpoints", "metadata": {"name": "e", "namespace": "d"},
          "subsets": [{"addresses": [{"ip": "127.0.0.1"}], "ports": [{"port": 80}]}, {"ports": []}]}
    assert pairs(validate_create(defaulted(ep))) == [
        ("subsets[0].addresses[0].ip", 'Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)'),
        ("subsets[1]", "Required value: must specify `addresses` or `notReadyAddresses`")]


def test_node_taints_and_cidrs():
    node = {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "node01"},
            "spec": {"taints": [{"key": "node-role.kubernetes.io/master", "effect": "NoSchedule"},
                                {"key": "k", "effect": "Sometimes"}], "podCIDRs": ["10.244.1.0/24"]}}
    assert pairs(validate_create(node)) == [
        ("metadata.taints[1].effect", 'Unsupported value: "Sometimes": supported values: "NoSchedule", '
         '"PreferNoSchedule", "NoExecute"')]
    old = {**node, "metadata": {"name": "node01", "resourceVersion": "2"}, "spec": {"podCIDRs": ["10.244.1.0/24"]}}
    new = copy.deepcopy(old)
    new["spec"]["podCIDRs"] = ["10.244.2.0/24"]
    assert pairs(validate_update(new, old)) == [
        ("spec.podCIDRs", 'Forbidden: node updates may not change podCIDR except from "" to valid')]


def test_pvc_and_pv():
    pvc = {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "c", "namespace": "d"},
           "spec": {"resources": {}}}
    assert pairs(validate_create(defaulted(pvc))) == [
        ("spec.accessModes", "Required value: at least 1 access mode is required"),
        ("spec.resources[storage]", "Required value")]
    pv = {"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": "v"},
          "spec": {"accessModes": ["ReadWriteSome"], "capacity": {"storage": "1Gi"},
                   "persistentVolumeReclaimPolicy": "Keep"}}
    assert pairs(validate_create(defaulted(pv))) == [
        ("spec.accessModes", 'Unsupported value: "ReadWriteSome": supported values: "ReadOnlyMany", '
         '"ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"'),
        ("spec.persistentVolumeReclaimPolicy", 'Unsupported value: "Keep": supported values: "Delete", "Recycle", "Retain"'),
        ("spec", "Required value: must specify a volume type")]


def test_limitrange_and_quota():
    lr = {"apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": "l", "namespace": "d"},
          "spec": {"limits": [{"type": "Container", "min": {"cpu": "2"}, "max": {"cpu": "1"}}]}}
    assert ("spec.limits[0].min[cpu]", "Invalid value: 2: min value 2 is greater than max value 1") in \
        pairs(validate_create(defaulted(lr)))
    rq = {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "q", "namespace": "d"},
          "spec": {"hard": {"pods": "1.5", "gpus": "1"}}}
    assert pairs(validate_create(defaulted(rq))) == [
        ("spec.hard[gpus]", 'Invalid value: "gpus": must be a standard resource for quota'),
        ("spec.hard[pods]", 'Invalid value: "1500m": must be an integer')]


def test_quantity_syntax_is_a_decode_error():
    p = {"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [{"resources": {"limits": {"cpu": "1 core"}}}]}}
    assert decode_error(p) == QUANTITY_ERROR == \
        "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
    assert decode_error({"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [
        {"resources": {"limits": {"cpu": "500m", "memory": "1Gi"}}}]}}) is None


def test_event_namespace_must_match():
    ev = {"apiVersion": "v1", "kind": "Event", "metadata": {"name": "e.1", "namespace": "work"},
          "involvedObject": {"kind": "Pod", "namespace": "default", "name": "p"}, "type": "Normal"}
    assert pairs(validate_create(ev)) == [("involvedObject.namespace", 'Invalid value: "default": does not match event.namespace')]


def test_serviceaccount_and_unknown_kinds_get_meta_checks():
    sa = {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "tiller", "namespace": "kube-system"}}
    assert validate_create(sa) == []
    lease = {"apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": {"name": "_x", "namespace": "d"}}
    assert validate_create(lease)[0][0] == "metadata.name"
