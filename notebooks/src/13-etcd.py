# %% [markdown]
# # Chapter 13: etcd
#
# Every object you create through the API server ends up as one key in etcd, a key-value store
# that keeps old versions of each key and can tell you about every change (a *watch*). The API
# server is etcd's only client; the other components see etcd's data only through the API.
#
# In this notebook you look at the keys the cluster writes, follow one key through its revisions,
# watch changes arrive, and see what compaction throws away.
#
# **Compat profile.** The cluster runs the `current` profile. k8slab's store implements etcd v3's
# model (one global revision counter, per-key versions, watches from a past revision, compaction),
# as the booklet's etcd 3.2 did. Two differences: values are stored as JSON (a real API server
# writes protobuf for built-in types, so `etcdctl get` shows binary there), and the store runs in
# this process without Raft; the booklet's remark on odd member counts is about Raft quorums.

# %%
import tempfile
from k8slab import Cluster
from k8slab.sim.clock import VirtualClock
from k8slab.storage import open_store
from k8slab.viz import KeyBrowser

data_dir = tempfile.mkdtemp(prefix="k8slab-etcd-")
clock = VirtualClock()
c = Cluster(nodes=3, seed=0, clock=clock, store=open_store(f"sqlite:{data_dir}", clock))
print("store revision:", c.store.revision)

# %% [markdown]
# The store is kept in a SQLite file in `data_dir`, so the `k8slab etcdctl` command (etcdctl v3's
# commands and output) can read it with `--data-dir`, just as the booklet ran etcdctl inside the
# etcd pod. Everything Kubernetes keeps lives under the `/registry` prefix:

# %%
import contextlib, io
from k8slab import etcdctl

def run_etcdctl(*args):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        etcdctl.main(["--data-dir", data_dir, *args], stdout=out)
    return out.getvalue()

keys = run_etcdctl("get", "/registry/namespaces", "--prefix", "--keys-only")
print(keys)

# %% [markdown]
# Note the blank line after each key: etcdctl prints the (empty) value line even with
# `--keys-only`, exactly as the booklet's listing shows. Creating a namespace adds one key:

# %%
print(c.kubectl("create namespace moelove"))
print(run_etcdctl("get", "/registry/namespaces/moelove", "--print-value-only"))

# %% [markdown]
# ## The key browser
#
# `KeyBrowser` shows the same store as a tree: pick a resource, a key, then a revision with the
# slider. Its text form below lists how many keys each resource has. It also keeps a live watch on
# `/registry/`, so every write the cluster makes from now on shows up in its feed.

# %%
browser = KeyBrowser(c.store)
print("\n".join(browser.text().splitlines()[:8]))

# %% [markdown]
# ## Revisions
#
# etcd numbers every change with one cluster-wide *revision*. Each key remembers the revision that
# created it, the revision of its last change, and how many times it changed (its *version*). The
# API server hands the mod revision out as `resourceVersion`:

# %%
print(c.kubectl("create configmap settings --from-literal=color=blue"))
cm = c.client.get("v1", "ConfigMap", "settings", "default")
kv = c.store.get("/registry/configmaps/default/settings")
print("resourceVersion:", cm["metadata"]["resourceVersion"])
print("create_revision:", kv.create_revision, " mod_revision:", kv.mod_revision, " version:", kv.version)

# %% [markdown]
# Change it twice. Each write gets a new revision; the old versions stay readable until compaction.

# %%
for color in ("green", "red"):
    cm = c.client.get("v1", "ConfigMap", "settings", "default")
    cm["data"]["color"] = color
    c.client.update(cm)
browser.show("/registry/configmaps/default/settings")
print(browser.revisions_text())

# %% [markdown]
# Drag the revision slider in JupyterLab, or set it from code, to read the key as it was:

# %%
first = browser.revision.options[0]
browser.revision.value = first
print(browser.selected()["value"]["data"])

# %% [markdown]
# ## Watch
#
# Components never poll: they keep a watch open and the store pushes each change. The browser's
# feed is such a watch, opened before the ConfigMap existed; it saw each of its writes, and now the delete:

# %%
print(c.kubectl("delete configmap settings"))
print(browser.feed_text(last=5))

# %% [markdown]
# A watch can also start in the past: given an old revision, the store first replays every change
# since then. That is how an informer that lost its connection catches up without listing again.

# %%
w = c.store.watch(b"/registry/configmaps/default/settings", start_revision=first)
print([(e.type, e.kv.mod_revision) for e in w.take()])
w.cancel()

# %% [markdown]
# ## Compaction
#
# Keeping every version forever would fill the disk, so the API server asks etcd every five
# minutes to *compact*: forget versions older than a revision. After that, reading or watching
# from an older revision fails with etcd's "required revision has been compacted".

# %%
c.store.compact(c.store.revision)
print(run_etcdctl("get", "/registry/namespaces/moelove", "--rev", str(first)))

# %% [markdown]
# ## Summary
#
# - Kubernetes keeps every object as one key: `/registry/<resource>/<name>` for cluster-wide
#   objects, `/registry/<resource>/<namespace>/<name>` for namespaced ones (Services under
#   `services/specs`).
# - Every write gets the next global revision; `resourceVersion` is that number.
# - Old versions stay readable and watchable until compaction removes them.
# - Watches push changes in revision order, and can replay from a past revision.
# - Upstream: etcd-io/etcd `server/storage/mvcc/`; the API server's side in
#   `staging/src/k8s.io/apiserver/pkg/storage/etcd3/`. In k8slab: `k8slab/storage/`,
#   `k8slab/etcdctl/`.
#
# ## Exercises
#
# - **13-A**: compute the etcd key of any object the API returns (`exercises/13-A.py`).
# - **13-B**: list every version of a key from the store's history (`exercises/13-B.py`).

# %%
from k8slab.exercises import check

check("13-A")

# %%
check("13-B")
