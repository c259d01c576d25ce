"""ResourceQuota controller: keeps each quota's status.hard equal to spec.hard and status.used
equal to what the namespace really consumes.

Follows `pkg/controller/resourcequota/resource_quota_controller.go` (addQuota; an update that does not change spec.hard is ignored; every quota is recalculated each resync
period, --resource-quota-sync-period, 5m; syncResourceQuota: status.hard = spec.hard, status.used
= the recalculated usage masked to the hard names, written with UpdateStatus only when something
changed; replenishQuota), `resource_quota_monitor.go` (QuotaMonitor: a pod that became terminal
or was deleted, a deleted or retyped service, a deleted claim or one whose allocated storage
changed, a deleted configmap, secret, replication controller or quota wakes the quotas of its
namespace that track its resource) and `staging/src/k8s.io/apiserver/pkg/quota/v1/resources.go`
(CalculateUsage).

Differences from upstream: one work queue (upstream keeps a second, prioritized one for quotas
whose status is behind their spec); the monitored resources are the core ones above;
`count/<resource>.<group>` for any other resource is listed through the client at each sync and
recalculated on the resync period only (upstream watches every listable resource it discovers).
"""

from __future__ import annotations

from ...quota import evaluator_for
from ...quota import resources as R
from ...quota.evaluators import EVALUATORS, ObjectCountEvaluator, scope_selectors
from ...quota.pods import quota_v1_pod
from ..base import Controller, update_status

DEFAULT_RESYNC_PERIOD = 300.0          # --resource-quota-sync-period
# the resources whose changes replenish quota, and the informer each is listed from
MONITORED = {("", "pods"): "v1", ("", "services"): "v1", ("", "persistentvolumeclaims"): "v1",
             ("", "configmaps"): "v1", ("", "secrets"): "v1", ("", "replicationcontrollers"): "v1",
             ("", "resourcequotas"): "v1"}


def _service_quota_type(svc: dict) -> str:
    """GetQuotaServiceType: NodePort and LoadBalancer cost quota, other types do not."""
    t = (svc.get("spec") or {}).get("type") or ""
    return t if t in ("NodePort", "LoadBalancer") else ""


def _allocated_storage(pvc: dict):
    return ((pvc.get("status") or {}).get("allocatedResources") or {}).get("storage")


