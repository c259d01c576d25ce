# %% [markdown]
# # Chapter 1: What Kubernetes is, and why we need it
#
# Suppose your application runs fine on your laptop and breaks on the server, because the server
# has another version of Node.js, a missing native library, or a setting nobody wrote down. Every
# new machine repeats the same installation by hand, and every repetition is a chance to get it
# slightly wrong. Containers answer the first half of that problem: a Dockerfile describes the
# environment once, and the image built from it runs the same everywhere.
#
# The second half is what this lab is about. Once you have images, *someone* has to decide which
# machine runs which container, restart it when it dies, start three more when traffic grows, and
# send requests only to the copies that are healthy. Doing that by hand on ten machines is already
# a job; on a thousand it is impossible. A **container orchestrator** does it for you.
#
# **Kubernetes** is such an orchestrator. Google open-sourced it in 2014, building on a decade of
# running its own cluster manager, Borg, and it has since become the common ground of the industry.
# A few things are worth knowing before we look inside:
#
# - It is **not a PaaS**. It works at the level of containers and gives you building blocks
#   (deploying, scaling, load balancing, health checks) rather than one finished platform.
#   Logging, monitoring and dashboards exist, but as add-ons you choose.
# - It runs the same way on a laptop, in your data centre and on every public cloud, so the
#   platform you build on top of it travels with you.
# - It grows through **plug-in interfaces** instead of patches to its core: a container runtime
#   plugs in through the CRI, networking through the CNI, storage through the CSI.
#
# In this notebook you will compare Kubernetes with two other orchestrators, find out which
# responsibilities k8slab's core takes on and which are left to plug-ins, and look at the three
# sockets, including the ones k8slab has not filled yet.
#
# **Compat profile.** Everything here runs the `current` profile (Kubernetes v1.32, containerd
# behind the CRI). The booklet was written for v1.11.3, when Docker was the usual runtime and the
# kubelet reached it through a shim built into the kubelet itself ("dockershim", removed in
# v1.24). The last code cell shows the `book` profile's Docker next to today's containerd.

# %% [markdown]
# ## Three orchestrators
#
# Around 2018, when the booklet was written, three projects competed:
#
# | | Kubernetes | Apache Mesos (+ Marathon) | Docker Swarm |
# |---|---|---|---|
# | origin | Google, 2014; now the CNCF | UC Berkeley, 2009; Twitter, Airbnb | Docker Inc., 2014 |
# | idea | declare the desired state; controllers converge to it | share a data centre's CPU and memory among *frameworks* | Docker's own API, spread over several hosts |
# | runs | containers grouped in pods | whatever a framework starts: Marathon for services, Spark or Hadoop for batch; Docker or Mesos containers | Docker containers |
# | strength | rich API, extensible, huge ecosystem | very large, mixed workloads | simplest to start with |
# | weakness | many moving parts to learn | you assemble the platform yourself | weaker at large scale, fewer features |
#
# Kubernetes won mostly through its API: every object is a record you declare, every component
# watches those records, and anything can be extended by adding new records and new watchers.
# That design is what the rest of this lab takes apart.
#
# ## A cluster in one Python process
#
# k8slab rebuilds the parts of Kubernetes the booklet teaches, in Python, on a virtual clock, so
# a whole cluster fits in a notebook and behaves the same on every run:

# %%
from k8slab import Cluster

c = Cluster(nodes=2, seed=0)        # virtual clock, seeded: the same run every time
print(c)
print(c.kubectl("get nodes -o wide"))

# %% [markdown]
# ## What is core, what is pluggable
#
# Which of the jobs an orchestrator promises does k8slab do in its core, and which would be an
# add-on? The table below is not typed by hand: it asks Python whether each module exists, so it
# stays honest as k8slab grows.

# %%
import importlib.util

def has(module):
    return importlib.util.find_spec(module) is not None

jobs = [  # (responsibility, core or add-on in Kubernetes, where k8slab does it)
    ("deploy: keep N copies running", "core", "k8slab.controllers.deployment"),
    ("scale: change N, replace lost pods", "core", "k8slab.controllers.replicaset"),
    ("schedule: pick a node per pod", "core", "k8slab.scheduler"),
    ("run containers on a node", "core + CRI plug-in", "k8slab.kubelet"),
    ("load-balance a Service to its pods", "core (kube-proxy)", "k8slab.proxy"),
    ("service discovery by name (DNS)", "add-on (CoreDNS)", "k8slab.dns"),
    ("container logs (kubectl logs)", "core", "k8slab.kubelet.logs"),
    ("metrics for monitoring", "core endpoints + add-on (Prometheus)", "k8slab.metrics"),
]
print(f"{'responsibility':38} {'in Kubernetes':38} {'k8slab module':30} present")
for job, kind, module in jobs:
    print(f"{job:38} {kind:38} {module:30} {'yes' if has(module) else 'not yet'}")

