"""kube-controller-manager: one component that runs a chosen set of controllers.

Follows `cmd/kube-controller-manager/app/controllermanager.go` (NewControllerDescriptors,
the `--controllers` flag: `*` turns on every controller that is on by default, `foo` turns foo
on, `-foo` turns it off; the first entry naming a controller decides, as in
IsControllerEnabled), `cmd/kube-controller-manager/names/controller_names.go` (canonical names
such as `deployment-controller`, with the older names kept as aliases: `deployment`) and what
its endpoints serve: /healthz with a ping check named after each started controller
(StartController's NamedPingChecker), /metrics with client-go's workqueue metrics of every
controller's queue (k8slab.metrics.workqueue), /configz under "kubecontrollermanager.config.k8s.io".
`k8slab up` serves them over HTTP (k8slab/componentserver.py); `healthz()`, `metrics()` and
`configz()` return the same from Python.

    from k8slab.controllers.manager import ControllerManager
    cm = ControllerManager("*,-deployment")        # everything but the deployment controller
    cm.enabled                                     # canonical names, in start order

Adding a controller: put a factory (a class or a function returning the controller) into
`CONTROLLERS` under its canonical name; its aliases and default come from `KNOWN`.
A controller has `name`, `start(cluster)` and `process() -> int`; most subclass
`k8slab.controllers.base.Controller`.

Differences from upstream: no leader election (so no `leaderElection` health check), no
per-controller service-account credentials; /configz holds only the fields k8slab acts on;
informers are pumped before each controller drains its queue, so each controller works on a
cache that includes the writes of the controllers that ran before it.
"""

from __future__ import annotations

import importlib
from typing import Callable

from prometheus_client import CollectorRegistry, generate_latest

from ..apiserver.healthz import HealthCheck, probe, root_health
from ..client.workqueue import WorkQueue
from ..metrics.workqueue import QueueMetrics, WorkqueueCollector

CONFIGZ_NAME = "kubecontrollermanager.config.k8s.io"     # ConfigzName in controllermanager.go

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
    "resourcequota-controller": _lazy(".resourcequota", "ResourceQuotaController"),
    "namespace-controller": _lazy(".namespace", "NamespaceController"),
    "serviceaccount-controller": _lazy(".serviceaccount", "ServiceAccountsController"),
    "garbage-collector-controller": _lazy(".garbagecollector", "GarbageCollector"),
    "job-controller": _lazy(".job", "JobController"),
    "cronjob-controller": _lazy(".cronjob", "CronJobController"),
    "node-lifecycle-controller": _lazy(".nodelifecycle", "NodeLifecycleController"),
    "taint-eviction-controller": _lazy(".nodelifecycle", "TaintEvictionController"),
    "ttl-after-finished-controller": _lazy(".ttlafterfinished", "TTLAfterFinishedController"),
    "clusterrole-aggregation-controller": _lazy(".clusterroleaggregation", "ClusterRoleAggregationController"),
    "certificatesigningrequest-signing-controller": _lazy(".certificates", "CSRSigningController"),
    "certificatesigningrequest-approving-controller": _lazy(".certificates", "CSRApprovingController"),
    "bootstrap-signer-controller": _lazy(".bootstrap", "BootstrapSigner"),
    "token-cleaner-controller": _lazy(".bootstrap", "TokenCleaner"),
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
        self.controllers_flag = parse_controllers(controllers)    # as given, for /configz
        self.flags = self._resolve_flags(self.controllers_flag)
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
        identity = getattr(cluster, "identity", None)
        for name, c in self.controllers.items():
            if identity is None:
                c.start(cluster)
                continue
            from ..apiserver.authn.identities import controller_user
            with identity(controller_user(name)):      # --use-service-account-credentials
                c.start(cluster)
        for q in self.queues():                     # the workqueue metrics provider is set
            q.metrics = QueueMetrics(cluster.clock)
        cluster.api.components["controller-manager"] = self.component_status

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

    # ---- what the manager's endpoints serve (k8slab/componentserver.py) ----------------------

    def health_checks(self) -> list[HealthCheck]:
        """/healthz's checks: one ping per started controller, named after it (none yet: ping)."""
        if self.cluster is None:
            return []
        return [HealthCheck(name) for name in self.controllers]

    def healthz(self, verbose: bool = False, exclude=()) -> str:
        """What GET /healthz answers: "ok"; verbose, a `[+]<controller> ok` line per controller."""
        return root_health("healthz", self.health_checks(), verbose, exclude)[1]

    def component_status(self) -> tuple[bool, str]:
        """(healthy, message) for componentstatuses: the probe of /healthz."""
        return probe(self.health_checks())

    def queues(self) -> list[WorkQueue]:
        """Every work queue of the running controllers."""
        return [q for c in self.controllers.values() for q in getattr(c, "__dict__", {}).values()
                if isinstance(q, WorkQueue)]

    def metrics(self) -> str:
        """What GET /metrics answers: the workqueue metrics, in Prometheus text format."""
        registry = CollectorRegistry()
        registry.register(WorkqueueCollector(self.queues))
        return generate_latest(registry).decode()

    def configz(self) -> dict:
        """What GET /configz answers: the effective KubeControllerManagerConfiguration (a subset),
        under its configz name, with the internal type's Go field names as upstream marshals it."""
        return {CONFIGZ_NAME: {"Generic": {"Controllers": list(self.controllers_flag),
                                           "LeaderElection": {"LeaderElect": False}}}}

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
