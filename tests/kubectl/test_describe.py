"""`kubectl describe` in-process on a virtual-clock cluster: whole texts where the describer
decides everything, event ages that follow the clock, the node's resource table, errors."""

import re

import pytest

from k8slab.cluster import Cluster


def web(replicas=2):
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "default"},
            "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": "web"}},
                     "template": {"metadata": {"labels": {"app": "web"}},
                                  "spec": {"containers": [{"name": "nginx", "image": "nginx:1.25",
                                                           "resources": {"requests": {"cpu": "100m",
                                                                                      "memory": "64Mi"}}}]}}}}


OBJECTS = [
    web(),
    {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "broken", "namespace": "default"},
     "spec": {"containers": [{"name": "app", "image": "redis:5xx"}]}},
    {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "quota", "labels": {"team": "lab"}}},
    {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "q", "namespace": "quota"},
     "spec": {"hard": {"pods": "10", "requests.cpu": "2"}}},
    {"apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": "lr", "namespace": "quota"},
     "spec": {"limits": [{"type": "Container", "default": {"cpu": "500m"}, "defaultRequest": {"cpu": "100m"}}]}},
    {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings", "namespace": "default",
                                                           "annotations": {"note": "a: b"}},
     "data": {"script": "#!/bin/sh\necho hi\n", "mode": "fast"}},
    {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "token", "namespace": "default"},
     "type": "Opaque", "data": {"password": "czNjcjN0"}},
    {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
     "metadata": {"name": "reader", "namespace": "default"},
     "rules": [{"apiGroups": ["", "apps"], "resources": ["pods", "deployments"], "verbs": ["get", "list"]},
               {"apiGroups": [""], "resources": ["configmaps"], "resourceNames": ["settings"], "verbs": ["get"]}]},
]


@pytest.fixture(scope="module")
def cluster():
    c = Cluster(nodes=2, seed=0)
    for obj in OBJECTS:
        c.apply(obj, namespace=obj["metadata"].get("namespace", "default"))
    c.settle()
    for _ in range(6):                     # one minute, in steps (image pull back-offs keep timers)
        c.advance(10)
    return c


def test_config_map_secret_and_role_as_kubectl_prints_them(cluster):
    assert cluster.kubectl("describe cm settings") == (
        "Name:         settings\n"
        "Namespace:    default\n"
        "Labels:       <none>\n"
        "Annotations:  note: a: b\n"
        "\n"
        "Data\n"
        "====\n"
        "mode:\n"
        "----\n"
        "fast\n"
        "\n"
        "script:\n"
        "----\n"
        "#!/bin/sh\n"
        "echo hi\n"
        "\n"
        "\n"
        "\n"
        "BinaryData\n"
        "====\n"
        "\n"
        "Events:  <none>\n")
    assert cluster.kubectl("describe secret token") == (
        "Name:         token\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\n"
        "Type:  Opaque\n\nData\n====\npassword:  6 bytes\n")
    assert cluster.kubectl("describe role reader") == (
        "Name:         reader\n"
        "Labels:       <none>\n"
        "Annotations:  <none>\n"
        "PolicyRule:\n"
        "  Resources         Non-Resource URLs  Resource Names  Verbs\n"
        "  ---------         -----------------  --------------  -----\n"
        "  deployments       []                 []              [get list]\n"
        "  pods              []                 []              [get list]\n"
        "  deployments.apps  []                 []              [get list]\n"
        "  pods.apps         []                 []              [get list]\n"
        "  configmaps        []                 [settings]      [get]\n")


