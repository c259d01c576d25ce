"""The TTL-after-finished controller: deletes finished Jobs whose ttlSecondsAfterFinished ran out."""

from .ttlafterfinished_controller import TTLAfterFinishedController

__all__ = ["TTLAfterFinishedController"]
