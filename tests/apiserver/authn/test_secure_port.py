"""The secure port of `k8slab up` with the real openssl, kubectl and curl: the booklet's chapter 8
user `backend` made with openssl and signed by <data-dir>/pki/ca.crt, a static token, a
ServiceAccount token, and what is refused: no credentials, another CA's certificate, a
tampered or expired token."""

import base64
import json
import os
import shutil
import subprocess
import time

import pytest

from k8slab.storage.etcd_process import free_port
from tests.apiserver.kubectl_harness import KUBECTL, Cluster

pytestmark = [pytest.mark.skipif(KUBECTL is None, reason="no kubectl on PATH"),
              pytest.mark.skipif(shutil.which("openssl") is None, reason="no openssl on PATH"),
              pytest.mark.skipif(shutil.which("curl") is None, reason="no curl on PATH")]

ROLE = """kind: Role
apiVersion: rbac.authorization.k8s.io/v1
metadata: {namespace: work, name: backend-role}
rules:
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch"]
---
kind: RoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: backend-rolebinding, namespace: work}
subjects:
- kind: User
  name: backend
  apiGroup: ""
roleRef:
  kind: Role
  name: backend-role
  apiGroup: ""
"""


@pytest.fixture(scope="module")
def up(tmp_path_factory):
    tokens = tmp_path_factory.mktemp("tokens") / "tokens.csv"
    tokens.write_text('tok-alice-0123456789,alice,1001,"dev,ops"\n')
    c = Cluster(extra=["--secure-port", str(free_port()),
                       "--token-auth-file", str(tokens)])
    yield c
    c.stop()


def run(*cmd, cwd=None, stdin=None):
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL if stdin is None else None, input=stdin)


def whoami(up, *args):
    r = up.kubectl("auth", "whoami", "-o", "json", *args)
    assert r.rc == 0, r.text
    return json.loads(r.out)["status"]["userInfo"]


def test_pki_and_admin_kubeconfig(up):
    pki = os.path.join(up.dir, "pki")
    for name in ("ca.crt", "ca.key", "apiserver.crt", "apiserver.key", "apiserver-kubelet-client.crt",
                 "front-proxy-ca.crt", "front-proxy-client.crt", "etcd/ca.crt", "etcd/server.crt",
                 "etcd/peer.crt", "etcd/healthcheck-client.crt", "apiserver-etcd-client.crt", "sa.key", "sa.pub"):
        assert os.path.exists(os.path.join(pki, name)), name
    for name in ("admin.conf", "super-admin.conf", "controller-manager.conf", "scheduler.conf", "kubelet.conf"):
        assert os.path.exists(os.path.join(up.dir, name)), name
    with open(up.kubeconfig) as f:
        text = f.read()
    assert "server: https://127.0.0.1:" in text and "client-certificate-data:" in text
    user = whoami(up)
    assert user["username"] == "kubernetes-admin"
    assert user["groups"] == ["kubeadm:cluster-admins", "system:authenticated"]
    assert up.kubectl("get", "namespaces").rc == 0


def test_the_booklets_backend_user_made_with_openssl(up):
    d = up.dir
    assert run("openssl", "genrsa", "-out", "backend.key", "2048", cwd=d).returncode == 0
    assert run("openssl", "req", "-new", "-key", "backend.key", "-out", "backend.csr",
               "-subj", "/CN=backend/O=dev", cwd=d).returncode == 0
    r = run("openssl", "x509", "-req", "-in", "backend.csr", "-CA", f"{d}/pki/ca.crt", "-CAkey", f"{d}/pki/ca.key",
            "-CAcreateserial", "-out", "backend.crt", "-days", "365", cwd=d)
    assert r.returncode == 0, r.stderr
    r = up.kubectl("config", "set-credentials", "backend", f"--client-certificate={d}/backend.crt",
                   f"--client-key={d}/backend.key")
    assert r.out.strip() == 'User "backend" set.'
    r = up.kubectl("config", "set-context", "backend-context", "--cluster=kubernetes", "--namespace=work",
                   "--user=backend")
    assert r.out.strip() == 'Context "backend-context" created.'
    assert up.kubectl("create", "namespace", "work").rc == 0
    user = whoami(up, "--context=backend-context")
    assert user["username"] == "backend"
    assert user["groups"] == ["dev", "system:authenticated"]
    assert user["extra"]["authentication.kubernetes.io/credential-id"][0].startswith("X509SHA256=")
    # authenticated as backend, refused by RBAC until a Role says otherwise (chapter 8)
    r = up.kubectl("--context=backend-context", "get", "pods")
    assert r.err.strip() == ('Error from server (Forbidden): pods is forbidden: User "backend" cannot list resource '
                             '"pods" in API group "" in the namespace "work"')
    assert up.kubectl("create", "-f", "-", stdin=ROLE).rc == 0
    r = up.kubectl("--context=backend-context", "get", "pods")
    assert (r.rc, r.err.strip()) == (0, "No resources found in work namespace.")


def test_a_static_token_from_the_token_auth_file(up):
    assert up.kubectl("config", "set-credentials", "alice", "--token=tok-alice-0123456789").rc == 0
    assert up.kubectl("config", "set-context", "alice", "--cluster=kubernetes", "--user=alice").rc == 0
    assert whoami(up, "--context=alice") == {"username": "alice", "uid": "1001",
                                             "groups": ["dev", "ops", "system:authenticated"]}


