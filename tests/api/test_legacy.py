"""Legacy manifests from the booklet: converted to today's versions with v1.11's defaults kept,
then defaulted and validated like any other object."""

import copy
import pathlib

import pytest
import yaml

from k8slab.api.defaults import apply_defaults
from k8slab.api.legacy import LEGACY_VERSIONS, convert_legacy, is_legacy, kubectl_removed_error, removed_message
from k8slab.api.validation import validate_create

FIXTURES = pathlib.Path(__file__).parent / "fixtures"
LEGACY = [d for d in yaml.safe_load_all((FIXTURES / "booklet_legacy.yaml").read_text()) if d]
CURRENT = [d for d in yaml.safe_load_all((FIXTURES / "booklet_current.yaml").read_text()) if d]


def by_name(name):
    return next(copy.deepcopy(d) for d in LEGACY if d["metadata"]["name"] == name)


def served(obj):
    out = convert_legacy(obj)
    apply_defaults(out)
    return out


@pytest.mark.parametrize("doc", LEGACY, ids=[f"{d['kind']}/{d['metadata']['name']}" for d in LEGACY])
def test_every_booklet_legacy_manifest_is_accepted(doc):
    assert is_legacy(doc)
    out = served(doc)
    assert (doc["apiVersion"], doc["kind"]) in LEGACY_VERSIONS and out["apiVersion"] == LEGACY_VERSIONS[
        (doc["apiVersion"], doc["kind"])]
    assert validate_create(out) == []


@pytest.mark.parametrize("doc", CURRENT, ids=[f"{d['kind']}/{d['metadata']['name']}" for d in CURRENT])
def test_booklet_current_manifests_validate(doc):
    assert not is_legacy(doc)
    out = served(doc)
    assert out["apiVersion"] == doc["apiVersion"]
    assert validate_create(out) == []


def test_prometheus_deployment_gets_selector_and_old_defaults():
    d = served(by_name("prometheus-core"))
    assert d["apiVersion"] == "apps/v1"
    s = d["spec"]
    assert s["selector"] == {"matchLabels": {"app": "prometheus", "component": "core"}}
    assert s["strategy"] == {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 1}}
    assert s["revisionHistoryLimit"] == 2147483647 and s["progressDeadlineSeconds"] == 2147483647
    c = s["template"]["spec"]["containers"][0]
    assert c["resources"] == {"requests": {"cpu": "500m", "memory": "500M"}, "limits": {"cpu": "500m", "memory": "500M"}}
    assert s["template"]["spec"]["volumes"][1]["configMap"] == {"name": "prometheus-core", "defaultMode": 420}


def test_tiller_deployment_empty_strategy():
    d = served(by_name("tiller-deploy"))
    assert d["spec"]["strategy"] == {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 1}}
    assert d["spec"]["selector"] == {"matchLabels": {"app": "helm", "name": "tiller"}}


def test_node_exporter_daemonset_is_on_delete():
    ds = served(by_name("prometheus-node-exporter"))
    assert ds["spec"]["updateStrategy"] == {"type": "OnDelete"}
    assert ds["spec"]["selector"] == {"matchLabels": {"app": "prometheus", "component": "node-exporter"}}
    assert ds["spec"]["revisionHistoryLimit"] == 10