def test_namespace_with_its_quota_and_limit_range(cluster):
    assert cluster.kubectl("describe ns quota") == (
        "Name:         quota\n"
        "Labels:       kubernetes.io/metadata.name=quota\n"
        "              team=lab\n"
        "Annotations:  <none>\n"
        "Status:       Active\n"
        "\n"
        "Resource Quotas\n"
        "  Name:         q\n"
        "  Resource      Used  Hard\n"
        "  --------      ---   ---\n"
        "  pods          0     10\n"
        "  requests.cpu  0     2\n"
        "\n"
        "Resource Limits\n"
        " Type       Resource  Min  Max  Default Request  Default Limit  Max Limit/Request Ratio\n"
        " ----       --------  ---  ---  ---------------  -------------  -----------------------\n"
        " Container  cpu       -    -    100m             500m           -\n")


def test_pod_describes_its_owner_containers_and_events(cluster):
    name = cluster.kubectl("get pods -l app=web -o jsonpath={.items[0].metadata.name}")
    text = cluster.kubectl(f"describe pod {name}")
    # Priority: the Priority admission plugin's 0; Service Account: the ServiceAccount plugin's default
    assert text.startswith(f"Name:             {name}\nNamespace:        default\nPriority:         0\n"
                           "Service Account:  default\nNode:             node")
    assert re.search(r"^Controlled By:  ReplicaSet/web-[a-z0-9]+$", text, re.M)
    assert re.search(r"^    Requests:\n      cpu: +100m\n      memory: +64Mi\n", text, re.M)
    assert "QoS Class:                   Burstable\n" in text
    assert re.search(r"^  kube-api-access-\w{5}:\n    Type: +Projected \(a volume that contains injected data "
                     r"from multiple sources\)\n    TokenExpirationSeconds:  3607\n", text, re.M)
    assert re.search(r"^  Normal  Scheduled  \d+s +default-scheduler  Successfully assigned default/"
                     + name + r" to node\d$", text, re.M)


def _scheduled_age(text: str) -> int:
    return int(re.search(r"^  Normal +Scheduled +(\d+)s ", text, re.M).group(1))


def test_event_ages_follow_the_virtual_clock_and_repeats_are_aggregated(cluster):
    before = cluster.kubectl("describe pod broken")
    assert "    State:          Waiting\n      Reason:       ImagePullBackOff\n" in before
    first = _scheduled_age(before)
    assert re.search(r"^  Warning  Failed     \d+s \(x[2-9] over \d+s\)  kubelet            Error: ErrImagePull$",
                     before, re.M)
    cluster.clock.advance(30)              # the clock alone: only the ages change
    after = cluster.kubectl("describe pod broken")
    assert _scheduled_age(after) == first + 30
    assert before.replace(f"{first}s", "") != after.replace(f"{first + 30}s", "")   # the repeats' ages moved too
    assert re.search(rf"\(x\d over {first + 30}s\)", after)


def test_node_lists_its_pods_with_shares_of_allocatable(cluster):
    node = cluster.kubectl("get pods -l app=web -o jsonpath={.items[0].spec.nodeName}")
    text = cluster.kubectl(f"describe node {node}")
    assert re.search(r"^  default +web-\S+ +100m \(5%\) +0 \(0%\) +64Mi \(1%\) +0 \(0%\) +\d+s$", text, re.M)
    assert "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n" in text
    assert f"Lease:\n  HolderIdentity:  {node}\n" in text
    assert re.search(r"^  Normal  RegisteredNode +\S+ +node-controller +Node " + node, text, re.M)


def test_deployment_and_its_replica_set(cluster):
    text = cluster.kubectl("describe deploy web")
    assert "Replicas:               2 desired | 2 updated | 2 total | 2 available | 0 unavailable\n" in text
    assert re.search(r"^NewReplicaSet:   web-\w+ \(2/2 replicas created\)$", text, re.M)
    assert "OldReplicaSets:  <none>\n" in text
    rs = cluster.kubectl("describe rs -l app=web")
    assert "Pods Status:    2 Running / 0 Waiting / 0 Succeeded / 0 Failed\n" in rs
    assert "Controlled By:  Deployment/web\n" in rs


def test_show_events_false_leaves_the_section_out(cluster):
    assert "Events" not in cluster.kubectl("describe deploy web --show-events=false")


