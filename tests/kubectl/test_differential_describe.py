"""`kubectl describe` from k8slab against the installed kubectl, on one `k8slab up --nodes 2`.

The harness is differential.py's (outputs compared after normalising ages, timestamps and, where
a step asks, generated name suffixes). The scenario below is describe's own: one object of each
kind upstream has a describer for, events made to repeat (`(x4 over 10m)`) and to tie on their
timestamps (Go's unstable sort), a rolled-out deployment (old and new replica sets), a pod with
volumes, probes and every kind of environment variable.

Objects with several data keys are avoided: upstream walks Go maps for ConfigMap and Secret
data, a random order. A step with `known=` documents a remaining difference (xfail strict).
"""

import json
import time
import urllib.request

import pytest

from tests.apiserver.kubectl_harness import KUBECTL

from .differential import Differential, Step, step_params

pytestmark = pytest.mark.skipif(KUBECTL is None, reason="no kubectl on PATH")

NS = "lab"
RBAC = "rbac.authorization.k8s.io/v1"


def deployment(name, replicas, image, labels, resources=None):
    container = {"name": name, "image": image, "ports": [{"containerPort": 6379}]}
    if resources:
        container["resources"] = resources
        container["env"] = [{"name": "MODE", "value": "fast"},
                            {"name": "NODE", "valueFrom": {"fieldRef": {"fieldPath": "spec.nodeName"}}}]
    return {"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": name, "namespace": NS, "labels": labels},
            "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": labels["app"]}},
                     "template": {"metadata": {"labels": labels}, "spec": {"containers": [container]}}}}


RICH_POD = {
    "apiVersion": "v1", "kind": "Pod",
    "metadata": {"name": "rich", "namespace": NS, "labels": {"app": "rich"},
                 "annotations": {"long": "x" * 150, "multi": "line1\nline2\n"}},
    "spec": {
        "priority": 0,
        "nodeSelector": {"kubernetes.io/os": "linux"},
        "tolerations": [{"key": "k1", "operator": "Exists", "effect": "NoSchedule"}, {"operator": "Exists"},
                        {"key": "a", "value": "b", "operator": "Equal", "effect": "NoExecute",
                         "tolerationSeconds": 30}],
        "initContainers": [{"name": "init", "image": "busybox", "command": ["sh", "-c", "true"]}],
        "containers": [{
            "name": "web", "image": "nginx:1.25",
            "ports": [{"containerPort": 80, "name": "http"}, {"containerPort": 443, "hostPort": 8443}],
            "livenessProbe": {"tcpSocket": {"port": "http"}, "periodSeconds": 5},
            "readinessProbe": {"httpGet": {"path": "/", "port": 80}, "initialDelaySeconds": 1},
            "startupProbe": {"exec": {"command": ["true"]}, "periodSeconds": 5},
            "resources": {"requests": {"cpu": "0.5", "memory": "1G"}, "limits": {"cpu": "1", "memory": "2Gi"}},
            "envFrom": [{"configMapRef": {"name": "settings"}}, {"secretRef": {"name": "token", "optional": True},
                                                                 "prefix": "S_"}],
            "env": [{"name": "POD", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
                    {"name": "NS", "valueFrom": {"fieldRef": {"fieldPath": "metadata.namespace"}}},
                    {"name": "CPU", "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu", "divisor": "1m"}}},
                    {"name": "MEM", "valueFrom": {"resourceFieldRef": {"resource": "requests.memory"}}},
                    {"name": "PASS", "valueFrom": {"secretKeyRef": {"name": "token", "key": "password"}}},
                    {"name": "MODE", "valueFrom": {"configMapKeyRef": {"name": "settings", "key": "script",
                                                                        "optional": True}}},
                    {"name": "MULTI", "value": "a\nb"}],
            "volumeMounts": [{"name": "data", "mountPath": "/data"},
                             {"name": "cfg", "mountPath": "/etc/cfg", "readOnly": True, "subPath": "x"},
                             {"name": "sec", "mountPath": "/a"}]}],
        "volumes": [
            {"name": "data", "emptyDir": {"sizeLimit": "1Gi"}},
            {"name": "cfg", "configMap": {"name": "settings"}},
            {"name": "sec", "secret": {"secretName": "token", "optional": False}},
            {"name": "host", "hostPath": {"path": "/tmp", "type": "Directory"}},
            {"name": "dapi", "downwardAPI": {"items": [{"path": "labels",
                                                        "fieldRef": {"fieldPath": "metadata.labels"}}]}},
            {"name": "proj", "projected": {"sources": [
                {"serviceAccountToken": {"path": "token", "expirationSeconds": 3600}},
                {"configMap": {"name": "settings", "items": [{"key": "script", "path": "s"}]}},
                {"downwardAPI": {"items": [{"path": "ns", "fieldRef": {"fieldPath": "metadata.namespace"}}]}}]}},
            {"name": "nfs", "nfs": {"server": "1.2.3.4", "path": "/x"}}]},
}

