# %% [markdown]
# # Chapter 5: a production-style cluster with kubeadm
#
# kind and minikube (chapter 4) hand you a finished cluster. `kubeadm` is how you build one yourself,
# machine by machine, the way many production clusters are built. It is the official tool for the
# first steps of a cluster's life: check that a machine is fit (*preflight*), make the certificate
# authorities and every certificate the components need, write kubeconfig files, start the control
# plane, mark the first node as the control-plane node, and print the command that lets other
# machines join. Later it also upgrades and tears down.
#
# In this notebook you will run `k8slab.kubeadm`, k8slab's rebuild of kubeadm, against a simulated
# machine: make preflight fail the way the booklet warns (swap on, ports taken), watch `init` work
# through its phases, open the PKI it wrote and read the API server's certificate as `openssl` would,
# recompute the CA hash of the join command yourself, join a second node (and fail to, with a wrong
# hash or token), see the master's label and taint at work, and reset.
#
# **Compat profile.** The booklet installs v1.11.3, so this notebook runs the `book` profile:
# kubeadm then speaks v1.11's words (`[certificates]`, `[markmaster]`, "Your Kubernetes master has
# initialized successfully!"). Today's kubeadm (the `current` profile, v1.32) does the same work but
# says `[certs]` and `[mark-control-plane]`, calls the node *control-plane* instead of *master*
# (label and taint `node-role.kubernetes.io/control-plane`), and only warns about swap. The kubelets
# in both profiles report version v1.32.0.
#
# **What is simulated.** Real kubeadm runs as root on a Linux machine with systemd, a container
# runtime and a kubelet installed. It writes *static pod* manifests to `/etc/kubernetes/manifests`,
# the kubelet (started by systemd) notices them and starts etcd, kube-apiserver,
# kube-controller-manager and kube-scheduler as containers from images it pulls; kubeadm waits for
# the API server to answer, then installs the CoreDNS and kube-proxy add-ons. k8slab's kubeadm keeps
# the parts that teach how a cluster is secured and joined: preflight, the real PKI (RSA keys and
# X.509 certificates with kubeadm's names, subjects and SANs), the kubeconfigs, bootstrap tokens, the
# signed `cluster-info` ConfigMap, TLS bootstrap with a CSR, and `reset`. The control plane is the
# notebook's in-process cluster (on the command line, `k8slab kubeadm init` starts `k8slab up` on
# the new PKI instead), there are no images, no static pods and no add-ons.

# %%
import hashlib
import os
import re
import tempfile

from k8slab import Cluster, kubeadm

c = Cluster(nodes=1, seed=0, profile="book")      # one machine, "node1"; virtual clock, seeded
lab = tempfile.mkdtemp(prefix="k8slab-kubeadm-")   # plays the role of /etc/kubernetes


def show(text):
    """Print kubeadm's output with this run's temporary directory and CA hash masked (they change
    on every run; everything else here is the same every time)."""
    text = str(text).replace(lab, "$LAB")
    text = re.sub(r"sha256:[0-9a-f]{64}", "sha256:<CA hash, 64 hex digits>", text)
    print(text)


# %% [markdown]
# ## Preflight: is this machine fit?
#
# Before touching anything, `kubeadm init` runs checks. Two of them are the ones the booklet spends
# time on:
#
# - **swap must be off.** The kubelet refuses to start on a machine with swap (since v1.8), because
#   memory limits and the scheduler's view of free memory mean little once the kernel can page a
#   container out. v1.11's kubeadm treats swap as a fatal error; today's kubeadm only warns, since
#   the kubelet learned to run with swap on cgroup v2 when configured to.
# - **the control plane's ports must be free**: 6443 (kube-apiserver), 2379 and 2380 (etcd's client
#   and peer ports), 10250 (kubelet), and in v1.11 10251 and 10252 (the scheduler's and the
#   controller-manager's plain-HTTP ports; today 10259 and 10257, over HTTPS). The booklet checks
#   them by hand with `netstat -ntlp`.
#
# k8slab's `Host` describes a machine: CPUs, memory, swap, and which ports are taken. Here is a
# machine with swap on and something already listening on 6443:

# %%
bad = kubeadm.Host(swap=True, ports_in_use={6443})
show(kubeadm.init(Cluster(nodes=1, seed=0, profile="book"), lab, host=bad))

# %% [markdown]
# Nothing was written: preflight runs first so that a failed `init` leaves the machine as it was.
# The checks are plain functions; running them for a few machines shows what each profile thinks.
# `--ignore-preflight-errors=Swap` (here `ignore=["Swap"]`) turns an error into a warning, which is
# how people ran v1.11 with swap on, at their own risk:

