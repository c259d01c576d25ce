"""exercise 05-B: tolerate the control-plane taint

Write tolerate_control_plane(pod): the tolerations that let a pod run on a node kubeadm
marked as master (v1.11) or control-plane (today), and on no other tainted node.

Replace each `raise NotImplementedError` with your code, then run
`from k8slab.exercises import check; check("05-B")` in a notebook (or
`pytest tests/exercises -k 05-B` for the reference files).

Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.
"""


def tolerate_control_plane(pod: dict) -> dict:
    """A copy of `pod` that may run on a kubeadm control-plane node, of v1.11 (taint
    `node-role.kubernetes.io/master:NoSchedule`) or of today (`node-role.kubernetes.io/control-plane:NoSchedule`).

    Tolerate those taints only: the pod must still keep away from nodes with other taints.
    Keep any tolerations the pod already has, and do not change the pod you were given.
    """
    raise NotImplementedError("exercise 05-B: your code here")
