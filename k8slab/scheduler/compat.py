"""The book profile: how the booklet's v1.11 scheduler named and broke ties what the framework does now.

In v1.11 (`pkg/scheduler/algorithm/predicates`, `.../priorities`, `pkg/scheduler/core/
generic_scheduler.go`) filters were "predicates" and scores "priorities"; the framework plugins of
today took over their work. Traces rendered for a cluster whose profile is "book" use these names,
and `select_host_round_robin` is v1.11's selectHost: among the nodes sharing the top score it
picks `lastNodeIndex % ties` and increments lastNodeIndex (today: reservoir sampling, see
schedule_one.select_host).
"""

from __future__ import annotations

# plugin (at its Filter point) -> v1.11 predicate
V1_11_PREDICATES = {
    "NodeResourcesFit": "PodFitsResources",
    "NodePorts": "PodFitsHostPorts",
    "NodeAffinity": "MatchNodeSelector",
    "TaintToleration": "PodToleratesNodeTaints",
    "NodeUnschedulable": "CheckNodeUnschedulable",
    "NodeName": "HostName",
    "InterPodAffinity": "MatchInterPodAffinity",
}

# plugin (at its Score point) -> v1.11 priority function
V1_11_PRIORITIES = {
    "NodeResourcesFit": "LeastRequestedPriority",
    "NodeResourcesBalancedAllocation": "BalancedResourceAllocation",
    "ImageLocality": "ImageLocalityPriority",
    "PodTopologySpread": "SelectorSpreadPriority",
    "InterPodAffinity": "InterPodAffinityPriority",
    "NodeAffinity": "NodeAffinityPriority",
    "TaintToleration": "TaintTolerationPriority",
}


def filter_name(plugin: str, profile: str) -> str:
    return V1_11_PREDICATES.get(plugin, plugin) if profile == "book" else plugin


def score_name(plugin: str, profile: str) -> str:
    return V1_11_PRIORITIES.get(plugin, plugin) if profile == "book" else plugin


class RoundRobin:
    """v1.11 selectHost's lastNodeIndex, kept by the scheduler across cycles."""

    def __init__(self):
        self.last_node_index = 0

    def select(self, tied: list[int]) -> int:
        ix = tied[self.last_node_index % len(tied)]
        self.last_node_index += 1
        return ix
