"""Namespace deletion by the namespace controller: content first, then the `kubernetes` finalizer."""

import pytest

from k8slab import Cluster
from k8slab.apiserver.errors import APIError
from k8slab.controllers.namespace import NamespaceController
from tests.controllers.helpers import default_account


def cluster():
    c = Cluster(start=False)
    c.add_component(NamespaceController())
    c.start()
    return c


def gone(c, api_version, kind, name, ns=None):
    try:
        c.client.get(api_version, kind, name, ns)
    except APIError as e:
        return e.code == 404
    return False


def conditions(ns):
    return {c["type"]: (c["status"], c["reason"], c["message"]) for c in ns["status"].get("conditions", [])}


CRD = {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
       "metadata": {"name": "widgets.example.com"},
       "spec": {"group": "example.com", "scope": "Namespaced",
                "names": {"plural": "widgets", "singular": "widget", "kind": "Widget"},
                "versions": [{"name": "v1", "served": True, "storage": True,
                              "schema": {"openAPIV3Schema": {"type": "object",
                                                             "x-kubernetes-preserve-unknown-fields": True}}}]}}


def fill(c):
    c.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "work"}})
    default_account(c, "work")
    c.apply({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg", "namespace": "work"}})
    c.apply({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "work"},
             "spec": {"containers": [{"name": "c", "image": "redis"}]}})
    c.apply({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d", "namespace": "work"},
             "spec": {"selector": {"matchLabels": {"a": "b"}},
                      "template": {"metadata": {"labels": {"a": "b"}},
                                   "spec": {"containers": [{"name": "c", "image": "redis"}]}}}})
    c.apply(CRD)
    c.apply({"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w", "namespace": "work"}})


def test_the_apiserver_fallback_is_turned_off():
    c = cluster()
    assert c.api.registry.namespace_finalizer is None


def test_namespace_with_content_is_emptied_and_removed():
    c = cluster()
    fill(c)
    c.client.delete("v1", "Namespace", "work")
    c.settle()
    assert gone(c, "v1", "Namespace", "work")
    assert gone(c, "v1", "ConfigMap", "cfg", "work")
    assert gone(c, "v1", "Pod", "p", "work")
    assert gone(c, "apps/v1", "Deployment", "d", "work")
    assert gone(c, "example.com/v1", "Widget", "w", "work")


def test_finalizers_keep_the_namespace_with_upstream_conditions():
    c = cluster()
    fill(c)
    c.apply({"apiVersion": "v1", "kind": "ConfigMap",
             "metadata": {"name": "held", "namespace": "work", "finalizers": ["example.com/hold"]}})
    c.client.delete("v1", "Namespace", "work")
    c.settle()
    ns = c.client.get("v1", "Namespace", "work")
    assert ns["status"]["phase"] == "Terminating"
    assert ns["spec"]["finalizers"] == ["kubernetes"]
    conds = conditions(ns)
    assert conds["NamespaceDeletionDiscoveryFailure"] == (
        "False", "ResourcesDiscovered", "All resources successfully discovered")
    assert conds["NamespaceDeletionGroupVersionParsingFailure"] == (
        "False", "ParsedGroupVersions", "All legacy kube types successfully parsed")
    assert conds["NamespaceDeletionContentFailure"] == (
        "False", "ContentDeleted", "All content successfully deleted, may be waiting on finalization")
    assert conds["NamespaceContentRemaining"] == (
        "True", "SomeResourcesRemain", "Some resources are remaining: configmaps. has 1 resource instances")
    assert conds["NamespaceFinalizersRemaining"] == (
        "True", "SomeFinalizersRemain",
        "Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances")
    # the finalizer goes: the next pass (after estimate/2+1 = 8 s) finishes the job
    held = c.client.get("v1", "ConfigMap", "held", "work")
    held["metadata"]["finalizers"] = []
    c.client.update({**held, "apiVersion": "v1", "kind": "ConfigMap"})
    c.advance(8)
    assert gone(c, "v1", "Namespace", "work")


def test_pods_with_a_grace_period_delay_finalization():
    c = cluster()
    c.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "work"}})
    default_account(c, "work")
    c.apply({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "work"},
             "spec": {"nodeName": "node1", "containers": [{"name": "c", "image": "redis"}]}})
    c.client.delete("v1", "Namespace", "work")
    c.settle()
    pod = c.client.get("v1", "Pod", "p", "work")            # graceful: waits for its kubelet
    assert pod["metadata"]["deletionTimestamp"]
    ns = c.client.get("v1", "Namespace", "work")
    assert conditions(ns)["NamespaceContentRemaining"][0] == "True"
    c.client.delete("v1", "Pod", "p", "work", gracePeriodSeconds=0)   # what the kubelet would do
    c.advance(16)
    assert gone(c, "v1", "Namespace", "work")


def test_immortal_namespaces_cannot_be_deleted():
    c = cluster()
    with pytest.raises(APIError) as e:
        c.client.delete("v1", "Namespace", "default")
    assert e.value.code == 403
