# %% [markdown]
# # Chapter 4: A cluster on your own machine
#
# To learn Kubernetes you want a cluster you can break without anyone minding. A single machine
# is enough: one node can play control plane and worker at once. The booklet uses two tools:
#
# - **kind** (Kubernetes IN Docker) runs each "node" as a Docker container. Inside it, systemd
#   starts a kubelet and containerd, and kubeadm (chapter 5) builds the cluster. Kubernetes' own CI
#   uses it. It needs Docker, and nothing else.
# - **minikube**, the official tool, boots a virtual machine from an ISO image through a
#   hypervisor (VirtualBox, KVM, HyperKit, Hyper-V...), runs kubeadm inside it to make a one-node
#   cluster, and points your local kubectl at it. The API server listens on port 8443 of the VM.
#
# Both end the same way: a running API server, and a **kubeconfig** file that tells kubectl where
# it is and who you are.
#
# k8slab's analogue is `k8slab up`. It needs neither Docker nor a VM: it runs the same cluster
# the notebooks use (API server, controller-manager, scheduler and N kubelets with a simulated
# runtime) in one process on the real clock, serves the API over HTTPS with kubeadm's certificates,
# writes a kubeconfig and prints a line with `ready`. Then the real kubectl works against it.
#
# **Compat profile.** `current`: the server reports v1.32 and the installed kubectl picks its
# matching version. The booklet used kind v0.1.0 with Kubernetes v1.12.2 and minikube v0.28.2
# with v1.10.0; its kubectl printed versions as Go structs and `cluster-info` said "Kubernetes
# master is running at", which today reads "Kubernetes control plane is running at".

# %% [markdown]
# ## `k8slab up`: a cluster in a terminal
#
# In a terminal you would run:
#
# ```sh
# k8slab up --nodes 1 --data-dir /tmp/lab &          # like `kind create cluster` / `minikube start`
# export KUBECONFIG=/tmp/lab/admin.conf              # like `kind get kubeconfig-path`
# kubectl get nodes
# ```
#
# Let's do exactly that from the notebook, in a subprocess. Two changes keep it quick and keep
# this notebook's output the same on every run: we serve plain HTTP on a free port (`--secure-port
# 0`, so no certificates are generated; the default is HTTPS on 6443), and we print the port and
# the temporary directory as `PORT` and `DATA_DIR`.

# %%
import os
import socket
import subprocess
import sys
import tempfile
import time

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

port, data_dir = free_port(), tempfile.mkdtemp(prefix="k8slab-up-")
command = [sys.executable, "-m", "k8slab.cli", "up", "--nodes", "1", "--data-dir", data_dir,
           "--secure-port", "0", "--insecure-port", str(port),
           "--controller-manager-port", "0", "--scheduler-port", "0"]

def tidy(text):
    return text.replace(data_dir, "DATA_DIR").replace(str(port), "PORT")

print("$", tidy(" ".join(["k8slab"] + command[3:])))
server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
first_line = server.stdout.readline()               # blocks until the server says it is ready
print(tidy(first_line), end="")

# %% [markdown]
# The kubeconfig it wrote is short, because this plain-HTTP port has no authentication (the
# booklet's v1.11 API server had the same kind of port, 8080, without TLS; it was removed in
# v1.20). With HTTPS, the file also carries the CA certificate and the admin's client certificate.

# %%
print(tidy(open(os.path.join(data_dir, "admin.conf")).read()))

# %% [markdown]
# Now k8slab's kubectl (a Python kubectl that prints what kubectl 1.32 prints) talks to it over
# HTTP, through that kubeconfig, exactly as the real `kubectl` would:

# %%
import io

from k8slab.kubectl import cli

def kubectl(*args, kubeconfig=os.path.join(data_dir, "admin.conf")):
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(list(args) + ["--kubeconfig", kubeconfig], out=out, err=err, env={})
    return code, out.getvalue(), err.getvalue()

code, out, err = kubectl("get", "nodes", "-o", "custom-columns=NAME:.metadata.name,VERSION:.status.nodeInfo.kubeletVersion")
print(out, err, f"exit code {code}")

# %% [markdown]
# Stop the server as Ctrl-C would (SIGINT), and read the rest of what it printed:

# %%
import signal

server.send_signal(signal.SIGINT)
rest, _ = server.communicate(timeout=30)
print(tidy(rest), end="")
print("exit code", server.returncode)

# %% [markdown]
# What the real tools do differently:
#
# | | kind | minikube | `k8slab up` |
# |---|---|---|---|
# | a node is | a Docker container (`kind-<name>-control-plane`) | a VM from an ISO | a Kubelet object in one Python process |
# | the cluster is built by | kubeadm inside the container | kubeadm inside the VM | Python, same steps as `k8slab kubeadm` (chapter 5) |
# | containers run in | containerd inside the node container | Docker or containerd in the VM | a simulated runtime (no processes) |
# | API server | HTTPS on a random local port | HTTPS on `<vm-ip>:8443` | HTTPS on 6443 (+ plain HTTP with `--insecure-port`) |
# | kubeconfig | merged into `~/.kube/config` (v0.1.0: a file per cluster) | merged into `~/.kube/config` | `<data-dir>/admin.conf` |
# | needs | Docker | a hypervisor (VT-x / AMD-V), or `--vm-driver none` with Docker | Python |
#
# ## The kubeconfig: clusters, users, contexts
#
# A kubeconfig holds three lists and one pointer. **clusters** say where an API server is and
# which CA to trust; **users** say how to authenticate (client certificate and key, a token...);
# **contexts** pair one cluster with one user (and optionally a default namespace). The pointer,
# **current-context**, says which context kubectl uses when you do not pass `--context`.
#
# Here is the kubeconfig minikube wrote in the booklet, as Python data:

