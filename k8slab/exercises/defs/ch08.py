"""Chapter 8 (authentication and authorization): a least-privilege Role for backend; a client
certificate whose subject makes a user and a group that a binding then lets in."""

from __future__ import annotations

from ..registry import Exercise

ROLE = '''
def backend_access(namespace: str) -> list:
    """The RBAC objects (plain dicts, rbac.authorization.k8s.io/v1) that let the user `backend`
    read (get, list, watch) pods and deployments in `namespace`, and do nothing else: no writes,
    no other resources (not even pods/log), no other namespace. Use a Role and a RoleBinding.
    Remember which API group each resource lives in.
    """
    # BEGIN SOLUTION
    role = {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
            "metadata": {"name": "backend-role", "namespace": namespace},
            "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list", "watch"]},
                      {"apiGroups": ["apps"], "resources": ["deployments"], "verbs": ["get", "list", "watch"]}]}
    binding = {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
               "metadata": {"name": "backend-rolebinding", "namespace": namespace},
               "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "backend-role"},
               "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "backend"}]}
    return [role, binding]
    # END SOLUTION
'''

READ = ("get", "list", "watch")
WRITE = ("create", "update", "patch", "delete", "deletecollection")


def check_role(backend_access) -> str:
    from k8slab import Cluster
    from k8slab.apiserver.authz.attributes import Attributes
    c = Cluster(nodes=0, seed=0, control_plane=False)
    for ns in ("work", "other"):
        c.kubectl(f"create namespace {ns}")
    objects = backend_access("work")
    assert isinstance(objects, list) and objects, "return a list of RBAC objects"
    kinds = [o.get("kind", "") for o in objects]
    assert "ClusterRoleBinding" not in kinds, "a ClusterRoleBinding grants in every namespace; use a RoleBinding"
    for o in objects:
        c.client.create(o, (o.get("metadata") or {}).get("namespace"))
    authz = c.api.authz

    def may(user, verb, group, resource, ns="work", sub=""):
        return authz.authorize(Attributes(user, verb, namespace=ns, api_group=group, resource=resource,
                                          subresource=sub), record=False)

    backend = {"username": "backend", "groups": ["system:authenticated"]}
    asked = 0
    for group, resource in (("", "pods"), ("apps", "deployments")):
        for verb in READ:
            d = may(backend, verb, group, resource)
            asked += 1
            assert d.allowed, (f"backend should be able to {verb} {resource} in work; the authorizer said:\n"
                               f"{d.explain()}")
            assert "RoleBinding" in str(d.source), f"{verb} {resource} should be granted by your RoleBinding"
        for verb in WRITE:
            asked += 1
            assert not may(backend, verb, group, resource).allowed, f"backend must not {verb} {resource}"
        asked += 1
        assert not may(backend, "list", group, resource, ns="other").allowed, \
            f"backend must not list {resource} in namespace other"
    for verb, group, resource, sub in (("get", "", "pods", "log"), ("list", "", "secrets", ""),
                                       ("list", "", "services", ""), ("list", "apps", "replicasets", ""),
                                       ("get", "apps", "deployments", "scale"), ("list", "", "configmaps", ""),
                                       ("list", "extensions", "deployments", "")):
        asked += 1
        what = f"{verb} {resource}{'/' + sub if sub else ''}" + (f" in group {group}" if group else "")
        assert not may(backend, verb, group, resource, sub=sub).allowed, f"backend must not {what}"
    other = {"username": "frontend", "groups": ["system:authenticated"]}
    asked += 1
    assert not may(other, "list", "", "pods").allowed, "only backend may read; frontend got in too"
    return f"backend reads pods and deployments in work; {asked - 6} other questions were refused"


CERT = '''
def client_certificate(ca_cert, ca_key, user: str, groups: list, now: float):
    """A client certificate for `user` in `groups`, signed by the cluster CA, as `openssl req` and
    `openssl x509 -req -CA ca.crt -CAkey ca.key` make one: return (certificate PEM bytes, private
    key PEM bytes). `ca_cert` and `ca_key` are `cryptography` objects; `now` is the cluster's clock
    (seconds since 1970): the certificate must be valid from the CA's start date to a year after now.
    The API server reads the user from the subject's common name (CN) and one group from each
    organization (O). Use the `cryptography` library (x509.CertificateBuilder).
    """
    # BEGIN SOLUTION
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, user)]
                        + [x509.NameAttribute(NameOID.ORGANIZATION_NAME, g) for g in groups])
    end = datetime.datetime.fromtimestamp(now, datetime.timezone.utc) + datetime.timedelta(days=365)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(ca_cert.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(ca_cert.not_valid_before_utc).not_valid_after(end)
            .sign(ca_key, hashes.SHA256()))
    return (cert.public_bytes(serialization.Encoding.PEM),
            key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                              serialization.NoEncryption()))
    # END SOLUTION
'''


