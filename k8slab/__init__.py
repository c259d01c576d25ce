"""k8slab: Kubernetes rebuilt in Python so that people can learn it from the inside."""

__version__ = "0.1.0"
