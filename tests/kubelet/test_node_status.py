"""Node registration, status, conditions, heartbeats and the Lease."""

from k8slab import Cluster
from k8slab.kubelet import Kubelet, KubeletConfiguration
from k8slab.kubelet.node_status import allocatable

from .builders import cluster


def node(c, name="node1"):
    return c.client.get("v1", "Node", name)


def node_events(c, name="node1"):
    items = [e for e in c.client.list("v1", "Event", "default")["items"]
             if e["involvedObject"]["kind"] == "Node" and e["involvedObject"]["name"] == name]
    items.sort(key=lambda e: e["metadata"]["name"])
    return [(e["reason"], e["message"]) for e in items]


def test_registration_labels_addresses_cidr_and_info():
    c = cluster(nodes=2)
    n = node(c)
    assert n["metadata"]["labels"] == {
        "beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
        "kubernetes.io/hostname": "node1", "kubernetes.io/os": "linux"}
    assert n["metadata"]["annotations"]["volumes.kubernetes.io/controller-managed-attach-detach"] == "true"
    assert n["metadata"]["managedFields"][0]["manager"] == "kubelet"
    assert n["spec"] == {"podCIDR": "10.244.1.0/24", "podCIDRs": ["10.244.1.0/24"]}
    assert node(c, "node2")["spec"]["podCIDR"] == "10.244.2.0/24"
    st = n["status"]
    assert st["addresses"] == [{"address": "172.18.0.2", "type": "InternalIP"},
                               {"address": "node1", "type": "Hostname"}]
    assert node(c, "node2")["status"]["addresses"][0]["address"] == "172.18.0.3"
    assert st["daemonEndpoints"] == {"kubeletEndpoint": {"Port": 10250}}
    info = st["nodeInfo"]
    assert info["kubeletVersion"] == c.api.version[2] == info["kubeProxyVersion"]
    assert info["containerRuntimeVersion"] == "containerd://1.7.24"
    assert (info["operatingSystem"], info["architecture"], info["osImage"]) == ("linux", "amd64", "Ubuntu 22.04.5 LTS")
    assert len(info["machineID"]) == 32 and len(info["bootID"]) == 36 and len(info["systemUUID"]) == 36
    assert info["machineID"] != node(c, "node2")["status"]["nodeInfo"]["machineID"]
    assert st["images"] == [{"names": ["registry.k8s.io/pause@" + st["images"][0]["names"][0].split("@")[1],
                                       "registry.k8s.io/pause:3.10"], "sizeBytes": 320368}]


def test_capacity_and_allocatable_arithmetic():
    st = node(cluster())["status"]
    assert st["capacity"] == {"cpu": "2", "ephemeral-storage": "61202244Ki", "hugepages-1Gi": "0",
                              "hugepages-2Mi": "0", "memory": "4039532Ki", "pods": "110"}
    # memory: 4039532Ki - 100Mi (memory.available); storage: 62671097856 - int(62671097856 * float32(0.1))
    assert st["allocatable"] == {"cpu": "2", "ephemeral-storage": "56403987978", "hugepages-1Gi": "0",
                                 "hugepages-2Mi": "0", "memory": "3937132Ki", "pods": "110"}


def test_allocatable_matches_the_booklets_node_and_honours_reservations():
    cap = {"cpu": "4", "ephemeral-storage": "96605932Ki", "memory": "3997188Ki", "pods": "110"}
    out = allocatable(cap, KubeletConfiguration())
    assert out["ephemeral-storage"] == "89032026784" and out["memory"] == "3894788Ki"
    reserved = KubeletConfiguration(kube_reserved={"cpu": "100m", "memory": "256Mi"},
                                    system_reserved={"cpu": "100m"}, max_pods=2)
    out = allocatable(cap, reserved)
    assert out["cpu"] == "3800m" and out["memory"] == "3632644Ki"
    c = Cluster(nodes=0, seed=0)
    c.add_component(Kubelet("big", capacity={"cpu": "8", "memory": "16Gi"}, labels={"disk": "ssd"},
                            taints=[{"key": "dedicated", "value": "gpu", "effect": "NoSchedule"}],
                            config=KubeletConfiguration(max_pods=2)))
    n = node(c, "big")
    assert n["status"]["capacity"]["pods"] == "2" and n["status"]["allocatable"]["memory"] == "16284Mi"
    assert n["metadata"]["labels"]["disk"] == "ssd"
    assert n["spec"]["taints"] == [{"key": "dedicated", "value": "gpu", "effect": "NoSchedule"}]


