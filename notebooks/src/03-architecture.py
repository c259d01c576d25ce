# %% [markdown]
# # Chapter 3: The big picture, Kubernetes' architecture
#
# Kubernetes is a client/server system. You run a client, usually `kubectl`; it talks to the
# cluster's server side, and the server side drives the machines that run your pods.
#
# The server side is split in two. The **control plane** (historically "the master", a role a
# machine plays, not a special kind of machine; production clusters run several for
# availability) receives requests, decides, and remembers:
#
# - **kube-apiserver** is the only door. It checks who is asking (usually by an x509 client
#   certificate), whether they may, and whether the request makes sense, then stores the result.
#   It tries to stay a plain REST server; the intelligence lives elsewhere.
# - **etcd** is the cluster's memory: a consistent key-value store that keeps every object and
#   lets components *watch* for changes. It is not optional and not replaceable by a plug-in.
# - **kube-controller-manager** runs the controllers, loops that compare what you asked for with
#   what exists and act on the difference. It is the busiest part of the cluster.
# - **kube-scheduler** watches for pods with no node and picks one, considering free resources,
#   affinity and other constraints; it records its choice through the *binding* API.
#
# Every **node** runs:
#
# - the **kubelet**, which watches for pods assigned to its node and makes them real. Without
#   it, Kubernetes would be a database with a REST API. It has the last word: the scheduler only
#   proposes a node, the kubelet can still refuse a pod;
# - a **container runtime** (Docker in the booklet, containerd today), which pulls images and
#   runs containers for the kubelet through the CRI;
# - **kube-proxy**, which programs each node (with iptables rules, chapter 17) so that a Service's
#   virtual address reaches the pods behind it.
#
# In this notebook you will list the components of an in-process cluster, create one pod and
# follow it step by step from the API request to a running container, and then let the cluster's
# own history tell the story as a sequence.
#
# **Compat profile.** `current` (Kubernetes v1.32). The booklet's v1.11 architecture is the same;
# what changed in between is inside the components (the Lease heartbeat, the scheduler framework,
# containerd instead of Docker), covered in chapters 12 to 18.

# %%
from k8slab.viz import architecture

architecture()

# %% [markdown]
# Notice the shape: every arrow points at the API server. Components never talk to each other
# directly; they read and write objects through the API and learn about changes by watching.
#
# ## The components of an in-process cluster
#
# `Cluster()` assembles the whole picture in one Python process:

# %%
from k8slab import Cluster

c = Cluster(nodes=3, seed=0)        # virtual clock, seeded: the same run every time
print("API server:", type(c.api).__module__ + "." + type(c.api).__name__)
print("etcd:      ", type(c.store).__module__ + "." + type(c.store).__name__,
      f"(revision {c.store.revision})")
for component in c.components:
    print(f"{component.name:24} {type(component).__module__}.{type(component).__name__}")

# %% [markdown]
# The controller-manager is one component but many controllers, each its own loop with its own
# work queue:

# %%
cm = next(x for x in c.components if x.name == "kube-controller-manager")
print(len(cm.controllers), "controllers:", ", ".join(sorted(cm.controllers)))

# %% [markdown]
# In a real cluster each of these runs as its own process with goroutines and blocks on network
# reads. Here there are no threads at all: the components share one virtual clock, and
# `Cluster.step()` gives each of them a turn: deliver the watch events that arrived, fire the
# timers that are due, let every component with work do it. That is the whole engine:

# %%
import inspect

print(inspect.getsource(Cluster.step))

# %% [markdown]
# Is there a kube-proxy? Not yet. k8slab has no `k8slab.proxy` package, so no component
# programs Service addresses on the nodes. Services are still stored and their endpoints are
# computed by a controller, but the last step of the picture, packets reaching pods, is missing
# until chapter 17's work arrives:

# %%
import importlib.util

print("kube-proxy in k8slab:", "yes" if importlib.util.find_spec("k8slab.proxy") else "not yet")

# %% [markdown]
# ## One pod, step by step
#
# Create a pod with kubectl and freeze the cluster right after the API server answered. We note
# etcd's revision first, so that we can replay the history later.

# %%
import json

since = c.store.revision + 1
print(c.kubectl("run web --image=nginx"))
KEY = "/registry/pods/default/web"

def in_etcd():
    kv = c.store.get(KEY)
    pod = json.loads(kv.value)
    ready = [x["type"] for x in pod["status"].get("conditions", []) if x["status"] == "True"]
    return (f"revision {kv.mod_revision}: node={pod['spec'].get('nodeName', '-')}, "
            f"phase={pod['status'].get('phase')}, true conditions={ready}")

