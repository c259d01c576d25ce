"""Chapter 1's plug-point diagram: the core of Kubernetes and its three plug-in sockets, CRI, CNI
and CSI, each wired to what plays that role in k8slab today (or greyed: not implemented yet).

`plug_points()` returns a Diagram (k8slab/viz/diagrams.py): SVG in JupyterLab when Graphviz is
installed, its edge list as text otherwise. `PLUGS` is the same facts as data, for tables.
"""

from __future__ import annotations

from .diagrams import Diagram

GREY = {"color": "grey70", "fontcolor": "grey55", "style": "rounded,dashed"}
SOCKET = {"shape": "cds", "style": "filled", "fillcolor": "lightyellow"}
PLUGGED = {"style": "rounded,filled", "fillcolor": "honeydew"}
PARTIAL = {"style": "rounded,filled,dashed", "fillcolor": "lemonchiffon"}

# socket -> (what it standardises, what plays the role in k8slab, module or "", state)
PLUGS = {
    "CRI": ("Container Runtime Interface: run pod sandboxes and containers, pull images",
            "SimRuntime (containerd 1.7 as the kubelet sees it; flavor 'docker' for v1.11's dockershim)",
            "k8slab/kubelet/cri.py, k8slab/kubelet/runtimes/sim.py", "implemented"),
    "CNI": ("Container Network Interface: give each pod an address and a route to every other pod",
            "SimRuntime's host-local IPAM: pod IPs from the node's podCIDR; no CNI plugin, no routes",
            "k8slab/kubelet/runtimes/sim.py", "partly"),
    "CSI": ("Container Storage Interface: create, attach and mount volumes",
            "nothing yet: pods get no volumes from a storage driver",
            "", "not implemented yet"),
}


def plug_points() -> Diagram:
    """The core components, the CRI/CNI/CSI sockets of the kubelet and what is plugged in."""
    nodes = {"apiserver": "kube-apiserver", "cm": "kube-controller-manager", "sched": "kube-scheduler",
             "kubelet": "kubelet", "cri": "CRI", "cni": "CNI", "csi": "CSI",
             "runtime": "SimRuntime\nk8slab/kubelet/runtimes/sim.py",
             "ipam": "pod IPs from podCIDR\n(inside SimRuntime; partly)",
             "storage": "storage driver\n(not implemented yet)"}
    edges = [("cm", "apiserver", "watch + write"), ("sched", "apiserver", "watch + bind"),
             ("kubelet", "apiserver", "watch + status"),
             ("kubelet", "cri", "RunPodSandbox, CreateContainer, PullImage"), ("cri", "runtime", "plugged in"),
             ("kubelet", "cni", "pod network setup (via the runtime)"), ("cni", "ipam", "partly"),
             ("kubelet", "csi", "mount volumes"), ("csi", "storage", "not implemented yet")]
    styles = {"cri": SOCKET, "cni": SOCKET, "csi": {**SOCKET, **GREY, "style": "dashed"},
              "runtime": PLUGGED, "ipam": PARTIAL, "storage": GREY}
    clusters = {"core (k8slab)": ["apiserver", "cm", "sched", "kubelet"]}
    return Diagram("Plug points: the core and its three sockets", nodes, edges, clusters, styles=styles)