# %%
from k8slab.kubeadm import preflight

hosts = {"healthy": kubeadm.Host(), "swap on": kubeadm.Host(swap=True),
         "port 6443 busy": kubeadm.Host(ports_in_use={6443}), "1 CPU, 1 GB": kubeadm.Host(cpus=1, memory_mb=1024)}
checks = ["NumCPU", "Mem", "Swap"] + [f"Port-{p}" for p in preflight.CONTROL_PLANE_PORTS["book"]]


def checklist(profile, ignore=()):
    results = {name: preflight.run_checks(h, "control-plane", profile, ignore) for name, h in hosts.items()}
    print(f"{'check':12}" + "".join(f"{name:>16}" for name in hosts))
    for check in checks:
        cells = []
        for r in results.values():
            cells.append("FAIL" if any(n == check for n, _ in r.errors) else
                         "warn" if any(n == check for n, _ in r.warnings) else "ok")
        print(f"{check:12}" + "".join(f"{cell:>16}" for cell in cells))


print("profile book (v1.11):")
checklist("book")
print("\nprofile book, --ignore-preflight-errors=Swap:")
checklist("book", ignore=["Swap"])
print("\nprofile current (v1.32) warns about swap; its ports are 10259 and 10257 instead of 10251/10252:")
print(preflight.run_checks(kubeadm.Host(swap=True), "control-plane", "current").lines()[0][:78], "...")

# %% [markdown]
# ## `kubeadm init`
#
# Now the real thing, on a healthy machine. Before that, one more piece of the booklet's story: on a
# fresh machine there is no pod network yet. The kubelet reports its node `NotReady` until a CNI
# plugin (flannel, in the booklet) has written its configuration. k8slab has no CNI plugins; the
# kubelet's `network_ready` switch stands in for that configuration file. (In k8slab node1's kubelet
# is already running, started with the Cluster; real kubeadm v1.11 starts it during `init`, in its
# `[preflight] Activating the kubelet service` step.)

# %%
c.kubelet("node1").network_ready = False        # no CNI configuration on this machine yet
c.advance(10)                                   # ...and its kubelet has said so in its node status
result = kubeadm.init(c, lab, pod_subnet="10.244.0.0/16")   # kubeadm init --pod-network-cidr=10.244.0.0/16
show(result)

# %% [markdown]
# Read it from the top:
#
# 1. **preflight** passed (no output but the heading).
# 2. **certificates**: three certificate authorities (`ca` for the cluster, `front-proxy-ca` for
#    API aggregation, `etcd/ca` for etcd) and the certificates they sign, then the service-account
#    key pair `sa.key`/`sa.pub` that signs ServiceAccount tokens.
# 3. **kubeconfig**: one file per client: you (`admin.conf`), the kubelet, the controller-manager and
#    the scheduler, each with its own client certificate.
# 4. The control plane starts (real kubeadm: the kubelet runs the static pods; here: the notebook's
#    cluster switches to this PKI) and kubeadm waits until it is healthy.
# 5. **uploadconfig**, **kubelet**: the configuration goes into ConfigMaps, so that nodes joining
#    later (and `kubeadm upgrade`) read the same settings.
# 6. **markmaster**: node1 gets a label and a taint (below).
# 7. **bootstraptoken**: a token for joining, the RBAC rules that let a joining node ask for a
#    certificate, and the public `cluster-info` ConfigMap.
# 8. The join command, with the token and a hash of the CA.
#
# Real kubeadm v1.11 also prints `[preflight/images]` (pulling images), `[kubelet]` lines about the
# kubelet's environment file, `[controlplane]` and `[etcd]` lines for the static pod manifests, and
# `[addons] Applied essential addon: CoreDNS` / `kube-proxy` at the end. k8slab prints none of those,
# because it does none of those things.
#
# The token comes from the cluster's seeded random source, so it is the same on every run; the CA
# hash depends on the CA's key, which the `cryptography` library draws from the operating system.

# %%
print("token:", result.token)
print("token id:", result.token.split(".")[0], "  secret:", len(result.token.split(".")[1]), "characters")

# %% [markdown]
# ## The PKI on disk
#
# Everything kubeadm generated lies under the data directory with kubeadm's file names (real
# kubeadm: `/etc/kubernetes/`). Every `.crt` has its `.key`. Reading each certificate shows who it
# is for (subject CN and O: O becomes the user's group for client certificates) and which CA
# signed it:

# %%
from cryptography import x509
from cryptography.x509.oid import NameOID


def cn(name, oid=NameOID.COMMON_NAME):
    return ",".join(a.value for a in name.get_attributes_for_oid(oid)) or "-"


for root, dirs, files in sorted(os.walk(lab)):
    dirs.sort()
    depth = root[len(lab):].count(os.sep)
    print("    " * depth + (os.path.basename(root) + "/" if depth else "$LAB/"))
    for f in sorted(files):
        line = "    " * (depth + 1) + f
        if f.endswith(".crt"):
            cert = x509.load_pem_x509_certificate(open(os.path.join(root, f), "rb").read())
            line = f"{line:36} CN={cn(cert.subject):30} O={cn(cert.subject, NameOID.ORGANIZATION_NAME):16}" \
                   f" signed by {cn(cert.issuer)}"
        print(line)

# %% [markdown]
# ### The API server's certificate, as openssl would show it
#
# `openssl x509 -in apiserver.crt -noout -text` is the usual way to look inside. The `cryptography`
# library reads the same fields. The interesting ones are the **Subject Alternative Names**: every
# name and address clients may use to reach the API server must be listed, or TLS verification
# fails. That is why `kubernetes.default.svc` (how pods reach the API) and `10.96.0.1` (the first
# address of the service range, the ClusterIP of the `kubernetes` Service) are there.

# %%
from cryptography.hazmat.primitives.asymmetric import rsa

crt = x509.load_pem_x509_certificate(open(f"{lab}/pki/apiserver.crt", "rb").read())
print("Subject:            ", crt.subject.rfc4514_string())
print("Issuer:             ", crt.issuer.rfc4514_string())
print("Not Before:         ", crt.not_valid_before_utc)
print("Not After:          ", crt.not_valid_after_utc, " (one year; the CA gets ten)")
print("Public Key:          RSA", crt.public_key().key_size, "bits" if isinstance(crt.public_key(), rsa.RSAPublicKey) else "")
san = crt.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
print("DNS names:          ", ", ".join(san.get_values_for_type(x509.DNSName)))
print("IP addresses:       ", ", ".join(str(ip) for ip in san.get_values_for_type(x509.IPAddress)))
usage = crt.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
print("Extended Key Usage: ", ", ".join(u._name for u in usage))
print("Is a CA:            ", crt.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)

# %% [markdown]
# The dates come from the cluster's virtual clock, which is why they are the same on every run.
# (`127.0.0.1` is among the IPs because k8slab's API server listens on loopback; real kubeadm adds
# the advertise address, here also 127.0.0.1.)
#
# ### The CA hash in the join command
#
# `--discovery-token-ca-cert-hash sha256:...` is how a joining node knows it is talking to *your*
# cluster and not to an impostor. It is the SHA-256 of the CA certificate's
# **SubjectPublicKeyInfo** (the public key with its algorithm identifier, DER-encoded): it pins the
# CA's key, not the certificate, so the CA can be re-issued with the same key without changing the
# hash. Compute it yourself from `ca.crt`:

# %%
from cryptography.hazmat.primitives import serialization

ca = x509.load_pem_x509_certificate(open(f"{lab}/pki/ca.crt", "rb").read())
spki = ca.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
mine = "sha256:" + hashlib.sha256(spki).hexdigest()
print("SubjectPublicKeyInfo:", len(spki), "bytes of DER")
print("my hash equals kubeadm's:", mine == result.ca_hash)

# %% [markdown]
# The same computation in k8slab's kubeadm (after upstream's `pubkeypin.Hash`):

# %%
import inspect

from k8slab.kubeadm import pki

print(inspect.getsource(pki.ca_cert_hash))

# %% [markdown]
# ## The kubeconfig files
#
# `admin.conf` is what the booklet copies to `$HOME/.kube/config`. It names the cluster (the API
# server's URL and the CA to trust), a user with a client certificate and key, and a context tying
# the two together (chapter 6 says more). Long base64 fields are shortened here:

# %%
import base64

import yaml

conf = yaml.safe_load(open(f"{lab}/admin.conf"))
admin = x509.load_pem_x509_certificate(base64.b64decode(conf["users"][0]["user"]["client-certificate-data"]))
for section in ("clusters", "users"):
    for entry in conf[section]:
        fields = entry[section[:-1]]
        for k, v in fields.items():
            if k.endswith("-data"):
                fields[k] = v[:20] + "...(base64 PEM)"
print(yaml.safe_dump(conf, sort_keys=False))
print("admin.conf's user:", admin.subject.rfc4514_string())

