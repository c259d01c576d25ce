# %% [markdown]
# # Chapter 8: Authentication and authorization
#
# Anyone who can reach the API server's port can send it a request. Before the server does
# anything with one, it asks three questions, always in this order:
#
# 1. **Authentication**: who sent this? A client certificate, a bearer token, or nothing at all
#    (then the request is *anonymous*).
# 2. **Authorization**: may this user do this verb on this resource here? Several authorizers
#    are asked in turn (`--authorization-mode`); the first one that allows wins, and if none does
#    the answer is 403 Forbidden.
# 3. **Admission**: should the object be changed or refused? (Only for writes; chapter 12.)
#
# In this notebook you play the booklet's practice from start to end: make a certificate for a
# user called `backend` in the group `dev`, watch the API server refuse it, grant it a Role, and
# watch the same request go through, with the server's reasoning shown at every step.
#
# **Compat profile.** The cluster runs the `current` profile (Kubernetes v1.32). Where the
# booklet's v1.11/v1.12 cluster answered differently, the text says so; the list is at the end.

# %%
from k8slab import Cluster

c = Cluster(nodes=0, seed=0)     # an API server and controller-manager on a virtual clock, no nodes
print(c.kubectl("create namespace work"))

# %% [markdown]
# ## Who is asking: the cluster CA and a certificate for `backend`
#
# Kubernetes has no User object. A "normal user" is whoever holds a credential the API server
# trusts. The most common credential is a client certificate signed by the cluster's certificate
# authority (the CA that kubeadm writes to `/etc/kubernetes/pki/ca.crt`). The server reads the
# user name from the certificate's common name (`CN`) and one group from each organization (`O`).
#
# Our in-process cluster keeps its CA in memory. We hand it to the authenticator the way
# kube-apiserver's flags would: `--client-ca-file` becomes `client_ca`, `--token-auth-file`
# becomes `token_file` (used further down) and `--anonymous-auth` becomes `anonymous`.

# %%
import tempfile
from pathlib import Path

from k8slab.apiserver.authn import Authenticator
from k8slab.kubeadm.pki import cluster_ca

ca_cert, ca_key = cluster_ca(c.api)                      # what ca.crt and ca.key hold
print("CA subject:", ca_cert.subject.rfc4514_string())

workdir = Path(tempfile.mkdtemp())                       # the booklet's ~/work
(workdir / "tokens.csv").write_text('s3cr3t-token,tina,1001,"dev,qa"\n')
c.api.authenticator = Authenticator(c.api, client_ca=ca_cert, token_file=str(workdir / "tokens.csv"),
                                    anonymous=True)

# %% [markdown]
# The booklet runs three `openssl` commands: make a key, make a certificate signing request with
# the subject `/CN=backend/O=dev`, and sign it with the CA's key. The `cryptography` library does
# the same in a few lines. Keys and serial numbers are random, so we print only what is stable:
# the subject and the issuer.

# %%
import datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

key = rsa.generate_private_key(public_exponent=65537, key_size=2048)        # openssl genrsa 2048
subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "backend"),
                     x509.NameAttribute(NameOID.ORGANIZATION_NAME, "dev")])  # -subj "/CN=backend/O=dev"
start = ca_cert.not_valid_before_utc
cert = (x509.CertificateBuilder()                                           # openssl x509 -req -CA ...
        .subject_name(subject).issuer_name(ca_cert.subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(start).not_valid_after(start + datetime.timedelta(days=365))
        .sign(ca_key, hashes.SHA256()))
cert_pem = cert.public_bytes(serialization.Encoding.PEM)
(workdir / "backend.crt").write_bytes(cert_pem)
(workdir / "backend.key").write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                                        serialization.PrivateFormat.TraditionalOpenSSL,
                                                        serialization.NoEncryption()))
print("subject:", cert.subject.rfc4514_string())       # RFC 4514 lists the parts last-first
print("issuer: ", cert.issuer.rfc4514_string())

# %% [markdown]
# ## Register the credentials and a context
#
# kubectl keeps users, clusters and contexts (a user + a cluster + a default namespace) in its
# kubeconfig. `c.kubectl` has its own kubeconfig in memory, so these commands change only it.
# `--embed-certs` copies the files' contents into the kubeconfig as base64
# (`client-certificate-data`), as kubeadm's `admin.conf` has them.

# %%
print(c.kubectl(f"config set-credentials backend --client-certificate={workdir}/backend.crt "
                f"--client-key={workdir}/backend.key --embed-certs=true"), end="")
print(c.kubectl("config set-context backend-context --cluster=k8slab --namespace=work --user=backend"))
print(c.kubectl("config get-contexts"))

# %% [markdown]
# ## Knock on the door as `backend`
#
# The certificate is good, so authentication succeeds: the server knows this is `backend` in the
# group `dev`. But nobody has granted `backend` anything yet, so authorization refuses.