class ResourceQuotaController(Controller):
    name = "resourcequota-controller"
    queue_name = "resourcequota_primary"
    component = "resourcequota-controller"

    def __init__(self, resync_period: float = DEFAULT_RESYNC_PERIOD):
        self.resync_period = resync_period

    def setup(self) -> None:
        inf = self.informer("v1", "resourcequotas")
        self.quotas = inf.lister()
        inf.add_event_handler(on_add=self.add_quota, on_update=self._update_quota,
                              on_delete=lambda q: self.enqueue(self.unwrap(q)))
        self.listers = {}
        for (group, plural), version in MONITORED.items():
            informer = self.informer(version, plural)
            self.listers[(group, plural)] = informer.lister()
            informer.add_event_handler(on_update=self._updated(group, plural),
                                       on_delete=self._deleted(group, plural))
        self.clock.call_later(self.resync_period, self._resync)

    # ---- handlers -----------------------------------------------------------------------------

    def add_quota(self, q: dict) -> None:
        self.enqueue(q)

    def _update_quota(self, old: dict, cur: dict) -> None:
        if R.equals(R.parse_list((old.get("spec") or {}).get("hard")),
                    R.parse_list((cur.get("spec") or {}).get("hard"))):
            return
        self.add_quota(cur)

    def _updated(self, group: str, plural: str):
        if plural == "pods":
            def on_update(old, cur):
                ns = cur["metadata"].get("namespace")
                if self.quotas.list(ns):
                    now = self.clock.time()
                    if quota_v1_pod(old, now) and not quota_v1_pod(cur, now):
                        self.replenish(group, plural, ns)
            return on_update
        if plural == "services":
            def on_update(old, cur):
                if _service_quota_type(old) != _service_quota_type(cur):
                    self.replenish(group, plural, cur["metadata"].get("namespace"))
            return on_update
        if plural == "persistentvolumeclaims":
            def on_update(old, cur):
                if _allocated_storage(old) != _allocated_storage(cur):
                    self.replenish(group, plural, cur["metadata"].get("namespace"))
            return on_update
        return None

    def _deleted(self, group: str, plural: str):
        def on_delete(obj):
            obj = self.unwrap(obj)
            self.replenish(group, plural, (obj.get("metadata") or {}).get("namespace"))
        return on_delete

    def replenish(self, group: str, plural: str, namespace: str | None) -> None:
        """replenishQuota: requeue the namespace's quotas that track this resource."""
        if not namespace:
            return
        quotas = self.quotas.list(namespace)
        if not quotas:
            return
        ev = evaluator_for(group, plural)
        for q in quotas:
            if ev is not None and ev.matching_resources(list((q.get("status") or {}).get("hard") or {})):
                self.enqueue(q)

    def _resync(self) -> None:
        for q in self.quotas.list():
            self.enqueue(q)
        self.clock.call_later(self.resync_period, self._resync)

    # ---- sync ---------------------------------------------------------------------------------

    def sync(self, key: str) -> None:
        ns, name = self.split_key(key)
        q = self.quotas.get(ns, name)
        if q is None:
            return                                     # deleted
        self.sync_resource_quota(q)

    def sync_resource_quota(self, q: dict) -> None:
        spec_hard = (q.get("spec") or {}).get("hard") or {}
        status = q.get("status") or {}
        hard = R.parse_list(spec_hard)
        dirty = not R.equals(hard, R.parse_list(status.get("hard"))) or \
            status.get("hard") is None or status.get("used") is None
        old_used = R.parse_list(status.get("used"))
        used = dict(old_used)
        used.update(self.calculate_usage(q["metadata"]["namespace"], scope_selectors(q), hard))
        used = R.mask(used, hard)
        dirty = dirty or not R.equals(used, old_used)
        if not dirty:
            return
        new = {**q, "metadata": dict(q["metadata"]),
               "status": {"hard": {k: spec_hard[k] for k in sorted(spec_hard)}, "used": R.to_wire(used)}}
        update_status(self.client, new)

    def _evaluators(self, hard_names) -> list[ObjectCountEvaluator]:
        """The registry's evaluators, plus an object-count one for each other count/ name."""
        evs = list(EVALUATORS.values())
        known = {n for ev in evs for n in ev.resource_names}
        for n in hard_names:
            if n.startswith("count/") and n not in known:
                plural, _, group = n[len("count/"):].partition(".")
                ev = evaluator_for(group, plural)
                if ev is not None and ev not in evs:
                    evs.append(ev)
        return evs

    def calculate_usage(self, ns: str, selectors: list[dict], hard: dict) -> dict:
        """CalculateUsage: each evaluator that tracks one of the hard names sums its objects."""
        names = list(hard)
        evaluators = self._evaluators(names)
        matched = {n for ev in evaluators for n in ev.matching_resources(names)}
        usage: dict = {}
        now = self.clock.time()
        for ev in evaluators:
            tracked = ev.matching_resources(sorted(matched))
            if not tracked:
                continue
            usage = R.add(usage, ev.usage_stats(self._list(ev, ns), tracked, selectors, now))
        return R.mask(usage, matched)

    def _list(self, ev: ObjectCountEvaluator, ns: str) -> list[dict]:
        lister = self.listers.get((ev.group, ev.plural))
        if lister is not None:
            return lister.list(ns)
        versions = self.cluster.api.table.groups().get(ev.group) or []
        if not versions:
            return []
        api_version = f"{ev.group}/{versions[0]}" if ev.group else versions[0]
        return self.client.list(api_version, ev.plural, ns)["items"]
