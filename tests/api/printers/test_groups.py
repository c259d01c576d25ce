"""Printers of the smaller API groups: rbac, networking, discovery, storage, coordination,
scheduling, certificates, events.k8s.io, autoscaling, policy, node, admissionregistration."""

import pytest

from k8slab.api.printers import table

from .builders import NOW, obj, ts

RBAC = "rbac.authorization.k8s.io"


def row(group, resource, o):
    return table(group, resource, [o], NOW)["rows"][0]["cells"]


# --- rbac -----------------------------------------------------------------------------------------

def test_cluster_role_binding_with_subjects():
    b = obj("ClusterRoleBinding", "view-all", api_version=f"{RBAC}/v1", namespace=None,
            roleRef={"apiGroup": RBAC, "kind": "ClusterRole", "name": "view"},
            subjects=[{"kind": "User", "name": "jane"}, {"kind": "Group", "name": "devs"},
                      {"kind": "ServiceAccount", "name": "ci", "namespace": "work"},
                      {"kind": "User", "name": "joe"}])
    assert row(RBAC, "clusterrolebindings", b) == ["view-all", "ClusterRole/view", "60m", "jane, joe", "devs",
                                                   "work/ci"]


def test_role_binding_without_subjects_and_wide_columns():
    b = obj("RoleBinding", "read-pods", namespace="work", roleRef={"kind": "Role", "name": "pod-reader"})
    assert row(RBAC, "rolebindings", b) == ["read-pods", "Role/pod-reader", "60m", "", "", ""]
    columns = table(RBAC, "rolebindings", [], NOW)["columnDefinitions"]
    assert [(c["name"], c["priority"]) for c in columns] == [
        ("Name", 0), ("Role", 0), ("Age", 0), ("Users", 1), ("Groups", 1), ("ServiceAccounts", 1)]


@pytest.mark.parametrize("resource", ["roles", "clusterroles"])
def test_roles_have_no_printer_upstream(resource):
    role = obj("ClusterRole", "view", namespace=None, created=0.5)
    t = table(RBAC, resource, [role], NOW)
    assert [c["name"] for c in t["columnDefinitions"]] == ["Name", "Created At"]
    assert t["rows"][0]["cells"] == ["view", "2023-11-14T22:13:20Z"]


# --- networking -----------------------------------------------------------------------------------

def ingress(rules=None, tls=None, status=None, class_name="nginx"):
    spec = {"rules": rules or []}
    if class_name is not None:
        spec["ingressClassName"] = class_name
    if tls:
        spec["tls"] = tls
    return obj("Ingress", "saythx-ing", api_version="networking.k8s.io/v1", namespace="work", spec=spec,
               status=status or {})


def test_ingress_from_the_booklet_plus_class():
    ing = ingress([{"host": "saythx.moelove.info", "http": {"paths": []}}], class_name=None)
    assert row("networking.k8s.io", "ingresses", ing) == ["saythx-ing", "<none>", "saythx.moelove.info", "",
                                                          "80", "60m"]


def test_ingress_hosts_address_and_tls_ports():
    ing = ingress([{"host": "a.example"}, {}, {"host": "b.example"}, {"host": "c.example"},
                   {"host": "d.example"}], tls=[{"hosts": ["a.example"]}],
                  status={"loadBalancer": {"ingress": [{"ip": "192.168.49.2"}, {"hostname": "lb.example"}]}})
    assert row("networking.k8s.io", "ingresses", ing)[1:5] == [
        "nginx", "a.example,b.example,c.example + 2 more...", "192.168.49.2,lb.example", "80, 443"]


@pytest.mark.parametrize("hosts,text", [
    ([], "*"), ([None], "*"), (["a", None, None, None], "a"), (["a", "b", "c"], "a,b,c"),
    (["a", "b", "c", None], "a,b,c + 1 more..."),
])
def test_ingress_hosts(hosts, text):
    ing = ingress([{"host": h} if h else {} for h in hosts])
    assert row("networking.k8s.io", "ingresses", ing)[2] == text


