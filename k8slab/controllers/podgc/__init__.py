"""The pod garbage collector."""

from .gc_controller import PodGCController

__all__ = ["PodGCController"]
