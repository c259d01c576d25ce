"""solution 06-B: which cluster, which namespace

Write effective_target(kubeconfig, context, namespace, server): the API server URL and the
namespace kubectl uses, from a kubeconfig and the --context, -n and --server flags.

The reference answer; `check("06-B", "solutions/06-B.py")` passes on it.

Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.
"""


def effective_target(kubeconfig: dict, context: str = "", namespace: str = "", server: str = "") -> tuple[str, str]:
    """(server URL, namespace) that `kubectl get pods` uses with this kubeconfig and the flags
    --context, --namespace/-n and --server/-s ("" when a flag is not given).

    The context is the flag's, else the kubeconfig's current-context. The context names a cluster
    (whose `server` is the URL unless --server overrides it) and may name a namespace; -n beats the
    context's namespace, and without either the namespace is "default". A context or cluster that
    is not in the kubeconfig raises LookupError.
    """
    def named(section: str, wanted: str) -> dict:
        for entry in kubeconfig.get(section) or []:
            if entry["name"] == wanted:
                return entry[section[:-1]]
        raise LookupError(f"no {section[:-1]} named {wanted!r}")

    ctx = named("contexts", context or kubeconfig.get("current-context", ""))
    url = server or named("clusters", ctx["cluster"])["server"]
    return url, namespace or ctx.get("namespace") or "default"
