"""pods/binding through the API, as the DefaultBinder uses it (BindingREST.assignPod)."""

from k8slab.cluster import Cluster

from .builders import make_pod


def test_binding_sets_node_name_and_refuses_a_second_binding():
    c = Cluster(nodes=0, start=False)
    c.start()
    # no serviceaccount controller runs: the ServiceAccount admission plugin is not what this is about
    c.client.create({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "default"}}, "default")
    c.client.create(make_pod("p").api())
    # a status write first (as the scheduler's PodScheduled=False) must not make the binding lose spec
    c.client.patch("v1", "Pod", "p", {"status": {"conditions": [{"type": "PodScheduled", "status": "False"}]}},
                   "default", patch_type="application/strategic-merge-patch+json", subresource="status")
    binding = {"apiVersion": "v1", "kind": "Binding", "metadata": {"name": "p", "namespace": "default"},
               "target": {"kind": "Node", "name": "n1"}}
    r = c.client.raw("POST", "/api/v1/namespaces/default/pods/p/binding", binding)
    assert r.status == 201
    pod = c.client.get("v1", "Pod", "p", "default")
    assert pod["spec"]["nodeName"] == "n1"
    assert [(x["type"], x["status"]) for x in pod["status"]["conditions"]] == [("PodScheduled", "True")]
    r = c.client.raw("POST", "/api/v1/namespaces/default/pods/p/binding", binding)
    assert r.status == 409 and r.body["message"] == \
        'Operation cannot be fulfilled on pods/binding "p": pod p is already assigned to node "n1"'
