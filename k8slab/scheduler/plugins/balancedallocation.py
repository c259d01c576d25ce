"""NodeResourcesBalancedAllocation: prefer nodes where cpu and memory would be used in equal shares.

Follows `pkg/scheduler/framework/plugins/noderesources/balanced_allocation.go`: requested is the
node's Requested plus the pod's requests (no non-zero defaults); each share is capped at 1; the
score is (1 - standard deviation of the shares) * 100, with the two-resource shortcut
|share1 - share2| / 2.

Differences from upstream v1.32: PreScore is skipped for a pod that requests nothing (BestEffort),
as upstream does since v1.33 (kubernetes#129138: otherwise such pods pile up on one node).
"""

from __future__ import annotations

import math

from ..framework import MAX_NODE_SCORE, SKIP, Plugin, Status
from .noderesources import DEFAULT_RESOURCES, allocatable_and_requested

NAME = "NodeResourcesBalancedAllocation"
_SKIP = Status(SKIP)


class BalancedAllocation(Plugin):
    name = NAME

    def __init__(self, handle=None, args=None):
        super().__init__(handle, args)
        self.resources = tuple((r["name"], r.get("weight", 1)) for r in (self.args.get("resources") or [])) \
            or DEFAULT_RESOURCES

    def pre_score(self, state, pi, nodes):
        if all(allocatable_and_requested_pod(pi, r) == 0 for r, _ in self.resources):
            return _SKIP
        return None

    def score_nodes(self, state, pi, nodes):
        if self.resources != DEFAULT_RESOURCES:
            return [self.score(state, pi, ni) for ni in nodes]
        cpu, mem = pi.milli_cpu, pi.memory
        out = []
        append = out.append
        for ni in nodes:
            ac, am = ni.alloc_milli_cpu, ni.alloc_memory
            if ac and am:
                f1 = (ni.req_milli_cpu + cpu) / ac
                f2 = (ni.req_memory + mem) / am
                if f1 > 1.0:
                    f1 = 1.0
                if f2 > 1.0:
                    f2 = 1.0
                d = f1 - f2 if f1 >= f2 else f2 - f1          # |f1 - f2| / 2 is the std of two shares
                append(int((1 - d / 2) * MAX_NODE_SCORE))
            else:
                append(self.score(state, pi, ni))
        return out

    def score(self, state, pi, ni) -> int:
        fractions = []
        for res, _ in self.resources:
            alloc, req = allocatable_and_requested(ni, pi, res, non_zero=False)
            if alloc:
                fractions.append(min(req / alloc, 1.0))
        return balanced_resource_score(fractions)


def allocatable_and_requested_pod(pi, resource: str) -> int:
    return {"cpu": pi.milli_cpu, "memory": pi.memory,
            "ephemeral-storage": pi.ephemeral_storage}.get(resource, pi.scalars.get(resource, 0))


def balanced_resource_score(fractions: list[float]) -> int:
    std = 0.0
    if len(fractions) == 2:
        std = abs((fractions[0] - fractions[1]) / 2)
    elif len(fractions) > 2:
        mean = sum(fractions) / len(fractions)
        std = math.sqrt(sum((f - mean) ** 2 for f in fractions) / len(fractions))
    return int((1 - std) * MAX_NODE_SCORE)
