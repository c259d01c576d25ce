# %% [markdown]
# # Chapter 12: kube-apiserver
#
# Every other component of Kubernetes talks to one program: kube-apiserver. kubectl, the
# controllers, the scheduler and every kubelet send it HTTP requests; it is the only one that reads
# and writes etcd. Before it stores anything it asks, in order: *who are you* (authentication),
# *may you do this* (authorization), *should this object be changed or refused* (admission), and
# *is it well formed* (validation). Only then does the object reach storage, and from there every
# watcher hears about it.
#
# In this notebook you will send requests down that path and watch where each one stops.
#
# **Compat profile.** The cluster runs the `current` profile: the API of Kubernetes v1.32. The
# booklet's v1.11.3 server differs in ways you will meet: it still had the insecure port 8080
# (removed in v1.20), its 403 messages read "cannot list namespaces at the cluster scope" where
# today's read `cannot list resource "namespaces" in API group "" at the cluster scope`, it served
# Tables as `meta.k8s.io/v1beta1`, and objects carried a `selfLink` (gone since v1.24).

# %%
from k8slab import Cluster
from k8slab.viz import request_flow

c = Cluster(nodes=3, seed=0)        # virtual clock, seeded: the same run every time
print(request_flow().text())

# %% [markdown]
# Steps 1 to 4 are this chapter: the request enters the API server, is authenticated, authorized,
# admitted, validated and stored. The rest (watches feeding controllers, the scheduler and the
# kubelet) are chapters 13 to 16. In JupyterLab the same diagram renders as a graph:

# %%
request_flow()

# %% [markdown]
# ## What kubectl actually sends
#
# At verbosity 8 kubectl prints each request: the URL, the headers and the start of the body. The
# log prefix (date, time, process id) and the measured response time change from run to run (they
# are wall-clock), so this cell cuts them off and keeps the source location and the message.

# %%
import re

log = c.kubectl("get namespaces -v 8")
for line in log.splitlines():
    line = re.sub(r"^I\d{4} [\d:.]+\s+\d+ ", "", line)      # klog prefix: date, time, pid
    line = re.sub(r" in \d+ milliseconds$", " in N milliseconds", line)
    print(line[:150])

# %% [markdown]
# Two things to notice. kubectl asks for `application/json;as=Table;...`: the server formats the
# columns itself and kubectl only prints them (v1.11 asked for `meta.k8s.io/v1beta1` Tables; v1
# came in v1.15). And the response carries a `resourceVersion`: more on that below.
#
# ## Authentication: who is asking
#
# A request with no credentials is not rejected outright. It becomes the user `system:anonymous`
# in the group `system:unauthenticated`, and authorization decides what that user may do. Some
# paths are public on purpose: `/version`, `/healthz` and discovery are granted to everyone by
# the bootstrap ClusterRoles `system:public-info-viewer` and `system:discovery`.

# %%
from k8slab.client import APIClient, InProcessTransport

anonymous = APIClient(InProcessTransport(c.api, user={"username": "system:anonymous",
                                                      "groups": ["system:unauthenticated"]}))
for path in ("/version", "/healthz", "/api/v1/namespaces"):
    r = anonymous.raw("GET", path)
    print(path, r.status)
print(anonymous.raw("GET", "/api/v1/namespaces").body)

# %% [markdown]
# That is the same 403 the booklet got from `curl -k https://...:6443/api/v1/namespaces`, with
# today's wording.
#
# ## Authorization: RBAC, decision by decision
#
# Now an authenticated user, `jane`, with no roles at all. kubectl's `--as` sends the request as
# the admin *impersonating* jane (headers `Impersonate-User`), which is how an administrator tests
# someone else's rights.

# %%
print(c.kubectl("get pods --as=jane"))
print(c.kubectl("auth can-i list pods --as=jane"))

# %% [markdown]
# The API server keeps every authorization decision it makes (`api.authz.last_decisions`, and the
# refusals in `last_denials`). `explain()` says who decided and why: every authorizer in the
# chain (`--authorization-mode=Node,RBAC`) had no opinion, and RBAC lists the bindings that apply
# to jane and matched no rule.

# %%
print(c.api.authz.last_denials[-1].explain())

# %% [markdown]
# Give jane a Role that allows reading pods in `default`, and bind it to her:

# %%
print(c.kubectl("create role pod-reader --verb=get,list,watch --resource=pods"))
print(c.kubectl("create rolebinding jane-reads-pods --role=pod-reader --user=jane"))
print(c.kubectl("get pods --as=jane"))
print(c.api.authz.last_decisions[-1].explain())

# %% [markdown]
# The decision names the binding and the rule that allowed it. A Role only reaches into its own
# namespace, and only the verbs and resources it lists:

# %%
for args in ("list pods -n kube-system", "delete pods", "list secrets", "watch pods"):
    print(f"can-i {args:26} -> {c.kubectl(f'auth can-i {args} --as=jane').strip()}")

# %% [markdown]
# The test applied to each rule is small. Here is k8slab's version of upstream's `RuleAllows`
# (exercise 12-B asks you to write it):

# %%
import inspect
from k8slab.apiserver.authz import rbac

print(inspect.getsource(rbac.rule_allows))
print(inspect.getsource(rbac.resource_matches))

