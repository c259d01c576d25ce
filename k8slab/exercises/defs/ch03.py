"""Chapter 3 (architecture): where the API server keeps an object in etcd; be the scheduler once."""

from __future__ import annotations

from ..registry import Exercise

KEYS = '''
def storage_key(resource: str, namespace: str, name: str) -> str:
    """The etcd key under which kube-apiserver stores an object.

    The rule is /registry/<resource>/<namespace>/<name>, and /registry/<resource>/<name> for a
    cluster-scoped object (namespace ""). Three resources keep older names, from before they were
    renamed: nodes live under `minions`, services under `services/specs` and endpoints under
    `services/endpoints`.
    """
    # BEGIN SOLUTION
    old_names = {"nodes": "minions", "services": "services/specs", "endpoints": "services/endpoints"}
    parts = ["/registry", old_names.get(resource, resource)] + ([namespace] if namespace else []) + [name]
    return "/".join(parts)
    # END SOLUTION
'''


def check_keys(storage_key) -> str:
    from k8slab import Cluster
    c = Cluster(nodes=2, seed=0)
    for command in ("create namespace shop", "create deployment web --image=nginx -n shop",
                    "expose deployment web --port=80 -n shop", "create configmap settings --from-literal=a=b",
                    "create serviceaccount robot -n shop"):
        c.kubectl(command)
    c.settle()
    pod = c.client.list("v1", "Pod", "shop")["items"][0]["metadata"]["name"]
    rs = c.client.list("apps/v1", "ReplicaSet", "shop")["items"][0]["metadata"]["name"]
    objects = [("pods", "shop", pod), ("deployments", "shop", "web"), ("replicasets", "shop", rs),
               ("services", "shop", "web"), ("endpoints", "shop", "web"), ("configmaps", "default", "settings"),
               ("serviceaccounts", "shop", "robot"), ("namespaces", "", "shop"), ("nodes", "", "node2"),
               ("services", "default", "kubernetes")]
    for resource, ns, name in objects:
        key = storage_key(resource, ns, name)
        where = f"{resource} {ns + '/' if ns else ''}{name}"
        assert isinstance(key, str) and key.startswith("/registry/"), \
            f"{where}: keys start with /registry/, got {key!r}"
        assert c.store.get(key) is not None, f"{where}: the store has no key {key!r}"
    return f"{len(objects)} objects found in the store under the keys you computed, minions and services/specs too"


BINDING = '''
def binding_for(pod: dict, node_name: str) -> dict:
    """The Binding object a scheduler POSTs to /api/v1/namespaces/<ns>/pods/<name>/binding to
    place `pod` on the node `node_name`: apiVersion v1, kind Binding, metadata with the pod's
    name and namespace, and a `target` that refers to the Node (apiVersion, kind, name).
    """
    # BEGIN SOLUTION
    meta = pod["metadata"]
    return {"apiVersion": "v1", "kind": "Binding",
            "metadata": {"name": meta["name"], "namespace": meta.get("namespace", "default")},
            "target": {"apiVersion": "v1", "kind": "Node", "name": node_name}}
    # END SOLUTION
'''


def check_binding(binding_for) -> str:
    import copy

    from k8slab import Cluster
    c = Cluster(nodes=3, seed=0, control_plane=False)     # kubelets only: no scheduler places pods
    for ns in ("default", "kube-public"):   # the accounts the absent serviceaccount controller would make
        c.client.create({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "default"}}, ns)
    placed = {}
    for name, ns, node in (("web", "default", "node3"), ("cache", "kube-public", "node1")):
        pod = c.client.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name},
                               "spec": {"containers": [{"name": "app", "image": "nginx"}]}}, ns)
        c.settle()
        assert not c.client.get("v1", "Pod", name, ns)["spec"].get("nodeName"), "nothing should schedule it"
        binding = binding_for(copy.deepcopy(pod), node)
        assert isinstance(binding, dict) and binding.get("kind") == "Binding", "return a Binding object (a dict)"
        r = c.client.raw("POST", f"/api/v1/namespaces/{ns}/pods/{name}/binding", binding)
        assert r.status == 201, f"the API server refused your Binding for {ns}/{name}: {r.status} " \
            f"{(r.body or {}).get('message')}"
        c.settle()
        got = c.client.get("v1", "Pod", name, ns)
        assert got["spec"].get("nodeName") == node, \
            f"{ns}/{name} should be on {node}, is on {got['spec'].get('nodeName')}"
        assert got["status"].get("phase") == "Running", f"the kubelet of {node} should have started {ns}/{name}"
        placed[name] = node
    return "you placed " + ", ".join(f"{p} on {n}" for p, n in placed.items()) + "; their kubelets started them"


EXERCISES = [
    Exercise("03-A", "where an object lives in etcd",
             "Write storage_key(resource, namespace, name): the etcd key kube-apiserver writes an object\n"
             "to, with the three old names (minions, services/specs, services/endpoints).",
             KEYS.lstrip(), "storage_key", check_keys),
    Exercise("03-B", "be the scheduler: bind a pod to a node",
             "Write binding_for(pod, node_name): the Binding object that assigns a pod to a node. The\n"
             "check posts it to a cluster that has no scheduler and waits for the kubelet to run the pod.",
             BINDING.lstrip(), "binding_for", check_binding),
]
