"""Nodes, Leases and pods written through the API, as a kubelet would."""

from k8slab import Cluster
from k8slab.api.names import rfc3339, rfc3339_micro
from k8slab.controllers.nodelifecycle import NodeLifecycleController, TaintEvictionController
from tests.controllers.helpers import default_account

CONDITIONS = [("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
              ("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
              ("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
              ("Ready", "True", "KubeletReady", "kubelet is posting ready status")]


def cluster(profile="current", nodes=("node1", "node2")):
    c = Cluster(start=False, profile=profile)
    c.nlc, c.tec = NodeLifecycleController(), TaintEvictionController()
    c.add_component(c.nlc)
    c.add_component(c.tec)
    c.start()
    default_account(c)
    for n in nodes:
        add_node(c, n)
    c.settle()
    return c


def add_node(c, name):
    now = rfc3339(c.clock.time())
    c.client.create({"apiVersion": "v1", "kind": "Node", "metadata": {"name": name}})
    node = c.client.get("v1", "Node", name)
    node["status"] = {"conditions": [{"type": t, "status": s, "reason": r, "message": m, "lastHeartbeatTime": now,
                                      "lastTransitionTime": now} for t, s, r, m in CONDITIONS]}
    c.client._call("PUT", f"/api/v1/nodes/{name}/status", None, node)
    c.client.create({"apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
                     "metadata": {"name": name, "namespace": "kube-node-lease"},
                     "spec": {"holderIdentity": name, "leaseDurationSeconds": 40,
                              "renewTime": rfc3339_micro(c.clock.time())}}, "kube-node-lease")


def renew(c, name):
    lease = c.client.get("coordination.k8s.io/v1", "Lease", name, "kube-node-lease")
    lease["spec"]["renewTime"] = rfc3339_micro(c.clock.time())
    c.client.update(lease)


def post_ready(c, name):
    now = rfc3339(c.clock.time())
    node = c.client.get("v1", "Node", name)
    node["status"]["conditions"] = [{"type": t, "status": s, "reason": r, "message": m, "lastHeartbeatTime": now,
                                     "lastTransitionTime": now} for t, s, r, m in CONDITIONS]
    c.client._call("PUT", f"/api/v1/nodes/{name}/status", None, node)


def run(c, seconds, alive=("node1",), step=10):
    """Advance the clock; the kubelets of `alive` renew their Leases every `step` seconds."""
    left = seconds
    while left > 0:
        d = min(step, left)
        c.advance(d)
        left -= d
        for n in alive:
            renew(c, n)
    c.settle()


def pod(c, name, node, tolerations=None, ready=True):
    spec = {"nodeName": node, "containers": [{"name": "c", "image": "nginx"}]}
    if tolerations is not None:
        spec["tolerations"] = tolerations
    c.client.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name}, "spec": spec})
    p = c.client.get("v1", "Pod", name, "default")
    p["status"].update(phase="Running", conditions=[{"type": "Ready", "status": "True" if ready else "False",
                                                     "lastTransitionTime": rfc3339(c.clock.time())}])
    c.client._call("PUT", f"/api/v1/namespaces/default/pods/{name}/status", None, p)


def conditions(node):
    return {x["type"]: (x["status"], x.get("reason"), x.get("message")) for x in node["status"]["conditions"]}


def taints(c, name):
    return sorted((t["key"], t["effect"]) for t in (c.client.get("v1", "Node", name).get("spec") or {}).get("taints", []))


def events(c, name, ns="default"):
    return [(e["type"], e["reason"], e["message"]) for e in c.client.list("v1", "Event", ns)["items"]
            if e["involvedObject"]["name"] == name]