def test_conditions_reasons_messages_and_events():
    c = cluster()
    conds = node(c)["status"]["conditions"]
    assert [(x["type"], x["status"], x["reason"], x["message"]) for x in conds] == [
        ("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
        ("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        ("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
        ("Ready", "True", "KubeletReady", "kubelet is posting ready status")]
    assert node_events(c) == [
        ("Starting", "Starting kubelet."),
        ("NodeHasSufficientMemory", "Node node1 status is now: NodeHasSufficientMemory"),
        ("NodeHasNoDiskPressure", "Node node1 status is now: NodeHasNoDiskPressure"),
        ("NodeHasSufficientPID", "Node node1 status is now: NodeHasSufficientPID"),
        ("NodeAllocatableEnforced", "Updated Node Allocatable limit across pods")]
    k = c.kubelet("node1")
    c.advance(20)
    k.set_pressure(memory=True)
    mem = node(c)["status"]["conditions"][0]
    assert (mem["status"], mem["reason"], mem["message"]) == (
        "True", "KubeletHasInsufficientMemory", "kubelet has insufficient memory available")
    assert mem["lastTransitionTime"] == "2023-11-14T22:13:40Z"
    k.network_ready = False
    c.advance(10)
    ready = node(c)["status"]["conditions"][-1]
    assert (ready["status"], ready["reason"]) == ("False", "KubeletNotReady")
    assert ready["message"] == ("container runtime network not ready: NetworkReady=false "
                                "reason:NetworkPluginNotReady message:Network plugin returns error: "
                                "cni plugin not initialized")
    k.network_ready = True
    c.advance(10)
    assert node_events(c)[-3:] == [
        ("NodeHasInsufficientMemory", "Node node1 status is now: NodeHasInsufficientMemory"),
        ("NodeNotReady", "Node node1 status is now: NodeNotReady"),
        ("NodeReady", "Node node1 status is now: NodeReady")]


def test_status_is_posted_when_it_changes_or_every_five_minutes():
    c = cluster()
    k = c.kubelet("node1")
    first = node(c)["status"]["conditions"][-1]["lastHeartbeatTime"]
    c.advance(60)                       # computed every 10 s, nothing changed: nothing posted
    assert node(c)["status"]["conditions"][-1]["lastHeartbeatTime"] == first and k.node_status.posts == 0
    c.advance(240)                      # nodeStatusReportFrequency: 5 min
    assert node(c)["status"]["conditions"][-1]["lastHeartbeatTime"] == "2023-11-14T22:18:20Z"
    assert k.node_status.posts == 1


def test_lease_is_created_owned_and_renewed_every_ten_seconds():
    c = cluster()
    lease = c.client.get("coordination.k8s.io/v1", "Lease", "node1", "kube-node-lease")
    assert lease["spec"] == {"holderIdentity": "node1", "leaseDurationSeconds": 40,
                             "renewTime": "2023-11-14T22:13:20.000000Z"}
    assert lease["metadata"]["ownerReferences"] == [{"apiVersion": "v1", "kind": "Node", "name": "node1",
                                                     "uid": node(c)["metadata"]["uid"]}]
    renewals = []
    for _ in range(3):
        c.advance(10)
        renewals.append(c.client.get("coordination.k8s.io/v1", "Lease", "node1",
                                     "kube-node-lease")["spec"]["renewTime"])
    assert renewals == ["2023-11-14T22:13:30.000000Z", "2023-11-14T22:13:40.000000Z",
                        "2023-11-14T22:13:50.000000Z"]


def test_configuration_document():
    doc = KubeletConfiguration().to_dict()
    assert doc["kind"] == "KubeletConfiguration" and doc["apiVersion"] == "kubelet.config.k8s.io/v1beta1"
    assert doc["nodeStatusUpdateFrequency"] == "10s" and doc["nodeStatusReportFrequency"] == "5m0s"
    assert doc["evictionHard"]["memory.available"] == "100Mi" and doc["maxPods"] == 110