OBJECTS = [
    {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": NS, "labels": {"team": "lab"}}},
    deployment("redis", 2, "redis:alpine", {"app": "redis", "tier": "cache"},
               {"requests": {"cpu": "100m", "memory": "64Mi"}, "limits": {"memory": "128Mi"}}),
    deployment("web", 1, "nginx:1.25", {"app": "web"}),
    {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "redis", "namespace": NS, "labels": {"app": "redis"}},
     "spec": {"selector": {"app": "redis"}, "ports": [{"port": 6379, "targetPort": 6379}]}},
    {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": NS},
     "spec": {"type": "NodePort", "selector": {"app": "web"}, "ports": [{"name": "http", "port": 80}]}},
    {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings", "namespace": NS,
                                                           "annotations": {"note": "a: b"}},
     "data": {"script": "#!/bin/sh\necho hello\n"}},
    {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "blob", "namespace": NS},
     "binaryData": {"logo.png": "iVBORw0KGgo="}},
    {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "token", "namespace": NS},
     "type": "Opaque", "data": {"password": "czNjcjN0"}},
    {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "backend", "namespace": NS},
     "secrets": [{"name": "token"}, {"name": "gone"}], "imagePullSecrets": [{"name": "regcred"}]},
    {"apiVersion": RBAC, "kind": "Role", "metadata": {"name": "backend-role", "namespace": NS},
     "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list", "watch"]},
               {"apiGroups": ["apps"], "resources": ["deployments", "replicasets"], "verbs": ["get"]}]},
    {"apiVersion": RBAC, "kind": "RoleBinding", "metadata": {"name": "backend-rolebinding", "namespace": NS},
     "subjects": [{"kind": "User", "name": "backend", "apiGroup": "rbac.authorization.k8s.io"},
                  {"kind": "ServiceAccount", "name": "backend", "namespace": NS}],
     "roleRef": {"kind": "Role", "name": "backend-role", "apiGroup": "rbac.authorization.k8s.io"}},
    {"apiVersion": RBAC, "kind": "ClusterRole", "metadata": {"name": "lab-small"},
     "rules": [{"apiGroups": [""], "resources": ["pods", "pods/log"], "verbs": ["get", "list"]},
               {"nonResourceURLs": ["/healthz", "/version"], "verbs": ["get"]},
               {"apiGroups": ["apps"], "resources": ["deployments"], "resourceNames": ["a", "b"], "verbs": ["*"]}]},
    {"apiVersion": RBAC, "kind": "ClusterRoleBinding", "metadata": {"name": "lab-small-binding"},
     "subjects": [{"kind": "Group", "name": "devs", "apiGroup": "rbac.authorization.k8s.io"}],
     "roleRef": {"kind": "ClusterRole", "name": "lab-small", "apiGroup": "rbac.authorization.k8s.io"}},
    {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "agent", "namespace": NS},
     "spec": {"selector": {"matchLabels": {"app": "agent"}},
              "template": {"metadata": {"labels": {"app": "agent"}},
                           "spec": {"containers": [{"name": "agent", "image": "busybox",
                                                    "command": ["sh", "-c", "sleep 3600"]}]}}}},
    {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "db", "namespace": NS},
     "spec": {"serviceName": "db", "replicas": 1, "selector": {"matchLabels": {"app": "db"}},
              "template": {"metadata": {"labels": {"app": "db"}},
                           "spec": {"containers": [{"name": "db", "image": "redis:alpine"}]}},
              "volumeClaimTemplates": [{"metadata": {"name": "data"},
                                        "spec": {"accessModes": ["ReadWriteOnce"],
                                                 "resources": {"requests": {"storage": "1Gi"}}}}]}},
    {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "once", "namespace": NS},
     "spec": {"template": {"spec": {"restartPolicy": "Never",
                                    "containers": [{"name": "once", "image": "busybox", "command": ["echo", "hi"]}]}}}},
    {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "tick", "namespace": NS},
     "spec": {"schedule": "0 0 1 1 *", "jobTemplate": {"spec": {"template": {"spec": {
         "restartPolicy": "OnFailure", "containers": [{"name": "tick", "image": "busybox", "args": ["date"]}]}}}}}},
    {"apiVersion": "networking.k8s.io/v1", "kind": "IngressClass", "metadata": {"name": "lab-nginx"},
     "spec": {"controller": "k8s.io/ingress-nginx"}},
    {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "web", "namespace": NS},
     "spec": {"ingressClassName": "lab-nginx", "tls": [{"hosts": ["web.example.com"], "secretName": "tls"}],
              "rules": [{"host": "web.example.com", "http": {"paths": [
                  {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "redis",
                                                                              "port": {"number": 6379}}}},
                  {"path": "/x", "pathType": "Prefix", "backend": {"service": {"name": "missing",
                                                                               "port": {"name": "http"}}}}]}}]}},
    {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "q1", "namespace": NS},
     "spec": {"hard": {"pods": "20", "requests.cpu": "4"}}},
    {"apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": "lr", "namespace": NS},
     "spec": {"limits": [{"type": "Container", "default": {"cpu": "500m"}, "defaultRequest": {"cpu": "100m"},
                          "max": {"cpu": "2"}}]}},
    {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "claim", "namespace": NS},
     "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}},
    {"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass", "metadata": {"name": "lab-high"},
     "value": 1000, "description": "important"},
    {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": "redis", "namespace": NS},
     "spec": {"minAvailable": 1, "selector": {"matchLabels": {"app": "redis"}}}},
    {"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
     "metadata": {"name": "lab-fast", "annotations": {"storageclass.kubernetes.io/is-default-class": "false"}},
     "provisioner": "example.com/fast", "parameters": {"type": "ssd"}, "reclaimPolicy": "Retain"},
    {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
     "metadata": {"name": "widgets.example.com"},
     "spec": {"group": "example.com", "scope": "Namespaced",
              "names": {"kind": "Widget", "plural": "widgets", "singular": "widget"},
              "versions": [{"name": "v1", "served": True, "storage": True, "schema": {"openAPIV3Schema": {
                  "type": "object", "x-kubernetes-preserve-unknown-fields": True}}}]}},
    {"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": "lab-pv", "labels": {"type": "local"}},
     "spec": {"capacity": {"storage": "5Gi"}, "accessModes": ["ReadWriteOnce", "ReadOnlyMany"],
              "persistentVolumeReclaimPolicy": "Retain", "storageClassName": "manual",
              "hostPath": {"path": "/mnt/data"},
              "nodeAffinity": {"required": {"nodeSelectorTerms": [{"matchExpressions": [
                  {"key": "kubernetes.io/hostname", "operator": "In", "values": ["node1", "node2"]},
                  {"key": "disk", "operator": "Exists"}]}]}}}},
    {"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": "lab-csi"},
     "spec": {"capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteOnce"],
              "csi": {"driver": "ebs.csi.aws.com", "volumeHandle": "vol-1", "fsType": "ext4",
                      "volumeAttributes": {"a": "b", "c": "d"}}}},
    {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "redis", "namespace": NS},
     "spec": {"podSelector": {"matchLabels": {"app": "redis"}}, "policyTypes": ["Ingress", "Egress"],
              "ingress": [{"from": [{"ipBlock": {"cidr": "172.17.0.0/16", "except": ["172.17.1.0/24"]}},
                                    {"namespaceSelector": {"matchLabels": {"project": "lab"}}},
                                    {"namespaceSelector": {"matchLabels": {"a": "b"}},
                                     "podSelector": {"matchExpressions": [{"key": "x", "operator": "In",
                                                                           "values": ["v", "w"]}]}}],
                           "ports": [{"protocol": "TCP", "port": 6379}, {"port": 32000, "endPort": 32768}]},
                          {}],
              "egress": [{"to": [{"ipBlock": {"cidr": "10.0.0.0/24"}}], "ports": [{"protocol": "UDP", "port": 53}]}]}},
    {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "deny", "namespace": NS},
     "spec": {"podSelector": {}, "policyTypes": ["Ingress"]}},
    {"apiVersion": "autoscaling/v1", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "redis", "namespace": NS},
     "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "redis"},
              "minReplicas": 2, "maxReplicas": 5, "targetCPUUtilizationPercentage": 50}},
    {"apiVersion": "v1", "kind": "ReplicationController", "metadata": {"name": "legacy", "namespace": NS},
     "spec": {"replicas": 1, "selector": {"app": "legacy"},
              "template": {"metadata": {"labels": {"app": "legacy"}},
                           "spec": {"containers": [{"name": "c", "image": "busybox", "command": ["sleep", "3600"]}]}}}},
    RICH_POD,
]