def test_nginx_controller_keeps_explicit_selector():
    d = served(by_name("nginx-ingress-controller"))
    env = d["spec"]["template"]["spec"]["containers"][0]["env"]
    assert env[0]["valueFrom"]["fieldRef"] == {"apiVersion": "v1", "fieldPath": "metadata.name"}
    probe = d["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]
    assert probe["httpGet"] == {"path": "/healthz", "port": 10254, "scheme": "HTTP"}


def test_saythx_ingress_converted_to_v1():
    ing = served(by_name("saythx-ing"))
    assert ing["apiVersion"] == "networking.k8s.io/v1"
    assert ing["spec"]["rules"][0]["http"]["paths"] == [
        {"path": "/", "pathType": "ImplementationSpecific",
         "backend": {"service": {"name": "saythx-frontend", "port": {"number": 80}}}}]


def test_ingress_named_port_and_default_backend():
    ing = convert_legacy({"apiVersion": "networking.k8s.io/v1beta1", "kind": "Ingress", "metadata": {"name": "i"},
                          "spec": {"backend": {"serviceName": "web", "servicePort": "http"}}})
    assert ing["spec"] == {"defaultBackend": {"service": {"name": "web", "port": {"name": "http"}}}}


def test_rbac_v1beta1_and_v1alpha1():
    crb = served(by_name("nginx-ingress-clusterrole-nisa-binding"))
    assert crb["apiVersion"] == "rbac.authorization.k8s.io/v1"
    assert crb["subjects"] == [{"kind": "ServiceAccount", "name": "nginx-ingress-serviceaccount",
                                "namespace": "ingress-nginx", "apiGroup": ""}]
    old = convert_legacy({"apiVersion": "rbac.authorization.k8s.io/v1alpha1", "kind": "RoleBinding",
                          "metadata": {"name": "b"}, "roleRef": {"kind": "Role", "name": "r", "apiGroup": ""},
                          "subjects": [{"kind": "User", "name": "u", "apiVersion": "rbac.authorization.k8s.io/v1alpha1"}]})
    assert old["subjects"] == [{"kind": "User", "name": "u", "apiGroup": "rbac.authorization.k8s.io"}]


def test_apps_v1beta1_and_v1beta2_differences():
    tmpl = {"metadata": {"labels": {"app": "a"}}, "spec": {"containers": [{"name": "a", "image": "a"}]}}
    b1 = served({"apiVersion": "apps/v1beta1", "kind": "Deployment", "metadata": {"name": "a"}, "spec": {"template": tmpl}})
    assert b1["spec"]["revisionHistoryLimit"] == 2
    assert b1["spec"]["strategy"]["rollingUpdate"] == {"maxUnavailable": "25%", "maxSurge": "25%"}
    assert b1["metadata"]["labels"] == {"app": "a"} and b1["spec"]["selector"] == {"matchLabels": {"app": "a"}}
    b2 = served({"apiVersion": "apps/v1beta2", "kind": "Deployment", "metadata": {"name": "a", "namespace": "d"},
                 "spec": {"template": copy.deepcopy(tmpl)}})
    assert "selector" not in b2["spec"]                      # v1beta2 stopped defaulting the selector
    assert [c[:2] for c in validate_create(b2)] == [("spec.selector", "FieldValueRequired")]
    ss = served({"apiVersion": "apps/v1beta1", "kind": "StatefulSet", "metadata": {"name": "s"},
                 "spec": {"serviceName": "s", "template": copy.deepcopy(tmpl)}})
    assert ss["spec"]["updateStrategy"] == {"type": "OnDelete"}


def test_daemonset_template_generation_becomes_annotation():
    ds = convert_legacy({"apiVersion": "extensions/v1beta1", "kind": "DaemonSet", "metadata": {"name": "f"},
                         "spec": {"templateGeneration": 3, "template": {"metadata": {"labels": {"a": "b"}}}}})
    assert ds["metadata"]["annotations"] == {"deprecated.daemonset.template.generation": "3"}
    assert "templateGeneration" not in ds["spec"]


def test_served_versions_pass_through_unchanged():
    doc = copy.deepcopy(CURRENT[1])
    out = convert_legacy(doc)
    assert out == doc and out is not doc


def test_removed_message():
    assert removed_message("extensions/v1beta1", "Deployment") == \
        'no matches for kind "Deployment" in version "extensions/v1beta1"'
    assert kubectl_removed_error("extensions/v1beta1", "Ingress", "saythx-ing", "work", "ingress.yaml") == (
        'error: resource mapping not found for name: "saythx-ing" namespace: "work" from "ingress.yaml": '
        'no matches for kind "Ingress" in version "extensions/v1beta1"\nensure CRDs are installed first')
