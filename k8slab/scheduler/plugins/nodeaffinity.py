"""NodeAffinity: spec.nodeSelector and required node affinity filter nodes; preferred node affinity
terms add their weights to a node's score.

Follows `pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go`: PreFilter is skipped when
the pod has neither, and narrows the nodes when every required term names nodes by
`metadata.name In`; Filter rejects with "node(s) didn't match Pod's node affinity/selector"
(UnschedulableAndUnresolvable); PreScore is skipped without preferred terms; Score sums the weights
of the matching preferred terms; NormalizeScore is DefaultNormalizeScore.

Differences from upstream: no scheduler-enforced addedAffinity (profile args).
"""

from __future__ import annotations

from ..framework import SKIP, UNSCHEDULABLE_AND_UNRESOLVABLE, Plugin, Status
from .helper import RequiredNodeAffinity, default_normalize_score, node_selector_term_matches

NAME = "NodeAffinity"
PRE_FILTER_STATE_KEY = "PreFilter" + NAME
PRE_SCORE_STATE_KEY = "PreScore" + NAME
ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector"
ERR_REASON_ENFORCED = "node(s) didn't match scheduler-enforced node affinity"
ERR_REASON_CONFLICT = "pod affinity terms conflict"
_SKIP = Status(SKIP)


class NodeAffinity(Plugin):
    name = NAME
    _rejected = Status(UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_REASON_POD, plugin=NAME)

    def pre_filter(self, state, pi, nodes):
        req = RequiredNodeAffinity(pi.pod)
        if req.empty:
            return None, _SKIP
        state[PRE_FILTER_STATE_KEY] = req
        if req.required is None:
            return None, None
        names = None
        for term in req.required.get("nodeSelectorTerms") or []:
            term_names = None
            for r in term.get("matchFields") or []:
                if r.get("key") == "metadata.name" and r.get("operator") == "In":
                    s = set(r.get("values") or [])
                    term_names = s if term_names is None else term_names & s
            if term_names is None:
                return None, None          # this term does not pin node names: all nodes are eligible
            names = term_names if names is None else names | term_names
        if names is not None and not names:
            return None, Status(UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_REASON_CONFLICT)
        return names, None

    def filter(self, state, pi, ni):
        req = state[PRE_FILTER_STATE_KEY]
        return None if req.match(ni.labels, ni.name) else self._rejected

    def pre_score(self, state, pi, nodes):
        na = ((pi.pod.get("spec") or {}).get("affinity") or {}).get("nodeAffinity") or {}
        terms = [(t.get("preference") or {}, int(t.get("weight") or 0))
                 for t in na.get("preferredDuringSchedulingIgnoredDuringExecution") or []]
        terms = [(p, w) for p, w in terms if w]
        if not terms:
            return _SKIP
        state[PRE_SCORE_STATE_KEY] = terms
        return None

    def score(self, state, pi, ni) -> int:
        return sum(w for term, w in state[PRE_SCORE_STATE_KEY]
                   if node_selector_term_matches(term, ni.labels, ni.name))

    def normalize_score(self, state, pi, nodes, scores):
        default_normalize_score(100, False, scores)

    def events_to_register(self):
        def node_change(pi, old, new):
            req = RequiredNodeAffinity(pi.pod)
            name = new["metadata"]["name"]
            fits = req.match(new["metadata"].get("labels") or {}, name)
            return fits and (old is None or not req.match(old["metadata"].get("labels") or {}, name))
        return {"NodeAdd": node_change, "NodeUpdate": node_change}
