# %% [markdown]
# # Chapter 2: First look at the basic concepts
#
# Picture a one-person team. Xiao Zhang has written a small web page and been given one server to
# run it on. Without noticing, he has just met the first Kubernetes concept: that server is a
# **Node**, a machine (physical or virtual) that can run work.
#
# Before Kubernetes can put anything on a Node, it needs to know the machine: how to reach it,
# what it runs, how big it is, and whether it is healthy. A Node's status has four parts that
# answer exactly those questions:
#
# | part | question | where the facts come from on Linux |
# |---|---|---|
# | addresses | how do I reach it? | `hostname` (or the kubelet's `--hostname-override`), the network interfaces |
# | info | what does it run? | `/etc/os-release`, `uname -r`, the container runtime |
# | capacity | how big is it? | `/proc/cpuinfo` (CPUs), `/proc/meminfo` (memory), the root filesystem |
# | conditions | is it healthy? | the kubelet's own checks; `Ready=True` when all is well |
#
# Then come the words for the work itself: a **Deployment** says what you want running (say, three
# copies of nginx serving `index.html`); a **Pod** is the smallest unit Kubernetes schedules (here:
# one nginx container, plus whatever it needs next to it); a **container runtime** (Docker in the
# booklet's story, containerd today) actually runs the containers.
#
# In this notebook you will build a Node object from the machine running this notebook, watch a
# node's conditions change, and compare a Deployment's desired state with what actually runs.
#
# **Compat profile.** `current` (Kubernetes v1.32). The booklet's v1.11 Node looked the same
# except for one more condition, `OutOfDisk`, removed in v1.13, and a heartbeat that was a full
# status update every 10 s instead of today's small Lease (chapter 16).

# %% [markdown]
# ## A Node from the machine you are sitting at
#
# `k8slab.kubelet.host_info` reads what a kubelet would read on this machine. The values depend on
# your computer, so this cell's output differs from one machine to the next (it is marked so that
# the notebook tests do not compare it):

# %%
# NBVAL_IGNORE_OUTPUT
from k8slab.kubelet.host_info import node_from_host, read_host

facts = read_host()
facts

# %% [markdown]
# The kubelet turns those facts into the Node it registers. Its name is the hostname, lower-cased;
# the kubelet's `--hostname-override` flag replaces it, which is handy when machine names are
# meaningless (cloud VMs) or clash. We override it here, so the name at least is the same for
# everyone:

# %%
# NBVAL_IGNORE_OUTPUT
from k8slab.viz.nodecard import NodeCard

mine = node_from_host(facts, hostname_override="XiaoZhang-Server ")
NodeCard(mine)

# %% [markdown]
# Whatever your machine, the object has the same shape:

# %%
print("name:        ", mine["metadata"]["name"])
print("status parts:", sorted(mine["status"]))
print("address types:", [a["type"] for a in mine["status"]["addresses"]])
print("capacity:    ", sorted(mine["status"]["capacity"]))
print("cpu is a whole number:", mine["status"]["capacity"]["cpu"].isdigit())
print("memory in Ki:", mine["status"]["capacity"]["memory"].endswith("Ki"))

# %% [markdown]
# Where does each capacity number come from? The memory is `MemTotal` from `/proc/meminfo`
# (which says `kB` but means KiB), the CPUs are the `processor` lines of `/proc/cpuinfo`.
# Allocatable is capacity minus what the kubelet keeps back: by default a hard eviction threshold
# of 100Mi of memory and 10% of the disk (chapter 16 explains why). Exercise 02-B has you compute
# capacity from the two `/proc` files yourself. Here is how k8slab parses them:

# %%
import inspect

from k8slab.kubelet import host_info

print(inspect.getsource(host_info.parse_meminfo))
print(inspect.getsource(host_info.count_cpus))
print(inspect.getsource(host_info.node_hostname))

# %% [markdown]
# ## A Node object is only a record
#
# Let's hand our Node to a cluster. The API server accepts it: a Node is just an object in the
# API. But there is no kubelet on `xiaozhang-server` to report conditions, so no condition says it
# is Ready. kubectl prints `Unknown` for a Node without a Ready condition. After the node startup
# grace period (60 s), the node lifecycle controller in kube-controller-manager writes the
# conditions itself, all `Unknown`, and kubectl prints `NotReady`:

# %%
from k8slab import Cluster

c = Cluster(nodes=2, seed=0)        # virtual clock, seeded: the same run every time
c.client.create(mine)
print(c.kubectl("get nodes"))
c.advance(70)
print(c.kubectl("get nodes"))
for cond in c.client.get("v1", "Node", "xiaozhang-server")["status"]["conditions"]:
    print(f"{cond['type']:15} {cond['status']:8} {cond['reason']:24} {cond['message']}")

# %% [markdown]
# The two real nodes have kubelets. Their status cards, with the conditions as lights, look
# like this:

