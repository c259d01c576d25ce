"""k8slab.kubelet: the node agent. `Kubelet(node_name)` registers its Node, renews its Lease and
runs the pods bound to it through the CRI (`cri.py`) on a simulated runtime (`runtimes/sim.py`).
See `kubelet.py` for the map of the package."""

from .config import KubeletConfiguration
from .kubelet import Kubelet

__all__ = ["Kubelet", "KubeletConfiguration"]