WIDGET = {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w1", "namespace": NS,
                                                                         "labels": {"x": "yes"}},
          "spec": {"size": 3, "ratio": 1.5, "big": 1000000.5, "tiny": 0.00001, "enabled": True, "apiURL": "http://x",
                   "podCIDR": "10.0.0.0/8", "some-key": "v", "under_score": "v",
                   "items": ["a", 1, {"name": "n", "value": "v"}, [1, 2]], "nested": {"deepField": {"x": 1}}}}

# 40 events about one config map, tied on lastTimestamp in a pattern that Go's pdqsort reorders,
# and three that repeated (count, or a series) with fixed times
TIES = "0233301023222230020322233022123020100022"


def events_for(cm: dict) -> list[dict]:
    ref = {"kind": "ConfigMap", "namespace": NS, "name": "noisy", "uid": cm["metadata"]["uid"], "apiVersion": "v1"}
    out = [{"apiVersion": "v1", "kind": "Event", "metadata": {"name": f"noisy.{i:04d}", "namespace": NS},
            "involvedObject": ref, "reason": f"R{i}", "message": f"event {i} at +{t}s", "type": "Normal",
            "source": {"component": "test"}, "count": 1,
            "firstTimestamp": f"2026-01-01T00:00:0{t}Z", "lastTimestamp": f"2026-01-01T00:00:0{t}Z"}
           for i, t in enumerate(TIES)]
    out.append({"apiVersion": "v1", "kind": "Event", "metadata": {"name": "noisy.repeat", "namespace": NS},
                "involvedObject": ref, "reason": "BackOff", "message": "  Back-off restarting  \n", "type": "Warning",
                "source": {"component": "kubelet", "host": "node1"}, "count": 4,
                "firstTimestamp": "2026-01-01T00:00:00Z", "lastTimestamp": "2026-01-01T00:10:00Z"})
    out.append({"apiVersion": "v1", "kind": "Event", "metadata": {"name": "noisy.series", "namespace": NS},
                "involvedObject": ref, "reason": "Probe", "message": "series", "type": "Warning",
                "reportingComponent": "kubelet", "reportingInstance": "node1", "action": "Probe",
                "eventTime": "2026-01-01T00:00:00.000001Z",
                "series": {"count": 7, "lastObservedTime": "2026-01-01T00:30:00.000001Z"},
                "firstTimestamp": None, "lastTimestamp": None})
    return out


