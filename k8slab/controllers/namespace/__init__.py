"""The namespace controller: empties a namespace that is being deleted, then lets it go."""

from .namespace_controller import NamespaceController

__all__ = ["NamespaceController"]
