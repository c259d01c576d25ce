"""The ReplicaSet controller: keep `spec.replicas` pods matching the selector alive.

Follows `pkg/controller/replicaset/replica_set.go` (handlers, syncReplicaSet, manageReplicas,
claimPods, getPodsToDelete) and `replica_set_utils.go` (calculateStatus,
updateReplicaSetStatus, the ReplicaFailure condition).

One sync, in upstream's order:
1. Read the ReplicaSet from the cache; gone -> forget its expectations.
2. Are the expectations satisfied? If our last creates/deletes have not all shown up in the
   informer yet, we must not count pods now (we would create duplicates) -- only status is
   updated this round.
3. Claim pods: every active pod in the namespace that has our controllerRef and still matches,
   plus orphans that match (adopted with a patch); strays are released.
4. manageReplicas: too few -> create (at most burstReplicas = 500 per sync, in slow-start
   batches 1, 2, 4, ... so a quota error costs one request, not 500); too many -> delete the
   best candidates (unscheduled, pending, not ready, doubled up on a node, recently ready...).
5. Write status (replicas, fullyLabeledReplicas, readyReplicas, availableReplicas,
   observedGeneration, a ReplicaFailure condition when creates or deletes failed), and when
   pods are ready but not yet available, look again after minReadySeconds.

Differences from upstream: deletes run one after the other; no metrics on sorting ages.
"""

from __future__ import annotations

from ...api.selectors import SelectorError, matches_labels, selector_from_label_selector
from ...apiserver.errors import APIError
from ..base import (Controller, ControllerError, ControllerRefManager, PodControl, UIDTrackingControllerExpectations,
                    filter_active_pods, fresh_getter, get_controller_of, is_pod_active,
                    is_pod_available, is_pod_ready, new_condition, new_controller_ref,
                    recheck_deletion_timestamp, slow_start_batch, sort_pods_for_deletion,
                    update_status, with_kind)
from ..pod_util import SLOW_START_INITIAL_BATCH_SIZE, add_pod_controller_uid_indexer, filter_pods_by_owner
from ...api.names import rfc3339

BURST_REPLICAS = 500          # the most pods one sync creates or deletes
STATUS_UPDATE_RETRIES = 1
REPLICA_FAILURE = "ReplicaFailure"


