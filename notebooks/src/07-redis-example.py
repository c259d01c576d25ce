# %% [markdown]
# # Chapter 7: a first application, Redis
#
# Time to run something. The booklet's example is Redis, the in-memory key-value store: one
# command starts it, a few more let you look at what Kubernetes built for it, reach it, and scale it.
# Along the way you meet the objects every later chapter uses: **Pod**, **Deployment**,
# **ReplicaSet**, **Service**, and the glue between them, **labels and selectors**.
#
# One thing first: Kubernetes never runs a bare container. The smallest thing it runs is a Pod, one
# or more containers that share a network address and are scheduled together. Here each Pod holds one
# container, `redis:alpine` (the smallest Redis image).
#
# **Compat profile.** The booklet ran kubectl v1.11, where `kubectl run` created a *Deployment*. Since
# v1.18 `kubectl run` creates a single *Pod*, and Deployments are made with `kubectl create
# deployment` (or, better, from a manifest). This notebook runs the `book` profile, in which
# k8slab's kubectl behaves as v1.11's did, so the booklet's commands give the booklet's objects;
# near the end the `current` profile shows today's behaviour. Other v1.11 differences are pointed
# out where they show.

# %%
from k8slab import Cluster

c = Cluster(nodes=1, seed=0, profile="book")     # virtual clock, seeded: the same names every run
print(c.kubectl("run redis --image=redis:alpine"))
c.settle()                                       # let the controllers, scheduler and kubelet work
print(c.kubectl("get all"))

# %% [markdown]
# One command, three kinds of objects (plus the `kubernetes` Service that every cluster has; it is
# how pods reach the API server):
#
# - **deployment.apps/redis**: what you asked for, "keep a Redis pod running". A Deployment is the
#   high-level object: it knows how to scale, how to roll out a new version and how to roll back.
# - **replicaset.apps/redis-7c7545cbcb**: the Deployment does not create Pods itself. It creates a
#   ReplicaSet for the current pod template, and the ReplicaSet keeps the right number of Pods alive.
#   (A ReplicationController is the older version of the same idea; it differs mostly in its
#   selectors.)
# - **pod/redis-7c7545cbcb-vmst8**: the Pod, named after its ReplicaSet plus five random characters.
#
# `7c7545cbcb` is exactly the suffix in the booklet. That is no coincidence: it is computed from the
# pod template, which is the same here as on the booklet's cluster. More on it below.
#
# ## Labels
#
# How does the ReplicaSet know which Pods are its own? By **labels**, key/value pairs on every
# object, and **selectors** that pick objects by their labels. `kubectl run` labelled everything
# `run=redis`:

# %%
print(c.kubectl("get all --show-labels"))

# %% [markdown]
# `-o wide` adds the containers, images and the selector each controller uses:

# %%
print(c.kubectl("get deploy redis -o wide"))
print(c.kubectl("get rs -o wide"))

# %% [markdown]
# The ReplicaSet's selector has a second label, `pod-template-hash=3731017676`, which the Deployment
# controller adds to the ReplicaSet and to its Pods. Without it, two ReplicaSets of the same
# Deployment (the old and the new pod template, during a rolling update) would both select every
# `run=redis` Pod and fight over them. With it, each ReplicaSet only counts the Pods of its own
# template.
#
# ## From the template to `7c7545cbcb`
#
# The hash is FNV-32a over the pod template, printed the way Go's `spew` library prints the typed
# Go struct (field names, types, nil pointers, all of it). k8slab reproduces that printing for
# v1.11's struct layout. Here is the beginning of what gets hashed:

# %%
from k8slab.controllers.spew import spew_template

template = c.client.get("apps/v1", "Deployment", "redis", "default")["spec"]["template"]
printed = spew_template(template, "book")
print(len(printed), "characters, starting with:")
print(printed[:420], "...")

# %% [markdown]
# The hash of those bytes, and how the name suffix is made from it: the decimal number, as a
# string, goes through `SafeEncodeString`, which maps every character onto an alphabet without
# vowels, so that no accidental words appear in names (nor the digits 0, 1 and 3, which can stand
# in for o, l and e):

