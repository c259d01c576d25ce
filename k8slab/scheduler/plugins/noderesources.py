"""NodeResourcesFit: the node must have room for the pod's requests; scoring prefers the node with
the most room left (the LeastAllocated strategy).

Follows `pkg/scheduler/framework/plugins/noderesources/fit.go` (PreFilter computes the pod's
requests; Filter reports "Too many pods", "Insufficient cpu", "Insufficient memory",
"Insufficient ephemeral-storage", "Insufficient <extended resource>", all in one Unschedulable
status), `resource_allocation.go` (requested = the node's NonZeroRequested plus the
pod's request with the 100m cpu / 200Mi memory defaults for containers that request nothing) and
`least_allocated.go` (per resource (allocatable - requested) * 100 / allocatable, 0 when over;
weighted mean with cpu and memory weights 1).

Differences from upstream: the MostAllocated and RequestedToCapacityRatio strategies and
ignoredResources / ignoredResourceGroups are not offered. As in v1.32 every shortage is
Unschedulable (from v1.34 a request larger than the node's whole allocatable is
UnschedulableAndUnresolvable, kubernetes#131345, so preemption skips such nodes).
"""

from __future__ import annotations

from ..framework import MAX_NODE_SCORE, UNSCHEDULABLE, Plugin, Status

NAME = "NodeResourcesFit"
PRE_FILTER_STATE_KEY = "PreFilter" + NAME
DEFAULT_RESOURCES = (("cpu", 1), ("memory", 1))