# %%
print(c.kubectl("--context=backend-context get pods"))

# %% [markdown]
# That is the booklet's message word for word. kubectl prints only the message; on the wire the
# server sent a `Status` object (the booklet saw it with `-v 5`). Here it is, from a client that
# presents the same certificate:

# %%
import json

from k8slab.client import APIClient, InProcessTransport

backend = APIClient(InProcessTransport(c.api, peer_certificates=[cert_pem]))
print(json.dumps(backend.raw("GET", "/api/v1/namespaces/work/pods").body, indent=2))

# %% [markdown]
# Why was it refused? The API server keeps every decision it makes (`c.api.authz.last_decisions`).
# The **decision path** view follows one of them through the server: which authenticator
# recognised the user, what each authorizer of `--authorization-mode=Node,RBAC` said, and the
# result. `PrivilegedGroups` is the built-in first step that lets members of `system:masters`
# through. The Node authorizer only judges kubelets, so it has no opinion. RBAC found only the
# default bindings every authenticated user gets, and none of their rules matches. Nobody said
# yes, so the request gets 403.

# %%
from k8slab.viz import DecisionPath

DecisionPath(c, user="backend")

# %% [markdown]
# ## Grant a Role, bind it, and try again
#
# A **Role** is a list of rules (which verbs on which resources) inside one namespace. A
# **RoleBinding** grants a Role to subjects: users, groups or service accounts. These are the
# booklet's two manifests. Note `apiGroup: ""`: the API server stores it as
# `rbac.authorization.k8s.io`, as `get -o yaml` shows.

# %%
backend_role = """
kind: Role
apiVersion: rbac.authorization.k8s.io/v1
metadata:
  namespace: work
  name: backend-role
rules:
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch"]
"""
backend_rolebinding = """
kind: RoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata:
  name: backend-rolebinding
  namespace: work
subjects:
- kind: User
  name: backend
  apiGroup: ""
roleRef:
  kind: Role
  name: backend-role
  apiGroup: ""
"""
print(c.kubectl("create -f -", stdin=backend_role), end="")
print(c.kubectl("create -f -", stdin=backend_rolebinding))
binding = c.client.get("rbac.authorization.k8s.io/v1", "RoleBinding", "backend-rolebinding", "work")
print("roleRef: ", binding["roleRef"])
print("subjects:", binding["subjects"])

# %%
print(c.kubectl("--context=backend-context get pods"))

# %% [markdown]
# Listing pods works now (there are none yet). The decision path of this request names the
# binding and highlights the rule that matched (`>>`):

# %%
DecisionPath(c, user="backend")

# %% [markdown]
# The Role says nothing about namespaces (a cluster-scoped resource) or deployments, so those are
# still refused:

# %%
print(c.kubectl("--context=backend-context get ns"))
print(c.kubectl("--context=backend-context get deploy"))

# %% [markdown]
# Notice `in API group "apps"`: deployments live in the `apps` group, and a rule with
# `apiGroups: [""]` (the core group) never matches them. The booklet's kubectl found deployments
# in the old `extensions` group, hence its `deployments.extensions is forbidden`.

# %% [markdown]
# ## Asking without trying: `kubectl auth can-i`
#
# An administrator can ask on someone else's behalf with `--as`. kubectl then sends the admin's
# request with an `Impersonate-User: backend` header, and `auth can-i` asks the server a
# question (a SelfSubjectAccessReview) instead of doing anything.

# %%
print(c.kubectl("auth can-i list pods -n work --as=backend"), end="")
print(c.kubectl("auth can-i list deploy -n work --as=backend"), end="")
print(c.kubectl("auth can-i list pods -n work --as=backend --as-group=dev"), end="")
print(c.kubectl("auth can-i delete pods -n work --as=backend"))

# %% [markdown]
# The booklet's cluster answered the refusal with `no - no RBAC policy matched`: its API server
# sent that reason with the answer, and kubectl prints any reason after ` - `. Today's RBAC
# authorizer gives no reason when nothing matches, so k8slab, like kubectl against a current
# cluster, prints just `no`.
#
# ## How RBAC decides
#
# RBAC looks at the bindings that name the user or one of its groups: every ClusterRoleBinding,
# then the RoleBindings of the request's namespace. For each, it takes the bound role's rules
# and asks whether one rule allows the request. The first match allows. There are no "deny"
# rules: permissions only add up. This is k8slab's port of upstream's
# `plugin/pkg/auth/authorizer/rbac/rbac.go`:

# %%
import inspect

from k8slab.apiserver.authz import rbac

print(inspect.getsource(rbac.RBACAuthorizer.authorize))