# %% [markdown]
# ## Admission: changing or refusing what is written
#
# Admission plugins see the object itself, and only on writes. The booklet's example is
# `NamespaceLifecycle`, which refuses to delete the namespaces the cluster depends on and to
# create objects in namespaces that do not exist or are being deleted:

# %%
print(c.kubectl("delete namespace kube-system"))
print(c.kubectl("run lost --image=nginx -n no-such-namespace"))

# %% [markdown]
# ## Validation
#
# An object that gets past admission is checked against the rules of its kind. A refusal is a 422
# `Invalid` that lists every field at fault, not just the first:

# %%
bad = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "Bad_Name"},
       "spec": {"containers": [{"name": "app", "image": "nginx",
                                "ports": [{"containerPort": 70000}]}]}}
r = c.client.raw("POST", "/api/v1/namespaces/default/pods", bad)
print(r.status, r.body["reason"])
print(r.body["message"])

# %% [markdown]
# ## Storage, resourceVersion and watch
#
# A stored object lands in etcd under `/registry/<resource>/<namespace>/<name>` (chapter 13), and
# its `metadata.resourceVersion` is the etcd revision of that write. Every change raises it. A
# client that remembers a resourceVersion can *watch* from there and receive exactly the changes
# made after it: this is how every controller and kubelet keeps up without polling.

# %%
cm = c.client.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings"},
                      "data": {"color": "blue"}}, "default")
since = cm["metadata"]["resourceVersion"]
print("created at resourceVersion", since)
watch = c.client.watch("v1", "ConfigMap", "default", resourceVersion=since)
cm["data"]["color"] = "green"
cm = c.client.update(cm)
print("updated at resourceVersion", cm["metadata"]["resourceVersion"])
c.client.delete("v1", "ConfigMap", "settings", "default")
for event in watch.events():
    obj = event["object"]
    print(event["type"], obj["metadata"]["name"], obj["metadata"]["resourceVersion"], obj.get("data"))

# %% [markdown]
# An update that carries an old resourceVersion is refused with a 409 Conflict: optimistic
# concurrency, so two writers cannot silently overwrite each other.

# %%
stale = c.client.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "shared"}}, "default")
c.client.update({**stale, "data": {"writer": "first"}})
r = c.client.raw("PUT", "/api/v1/namespaces/default/configmaps/shared", {**stale, "data": {"writer": "second"}})
print(r.status, r.body["reason"])
print(r.body["message"])

# %% [markdown]
# ## API groups, versions and discovery
#
# Resources are organised in *groups* (`apps`, `batch`, `rbac.authorization.k8s.io`...), each
# served in one or more *versions*. The core group has no name and lives under `/api/v1`; every
# other group under `/apis/<group>/<version>`. Clients learn what exists by *discovery*: kubectl
# reads `/api` and `/apis` before most commands to map `deploy` to `deployments.apps/v1`.

# %%
print(c.kubectl("api-versions"))
print(c.kubectl("api-resources --api-group=apps"))

# %%
apps = c.client.raw("GET", "/apis/apps/v1").body
print(apps["kind"], apps["groupVersion"])
for resource in apps["resources"][:6]:
    print(f"  {resource['name']:28} namespaced={resource['namespaced']!s:5} verbs={','.join(resource['verbs'])}")

# %% [markdown]
# Beyond names, the server also publishes the schema of every kind as OpenAPI, which `kubectl
# explain` and client generators read:

# %%
v3 = c.client.raw("GET", "/openapi/v3").body
print(len(v3["paths"]), "group versions in /openapi/v3, for example:", sorted(v3["paths"])[:4])
print(c.kubectl("explain deployment.spec.replicas"))

# %% [markdown]
# ## Summary
#
# - kube-apiserver is the only component that touches etcd; everything else is its client.
# - A request passes authentication (no credentials: `system:anonymous`), authorization
#   (`Node,RBAC`: the first authorizer to allow wins; nobody allowing is a 403), admission
#   (writes only; plugins may change or refuse the object), validation (422 with every fault),
#   then storage.
# - RBAC: a Role lists rules (verbs x groups x resources), a RoleBinding grants it to subjects in
#   one namespace; ClusterRoles and ClusterRoleBindings do the same cluster-wide.
# - resourceVersion is the etcd revision of the last write; watches resume from it, and updates
#   carrying a stale one get 409 Conflict.
# - Discovery (`/api`, `/apis`) and OpenAPI (`/openapi/v3`) describe what the server serves.
# - Upstream: `staging/src/k8s.io/apiserver/pkg/server/config.go` (the handler chain),
#   `staging/src/k8s.io/apiserver/pkg/endpoints/`, `plugin/pkg/auth/authorizer/rbac/`,
#   `plugin/pkg/admission/`. In k8slab: `k8slab/apiserver/` (handler.py, authn/, authz/,
#   admission/).
#
# ## Exercises
#
# - **12-A**: write the Role and RoleBinding that let a user read pods and their logs in one
#   namespace, and nothing else (`exercises/12-A.py`).
# - **12-B**: write RBAC's `RuleAllows` (`exercises/12-B.py`).
#
# Edit the file, then run its check. Untouched, it says what is missing:

# %%
from k8slab.exercises import check

check("12-A")

# %%
check("12-B")
