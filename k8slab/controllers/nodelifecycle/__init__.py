"""Node lifecycle: the node lifecycle controller (health, conditions, taints, disruption) and the
taint eviction controller (pods off NoExecute-tainted nodes)."""

from .node_lifecycle_controller import NodeLifecycleController
from .taint_eviction import TaintEvictionController

__all__ = ["NodeLifecycleController", "TaintEvictionController"]
