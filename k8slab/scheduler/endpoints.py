"""What kube-scheduler's HTTP endpoints serve, as methods of the Scheduler.

Follows `cmd/kube-scheduler/app/server.go` as of v1.32 (Run's health checks, newEndpointsHandler)
and `k8s.io/component-base/configz`: /healthz and /livez run the ping check; /readyz runs
`shutdown` (failing once the process is stopping) and `sched-handler-sync` (failing until every
informer the scheduler handles has delivered its first list); /configz answers the effective
KubeSchedulerConfiguration under "componentconfig", with the internal type's Go field names as
upstream marshals it (the default profile's plugins under MultiPoint, the other extension points
empty); /metrics the scheduler_* metrics (metrics.py). k8slab adds the scheduling traces of a pod:
every attempt kept, as JSON (Attempt.to_dict) or as the tables str(attempt) prints.

k8slab/componentserver.py serves these over HTTP for `k8slab up`; a notebook calls them directly:

    sched.healthz(verbose=True)           # '[+]ping ok\\nhealthz check passed\\n'
    sched.trace_json("default", "web")    # [{'pod': 'default/web', 'attempt': 1, 'result': 'Scheduled', ...}]

Differences from upstream: no leader election (no leaderElection check); /configz is a subset
(the fields k8slab acts on; PluginConfig lists only plugins given arguments, the defaults being
constants in the plugin modules).
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, generate_latest

from ..apiserver.healthz import PING, HealthCheck, probe, root_health
from .metrics import SchedulerCollector

CONFIGZ_NAME = "componentconfig"            # configz.New("componentconfig") in server.go
EXTENSION_POINTS = ("PreEnqueue", "QueueSort", "PreFilter", "Filter", "PostFilter", "PreScore", "Score",
                    "Reserve", "Permit", "PreBind", "Bind", "PostBind")


class NoTrace(LookupError):
    """No scheduling attempt is kept for that pod (or traces are off)."""


class SchedulerEndpoints:
    """Mixed into Scheduler: health checks, metrics, configz and traces, with no HTTP involved."""

    shutting_down = False                   # set when the process stops: /readyz's shutdown check fails

    # ---- health ---------------------------------------------------------------------------------------

    def health_checks(self, path: str = "healthz") -> list[HealthCheck]:
        if path == "readyz":
            return [HealthCheck("shutdown", self._check_shutdown),
                    HealthCheck("sched-handler-sync", self._check_handlers_synced)]
        return [PING]

    def _check_shutdown(self) -> str | None:
        return "process is shutting down" if self.shutting_down else None

    def _check_handlers_synced(self) -> str | None:
        from .scheduler import EXTRA_INFORMERS
        informers = getattr(self, "informers", None)
        if informers is None:
            return "handlers are not fully synchronized"
        for api_version, plural in (("v1", "pods"), ("v1", "nodes"), *EXTRA_INFORMERS):
            if not informers.informer(api_version, plural).has_synced():
                return "handlers are not fully synchronized"
        return None

    def healthz(self, verbose: bool = False, exclude=()) -> str:
        """What GET /healthz answers ("ok"; verbose, one line per check)."""
        return root_health("healthz", self.health_checks("healthz"), verbose, exclude)[1]

    def livez(self, verbose: bool = False, exclude=()) -> str:
        return root_health("livez", self.health_checks("livez"), verbose, exclude)[1]

    def readyz(self, verbose: bool = False, exclude=()) -> str:
        return root_health("readyz", self.health_checks("readyz"), verbose, exclude)[1]

    def component_status(self) -> tuple[bool, str]:
        """(healthy, message) for componentstatuses: the probe of /healthz."""
        return probe(self.health_checks("healthz"))

    # ---- metrics and configz -------------------------------------------------------------------------

    def metrics(self) -> str:
        """What GET /metrics answers: the scheduler_* metrics in Prometheus text format."""
        registry = CollectorRegistry()
        registry.register(SchedulerCollector(self))
        return generate_latest(registry).decode()

    def configz(self) -> dict:
        """What GET /configz answers."""
        fwk = self.framework
        multi_point = [{"Name": p.name, "Weight": fwk.weights.get(p.name, 0) if p in fwk.score_plugins else 0}
                       for p in fwk.plugins]
        plugins = {point: {"Enabled": None, "Disabled": None} for point in EXTENSION_POINTS}
        plugins["MultiPoint"] = {"Enabled": multi_point, "Disabled": None}
        profile = {"SchedulerName": self.scheduler_name, "PercentageOfNodesToScore": None, "Plugins": plugins,
                   "PluginConfig": [{"Name": p.name, "Args": p.args} for p in fwk.plugins if p.args]}
        return {CONFIGZ_NAME: {
            "LeaderElection": {"LeaderElect": False},
            "PercentageOfNodesToScore": self.percentage_of_nodes_to_score,
            "PodInitialBackoffSeconds": int(self.queue.initial_backoff),
            "PodMaxBackoffSeconds": int(self.queue.max_backoff),
            "Profiles": [profile],
            "Extenders": None,
            "DelayCacheUntilActive": False}}

    # ---- traces -------------------------------------------------------------------------------------

    def trace_json(self, namespace: str, name: str) -> list[dict]:
        """Every attempt kept for the pod, oldest first, JSON-ready (raises NoTrace)."""
        return [a.to_dict() for a in self._kept_attempts(namespace, name)]

    def trace_text(self, namespace: str, name: str) -> str:
        """The same attempts as the plain-text tables str(attempt) prints, one after the other."""
        return "\n\n".join(str(a) for a in self._kept_attempts(namespace, name)) + "\n"

    def _kept_attempts(self, namespace: str, name: str) -> list:
        if self.traces is None:
            raise NoTrace("scheduling traces are off (Scheduler(traces=False))")
        attempts = self.traces.for_pod(namespace, name)
        if not attempts:
            t = self.traces
            raise NoTrace(f'no scheduling attempt is kept for pod "{namespace}/{name}": the scheduler keeps the '
                          f"last {t.per_pod} attempts of the {t.max_pods} pods it tried most recently")
        return attempts
