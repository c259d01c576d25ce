"""The ReplicaSet controller (`replica_set.py`) and the ReplicationController manager that reuses
it (`replication_controller.py`), as `pkg/controller/replicaset` and `pkg/controller/replication`."""

from .replica_set import BURST_REPLICAS, ReplicaSetController
from .replication_controller import ReplicationManager

__all__ = ["BURST_REPLICAS", "ReplicaSetController", "ReplicationManager"]