# %% [markdown]
# `O=system:masters` is the group that RBAC lets do anything (chapter 8): whoever holds `admin.conf`
# owns the cluster. Keep it safe.
#
# Without any kubeconfig, v1.11's kubectl falls back to `http://localhost:8080` and, as the booklet
# shows, fails with `The connection to the server localhost:8080 was refused - did you specify the
# right host or port?`. (The notebook's in-process kubectl always reaches the notebook's cluster, so
# it cannot show that refusal; a terminal with `k8slab kubeadm init` and the real kubectl can.)
#
# ## The node: NotReady, a label and a taint

# %%
print(c.kubectl("get nodes"))
print(c.kubectl(["get", "node", "node1", "-o", "jsonpath={.status.conditions[?(@.type=='Ready')].message}"]))
print()
print(c.kubectl(["get", "node", "node1", "-o", "jsonpath={.metadata.labels}"]).replace(",", ",\n "))
print(c.kubectl("describe node node1").split("Taints:")[1].split("Unschedulable")[0])

# %% [markdown]
# - `ROLES master` comes from the label `node-role.kubernetes.io/master=""` that `markmaster` added;
#   kubectl shows every `node-role.kubernetes.io/<role>` label as a role.
# - The taint `node-role.kubernetes.io/master:NoSchedule` keeps ordinary pods off the control-plane
#   node (they may tolerate it: exercise 05-B).
# - `NotReady`, with the kubelet's message about the network plugin, is the booklet's state after
#   `init` (its v1.11 kubelet, talking to Docker, worded it `docker: network plugin is not ready: cni
#   config uninitialized`; this is today's containerd wording). The node lifecycle controller adds
#   the `node.kubernetes.io/not-ready` taint on top.
#
# A Deployment created now cannot run anywhere:

# %%
print(c.kubectl("create deployment web --image=nginx"))
c.settle()
print(c.kubectl("get pods"))
print(c.kubectl("describe pods -l app=web").split("Events:")[1])

# %% [markdown]
# The booklet now applies flannel's manifest: a DaemonSet whose pod on each node writes the CNI
# configuration, after which the kubelet reports the network ready. Here the switch plays flannel:

# %%
c.kubelet("node1").network_ready = True          # "kubectl apply -f kube-flannel.yml"
for _ in range(2):
    c.advance(10)
    print(c.kubectl("get nodes --no-headers").strip(), "  web:", c.kubectl("get pods --no-headers").split()[2])

# %% [markdown]
# Ready, but `web` stays Pending: the master taint still keeps it off node1. A worker is needed.
#
# ## Bootstrap tokens and `cluster-info`
#
# The join command carries a *bootstrap token*, `<6-character id>.<16-character secret>`. kubeadm
# stored it as a Secret in `kube-system`, and published the cluster's address and CA in the
# `cluster-info` ConfigMap of `kube-public`, which even anonymous users may read:

# %%
print(c.kubectl("get secrets -n kube-system --field-selector type=bootstrap.kubernetes.io/token"))
secret = c.client.get("v1", "Secret", "bootstrap-token-" + result.token.split(".")[0], "kube-system")
for k, v in sorted(secret["data"].items()):
    value = base64.b64decode(v).decode()
    print(f"  {k:32} {'<16 characters>' if k == 'token-secret' else value}")

# %%
info = c.client.get("v1", "ConfigMap", "cluster-info", "kube-public")
print(sorted(info["data"]))
print(info["data"]["jws-kubeconfig-" + result.token.split(".")[0]][:40], "...")

# %% [markdown]
# A joining node starts with nothing but the token and the CA hash. It reads `cluster-info` without
# verifying TLS (it has no CA yet), then checks two things:
#
# 1. the `jws-kubeconfig-<token id>` entry is a signature of the kubeconfig made with the token's
#    secret (the bootstrap signer controller writes one per token): so whoever published this
#    ConfigMap knew the token (exercise 05-A computes it);
# 2. the CA in the kubeconfig hashes to the pinned `sha256:...`: so the CA is the one the admin
#    copied from `kubeadm init`'s output.
#
# Only then does it trust the CA and talk TLS for real. It authenticates with the token (as user
# `system:bootstrap:<token id>`), sends a **CertificateSigningRequest** for its kubelet's client
# certificate, which the controller-manager approves and signs automatically, and from then on uses
# that certificate. This is the *TLS bootstrap*.
#
# ## `kubeadm join`