def check_cert(client_certificate) -> str:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    from k8slab import Cluster
    from k8slab.apiserver.authn import Authenticator
    from k8slab.client import APIClient, InProcessTransport
    from k8slab.kubeadm.pki import cluster_ca
    c = Cluster(nodes=0, seed=0, control_plane=False)
    ca_cert, ca_key = cluster_ca(c.api)
    c.api.authenticator = Authenticator(c.api, client_ca=ca_cert)          # --client-ca-file
    c.kubectl("create namespace work")
    c.kubectl("create role pod-reader --verb=get,list,watch --resource=pods -n work")
    c.kubectl("create rolebinding dev-reads-pods --role=pod-reader --group=dev -n work")
    now = c.clock.time()
    made = client_certificate(ca_cert, ca_key, "alice", ["dev"], now)
    assert isinstance(made, tuple) and len(made) == 2, "return (certificate PEM, key PEM)"
    cert_pem, key_pem = made
    cert = x509.load_pem_x509_certificate(cert_pem)
    key = serialization.load_pem_private_key(key_pem, password=None)
    assert key.public_key().public_numbers() == cert.public_key().public_numbers(), \
        "the private key does not belong to the certificate"
    alice = APIClient(InProcessTransport(c.api, peer_certificates=[cert_pem]))
    r = alice.raw("GET", "/api/v1/namespaces/work/pods")
    d = c.api.authz.last_decisions[-1]
    who = d.authentication
    assert who is not None and who.user is not None, \
        f"the API server refused the certificate (401): {c.api.authenticator.last_error}"
    assert who.authenticator == "x509", f"the request was identified by {who.authenticator}, not the certificate"
    assert who.user["username"] == "alice", f"the server read the user {who.user['username']!r}, not 'alice'"
    assert "dev" in who.user["groups"], f"the server read the groups {who.user['groups']}, without 'dev'"
    assert r.status == 200, f"alice (group dev) should list pods in work, got {r.status}: {r.body}"
    assert 'to Group "dev"' in str(d.source), f"the allow should come from the binding to group dev: {d.explain()}"
    cert_pem2, _ = client_certificate(ca_cert, ca_key, "bob", ["ops", "qa"], now)
    bob = APIClient(InProcessTransport(c.api, peer_certificates=[cert_pem2]))
    r = bob.raw("GET", "/api/v1/namespaces/work/pods")
    groups = c.api.authz.last_decisions[-1].user.get("groups")
    assert groups == ["ops", "qa", "system:authenticated"], f"bob's certificate should give the groups ops and qa: {groups}"
    assert r.status == 403 and r.body["message"].endswith('User "bob" cannot list resource "pods" in API group "" '
                                                          'in the namespace "work"'), \
        f"bob is not in dev and should get 403, got {r.status}"
    c.clock.advance(300 * 86400)
    assert alice.raw("GET", "/api/v1/namespaces/work/pods").status == 200, \
        "the certificate should still be valid 300 days later"
    return ("alice's certificate (CN=alice, O=dev) is read by the x509 authenticator and let in by the "
            "RoleBinding to group dev; bob (O=ops, O=qa) gets 403")


EXERCISES = [
    Exercise("08-A", "least privilege: a Role for backend",
             "Write backend_access(namespace): the Role and RoleBinding that let the user backend read pods\n"
             "and deployments in one namespace, and nothing else.",
             ROLE.lstrip(), "backend_access", check_role),
    Exercise("08-B", "a client certificate: CN is the user, O the groups",
             "Write client_certificate(ca_cert, ca_key, user, groups, now): a key and a certificate signed by\n"
             "the cluster CA that the API server reads as `user` in `groups`.",
             CERT.lstrip(), "client_certificate", check_cert),
]
