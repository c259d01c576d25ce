"""k8slab: Kubernetes rebuilt in Python so that people can learn it from the inside."""

__version__ = "0.1.0"


def __getattr__(name):
    """`from k8slab import Cluster` without importing the whole package for `k8slab version`."""
    if name == "Cluster":
        from .cluster import Cluster
        return Cluster
    raise AttributeError(f"module 'k8slab' has no attribute {name!r}")
