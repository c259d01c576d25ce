"""NodeUnschedulable: a cordoned node (spec.unschedulable) takes only pods that tolerate the
`node.kubernetes.io/unschedulable:NoSchedule` taint.

Follows `pkg/scheduler/framework/plugins/nodeunschedulable/node_unschedulable.go`.
"""

from __future__ import annotations

from ..framework import UNSCHEDULABLE_AND_UNRESOLVABLE, Plugin, Status
from .helper import TAINT_NODE_UNSCHEDULABLE, tolerations_tolerate

NAME = "NodeUnschedulable"
ERR_REASON_UNKNOWN_CONDITION = "node(s) had unknown conditions"
ERR_REASON_UNSCHEDULABLE = "node(s) were unschedulable"


class NodeUnschedulable(Plugin):
    name = NAME
    _rejected = Status(UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_REASON_UNSCHEDULABLE, plugin=NAME)

    def filter(self, state, pi, ni):
        if not ni.unschedulable:
            return None
        if tolerations_tolerate(pi.tolerations, TAINT_NODE_UNSCHEDULABLE, "", "NoSchedule"):
            return None
        return self._rejected

    def filter_nodes(self, state, pi, nodes, statuses):
        for ni in nodes:
            if ni.unschedulable:
                return super().filter_nodes(state, pi, nodes, statuses)
        return nodes

    def events_to_register(self):
        def node_change(pi, old, new):
            unsched = bool((new.get("spec") or {}).get("unschedulable"))
            return not unsched and (old is None or bool((old.get("spec") or {}).get("unschedulable")))
        return {"NodeAdd": node_change, "NodeUpdate": node_change}
