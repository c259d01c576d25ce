# %% [markdown]
# # Chapter 16: kubelet
#
# Everything in the earlier chapters ends as a record in etcd. The kubelet is where records turn
# into running processes. One kubelet runs on every node. It announces the node to the API server,
# keeps saying "I am still here", watches for pods bound to its node, and drives the container
# runtime until what runs matches what the pod spec asks for. Then it reports back what happened.
#
# The name echoes Borg's *Borglet*. Without the kubelet, the rest of Kubernetes would be a database
# with a scheduler attached.
#
# In this notebook you will see a node register and keep its heartbeat, follow a pod from
# `Scheduled` to `Started`, watch crash loops and failed pulls back off on the virtual clock, let
# probes decide about restarts and readiness, run a static pod, and finally stop a kubelet and see
# the control plane give up on its node.
#
# **Compat profile.** The cluster runs the `current` profile: a v1.32 kubelet talking CRI to
# containerd, heartbeating through a Lease every 10 s. The booklet's v1.11.3 kubelet used Docker
# (through the built-in dockershim), had no Lease (the heartbeat was a full Node status update every
# 10 s), and reported a fifth node condition, `OutOfDisk`, removed in v1.13. The last section shows
# the `book` profile side by side.

# %%
from k8slab import Cluster

c = Cluster(nodes=3, seed=0)        # virtual clock, seeded: the same run every time
print(c.kubectl("get nodes -o wide"))

# %% [markdown]
# ## Registration: the kubelet creates its own Node
#
# Nobody created these Node objects with kubectl. Each kubelet did, at start-up (`--register-node`,
# on by default), filling in what it found on its machine: addresses, capacity, OS and runtime
# versions. It also recorded a `Starting kubelet.` event, which upstream calls the kubelet's
# *birth cry*.

# %%
print(c.kubectl("describe node node1"))

# %% [markdown]
# Look at `Capacity` and `Allocatable`. Allocatable is what the scheduler may hand out: capacity
# minus what the kubelet holds back. Here nothing is reserved for system daemons, so the difference
# is the hard eviction threshold alone: `memory.available<100Mi` takes 100Mi of memory, and
# `nodefs.available<10%` a tenth of the disk. Exercise 16-A reproduces the booklet's numbers.
#
# ## Conditions and heartbeats
#
# The conditions are the kubelet's report on its own health. Each carries a `reason` and a
# `message` in the kubelet's words:

# %%
node = c.client.get("v1", "Node", "node1")
for cond in node["status"]["conditions"]:
    print(f"{cond['type']:15} {cond['status']:6} {cond['reason']:28} {cond['message']}")

# %% [markdown]
# How does the control plane know the kubelet is alive? Today, by a small **Lease** object in the
# `kube-node-lease` namespace that the kubelet renews every 10 s. Writing a Lease is much cheaper
# than rewriting the whole Node status (images, addresses, conditions) every 10 s, which is what the
# v1.11 kubelet had to do. The full status is now written only when something changes, or once
# every five minutes.

# %%
def renewed():
    return c.kubectl("get lease node1 -n kube-node-lease -o jsonpath={.spec.renewTime}")

print(c.kubectl("get leases -n kube-node-lease"))
print("renewTime now:       ", renewed())
c.advance(10)
print("renewTime 10 s later:", renewed())

# %% [markdown]
# ## A pod's life, event by event
#
# Create a pod and read its events. The scheduler writes the first one; the kubelet on the chosen
# node writes the rest, in the order it works: pull the image, create the container, start it.

# %%
print(c.kubectl("run web --image=nginx"))
c.settle()
print(c.kubectl("get pod web -o wide"))
print(c.kubectl("describe pod web").split("Events:")[1])

# %% [markdown]
# The simulated runtime takes a few virtual seconds to pull nginx (about 70 MB), which is why
# `Pulled` comes a little after `Pulling`. A second pod using the same image on the same node skips
# the download: the event then says `Container image "..." already present on machine`.
#
# ## Crash loops: CrashLoopBackOff
#
# A container whose program exits is restarted (the default `restartPolicy` is `Always`). But a
# kubelet that restarted a broken container as fast as it could would burn the node's CPU. So it
# backs off: the first restart is immediate, then it waits 10 s, 20 s, 40 s and so on, doubling up
# to five minutes. While it waits, the container's state is `Waiting` with reason
# `CrashLoopBackOff`.

# %%
c.apply("""
apiVersion: v1
kind: Pod
metadata: {name: crash}
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "echo starting; sleep 2; echo 'cannot reach the database' >&2; exit 3"]
""")
for _ in range(6):
    c.advance(30)
    print(c.kubectl("get pod crash --no-headers").strip())

# %% [markdown]
# The kubelet keeps one back-off per container (keyed by pod and container) in a small structure
# ported from client-go. This is all of it that decides the delay:

# %%
import inspect
from k8slab.kubelet.backoff import Backoff

print(inspect.getsource(Backoff.next))
print(inspect.getsource(Backoff._expired))

