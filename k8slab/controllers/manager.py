"""kube-controller-manager: one component that runs a chosen set of controllers.

Follows `cmd/kube-controller-manager/app/controllermanager.go` (NewControllerDescriptors,
the `--controllers` flag: `*` turns on every controller that is on by default, `foo` turns foo
on, `-foo` turns it off; the first entry naming a controller decides, as in
IsControllerEnabled), `cmd/kube-controller-manager/names/controller_names.go` (canonical names
such as `deployment-controller`, with the older names kept as aliases: `deployment`) and the
`/healthz` and `/metrics` endpoints (workqueue_depth, workqueue_adds_total,
workqueue_retries_total per queue).

    from k8slab.controllers.manager import ControllerManager
    cm = ControllerManager("*,-deployment")        # everything but the deployment controller
    cm.enabled                                     # canonical names, in start order

Adding a controller: put a factory (a class or a function returning the controller) into
`CONTROLLERS` under its canonical name; its aliases and default come from `KNOWN`.
A controller has `name`, `start(cluster)` and `process() -> int`; most subclass
`k8slab.controllers.base.Controller`.

Differences from upstream: no leader election, no per-controller service-account credentials,
no HTTP listener of its own (`healthz()` and `metrics()` return what /healthz and /metrics
serve); informers are pumped before each controller drains its queue, so each controller
works on a cache that includes the writes of the controllers that ran before it.
"""

from __future__ import annotations

import importlib
from typing import Callable

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

# canonical name -> aliases, as upstream's descriptors declare them
KNOWN: dict[str, tuple[str, ...]] = {
    "serviceaccount-token-controller": ("serviceaccount-token",),
    "endpoints-controller": ("endpoint",),
    "endpointslice-controller": ("endpointslice",),
    "endpointslice-mirroring-controller": ("endpointslicemirroring",),
    "replicationcontroller-controller": ("replicationcontroller",),
    "pod-garbage-collector-controller": ("podgc",),
    "resourcequota-controller": ("resourcequota",),
    "namespace-controller": ("namespace",),
    "serviceaccount-controller": ("serviceaccount",),
    "garbage-collector-controller": ("garbagecollector",),
    "daemonset-controller": ("daemonset",),
    "job-controller": ("job",),
    "deployment-controller": ("deployment",),
    "replicaset-controller": ("replicaset",),
    "horizontal-pod-autoscaler-controller": ("horizontalpodautoscaling",),
    "disruption-controller": ("disruption",),
    "statefulset-controller": ("statefulset",),
    "cronjob-controller": ("cronjob",),
    "certificatesigningrequest-signing-controller": ("csrsigning",),
    "certificatesigningrequest-approving-controller": ("csrapproving",),
    "certificatesigningrequest-cleaner-controller": ("csrcleaner",),
    "ttl-controller": ("ttl",),
    "bootstrap-signer-controller": ("bootstrapsigner",),
    "token-cleaner-controller": ("tokencleaner",),
    "node-ipam-controller": ("nodeipam",),
    "node-lifecycle-controller": ("nodelifecycle",),
    "taint-eviction-controller": (),
    "persistentvolume-binder-controller": ("persistentvolume-binder",),
    "persistentvolume-attach-detach-controller": ("attachdetach",),
    "persistentvolume-expander-controller": ("persistentvolume-expander",),
    "clusterrole-aggregation-controller": ("clusterrole-aggregation",),
    "persistentvolumeclaim-protection-controller": ("pvc-protection",),
    "persistentvolume-protection-controller": ("pv-protection",),
    "ttl-after-finished-controller": ("ttl-after-finished",),
    "root-ca-certificate-publisher-controller": ("root-ca-cert-publisher",),
    "ephemeral-volume-controller": ("ephemeral-volume",),
    "storageversion-garbage-collector-controller": ("storage-version-gc",),
    "resourceclaim-controller": ("resource-claim-controller",),
    "legacy-serviceaccount-token-cleaner-controller": ("legacy-service-account-token-cleaner",),
    "validatingadmissionpolicy-status-controller": (),
    "service-cidr-controller": (),
    "storage-version-migrator-controller": (),
    "selinux-warning-controller": (),
    "service-lb-controller": ("service",),
    "node-route-controller": ("route",),
    "cloud-node-lifecycle-controller": ("cloud-node-lifecycle",),
}
# off unless named (isDisabledByDefault, or cloud controllers without a cloud provider)
DISABLED_BY_DEFAULT = {"bootstrap-signer-controller", "token-cleaner-controller",
                       "selinux-warning-controller", "storage-version-migrator-controller",
                       "service-lb-controller", "node-route-controller", "cloud-node-lifecycle-controller"}


def _lazy(module: str, attr: str) -> Callable[[], object]:
    """A factory that imports its controller's module only when the controller starts."""
    def factory():
        return getattr(importlib.import_module(module, __package__), attr)()
    factory.__qualname__ = f"{module}.{attr}"
    return factory


