"""exercise 02-A: kubectl's STATUS column for a Node

Write node_status_column(node): Ready, NotReady or Unknown from the Ready condition, plus
,SchedulingDisabled for a cordoned node, exactly as `kubectl get nodes` prints it.

Replace each `raise NotImplementedError` with your code, then run
`from k8slab.exercises import check; check("02-A")` in a notebook (or
`pytest tests/exercises -k 02-A` for the reference files).

Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.
"""


def node_status_column(node: dict) -> str:
    """The STATUS column of `kubectl get nodes` for one Node object.

    Look at the Node's `Ready` condition (status.conditions): status "True" gives `Ready`, any
    other status ("False", "Unknown") gives `NotReady`, and no Ready condition at all gives
    `Unknown`. A node with spec.unschedulable (cordoned) gets `,SchedulingDisabled` appended:
    `Ready,SchedulingDisabled`.
    """
    raise NotImplementedError("exercise 02-A: your code here")