# %% [markdown]
# `_expired` is why a container that ran happily for a long time is restarted at once after its
# next crash: once more than twice the maximum (10 minutes) has passed since the last step, the
# back-off starts again from 10 s. The runtime's own records show the gaps between one run's exit
# and the next one's start:

# %%
from k8slab.kubelet import cri

runtime = c.kubelet(c.client.get("v1", "Pod", "crash", "default")["spec"]["nodeName"]).runtime
uid = c.client.get("v1", "Pod", "crash", "default")["metadata"]["uid"]
runs = sorted((runtime.container_status(x.id) for x in runtime.list_containers(
    cri.ContainerFilter(label_selector={cri.POD_UID_LABEL: uid}))), key=lambda s: s.created_at)
print("seconds between exit and restart:", [round(b.started_at - a.finished_at) for a, b in zip(runs, runs[1:])])

# %% [markdown]
# `kubectl logs` asks the API server, which asks the kubelet, which reads the runtime's log of the
# container. `--previous` reads the last run that ended, which is usually the one you want for a
# crash. In `describe`, `Last State` keeps the exit code.

# %%
print(c.kubectl("logs crash --previous"))
print(c.kubectl("describe pod crash").split("Containers:")[1].split("Conditions:")[0])

# %% [markdown]
# ## Image pulls that fail
#
# The image is the other common reason a pod never runs. The kubelet reports *why* in the
# container's waiting reason: `ErrImagePull` right after a failed attempt, `ImagePullBackOff`
# while it waits to try again (with the same 10 s doubling back-off), `InvalidImageName` when the
# reference cannot even be parsed. Three typical mistakes:

# %%
for name, image in [("tag-typo", "redis:5xx"), ("no-repo", "nosuchimage:1.0"), ("upper", "Redis:alpine")]:
    c.apply({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name},
             "spec": {"containers": [{"name": "app", "image": image}]}})
c.advance(5)
print(c.kubectl("get pods tag-typo no-repo upper"))
for name in ("tag-typo", "no-repo", "upper"):
    pod = c.client.get("v1", "Pod", name, "default")
    waiting = pod["status"]["containerStatuses"][0]["state"]["waiting"]
    print(f"{name}: {waiting['reason']}\n    {waiting.get('message', '')}")

# %% [markdown]
# The events of `tag-typo` show the cycle: a pull, a failure with the registry's answer, then
# back-off messages until the next try.

# %%
print(c.kubectl("describe pod tag-typo").split("Events:")[1])

# %% [markdown]
# ## Probes: alive, and ready
#
# Without probes the kubelet only knows whether the container's process is running. Probes let the
# application say more:
#
# - a **liveness** probe failing `failureThreshold` times in a row makes the kubelet kill the
#   container (it is then restarted like any crash);
# - a **readiness** probe decides whether the pod is `Ready`, which is what Services use to send
#   it traffic (chapter 17). A failing readiness probe never restarts anything.
#
# This container is healthy for 30 s, then deletes its health file and hangs.

# %%
c.apply("""
apiVersion: v1
kind: Pod
metadata: {name: probed}
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"]
    readinessProbe:
      exec: {command: ["cat", "/tmp/healthy"]}
      periodSeconds: 5
    livenessProbe:
      exec: {command: ["cat", "/tmp/healthy"]}
      initialDelaySeconds: 5
      periodSeconds: 5
      failureThreshold: 3
""")
for t in (10, 30, 10, 40):
    c.advance(t)
    print(c.kubectl("get pod probed --no-headers").strip())

# %%
print(c.kubectl("describe pod probed").split("Events:")[1])

# %% [markdown]
# The readiness probe took the pod out of service as soon as the file was gone (`0/1`); three
# liveness failures later the kubelet killed the container. `sh` ignores SIGTERM, so the kill waited
# out the 30 s grace period before SIGKILL (exit code 137), and the new container started healthy.
#
# ## exec: running a command in a container
#
# `kubectl exec` needs a streaming connection (SPDY or WebSocket) to the API server, which an
# in-process kubectl cannot open; run `k8slab up` for that. The same path the kubelet uses for exec
# probes, the runtime's ExecSync, is open to us directly:

# %%
node = c.client.get("v1", "Pod", "web", "default")["spec"]["nodeName"]
out, code = c.kubelet(node).exec("default", "web", "web", ["cat", "/etc/hostname"])
print(repr(out), "exit", code)
print(c.kubectl("logs web --tail=3"))

# %% [markdown]
# ## Static pods and mirror pods
#
# A kubelet can also run pods that no API server asked for: manifests in a directory on its
# machine (`staticPodPath`, `/etc/kubernetes/manifests` under kubeadm). That is how kubeadm starts
# the control plane itself (chapter 5): etcd and kube-apiserver are static pods, because there is
# no API server yet to create them through. So that `kubectl get pods` still shows them, the
# kubelet creates a read-only *mirror pod* for each, named `<pod>-<node>`.
#
# Add a fourth node whose kubelet reads a manifest directory:

# %%
import pathlib
import tempfile

from k8slab.kubelet import Kubelet

