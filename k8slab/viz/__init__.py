"""k8slab.viz: the lab's widgets, drawn with ipywidgets and Graphviz, each also printable as text.

    from k8slab.viz import SchedulingView, NodesView, KeyBrowser, ClusterOverview, DeploymentView
    SchedulingView(cluster, "default", "web-1")     # why the scheduler put a pod where it did
    KeyBrowser(cluster.store)                       # the /registry tree, revisions, a watch feed
    RBACMatrix(cluster, "work"), DecisionPath(cluster, user="backend")   # who may do what, and why
    architecture(), request_flow()                  # Graphviz diagrams (text when dot is missing)

Every view is a `View`: `.widget` is the ipywidgets tree shown in JupyterLab, `.text()` (also
`str(view)`) is a deterministic plain-text rendering of the same state for terminals, doctests and
nbval. Nothing in k8slab's core imports this package; it only reads what the core exposes
(scheduler traces, the store, the API through the cluster's client, the authorizer's decisions).

Differences from upstream: none to name; these views have no counterpart in Kubernetes (the nearest
are `kubectl describe`, `etcdctl get` and the Dashboard, chapter 20).
"""

from .base import View
from .decision_path import DecisionPath
from .diagrams import Diagram, architecture, request_flow
from .etcd import KeyBrowser
from .overview import ClusterOverview, DeploymentView
from .rbac import RBACMatrix, bindings_graph
from .scheduling import NodesView, SchedulingView

__all__ = ["ClusterOverview", "DecisionPath", "DeploymentView", "Diagram", "KeyBrowser", "NodesView",
           "RBACMatrix", "SchedulingView", "View", "architecture", "bindings_graph", "request_flow"]
