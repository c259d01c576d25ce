"""The StatefulSet controller, as `pkg/controller/statefulset`: `controller.py` (handlers, sync),
`control.py` (ordered create/delete, rolling update), `utils.py` (identity, storage, revisions),
`pod_control.py` (pod and PVC writes with their Events)."""

from .controller import StatefulSetController

__all__ = ["StatefulSetController"]
