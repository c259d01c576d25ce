"""The DaemonSet controller, as `pkg/controller/daemon`: `controller.py` (handlers, syncDaemonSet,
manage, status), `update.py` (rolling updates, ControllerRevision history), `util.py` (node
eligibility, daemon tolerations, the node-pinning affinity)."""

from .controller import DaemonSetsController

__all__ = ["DaemonSetsController"]