# %% [markdown]
# `resolve` gathers the applicable bindings (indexed by subject, so a decision never scans
# unrelated ones) and `for_verb` keeps only the rules that list the verb or `*`. The test for a
# single rule checks each field in turn, and `*` matches anything:

# %%
print(inspect.getsource(rbac.PolicyRule.allows_resource))

# %% [markdown]
# ## Who can do what: the RBAC matrix
#
# The matrix asks the server's authorizer chain every combination of subject, verb and resource
# in one namespace (without recording the questions) and names the binding behind each `yes`.
# The rows are the subjects that the namespace's RoleBindings and the ClusterRoleBindings name;
# `system:` subjects are hidden unless you tick the box. We add two rows by hand: `backend` as
# its certificate makes it (in the group `dev`), and someone with no bindings at all.

# %%
from k8slab.viz import RBACMatrix

matrix = RBACMatrix(c, "work", verbs=("get", "list", "delete"), resources=("pods", "deployments.apps"),
                    subjects=[{"username": "backend", "groups": ["dev", "system:authenticated"]},
                              {"kind": "User", "name": "jane"}])
matrix

# %% [markdown]
# Bind the group `dev` to the built-in ClusterRole `view` in `work`, refresh, and the matrix
# shows who gains what. Everyone in `dev` can now read deployments too, through the new binding.
# (`view` is an *aggregated* ClusterRole: the controller-manager fills its rules from every
# ClusterRole labelled `rbac.authorization.k8s.io/aggregate-to-view`.)

# %%
print(c.kubectl("create rolebinding dev-view --clusterrole=view --group=dev -n work"))
matrix.refresh()
print(matrix.text())

# %% [markdown]
# Who is bound to what, as a graph: subject -> binding -> role.

# %%
from k8slab.viz import bindings_graph

bindings_graph(c, "work")

# %% [markdown]
# ## Requests with no credentials: `system:anonymous`
#
# A request that carries no certificate and no token is not rejected outright. With
# `--anonymous-auth=true` (the default) it becomes the user `system:anonymous` in the group
# `system:unauthenticated`, and authorization decides. A few paths are public on purpose
# (`/version`, `/healthz`: the ClusterRole `system:public-info-viewer`); everything else is
# refused. We build the requests as the HTTPS port does, so authentication really runs.

# %%
from k8slab.apiserver.request import Request

for path in ("/version", "/healthz", "/api/v1/namespaces/work/pods"):
    req = Request("GET", path)
    resp = c.api.handle(req)
    print(f"{path:30} {resp.status}  authenticated by {req.authentication.authenticator} "
          f"as {req.authentication.user['username']}")
print(resp.body["message"])

# %% [markdown]
# With `--anonymous-auth=false` the same request never reaches authorization: it is a 401.

# %%
strict = Authenticator(c.api, client_ca=ca_cert, anonymous=False)
saved, c.api.authenticator = c.api.authenticator, strict
resp = c.api.handle(Request("GET", "/api/v1/namespaces/work/pods"))
print(resp.status, resp.body["message"])
c.api.authenticator = saved

# %% [markdown]
# ## Static tokens, and the basic-auth file that is gone
#
# `--token-auth-file` names a CSV file: `token,user,uid,"group1,group2"`. A client sends
# `Authorization: Bearer <token>`. Our file (written above) holds a token for `tina` in `dev`
# and `qa`. `kubectl auth whoami` asks the server who it thinks you are:

# %%
print(c.kubectl("--token=s3cr3t-token auth whoami"))
print(c.kubectl("--token=wrong-token auth whoami"))

# %% [markdown]
# The booklet also lists `--basic-auth-file` (a CSV of passwords, sent as `Authorization: Basic
# base64(user:password)`). Kubernetes removed it in v1.19. Today a Basic header is simply not a
# credential anybody checks, so the request is anonymous:

# %%
import base64

basic = "Basic " + base64.b64encode(b"admin:secret").decode()
req = Request("GET", "/api/v1/namespaces/work/pods", headers={"Authorization": basic})
resp = c.api.handle(req)
print(resp.status, req.authentication.authenticator, "-", resp.body["message"])

# %% [markdown]
# ## What is inside `client-certificate-data`
#
# `kubectl config view` hides certificate data. `--raw` shows it: base64 of the PEM file. Decode
# it and read the subject, as the booklet does with `base64 -d | openssl x509 -text`:

# %%
print(c.kubectl("config view --minify --context=backend-context"))
raw = c.kubectl("""config view --raw -o jsonpath='{.users[?(@.name == "backend")].user.client-certificate-data}'""")
pem = base64.b64decode(raw)
print(pem.decode().splitlines()[0])
decoded = x509.load_pem_x509_certificate(pem)
print("Subject:", decoded.subject.rfc4514_string())
print("Issuer: ", decoded.issuer.rfc4514_string())
print("Groups the API server will read:", [a.value for a in decoded.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)])

