"""The StatefulSet control loop: ordered creation, ordered deletion, rolling update by ordinal.

Follows `pkg/controller/statefulset/stateful_set_control.go` (UpdateStatefulSet, performUpdate,
getStatefulSetRevisions, updateStatefulSet, processReplica, processCondemned, runForAll,
slowStartBatch, truncateHistory, updateStatefulSetStatus) and the ControllerRevision calls of
`pkg/controller/history` (CreateControllerRevision retries with a bigger collision count).

OrderedReady (the default), "monotonic": walking ordinals upward, the first pod that is missing
is created and the sync stops; the first that is not Running and Ready (or not yet available)
stops the walk, so web-1 only appears once web-0 is ready. Scaling down removes the highest
ordinal first, one at a time, and only while everything below is healthy. Parallel lets every
step go at once. A rolling update deletes the highest-ordinal pod whose revision differs from
the update revision, down to the partition, waiting for each replacement to be healthy.

Differences from upstream: MaxUnavailableStatefulSet (alpha) and the PVC retention policy are
left out.
"""

from __future__ import annotations

from k8slab.api.copying import deep_copy


from ...apiserver.errors import APIError
from ..hashing import equal_revision, sort_revisions
from . import utils as su


class StatefulSetControl:
    def __init__(self, ssc):
        self.ssc = ssc                    # the controller: client, listers, pod control, clock
        self.pods = ssc.stateful_pod_control

    def update_stateful_set(self, set_: dict, pods: list[dict]) -> dict | None:
        revisions = sort_revisions(self.ssc.list_revisions(set_))
        current, update_rev, status, err = None, None, None, None
        try:
            current, update_rev, status = self.perform_update(set_, pods, revisions)
        except APIError as e:
            err = e
        self.truncate_history(set_, pods, revisions, current, update_rev)
        if err is not None:
            raise err
        return status

    def perform_update(self, set_: dict, pods: list[dict], revisions: list[dict]):
        current, update_rev, collision_count = self.get_stateful_set_revisions(set_, revisions)
        err = None
        try:
            status = self.update_stateful_set_pods(set_, current, update_rev, collision_count, pods)
        except _Partial as p:
            status, err = p.status, p.err
        # the status is written even when a step failed
        self.update_stateful_set_status(set_, status)
        if err is not None:
            raise err
        return current, update_rev, status

    def get_stateful_set_revisions(self, set_: dict, revisions: list[dict]):
        collision_count = (set_.get("status") or {}).get("collisionCount") or 0
        next_rev = (revisions[-1].get("revision", 0) + 1) if revisions else 1
        update_rev = su.new_revision(set_, next_rev, collision_count)
        equal = [r for r in revisions if equal_revision(r, update_rev)]
        if equal and equal_revision(revisions[-1], equal[-1]):
            update_rev = revisions[-1]          # the template did not change
        elif equal:
            # back to an older template (a rollback): that revision becomes the newest
            update_rev = self.ssc.client.update({**equal[-1], "apiVersion": "apps/v1",
                                                 "kind": "ControllerRevision", "revision": next_rev})
        else:
            update_rev, collision_count = self.create_controller_revision(set_, next_rev, collision_count)
        current_name = (set_.get("status") or {}).get("currentRevision")
        current = next((r for r in revisions if r["metadata"]["name"] == current_name), None)
        return current or update_rev, update_rev, collision_count

    def create_controller_revision(self, set_: dict, revision: int, collision_count: int):
        while True:
            cr = su.new_revision(set_, revision, collision_count)
            try:
                return self.ssc.client.create(cr, set_["metadata"]["namespace"]), collision_count
            except APIError as err:
                if err.reason != "AlreadyExists":
                    raise
                exists = self.ssc.client.get("apps/v1", "ControllerRevision", cr["metadata"]["name"],
                                             set_["metadata"]["namespace"])
                if equal_revision({**exists, "metadata": {**exists["metadata"], "labels": {}}},
                                  {**cr, "metadata": {**cr["metadata"], "labels": {}}}):
                    return exists, collision_count
                collision_count += 1

    def update_stateful_set_pods(self, set_, current_rev, update_rev, collision_count, pods) -> dict:
        """updateStatefulSet: the pods to create, update and delete this round; returns status."""
        current_set = su.apply_revision(set_, current_rev)
        update_set = su.apply_revision(set_, update_rev)
        mrs = set_["spec"].get("minReadySeconds") or 0
        now = self.ssc.now()
        status = {"observedGeneration": set_["metadata"].get("generation", 0),
                  "currentRevision": current_rev["metadata"]["name"],
                  "updateRevision": update_rev["metadata"]["name"], "collisionCount": collision_count}
        count_status(status, mrs, now, current_rev, update_rev, pods)
        start = su.get_start_ordinal(set_)
        replicas: list = [None] * set_["spec"].get("replicas", 1)
        condemned = []
        for pod in pods:
            if su.pod_in_ordinal_range(pod, set_):
                replicas[su.get_ordinal(pod) - start] = pod
            elif su.get_ordinal(pod) >= 0:
                condemned.append(pod)
        for i, pod in enumerate(replicas):
            if pod is None:
                replicas[i] = su.new_versioned_stateful_set_pod(
                    current_set, update_set, current_rev["metadata"]["name"], update_rev["metadata"]["name"],
                    start + i)
        condemned.sort(key=su.get_ordinal, reverse=True)
        first_unhealthy = next((p for p in replicas if not su.is_healthy(p)), None)
        if first_unhealthy is None:
            first_unhealthy = next((p for p in reversed(condemned) if not su.is_healthy(p)), None)
        if set_["metadata"].get("deletionTimestamp"):
            return status
        monotonic = not su.allows_burst(set_)

        def finish(err=None):
            count_status(status, mrs, now, current_rev, update_rev, replicas, condemned)
            if err is not None:
                raise _Partial(status, err)
            return status

        try:
            if run_for_all(replicas, lambda i: self.process_replica(set_, update_set, monotonic, replicas, i,
                                                                    mrs, now), monotonic):
                return finish()
            if run_for_all(condemned, lambda i: self.process_condemned(set_, first_unhealthy, monotonic,
                                                                       condemned, i, mrs, now), monotonic):
                return finish()
        except APIError as err:
            return finish(err)
        finish()
        if (set_["spec"].get("updateStrategy") or {}).get("type", "RollingUpdate") == "OnDelete":
            return status                        # pods change only when someone deletes them
        ru = (set_["spec"].get("updateStrategy") or {}).get("rollingUpdate") or {}
        update_min = ru.get("partition") or 0
        # the highest ordinal not yet at the update revision goes first, down to the partition
        for target in range(len(replicas) - 1, update_min - 1, -1):
            pod = replicas[target]
            if su.get_pod_revision(pod) != update_rev["metadata"]["name"] and not su.is_terminating(pod):
                try:
                    self.pods.delete_stateful_pod(set_, pod)
                except APIError as err:
                    if err.code != 404:
                        raise _Partial(status, err)
                status["currentReplicas"] = status.get("currentReplicas", 0) - 1
                return status
            if not su.is_healthy(pod):
                return status                    # wait for the replacement
        return status

    def process_replica(self, set_, update_set, monotonic, replicas, i, mrs, now) -> bool:
        """Returns True when the walk must stop here (monotonic mode)."""
        pod = replicas[i]
        if su.is_failed(pod) or su.is_succeeded(pod):
            if not su.is_terminating(pod):
                self.pods.delete_stateful_pod(set_, pod)
            return True                          # re-created next sync, once it is gone
        if not su.is_created(pod):
            self.pods.create_stateful_pod(set_, pod)
            if monotonic:
                return True                      # one pod at a time
            return False
        if su.is_pending(pod):
            self.pods.create_persistent_volume_claims(set_, pod)
        if su.is_terminating(pod) and monotonic:
            return True
        if not su.is_running_and_ready(pod) and monotonic:
            return True                          # the next ordinal waits for this one
        if not su.is_running_and_available(pod, mrs, now) and monotonic:
            return True
        if su.identity_matches(set_, pod) and su.storage_matches(set_, pod):
            return False
        self.pods.update_stateful_pod(update_set, _copy(pod))
        return False

    def process_condemned(self, set_, first_unhealthy, monotonic, condemned, i, mrs, now) -> bool:
        pod = condemned[i]
        if su.is_terminating(pod):
            return monotonic                     # wait for it to go before the next
        if monotonic and pod is not first_unhealthy and (
                not su.is_running_and_ready(pod) or not su.is_running_and_available(pod, mrs, now)):
            return True
        self.pods.delete_stateful_pod(set_, pod)
        return True

    def update_stateful_set_status(self, set_: dict, status: dict) -> None:
        su.complete_rolling_update(set_, status)
        if not su.inconsistent_status(set_, status):
            return
        self.pods.update_stateful_set_status(set_, wire_status(status))

    def truncate_history(self, set_, pods, revisions, current, update_rev) -> None:
        live = {su.get_pod_revision(p) for p in pods}
        for r in (current, update_rev):
            if r is not None:
                live.add(r["metadata"]["name"])
        history = [r for r in revisions if r["metadata"]["name"] not in live]
        limit = set_["spec"].get("revisionHistoryLimit", 10)
        for r in history[:max(0, len(history) - limit)]:
            self.ssc.client.delete("apps/v1", "ControllerRevision", r["metadata"]["name"], r["metadata"]["namespace"])


