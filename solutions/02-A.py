"""solution 02-A: kubectl's STATUS column for a Node

Write node_status_column(node): Ready, NotReady or Unknown from the Ready condition, plus
,SchedulingDisabled for a cordoned node, exactly as `kubectl get nodes` prints it.

The reference answer; `check("02-A", "solutions/02-A.py")` passes on it.

Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.
"""


def node_status_column(node: dict) -> str:
    """The STATUS column of `kubectl get nodes` for one Node object.

    Look at the Node's `Ready` condition (status.conditions): status "True" gives `Ready`, any
    other status ("False", "Unknown") gives `NotReady`, and no Ready condition at all gives
    `Unknown`. A node with spec.unschedulable (cordoned) gets `,SchedulingDisabled` appended:
    `Ready,SchedulingDisabled`.
    """
    conditions = {c["type"]: c for c in (node.get("status") or {}).get("conditions") or []}
    status = []
    if "Ready" in conditions:
        status.append("Ready" if conditions["Ready"].get("status") == "True" else "NotReady")
    if not status:
        status.append("Unknown")
    if (node.get("spec") or {}).get("unschedulable"):
        status.append("SchedulingDisabled")
    return ",".join(status)