# %%
import inspect

from k8slab.api import names
from k8slab.controllers import hashing

print(inspect.getsource(hashing.fnv32a))
print(inspect.getsource(hashing.template_sum32))
print(inspect.getsource(names.safe_encode_string))
print("ALPHANUMS =", repr(names.ALPHANUMS))

# %%
decimal = str(hashing.template_sum32(template, None, "book"))
print(decimal, "->", names.safe_encode_string(decimal))

# %% [markdown]
# v1.11 put the decimal number in the `pod-template-hash` label and the encoded string in the name.
# Since v1.12 both use the encoded string (the label then reads `pod-template-hash=7c7545cbcb`).
#
# Each digit always becomes the same character, and the ten digits become ten different characters,
# so a suffix can be decoded back to its number. The widget below converts both ways; type in either
# box. Try the booklet's CoreDNS suffix `78fcdf6894` (exercise 07-A asks you to write the decoder).

# %%
from k8slab.viz.workloads import SuffixCodec

codec = SuffixCodec("3731017676")
codec

# %%
codec.set(suffix="78fcdf6894")          # what typing into the suffix box does
print(codec)

# %% [markdown]
# The five characters at the end of a Pod's name come from the same alphabet, but they are random:
# the ReplicaSet asks for `generateName: redis-7c7545cbcb-` and the API server appends them (here
# from the cluster's seeded generator, hence the same name every run).
#
# ## Selecting with `-l`
#
# `-l` (`--selector`) filters any list by labels. A selector that matches nothing prints the usual
# "no resources" line (v1.11 said just `No resources found.`):

# %%
print(c.kubectl("get deploy -l run=redis -o wide"))
print(c.kubectl("get deploy -l run=test -o wide"))
print(c.kubectl("get pods -l 'run=redis,pod-template-hash=3731017676'"))
print(c.kubectl("get pods -l 'run in (redis,nginx)' -o name"))
print(c.kubectl("get pods -l '!run'"))

# %% [markdown]
# Besides `key=value` there are `!=`, set-based `in (...)` and `notin (...)`, and plain `key` or
# `!key` for "has the label" or "does not". Exercise 07-B implements them.
#
# ## Services: a stable address for changing Pods
#
# Pods come and go; each new Pod gets a new IP. A **Service** gives a set of Pods one stable virtual
# IP and port, and load-balances over the Pods its selector matches. There are four types:
#
# - **ClusterIP** (the default): a virtual IP reachable inside the cluster only;
# - **NodePort**: additionally, one port opened on *every* node, from 30000-32767 by default
#   (kube-apiserver's `--service-node-port-range`);
# - **LoadBalancer**: additionally, an external load balancer from the cloud provider;
# - **ExternalName**: no proxying at all, just a DNS CNAME to a name outside the cluster.
#
# `kubectl expose` makes a Service from an existing object, copying its selector. `--port` is the
# Service's port, `--target-port` the container's, `--protocol` TCP (default), UDP or SCTP, and
# `--name` the Service's name, which becomes its DNS name (chapter 21).

# %%
print(c.kubectl("expose deploy/redis --port=6379 --protocol=TCP --target-port=6379 --name=redis-server"))
c.settle()                                       # the endpoints controller reacts to the new Service
print(c.kubectl("get svc -o wide"))
print(c.kubectl("get endpoints redis-server"))

# %% [markdown]
# The Service got a ClusterIP from the service range (10.96.0.0/12; the `kubernetes` Service always
# has its first address, 10.96.0.1). The **Endpoints** object, kept up to date by the endpoints
# controller, lists the IP and port of every ready Pod the selector matches: that is where traffic
# to 10.x.x.x:6379 is sent (chapter 17 shows how kube-proxy does it).
#
# ## Talking to Redis
#
# The booklet reaches Redis in two ways: `kubectl port-forward svc/redis-server 6379:6379`, which
# tunnels a local port through the API server and the kubelet into the Pod, then `redis-cli -h
# 127.0.0.1 -p 6379`; and `kubectl exec`, which runs a command inside the container. Both need
# a streaming connection to the API server, which the in-process kubectl cannot open:

# %%
pod = c.kubectl("get pods -o name").split("/")[1].strip()
print(c.kubectl(f"exec {pod} -- redis-cli ping"))
print(c.kubectl("port-forward svc/redis-server 6379:6379"))

# %% [markdown]
# (With `k8slab up` both work from a terminal with the real kubectl.) At the end of the tunnel,
# though, both reach the kubelet, which asks the container runtime. We can make those calls
# directly. `exec` is the runtime's ExecSync; redis-cli answers from the container's memory:

# %%
kubelet = c.kubelet("node1")
for command in (["redis-cli", "ping"], ["redis-cli", "set", "greeting", "hello"], ["redis-cli", "get", "greeting"]):
    out, code = kubelet.exec("default", pod, "redis", command)
    print("$", " ".join(command), "->", out.strip(), f"(exit {code})")

# %% [markdown]
# A port-forward is the runtime's PortForward: a byte stream to a port inside the Pod's network
# namespace. What flows through it is Redis's own protocol, RESP: `*1\r\n$4\r\nPING\r\n` is the
# one-element command PING, `+PONG\r\n` the reply, `$5\r\nhello\r\n` a five-byte string.

# %%
from k8slab.kubelet import cri

uid = c.client.get("v1", "Pod", pod, "default")["metadata"]["uid"]
sandbox = kubelet.runtime.list_pod_sandbox({cri.POD_UID_LABEL: uid})[0]
stream = kubelet.runtime.port_forward(sandbox.id, 6379)
received = []
stream.connect(received.append, lambda: received.append(b"(closed)"))
for request in (b"*1\r\n$4\r\nPING\r\n", b"GET greeting\r\n"):
    stream.send(request)
    print(repr(request), "->", repr(received[-1]))

# %% [markdown]
# The key written through `exec` is read back through the tunnel: both reached the same Redis. A port
# nobody listens on is refused, in containerd's words:

# %%
try:
    kubelet.runtime.port_forward(sandbox.id, 80)
except cri.CRIError as e:
    print(str(e)[:150], "...")

# %% [markdown]
# ## NodePort
#
# To reach Redis from outside the cluster without a tunnel, expose it again with `--type=NodePort`.
# The API server picks a free port from 30000-32767:

# %%
print(c.kubectl("expose deploy/redis --port=6379 --protocol=TCP --target-port=6379 "
                "--name=redis-server-nodeport --type=NodePort"))
print(c.kubectl("get service/redis-server-nodeport -o wide"))

# %% [markdown]
# `6379:3xxxx/TCP` reads "Service port 6379, node port 3xxxx". You may also choose the port, in a
# manifest's `nodePort` field, but only inside the range. Outside it, the API server refuses with
# the same message as upstream:

# %%
manifest = """
apiVersion: v1
kind: Service
metadata: {name: redis-fixed}
spec:
  type: NodePort
  selector: {run: redis}
  ports: [{port: 6379, nodePort: %d}]
"""
print(c.kubectl("create -f -", stdin=manifest % 40000))
print(c.kubectl("create -f -", stdin=manifest % 30080))
print(c.kubectl("create -f -", stdin=manifest.replace("redis-fixed", "redis-fixed-2") % 30080))

# %% [markdown]
# The allocator keeps a bitmap of the whole range, stored in etcd as a `RangeAllocation` object
# (`/registry/ranges/servicenodeports`). Ports asked for explicitly, like 30080, come from the lower
# part of the range, which random allocation avoids as long as it can, so that explicit requests
# rarely collide with random ones:

# %%
from k8slab.viz.workloads import NodePortMap

NodePortMap(c)

# %% [markdown]
# ## Who owns whom
#
# Everything created so far, with its ties: `ownerReferences` (Deployment owns ReplicaSet owns Pods;
# deleting the owner deletes what it owns, chapter 14) and Service selectors (a Service owns nothing,
# it *selects*):

# %%
from k8slab.viz.workloads import ownership

ownership(c)

