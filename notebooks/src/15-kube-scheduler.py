# %% [markdown]
# # Chapter 15: kube-scheduler
#
# A new Pod arrives with an empty `spec.nodeName`. Nothing runs it until some component picks a
# node and writes that choice back through the API server as a *Binding*. That component is
# kube-scheduler. It never starts containers and never talks to a kubelet: it watches Pods and
# Nodes, decides, and binds.
#
# In this notebook you will watch the scheduler decide, one pod at a time: which nodes it threw
# out and why, how it scored the rest, how it breaks a tie, and what it says when nothing fits.
#
# **Compat profile.** The cluster below runs the `current` profile: the scheduling framework of
# Kubernetes v1.32 (Filter and Score *plugins*). The booklet describes v1.11, where the same
# checks were called *predicates* and *priorities* and ties were broken round-robin. The last
# section runs the `book` profile, which prints the v1.11 names; exercise 15-B rebuilds v1.11's
# tie-break.

# %%
from k8slab import Cluster
from k8slab.viz import NodesView, SchedulingView

c = Cluster(nodes=3, seed=0)        # virtual clock, seeded: the same run every time
c

# %%
print(c.kubectl("get nodes"))

# %% [markdown]
# ## Three nodes that are not alike
#
# Identical nodes make a dull lesson. Give node3 a label (say it has SSDs) and put a taint on node2,
# so that only pods which tolerate `dedicated=batch` may land there.

# %%
print(c.kubectl("label node node3 disktype=ssd"))
node2 = c.client.get("v1", "Node", "node2")
node2["spec"]["taints"] = [{"key": "dedicated", "value": "batch", "effect": "NoSchedule"}]
c.client.update(node2)
c.settle()
print(c.kubectl("get nodes -L disktype"))

# %% [markdown]
# ## Phase one: filtering
#
# Ask for a pod that wants an SSD. The scheduler runs every Filter plugin against every node; a
# node stays in the race only if all of them say yes. The view below is the scheduler's own record
# of that attempt (`k8slab/scheduler/traces.py`): one row per node, one column per plugin.
# In JupyterLab it is a widget; the text under it is the same table.

# %%
c.apply("""
apiVersion: v1
kind: Pod
metadata: {name: fast}
spec:
  nodeSelector: {disktype: ssd}
  containers: [{name: app, image: nginx}]
""")
SchedulingView(c, "default", "fast")

# %% [markdown]
# Read it row by row: node1 passes the taint check but has no `disktype=ssd` label, so
# NodeAffinity rejects it (a `nodeSelector` is checked by that plugin). node2 fails earlier, on
# its taint, and the plugins after the first failure do not even run (`-`). Only node3 is left,
# so the scheduler skips scoring entirely: with one candidate there is nothing to compare.

# %% [markdown]
# ## Phase two: scoring
#
# A Deployment with no constraints leaves two feasible nodes (node2 is still tainted). Now every
# Score plugin rates each node from 0 to 100, the scheduler multiplies by the plugin's weight and
# adds up. The highest total wins.

# %%
print(c.kubectl("create deployment web --image=nginx --replicas=3"))
c.settle()
print(c.kubectl("get pods -o wide"))

# %%
pods = sorted(p["metadata"]["name"] for p in c.client.list("v1", "Pod", "default")["items"]
              if p["metadata"]["name"].startswith("web-"))
view = SchedulingView(c, "default", pods[-1])
view

# %% [markdown]
# NodeResourcesFit scores how much room a node would have left (the LeastAllocated strategy), so an
# emptier node scores higher; that is what spreads the three replicas. PodTopologySpread prefers
# nodes with fewer pods of the same Deployment. This is the function behind the resource score,
# straight from k8slab's plugin (it follows upstream's `least_allocated.go`):

# %%
import inspect
from k8slab.scheduler.plugins import noderesources

print(inspect.getsource(noderesources.least_requested_score))

# %% [markdown]
# And the filter that produced "Insufficient cpu" style verdicts: the pod's requests plus what is
# already on the node must fit in the node's allocatable.

