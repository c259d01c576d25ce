"""k8slab.client: one client interface over two transports (in-process and HTTP)."""

from .rest import APIClient, InProcessTransport

__all__ = ["APIClient", "InProcessTransport"]
