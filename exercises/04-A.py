"""exercise 04-A: which server, which user: reading a kubeconfig

Write resolve(config, context=''): the context, cluster, server, user and namespace kubectl
takes from a kubeconfig, with kubectl's errors for a missing context or cluster.

Replace each `raise NotImplementedError` with your code, then run
`from k8slab.exercises import check; check("04-A")` in a notebook (or
`pytest tests/exercises -k 04-A` for the reference files).

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
    raise NotImplementedError("exercise 04-A: your code here")