# canonical name -> factory; start order is this order
CONTROLLERS: dict[str, Callable[[], object]] = {
    "replicaset-controller": _lazy(".replicaset", "ReplicaSetController"),
    "replicationcontroller-controller": _lazy(".replicaset", "ReplicationManager"),
    "deployment-controller": _lazy(".deployment", "DeploymentController"),
    "daemonset-controller": _lazy(".daemonset", "DaemonSetsController"),
    "statefulset-controller": _lazy(".statefulset", "StatefulSetController"),
    "serviceaccount-token-controller": _lazy(".serviceaccount", "TokensController"),
    "endpoints-controller": _lazy(".endpoints", "EndpointsController"),
    "endpointslice-controller": _lazy(".endpointslice", "EndpointSliceController"),
    "pod-garbage-collector-controller": _lazy(".podgc", "PodGCController"),
    "namespace-controller": _lazy(".namespace", "NamespaceController"),
    "serviceaccount-controller": _lazy(".serviceaccount", "ServiceAccountsController"),
    "garbage-collector-controller": _lazy(".garbagecollector", "GarbageCollector"),
    "job-controller": _lazy(".job", "JobController"),
    "cronjob-controller": _lazy(".cronjob", "CronJobController"),
    "node-lifecycle-controller": _lazy(".nodelifecycle", "NodeLifecycleController"),
    "taint-eviction-controller": _lazy(".nodelifecycle", "TaintEvictionController"),
    "ttl-after-finished-controller": _lazy(".ttlafterfinished", "TTLAfterFinishedController"),
}


def canonical_name(name: str) -> str | None:
    """A canonical controller name for a name or alias, or None when unknown."""
    for canon, aliases in KNOWN.items():
        if name == canon or name in aliases:
            return canon
    return name if name in CONTROLLERS else None


def parse_controllers(flag) -> list[str]:
    """The --controllers value as a list: "*,-job" or ["*", "-job"]."""
    if isinstance(flag, str):
        return [p.strip() for p in flag.split(",") if p.strip()]
    return list(flag)


def is_controller_enabled(name: str, flags: list[str]) -> bool:
    """IsControllerEnabled: the first entry that names the controller wins; else `*` decides."""
    star = False
    for entry in flags:
        if entry == name:
            return True
        if entry == "-" + name:
            return False
        if entry == "*":
            star = True
    return star and name not in DISABLED_BY_DEFAULT


class ControllerManager:
    """The kube-controller-manager component: starts the enabled controllers, drains their queues."""

    name = "kube-controller-manager"

    def __init__(self, controllers="*"):
        self.flags = self._resolve_flags(parse_controllers(controllers))
        registry = {canonical_name(k) or k: f for k, f in CONTROLLERS.items()}
        self.known = list(dict.fromkeys([*registry, *KNOWN]))
        self.enabled = [n for n in self.known if is_controller_enabled(n, self.flags)]
        # enabled, but not implemented in this version of k8slab
        self.unavailable = [n for n in self.enabled if n not in registry]
        self.controllers: dict[str, object] = {}
        for n in self.enabled:
            if n in registry:
                try:
                    self.controllers[n] = registry[n]()
                except ImportError:                 # registered, but its module is not there yet
                    self.unavailable.append(n)
        self.cluster = None

    def _resolve_flags(self, flags: list[str]) -> list[str]:
        out = []
        for entry in flags:
            neg = entry.startswith("-")
            bare = entry[1:] if neg else entry
            if bare == "*":
                out.append(entry)
                continue
            canon = canonical_name(bare)
            if canon is None:
                raise ValueError(f"{bare!r} is not in the list of known controllers".replace("'", '"'))
            out.append(("-" if neg else "") + canon)
        return out

    # ---- the Component protocol ---------------------------------------------------------------

    def start(self, cluster) -> None:
        self.cluster = cluster
        for c in self.controllers.values():
            c.start(cluster)
        cluster.api.components["controller-manager"] = lambda: (True, "ok")

    def process(self) -> int:
        work = 0
        wrote = False
        for c in self.controllers.values():
            # a controller's informers are fast upstream: let it see what ran before it (only a
            # controller that worked can have written; the step pumped before the first one)
            if wrote:
                work += self.cluster.informers.pump()
            done = c.process()
            wrote = done > 0
            work += done
        return work

    # ---- what the manager's HTTP endpoints serve ----------------------------------------------

    def healthz(self) -> str:
        return "ok"

    def metrics(self) -> str:
        registry = CollectorRegistry()
        registry.register(_WorkqueueCollector(self))
        return generate_latest(registry).decode()

    # ---- conveniences -----------------------------------------------------------------------------

    def get(self, name: str):
        """A running controller by canonical name or alias, or None."""
        return self.controllers.get(canonical_name(name) or name)

    def __getitem__(self, name: str):
        c = self.get(name)
        if c is None:
            raise KeyError(name)
        return c

    def errors(self) -> list[tuple[str, str, Exception]]:
        """(controller, key, error) of the failed syncs each controller remembers."""
        return [(n, k, e) for n, c in self.controllers.items() for k, e in getattr(c, "errors", [])]

    def __repr__(self):
        return f"ControllerManager(running={list(self.controllers)})"


class _WorkqueueCollector:
    """client-go's workqueue metrics, read from the queues when scraped."""

    def __init__(self, manager: ControllerManager):
        self.manager = manager

    def collect(self):
        depth = GaugeMetricFamily("workqueue_depth", "[ALPHA] Current depth of workqueue", labels=["name"])
        adds = CounterMetricFamily("workqueue_adds", "[ALPHA] Total number of adds handled by workqueue",
                                   labels=["name"])
        retries = CounterMetricFamily("workqueue_retries", "[ALPHA] Total number of retries handled by "
                                      "workqueue", labels=["name"])
        for c in self.manager.controllers.values():
            q = getattr(c, "queue", None)
            if q is None:
                continue
            depth.add_metric([q.name], len(q))
            adds.add_metric([q.name], q.adds)
            retries.add_metric([q.name], getattr(c, "retries", 0))
        yield from (adds, depth, retries)