def test_ingress_class_network_policy_service_cidr_ip_address():
    ic = obj("IngressClass", "nginx", namespace=None, spec={
        "controller": "k8s.io/ingress-nginx",
        "parameters": {"apiGroup": "k8s.example.com", "kind": "IngressParameters", "name": "external-lb"}})
    assert row("networking.k8s.io", "ingressclasses", ic) == [
        "nginx", "k8s.io/ingress-nginx", "IngressParameters.k8s.example.com/external-lb", "60m"]
    plain = obj("IngressClass", "plain", namespace=None, spec={"controller": "example.com/c"})
    assert row("networking.k8s.io", "ingressclasses", plain)[2] == "<none>"
    np_ = obj("NetworkPolicy", "deny", spec={"podSelector": {}})
    assert row("networking.k8s.io", "networkpolicies", np_) == ["deny", "<none>", "60m"]
    np_["spec"]["podSelector"] = {"matchLabels": {"role": "db"}}
    assert row("networking.k8s.io", "networkpolicies", np_)[1] == "role=db"
    cidr = obj("ServiceCIDR", "kubernetes", namespace=None, spec={"cidrs": ["10.96.0.0/12", "fd00::/108"]})
    assert row("networking.k8s.io", "servicecidrs", cidr) == ["kubernetes", "10.96.0.0/12,fd00::/108", "60m"]
    ip = obj("IPAddress", "10.96.0.1", namespace=None, spec={"parentRef": {
        "group": "", "resource": "services", "namespace": "default", "name": "kubernetes"}})
    assert row("networking.k8s.io", "ipaddresses", ip) == ["10.96.0.1", "services/default/kubernetes", "60m"]


# --- discovery ------------------------------------------------------------------------------------

def test_endpoint_slice():
    s = obj("EndpointSlice", "redis-server-abcde", api_version="discovery.k8s.io/v1", addressType="IPv4",
            ports=[{"name": "redis", "port": 6379, "protocol": "TCP"}],
            endpoints=[{"addresses": ["10.244.1.5"]}, {"addresses": ["10.244.2.7"]}])
    assert row("discovery.k8s.io", "endpointslices", s) == ["redis-server-abcde", "IPv4", "6379",
                                                            "10.244.1.5,10.244.2.7", "60m"]
    s.update(ports=[{"name": "a"}, {}, {"port": 1}, {"port": 2}], endpoints=[])
    assert row("discovery.k8s.io", "endpointslices", s)[2:4] == ["a,*,1 + 1 more...", "<unset>"]


# --- storage --------------------------------------------------------------------------------------

def test_storage_class_default_marker_and_defaults():
    sc = obj("StorageClass", "standard", namespace=None, provisioner="k8s.io/minikube-hostpath",
             annotations={"storageclass.kubernetes.io/is-default-class": "true"})
    assert row("storage.k8s.io", "storageclasses", sc) == [
        "standard (default)", "k8s.io/minikube-hostpath", "Delete", "Immediate", False, "60m"]
    fast = obj("StorageClass", "fast", namespace=None, provisioner="ebs.csi.aws.com", reclaimPolicy="Retain",
               volumeBindingMode="WaitForFirstConsumer", allowVolumeExpansion=True)
    assert row("storage.k8s.io", "storageclasses", fast)[:5] == [
        "fast", "ebs.csi.aws.com", "Retain", "WaitForFirstConsumer", True]


