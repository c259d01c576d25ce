# %% [markdown]
# # Chapter 6: getting to know kubectl
#
# Almost everything you will do to a cluster in this lab goes through `kubectl`. It is worth
# knowing well, and worth knowing what it *is*: a client of the API server's REST API, nothing
# more. Every command becomes one or more HTTP requests; anything kubectl does, a script with an
# HTTP library could do too. This chapter is about reading the cluster (the R of CRUD): how
# commands are shaped, how resources are named, the output formats, `api-resources` and `explain`,
# kubeconfig files, and how to watch the HTTP requests go by.
#
# **Compat profile.** `c.kubectl("...")` runs k8slab's port of kubectl 1.32 in this process, against
# the notebook's cluster (profile `current`). The booklet used kubectl 1.11. The commands are the
# same; some outputs changed since: `api-resources` then had an `APIGROUP` column (today
# `APIVERSION`), `explain` printed only `KIND` and `VERSION` (today also `GROUP` for named groups),
# an empty list said `No resources found.` (today `No resources found in default namespace.`), and
# the `-v` log lines named other source lines. The `book` profile changes the cluster, not kubectl.
# The descriptions `explain` prints are k8slab's own words, not upstream's.

# %%
import re

from k8slab import Cluster

c = Cluster(nodes=2, seed=0)        # virtual clock, seeded: the same cluster every run
print(c.kubectl("version"))

# %% [markdown]
# ## The shape of a command
#
# `kubectl` alone prints its command groups. The general form is
# `kubectl <command> [<type> [<name>...]] [flags]`: a verb (`get`, `describe`, `create`, `delete`,
# ...), usually a resource type and names, and flags.

# %%
help_text = c.kubectl("")
print("\n".join(help_text.splitlines()[:12]))
print("  ...")
print("\n".join(help_text.splitlines()[-6:]))

# %% [markdown]
# Global flags work with every command; `kubectl options` lists them. The ones this chapter uses:

# %%
options = c.kubectl("options")
for flag in ("--kubeconfig=", "--context=", "-n, --namespace=", "-s, --server=", "--client-certificate=", "-v, --v="):
    line = next(l for l in options.splitlines() if l.strip().startswith(flag))
    what = options.split(line)[1].splitlines()[1].strip()
    print(f"{line.strip():32} {what}")

# %% [markdown]
# ## Naming resources: plural, singular, short name
#
# `nodes`, `node` and `no` name the same resource. So do `Node` and `NODES`. kubectl does not know
# these names by heart: it asks the server which resources exist (*discovery*), and matches the word
# you typed against each resource's plural, singular, kind and short names.

# %%
outputs = {word: c.kubectl(f"get {word}") for word in ("nodes", "node", "no", "Node")}
print(outputs["no"])
print("all four the same:", len(set(outputs.values())) == 1)

# %% [markdown]
# The matching, from k8slab's kubectl: short names are expanded first (they are case-sensitive),
# then the word is lower-cased and compared with plural, singular and kind; a group (`.apps`) or
# version and group (`.v1.apps`) narrows the search.

# %%
import inspect

from k8slab.kubectl import discovery

print(inspect.getsource(discovery._match))

# %% [markdown]
# ## `api-resources`: what the server offers
#
# The same discovery data, as a table. `SHORTNAMES` are the aliases, `NAMESPACED` says whether
# objects live in a namespace (pods) or in the whole cluster (nodes), `APIVERSION` is the group
# and version to write in a manifest.

# %%
print(c.kubectl("api-resources"))

# %% [markdown]
# Filters and other shapes: only one group, only cluster-scoped resources, names only, or `-o wide`
# for the verbs each resource supports:

# %%
print(c.kubectl("api-resources --api-group=apps -o wide"))
print(c.kubectl("api-resources --namespaced=false -o name").replace("\n", "  "))

# %% [markdown]
# ## Output formats
#
# `get` prints a table by default. The table is made by the server: kubectl asks for a
# `meta.k8s.io/v1 Table` (you will see the `Accept` header below) and prints its columns. `-o wide`
# asks for the extra columns.

# %%
print(c.kubectl("get nodes -o wide"))

# %% [markdown]
# `-o yaml` and `-o json` print the whole object as stored, which is what you need when a column is
# not enough. The node's `status.nodeInfo` is what `-o wide` took its OS, kernel and runtime from:

# %%
yaml_text = c.kubectl("get node node1 -o yaml")
print(yaml_text.split("  nodeInfo:")[0].split("status:")[0])
print("status:\n  nodeInfo:" + yaml_text.split("  nodeInfo:")[1])

# %% [markdown]
# A whole Node is long. The same object as a tree that folds (click a key in JupyterLab to open or
# close it; the text below is the outline two levels deep):

# %%
import json

from k8slab.viz.jsontree import JsonTree

JsonTree(json.loads(c.kubectl("get node node1 -o json")), open_depth=1, text_depth=1)

# %% [markdown]
# The booklet pipes `-o json` into `jq` to merge each node's name with its `nodeInfo`:
# `kubectl get nodes -o json | jq '.items[] | {name: .metadata.name} + .status.nodeInfo'`. The same
# in Python:

# %%
nodes = json.loads(c.kubectl("get nodes -o json"))
print(nodes["kind"], nodes["apiVersion"], len(nodes["items"]), "items")
for item in nodes["items"]:
    merged = {"name": item["metadata"]["name"], **item["status"]["nodeInfo"]}
    print(json.dumps({k: merged[k] for k in ("name", "kubeletVersion", "containerRuntimeVersion", "osImage")}))

# %% [markdown]
# kubectl can often do the picking itself. `-o jsonpath` takes a template in braces
# (`{.items[*].metadata.name}`, `{range}...{end}` for loops, `[?(@.type=="Ready")]` for filters);
# `-o custom-columns` builds a table from `HEADER:path` pairs; `-o name` prints `type/name`, handy
# in scripts.

# %%
print(c.kubectl("get nodes -o jsonpath={.items[*].metadata.name}"))
print()
print(c.kubectl(["get", "nodes", "-o",
                 "jsonpath={range .items[*]}{.metadata.name}{'\\t'}{.status.addresses[0].address}{'\\n'}{end}"]))
print(c.kubectl(["get", "nodes", "-o", "custom-columns=NAME:.metadata.name,KUBELET:.status.nodeInfo.kubeletVersion,"
                 "PODS:.status.capacity.pods,READY:.status.conditions[?(@.type=='Ready')].status"]))
print(c.kubectl("get nodes -o name"))

# %% [markdown]
# ## `explain`: the schema as a manual page
#
# `kubectl explain` reads the server's OpenAPI schema and prints the documentation of a kind or of
# one field, with a dotted path. Useful when writing a manifest and unsure of a field's name or type.

# %%
print(c.kubectl("explain node"))

# %%
print(c.kubectl("explain pod.spec.containers.imagePullPolicy"))

# %% [markdown]
# ## kubectl is an API client: `-v`
#
# `-v` (verbosity) makes kubectl log what it does, in klog's format, to stderr. At `-v=6` it logs
# one line per HTTP request: method, URL, status and time. Each line starts with a timestamp and a
# process id, which change with every run, so this notebook masks them (and the milliseconds):

# %%
def klog(text):
    text = re.sub(r"^([IWE])\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ ", r"\1MMDD hh:mm:ss.us PID ", text, flags=re.M)
    return re.sub(r"\d+ ms|\d+ milliseconds", "N ms", text)


fresh = Cluster(nodes=1, seed=1)     # a kubectl that has not talked to this cluster yet
print(klog(fresh.kubectl("-v=6 get nodes")))
print(klog(fresh.kubectl("-v=6 get deployments -n kube-system")))

# %% [markdown]
# The first command started with **discovery**: `GET /api` and `GET /apis` return every group,
# version and resource (the data behind `api-resources` and the name matching above). kubectl keeps
# it (real kubectl on disk under `~/.kube/cache`, k8slab in memory), so the second command went
# straight to its URL. Note `limit=500`: lists are fetched in chunks of 500.
#
# At `-v=7` the request headers appear too, including the `Accept` header that asks for a Table;
# at `-v=8` the bodies; at `-v=9` a `curl` command you could paste into a shell.

# %%
print(klog(fresh.kubectl("-v=7 get node node1")))

# %%
out = klog(fresh.kubectl("-v=9 get node nosuch"))
print("\n".join(line[:160] for line in out.splitlines()))

