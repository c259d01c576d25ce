"""The in-tree plugins and the default profile: which plugins run, in which order, with which weights.

Follows `pkg/scheduler/framework/plugins/registry.go` (NewInTreeRegistry),
`pkg/scheduler/framework/plugins/names/names.go` and `pkg/scheduler/apis/config/v1/default_plugins.go`
(getDefaultPlugins: the MultiPoint list below, its order being the order of every extension point;
score weights TaintToleration 3, NodeAffinity 2, PodTopologySpread 2, InterPodAffinity 2,
NodeResourcesFit 1, NodeResourcesBalancedAllocation 1, ImageLocality 1).

Differences from upstream: the volume plugins (VolumeRestrictions, NodeVolumeLimits, VolumeBinding,
VolumeZone), SchedulingGates and DynamicResources are not ported: k8slab has no volumes to bind.
"""

from __future__ import annotations

from .balancedallocation import BalancedAllocation
from .defaultbinder import DefaultBinder
from .defaultpreemption import DefaultPreemption
from .imagelocality import ImageLocality
from .interpodaffinity import InterPodAffinity
from .nodeaffinity import NodeAffinity
from .nodename import NodeName
from .nodeports import NodePorts
from .noderesources import Fit
from .nodeunschedulable import NodeUnschedulable
from .podtopologyspread import PodTopologySpread
from .queuesort import PrioritySort
from .tainttoleration import TaintToleration

REGISTRY = {cls.name: cls for cls in (
    PrioritySort, NodeUnschedulable, NodeName, TaintToleration, NodeAffinity, NodePorts, Fit,
    PodTopologySpread, InterPodAffinity, DefaultPreemption, BalancedAllocation, ImageLocality,
    DefaultBinder)}

# getDefaultPlugins: (name, weight) in MultiPoint order
DEFAULT_PLUGINS = (
    ("PrioritySort", 0),
    ("NodeUnschedulable", 0),
    ("NodeName", 0),
    ("TaintToleration", 3),
    ("NodeAffinity", 2),
    ("NodePorts", 0),
    ("NodeResourcesFit", 1),
    ("PodTopologySpread", 2),
    ("InterPodAffinity", 2),
    ("DefaultPreemption", 0),
    ("NodeResourcesBalancedAllocation", 1),
    ("ImageLocality", 1),
    ("DefaultBinder", 0),
)


def default_weights() -> dict[str, int]:
    return {name: w for name, w in DEFAULT_PLUGINS if w}


def new_plugins(handle, names=None, args: dict | None = None) -> list:
    """Instantiate plugins by name (default: the default profile) with optional per-plugin args."""
    args = args or {}
    names = names or [n for n, _ in DEFAULT_PLUGINS]
    return [REGISTRY[n](handle, args.get(n)) for n in names]
