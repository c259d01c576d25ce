"""The OpenAPI v3 documents against the real kubectl (1.32 through gcloud's dispatcher, and 1.31):
`kubectl explain` prints them, and `kubectl create -f` finds the PATCH operation with
fieldValidation, so it leaves validation to the server instead of downloading /openapi/v2.

A stub server (openapi_stub.py) serves discovery and k8slab's documents on a free local port.
Skipped, with the reason printed, when kubectl is not installed.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from k8slab.api import openapi
from tests.api.openapi_stub import StubServer

KUBECTL = shutil.which("kubectl")
KUBECTL_131 = "/usr/lib/google-cloud-sdk/bin/kubectl.1.31"
BINARIES = [b for b in (KUBECTL, KUBECTL_131) if b and os.path.exists(b)]
FIXTURES = Path(__file__).parent / "fixtures" / "openapi"

if not BINARIES:
    print("SKIP test_openapi_kubectl: no kubectl binary found (looked for `kubectl` and", KUBECTL_131 + ")")
pytestmark = pytest.mark.skipif(not BINARIES, reason="kubectl is not installed")


@pytest.fixture
def stub(tmp_path):
    with StubServer() as s:
        s.kubeconfig = tmp_path / "kubeconfig"
        s.kubeconfig.write_text(
            "apiVersion: v1\nkind: Config\n"
            f"clusters: [{{name: stub, cluster: {{server: \"{s.url}\"}}}}]\n"
            "contexts: [{name: stub, context: {cluster: stub, user: stub, namespace: default}}]\n"
            "current-context: stub\nusers: [{name: stub, user: {}}]\n")
        s.cache = tmp_path / "cache"
        yield s


def kubectl(binary, stub, *args):
    r = subprocess.run([binary, "--kubeconfig", str(stub.kubeconfig), "--cache-dir", str(stub.cache), *args],
                       capture_output=True, text=True, timeout=120)
    return r.returncode, r.stdout, r.stderr


@pytest.mark.parametrize("binary", BINARIES)
def test_explain_node(binary, stub):
    rc, out, err = kubectl(binary, stub, "explain", "node")
    assert rc == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["KIND:", "Node"]
    assert lines[1].split() == ["VERSION:", "v1"]
    assert "DESCRIPTION:" in lines and "FIELDS:" in lines
    assert "A worker machine" in out
    for field in ("apiVersion\t<string>", "metadata\t<ObjectMeta>", "spec\t<NodeSpec>", "status\t<NodeStatus>"):
        assert f"  {field}" in out


@pytest.mark.parametrize("binary", BINARIES)
def test_explain_pod_spec(binary, stub):
    rc, out, err = kubectl(binary, stub, "explain", "pod.spec")
    assert rc == 0, err
    assert out.splitlines()[0].split() == ["KIND:", "Pod"]
    assert "FIELD: spec <PodSpec>" in out
    assert "  containers\t<[]Container> -required-" in out
    assert "  nodeSelector\t<map[string]string>" in out
    assert "  overhead\t<map[string]Quantity>" in out
    assert "  restartPolicy\t<string>" in out and "Always, Never, OnFailure" in out


@pytest.mark.parametrize("binary", BINARIES)
def test_explain_ingress(binary, stub):
    rc, out, err = kubectl(binary, stub, "explain", "ingress")
    assert rc == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["GROUP:", "networking.k8s.io"]
    assert lines[1].split() == ["KIND:", "Ingress"]
    assert lines[2].split() == ["VERSION:", "v1"]
    assert "name-based virtual hosting" in out
    assert "  spec\t<IngressSpec>" in out


@pytest.mark.parametrize("binary", BINARIES)
def test_explain_containers_recursive(binary, stub):
    rc, out, err = kubectl(binary, stub, "explain", "deployment.spec.template.spec.containers", "--recursive")
    assert rc == 0, err
    assert out.splitlines()[0].split() == ["GROUP:", "apps"]
    assert "FIELD: containers <[]Container>" in out
    for line in ("  image\t<string>", "  name\t<string> -required-", "    valueFrom\t<EnvVarSource>",
                 "      httpGet\t<HTTPGetAction>", "        port\t<IntOrString> -required-",
                 "  volumeMounts\t<[]VolumeMount>"):
        assert line in out, line
    assert len(out.splitlines()) > 150


@pytest.mark.parametrize("binary", BINARIES)
def test_create_leaves_validation_to_the_server(binary, stub, tmp_path):
    manifest = tmp_path / "redis.yaml"
    manifest.write_text((FIXTURES / "booklet.yaml").read_text().split("---\n")[1])
    rc, out, err = kubectl(binary, stub, "create", "-f", str(manifest))
    assert rc == 0, err
    assert out.strip() == "deployment.apps/saythx-redis created"
    gets = [(r["path"], r["query"]) for r in stub.requests if r["method"] == "GET"]
    assert ("/openapi/v3/apis/apps/v1", {"hash": [openapi.document_hash("apis/apps/v1")], "timeout": ["32s"]}) in gets
    assert not any(p.startswith("/openapi/v2") for p, _ in gets)
    post = [r for r in stub.requests if r["method"] == "POST"]
    assert [r["path"] for r in post] == ["/apis/apps/v1/namespaces/work/deployments"]
    assert post[0]["query"]["fieldValidation"] == ["Strict"]


def _without_patch_operations(doc):
    for item in doc["paths"].values():
        item.pop("patch", None)
    return doc


@pytest.mark.parametrize("binary", BINARIES)
def test_without_the_patch_operation_kubectl_falls_back_to_openapi_v2(binary, tmp_path):
    # The control experiment: it is the PATCH operation that makes kubectl trust the server.
    with StubServer(mutate=_without_patch_operations) as s:
        s.kubeconfig = tmp_path / "kubeconfig"
        s.kubeconfig.write_text(
            "apiVersion: v1\nkind: Config\n"
            f"clusters: [{{name: stub, cluster: {{server: \"{s.url}\"}}}}]\n"
            "contexts: [{name: stub, context: {cluster: stub, user: stub}}]\ncurrent-context: stub\n"
            "users: [{name: stub, user: {}}]\n")
        s.cache = tmp_path / "cache"
        manifest = tmp_path / "ns.yaml"
        manifest.write_text((FIXTURES / "booklet.yaml").read_text().split("---\n")[0])
        rc, out, err = kubectl(binary, s, "create", "-f", str(manifest))
        assert rc != 0
        assert "failed to download openapi" in err
        assert any(r["path"] == "/openapi/v2" for r in s.requests)
