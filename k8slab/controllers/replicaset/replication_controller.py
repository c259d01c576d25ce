"""The ReplicationController manager: the ReplicaSet controller, pointed at ReplicationControllers.

Follows `pkg/controller/replication/replication_controller.go`: upstream converts each
ReplicationController to a ReplicaSet and back (conversion.go) and runs the ReplicaSet
controller's code unchanged, with its own queue name ("replicationmanager") and event source
("replication-controller"). The one real difference is the selector: a plain label map
(`spec.selector: {app: web}`), equality only.

Differences from upstream: no conversion step -- the ReplicaSet code reads only fields that the
two kinds share (spec.replicas, spec.template, spec.minReadySeconds, the status fields).
"""

from __future__ import annotations

from .replica_set import ReplicaSetController


class ReplicationManager(ReplicaSetController):
    name = "replicationcontroller-controller"
    queue_name = "replicationmanager"
    component = "replication-controller"
    seed_offset = 2
    api_version, kind, plural = "v1", "ReplicationController", "replicationcontrollers"

    def selector(self, rc: dict):
        sel = (rc.get("spec") or {}).get("selector")
        if not sel:
            return None                               # selects nothing
        return [(k, "=", (v,)) for k, v in sorted(sel.items())]
