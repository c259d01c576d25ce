"""InterPodAffinity: place a pod near (affinity) or away from (anti-affinity) pods matching a label
selector, within a topology domain named by topologyKey (a node, a zone, ...).

Follows `pkg/scheduler/framework/plugins/interpodaffinity/filtering.go`: PreFilter counts, per
topology pair (key, value), the existing pods whose required anti-affinity terms match the incoming
pod, and the existing pods matching the incoming pod's required affinity (all terms) and
anti-affinity terms; it is skipped when there is nothing to check. Filter rejects with
"node(s) didn't match pod affinity rules" (UnschedulableAndUnresolvable; a pod whose affinity
matches itself may start a group when no pod matches anywhere), "node(s) didn't match pod
anti-affinity rules" and "node(s) didn't satisfy existing pods anti-affinity rules" (Unschedulable).
AddPod/RemovePod keep the counts right during preemption's dry runs.

And `scoring.go`: PreScore sums, per topology pair, the weights of the incoming pod's preferred
(anti-)affinity terms matching existing pods, existing pods' preferred terms matching the incoming
pod, and existing pods' required affinity terms at hardPodAffinityWeight 1; Score reads the sum for
the node's topology values; NormalizeScore maps [min, max] to [0, 100].

Differences from upstream: namespaceSelector is evaluated against namespace labels at match time
instead of being merged into the namespaces list first (same result).
"""

from __future__ import annotations

from ..framework import MAX_NODE_SCORE, SKIP, UNSCHEDULABLE, UNSCHEDULABLE_AND_UNRESOLVABLE, Plugin, Status

NAME = "InterPodAffinity"
PRE_FILTER_STATE_KEY = "PreFilter" + NAME
PRE_SCORE_STATE_KEY = "PreScore" + NAME
ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't satisfy existing pods anti-affinity rules"
ERR_REASON_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod affinity rules"
ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod anti-affinity rules"
HARD_POD_AFFINITY_WEIGHT = 1
_SKIP = Status(SKIP)


def _bump(counts: dict, labels: dict, key: str, value: int) -> None:
    tv = labels.get(key)
    if tv is None:
        return
    pair = (key, tv)
    n = counts.get(pair, 0) + value
    if n:
        counts[pair] = n
    else:
        counts.pop(pair, None)


class _PreFilterState:
    __slots__ = ("pi", "existing_anti_affinity_counts", "affinity_counts", "anti_affinity_counts", "ns_labels")

    def __init__(self, pi, ns_labels):
        self.pi, self.ns_labels = pi, ns_labels
        self.existing_anti_affinity_counts: dict = {}
        self.affinity_counts: dict = {}
        self.anti_affinity_counts: dict = {}

    def clone(self):
        c = _PreFilterState(self.pi, self.ns_labels)
        c.existing_anti_affinity_counts = dict(self.existing_anti_affinity_counts)
        c.affinity_counts = dict(self.affinity_counts)
        c.anti_affinity_counts = dict(self.anti_affinity_counts)
        return c

    def update_with_pod(self, other, labels: dict, multiplier: int) -> None:
        for t in other.required_anti_affinity_terms:
            if t.matches(self.pi, self.ns_labels):
                _bump(self.existing_anti_affinity_counts, labels, t.topology_key, multiplier)
        self.add_incoming(other, labels, multiplier)

    def add_incoming(self, other, labels: dict, multiplier: int) -> None:
        terms = self.pi.required_affinity_terms
        if terms and all(t.matches(other, self.ns_labels) for t in terms):
            for t in terms:
                _bump(self.affinity_counts, labels, t.topology_key, multiplier)
        for t in self.pi.required_anti_affinity_terms:
            if t.matches(other, self.ns_labels):
                _bump(self.anti_affinity_counts, labels, t.topology_key, multiplier)


