"""The Deployment controller, as `pkg/controller/deployment`: `controller.py` (handlers and
syncDeployment), `sync.py`, `rolling.py`, `recreate.py`, `rollback.py`, `progress.py`, `util.py`."""

from .controller import DeploymentController

__all__ = ["DeploymentController"]
