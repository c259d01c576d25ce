"""The pod-managing half of the Job controller: creating missing pods, deleting extra ones.

Follows `pkg/controller/job/job_controller.go` (manageJob, deleteActivePods, deleteJobPods,
activePodsForRemoval): a suspended Job loses all its pods; a Job with more active pods than
it wants (parallelism, or the completions still missing) loses the ones ranked first for
deletion (and, Indexed, duplicated or out-of-range indexes); a Job with too few creates them in
slow-start batches (1, 2, 4, ...), each pod from the template with the tracking finalizer and a
controller reference, events SuccessfulCreate "Created pod: <name>" -- unless the pod-failure
back-off says to wait.

Differences from upstream: creates run one after another (no goroutines); while backing off,
status.active keeps counting the running pods (upstream reports 0).
"""

from __future__ import annotations

from k8slab.api.copying import deep_copy


from ...apiserver.errors import APIError
from ..base import ControllerError, is_pod_ready, new_controller_ref, slow_start_batch, sort_pods_for_deletion
from . import indexes as ix
from .backoff import DEFAULT_JOB_POD_FAILURE_BACKOFF
from .util import JOB_TRACKING_FINALIZER, has_tracking_finalizer

SYNC_JOB_BATCH_PERIOD = 1.0
MAX_POD_CREATE_DELETE_PER_SYNC = 500


def remove_tracking_finalizer_patch(pod: dict) -> dict | None:
    if not has_tracking_finalizer(pod):
        return None
    return {"metadata": {"$deleteFromPrimitiveList/finalizers": [JOB_TRACKING_FINALIZER]}}


def is_indexed(job: dict) -> bool:
    return (job.get("spec") or {}).get("completionMode") == "Indexed"


def suspended(job: dict) -> bool:
    return bool((job.get("spec") or {}).get("suspend"))


class PodManagement:
    """Mixed into JobController."""

    def delete_active_pods(self, job, pods):
        """When the Job failed: delete its running pods (keeping their finalizers for counting)."""
        deleted = deleted_ready = 0
        err = None
        for pod in pods:
            try:
                self.pod_control.delete_pod(job["metadata"]["namespace"], pod["metadata"]["name"], job)
            except APIError as e:
                if e.code != 404:
                    err = err or e
                    continue
            deleted += 1
            deleted_ready += is_pod_ready(pod)
        return deleted_ready, deleted, err

    def delete_job_pods(self, job, key, pods):
        """Remove the tracking finalizer, then delete (extra pods, suspended Jobs)."""
        deleted = deleted_ready = 0
        err = None
        for pod in pods:
            ns, name = pod["metadata"]["namespace"], pod["metadata"]["name"]
            try:
                patch = remove_tracking_finalizer_patch(pod)
                if patch is not None:
                    self.pod_control.patch_pod(ns, name, patch)
                self.pod_control.delete_pod(ns, name, job)
            except APIError as e:
                self.expectations.deletion_observed(key)
                if e.code != 404:
                    err = err or e
                    continue
            deleted += 1
            deleted_ready += is_pod_ready(pod)
        return deleted_ready, deleted, err

    def active_pods_for_removal(self, job, pods, rm_at_least: int) -> list[dict]:
        rm, left = [], list(pods)
        if is_indexed(job):
            seen, left = set(), []
            for p in sorted(pods, key=lambda p: (ix.completion_index(p), p["metadata"]["name"])):
                i = ix.completion_index(p)
                if i == ix.UNKNOWN or i >= job["spec"]["completions"] or i in seen:
                    rm.append(p)
                else:
                    seen.add(i)
                    left.append(p)
        if len(rm) < rm_at_least:
            rm += sort_pods_for_deletion(left, [0] * len(left))[:rm_at_least - len(rm)]
        return rm

    def manage_job(self, job: dict, ctx):
        key = self.key_of(job)
        active = len(ctx.active_pods)
        parallelism = job["spec"].get("parallelism", 1)
        if suspended(job):
            doomed = self.active_pods_for_removal(job, ctx.active_pods, active)
            self.expectations.expect_deletions(key, len(doomed))
            ready, removed, err = self.delete_job_pods(job, key, doomed)
            ctx.terminating += removed
            ctx.ready -= ready
            return active - removed, err
        completions = job["spec"].get("completions")
        if completions is None:
            want = active if ctx.succeeded > 0 else parallelism
        else:
            want = max(0, min(completions - ctx.succeeded, parallelism))
        doomed = self.active_pods_for_removal(job, ctx.active_pods, max(0, active - want))
        doomed = doomed[:MAX_POD_CREATE_DELETE_PER_SYNC]
        if doomed:
            self.expectations.expect_deletions(key, len(doomed))
            ready, removed, err = self.delete_job_pods(job, key, doomed)
            ctx.terminating += removed
            ctx.ready -= ready
            return active - removed, err
        terminating = ctx.terminating if job["spec"].get("podReplacementPolicy") == "Failed" else 0
        diff = want - terminating - active
        if diff <= 0:
            return active, None
        remaining = ctx.new_backoff.remaining_time(self.now(), DEFAULT_JOB_POD_FAILURE_BACKOFF, self.max_backoff)
        if remaining > 0:
            self.queue.add_after(key, max(remaining, SYNC_JOB_BATCH_PERIOD))
            return active, None
        diff = min(diff, MAX_POD_CREATE_DELETE_PER_SYNC)
        indexes = []
        if is_indexed(job):
            indexes = ix.first_pending_indexes(ctx.active_pods, ctx.succeeded_indexes, diff, completions)
            diff = len(indexes)
        self.expectations.expect_creations(key, diff)
        template = deep_copy(job["spec"]["template"])
        meta = template.setdefault("metadata", {})
        if JOB_TRACKING_FINALIZER not in (meta.get("finalizers") or []):
            meta["finalizers"] = list(meta.get("finalizers") or []) + [JOB_TRACKING_FINALIZER]
        ref = new_controller_ref(job, "batch/v1", "Job")
        todo = list(indexes)
        attempted = [0]

        def create_one():
            attempted[0] += 1
            from ..pod_util import get_pod_from_template
            t = template
            index = todo.pop(0) if todo else None
            if index is not None:
                t = deep_copy(template)
                ix.add_completion_index(t, job["metadata"]["name"], index)
            pod = get_pod_from_template(t, job, ref)
            if index is not None:
                pod["metadata"]["generateName"] = ix.pod_generate_name_with_index(job["metadata"]["name"], index)
            try:
                self.pod_control.create_pod(job["metadata"]["namespace"], pod, job)
            except APIError as err:
                self.expectations.creation_observed(key)
                if any(c.get("reason") == "NamespaceTerminating" for c in (err.details or {}).get("causes") or []):
                    return
                raise

        created, err = slow_start_batch(diff, 1, create_one)
        if err is not None:
            for _ in range(diff - attempted[0]):
                self.expectations.creation_observed(key)       # skipped: never attempted
            return active + created, ControllerError(str(err))
        return active + created, None