print(in_etcd())

# %% [markdown]
# **1. API write, etcd key.** The API server has authenticated kubectl, authorized it, defaulted
# and validated the pod, and written it to etcd under `/registry/pods/<namespace>/<name>`. Nothing
# else has happened: no node, phase `Pending`. The key browser shows the stored object and the
# other keys of the cluster:

# %%
from k8slab.viz import KeyBrowser

browser = KeyBrowser(c.store)
browser.show(KEY)
browser

# %% [markdown]
# **2. Scheduler binding.** One step of the cluster delivers the watch event "pod added, no node"
# to the scheduler, which picks a node and posts a Binding. The API server writes `spec.nodeName`:

# %%
c.step()
print(in_etcd())

# %% [markdown]
# **3. Kubelet start.** The kubelet of that node was watching for pods bound to it. On the next
# step it sees the pod, creates the pod's sandbox (its network namespace and IP) through the CRI,
# and starts pulling the image. It reports what it is doing in the pod's status:

# %%
c.step()
print(in_etcd())
print(c.kubectl("get pod web -o wide"))

# %% [markdown]
# Pulling nginx takes a few seconds of (virtual) time. `settle()` lets time run until nothing is
# left to do:

# %%
c.settle()
print(in_etcd())
print(c.kubectl("get pod web -o wide"))

# %% [markdown]
# **4. Service and kube-proxy.** Here a real cluster would go one step further if the pod were
# behind a Service: the endpoints controller adds the pod's IP to the Service's endpoints, and
# kube-proxy on every node rewrites its iptables rules. k8slab does the first half only:

# %%
print(c.kubectl("expose pod web --port=80"))
c.settle()
print(c.kubectl("get endpoints web"))

# %% [markdown]
# ## The story, told by the cluster itself
#
# etcd numbers every write with a revision, and a watch started at an old revision replays the
# writes in order. `PodSequence` does that from the revision we noted, keeping the writes of the
# pod's key and the Events about the pod. For a write, *who* is read from the pod's
# `managedFields` (the entry that changed); for an Event, from the Event's `source`:

# %%
from k8slab.viz.sequence import PodSequence

story = PodSequence(c.store, "default", "web", since=since)
story

# %% [markdown]
# Read it top to bottom: kubectl created the pod; a Binding set `spec.nodeName` (the scheduler's
# `Scheduled` Event right after it says who posted it: k8slab's in-process components send no
# User-Agent, from which a real API server would name the manager `kube-scheduler`); the kubelet
# on node2 pulled the image, created and started the container, and wrote the status twice.
#
# Here are the components that took part, lit on the architecture diagram:

# %%
story.lit_architecture()

# %% [markdown]
# The same flow for a Deployment adds two controllers in front of the scheduler (Deployment to
# ReplicaSet to Pods). Chapter 12 walks through this diagram inside the API server:

# %%
from k8slab.viz import request_flow

request_flow()

# %% [markdown]
# ## Summary
#
# - kubectl talks to kube-apiserver; the API server is the only component that reads and writes
#   etcd, and every other component works by watching the API and writing back to it.
# - The control plane: kube-apiserver (the door), etcd (the memory, with watch), the
#   controller-manager (many reconcile loops) and the scheduler (binds pods to nodes).
# - On each node: the kubelet (makes bound pods real, has the final say), the container runtime
#   (behind the CRI) and kube-proxy (Service rules; not yet in k8slab).
# - A pod's life in etcd: created by the client, `spec.nodeName` set through the binding API,
#   status written by the kubelet; the revisions give the exact order.
# - In k8slab: `k8slab/cluster.py` (assembly and the step loop), `k8slab/apiserver/`,
#   `k8slab/storage/`, `k8slab/controllers/`, `k8slab/scheduler/`, `k8slab/kubelet/`.
#
# ## Exercises
#
# - **03-A**: write `storage_key(resource, namespace, name)`, the etcd key of an object, old names
#   included (`exercises/03-A.py`).
# - **03-B**: be the scheduler: write `binding_for(pod, node_name)` and place pods on a cluster
#   that has no scheduler (`exercises/03-B.py`).
#
# Edit the file, then run its check. Untouched, it says what is missing:

# %%
from k8slab.exercises import check

check("03-A")

# %%
check("03-B")
