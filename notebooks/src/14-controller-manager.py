# %% [markdown]
# # Chapter 14: kube-controller-manager
#
# The API server only stores what you asked for. Something has to notice the gap between what is
# asked for (three replicas) and what exists (two pods), and close it. That is a *controller*:
# a loop that watches objects, compares desired with actual state, and writes the difference
# back through the API server. kube-controller-manager is one process that runs dozens of them.
#
# In this notebook you follow one request down the chain of controllers (Deployment to
# ReplicaSet to Pods), break things on purpose to watch them heal, and replay a rolling update.
#
# **Compat profile.** The cluster runs the `current` profile (controllers as in Kubernetes v1.32).
# The booklet's v1.11 controller-manager served health and metrics on port 10252 without TLS;
# today it is 10257 over HTTPS. The control loops shown here work the same way in both.

# %%
from k8slab import Cluster
from k8slab.viz import DeploymentView

c = Cluster(nodes=3, seed=0)
cm = next(x for x in c.components if x.name == "kube-controller-manager")
print(len(cm.enabled), "controllers enabled, for example:", ", ".join(cm.enabled[:6]))

# %% [markdown]
# Which controllers run is decided by the `--controllers` flag: `*` means every controller that is
# on by default, `name` adds one, `-name` removes one. The booklet's kubeadm cluster passed
# `*,bootstrapsigner,tokencleaner`, turning on two that are off by default.

# %%
from k8slab.controllers.manager import ControllerManager

for flag in ["*", "*,bootstrapsigner,tokencleaner", "*,-deployment", "deployment,replicaset"]:
    enabled = ControllerManager(flag).enabled
    print(f"{flag:32} {len(enabled):3} controllers; deployment controller on: {'deployment-controller' in enabled}")

# %% [markdown]
# ## From a Deployment to Pods
#
# Create a Deployment, as the booklet does with Redis. The API server stores one object; two
# controllers do the rest. The deployment controller creates a ReplicaSet (named after a hash of the
# pod template), and the ReplicaSet controller creates the Pods.

# %%
print(c.kubectl("create deployment redis --image=redis:alpine --replicas=2"))
c.settle()
print(c.kubectl("get deployments,replicasets,pods"))

# %% [markdown]
# Every Pod points back at its ReplicaSet, and the ReplicaSet at its Deployment, through
# `metadata.ownerReferences`. That is how a controller recognises what it owns, and how the
# garbage collector deletes the children when the parent goes.

# %%
pod = c.client.list("v1", "Pod", "default")["items"][0]
rs = c.client.get("apps/v1", "ReplicaSet", pod["metadata"]["ownerReferences"][0]["name"], "default")
for obj in (pod, rs):
    ref = obj["metadata"]["ownerReferences"][0]
    print(f'{obj["kind"]}/{obj["metadata"]["name"]} is controlled by {ref["kind"]}/{ref["name"]}')

# %% [markdown]
# The controllers explain themselves in events: `ScalingReplicaSet` from the deployment controller,
# `SuccessfulCreate` from the ReplicaSet controller.

# %%
events = c.kubectl("get events --sort-by=.metadata.name").splitlines()
print("\n".join([events[0]] + [e for e in events if "ReplicaSet" in e or "SuccessfulCreate" in e]))

# %% [markdown]
# ## Self-healing
#
# Delete one of the pods. The ReplicaSet controller sees one pod fewer than it wants and creates a
# replacement, with a new name. Nobody asked it to: it only compared counts.

# %%
victim = pod["metadata"]["name"]
print(c.kubectl(f"delete pod {victim}"))
c.settle()
print(c.kubectl("get pods"))

# %% [markdown]
# Here is the part of the ReplicaSet controller that does it. `diff` is the number of pods it has
# minus the number it wants; below zero it creates, above zero it deletes.

# %%
import inspect
from k8slab.controllers.replicaset.replica_set import ReplicaSetController

print(inspect.getsource(ReplicaSetController.manage_replicas))

# %% [markdown]
# ## A rolling update, frame by frame
#
# Change the pod template (a new image) and the deployment controller creates a second ReplicaSet.
# It then scales the new one up and the old one down a step at a time, never going more than one pod
# over the desired count (maxSurge 25%, rounded up) nor below it by more than maxUnavailable
# (25%, rounded down: none here). `DeploymentView.follow` advances the virtual clock and records a
# frame whenever the tree changes; drag the slider (or press play) in JupyterLab to replay it.

# %%
view = DeploymentView(c, "default", "redis")
d = c.client.get("apps/v1", "Deployment", "redis", "default")
d["spec"]["template"]["spec"]["containers"][0]["image"] = "redis:7"
c.client.update(d)
view.follow(30, step=0.5, label="rolling update")
view

# %%
print(view.timeline())

# %% [markdown]
# Each line is one moment: `rev1:2/2` means ReplicaSet revision 1 has 2 ready pods of 2 wanted.
# The old ReplicaSet is kept at 0 replicas, so that a rollback only has to scale it up again.

# %% [markdown]
# ## Summary
#
# - A controller is a loop: watch, compare desired with actual, act through the API server.
#   kube-controller-manager runs many of them, chosen by `--controllers`.
# - Deployment -> ReplicaSet -> Pods is two controllers in a chain, tied by ownerReferences.
# - Deleting a pod is repaired by the ReplicaSet controller counting, not by any memory of the pod.
# - A rolling update is the deployment controller moving replicas from the old ReplicaSet to the
#   new one within maxSurge and maxUnavailable.
# - Upstream: `cmd/kube-controller-manager/app/`, `pkg/controller/deployment/`,
#   `pkg/controller/replicaset/`. In k8slab: `k8slab/controllers/`.
#
# ## Exercises
#
# - **14-A**: follow ownerReferences from a pod up to its Deployment (`exercises/14-A.py`).
# - **14-B**: the ReplicaSet controller's arithmetic: what to create, what to delete first
#   (`exercises/14-B.py`).

# %%
from k8slab.exercises import check

check("14-A")

# %%
check("14-B")
