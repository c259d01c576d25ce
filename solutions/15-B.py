"""solution 15-B: selectHost: the best score, and ties in turn

Write select_host(scores, last_node_index) as Kubernetes v1.11 chose among equally good
nodes (pkg/scheduler/core/generic_scheduler.go, selectHost).

The reference answer; `check("15-B", "solutions/15-B.py")` passes on it.

Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.
"""


def select_host(scores: list, last_node_index: int) -> tuple:
    """Kubernetes v1.11's selectHost: the node with the highest score, ties taken in turn.

    `scores` is a list of (node, score). Among the nodes sharing the highest score (kept in the
    order given), pick the one at position last_node_index modulo how many there are; return
    (node, last_node_index + 1). An empty list raises ValueError("empty priorityList").
    """
    if not scores:
        raise ValueError("empty priorityList")
    best = max(score for _, score in scores)
    ties = [node for node, score in scores if score == best]
    return ties[last_node_index % len(ties)], last_node_index + 1