class _Partial(Exception):
    """A step failed after some work: the status so far still gets written."""

    def __init__(self, status, err):
        super().__init__(str(err))
        self.status, self.err = status, err


def _copy(pod: dict) -> dict:
    return deep_copy(pod)


def run_for_all(pods: list[dict], fn, monotonic: bool) -> bool:
    """Monotonic: one by one, stop at the first that says stop. Parallel: slow-start batches,
    stopping only on errors."""
    if monotonic:
        for i in range(len(pods)):
            if fn(i):
                return True
        return False
    i, batch = 0, 1
    while i < len(pods):
        errors = []
        for j in range(i, min(i + batch, len(pods))):
            try:
                fn(j)
            except APIError as err:
                errors.append(err)
        if errors:
            raise errors[0]
        i += batch
        batch *= 2
    return False


def count_status(status: dict, mrs: int, now: float, current_rev: dict, update_rev: dict, *pod_lists) -> None:
    """updateStatus/computeReplicaStatus: count created, ready, available, current and updated pods."""
    counts = dict.fromkeys(("replicas", "readyReplicas", "availableReplicas", "currentReplicas",
                            "updatedReplicas"), 0)
    for pods in pod_lists:
        for pod in pods:
            if pod is None:
                continue
            if su.is_created(pod):
                counts["replicas"] += 1
            if su.is_running_and_ready(pod):
                counts["readyReplicas"] += 1
                if su.is_running_and_available(pod, mrs, now):
                    counts["availableReplicas"] += 1
            if su.is_created(pod) and not su.is_terminating(pod):
                rev = su.get_pod_revision(pod)
                counts["currentReplicas"] += rev == current_rev["metadata"]["name"]
                counts["updatedReplicas"] += rev == update_rev["metadata"]["name"]
    status.update(counts)


_ORDER = ("observedGeneration", "replicas", "readyReplicas", "currentReplicas", "updatedReplicas",
          "currentRevision", "updateRevision", "collisionCount", "availableReplicas")
_OMIT_EMPTY = {"observedGeneration", "readyReplicas", "currentReplicas", "updatedReplicas", "currentRevision",
               "updateRevision"}


def wire_status(status: dict) -> dict:
    return {k: status[k] for k in _ORDER if k in status and not (k in _OMIT_EMPTY and not status[k])}