# %%
print(inspect.getsource(noderesources.fits_request))

# %% [markdown]
# How full are the nodes now? Requests, not actual usage, are what the scheduler counts. These nginx
# pods request nothing, so they add 0 here; for *scoring* only, NodeResourcesFit pretends such a
# container asks for 100m CPU and 200Mi memory (hence 94, not 100, in the table above).

# %%
NodesView(c)

# %% [markdown]
# ## When nothing fits: FailedScheduling
#
# Each node has 2 CPUs. Ask for 3. Every node fails some filter, the pod stays Pending, and the
# scheduler records a `FailedScheduling` event whose message counts the reasons across nodes.

# %%
c.apply("""
apiVersion: v1
kind: Pod
metadata: {name: big}
spec:
  containers:
  - name: app
    image: nginx
    resources: {requests: {cpu: "3"}}
""")
print(c.kubectl("get pod big"))
print(c.kubectl("describe pod big").split("Events:")[1])

# %% [markdown]
# The message reads "0/3 nodes are available: 1 node(s) had untolerated taint..., 2 Insufficient
# cpu." The second sentence is preemption's verdict: evicting lower-priority pods would not help.
# The trace shows the same thing per node:

# %%
print(SchedulingView(c, "default", "big").text())

# %% [markdown]
# The scheduler does not give up. The pod waits in the *unschedulable* queue until something
# changes in the cluster that could make it fit. Deleting a pod frees resources, which sends it
# back for another attempt; the view's dropdown now lists both attempts.

# %%
print(c.kubectl(f"delete pod {pods[0]}"))
c.advance(10)                       # the retry waits out a short back-off first
big = SchedulingView(c, "default", "big")
[label for label, _ in big.dropdown.options]

# %% [markdown]
# ## Ties
#
# When several nodes share the top total, the scheduler must choose one. v1.11 kept a counter,
# `lastNodeIndex`, and took the tied nodes in turn (round robin). Today's scheduler picks one at
# random with reservoir sampling; k8slab seeds that randomness, which is why this notebook gives
# the same answer on every run. The trace says which rule decided:

# %%
print(view.attempt.why)

# %% [markdown]
# ## The booklet's names: the `book` profile
#
# With `profile="book"` the same plugins are shown under their v1.11 names: PodFitsResources,
# PodToleratesNodeTaints, LeastRequestedPriority and so on, and ties are broken round robin.

# %%
old = Cluster(nodes=3, seed=0, profile="book")
old.kubectl("create deployment web --image=nginx --replicas=2")
old.settle()
first = sorted(p["metadata"]["name"] for p in old.client.list("v1", "Pod", "default")["items"])[0]
print(SchedulingView(old, "default", first).text())

# %% [markdown]
# ## Summary
#
# - The scheduler only writes one thing: a Binding that sets `spec.nodeName`. Kubelets do the rest.
# - Each attempt has two phases. Filters remove nodes that cannot run the pod (resources, taints,
#   node selectors and affinity, ports); scores rank the survivors, weighted and summed.
# - With a single feasible node, scoring is skipped. With ties, v1.11 rotated through the tied
#   nodes; today's scheduler samples one at random.
# - A pod no node accepts stays Pending with a `FailedScheduling` event that counts the reasons,
#   and is retried when the cluster changes.
# - Upstream: `pkg/scheduler/schedule_one.go` and `pkg/scheduler/framework/plugins/`
#   (v1.11: `pkg/scheduler/core/generic_scheduler.go`). In k8slab: `k8slab/scheduler/`.
#
# ## Exercises
#
# - **15-A**: pin a pod to one node with node affinity (`exercises/15-A.py`).
# - **15-B**: write v1.11's `selectHost`, best score first and ties in turn (`exercises/15-B.py`).
#
# Edit the file, then run its check. Untouched, it says what is missing:

# %%
from k8slab.exercises import check

check("15-A")

# %%
check("15-B")
