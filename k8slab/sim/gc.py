"""Garbage-collector settings for a process that holds a whole cluster.

A k8slab cluster is hundreds of thousands of small, acyclic JSON objects (dicts, lists, strings)
that live long. CPython's default thresholds (700, 10, 10) start a young collection every 700
allocations and, as the heap grows, full collections that walk every live object -- in a
5,000-pod cluster that is more than half of the process's time, spent finding almost nothing
(the objects hold no reference cycles). `tune()` raises the thresholds, as long-running Python
servers do; reference counting still frees everything that is not in a cycle at once, and the
rare cycles are collected when the (larger) thresholds are reached.

The process entry points call it (`k8slab up`, `k8slab bench`); a notebook's small Cluster does
not need it and the library never changes a process setting on its own.
"""

from __future__ import annotations

import gc

THRESHOLDS = (100_000, 20, 10)


def tune() -> tuple:
    """Set THRESHOLDS; returns the previous ones."""
    before = gc.get_threshold()
    gc.set_threshold(*THRESHOLDS)
    return before
