"""PodTopologySpread: spread matching pods evenly across topology domains (nodes, zones, ...).

Follows `pkg/scheduler/framework/plugins/podtopologyspread/` as of v1.32:
- `common.go`: constraints from the pod (whenUnsatisfiable DoNotSchedule for Filter, ScheduleAnyway
  for Score) with matchLabelKeys merged into the selector, node inclusion policies
  (nodeAffinityPolicy Honor, nodeTaintsPolicy Ignore by default); without constraints of its own a
  pod gets the system defaults -- maxSkew 3 on kubernetes.io/hostname and maxSkew 5 on
  topology.kubernetes.io/zone, both ScheduleAnyway -- selecting what its Services,
  ReplicationControllers, ReplicaSets and StatefulSets select (none: no spreading).
- `filtering.go`: PreFilter counts matching pods per topology pair over nodes carrying every
  topology key; Filter rejects when count + self - global minimum > maxSkew ("node(s) didn't
  match pod topology spread constraints", Unschedulable) or the node lacks a key ("... (missing
  required label)", UnschedulableAndUnresolvable); minDomains makes the minimum 0 while there are
  fewer domains. AddPod/RemovePod update the counts for preemption.
- `scoring.go`: per constraint, count * log(domains + 2) + (maxSkew - 1), summed and rounded;
  nodes lacking a key are ignored (except under system defaults, where only present keys count);
  NormalizeScore gives 100 * (max + min - score) / max.
"""

from __future__ import annotations

import math

from ...api.selectors import matches_labels, selector_from_label_selector
from ..framework import MAX_NODE_SCORE, SKIP, UNSCHEDULABLE, UNSCHEDULABLE_AND_UNRESOLVABLE, Plugin, Status
from ..nodeinfo import LABEL_HOSTNAME
from .helper import RequiredNodeAffinity, default_selector, find_matching_untolerated_taint

NAME = "PodTopologySpread"
PRE_FILTER_STATE_KEY = "PreFilter" + NAME
PRE_SCORE_STATE_KEY = "PreScore" + NAME
ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints"
ERR_REASON_NODE_LABEL_NOT_MATCH = ERR_REASON_CONSTRAINTS_NOT_MATCH + " (missing required label)"
LABEL_TOPOLOGY_ZONE = "topology.kubernetes.io/zone"
SYSTEM_DEFAULT_CONSTRAINTS = (
    {"topologyKey": LABEL_HOSTNAME, "whenUnsatisfiable": "ScheduleAnyway", "maxSkew": 3},
    {"topologyKey": LABEL_TOPOLOGY_ZONE, "whenUnsatisfiable": "ScheduleAnyway", "maxSkew": 5},
)
_SKIP = Status(SKIP)
_BIG = 2 ** 31 - 1


class Constraint:
    __slots__ = ("max_skew", "topology_key", "selector", "min_domains", "affinity_policy", "taints_policy")

    def __init__(self, c: dict, selector):
        self.max_skew = int(c.get("maxSkew") or 1)
        self.topology_key = c.get("topologyKey") or ""
        self.selector = selector
        self.min_domains = int(c.get("minDomains") or 1)
        self.affinity_policy = c.get("nodeAffinityPolicy") or "Honor"
        self.taints_policy = c.get("nodeTaintsPolicy") or "Ignore"

    def includes(self, pi, ni, required: RequiredNodeAffinity) -> bool:
        """matchNodeInclusionPolicies."""
        if self.affinity_policy == "Honor" and not required.match(ni.labels, ni.name):
            return False
        if self.taints_policy == "Honor" and find_matching_untolerated_taint(ni.taints, pi.tolerations):
            return False
        return True


def count_pods_match_selector(ni, selector, ns: str) -> int:
    """countPodsMatchSelector over a node's pods (grouped by label set in the NodeInfo)."""
    return ni.count_matching(selector, ns)


def labels_have_keys(labels: dict, constraints) -> bool:
    return all(c.topology_key in labels for c in constraints)


