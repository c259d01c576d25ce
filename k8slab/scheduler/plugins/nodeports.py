"""NodePorts: a pod's hostPorts must be free on the node (0.0.0.0 conflicts with every host IP).

Follows `pkg/scheduler/framework/plugins/nodeports/node_ports.go` (PreFilter collects the wanted
ports and is skipped when there are none; Filter checks them against NodeInfo.UsedPorts).
"""

from __future__ import annotations

from ..framework import SKIP, UNSCHEDULABLE, Plugin, Status
from ..nodeinfo import host_ports

NAME = "NodePorts"
ERR_REASON = "node(s) didn't have free ports for the requested pod ports"
_SKIP = Status(SKIP)


class NodePorts(Plugin):
    name = NAME
    _rejected = Status(UNSCHEDULABLE, ERR_REASON, plugin=NAME)

    def pre_filter(self, state, pi, nodes):
        if not pi.host_ports:
            return None, _SKIP
        return None, None

    def filter(self, state, pi, ni):
        if not ni.used_ports:
            return None
        for ip, proto, port in pi.host_ports:
            if ni.port_conflict(ip, proto, port):
                return self._rejected
        return None

    def events_to_register(self):
        def pod_deleted(pi, old, new):
            freed = {(p, port) for _, p, port in host_ports((old or {}).get("spec") or {})}
            return any((p, port) in freed for _, p, port in pi.host_ports)
        return {"AssignedPodDelete": pod_deleted, "NodeAdd": None}