# %%
import copy

import yaml

booklet = yaml.safe_load("""
apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority: /home/tao/.minikube/ca.crt
    server: https://192.168.99.100:8443
  name: minikube
contexts:
- context:
    cluster: minikube
    user: minikube
  name: minikube
current-context: minikube
preferences: {}
users:
- name: minikube
  user:
    client-certificate: /home/tao/.minikube/client.crt
    client-key: /home/tao/.minikube/client.key
""")

from k8slab.viz.kubeconfig import kubeconfig_graph

kubeconfig_graph(booklet)

# %% [markdown]
# Let's edit it the way `kind create cluster` would: add a cluster, a user and a context for the
# kind cluster, and switch to it (`kubectl config use-context kind-moelove`). The graph shows which
# pieces the current context (gold) pulls together:

# %%
config = copy.deepcopy(booklet)
config["clusters"].append({"name": "kind-moelove", "cluster": {"server": "https://localhost:35911",
                                                               "certificate-authority-data": "..."}})
config["users"].append({"name": "kind-moelove", "user": {"client-certificate-data": "...",
                                                         "client-key-data": "..."}})
config["contexts"].append({"name": "kind-moelove",
                           "context": {"cluster": "kind-moelove", "user": "kind-moelove"}})
config["current-context"] = "kind-moelove"
kubeconfig_graph(config)

# %% [markdown]
# ## kubectl against the in-process cluster
#
# A `Cluster()` in a notebook has a kubeconfig too, in memory. `c.kubectl(...)` runs the same
# Python kubectl through it, without any network, so the booklet's first commands work here:

# %%
from k8slab import Cluster

c = Cluster(nodes=1, seed=0)        # virtual clock, seeded: the same run every time
for command in ("cluster-info", "version", "get nodes", "config get-contexts"):
    print("$ kubectl", command)
    print(c.kubectl(command))

# %% [markdown]
# `cluster-info` names only the control plane: the booklet's second line, `KubeDNS is running
# at ...`, comes from the cluster DNS Service, which k8slab does not run yet (chapter 21).
#
# ## "The connection to the server was refused"
#
# The error every beginner meets. Point a kubeconfig at a server that is not there, for instance
# at the `k8slab up` we stopped a moment ago, and kubectl cannot connect. Before giving up it logs
# its failed attempts to discover the API (the `E...` lines; their time and process id are
# replaced here):

# %%
import re

wrong = copy.deepcopy(config)
wrong["clusters"][1]["cluster"]["server"] = f"https://127.0.0.1:{port}"
path = os.path.join(data_dir, "wrong.conf")
with open(path, "w") as f:
    yaml.safe_dump(wrong, f)
code, out, err = kubectl("get", "nodes", kubeconfig=path)
for line in err.splitlines():
    print(tidy(re.sub(r"^E\d{4} [\d:.]+\s+\d+ ", "E<date> <time> <pid> ", line)))
print("exit code", code)

# %% [markdown]
# When you see this, check which server your kubeconfig points at (`kubectl config view`,
# `$KUBECONFIG`, `~/.kube/config`) and whether anything listens there. With minikube, the VM may
# have stopped (`minikube status`); with kind, the node container.
#
# ## Version skew: which kubectl for which server
#
# kubectl supports API servers one minor version older or newer than itself: kubectl 1.11 talks
# to 1.10, 1.11 and 1.12. That is why the booklet downloads kubectl v1.10.7 for minikube's
# Kubernetes v1.10.0. Beyond that, requests may use fields or versions the other side does not
# know. `kubectl version` warns. Here is a server that says it is v1.11.3, the booklet's version,
# queried by today's kubectl:

# %%
old = Cluster(nodes=0, seed=0, version=("1", "11", "v1.11.3"))
print(old.kubectl("version"))

# %% [markdown]
# The rule in k8slab's kubectl, as kubectl's `version` command applies it:

# %%
import inspect

from k8slab.kubectl.commands import version

print(inspect.getsource(version.skew_warning))

# %% [markdown]
# (On this machine `kubectl` is a dispatcher that asks the server for its version and runs the
# kubectl of the same minor, 1.27 to 1.33, which sidesteps the problem for those servers.)
#
# ## Summary
#
# - kind runs nodes as Docker containers, minikube as a VM; both build the cluster with kubeadm
#   inside and leave you a kubeconfig. `k8slab up` runs the whole cluster in one process, serves
#   the API over HTTPS (and HTTP with `--insecure-port`) and writes `<data-dir>/admin.conf`.
# - A kubeconfig lists clusters (server, CA), users (credentials) and contexts (cluster + user +
#   namespace); `current-context` picks one.
# - `kubectl cluster-info`, `version` and `get nodes` are the first checks of a new cluster.
# - "connection refused" means nothing listens at the kubeconfig's server: check the kubeconfig
#   and the cluster.
# - Keep kubectl within one minor version of the API server.
# - In k8slab: `k8slab/up.py`, `k8slab/kubectl/kubeconfig.py`, `k8slab/kubectl/commands/version.py`.
#
# ## Exercises
#
# - **04-A**: write `resolve(config, context)`: the server, user and namespace kubectl takes from a
#   kubeconfig, with its error messages (`exercises/04-A.py`).
# - **04-B**: write `skew_supported(client_version, server_version)` (`exercises/04-B.py`).
#
# Edit the file, then run its check. Untouched, it says what is missing:

# %%
from k8slab.exercises import check

check("04-A")

# %%
check("04-B")
