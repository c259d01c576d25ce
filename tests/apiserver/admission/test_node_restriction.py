import pytest

from k8slab.apiserver import errors as E

from .helpers import create, pod, server

NODE1 = {"username": "system:node:node1", "groups": ["system:nodes", "system:authenticated"]}


def node(name, **labels):
    return {"apiVersion": "v1", "kind": "Node", "metadata": {"name": name, "labels": labels}}


def _api():
    api = server(enable="NodeRestriction", plugins=None)
    return api


def _refused(fn, *args, **kw) -> E.APIError:
    with pytest.raises(E.APIError) as e:
        fn(*args, **kw)
    assert e.value.code == 403, e.value.message
    return e.value


def test_a_kubelet_may_register_itself_but_not_another_node_nor_restricted_labels():
    api = _api()
    create(api, "nodes", node("node1", **{"kubernetes.io/hostname": "node1", "node.kubernetes.io/x": "y"}),
           ns=None, user=NODE1)
    e = _refused(create, api, "nodes", node("node2"), ns=None, user=NODE1)
    assert e.message == 'nodes "node2" is forbidden: node "node1" is not allowed to modify node "node2"'
    api.registry.delete(api.lookup("", "v1", "nodes"), None, "node1")
    e = _refused(create, api, "nodes", node("node1", **{"node-restriction.kubernetes.io/secure": "1",
                                                        "node-role.kubernetes.io/control-plane": "",
                                                        "example.com/ok": "1"}), ns=None, user=NODE1)
    assert e.message == ('nodes "node1" is forbidden: node "node1" is not allowed to set the following labels: '
                         'node-restriction.kubernetes.io/secure, node-role.kubernetes.io/control-plane')
    assert api.admission.last_records[-1].steps[-1]["plugin"] == "NodeRestriction"


def test_a_kubelet_may_not_change_its_taints_or_kubernetes_labels():
    api = _api()
    create(api, "nodes", node("node1"), ns=None)
    res = api.lookup("", "v1", "nodes")

    def update(mutate):
        return api.registry.update(res, None, "node1", None, mutate=mutate, user=NODE1)

    def taint(n):
        n.setdefault("spec", {})["taints"] = [{"key": "k", "effect": "NoSchedule"}]
        return n
    assert _refused(update, taint).message == 'nodes "node1" is forbidden: node "node1" is not allowed to modify taints'

    def label(n):
        n["metadata"]["labels"]["sub.k8s.io/x"] = "1"
        return n
    assert _refused(update, label).message == 'nodes "node1" is forbidden: is not allowed to modify labels: sub.k8s.io/x'

    def allowed(n):
        n["metadata"]["labels"]["topology.kubernetes.io/zone"] = "a"
        return n
    assert update(allowed)["metadata"]["labels"]["topology.kubernetes.io/zone"] == "a"


def test_only_mirror_pods_bound_to_itself_and_owned_by_its_node():
    api = _api()
    n = create(api, "nodes", node("node1"), ns=None)
    e = _refused(create, api, "pods", pod("web"), user=NODE1)
    assert e.message == ('pods "web" is forbidden: pod does not have "kubernetes.io/config.mirror" annotation, '
                         'node "node1" can only create mirror pods')
    mirror = pod("etcd", nodeName="node1")
    mirror["metadata"]["annotations"] = {"kubernetes.io/config.mirror": "abc"}
    e = _refused(create, api, "pods", mirror, user=NODE1)
    assert e.message.endswith('node "node1" can only create pods with an owner reference set to itself')
    owner = {"apiVersion": "v1", "kind": "Node", "name": "node1", "uid": "wrong", "controller": True}
    mirror["metadata"]["ownerReferences"] = [owner]
    e = _refused(create, api, "pods", mirror, user=NODE1)
    assert e.message == f'pods "etcd" is forbidden: node node1 UID mismatch: expected wrong got {n["metadata"]["uid"]}'
    owner["uid"] = n["metadata"]["uid"]
    mirror["spec"]["volumes"] = [{"name": "s", "secret": {"secretName": "x"}}]
    e = _refused(create, api, "pods", mirror, user=NODE1)
    assert e.message == 'pods "etcd" is forbidden: node "node1" can not create pods that reference secrets'
    del mirror["spec"]["volumes"]
    out = create(api, "pods", mirror, user=NODE1)
    assert out["spec"]["nodeName"] == "node1"
    other = create(api, "pods", pod("elsewhere", nodeName="node2"))
    e = _refused(api.registry.delete, api.lookup("", "v1", "pods"), "default", "elsewhere", user=NODE1)
    assert e.message == 'pods "elsewhere" is forbidden: node "node1" can only delete pods with spec.nodeName set to itself'
    assert other