def test_csi_kinds_and_volume_attachment():
    va = obj("VolumeAttachment", "csi-123", namespace=None,
             spec={"attacher": "ebs.csi.aws.com", "nodeName": "node01", "source": {"persistentVolumeName": "pv1"}},
             status={"attached": True})
    assert row("storage.k8s.io", "volumeattachments", va) == ["csi-123", "ebs.csi.aws.com", "pv1", "node01",
                                                              True, "60m"]
    driver = obj("CSIDriver", "ebs.csi.aws.com", namespace=None, spec={})
    assert row("storage.k8s.io", "csidrivers", driver) == ["ebs.csi.aws.com", True, False, False, "<unset>",
                                                           False, "<none>", "60m"]
    driver["spec"] = {"attachRequired": False, "tokenRequests": [{"audience": "a"}, {"audience": "b"}],
                      "volumeLifecycleModes": ["Persistent", "Ephemeral"]}
    assert row("storage.k8s.io", "csidrivers", driver)[1:7] == [False, False, False, "a,b", False,
                                                                "Persistent,Ephemeral"]
    node = obj("CSINode", "node01", namespace=None, spec={"drivers": [{"name": "x"}]})
    assert row("storage.k8s.io", "csinodes", node) == ["node01", 1, "60m"]
    cap = obj("CSIStorageCapacity", "cap", storageClassName="fast")
    assert row("storage.k8s.io", "csistoragecapacities", cap) == ["cap", "fast", "<unset>"]


# --- coordination, scheduling, node, policy -------------------------------------------------------

def test_lease_priority_class_runtime_class_pdb():
    lease = obj("Lease", "kube-scheduler", namespace="kube-system", spec={"holderIdentity": "master_1a2b"})
    assert row("coordination.k8s.io", "leases", lease) == ["kube-scheduler", "master_1a2b", "60m"]
    assert row("coordination.k8s.io", "leases", obj("Lease", "x", spec={}))[1] == ""
    pc = obj("PriorityClass", "system-node-critical", namespace=None, value=2000001000,
             preemptionPolicy="PreemptLowerPriority")
    assert row("scheduling.k8s.io", "priorityclasses", pc) == [
        "system-node-critical", 2000001000, False, "60m", "PreemptLowerPriority"]
    rc = obj("RuntimeClass", "gvisor", namespace=None, handler="runsc")
    assert row("node.k8s.io", "runtimeclasses", rc) == ["gvisor", "runsc", "60m"]
    pdb = obj("PodDisruptionBudget", "web", spec={"minAvailable": "50%"}, status={"disruptionsAllowed": 1})
    assert row("policy", "poddisruptionbudgets", pdb) == ["web", "50%", "N/A", 1, "60m"]
    pdb["spec"] = {"maxUnavailable": 1}
    assert row("policy", "poddisruptionbudgets", pdb)[1:3] == ["N/A", "1"]


# --- certificates ---------------------------------------------------------------------------------

@pytest.mark.parametrize("conditions,certificate,word", [
    ([], "", "Pending"), (["Approved"], "", "Approved"), (["Approved"], "LS0t", "Approved,Issued"),
    (["Denied"], "", "Denied"), (["Approved", "Failed"], "", "Approved,Failed"),
])
def test_certificate_signing_request(conditions, certificate, word):
    csr = obj("CertificateSigningRequest", "node-csr-abc", namespace=None,
              spec={"signerName": "kubernetes.io/kube-apiserver-client-kubelet",
                    "username": "system:bootstrap:abcdef", "expirationSeconds": 86400},
              status={"conditions": [{"type": t, "status": "True"} for t in conditions],
                      "certificate": certificate})
    assert row("certificates.k8s.io", "certificatesigningrequests", csr) == [
        "node-csr-abc", "60m", "kubernetes.io/kube-apiserver-client-kubelet", "system:bootstrap:abcdef",
        "24h", word]


# --- events.k8s.io --------------------------------------------------------------------------------

def test_events_k8s_io_event_prints_like_a_core_event():
    e = obj("Event", "web.1799a9d2a7c5f2b1", api_version="events.k8s.io/v1", eventTime=ts(3000),
            regarding={"kind": "Pod", "name": "web", "fieldPath": "spec.containers{web}"},
            note="Started container web", reason="Started", type="Normal",
            reportingController="kubelet", reportingInstance="node01",
            deprecatedFirstTimestamp=ts(3000), deprecatedLastTimestamp=ts(3540), deprecatedCount=2,
            deprecatedSource={"component": "kubelet", "host": "node01"})
    assert row("events.k8s.io", "events", e) == ["60s", "Normal", "Started", "pod/web", "spec.containers{web}",
                                                 "kubelet, node01", "Started container web", "10m", 2,
                                                 "web.1799a9d2a7c5f2b1"]