# %% [markdown]
# "Not yet" means exactly that: k8slab has no kube-proxy and no DNS server at this point, so a
# Service gets its endpoints (a controller computes them) but nothing programs the rules that
# would send traffic to them. Chapters 17 and 21 are about those parts.
#
# ## Three sockets: CRI, CNI, CSI
#
# The kubelet, the agent on every node, does not start containers itself. It asks a **container
# runtime** through the Container Runtime Interface, a fixed list of remote calls such as
# `RunPodSandbox`, `CreateContainer` and `PullImage`. Any runtime that answers those calls plugs
# in: containerd, CRI-O, and in the booklet's days Docker through the dockershim. Networking works
# the same way: a CNI plug-in (flannel, Calico, Cilium...) gives each pod an address and routes;
# and a CSI driver creates and mounts volumes. Here is what is plugged into each socket in k8slab:

# %%
from k8slab.viz.plugpoints import PLUGS, plug_points

plug_points()

# %%
for socket, (what, who, where, state) in PLUGS.items():
    print(f"{socket}  {state}\n     what: {what}\n     k8slab: {who}\n     code: {where or '-'}")

# %% [markdown]
# Only the CRI is a real socket in k8slab: the kubelet talks to the runtime only through the
# interface in `k8slab/kubelet/cri.py`, a Python translation of upstream's
# `staging/src/k8s.io/cri-api/pkg/apis/services.go`. Here is the runtime half of it. Each line is a
# promise the runtime makes; the kubelet needs nothing else from it:

# %%
import inspect

from k8slab.kubelet import cri

print(inspect.getsource(cri.RuntimeService))

# %% [markdown]
# Because the contract is all the kubelet knows, a simulated runtime (`SimRuntime`, whose
# containers are small programs on the virtual clock) can stand in for containerd, and a
# Docker-flavoured one for the booklet's Docker. Exercise 01-A asks you to check whether an object
# fulfils such a contract.
#
# Let's ask each node's runtime who it is, through the CRI's `Version` call, and compare it with
# what the kubelet reported in the Node object. Then the same for the `book` profile:

# %%
for node in ("node1", "node2"):
    v = c.kubelet(node).runtime.version()
    reported = c.client.get("v1", "Node", node)["status"]["nodeInfo"]["containerRuntimeVersion"]
    print(f"{node}: CRI says {v.runtime_name} {v.runtime_version} (API {v.runtime_api_version}); "
          f"Node reports {reported}")

book = Cluster(nodes=1, seed=0, profile="book")
v = book.kubelet("node1").runtime.version()
print(f"book profile node1: CRI says {v.runtime_name} {v.runtime_version}")

# %% [markdown]
# ## Summary
#
# - Containers make an application's environment reproducible; an orchestrator decides where they
#   run and keeps them running. Kubernetes does this by converging the cluster towards a desired
#   state that you declare.
# - Kubernetes is not a PaaS: it offers building blocks, and leaves logging, monitoring and more to
#   add-ons.
# - It is extended through interfaces, not by changing its core: CRI for runtimes, CNI for
#   networks, CSI for storage.
# - In k8slab the CRI is a real socket with a simulated runtime behind it; pod addresses come from
#   the runtime's built-in IP allocation (a stand-in for a CNI plug-in); there is no CSI, no
#   kube-proxy and no DNS yet.
# - Upstream: `staging/src/k8s.io/cri-api/pkg/apis/services.go`; in k8slab `k8slab/kubelet/cri.py`
#   and `k8slab/kubelet/runtimes/sim.py`.
#
# ## Exercises
#
# - **01-A**: write `missing_methods(candidate, interface)`, which tells whether an object plugs
#   into a CRI interface (`exercises/01-A.py`).
# - **01-B**: write `runtime_versions(cluster)`, which asks every node's runtime who it is
#   (`exercises/01-B.py`).
#
# Edit the file, then run its check. Untouched, it says what is missing:

# %%
from k8slab.exercises import check

check("01-A")

# %%
check("01-B")