# %% [markdown]
# ## Switching authorizers: `--authorization-mode`
#
# kube-apiserver's own default is `AlwaysAllow` (everyone may do everything), which is what the
# booklet calls the default; kubeadm passes `--authorization-mode=Node,RBAC`, and so does
# k8slab. `AlwaysDeny` refuses everything, for testing. A `Cluster` takes the same option.
# Here is one request from `backend` under each mode (the user is given to the client directly,
# so only authorization runs):

# %%
from k8slab.apiserver.authz import parse_modes

for mode in ("AlwaysAllow", "AlwaysDeny", "RBAC", "Node,RBAC"):
    lab = Cluster(nodes=0, seed=0, control_plane=False, authorization_mode=mode)
    as_backend = APIClient(InProcessTransport(lab.api, user={"username": "backend",
                                                             "groups": ["dev", "system:authenticated"]}))
    r = as_backend.raw("GET", "/api/v1/namespaces/default/pods")
    d = lab.api.authz.last_decisions[-1]
    print(f"{mode:12} {r.status}  decided by {d.authorizer or 'nobody'}" + (f": {r.body['message']}" if r.status != 200 else ""))
try:
    parse_modes("ABAC")
except ValueError as e:
    print("ABAC:", e)

# %% [markdown]
# "decided by nobody": no authorizer said yes, and that is already a 403. `AlwaysDeny` does not
# even say no; it has no opinion and gives the reason "Everything is forbidden.", which the 403
# message repeats. The members of `system:masters` are allowed before any mode is asked, whatever
# the mode. That is why an admin certificate with `O=system:masters` can never be locked out by RBAC.
#
# ## The default roles
#
# The API server writes upstream's default ClusterRoles and ClusterRoleBindings when it starts
# (their label is `kubernetes.io/bootstrapping: rbac-defaults`). The most powerful one is
# `cluster-admin`: every verb on every resource and every non-resource URL.

# %%
print(c.kubectl("get clusterroles").count("\n") - 1, "ClusterRoles,",
      c.kubectl("get clusterrolebindings").count("\n") - 1, "ClusterRoleBindings")
print(c.kubectl("get clusterrole cluster-admin -o yaml"))
print(c.kubectl("get clusterrolebinding cluster-admin -o yaml"))

# %% [markdown]
# ## What changed since the booklet
#
# - The 403 message: v1.11 said `User "backend" cannot list pods in the namespace "work"`; since
#   v1.12 it names the resource and its API group, as shown above.
# - `kubectl auth can-i` printed `no - no RBAC policy matched`; today RBAC gives no reason and
#   kubectl prints `no`.
# - `kubectl get deploy` asked for `deployments.extensions`; deployments are in `apps` now.
# - `kubectl config view` shows `DATA+OMITTED` for certificate data (the booklet's kubectl printed
#   `REDACTED`).
# - `--basic-auth-file` was removed in v1.19, the insecure port 8080 in v1.20.
# - kubeadm (since v1.29) no longer puts `admin.conf`'s user in `system:masters`: it is in the
#   group `kubeadm:cluster-admins`, bound to `cluster-admin` by a ClusterRoleBinding (so it can
#   be revoked); the `system:masters` certificate lives in `super-admin.conf`.
#
# ## Summary
#
# - Authentication turns credentials into a user and groups: a client certificate (CN, O), a
#   bearer token (token file, service account, bootstrap token), or nothing (`system:anonymous`,
#   unless `--anonymous-auth=false`). A credential that is presented but wrong is a 401.
# - Authorization asks each authorizer of `--authorization-mode` in order; the first to allow
#   wins; nobody allowing is a 403. Members of `system:masters` skip the question.
# - RBAC: Roles and ClusterRoles hold rules (verbs x API groups x resources); RoleBindings and
#   ClusterRoleBindings grant them to users, groups and service accounts. Rules only add.
# - `kubectl auth can-i ... --as user` asks without trying; the server's decision log and the
#   decision path say which binding and rule decided.
# - Upstream: `staging/src/k8s.io/apiserver/pkg/authentication/`, `plugin/pkg/auth/authorizer/rbac/`,
#   `pkg/kubeapiserver/authorizer/`. In k8slab: `k8slab/apiserver/authn/`, `k8slab/apiserver/authz/`,
#   and the views in `k8slab/viz/rbac.py` and `k8slab/viz/decision_path.py`.
#
# ## Exercises
#
# - **08-A**: a Role and RoleBinding that let `backend` read pods and deployments in one
#   namespace and nothing else (`exercises/08-A.py`).
# - **08-B**: make a client certificate for any user and groups, signed by the cluster CA
#   (`exercises/08-B.py`).
#
# Edit the file, then run its check. Untouched, it says what is missing:

# %%
from k8slab.exercises import check

check("08-A")

# %%
check("08-B")