# --- autoscaling ----------------------------------------------------------------------------------

def hpa(spec, status=None, api_version="autoscaling/v2"):
    return obj("HorizontalPodAutoscaler", "web", api_version=api_version,
               spec={"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"},
                     "maxReplicas": 10, **spec}, status=status or {"currentReplicas": 2})


def cpu(target=None, value=None):
    t = {"type": "Utilization", "averageUtilization": target} if target is not None else \
        {"type": "AverageValue", "averageValue": value}
    return {"type": "Resource", "resource": {"name": "cpu", "target": t}}


def test_hpa_v2_metrics():
    h = hpa({"minReplicas": 1, "metrics": [cpu(80)]},
            {"currentReplicas": 2, "currentMetrics": [{"type": "Resource", "resource": {
                "name": "cpu", "current": {"averageUtilization": 45, "averageValue": "90m"}}}]})
    assert row("autoscaling", "horizontalpodautoscalers", h) == ["web", "Deployment/web", "cpu: 45%/80%", "1",
                                                                 10, 2, "60m"]


def test_hpa_unknown_more_and_value_targets():
    pods = {"type": "Pods", "pods": {"metric": {"name": "qps"}, "target": {"type": "AverageValue",
                                                                           "averageValue": "1k"}}}
    ext = {"type": "External", "external": {"metric": {"name": "queue"}, "target": {"type": "Value",
                                                                                    "value": "30"}}}
    h = hpa({"metrics": [cpu(value="500m"), pods, ext]})
    assert row("autoscaling", "horizontalpodautoscalers", h)[2:4] == [
        "cpu: <unknown>/500m, <unknown>/1k + 1 more...", "<unset>"]
    assert row("autoscaling", "horizontalpodautoscalers", hpa({}))[2] == "<none>"


def test_hpa_v1_cpu_target():
    h = hpa({"minReplicas": 1, "targetCPUUtilizationPercentage": 50},
            {"currentReplicas": 1, "currentCPUUtilizationPercentage": 12}, api_version="autoscaling/v1")
    assert row("autoscaling", "horizontalpodautoscalers", h)[2] == "cpu: 12%/50%"


# --- admissionregistration ------------------------------------------------------------------------

def test_webhooks_and_admission_policies():
    group = "admissionregistration.k8s.io"
    wh = obj("ValidatingWebhookConfiguration", "gatekeeper", namespace=None, webhooks=[{"name": "a"}, {"name": "b"}])
    assert row(group, "validatingwebhookconfigurations", wh) == ["gatekeeper", 2, "60m"]
    vap = obj("ValidatingAdmissionPolicy", "max-replicas", namespace=None, spec={
        "paramKind": {"apiVersion": "rules.example.com/v1", "kind": "ReplicaLimit"},
        "validations": [{"expression": "object.spec.replicas <= 5"}]})
    assert row(group, "validatingadmissionpolicies", vap) == ["max-replicas", 1, "rules.example.com/v1/ReplicaLimit",
                                                              "60m"]
    binding = obj("ValidatingAdmissionPolicyBinding", "b", namespace=None,
                  spec={"policyName": "max-replicas", "paramRef": {"name": "limit"}})
    assert row(group, "validatingadmissionpolicybindings", binding) == ["b", "max-replicas", "*/limit", "60m"]
    binding["spec"]["paramRef"]["namespace"] = "work"
    assert row(group, "validatingadmissionpolicybindings", binding)[2] == "work/limit"
    binding["spec"].pop("paramRef")
    assert row(group, "validatingadmissionpolicybindings", binding)[2] == "<unset>"