class ReplicaSetController(Controller):
    """Keeps the pods of each ReplicaSet at its spec.replicas."""

    name = "replicaset-controller"
    queue_name = "replicaset"
    component = "replicaset-controller"
    seed_offset = 1
    api_version, kind, plural = "apps/v1", "ReplicaSet", "replicasets"
    burst_replicas = BURST_REPLICAS

    def setup(self) -> None:
        self.expectations = UIDTrackingControllerExpectations(self.clock)
        self.pod_control = PodControl(self.client, self.recorder)
        rs_informer = self.informer(self.api_version, self.plural)
        rs_informer.add_event_handler(self.add_rs, self.update_rs, self.delete_rs)
        self.rs_lister = rs_informer.lister()
        pod_informer = self.informer("v1", "pods")
        pod_informer.add_event_handler(self.add_pod, self.update_pod, self.delete_pod)
        add_pod_controller_uid_indexer(pod_informer)
        self.pod_indexer = pod_informer.indexer
        self.pod_lister = pod_informer.lister()

    def selector(self, rs: dict):
        """The parsed label selector (the ReplicationController overrides: a plain map)."""
        return selector_from_label_selector((rs.get("spec") or {}).get("selector"))

    # ---- event handlers: compute a key, enqueue it ---------------------------------------------

    def add_rs(self, rs: dict) -> None:
        self.enqueue(rs)

    def update_rs(self, old: dict, cur: dict) -> None:
        if cur["metadata"].get("uid") != old["metadata"].get("uid"):
            # deleted and re-created between two events: forget the old one's expectations
            self.delete_rs(old)
        # sync on every update, not only spec changes: a failed status write is retried this way
        self.enqueue(cur)

    def delete_rs(self, obj) -> None:
        rs = self.unwrap(obj)
        key = self.key_of(rs)
        # a ReplicaSet re-created with the same name starts with clean expectations
        self.expectations.delete_expectations(key)
        self.queue.add(key)

    def resolve_controller_ref(self, namespace: str, ref: dict) -> dict | None:
        """The ReplicaSet a controllerRef points to, if it is ours and the same incarnation."""
        if ref.get("kind") != self.kind:
            return None
        rs = self.rs_lister.get(namespace, ref["name"])
        if rs is None or rs["metadata"].get("uid") != ref.get("uid"):
            return None
        return rs

    def get_pod_replica_sets(self, pod: dict) -> list[dict]:
        """The ReplicaSets whose selector matches an orphan pod (candidates to adopt it)."""
        labels = pod["metadata"].get("labels")
        if not labels:
            return []
        out = []
        for rs in self.rs_lister.list(pod["metadata"]["namespace"]):
            try:
                sel = self.selector(rs)
            except SelectorError:
                continue
            if sel and matches_labels(sel, labels):
                out.append(rs)
        return out

    def add_pod(self, pod: dict) -> None:
        if pod["metadata"].get("deletionTimestamp"):
            # seen for the first time already being deleted: not a creation we waited for
            self.delete_pod(pod)
            return
        ref = get_controller_of(pod)
        if ref is not None:
            rs = self.resolve_controller_ref(pod["metadata"]["namespace"], ref)
            if rs is None:
                return
            key = self.key_of(rs)
            self.expectations.creation_observed(key)
            self.queue.add(key)
            return
        # an orphan: wake every matching ReplicaSet, one may adopt it (no expectation observed:
        # nobody waits for an orphan)
        for rs in self.get_pod_replica_sets(pod):
            self.enqueue(rs)

    def update_pod(self, old: dict, cur: dict) -> None:
        if cur["metadata"].get("resourceVersion") == old["metadata"].get("resourceVersion"):
            return                                    # a resync, nothing changed
        label_changed = cur["metadata"].get("labels") != old["metadata"].get("labels")
        if cur["metadata"].get("deletionTimestamp"):
            # a graceful delete began: the ReplicaSet should replace the pod now, not when the
            # kubelet finally removes it
            self.delete_pod(cur)
            if label_changed:
                self.delete_pod(old)
            return
        self.requeue_for_pod_update(old, cur, self.get_pod_replica_sets)

    def delete_pod(self, obj) -> None:
        pod = self.unwrap(obj)
        ref = get_controller_of(pod)
        if ref is None:
            return                                    # nobody cares about orphans going away
        rs = self.resolve_controller_ref(pod["metadata"]["namespace"], ref)
        if rs is None:
            return
        key = self.key_of(rs)
        self.expectations.deletion_observed(key, self.key_of(pod))
        self.queue.add(key)

    # ---- the sync ----------------------------------------------------------------------------

    def sync(self, key: str) -> None:
        """syncReplicaSet."""
        namespace, name = self.split_key(key)
        rs = self.rs_lister.get(namespace, name)
        if rs is None:
            self.expectations.delete_expectations(key)
            return
        rs_needs_sync = self.expectations.satisfied_expectations(key)
        try:
            selector = self.selector(rs)
        except SelectorError:
            return                                    # not retried: a user error
        # our pods (to release those that no longer match but still carry our controllerRef)
        # and the namespace's orphans (to adopt those that match)
        all_pods = filter_pods_by_owner(self.pod_indexer, rs)
        filtered = self.claim_pods(rs, selector, filter_active_pods(all_pods))
        manage_err = None
        if rs_needs_sync and not rs["metadata"].get("deletionTimestamp"):
            try:
                self.manage_replicas(filtered, rs)
            except (APIError, ControllerError, ValueError) as err:
                manage_err = err
        new_status = self.calculate_status(rs, filtered, manage_err)
        updated = self.update_replica_set_status(rs, new_status)
        spec, status = updated.get("spec") or {}, updated.get("status") or {}
        mrs = spec.get("minReadySeconds") or 0
        if manage_err is None and mrs > 0 and status.get("readyReplicas", 0) == spec.get("replicas", 1) \
                and status.get("availableReplicas", 0) != spec.get("replicas", 1):
            # the last line of defence against clock skew: look again once they are available
            self.queue.add_after(key, mrs)
        if manage_err is not None:
            raise manage_err

    def claim_pods(self, rs: dict, selector, pods: list[dict]) -> list[dict]:
        can_adopt = recheck_deletion_timestamp(fresh_getter(self.client, rs, self.api_version, self.kind))
        cm = ControllerRefManager(self.client, rs, selector, self.api_version, self.kind, can_adopt)
        return cm.claim_pods(pods)

    def manage_replicas(self, filtered: list[dict], rs: dict) -> None:
        """Create or delete pods to reach spec.replicas (at most burstReplicas per sync)."""
        key = self.key_of(rs)
        ns = rs["metadata"]["namespace"]
        diff = len(filtered) - rs["spec"].get("replicas", 1)
        if diff < 0:
            diff = min(-diff, self.burst_replicas)
            # expect the creates before making them: their watch events may arrive first
            self.expectations.expect_creations(key, diff)
            ref = new_controller_ref(rs, self.api_version, self.kind)
            owner = with_kind(rs, self.api_version, self.kind)
            successes, err = slow_start_batch(
                diff, SLOW_START_INITIAL_BATCH_SIZE,
                lambda: self.pod_control.create_pods(ns, rs["spec"]["template"], owner, ref))
            # pods never attempted will not show up in the informer: stop waiting for them
            for _ in range(diff - successes):
                self.expectations.creation_observed(key)
            if err is not None:
                raise err
        elif diff > 0:
            diff = min(diff, self.burst_replicas)
            related = self.get_indirectly_related_pods(rs)
            to_delete = self.get_pods_to_delete(filtered, related, diff)
            # remember exactly which pods we delete, so each is observed once (update or delete)
            self.expectations.expect_deletions(key, [self.key_of(p) for p in to_delete])
            owner = with_kind(rs, self.api_version, self.kind)
            first_err = None
            for pod in to_delete:
                try:
                    self.pod_control.delete_pod(ns, pod["metadata"]["name"], owner)
                except APIError as err:
                    # the informer will never see this deletion: lower the expectation now
                    self.expectations.deletion_observed(key, self.key_of(pod))
                    if err.code != 404:
                        first_err = first_err or err
            if first_err is not None:
                raise first_err

    def get_replica_sets_with_same_controller(self, rs: dict) -> list[dict]:
        ref = get_controller_of(rs)
        if ref is None:
            return []
        return [o for o in self.rs_lister.list(rs["metadata"]["namespace"])
                if (get_controller_of(o) or {}).get("uid") == ref.get("uid")]

    def get_indirectly_related_pods(self, rs: dict) -> list[dict]:
        """Pods of every ReplicaSet sharing our owner (a Deployment's old and new sets)."""
        related, seen = [], set()
        for other in self.get_replica_sets_with_same_controller(rs):
            for pod in self.pod_lister.list(other["metadata"]["namespace"], self.selector(other)):
                uid = pod["metadata"].get("uid")
                if uid not in seen:
                    seen.add(uid)
                    related.append(pod)
        return related

    def get_pods_to_delete(self, filtered: list[dict], related: list[dict], diff: int) -> list[dict]:
        """Rank each pod by how many related active pods share its node, then sort."""
        if diff < len(filtered):
            on_node: dict[str, int] = {}
            for pod in related:
                if is_pod_active(pod):
                    node = pod["spec"].get("nodeName") or ""
                    on_node[node] = on_node.get(node, 0) + 1
            ranks = [on_node.get(p["spec"].get("nodeName") or "", 0) for p in filtered]
            filtered = sort_pods_for_deletion(filtered, ranks, self.now())
        return filtered[:diff]

    # ---- status (replica_set_utils.go) -------------------------------------------------------

    def calculate_status(self, rs: dict, filtered: list[dict], manage_err) -> dict:
        status = rs.get("status") or {}
        template_labels = ((rs["spec"].get("template") or {}).get("metadata") or {}).get("labels") or {}
        fully = ready = available = 0
        now = self.now()
        mrs = rs["spec"].get("minReadySeconds") or 0
        for pod in filtered:
            labels = pod["metadata"].get("labels") or {}
            if all(labels.get(k) == v for k, v in template_labels.items()):
                fully += 1
            if is_pod_ready(pod):
                ready += 1
                if is_pod_available(pod, mrs, now):
                    available += 1
        conditions = [c for c in status.get("conditions") or []]
        failure = next((c for c in conditions if c.get("type") == REPLICA_FAILURE), None)
        if manage_err is not None and failure is None:
            diff = len(filtered) - rs["spec"].get("replicas", 1)
            reason = "FailedCreate" if diff < 0 else ("FailedDelete" if diff > 0 else "")
            message = getattr(manage_err, "message", None) or str(manage_err)
            conditions.append(new_condition(REPLICA_FAILURE, "True", reason, message, rfc3339(now)))
        elif manage_err is None and failure is not None:
            conditions = [c for c in conditions if c.get("type") != REPLICA_FAILURE]
        new = {"replicas": len(filtered), "fullyLabeledReplicas": fully, "readyReplicas": ready,
               "availableReplicas": available, "observedGeneration": status.get("observedGeneration", 0),
               "conditions": conditions}
        return omit_empty(new, ("fullyLabeledReplicas", "readyReplicas", "availableReplicas",
                                "conditions"))

    def update_replica_set_status(self, rs: dict, new_status: dict) -> dict:
        old = rs.get("status") or {}
        gen = rs["metadata"].get("generation", 0)
        fields = ("replicas", "fullyLabeledReplicas", "readyReplicas", "availableReplicas")
        if all(old.get(f, 0) == new_status.get(f, 0) for f in fields) \
                and gen == old.get("observedGeneration", 0) \
                and (old.get("conditions") or []) == (new_status.get("conditions") or []):
            return rs                                   # the steady state: nothing to write
        # record the generation we acted on, so a retry does not claim a newer spec was seen
        new_status = {**new_status, "observedGeneration": gen}
        obj = with_kind(rs, self.api_version, self.kind)
        for attempt in range(STATUS_UPDATE_RETRIES + 1):
            obj["status"] = new_status
            try:
                return update_status(self.client, obj)
            except APIError as err:
                if attempt >= STATUS_UPDATE_RETRIES:
                    raise
                last = err
            obj = with_kind(self.client.get(self.api_version, self.kind, rs["metadata"]["name"],
                                            rs["metadata"]["namespace"]), self.api_version, self.kind)
        raise last                                      # pragma: no cover


def omit_empty(status: dict, keys) -> dict:
    """Go's `omitempty`: zero numbers and empty lists are not written."""
    return {k: v for k, v in status.items() if not (k in keys and v in (0, None, [], ""))}
