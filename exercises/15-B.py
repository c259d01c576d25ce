"""exercise 15-B: selectHost: the best score, and ties in turn

Write select_host(scores, last_node_index) as Kubernetes v1.11 chose among equally good
nodes (pkg/scheduler/core/generic_scheduler.go, selectHost).

Replace each `raise NotImplementedError` with your code, then run
`from k8slab.exercises import check; check("15-B")` in a notebook (or
`pytest tests/exercises -k 15-B` for the reference files).

Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.
"""


def select_host(scores: list, last_node_index: int) -> tuple:
    """Kubernetes v1.11's selectHost: the node with the highest score, ties taken in turn.

    `scores` is a list of (node, score). Among the nodes sharing the highest score (kept in the
    order given), pick the one at position last_node_index modulo how many there are; return
    (node, last_node_index + 1). An empty list raises ValueError("empty priorityList").
    """
    raise NotImplementedError("exercise 15-B: your code here")