STEPS = [
    # workloads
    Step(f"describe deploy redis -n {NS}"),
    Step(f"describe deployment web -n {NS}", names=True),
    Step(f"describe rs -n {NS} -l app=redis"),
    Step(f"describe pods -n {NS} -l app=redis", names=True),
    Step(f"describe pod rich -n {NS}"),
    Step(f"describe ds agent -n {NS}", names=True),
    Step(f"describe sts db -n {NS}"),
    Step(f"describe job once -n {NS}", names=True),
    Step(f"describe cronjob tick -n {NS}"),
    # services and networking
    Step(f"describe svc redis -n {NS}"),
    Step(f"describe service web -n {NS}"),
    Step(f"describe endpoints redis -n {NS}"),
    Step(f"describe endpointslices -n {NS} -l kubernetes.io/service-name=redis", names=True),
    Step(f"describe ingress web -n {NS}"),
    Step("describe ingressclass lab-nginx"),
    # cluster and namespaces
    Step("describe node node1", names=True),
    Step(f"describe ns {NS}"),
    Step("describe namespace default"),
    Step(f"describe quota -n {NS}"),
    Step(f"describe limits lr -n {NS}"),
    # configuration and access
    Step(f"describe cm settings -n {NS}"),
    Step(f"describe configmap blob -n {NS}"),
    Step(f"describe cm noisy -n {NS}"),
    Step(f"describe secret token -n {NS}"),
    Step(f"describe sa backend -n {NS}"),
    Step(f"describe role backend-role -n {NS}"),
    Step(f"describe rolebinding backend-rolebinding -n {NS}"),
    Step("describe clusterrole lab-small"),
    Step("describe clusterrolebinding lab-small-binding"),
    # storage, policy, scheduling
    Step(f"describe pvc claim -n {NS}"),
    Step("describe storageclass lab-fast"),
    Step("describe priorityclass lab-high"),
    Step(f"describe pdb redis -n {NS}"),
    Step("describe csr lab-jane"),
    Step("describe pv lab-pv"),
    Step("describe persistentvolume lab-csi"),
    Step(f"describe netpol -n {NS}"),
    Step(f"describe hpa redis -n {NS}"),
    Step(f"describe rc legacy -n {NS}", names=True),
    # the generic describer
    Step(f"describe widget w1 -n {NS}"),
    Step("describe lease node1 -n kube-node-lease"),
    # several objects, prefixes, flags and errors
    Step(f"describe deploy -n {NS}", names=True),
    Step(f"describe svc/redis cm/settings -n {NS}"),
    Step(f"describe deploy red -n {NS}"),
    Step(f"describe deploy redis -n {NS} --show-events=false"),
    Step(f"describe pod nope -n {NS}"),
    Step("describe nope"),
    Step(f"describe pods -n {NS} -l app=none"),
    Step("describe priorityclasses -l app=none"),
    Step(f"describe ev noisy.series -n {NS}", known="the short name `ev` matches events and events.events.k8s.io: "
                                                    "kubectl warns twice on stderr (shortcut expander), k8slab not"),
    Step(f"describe event noisy.repeat -n {NS}"),
]