class InterPodAffinity(Plugin):
    name = NAME
    _affinity = Status(UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_REASON_AFFINITY_RULES_NOT_MATCH, plugin=NAME)
    _anti = Status(UNSCHEDULABLE, ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH, plugin=NAME)
    _existing = Status(UNSCHEDULABLE, ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH, plugin=NAME)

    # ---- PreFilter / Filter ---------------------------------------------------------------------

    def pre_filter(self, state, pi, nodes):
        cache = self.handle.cache
        s = _PreFilterState(pi, self.handle.namespace_labels)
        for ni in cache.nodes_with_required_anti_affinity():
            for other in ni.pods_with_required_anti_affinity.values():
                for t in other.required_anti_affinity_terms:
                    if t.matches(pi, s.ns_labels):
                        _bump(s.existing_anti_affinity_counts, ni.labels, t.topology_key, 1)
        if pi.required_affinity_terms or pi.required_anti_affinity_terms:
            for ni in cache.node_list():
                for other in ni.pods.values():
                    s.add_incoming(other, ni.labels, 1)
        if not s.existing_anti_affinity_counts and not pi.required_affinity_terms \
                and not pi.required_anti_affinity_terms:
            return None, _SKIP
        state[PRE_FILTER_STATE_KEY] = s
        return None, None

    def add_pod(self, state, pi, other, ni):
        state[PRE_FILTER_STATE_KEY].update_with_pod(other, ni.labels, 1)

    def remove_pod(self, state, pi, other, ni):
        state[PRE_FILTER_STATE_KEY].update_with_pod(other, ni.labels, -1)

    def filter(self, state, pi, ni):
        s = state[PRE_FILTER_STATE_KEY]
        labels = ni.labels
        if not self._satisfy_pod_affinity(s, pi, labels):
            return self._affinity
        for t in pi.required_anti_affinity_terms:
            tv = labels.get(t.topology_key)
            if tv is not None and s.anti_affinity_counts.get((t.topology_key, tv), 0) > 0:
                return self._anti
        if s.existing_anti_affinity_counts:
            for pair in labels.items():
                if s.existing_anti_affinity_counts.get(pair, 0) > 0:
                    return self._existing
        return None

    @staticmethod
    def _satisfy_pod_affinity(s, pi, labels) -> bool:
        pods_exist = True
        for t in pi.required_affinity_terms:
            tv = labels.get(t.topology_key)
            if tv is None:
                return False                     # every topology label must exist on the node
            if s.affinity_counts.get((t.topology_key, tv), 0) <= 0:
                pods_exist = False
        if not pods_exist:
            # the first pod of a group that has affinity to itself may go anywhere
            return not s.affinity_counts and all(t.matches(pi, s.ns_labels) for t in pi.required_affinity_terms)
        return True

    # ---- PreScore / Score -----------------------------------------------------------------------

    def pre_score(self, state, pi, nodes):
        has_constraints = bool(pi.preferred_affinity_terms or pi.preferred_anti_affinity_terms)
        cache = self.handle.cache
        all_nodes = cache.node_list() if has_constraints else cache.nodes_with_affinity()
        if not all_nodes:
            return _SKIP
        ns_labels = self.handle.namespace_labels
        topology_score: dict[str, dict[str, int]] = {}

        def process_term(term, weight, pod, node_labels, multiplier):
            if term.matches(pod, ns_labels):
                tv = node_labels.get(term.topology_key)
                if tv is not None:
                    m = topology_score.setdefault(term.topology_key, {})
                    m[tv] = m.get(tv, 0) + weight * multiplier

        for ni in all_nodes:
            if not ni.labels:
                continue
            others = ni.pods.values() if has_constraints else ni.pods_with_affinity.values()
            for other in others:
                for term, w in pi.preferred_affinity_terms:
                    process_term(term, w, other, ni.labels, 1)
                for term, w in pi.preferred_anti_affinity_terms:
                    process_term(term, w, other, ni.labels, -1)
                for term in other.required_affinity_terms:
                    process_term(term, HARD_POD_AFFINITY_WEIGHT, pi, ni.labels, 1)
                for term, w in other.preferred_affinity_terms:
                    process_term(term, w, pi, ni.labels, 1)
                for term, w in other.preferred_anti_affinity_terms:
                    process_term(term, w, pi, ni.labels, -1)
        if not topology_score:
            return _SKIP
        state[PRE_SCORE_STATE_KEY] = topology_score
        return None

    def score(self, state, pi, ni) -> int:
        total = 0
        for key, values in state[PRE_SCORE_STATE_KEY].items():
            tv = ni.labels.get(key)
            if tv is not None:
                total += values.get(tv, 0)
        return total

    def normalize_score(self, state, pi, nodes, scores):
        if not scores:
            return
        lo, hi = min(scores), max(scores)
        diff = hi - lo
        for i, s in enumerate(scores):
            scores[i] = int(MAX_NODE_SCORE * ((s - lo) / diff)) if diff > 0 else 0

    def events_to_register(self):
        return {"AssignedPodAdd": None, "AssignedPodUpdate": None, "AssignedPodDelete": None,
                "NodeAdd": None, "NodeUpdate": None}