# %%
show(kubeadm.join(c, "node2", result.token, result.ca_hash))
print(c.kubectl("get csr"))
print(c.kubectl("get nodes"))
print(c.kubectl("get pods -o wide"))

# %% [markdown]
# The CSR's requestor is the bootstrap token's user; it was approved and issued without anyone
# typing `kubectl certificate approve`. And `web` finally runs, on node2.
#
# What a wrong hash, a token that does not exist, and a malformed token look like:

# %%
show(kubeadm.join(c, "node3", result.token, "sha256:" + "0" * 64))
show(kubeadm.join(c, "node3", "abcdef.0123456789abcdef", result.ca_hash))
show(kubeadm.join(c, "node3", "not-a-token", result.ca_hash))

# %% [markdown]
# (The first error prints the CA hash the node *found*: that is the real one, masked here because it
# changes with every run.) The picture now:

# %%
from k8slab.viz import Diagram

nodes = c.client.list("v1", "Node")["items"]
boxes = {"api": "kube-apiserver\netcd, scheduler,\ncontroller-manager"}
edges = []
for n in nodes:
    name = n["metadata"]["name"]
    roles = [k.split("/")[1] for k in n["metadata"].get("labels", {}) if k.startswith("node-role.kubernetes.io/")]
    taints = [f"{t['key'].split('/')[-1]}:{t['effect']}" for t in n["spec"].get("taints") or []]
    pods = [p["metadata"]["name"] for p in c.client.list("v1", "Pod", "default")["items"]
            if p["spec"].get("nodeName") == name]
    boxes[name] = f"{name} ({', '.join(roles) or 'worker'})\ntaints: {', '.join(taints) or 'none'}\npods: {', '.join(pods) or 'none'}"
    edges.append((name, "api", "kubelet: client cert " + ("from init" if roles else "from TLS bootstrap")))
Diagram("The cluster after init and join", boxes, edges, clusters={"node1 (control plane)": ["api", "node1"]})

# %% [markdown]
# ## `kubeadm reset`
#
# `reset` undoes `init` or `join` on one machine: it stops the kubelet and deletes the PKI, the
# kubeconfigs and the node's state. The booklet needs it when re-running `init` with
# `--pod-network-cidr`; a second `init` then generates new certificates, and kubeconfigs copied
# earlier stop working. (Real `kubeadm reset` also asks `[y/N]` unless `--force`, removes the
# containers and unmounts `/var/lib/kubelet`; k8slab's only deletes files, and the notebook's
# in-process cluster keeps running.)

# %%
from k8slab.kubeadm.reset import reset

reset(lab, "book", say=show)
print(sorted(os.listdir(lab)), sorted(os.listdir(f"{lab}/pki")))

# %% [markdown]
# ## Summary
#
# - `kubeadm init` = preflight, certificates, kubeconfigs, control plane, upload config, mark the
#   master (label + `NoSchedule` taint), bootstrap token and `cluster-info`, join command.
#   `kubeadm join` = discovery (token-signed `cluster-info`, CA pinned by hash), TLS bootstrap (CSR
#   auto-approved), kubelet start. `kubeadm reset` undoes either.
# - Preflight refuses swap (v1.11; a warning today) and busy ports 6443, 2379, 2380, 10250, 10251,
#   10252; `--ignore-preflight-errors` demotes a check to a warning.
# - Three CAs (`ca`, `front-proxy-ca`, `etcd/ca`) and `sa.key`; the API server's certificate lists
#   every name clients use (SANs), including `kubernetes.default.svc` and `10.96.0.1`.
# - The CA hash is the SHA-256 of the CA's SubjectPublicKeyInfo.
# - A node is `NotReady` until a pod network (CNI) is configured.
# - Upstream: `cmd/kubeadm/app/` (cmd/init.go, cmd/join.go, cmd/reset.go, phases/, preflight/,
#   util/pkiutil/, discovery/token/), `pkg/controller/bootstrap/`. In k8slab: `k8slab/kubeadm/`.
#   Differences: no systemd, static pod manifests, images, add-ons or real kubelet; the control plane
#   is the notebook's cluster (or `k8slab up` for `k8slab kubeadm init`).
#
# ## Exercises
#
# - **05-A**: sign `cluster-info` as the bootstrap signer does (a detached JWS keyed by the
#   token), and check your signature against the one the cluster wrote (`exercises/05-A.py`).
# - **05-B**: let a pod tolerate the control-plane taint so that it runs on a single-node kubeadm
#   cluster (`exercises/05-B.py`).

# %%
from k8slab.exercises import check

check("05-A")

# %%
check("05-B")