def csr() -> dict:
    """A certificate signing request for jane (devs, ops) with DNS, email, URI and IP names."""
    import base64
    import ipaddress
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    names = [x509.NameAttribute(NameOID.COMMON_NAME, "jane"), x509.NameAttribute(NameOID.ORGANIZATION_NAME, "devs"),
             x509.NameAttribute(NameOID.ORGANIZATION_NAME, "ops"), x509.NameAttribute(NameOID.COUNTRY_NAME, "FR")]
    alt = [x509.DNSName("a.example.com"), x509.DNSName("b.example.com"), x509.RFC822Name("jane@example.com"),
           x509.UniformResourceIdentifier("spiffe://lab/jane"), x509.IPAddress(ipaddress.ip_address("10.0.0.1"))]
    request = (x509.CertificateSigningRequestBuilder().subject_name(x509.Name(names))
               .add_extension(x509.SubjectAlternativeName(alt), critical=False)
               .sign(ec.generate_private_key(ec.SECP256R1()), hashes.SHA256()))
    pem = request.public_bytes(serialization.Encoding.PEM)
    return {"apiVersion": "certificates.k8s.io/v1", "kind": "CertificateSigningRequest",
            "metadata": {"name": "lab-jane", "labels": {"team": "lab"}},
            "spec": {"request": base64.b64encode(pem).decode(), "signerName": "kubernetes.io/kube-apiserver-client",
                     "expirationSeconds": 86400, "usages": ["client auth"]}}