class Fit(Plugin):
    name = NAME

    def __init__(self, handle=None, args=None):
        super().__init__(handle, args)
        self.resources = tuple((r["name"], r.get("weight", 1)) for r in (self.args.get("resources") or [])) \
            or DEFAULT_RESOURCES
        self._statuses: dict[tuple, Status] = {}

    def pre_filter(self, state, pi, nodes):
        state[PRE_FILTER_STATE_KEY] = pi          # PodInfo carries the computed requests
        return None, None

    def _status(self, code: int, reasons: tuple) -> Status:
        st = self._statuses.get((code, reasons))
        if st is None:
            st = self._statuses[(code, reasons)] = Status(code, *reasons, plugin=NAME)
        return st

    def filter(self, state, pi, ni):
        cpu, mem, eph = pi.milli_cpu, pi.memory, pi.ephemeral_storage
        too_many = len(ni.pods) + 1 > ni.alloc_pods
        if not too_many and not pi.scalars and \
                cpu <= ni.alloc_milli_cpu - ni.req_milli_cpu and \
                mem <= ni.alloc_memory - ni.req_memory and \
                eph <= ni.alloc_ephemeral - ni.req_ephemeral:
            return None                                     # the fast path: it fits
        insufficient = fits_request(pi, ni)
        if not insufficient:
            return None
        return self._status(UNSCHEDULABLE, tuple(reason for _, reason in insufficient))

    def filter_nodes(self, state, pi, nodes, statuses):
        if pi.scalars:
            return super().filter_nodes(state, pi, nodes, statuses)
        cpu, mem, eph = pi.milli_cpu, pi.memory, pi.ephemeral_storage
        out = []
        append = out.append
        for ni in nodes:
            if cpu <= ni.alloc_milli_cpu - ni.req_milli_cpu and mem <= ni.alloc_memory - ni.req_memory and \
                    len(ni.pods) < ni.alloc_pods and (not eph or eph <= ni.alloc_ephemeral - ni.req_ephemeral):
                append(ni)
            else:
                st = self.filter(state, pi, ni)
                if st is None:
                    out.append(ni)
                else:
                    statuses[ni.name] = st
        return out

    # ---- scoring: LeastAllocated -------------------------------------------------------------------

    def score_nodes(self, state, pi, nodes):
        cpu, mem = pi.non0_cpu, pi.non0_mem
        if self.resources == DEFAULT_RESOURCES:           # the hot path, inlined
            out = []
            append = out.append
            for ni in nodes:
                ac, am = ni.alloc_milli_cpu, ni.alloc_memory
                if ac and am:
                    rc, rm = ni.non0_milli_cpu + cpu, ni.non0_memory + mem
                    cpu_score = (ac - rc) * MAX_NODE_SCORE // ac if rc <= ac else 0
                    mem_score = (am - rm) * MAX_NODE_SCORE // am if rm <= am else 0
                    append((cpu_score + mem_score) // 2)        # weights 1 and 1
                else:
                    append(self.score(state, pi, ni))
            return out
        return [self.score(state, pi, ni) for ni in nodes]

    def score(self, state, pi, ni) -> int:
        total = weights = 0
        for res, weight in self.resources:
            alloc, req = allocatable_and_requested(ni, pi, res, non_zero=True)
            if not alloc:
                continue
            total += least_requested_score(req, alloc) * weight
            weights += weight
        return total // weights if weights else 0

    def events_to_register(self):
        def node_change(pi, old, new):
            from ..nodeinfo import NodeInfo
            ni = NodeInfo(new["metadata"]["name"])
            ni.set_node(new)
            if fits_request(pi, ni):
                return False
            if old is None:
                return True
            before = NodeInfo(old["metadata"]["name"])
            before.set_node(old)
            return (ni.alloc_milli_cpu > before.alloc_milli_cpu or ni.alloc_memory > before.alloc_memory
                    or ni.alloc_pods > before.alloc_pods or ni.alloc_ephemeral > before.alloc_ephemeral
                    or ni.alloc_scalars != before.alloc_scalars)
        return {"AssignedPodDelete": None, "NodeAdd": node_change, "NodeUpdate": node_change}


def fits_request(pi, ni) -> list[tuple[str, str]]:
    """fitsRequest: (resource, reason) for each resource the node lacks."""
    out = []
    if len(ni.pods) + 1 > ni.alloc_pods:
        out.append(("pods", "Too many pods"))
    cpu, mem, eph = pi.milli_cpu, pi.memory, pi.ephemeral_storage
    if cpu == 0 and mem == 0 and eph == 0 and not pi.scalars:
        return out
    if cpu > 0 and cpu > ni.alloc_milli_cpu - ni.req_milli_cpu:
        out.append(("cpu", "Insufficient cpu"))
    if mem > 0 and mem > ni.alloc_memory - ni.req_memory:
        out.append(("memory", "Insufficient memory"))
    if eph > 0 and eph > ni.alloc_ephemeral - ni.req_ephemeral:
        out.append(("ephemeral-storage", "Insufficient ephemeral-storage"))
    for name, q in pi.scalars.items():
        if q > ni.alloc_scalars.get(name, 0) - ni.req_scalars.get(name, 0):
            out.append((name, f"Insufficient {name}"))
    return out


def allocatable_and_requested(ni, pi, resource: str, non_zero: bool) -> tuple[int, int]:
    """calculateResourceAllocatableRequest: (allocatable, node's requested + the pod's request)."""
    if resource == "cpu":
        return ni.alloc_milli_cpu, (ni.non0_milli_cpu + pi.non0_cpu if non_zero else ni.req_milli_cpu + pi.milli_cpu)
    if resource == "memory":
        return ni.alloc_memory, (ni.non0_memory + pi.non0_mem if non_zero else ni.req_memory + pi.memory)
    if resource == "ephemeral-storage":
        return ni.alloc_ephemeral, ni.req_ephemeral + pi.ephemeral_storage
    q = pi.scalars.get(resource, 0)
    if q == 0:
        return 0, 0                        # an extended resource the pod does not request: not scored
    return ni.alloc_scalars.get(resource, 0), ni.req_scalars.get(resource, 0) + q


def least_requested_score(requested: int, capacity: int) -> int:
    if capacity == 0 or requested > capacity:
        return 0
    return (capacity - requested) * MAX_NODE_SCORE // capacity