# %% [markdown]
# How does `get nodes` become `GET /api/v1/nodes?limit=500`? Once the word is resolved to a
# resource, its URL comes from the group, version, namespace and name:

# %%
print(inspect.getsource(discovery.APIResource.path))

# %% [markdown]
# and `get` asks for each named object, or for the list in pages (the `continue` token of one page
# asks for the next):

# %%
from k8slab.kubectl.commands.get import GetRun

print(inspect.getsource(GetRun.fetch))

# %% [markdown]
# The proof that kubectl is only a client: the same object through k8slab's Python API client, and
# through a raw request to the same path, is what `kubectl get node node1 -o json` printed. (One
# detail: kubectl hides `metadata.managedFields`, the server's record of which client set which
# field, unless asked with `--show-managed-fields`.)

# %%
via_kubectl = json.loads(c.kubectl("get node node1 -o json --show-managed-fields"))
via_client = c.client.get("v1", "Node", "node1")
via_raw = c.client.raw("GET", "/api/v1/nodes/node1").body
print(via_kubectl == via_client == via_raw)
print("without --show-managed-fields kubectl leaves out:",
      sorted(set(via_client["metadata"]) - set(json.loads(c.kubectl("get node node1 -o json"))["metadata"])))

# %% [markdown]
# ## kubeconfig: which cluster, as whom, where
#
# kubectl finds the API server and your credentials in a **kubeconfig** file: `--kubeconfig` if
# given, else the files in the `KUBECONFIG` environment variable, else `$HOME/.kube/config`. A
# kubeconfig has three lists and a pointer:
#
# - `clusters`: a name, the server URL and the CA to trust;
# - `users`: a name and credentials (client certificate and key, or a token);
# - `contexts`: a name tying one cluster to one user, and optionally a default namespace;
# - `current-context`: the context used when `--context` is not given.
#
# The notebook's kubectl has its own kubeconfig, kept in memory:

# %%
print(c.kubectl("config view"))
print(c.kubectl("config get-contexts"))

# %% [markdown]
# Add a context for another namespace and switch to it. The server and the user stay the same; only
# the default namespace changes (`-n` still beats it):

# %%
print(c.kubectl("config set-context system --cluster=k8slab --user=admin --namespace=kube-system"))
print(c.kubectl("config use-context system"))
print(c.kubectl("config get-contexts"))
print(klog(c.kubectl("-v=6 get pods")))
print(klog(c.kubectl("-v=6 get pods -n default")))
print(c.kubectl("config use-context k8slab"))

# %% [markdown]
# A kubeconfig file with two clusters, as you might have with minikube and a kubeadm cluster side
# by side, drawn as a diagram:

# %%
from k8slab.viz import Diagram

kubeconfig = {
    "apiVersion": "v1", "kind": "Config", "current-context": "minikube",
    "clusters": [{"name": "minikube", "cluster": {"server": "https://192.168.99.101:8443",
                                                  "certificate-authority": "/home/me/.minikube/ca.crt"}},
                 {"name": "kubernetes", "cluster": {"server": "https://202.182.112.120:6443"}}],
    "users": [{"name": "minikube", "user": {"client-certificate": "/home/me/.minikube/client.crt",
                                             "client-key": "/home/me/.minikube/client.key"}},
              {"name": "kubernetes-admin", "user": {"token": "abcdef.0123456789abcdef"}}],
    "contexts": [{"name": "minikube", "context": {"cluster": "minikube", "user": "minikube"}},
                 {"name": "kubernetes-admin@kubernetes", "context": {"cluster": "kubernetes",
                                                                      "user": "kubernetes-admin",
                                                                      "namespace": "work"}}],
}
boxes, edges = {}, []
for ctx in kubeconfig["contexts"]:                 # graph ids: "context minikube", "cluster minikube", ...
    star = " (current)" if ctx["name"] == kubeconfig["current-context"] else ""
    boxes["context " + ctx["name"]] = f"context {ctx['name']}{star}\nnamespace: {ctx['context'].get('namespace', 'default')}"
    edges += [("context " + ctx["name"], "cluster " + ctx["context"]["cluster"], "cluster"),
              ("context " + ctx["name"], "user " + ctx["context"]["user"], "user")]
