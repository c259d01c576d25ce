"""TaintToleration: a node's NoSchedule/NoExecute taints must be tolerated; for scoring, fewer
untolerated PreferNoSchedule taints is better.

Follows `pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go` as of v1.32: Filter
rejects with "node(s) had untolerated taint {key: value}" (UnschedulableAndUnresolvable);
PreScore keeps the tolerations whose effect is PreferNoSchedule or empty; Score counts the
PreferNoSchedule taints they do not tolerate; NormalizeScore is DefaultNormalizeScore reversed.

Differences from upstream: none in behaviour. (Releases from late 2025 -- 1.35, and patch releases
of 1.34 -- say "node(s) had untolerated taint(s)" without key and value, since taints may be
sensitive; k8slab serves v1.32 and keeps its wording.)
"""

from __future__ import annotations

from ..framework import UNSCHEDULABLE_AND_UNRESOLVABLE, Plugin, Status
from .helper import default_normalize_score, find_matching_untolerated_taint, tolerations_tolerate

NAME = "TaintToleration"
PRE_SCORE_STATE_KEY = "PreScore" + NAME
ERR_REASON_NOT_MATCH = "node(s) had taints that the pod didn't tolerate"


def untolerated_taint_reason(key: str, value: str) -> str:
    return f"node(s) had untolerated taint {{{key}: {value}}}"


class TaintToleration(Plugin):
    name = NAME

    def __init__(self, handle=None, args=None):
        super().__init__(handle, args)
        self._statuses: dict[tuple, Status] = {}

    def filter(self, state, pi, ni):
        if not ni.taints:
            return None
        taint = find_matching_untolerated_taint(ni.taints, pi.tolerations)
        if taint is None:
            return None
        st = self._statuses.get(taint[:2])
        if st is None:
            st = self._statuses[taint[:2]] = Status(UNSCHEDULABLE_AND_UNRESOLVABLE,
                                                    untolerated_taint_reason(*taint[:2]), plugin=NAME)
        return st

    def filter_nodes(self, state, pi, nodes, statuses):
        for ni in nodes:
            if ni.taints:
                return super().filter_nodes(state, pi, nodes, statuses)
        return nodes

    def pre_score(self, state, pi, nodes):
        state[PRE_SCORE_STATE_KEY] = [t for t in pi.tolerations
                                      if (t.get("effect") or "") in ("", "PreferNoSchedule")]
        return None

    def score(self, state, pi, ni) -> int:
        if not ni.taints:
            return 0
        tols = state[PRE_SCORE_STATE_KEY]
        return sum(1 for key, value, effect in ni.taints
                   if effect == "PreferNoSchedule" and not tolerations_tolerate(tols, key, value, effect))

    def score_nodes(self, state, pi, nodes):
        for ni in nodes:
            if ni.taints:
                break
        else:
            return [0] * len(nodes)
        score = self.score
        return [score(state, pi, ni) if ni.taints else 0 for ni in nodes]

    def normalize_score(self, state, pi, nodes, scores):
        default_normalize_score(100, True, scores)

    def events_to_register(self):
        def node_change(pi, old, new):
            def untolerated(node):
                taints = [(t.get("key") or "", t.get("value") or "", t.get("effect") or "")
                          for t in (node.get("spec") or {}).get("taints") or []]
                return find_matching_untolerated_taint(taints, pi.tolerations) is not None
            return (old is None or untolerated(old)) and not untolerated(new)
        return {"NodeAdd": node_change, "NodeUpdate": node_change}
