"""Chapter 4 (a local cluster): which server and user a kubeconfig picks; kubectl's version skew."""

from __future__ import annotations

from ..registry import Exercise

RESOLVE = '''
def resolve(config: dict, context: str = "") -> dict:
    """What kubectl uses from a kubeconfig (a dict, as yaml.safe_load gives it).

    The context is `context` when given (kubectl's --context), else current-context. Return
    {"context": ..., "cluster": ..., "server": ..., "user": ..., "namespace": ...}: the cluster
    and user the context names, the cluster's server, and the context's namespace ("default"
    when it has none). When the context does not exist, raise ValueError with kubectl's words:
    `context was not found for specified context: NAME`. When the cluster it names does not
    exist: `cluster has no server defined`.
    """
    # BEGIN SOLUTION
    name = context or config.get("current-context", "")
    contexts = {c["name"]: c.get("context") or {} for c in config.get("contexts") or []}
    if name not in contexts:
        raise ValueError(f"context was not found for specified context: {name}")
    ctx = contexts[name]
    clusters = {c["name"]: c.get("cluster") or {} for c in config.get("clusters") or []}
    server = clusters.get(ctx.get("cluster", ""), {}).get("server")
    if not server:
        raise ValueError("cluster has no server defined")
    return {"context": name, "cluster": ctx.get("cluster", ""), "server": server, "user": ctx.get("user", ""),
            "namespace": ctx.get("namespace") or "default"}
    # END SOLUTION
'''

MINIKUBE_AND_KIND = {
    "apiVersion": "v1", "kind": "Config", "preferences": {},
    "clusters": [{"name": "minikube", "cluster": {"certificate-authority": "/home/tao/.minikube/ca.crt",
                                                  "server": "https://192.168.99.100:8443"}},
                 {"name": "kind-moelove", "cluster": {"server": "https://localhost:35911"}}],
    "users": [{"name": "minikube", "user": {"client-certificate": "/home/tao/.minikube/client.crt",
                                            "client-key": "/home/tao/.minikube/client.key"}},
              {"name": "kind-moelove", "user": {"token": "abc"}}],
    "contexts": [{"name": "minikube", "context": {"cluster": "minikube", "user": "minikube"}},
                 {"name": "kind-moelove", "context": {"cluster": "kind-moelove", "user": "kind-moelove",
                                                      "namespace": "work"}},
                 {"name": "broken", "context": {"cluster": "gone", "user": "minikube"}}],
    "current-context": "minikube"}


def check_resolve(resolve) -> str:
    import copy
    config = copy.deepcopy(MINIKUBE_AND_KIND)
    got = resolve(config)
    assert got == {"context": "minikube", "cluster": "minikube", "server": "https://192.168.99.100:8443",
                   "user": "minikube", "namespace": "default"}, f"current-context minikube: got {got}"
    got = resolve(config, "kind-moelove")
    assert got["server"] == "https://localhost:35911" and got["namespace"] == "work", \
        f"--context kind-moelove should give its server and its namespace work: got {got}"
    config["current-context"] = "kind-moelove"
    assert resolve(config)["user"] == "kind-moelove", "current-context changed: the user should follow it"
    for ctx, message in (("nope", "context was not found for specified context: nope"),
                         ("broken", "cluster has no server defined")):
        try:
            got = resolve(config, ctx)
        except ValueError as e:
            assert str(e) == message, f"--context {ctx}: kubectl says {message!r}, you said {str(e)!r}"
        else:
            raise AssertionError(f"--context {ctx}: expected ValueError({message!r}), got {got}")
    assert config == {**MINIKUBE_AND_KIND, "current-context": "kind-moelove"}, "resolve() must not change the config"
    # and k8slab's own kubeconfig, as kubectl config view prints it
    import yaml

    from k8slab import Cluster
    c = Cluster(nodes=0, seed=0)
    mine = yaml.safe_load(c.kubectl("config view"))
    got = resolve(mine)
    assert got["server"] == "http://127.0.0.1:8080" and got["user"] == "admin", f"k8slab's kubeconfig: got {got}"
    return "the booklet's minikube and kind contexts, --context, a namespace, both errors and k8slab's own"


SKEW = '''
def skew_supported(client_version: str, server_version: str) -> bool:
    """Does kubectl support this server? Versions look like "v1.11.3", "1.12", "v1.32.0-k8slab".

    kubectl supports a server whose minor version is within one of its own (1.11 talks to 1.10,
    1.11 and 1.12) and of the same major version.
    """
    # BEGIN SOLUTION
    def major_minor(version):
        core = version.lstrip("v").split("-")[0].split("+")[0]
        major, minor = core.split(".")[:2]
        return int(major), int(minor)
    (cmaj, cmin), (smaj, smin) = major_minor(client_version), major_minor(server_version)
    return cmaj == smaj and abs(cmin - smin) <= 1
    # END SOLUTION
'''


def check_skew(skew_supported) -> str:
    from k8slab.kubectl.commands.version import skew_warning
    book = [("v1.10.7", "v1.10.0", True), ("v1.11.3", "v1.12.2", True), ("v1.10.7", "v1.12.2", False),
            ("v1.32.4", "v1.11.3", False), ("1.32", "v1.33.1", True), ("v1.32.4-dispatcher", "v1.32.0-k8slab", True),
            ("v2.11.0", "v1.11.3", False)]
    for client, server, want in book:
        got = skew_supported(client, server)
        assert got is want, f"kubectl {client} against a {server} server: expected {want}, got {got!r}"
    for c in range(8, 35):                                # the rule kubectl version warns by
        for s in range(8, 35):
            warns = bool(skew_warning({"major": "1", "minor": str(c)}, {"major": "1", "minor": str(s)}))
            got = skew_supported(f"v1.{c}.0", f"v1.{s}.2")
            assert got is (not warns), f"v1.{c}.0 against v1.{s}.2: kubectl {'warns' if warns else 'does not warn'}"
    return "the booklet's pairs and every pair from 1.8 to 1.34 agree with kubectl version's warning"


EXERCISES = [
    Exercise("04-A", "which server, which user: reading a kubeconfig",
             "Write resolve(config, context=''): the context, cluster, server, user and namespace kubectl\n"
             "takes from a kubeconfig, with kubectl's errors for a missing context or cluster.",
             RESOLVE.lstrip(), "resolve", check_resolve),
    Exercise("04-B", "kubectl's version skew",
             "Write skew_supported(client_version, server_version): kubectl supports servers one minor\n"
             "version older or newer than itself, of the same major version.",
             SKEW.lstrip(), "skew_supported", check_skew),
]
