"""solution 16-A: allocatable: capacity minus the hard eviction threshold

Write allocatable_after_eviction(capacity_bytes, threshold) as the kubelet computes a node's
allocatable memory and ephemeral storage (pkg/kubelet/cm/node_container_manager_linux.go,
GetNodeAllocatableReservation), and reproduce the booklet's 89032026784.

The reference answer; `check("16-A", "solutions/16-A.py")` passes on it.

Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.
"""


def allocatable_after_eviction(capacity_bytes: int, threshold: str) -> int:
    """What is left of `capacity_bytes` once the kubelet holds back a hard eviction threshold.

    `threshold` is a quantity in binary units ("100Mi", "1Gi", "512Ki") or a percentage of the
    capacity ("10%"). The kubelet keeps a percentage as a float32 (Go's float32) and drops the
    fraction of the product: reserved = int(capacity * float32(percent / 100)). Return
    capacity - reserved, never below 0.
    """
    import struct
    if threshold.endswith("%"):
        fraction = struct.unpack("f", struct.pack("f", float(threshold[:-1]) / 100))[0]
        reserved = int(capacity_bytes * fraction)
    else:
        units = {"Ki": 2 ** 10, "Mi": 2 ** 20, "Gi": 2 ** 30, "Ti": 2 ** 40}
        suffix = threshold[-2:]
        reserved = int(threshold[:-2]) * units[suffix] if suffix in units else int(threshold)
    return max(0, capacity_bytes - reserved)