class _PreFilterState:
    __slots__ = ("constraints", "pair_counts", "domains", "minimums", "required")

    def __init__(self, constraints, required):
        self.constraints, self.required = constraints, required
        self.pair_counts: dict[tuple, int] = {}
        self.domains: dict[str, int] = {}
        self.minimums: list[int] = []

    def recompute(self) -> None:
        self.domains = {}
        mins: dict[str, int] = {}
        for (key, _), n in self.pair_counts.items():
            self.domains[key] = self.domains.get(key, 0) + 1
            mins[key] = min(mins.get(key, _BIG), n)
        self.minimums = [mins.get(c.topology_key, _BIG) for c in self.constraints]

    def clone(self):
        c = _PreFilterState(self.constraints, self.required)
        c.pair_counts, c.domains, c.minimums = dict(self.pair_counts), dict(self.domains), list(self.minimums)
        return c

    def update_with_pod(self, pi, other, ni, delta: int) -> None:
        if other.namespace != pi.namespace or not labels_have_keys(ni.labels, self.constraints):
            return
        for c in self.constraints:
            if matches_labels(c.selector, other.labels) and c.includes(pi, ni, self.required):
                pair = (c.topology_key, ni.labels[c.topology_key])
                self.pair_counts[pair] = self.pair_counts.get(pair, 0) + delta
        self.recompute()


