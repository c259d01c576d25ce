"""NodeName: a pod that names its node (spec.nodeName) fits only that node.

Follows `pkg/scheduler/framework/plugins/nodename/node_name.go`.
"""

from __future__ import annotations

from ..framework import UNSCHEDULABLE_AND_UNRESOLVABLE, Plugin, Status

NAME = "NodeName"
ERR_REASON = "node(s) didn't match the requested node name"


class NodeName(Plugin):
    name = NAME
    _rejected = Status(UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_REASON, plugin=NAME)

    def filter(self, state, pi, ni):
        if not pi.node_name or pi.node_name == ni.name:
            return None
        return self._rejected

    def filter_nodes(self, state, pi, nodes, statuses):
        if not pi.node_name:
            return nodes
        return super().filter_nodes(state, pi, nodes, statuses)

    def events_to_register(self):
        return {"NodeAdd": lambda pi, old, new: pi.node_name in ("", new["metadata"]["name"])}