manifests = pathlib.Path(tempfile.mkdtemp())
(manifests / "agent.yaml").write_text("""
apiVersion: v1
kind: Pod
metadata: {name: agent, namespace: kube-system}
spec:
  containers: [{name: agent, image: nginx}]
""")
c.add_component(Kubelet("node4", static_pod_path=str(manifests)))
c.advance(5)
print(c.kubectl("get pods -n kube-system -o wide"))
mirror = c.client.get("v1", "Pod", "agent-node4", "kube-system")
for key, value in sorted(mirror["metadata"]["annotations"].items()):
    print(f"{key}: {value}")
print("owner:", mirror["metadata"]["ownerReferences"][0]["kind"], mirror["metadata"]["ownerReferences"][0]["name"])

# %% [markdown]
# The file is the source of truth. Delete the mirror pod and the kubelet simply creates it again;
# the container was never stopped. Removing the file is what stops the pod.

# %%
print(c.kubectl("delete pod agent-node4 -n kube-system"))
c.advance(1)
print(c.kubectl("get pods -n kube-system"))
(manifests / "agent.yaml").unlink()
c.advance(21)                       # the directory is read every fileCheckFrequency, 20 s
print(c.kubectl("get pods -n kube-system"))

# %% [markdown]
# ## When a kubelet stops
#
# Kill the kubelet of the node that runs `web`. Its containers keep running (the runtime does not
# need the kubelet), but nobody renews the Lease any more. The node lifecycle controller in
# kube-controller-manager waits 40 s (`--node-monitor-grace-period`), then marks every condition
# `Unknown` and taints the node `node.kubernetes.io/unreachable`. Pods on it are evicted 300 s
# later, and their ReplicaSet replaces them elsewhere.

# %%
print(c.kubectl("create deployment shop --image=nginx --replicas=3"))
c.settle()
print(c.kubectl("get pods -l app=shop -o wide"))
c.kubelet("node2").stop()
c.advance(60)
print(c.kubectl("get nodes"))
print(c.kubectl("describe node node2").split("Conditions:")[1].split("Addresses:")[0])
print(c.kubectl("get node node2 -o jsonpath={.spec.taints}"))

# %%
c.advance(300)
print(c.kubectl("get pods -l app=shop -o wide"))

# %% [markdown]
# The pod on node2 stays `Terminating`: deleting it needs the kubelet to confirm that its
# containers are gone, and that kubelet is not answering. Its replacement already runs on another
# node. Start the kubelet again and it catches up: it renews the Lease, reports Ready, and finishes
# the deletion.

# %%
c.kubelet("node2").start_again()
c.advance(10)
print(c.kubectl("get nodes"))
print(c.kubectl("get pods -l app=shop -o wide"))

# %% [markdown]
# ## The booklet's kubelet: the `book` profile
#
# With `profile="book"` the node's runtime is Docker (`docker://18.6.0`, as on the booklet's
# node01). k8slab does not go further: the kubelet version and the conditions stay v1.32's, so the
# booklet's fifth condition, `OutOfDisk` (`KubeletHasSufficientDisk`), does not appear, and the
# heartbeat is still a Lease. Those are the differences to keep in mind when reading the booklet.

# %%
old = Cluster(nodes=1, seed=0, profile="book")
print(old.kubectl("get nodes -o wide"))
for cond in old.client.get("v1", "Node", "node1")["status"]["conditions"]:
    print(f"{cond['type']:15} {cond['status']:6} {cond['reason']}")

# %% [markdown]
# ## Summary
#
# - The kubelet registers its Node (and records `Starting kubelet.`), computes allocatable (capacity minus reservations and hard
#   eviction thresholds) and reports conditions; it proves it is alive by renewing a Lease every
#   10 s (v1.11: a full Node status update every 10 s).
# - For each pod bound to its node it pulls images, creates and starts containers through the CRI,
#   and writes back status and events: Scheduled, Pulling, Pulled, Created, Started.
# - Failures back off: container restarts (CrashLoopBackOff) and image pulls (ImagePullBackOff)
#   wait 10 s, doubling to 5 min; the waiting reason says which.
# - Liveness probes restart containers; readiness probes only decide whether the pod is Ready.
# - Static pods come from files; their mirror pods make them visible, not controllable.
# - A silent kubelet makes its node `Unknown` after 40 s; its pods are evicted 300 s later.
# - Upstream: `pkg/kubelet/` (kubelet.go, nodestatus/, prober/, kuberuntime/, config/),
#   `pkg/controller/nodelifecycle/`. In k8slab: `k8slab/kubelet/` (map in `kubelet.py`).
#
# ## Exercises
#
# - **16-A**: compute allocatable from a hard eviction threshold and reproduce the booklet's
#   89032026784 (`exercises/16-A.py`).
# - **16-B**: add readiness and liveness probes that heal a pod (`exercises/16-B.py`).
#
# Edit the file, then run its check. Untouched, it says what is missing:

# %%
from k8slab.exercises import check

check("16-A")

# %%
check("16-B")
