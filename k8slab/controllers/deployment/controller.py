"""The Deployment controller: roll a Deployment's pods from one ReplicaSet to the next.

Follows `pkg/controller/deployment/deployment_controller.go` (event handlers, syncDeployment,
getReplicaSetsForDeployment, getPodMapForDeployment, handleErr with maxRetries = 15). The work
itself lives beside this module, one file per upstream file: `sync.py` (new/old ReplicaSets,
revisions, proportional scaling, status), `rolling.py`, `recreate.py`, `rollback.py`,
`progress.py` (the Progressing condition and progressDeadlineSeconds) and `util.py`.

What syncDeployment decides, in upstream's order:
- a Deployment selecting everything is refused with a `SelectingAll` warning;
- being deleted -> only status is updated;
- paused -> only scaling (`sync`), no rollout; a Progressing=Unknown condition
  (DeploymentPaused / DeploymentResumed) marks the pause so the deadline does not expire;
- a rollback asked for with the deprecated rollbackTo -> copy that revision's template back;
- spec.replicas changed (the desired-replicas annotation of an active RS differs) -> `sync`
  scales every ReplicaSet proportionally;
- otherwise roll out with the strategy: RollingUpdate or Recreate.

Differences from upstream: `delete_pod` lists ReplicaSets from the cache, not the API server.
"""

from __future__ import annotations

from k8slab.api.copying import deep_copy


from ...api.selectors import SelectorError, matches_labels, selector_from_label_selector
from ..base import (Controller, ControllerRefManager, fresh_getter, get_controller_of,
                    recheck_deletion_timestamp, update_status, with_kind)
from . import recreate, rollback, rolling
from . import sync as sync_go
from .util import get_rollback_to

MAX_RETRIES = 15