# %% [markdown]
# ## Scaling
#
# `kubectl scale` changes the Deployment's `replicas`; the Deployment passes the number to its
# ReplicaSet, which creates the missing Pod; the Service's Endpoints pick it up once it is ready.
# (kubectl v1.11 printed `deployment.extensions/redis scaled`: it scaled through the old
# `extensions` group.) A minute after the first Pod started:

# %%
c.advance(60)
print(c.kubectl("scale deploy/redis --replicas=2"))
c.settle()
print(c.kubectl("get pods -o wide"))
print(c.kubectl("get endpoints redis-server"))

# %% [markdown]
# Two Redis pods behind one Service are *not* a replicated Redis: each is an independent server with
# its own memory, so a key written through one is missing on the other. Real Redis replication needs
# its own configuration (or an operator); `kubectl scale` only multiplies the process. Check (an
# empty answer is redis-cli's way of saying "no such key" when its output is not a terminal):

# %%
pods = c.kubectl("get pods -o name").split()
for p in pods:
    name = p.split("/")[1]
    out, _ = kubelet.exec("default", name, "redis", ["redis-cli", "get", "greeting"])
    print(name, "greeting =", repr(out.strip()))

# %% [markdown]
# Scale back to one. The ReplicaSet chooses which Pod to delete by a ranking (not yet scheduled
# before scheduled, not ready before ready, then the one that became ready most recently, ...): the
# new one goes, the one holding `greeting` stays. Redis stops at once on SIGTERM, so the Pod is gone
# without waiting out its 30 s grace period:

# %%
print(c.kubectl("scale deploy/redis --replicas=1"))
c.settle()
print(c.kubectl("get pods"))
print(ownership(c))

# %% [markdown]
# ## Today: `kubectl run` makes a Pod
#
# The same commands on the `current` profile. `kubectl run` now creates one bare Pod, labelled
# `run=redis`, with no controller behind it: if it dies, nothing replaces it. For the booklet's
# result use `kubectl create deployment`, whose label is `app=redis` and whose `pod-template-hash`
# label holds the encoded string:

# %%
today = Cluster(nodes=1, seed=0)
print(today.kubectl("run redis --image=redis:alpine"))
print(today.kubectl("create deployment redis --image=redis:alpine"))
today.settle()
print(today.kubectl("get all --show-labels"))

# %% [markdown]
# ## Summary
#
# - Kubernetes runs Pods, not containers. A Deployment manages ReplicaSets (one per pod template),
#   a ReplicaSet keeps a number of Pods; `kubectl get all` shows the chain.
# - Labels tie them together; `-l` selects with `=`, `!=`, `in`, `notin`, `key`, `!key`.
# - `pod-template-hash` keeps ReplicaSets of one Deployment apart: FNV-32a of the spewed template,
#   safe-encoded into the name (v1.11's label held the decimal number).
# - A Service gives selected Pods one stable address: ClusterIP (default), NodePort (30000-32767),
#   LoadBalancer, ExternalName; Endpoints list the Pods behind it.
# - `exec` and `port-forward` go API server -> kubelet -> runtime (ExecSync, PortForward).
# - `kubectl scale` changes `replicas`; it does not make a stateful program replicated.
# - v1.11's `kubectl run` made a Deployment (`run=<name>`); today it makes a Pod.
# - Upstream: `pkg/controller/deployment/` (sync.go, util), `pkg/controller/controller_utils.go`
#   (ComputeHash), `apimachinery/pkg/util/rand` (SafeEncodeString), `pkg/registry/core/service/`
#   (portallocator, ipallocator), `kubectl/pkg/cmd/{run,expose,scale}`. In k8slab:
#   `k8slab/controllers/hashing.py`, `k8slab/controllers/spew.py`, `k8slab/apiserver/allocators.py`,
#   `k8slab/kubectl/commands/`.
#
# ## Exercises
#
# - **07-A**: decode a ReplicaSet's name suffix back to its decimal pod-template-hash
#   (`exercises/07-A.py`).
# - **07-B**: implement label selectors and check them against `kubectl get -l` (`exercises/07-B.py`).

# %%
from k8slab.exercises import check

check("07-A")

# %%
check("07-B")