def _token_context(up, name, token):
    assert up.kubectl("config", "set-credentials", name, f"--token={token}").rc == 0
    assert up.kubectl("config", "set-context", name, "--cluster=kubernetes", "--user=" + name).rc == 0
    return "--context=" + name


def test_a_service_account_token_as_bearer(up):
    r = up.kubectl("create", "token", "default")
    assert r.rc == 0, r.text
    ctx = _token_context(up, "sa", r.out.strip())
    user = whoami(up, ctx)
    assert user["username"] == "system:serviceaccount:default:default"
    assert user["groups"] == ["system:serviceaccounts", "system:serviceaccounts:default", "system:authenticated"]
    r = up.kubectl(ctx, "get", "pods")                  # authenticated; RBAC gives the account nothing
    assert 'User "system:serviceaccount:default:default" cannot list resource "pods"' in r.err


def test_a_tampered_token_is_unauthorized(up):
    token = up.kubectl("create", "token", "default").out.strip()
    head, claims, sig = token.split(".")
    payload = json.loads(base64.urlsafe_b64decode(claims + "=="))
    payload["sub"] = "system:serviceaccount:kube-system:admin"
    forged = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")
    ctx = _token_context(up, "forged", f"{head}.{forged}.{sig}")
    r = up.kubectl(ctx, "get", "pods")
    assert (r.rc, r.err.strip()) == (1, "error: You must be logged in to the server (Unauthorized)")
    ctx = _token_context(up, "unknown", "abcdef.0123456789abcdef")      # no such bootstrap token
    assert up.kubectl(ctx, "get", "pods").err.strip() == "error: You must be logged in to the server (Unauthorized)"


def test_an_expired_token_is_unauthorized(up):
    """A bound token signed with the cluster's own sa.key, expired an hour ago."""
    from cryptography.hazmat.primitives import serialization
    from k8slab.controllers.serviceaccount.tokens import generate_token, key_id
    with open(os.path.join(up.dir, "pki", "sa.key"), "rb") as f:
        key = serialization.load_pem_private_key(f.read(), None)
    uid = up.kubectl("get", "sa", "default", "-o", "jsonpath={.metadata.uid}").out
    now = int(time.time())
    iss = "https://kubernetes.default.svc.cluster.local"
    claims = {"aud": [iss], "exp": now - 3600, "iat": now - 7200, "iss": iss, "nbf": now - 7200,
              "sub": "system:serviceaccount:default:default",
              "kubernetes.io": {"namespace": "default", "serviceaccount": {"name": "default", "uid": uid}}}
    ctx = _token_context(up, "expired", generate_token(key, claims, key_id(key)))
    r = up.kubectl(ctx, "get", "pods")
    assert r.err.strip() == "error: You must be logged in to the server (Unauthorized)"
    claims["exp"] = now + 3600                          # the same token, unexpired, is accepted
    ctx = _token_context(up, "fresh", generate_token(key, claims, key_id(key)))
    assert whoami(up, ctx)["username"] == "system:serviceaccount:default:default"


def test_no_credentials_is_anonymous_and_refused(up):
    port = up.kubectl("config", "view", "-o", "jsonpath={.clusters[0].cluster.server}").out.rsplit(":", 1)[1]
    r = run("curl", "-s", "--cacert", f"{up.dir}/pki/ca.crt", f"https://127.0.0.1:{port}/api/v1/namespaces/work/pods")
    status = json.loads(r.stdout)
    assert (status["code"], status["reason"]) == (403, "Forbidden")
    assert status["message"] == ('pods is forbidden: User "system:anonymous" cannot list resource "pods" in API '
                                 'group "" in the namespace "work"')


def test_a_certificate_from_another_ca_is_refused(up):
    d = up.dir
    run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "evil-ca.key", "-out", "evil-ca.crt",
        "-subj", "/CN=kubernetes", "-days", "30", cwd=d)
    run("openssl", "genrsa", "-out", "mallory.key", "2048", cwd=d)
    run("openssl", "req", "-new", "-key", "mallory.key", "-out", "mallory.csr", "-subj", "/CN=mallory/O=system:masters",
        cwd=d)
    assert run("openssl", "x509", "-req", "-in", "mallory.csr", "-CA", "evil-ca.crt", "-CAkey", "evil-ca.key",
               "-CAcreateserial", "-out", "mallory.crt", "-days", "30", cwd=d).returncode == 0
    up.kubectl("config", "set-credentials", "mallory", f"--client-certificate={d}/mallory.crt",
               f"--client-key={d}/mallory.key")
    up.kubectl("config", "set-context", "mallory", "--cluster=kubernetes", "--user=mallory")
    r = up.kubectl("--context=mallory", "get", "pods")
    # Python's TLS refuses the handshake (upstream's Go server would answer 401): never served.
    # Where kubectl notices depends on timing: EOF, a tls: alert, a reset or a closed idle connection.
    assert r.rc == 1 and r.out == ""
    assert any(s in r.err for s in ("EOF", "tls:", "server closed idle connection", "connection reset")), r.err
    assert whoami(up)["username"] == "kubernetes-admin"        # the server is fine afterwards


def test_the_insecure_port_is_system_unsecured(up):
    r = up.kubectl("-s", up.url, "auth", "whoami", "-o", "json")
    assert json.loads(r.out)["status"]["userInfo"] == {"username": "system:unsecured",
                                                       "groups": ["system:masters", "system:authenticated"]}