def test_pod_status_only_for_its_own_pods_and_leases_only_its_own():
    api = _api()
    create(api, "pods", pod("mine", nodeName="node1"))
    create(api, "pods", pod("theirs", nodeName="node2"))
    res = api.lookup("", "v1", "pods")

    def phase(p):
        p["status"]["phase"] = "Running"
        return p
    api.registry.update(res, "default", "mine", None, subresource="status", mutate=phase, user=NODE1)
    e = _refused(api.registry.update, res, "default", "theirs", None, subresource="status", mutate=phase,
                 user=NODE1)
    assert e.message == ('pods "theirs" is forbidden: node "node1" can only update pod status for pods with '
                         'spec.nodeName set to itself')
    lease = {"apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": {"name": "node2"}, "spec": {}}
    e = _refused(create, api, "leases", lease, ns="kube-node-lease", group="coordination.k8s.io", user=NODE1)
    assert e.message == ('leases.coordination.k8s.io "node2" is forbidden: can only access node lease with the '
                         'same name as the requesting node')
    e = _refused(create, api, "leases", {**lease, "metadata": {"name": "node1"}}, ns="default",
                 group="coordination.k8s.io", user=NODE1)
    assert e.message.endswith('can only access leases in the "kube-node-lease" system namespace')


def test_other_users_are_not_its_business_and_it_is_off_by_default():
    api = _api()
    create(api, "nodes", node("node9", **{"node-restriction.kubernetes.io/x": "1"}), ns=None)
    e = _refused(create, api, "nodes", node("x"), ns=None,
                 user={"username": "system:node:", "groups": ["system:nodes"]})
    assert e.message == 'nodes "x" is forbidden: could not determine node from user "system:node:"'
    assert server().admission.plugin("NodeRestriction") is None


def test_kubelets_acting_as_themselves_still_work_under_node_restriction():
    from k8slab import Cluster
    c = Cluster(nodes=2, seed=0, component_identities=True, enable_admission_plugins="NodeRestriction")
    assert c.api.admission.plugin("NodeRestriction") is not None
    c.apply("""
apiVersion: apps/v1
kind: Deployment
metadata: {name: redis}
spec:
  replicas: 2
  selector: {matchLabels: {app: redis}}
  template:
    metadata: {labels: {app: redis}}
    spec: {containers: [{name: redis, image: "redis:alpine"}]}
""")
    pods = c.client.list("v1", "Pod", "default")["items"]
    assert len(pods) == 2 and all(p["status"]["phase"] == "Running" for p in pods)
    refused = [r for r in c.api.admission.last_records if not r.allowed]
    assert not refused, [(r.user, r.resource, r.steps) for r in refused]
    assert {n["metadata"]["name"] for n in c.client.list("v1", "Node")["items"]} == {"node1", "node2"}


def test_a_kubelet_acting_as_itself_makes_its_static_pods_mirror(tmp_path):
    from k8slab import Cluster
    from k8slab.kubelet import Kubelet
    (tmp_path / "web.yaml").write_text("apiVersion: v1\nkind: Pod\nmetadata: {name: web}\n"
                                       "spec:\n  containers:\n  - {name: nginx, image: 'nginx:1.27'}\n")
    c = Cluster(nodes=0, seed=0, start=False, component_identities=True, enable_admission_plugins="NodeRestriction")
    c.add_component(Kubelet("node1", static_pod_path=str(tmp_path)))
    c.start()
    c.advance(5)
    mirror = c.client.get("v1", "Pod", "web-node1", "default")
    assert mirror["status"]["phase"] == "Running"
    assert not [r for r in c.api.admission.last_records if not r.allowed]