def test_generic_describer_for_a_lease(cluster):
    text = cluster.kubectl("describe lease -n kube-node-lease node1")
    assert text.startswith("Name:         node1\nNamespace:    kube-node-lease\nLabels:       <none>\n"
                           "Annotations:  <none>\nAPI Version:  coordination.k8s.io/v1\nKind:         Lease\n"
                           "Metadata:\n  Creation Timestamp:  2023-11-14T22:13:20Z\n")
    assert "Spec:\n  Holder Identity:         node1\n  Lease Duration Seconds:  40\n" in text


def test_missing_object_is_not_found(cluster):
    r = cluster.kubectl_result("describe pod nope")
    assert (r.rc, r.out, r.err) == (1, "", 'Error from server (NotFound): pods "nope" not found\n')


def test_several_objects_are_separated_by_a_blank_line(cluster):
    text = cluster.kubectl("describe pods -l app=web")
    names = re.findall(r"^Name:  +(web-\S+)$", text, re.M)
    assert len(names) == 2
    assert f"\n\nName:             {names[1]}\n" in text and not text.startswith("\n")


def test_network_policy_autoscaler_and_persistent_volume():
    c = Cluster(nodes=1, seed=0)
    for obj in (
        {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
         "metadata": {"name": "deny", "namespace": "default"},
         "spec": {"podSelector": {"matchLabels": {"app": "db"}}, "policyTypes": ["Ingress", "Egress"],
                  "ingress": [{"from": [{"podSelector": {"matchLabels": {"role": "api"}}}],
                               "ports": [{"port": 5432}]}]}},
        {"apiVersion": "autoscaling/v1", "kind": "HorizontalPodAutoscaler",
         "metadata": {"name": "web", "namespace": "default"},
         "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"},
                  "maxReplicas": 5, "targetCPUUtilizationPercentage": 50}},
        {"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": "pv1"},
         "spec": {"capacity": {"storage": "5Gi"}, "accessModes": ["ReadWriteOnce"],
                  "nfs": {"server": "10.0.0.1", "path": "/x"}, "claimRef": {"namespace": "default", "name": "data"}}},
    ):
        c.apply(obj)
    c.settle()
    assert c.kubectl("describe netpol deny") == (
        "Name:         deny\nNamespace:    default\nCreated on:   2023-11-14 22:13:20 +0000 UTC\n"
        "Labels:       <none>\nAnnotations:  <none>\nSpec:\n"
        "  PodSelector:     app=db\n"                  # upstream writes the selector at level 2 after it
        "  Allowing ingress traffic:\n    To Port: 5432/TCP\n    From:\n      PodSelector: role=api\n"
        "  Allowing egress traffic:\n    <none> (Selected pods are isolated for egress connectivity)\n"
        "  Policy Types: Ingress, Egress\n")
    assert c.kubectl("describe hpa web") == (
        "Name:                     web\nNamespace:                default\nLabels:                   <none>\n"
        "Annotations:              <none>\nCreationTimestamp:        Tue, 14 Nov 2023 22:13:20 +0000\n"
        "Reference:                Deployment/web\nTarget CPU utilization:   50%\n"
        "Current CPU utilization:  <unknown>%\nMin replicas:             1\nMax replicas:             5\n"
        "Deployment pods:          0 current / 0 desired\nEvents:                   <none>\n")
    assert c.kubectl("describe pv pv1") == (
        "Name:            pv1\nLabels:          <none>\nAnnotations:     <none>\nFinalizers:      []\n"
        "StorageClass:    \nStatus:          Pending\nClaim:           default/data\nReclaim Policy:  Retain\n"
        "Access Modes:    RWO\nVolumeMode:      Filesystem\nCapacity:        5Gi\nNode Affinity:   <none>\n"
        "Message:         \nSource:\n    Type:      NFS (an NFS mount that lasts the lifetime of a pod)\n"
        "    Server:    10.0.0.1\n    Path:      /x\n    ReadOnly:  false\nEvents:        <none>\n")
