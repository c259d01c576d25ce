"""exercise 16-A: allocatable: capacity minus the hard eviction threshold

Write allocatable_after_eviction(capacity_bytes, threshold) as the kubelet computes a node's
allocatable memory and ephemeral storage (pkg/kubelet/cm/node_container_manager_linux.go,
GetNodeAllocatableReservation), and reproduce the booklet's 89032026784.

Replace each `raise NotImplementedError` with your code, then run
`from k8slab.exercises import check; check("16-A")` in a notebook (or
`pytest tests/exercises -k 16-A` for the reference files).

Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.
"""


def allocatable_after_eviction(capacity_bytes: int, threshold: str) -> int:
    """What is left of `capacity_bytes` once the kubelet holds back a hard eviction threshold.

    `threshold` is a quantity in binary units ("100Mi", "1Gi", "512Ki") or a percentage of the
    capacity ("10%"). The kubelet keeps a percentage as a float32 (Go's float32) and drops the
    fraction of the product: reserved = int(capacity * float32(percent / 100)). Return
    capacity - reserved, never below 0.
    """
    raise NotImplementedError("exercise 16-A: your code here")
