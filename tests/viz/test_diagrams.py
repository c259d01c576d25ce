"""Graphviz diagrams: text always, SVG when dot is installed."""

import shutil

import pytest

from k8slab.viz import architecture, request_flow


def test_architecture_text_and_graph():
    d = architecture()
    assert d.text().splitlines()[:2] == ["Kubernetes architecture", "  kubectl -> kube-apiserver: REST (HTTPS)"]
    src = d.graph.source
    assert "subgraph cluster_control_plane" in src and "kube-scheduler" in src


def test_request_flow_is_numbered():
    d = request_flow()
    lines = d.text().splitlines()
    assert lines[1] == " 1. kubectl -> authentication: POST /apis/apps/v1/.../deployments"
    assert lines[-1] == "13. kubelet -> etcd /registry/...: Pod status: Running"


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")
def test_svg_when_dot_is_installed():
    bundle = request_flow()._repr_mimebundle_()
    assert bundle["image/svg+xml"].lstrip().startswith("<?xml")
    assert "kube&#45;scheduler" in bundle["image/svg+xml"] and bundle["text/plain"] == request_flow().text()


def test_text_only_without_dot(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    bundle = architecture()._repr_mimebundle_()
    assert set(bundle) == {"text/plain"}