def post(d: Differential, path: str, obj: dict) -> dict:
    req = urllib.request.Request(d.cluster.url + path, data=json.dumps(obj).encode(),
                                 headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())


def path_of(obj: dict) -> str:
    api_version, kind = obj["apiVersion"], obj["kind"]
    plural = {"Endpoints": "endpoints", "PriorityClass": "priorityclasses", "StorageClass": "storageclasses",
              "IngressClass": "ingressclasses", "Ingress": "ingresses", "NetworkPolicy": "networkpolicies"
              }.get(kind, kind.lower() + "s")
    ns = obj["metadata"].get("namespace")
    base = f"/apis/{api_version}" if "/" in api_version else f"/api/{api_version}"
    return f"{base}/namespaces/{ns}/{plural}" if ns else f"{base}/{plural}"


def settled(d: Differential) -> bool:
    pods = d.get(f"/api/v1/namespaces/{NS}/pods")["items"]
    if len(pods) != 9:                  # redis x2, web (the rolled-out one), agent x2, db-0, once, rich, legacy
        return False
    for p in pods:
        st = p.get("status") or {}
        if st.get("phase") == "Succeeded":
            continue
        if st.get("phase") != "Running" or not all(c.get("ready") for c in st.get("containerStatuses") or []):
            return False
    web = d.get(f"/apis/apps/v1/namespaces/{NS}/deployments/web").get("status") or {}
    return web.get("updatedReplicas") == 1 and web.get("replicas") == 1 and web.get("availableReplicas") == 1


@pytest.fixture(scope="module")
def diff():
    d = Differential(nodes=2)
    try:
        for obj in OBJECTS:
            post(d, path_of(obj), obj)
        assert d.wait(lambda: any(c.get("type") == "Established" and c.get("status") == "True" for c in (
            d.get("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com").get("status")
            or {}).get("conditions") or []))
        post(d, f"/apis/example.com/v1/namespaces/{NS}/widgets", WIDGET)
        post(d, "/apis/certificates.k8s.io/v1/certificatesigningrequests", csr())
        cm = post(d, f"/api/v1/namespaces/{NS}/configmaps",
                  {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "noisy"}, "data": {"k": "v"}})
        for event in events_for(cm):
            post(d, f"/api/v1/namespaces/{NS}/events", event)
        # roll the web deployment once: an old and a new replica set
        assert d.wait(lambda: (d.get(f"/apis/apps/v1/namespaces/{NS}/deployments/web").get("status") or {})
                      .get("availableReplicas") == 1, timeout=60)
        req = urllib.request.Request(
            f"{d.cluster.url}/apis/apps/v1/namespaces/{NS}/deployments/web",
            data=json.dumps({"spec": {"template": {"spec": {"containers": [{"name": "web",
                                                                             "image": "nginx:1.27"}]}}}}).encode(),
            headers={"Content-Type": "application/strategic-merge-patch+json"}, method="PATCH")
        urllib.request.urlopen(req, timeout=10).read()
        time.sleep(1.0)
        assert d.wait(lambda: settled(d), timeout=90), "the lab namespace did not settle"
        time.sleep(1.0)
        yield d
    finally:
        d.stop()


@pytest.mark.parametrize("step", step_params(STEPS))
def test_describe_same_as_kubectl(diff, step):
    equal, report = diff.compare(step)
    assert equal, report