for cl in kubeconfig["clusters"]:
    boxes["cluster " + cl["name"]] = f"cluster {cl['name']}\n{cl['cluster']['server']}"
for u in kubeconfig["users"]:
    boxes["user " + u["name"]] = f"user {u['name']}\n{', '.join(u['user'])}"
Diagram("A kubeconfig with two clusters", boxes, edges)

# %% [markdown]
# Everything in a kubeconfig can also be given as flags, as the booklet does with
# `--server`, `--client-certificate` and `--client-key`. `-s` replaces the server URL of the current
# context for one command (the notebook's kubectl reaches its in-process cluster whatever URL it
# names, so the request succeeds; a real kubectl would connect to that address):

# %%
print(klog(c.kubectl("-v=6 --server=https://192.168.99.101:8443 get nodes")))

# %% [markdown]
# A file written by hand, passed with `--kubeconfig` and switched with `--context`:

# %%
import os
import tempfile

import yaml

fd, path = tempfile.mkstemp(suffix=".kubeconfig")
with os.fdopen(fd, "w") as f:
    f.write(yaml.safe_dump(kubeconfig))
for flags in ("", "--context kubernetes-admin@kubernetes", "--context nosuch"):
    out = c.kubectl(f"--kubeconfig {path} -v=6 get pods {flags}").replace(path, "$FILE")
    print(f"$ kubectl --kubeconfig $FILE get pods {flags}\n{klog(out)}")
os.unlink(path)

# %% [markdown]
# The second context's user presents a bearer token this cluster never issued: authentication
# fails, the server answers 401 and kubectl says `You must be logged in to the server`. (The
# `minikube` user names certificate files that do not exist on this machine; the in-process kubectl
# does not read them and goes on as the notebook's admin, a real kubectl would stop with
# `unable to read client-cert ...`.)
#
# ## Error messages worth recognising
#
# kubectl's errors come in two kinds. `error: ...` is kubectl's own complaint (bad flags, unknown
# types, formats it cannot print). `Error from server (Reason): ...` is a Status the API server
# sent back, with its HTTP reason in brackets.

# %%
for command in ("get nods", "get pod nosuch", "get pods -o wat", "get pods --bogus", "frobnicate",
                "get pods --as=jane", "get namespace nosuch"):
    print(f"$ kubectl {command}")
    print(c.kubectl(command).strip().split("\n")[0])

# %% [markdown]
# `--as=jane` *impersonates* the user jane, who has no permissions: the 403 Forbidden comes from
# RBAC (chapter 8). A type kubectl cannot find is reported before any request for objects is sent;
# a missing object is the server's 404 NotFound.
#
# ## Summary
#
# - `kubectl <command> [<type> [<name>]] [flags]`; `kubectl options` lists the global flags.
# - Resource words are resolved through the server's discovery (`GET /api`, `GET /apis`, cached):
#   plural, singular, kind or short name, optionally `.group` or `.version.group`.
#   `kubectl api-resources` shows that data.
# - Output: table (made by the server), `-o wide`, `yaml`, `json`, `jsonpath`, `custom-columns`,
#   `name`; `kubectl explain <kind>[.field...]` documents the schema.
# - kubectl is an HTTP client: `-v=6` shows each request's URL and status, `-v=7` headers, `-v=8`
#   bodies, `-v=9` a curl command.
# - kubeconfig: clusters, users, contexts and the current context; `--kubeconfig`, `KUBECONFIG`,
#   `$HOME/.kube/config`; `--context`, `-n`, `--server` and the credential flags override it.
# - Upstream: `staging/src/k8s.io/kubectl/` (pkg/cmd/, pkg/explain/), `staging/src/k8s.io/cli-runtime/`
#   (resource builder, printers), `client-go/tools/clientcmd` (kubeconfig), `client-go/rest`
#   (requests and their `-v` logging). In k8slab: `k8slab/kubectl/`.
#
# ## Exercises
#
# - **06-A**: turn a kubectl word into the URL kubectl requests, resolving names through discovery
#   (`exercises/06-A.py`).
# - **06-B**: work out which server and namespace a kubeconfig and flags select
#   (`exercises/06-B.py`).

# %%
from k8slab.exercises import check

check("06-A")

# %%
check("06-B")
