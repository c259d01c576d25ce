"""solution 04-A: which server, which user: reading a kubeconfig

Write resolve(config, context=''): the context, cluster, server, user and namespace kubectl
takes from a kubeconfig, with kubectl's errors for a missing context or cluster.

The reference answer; `check("04-A", "solutions/04-A.py")` passes on it.

Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.
"""


def resolve(config: dict, context: str = "") -> dict:
    """What kubectl uses from a kubeconfig (a dict, as yaml.safe_load gives it).

    The context is `context` when given (kubectl's --context), else current-context. Return
    {"context": ..., "cluster": ..., "server": ..., "user": ..., "namespace": ...}: the cluster
    and user the context names, the cluster's server, and the context's namespace ("default"
    when it has none). When the context does not exist, raise ValueError with kubectl's words:
    `context was not found for specified context: NAME`. When the cluster it names does not
    exist: `cluster has no server defined`.
    """
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