class PodTopologySpread(Plugin):
    name = NAME
    _label_missing = Status(UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_REASON_NODE_LABEL_NOT_MATCH, plugin=NAME)
    _skewed = Status(UNSCHEDULABLE, ERR_REASON_CONSTRAINTS_NOT_MATCH, plugin=NAME)

    def __init__(self, handle=None, args=None):
        super().__init__(handle, args)
        self.defaulting_type = self.args.get("defaultingType", "System")
        self.default_constraints = (SYSTEM_DEFAULT_CONSTRAINTS if self.defaulting_type == "System"
                                    else tuple(self.args.get("defaultConstraints") or ()))
        self.system_defaulted = self.defaulting_type == "System"

    def constraints_for(self, pi, action: str) -> list[Constraint]:
        own = (pi.pod.get("spec") or {}).get("topologySpreadConstraints") or []
        source = own or self.default_constraints
        wanted = [c for c in source if c.get("whenUnsatisfiable") == action]
        if not wanted:
            return []
        if own:
            out = []
            for c in wanted:
                sel = list(selector_from_label_selector(c.get("labelSelector")) or [])
                for key in c.get("matchLabelKeys") or []:
                    if key in pi.labels:
                        sel.append((key, "in", (pi.labels[key],)))
                out.append(Constraint(c, sel if c.get("labelSelector") is not None else None))
            return out
        selector = default_selector(pi.pod, self.handle)
        if not selector:
            return []
        return [Constraint(c, selector) for c in wanted]

    # ---- PreFilter / Filter ---------------------------------------------------------------------

    def pre_filter(self, state, pi, nodes):
        constraints = self.constraints_for(pi, "DoNotSchedule")
        if not constraints:
            return None, _SKIP
        s = _PreFilterState(constraints, RequiredNodeAffinity(pi.pod))
        for ni in self.handle.cache.node_list():
            if not labels_have_keys(ni.labels, constraints):
                continue
            for c in constraints:
                if not c.includes(pi, ni, s.required):
                    continue
                pair = (c.topology_key, ni.labels[c.topology_key])
                s.pair_counts[pair] = s.pair_counts.get(pair, 0) + \
                    count_pods_match_selector(ni, c.selector, pi.namespace)
        s.recompute()
        state[PRE_FILTER_STATE_KEY] = s
        return None, None

    def add_pod(self, state, pi, other, ni):
        state[PRE_FILTER_STATE_KEY].update_with_pod(pi, other, ni, 1)

    def remove_pod(self, state, pi, other, ni):
        state[PRE_FILTER_STATE_KEY].update_with_pod(pi, other, ni, -1)

    def filter(self, state, pi, ni):
        s = state[PRE_FILTER_STATE_KEY]
        for i, c in enumerate(s.constraints):
            tv = ni.labels.get(c.topology_key)
            if tv is None:
                return self._label_missing
            min_match = s.minimums[i]
            if s.domains.get(c.topology_key, 0) < c.min_domains:
                min_match = 0
            self_match = 1 if matches_labels(c.selector, pi.labels) else 0
            if s.pair_counts.get((c.topology_key, tv), 0) + self_match - min_match > c.max_skew:
                return self._skewed
        return None

    # ---- PreScore / Score -----------------------------------------------------------------------

    def pre_score(self, state, pi, nodes):
        all_nodes = self.handle.cache.node_list()
        if not nodes or not all_nodes:
            return _SKIP
        constraints = self.constraints_for(pi, "ScheduleAnyway")
        if not constraints:
            return _SKIP
        require_all = bool((pi.pod.get("spec") or {}).get("topologySpreadConstraints")) or not self.system_defaulted
        ignored: set[str] = set()
        pair_counts: dict[tuple, int] = {}
        sizes = [0] * len(constraints)
        read = False                            # does Score read any pair counted below?
        for ni in nodes:
            if require_all and not labels_have_keys(ni.labels, constraints):
                ignored.add(ni.name)
                continue
            for i, c in enumerate(constraints):
                if c.topology_key == LABEL_HOSTNAME:
                    continue                    # per-node counts are taken in Score
                read = read or c.topology_key in ni.labels
                pair = (c.topology_key, ni.labels.get(c.topology_key, ""))
                if pair not in pair_counts:
                    pair_counts[pair] = 0
                    sizes[i] += 1
        weights = [math.log((len(nodes) - len(ignored) if c.topology_key == LABEL_HOSTNAME else sizes[i]) + 2)
                   for i, c in enumerate(constraints)]
        required = RequiredNodeAffinity(pi.pod)
        # no feasible node has a zone (or other non-hostname) label: Score reads no pair count,
        # so the walk over every node of the cluster that fills them is skipped
        for ni in all_nodes if read else ():
            if require_all and not labels_have_keys(ni.labels, constraints):
                continue
            for c in constraints:
                # a node without the key never reads its count (Score skips it): do not count there;
                # nor for a pair nobody reads (hostname pairs are counted in Score)
                tv = ni.labels.get(c.topology_key)
                if tv is None:
                    continue
                pair = (c.topology_key, tv)
                if pair in pair_counts and c.includes(pi, ni, required):
                    pair_counts[pair] += count_pods_match_selector(ni, c.selector, pi.namespace)
        state[PRE_SCORE_STATE_KEY] = (constraints, pair_counts, weights, ignored)
        return None

    def score(self, state, pi, ni) -> int:
        constraints, pair_counts, weights, ignored = state[PRE_SCORE_STATE_KEY]
        if ni.name in ignored:
            return 0
        total = 0.0
        for i, c in enumerate(constraints):
            tv = ni.labels.get(c.topology_key)
            if tv is None:
                continue
            if c.topology_key == LABEL_HOSTNAME:
                cnt = count_pods_match_selector(ni, c.selector, pi.namespace)
            else:
                cnt = pair_counts.get((c.topology_key, tv), 0)
            total += cnt * weights[i] + (c.max_skew - 1)
        return int(math.floor(total + 0.5))            # Go's math.Round for non-negative values

    def normalize_score(self, state, pi, nodes, scores):
        _, _, _, ignored = state[PRE_SCORE_STATE_KEY]
        considered = [s for ni, s in zip(nodes, scores) if ni.name not in ignored]
        lo, hi = (min(considered), max(considered)) if considered else (0, 0)
        for i, ni in enumerate(nodes):
            if ni.name in ignored:
                scores[i] = 0
            elif hi == 0:
                scores[i] = MAX_NODE_SCORE
            else:
                scores[i] = MAX_NODE_SCORE * (hi + lo - scores[i]) // hi

    def events_to_register(self):
        return {"AssignedPodAdd": None, "AssignedPodUpdate": None, "AssignedPodDelete": None,
                "NodeAdd": None, "NodeUpdate": None}
