"""RBAC, Ingress, NetworkPolicy and the smaller kinds."""

import copy

from k8slab.api.defaults import apply_defaults
from k8slab.api.validation import validate_create, validate_update
from k8slab.apiserver.errors import invalid

RBAC = "rbac.authorization.k8s.io/v1"


def pairs(causes):
    return [(c[0], c[2]) for c in causes]


def test_role_rules():
    role = {"apiVersion": RBAC, "kind": "Role", "metadata": {"name": "backend-role", "namespace": "work"},
            "rules": [{"apiGroups": [""], "resources": ["pods"]}, {"verbs": ["get"]},
                      {"nonResourceURLs": ["/healthz"], "verbs": ["get"]}]}
    assert pairs(validate_create(role)) == [
        ("rules[0].verbs", "Required value: verbs must contain at least one value"),
        ("rules[1].apiGroups", "Required value: resource rules must supply at least one api group"),
        ("rules[1].resources", "Required value: resource rules must supply at least one resource"),
        ("rules[2].nonResourceURLs", 'Invalid value: []string{"/healthz"}: namespaced rules cannot apply to non-resource URLs')]


def test_role_names_are_path_segments():
    role = {"apiVersion": RBAC, "kind": "ClusterRole", "metadata": {"name": "system:aggregate-to-admin"}}
    assert validate_create(role) == []
    role["metadata"]["name"] = "a/b"
    assert pairs(validate_create(role)) == [("metadata.name", "Invalid value: \"a/b\": may not contain '/'")]


def binding(**kw):
    b = {"apiVersion": RBAC, "kind": "RoleBinding", "metadata": {"name": "b", "namespace": "work"},
         "roleRef": {"kind": "Role", "name": "backend-role"}, "subjects": [{"kind": "User", "name": "backend"}], **kw}
    apply_defaults(b)
    return b


def test_binding_roleref():
    assert validate_create(binding()) == []
    b = binding(roleRef={"kind": "Deployment", "name": "", "apiGroup": "apps"})
    assert pairs(validate_create(b)) == [
        ("roleRef.apiGroup", 'Unsupported value: "apps": supported values: "rbac.authorization.k8s.io"'),
        ("roleRef.kind", 'Unsupported value: "Deployment": supported values: "Role", "ClusterRole"'),
        ("roleRef.name", "Required value")]
    crb = {"apiVersion": RBAC, "kind": "ClusterRoleBinding", "metadata": {"name": "c"},
           "roleRef": {"kind": "ClusterRole", "name": "cluster-admin"},
           "subjects": [{"kind": "ServiceAccount", "name": "admin-user"}, {"kind": "Robot", "name": "r"}]}
    apply_defaults(crb)
    assert pairs(validate_create(crb)) == [
        ("subjects[0].namespace", "Required value"),
        ("subjects[1].kind", 'Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"')]


def test_roleref_cannot_change():
    old = binding()
    old["metadata"]["resourceVersion"] = "1"
    new = copy.deepcopy(old)
    new["roleRef"]["name"] = "admin"
    causes = validate_update(new, old)
    assert invalid("rbac.authorization.k8s.io", "RoleBinding", "b", causes).message == (
        'RoleBinding.rbac.authorization.k8s.io "b" is invalid: roleRef: Invalid value: rbac.RoleRef{'
        'APIGroup:"rbac.authorization.k8s.io", Kind:"Role", Name:"admin"}: cannot change roleRef')


def ingress(paths=None, **spec):
    return {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "i", "namespace": "work"},
            "spec": {"rules": [{"host": "saythx.moelove.info", "http": {"paths": paths}}], **spec}}


def test_ingress_path_type_required():
    i = ingress([{"path": "/", "backend": {"service": {"name": "saythx-frontend", "port": {"number": 80}}}}])
    apply_defaults(i)
    causes = validate_create(i)
    assert invalid("networking.k8s.io", "Ingress", "i", causes).message == (
        'Ingress.networking.k8s.io "i" is invalid: spec.rules[0].http.paths[0].pathType: Required value: '
        "pathType must be specified")


def test_ingress_paths_and_backends():
    i = ingress([{"path": "api", "pathType": "Prefix", "backend": {"service": {"name": "api", "port": {}}}},
                 {"path": "/x", "pathType": "Regex", "backend": {"service": {"name": "x", "port": {"number": 80}}}},
                 {"path": "/a//b", "pathType": "Exact", "backend": {}}])
    assert pairs(validate_create(i)) == [
        ("spec.rules[0].http.paths[0].path", 'Invalid value: "api": must be an absolute path'),
        ("spec.rules[0].http.paths[0].backend", "Required value: port name or number is required"),
        ("spec.rules[0].http.paths[1].pathType",
         'Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"'),
        ("spec.rules[0].http.paths[2].path", "Invalid value: \"/a//b\": must not contain '//'"),
        ("spec.rules[0].http.paths[2].backend", 'Invalid value: "": resource or service backend is required')]
    empty = {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "i", "namespace": "w"},
             "spec": {}}
    assert pairs(validate_create(empty)) == [
        ("spec", "Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified")]
    assert ("spec.rules[0].host", 'Invalid value: "10.0.0.1": must be a DNS name, not an IP address') in \
        pairs(validate_create({**ingress([]), "spec": {"rules": [{"host": "10.0.0.1"}]}}))


def test_network_policy():
    np = {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "n", "namespace": "w"},
          "spec": {"podSelector": {}, "ingress": [{"from": [{}], "ports": [{"protocol": "ICMP"}]}],
                   "policyTypes": ["Ingress", "Sideways"]}}
    assert pairs(validate_create(np)) == [
        ("spec.ingress[0].ports[0].protocol", 'Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"'),
        ("spec.ingress[0].from[0]", "Required value: must specify a peer"),
        ("spec.policyTypes[1]", 'Unsupported value: "Sideways": supported values: "Ingress", "Egress"')]


def test_storage_class_and_priority_class():
    sc = {"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": {"name": "fast", "resourceVersion": "1"},
          "provisioner": "kubernetes.io/no-provisioner"}
    apply_defaults(sc)
    assert validate_create(sc) == []
    new = {**sc, "provisioner": "other.io/p"}
    assert pairs(validate_update(new, sc)) == [("provisioner", "Forbidden: updates to provisioner are forbidden.")]
    pc = {"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass", "metadata": {"name": "system-x"}, "value": 1}
    assert pairs(validate_create(pc)) == [("metadata.name", "Forbidden: priority class names with 'system-' prefix are "
                                           "reserved for system use only. error: system-x is not a known system "
                                           "priority class")]


def test_hpa_pdb_endpointslice():
    hpa = {"apiVersion": "autoscaling/v1", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "h", "namespace": "w"},
           "spec": {"minReplicas": 3, "maxReplicas": 2, "scaleTargetRef": {"kind": "Deployment", "name": "d"}}}
    assert pairs(validate_create(hpa)) == [("spec.maxReplicas", "Invalid value: 2: must be greater than or equal to `minReplicas`")]
    pdb = {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": "p", "namespace": "w"},
           "spec": {"minAvailable": 1, "maxUnavailable": 1}}
    assert [c[0] for c in validate_create(pdb)] == ["spec"]
    es = {"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "metadata": {"name": "e", "namespace": "w"},
          "addressType": "IPv5", "endpoints": [{"addresses": []}]}
    assert pairs(validate_create(es)) == [
        ("addressType", 'Unsupported value: "IPv5": supported values: "FQDN", "IPv4", "IPv6"'),
        ("endpoints[0].addresses", "Required value: must contain at least 1 address")]