# %%
card = NodeCard(c, "node2")
card

# %% [markdown]
# ## Flip a condition, watch Ready change
#
# The kubelet sets `Ready` from its own checks. One of them asks the container runtime whether the
# pod network is ready (the CNI of chapter 1). Let's make that check fail on node2, as a broken
# network plug-in would, and give the kubelet one status period (10 s) to notice:

# %%
c.kubelet("node2").network_ready = False
c.advance(10)
card.refresh()
print(card)
ready = next(x for x in c.client.get("v1", "Node", "node2")["status"]["conditions"] if x["type"] == "Ready")
print("\nmessage:", ready["message"])
print(c.kubectl("get nodes node2"))

# %% [markdown]
# The kubelet is alive and says so: `Ready=False` with its reason. A different failure is a
# kubelet that says nothing at all. Repair the network, then stop node2's kubelet entirely. Nobody
# renews node2's heartbeat any more, and after the grace period (40 s) the node lifecycle
# controller sets every condition to `Unknown`:

# %%
c.kubelet("node2").network_ready = True
c.advance(10)
c.kubelet("node2").stop()
for seconds in (20, 40, 60):
    c.advance(20)
    card.refresh()
    lights = [line.split()[:3] for line in str(card).splitlines() if line.startswith("    [")]
    print(f"{seconds} s after the stop:", " ".join(f"{t}={s}{l}" for l, t, s in lights))
print(c.kubectl("get nodes"))

# %% [markdown]
# `[ok]` is what a healthy node reports, `[!!]` the opposite, `[??]` means nobody knows. Start the
# kubelet again and it reports `Ready` on its next update:

# %%
c.kubelet("node2").start_again()
c.advance(10)
print(c.kubectl("get nodes node2"))

# %% [markdown]
# ## Desired state against actual state
#
# Xiao Zhang's site gets popular and he wants three copies of nginx. In Kubernetes he does not
# start three containers; he **declares** that three should exist, in a Deployment, and the
# controllers make it so. The Deployment's `spec.replicas` is the desired state; its `status`
# counts what actually exists. Right after the request, nothing has happened yet:

# %%
from k8slab.viz.replicas import ReplicasBar

print(c.kubectl("create deployment nginx --image=nginx --replicas=3"))
bar = ReplicasBar(c, "default", "nginx")
bar

# %% [markdown]
# Now let the cluster work, one virtual second at a time, and record the counts whenever they
# change. The controllers create the pods, the scheduler places them, the kubelets pull the image
# (a few seconds) and start the containers:

# %%
bar.record("requested")
last = dict(bar.state)
for _ in range(6):
    c.advance(1)
    bar.refresh()
    if bar.state != last:
        bar.record()
        last = dict(bar.state)
print("\n".join(bar.history))
bar

# %% [markdown]
# Actual now equals desired. The point of declaring the state, rather than running three
# commands, is that the controllers keep comparing the two *forever*. Delete one of the pods, as a
# crash or a lost machine would, and they put it back:

# %%
victim = c.client.list("v1", "Pod", "default", labelSelector="app=nginx")["items"][0]["metadata"]["name"]
print(c.kubectl(f"delete pod {victim} --wait=false"))
c.settle(wait_for_starts=False)       # let the controllers react, but not the image pull finish
print(bar.record("a pod was deleted"))
c.settle()
print(bar.record("settled"))
print(c.kubectl("get pods -l app=nginx -o wide"))

# %% [markdown]
# Chapter 14 opens the controllers up to show how this comparison is written.
#
# ## Summary
#
# - A Node is a machine that runs pods. Its status has four parts: addresses (hostname, overridable
#   with `--hostname-override`), info (OS, kernel, runtime), capacity (CPUs and memory from
#   `/proc`, minus reservations gives allocatable) and conditions.
# - The kubelet writes a Node's status. `Ready=False` means the kubelet reports a problem;
#   `Unknown` means the kubelet stopped reporting and the node lifecycle controller gave up on it
#   (kubectl shows `NotReady` for both).
# - A Deployment declares the desired state (3 replicas); its status counts the actual state, and
#   controllers close the gap, again and again.
# - Pods are the unit Kubernetes schedules; the container runtime runs their containers.
# - In k8slab: `k8slab/kubelet/host_info.py` (this machine as a Node), `k8slab/kubelet/node_status.py`
#   (what a kubelet reports), `k8slab/controllers/nodelifecycle/` (Unknown after the grace period).
#
# ## Exercises
#
# - **02-A**: write `node_status_column(node)`, the STATUS column of `kubectl get nodes`
#   (`exercises/02-A.py`).
# - **02-B**: write `capacity_from_proc(cpuinfo, meminfo)`, a Node's capacity from `/proc`
#   (`exercises/02-B.py`).
#
# Edit the file, then run its check. Untouched, it says what is missing:

# %%
from k8slab.exercises import check

check("02-A")

# %%
check("02-B")
