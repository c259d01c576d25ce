"""exercise 06-B: which cluster, which namespace

Write effective_target(kubeconfig, context, namespace, server): the API server URL and the
namespace kubectl uses, from a kubeconfig and the --context, -n and --server flags.

Replace each `raise NotImplementedError` with your code, then run
`from k8slab.exercises import check; check("06-B")` in a notebook (or
`pytest tests/exercises -k 06-B` for the reference files).

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
    raise NotImplementedError("exercise 06-B: your code here")