class DeploymentController(Controller):
    """Reconciles Deployments into ReplicaSets."""

    name = "deployment-controller"
    queue_name = "deployment"
    component = "deployment-controller"
    max_retries = MAX_RETRIES
    seed_offset = 3

    def setup(self) -> None:
        d_informer = self.informer("apps/v1", "deployments")
        d_informer.add_event_handler(self.enqueue, lambda old, cur: self.enqueue(cur),
                                     lambda obj: self.enqueue(self.unwrap(obj)))
        self.d_lister = d_informer.lister()
        rs_informer = self.informer("apps/v1", "replicasets")
        rs_informer.add_event_handler(self.add_replica_set, self.update_replica_set, self.delete_replica_set)
        self.rs_lister = rs_informer.lister()
        pod_informer = self.informer("v1", "pods")
        pod_informer.add_event_handler(on_delete=self.delete_pod)
        self.pod_lister = pod_informer.lister()

    # ---- event handlers ----------------------------------------------------------------------

    def resolve_controller_ref(self, namespace: str, ref: dict) -> dict | None:
        if ref.get("kind") != "Deployment":
            return None
        d = self.d_lister.get(namespace, ref["name"])
        if d is None or d["metadata"].get("uid") != ref.get("uid"):
            return None
        return d

    def get_deployments_for_replica_set(self, rs: dict) -> list[dict]:
        """Deployments whose selector matches an orphan RS (more than one is a user error)."""
        labels = rs["metadata"].get("labels")
        if not labels:
            return []
        out = []
        for d in self.d_lister.list(rs["metadata"]["namespace"]):
            try:
                sel = selector_from_label_selector(d["spec"].get("selector"))
            except SelectorError:
                continue
            if sel and matches_labels(sel, labels):
                out.append(d)
        return out

    def add_replica_set(self, rs: dict) -> None:
        if rs["metadata"].get("deletionTimestamp"):
            self.delete_replica_set(rs)
            return
        ref = get_controller_of(rs)
        if ref is not None:
            d = self.resolve_controller_ref(rs["metadata"]["namespace"], ref)
            if d is not None:
                self.enqueue(d)
            return
        for d in self.get_deployments_for_replica_set(rs):
            self.enqueue(d)

    def update_replica_set(self, old: dict, cur: dict) -> None:
        if cur["metadata"].get("resourceVersion") == old["metadata"].get("resourceVersion"):
            return
        cur_ref, old_ref = get_controller_of(cur), get_controller_of(old)
        ref_changed = cur_ref != old_ref
        ns = cur["metadata"]["namespace"]
        if ref_changed and old_ref is not None:
            d = self.resolve_controller_ref(ns, old_ref)
            if d is not None:
                self.enqueue(d)
        if cur_ref is not None:
            d = self.resolve_controller_ref(ns, cur_ref)
            if d is not None:
                self.enqueue(d)
            return
        if cur["metadata"].get("labels") != old["metadata"].get("labels") or ref_changed:
            for d in self.get_deployments_for_replica_set(cur):
                self.enqueue(d)

    def delete_replica_set(self, obj) -> None:
        rs = self.unwrap(obj)
        ref = get_controller_of(rs)
        if ref is None:
            return
        d = self.resolve_controller_ref(rs["metadata"]["namespace"], ref)
        if d is not None:
            self.enqueue(d)

    def delete_pod(self, obj) -> None:
        """A Recreate rollout waits for the old pods to be gone: wake it when the last one goes."""
        pod = self.unwrap(obj)
        d = self.get_deployment_for_pod(pod)
        if d is None or (d["spec"].get("strategy") or {}).get("type") != "Recreate":
            return
        rs_list = [rs for rs in self.rs_lister.list(d["metadata"]["namespace"])
                   if (get_controller_of(rs) or {}).get("uid") == d["metadata"]["uid"]]
        pod_map = self.get_pod_map_for_deployment(d, rs_list)
        if sum(len(pods) for pods in pod_map.values()) == 0:
            self.enqueue(d)

    def get_deployment_for_pod(self, pod: dict) -> dict | None:
        ref = get_controller_of(pod)
        if ref is None or ref.get("kind") != "ReplicaSet":
            return None
        rs = self.rs_lister.get(pod["metadata"]["namespace"], ref["name"])
        if rs is None or rs["metadata"].get("uid") != ref.get("uid"):
            return None
        ref = get_controller_of(rs)
        return None if ref is None else self.resolve_controller_ref(rs["metadata"]["namespace"], ref)

    # ---- listing what a deployment owns ------------------------------------------------------

    def get_replica_sets_for_deployment(self, d: dict) -> list[dict]:
        """Every RS of the namespace, claimed: ours and matching, plus adopted orphans."""
        rs_list = self.rs_lister.list(d["metadata"]["namespace"])
        try:
            selector = selector_from_label_selector(d["spec"].get("selector"))
        except SelectorError as err:
            raise ValueError(f"deployment {d['metadata']['namespace']}/{d['metadata']['name']} has "
                             f"invalid label selector: {err}")
        can_adopt = recheck_deletion_timestamp(fresh_getter(self.client, d, "apps/v1", "Deployment"))
        cm = ControllerRefManager(self.client, d, selector, "apps/v1", "Deployment", can_adopt)
        return cm.claim_replica_sets(rs_list)

    def get_pod_map_for_deployment(self, d: dict, rs_list: list[dict]) -> dict[str, list[dict]]:
        """RS uid -> the pods it controls (among the pods the deployment selects)."""
        selector = selector_from_label_selector(d["spec"].get("selector"))
        pods = self.pod_lister.list(d["metadata"]["namespace"], selector)
        pod_map = {rs["metadata"]["uid"]: [] for rs in rs_list}
        for pod in pods:
            ref = get_controller_of(pod)
            if ref is not None and ref.get("uid") in pod_map:
                pod_map[ref["uid"]].append(pod)
        return pod_map

    # ---- the sync ----------------------------------------------------------------------------

    def sync(self, key: str) -> None:
        """syncDeployment."""
        namespace, name = self.split_key(key)
        deployment = self.d_lister.get(namespace, name)
        if deployment is None:
            return                                         # deleted
        d = with_kind(deep_copy(deployment), "apps/v1", "Deployment")
        if d["spec"].get("selector") == {}:
            self.recorder.warning(d, "SelectingAll",
                                  "This deployment is selecting all pods. A non-empty selector is required.")
            status = d.setdefault("status", {})
            if status.get("observedGeneration", 0) < d["metadata"].get("generation", 0):
                status["observedGeneration"] = d["metadata"]["generation"]
                update_status(self.client, d)
            return
        rs_list = self.get_replica_sets_for_deployment(d)
        pod_map = self.get_pod_map_for_deployment(d, rs_list)
        if d["metadata"].get("deletionTimestamp"):
            return sync_go.sync_status_only(self, d, rs_list)
        # pausing and resuming leave an Unknown Progressing condition, so a deployment resumed
        # after a long pause does not time out at once
        sync_go.check_paused_conditions(self, d)
        if d["spec"].get("paused"):
            return sync_go.sync(self, d, rs_list)
        # a rollback is not re-entrant: finish it (and clear the request) before anything else
        if get_rollback_to(d) is not None:
            return rollback.rollback(self, d, rs_list)
        if sync_go.is_scaling_event(self, d, rs_list):
            return sync_go.sync(self, d, rs_list)
        strategy = (d["spec"].get("strategy") or {}).get("type", "RollingUpdate")
        if strategy == "Recreate":
            return recreate.rollout_recreate(self, d, rs_list, pod_map)
        if strategy == "RollingUpdate":
            return rolling.rollout_rolling(self, d, rs_list)
        raise ValueError(f"unexpected deployment strategy type: {strategy}")
