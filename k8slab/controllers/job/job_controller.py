"""The Job controller: creates pods for a Job until `completions` of them succeeded, within
`parallelism`, `backoffLimit` and `activeDeadlineSeconds`.

Follows `pkg/controller/job/job_controller.go`:
- handlers: Job add -> sync now; Job update -> now when the spec changed (generation), else
  batched (1 s), plus a sync at the activeDeadlineSeconds moment; pod events -> the owning Job,
  batched, lowering the expectations of its own creates and deletes;
- syncJob: claim the pods (adopting orphans with the batch.kubernetes.io/job-tracking finalizer),
  count succeeded and failed pods not yet counted, decide whether the Job failed (more failures
  than backoffLimit -> BackoffLimitExceeded "Job has reached the specified backoff limit"; past
  its deadline -> DeadlineExceeded "Job was active longer than specified deadline") or is
  complete; otherwise manageJob: delete all pods of a suspended Job, delete extra pods, or create
  missing ones (in slow-start batches, after the pod-failure back-off: 10 s doubling, capped);
  Indexed Jobs create the lowest missing indexes;
- status tracking (tracking.py): finished pods go through status.uncountedTerminatedPods before
  their finalizer is removed and they are counted in succeeded/failed; then the Complete or
  Failed condition, with completionTime, and the events Completed "Job completed" or the
  failure reason.
Orphan pods that still carry the tracking finalizer (their Job deleted or finished) get it
removed (the orphan queue upstream; keys `orphan:<ns>/<pod>` here).

Profiles: current (1.32) writes the interim SuccessCriteriaMet / FailureTarget conditions first
(JobManagedBy, JobPodReplacementPolicy), reason CompletionsReached on success, status.ready
and status.terminating; book (v1.11) writes Complete/Failed directly, without them, and caps the
back-off at 6 minutes instead of 10.

Differences from upstream: no podFailurePolicy, successPolicy, backoffLimitPerIndex or managedBy;
the book profile also counts pods through the tracking finalizer and uncountedTerminatedPods
(v1.11 counted the pods it listed);
while in back-off, status.active keeps counting the running pods (upstream reports 0).
"""

from __future__ import annotations

from k8slab.api.copying import deep_copy


from ...api.selectors import selector_from_label_selector
from ...apiserver.errors import APIError
from ..base import (Controller, ControllerRefManager, PodControl, filter_active_pods, fresh_getter,
                    get_controller_of, is_pod_ready, new_controller_ref, recheck_deletion_timestamp)
from ..expectations import ControllerExpectations
from .backoff import MAX_JOB_POD_FAILURE_BACKOFF, BackoffStore
from .manage import SYNC_JOB_BATCH_PERIOD, PodManagement, is_indexed, remove_tracking_finalizer_patch, suspended
from .tracking import StatusTracking, new_condition
from .util import JOB_TRACKING_FINALIZER, find_condition, has_tracking_finalizer, is_job_finished

STRATEGIC = "application/strategic-merge-patch+json"


class SyncCtx:
    """syncJobCtx: what one sync learned about a Job and its pods."""

    def __init__(self, job, pods, active_pods, expected_rm):
        self.job, self.pods, self.active_pods = job, pods, active_pods
        self.ready = sum(1 for p in active_pods if is_pod_ready(p))
        self.expected_rm = expected_rm
        unc = job["status"].get("uncountedTerminatedPods") or {}
        self.uncounted_succeeded = set(unc.get("succeeded") or [])
        self.uncounted_failed = set(unc.get("failed") or [])
        self.finished = None                       # the condition the Job is about to get
        self.succeeded = self.failed = 0
        self.prev_succeeded_indexes: set[int] = set()
        self.succeeded_indexes: set[int] = set()
        self.terminating = sum(1 for p in pods if p["metadata"].get("deletionTimestamp")
                               and (p.get("status") or {}).get("phase") not in ("Succeeded", "Failed"))
        self.new_backoff = None


class JobController(PodManagement, StatusTracking, Controller):
    name = "job-controller"
    queue_name = "job"
    component = "job-controller"
    seed_offset = 31

    def setup(self) -> None:
        job_inf, pod_inf = self.informer("batch/v1", "jobs"), self.informer("v1", "pods")
        self.jobs, self.pods = job_inf.lister(), pod_inf.lister()
        self.expectations = ControllerExpectations(self.clock)
        self.finalizer_expectations: dict[str, set[str]] = {}
        self.backoff = BackoffStore()
        self.pod_control = PodControl(self.client, self.recorder)
        self.delay_terminal_condition = self.profile != "book"
        self.max_backoff = MAX_JOB_POD_FAILURE_BACKOFF["book" if self.profile == "book" else "current"]
        job_inf.add_event_handler(on_add=self.enqueue, on_update=self.update_job, on_delete=self.delete_job)
        pod_inf.add_event_handler(on_add=self.add_pod, on_update=self.update_pod,
                                  on_delete=lambda o: self.delete_pod(self.unwrap(o), True))

    # ---- handlers ------------------------------------------------------------------------------

    def resolve_controller_ref(self, namespace: str, ref: dict) -> dict | None:
        if ref.get("kind") != "Job":
            return None
        job = self.jobs.get(namespace, ref.get("name", ""))
        return job if job is not None and job["metadata"].get("uid") == ref.get("uid") else None

    def enqueue_batched(self, job) -> None:
        self.queue.add_after(self.key_of(job), SYNC_JOB_BATCH_PERIOD)

    def _orphan(self, pod) -> None:
        self.queue.add("orphan:" + self.key_of(pod))

    def add_pod(self, pod) -> None:
        if pod["metadata"].get("deletionTimestamp"):
            self.delete_pod(pod, False)
            return
        ref = get_controller_of(pod)
        if ref is not None:
            job = self.resolve_controller_ref(pod["metadata"]["namespace"], ref)
            if job is not None:
                self.expectations.creation_observed(self.key_of(job))
                self.enqueue_batched(job)
            return
        if has_tracking_finalizer(pod):
            self._orphan(pod)
        for job in self._jobs_selecting(pod):
            self.enqueue_batched(job)

    def _jobs_selecting(self, pod) -> list[dict]:
        from ...api.selectors import matches_labels
        return [j for j in self.jobs.list(pod["metadata"]["namespace"])
                if matches_labels(selector_from_label_selector((j.get("spec") or {}).get("selector")),
                                  pod["metadata"].get("labels"))]

    def update_pod(self, old, cur) -> None:
        if old["metadata"].get("resourceVersion") == cur["metadata"].get("resourceVersion"):
            return
        if cur["metadata"].get("deletionTimestamp"):
            self.delete_pod(cur, False)
            return
        removed = not has_tracking_finalizer(cur)
        cur_ref, old_ref = get_controller_of(cur), get_controller_of(old)
        for ref in ([old_ref] if old_ref and old_ref != cur_ref else []) + ([cur_ref] if cur_ref else []):
            job = self.resolve_controller_ref(cur["metadata"]["namespace"], ref)
            if job is not None:
                if removed:
                    self.finalizer_expectations.get(self.key_of(job), set()).discard(cur["metadata"]["uid"])
                self.enqueue_batched(job)
        if cur_ref is None:
            if has_tracking_finalizer(cur):
                self._orphan(cur)
            if old["metadata"].get("labels") != cur["metadata"].get("labels") or old_ref != cur_ref:
                for job in self._jobs_selecting(cur):
                    self.enqueue_batched(job)

    def delete_pod(self, pod, final: bool) -> None:
        ref = get_controller_of(pod)
        has_fin = has_tracking_finalizer(pod)
        if ref is None:
            if has_fin and not final:
                self._orphan(pod)
            return
        job = self.resolve_controller_ref(pod["metadata"]["namespace"], ref)
        if job is None or is_job_finished(job):
            if has_fin and not final:
                self._orphan(pod)
            return
        key = self.key_of(job)
        self.expectations.deletion_observed(key)
        if final or not has_fin:
            self.finalizer_expectations.get(key, set()).discard(pod["metadata"]["uid"])
        self.enqueue_batched(job)

    def update_job(self, old, cur) -> None:
        key = self.key_of(cur)
        if is_job_finished(cur):
            self._orphan_pods_of(cur)
            return
        if cur["metadata"].get("generation") == old["metadata"].get("generation"):
            self.enqueue_batched(cur)
        else:
            self.queue.add(key)
        start = (cur.get("status") or {}).get("startTime")
        ads, old_ads = (cur.get("spec") or {}).get("activeDeadlineSeconds"), \
            (old.get("spec") or {}).get("activeDeadlineSeconds")
        if start and ads is not None and ads != old_ads:
            from ...api.names import parse_rfc3339
            self.queue.add_after(key, ads - (self.now() - parse_rfc3339(start)))

    def delete_job(self, obj) -> None:
        job = self.unwrap(obj)
        self.enqueue(job)
        self._orphan_pods_of(job)

    def _orphan_pods_of(self, job) -> None:
        for pod in self.pods.list(job["metadata"]["namespace"]):
            ref = get_controller_of(pod)
            if has_tracking_finalizer(pod) and (ref is None or ref.get("uid") == job["metadata"]["uid"]):
                self._orphan(pod)

    # ---- orphans -------------------------------------------------------------------------------

    def sync_orphan_pod(self, key: str) -> None:
        ns, name = self.split_key(key)
        pod = self.pods.get(ns, name)
        if pod is None:
            return
        ref = get_controller_of(pod)
        if ref is not None:
            if ref.get("kind") != "Job" or ref.get("apiVersion") != "batch/v1":
                return
            job = self.resolve_controller_ref(ns, ref)
            if job is not None and not is_job_finished(job):
                return                                        # adopted: the Job handles it
        patch = remove_tracking_finalizer_patch(pod)
        if patch is not None:
            try:
                self.pod_control.patch_pod(ns, name, patch)
            except APIError as err:
                if err.code != 404:
                    raise

    # ---- sync ----------------------------------------------------------------------------------

    def sync(self, key: str) -> None:
        if key.startswith("orphan:"):
            self.sync_orphan_pod(key[len("orphan:"):])
            return
        self.sync_job(key)

    def get_pods_for_job(self, job: dict) -> list[dict]:
        selector = selector_from_label_selector(job["spec"].get("selector"))
        pods = self.pods.list(job["metadata"]["namespace"])
        can_adopt = recheck_deletion_timestamp(fresh_getter(self.client, job, "batch/v1", "Job"))
        cm = ControllerRefManager(self.client, job, selector, "batch/v1", "Job", can_adopt)

        def adopt(pod):
            can_adopt()
            m = pod["metadata"]
            patch = {"metadata": {"ownerReferences": [new_controller_ref(job, "batch/v1", "Job")],
                                  "uid": m["uid"], "finalizers": [JOB_TRACKING_FINALIZER]}}
            self.client.patch("v1", "Pod", m["name"], patch, m["namespace"], patch_type=STRATEGIC)

        claimed = []
        for pod in pods:
            if cm.claim_object(pod, cm._match, adopt, lambda o: cm._release(o, "v1", "Pod")):
                claimed.append(pod)
        out = []
        for pod in claimed:
            if not any(r.get("uid") == job["metadata"]["uid"] for r in pod["metadata"].get("ownerReferences") or []) \
                    and not has_tracking_finalizer(pod):
                pod = deep_copy(pod)                      # adopted just now
                pod["metadata"].setdefault("finalizers", []).append(JOB_TRACKING_FINALIZER)
            out.append(pod)
        return out

    def new_failure_condition(self, reason: str, message: str) -> dict:
        ctype = "FailureTarget" if self.delay_terminal_condition else "Failed"
        return new_condition(ctype, "True", reason, message, self.now())

    def new_success_condition(self) -> dict:
        if not self.delay_terminal_condition:
            return new_condition("Complete", "True", "", "", self.now())
        return new_condition("SuccessCriteriaMet", "True", "CompletionsReached",
                             "Reached expected number of succeeded pods", self.now())

    def sync_job(self, key: str) -> None:
        from ...api.names import parse_rfc3339, rfc3339
        ns, name = self.split_key(key)
        shared = self.jobs.get(ns, name)
        if shared is None:
            self.expectations.delete_expectations(key)
            self.finalizer_expectations.pop(key, None)
            self.backoff.remove(key)
            return
        job = deep_copy(shared)
        job["apiVersion"], job["kind"] = "batch/v1", "Job"
        if is_job_finished(job):
            self.backoff.remove(key)
            return
        if job["spec"].get("completionMode", "NonIndexed") not in ("NonIndexed", "Indexed"):
            self.recorder.warning(job, "UnknownCompletionMode", "Skipped Job sync because completion mode is unknown")
            return
        status = job.setdefault("status", {})
        if status.get("uncountedTerminatedPods") is None:
            status["uncountedTerminatedPods"] = {}
        satisfied = self.expectations.satisfied_expectations(key)
        pods = self.get_pods_for_job(job)
        active_pods = filter_active_pods(pods)
        ctx = SyncCtx(job, pods, active_pods, set(self.finalizer_expectations.get(key, set())))
        active = len(active_pods)
        new_succeeded, new_failed = self.get_new_finished_pods(ctx)
        ctx.succeeded = status.get("succeeded", 0) + len(new_succeeded) + len(ctx.uncounted_succeeded)
        ctx.failed = status.get("failed", 0) + len(new_failed) + len(ctx.uncounted_failed)
        if not status.get("startTime") and not suspended(job):
            status["startTime"] = rfc3339(self.now())
        ctx.new_backoff = self.backoff.new_record(key, new_succeeded, new_failed)

        spec = job["spec"]
        if self.delay_terminal_condition:
            scm = find_condition(status.get("conditions"), "SuccessCriteriaMet")
            ctx.finished = scm if scm and scm.get("status") == "True" else None
            ft = find_condition(status.get("conditions"), "FailureTarget")
            if ctx.finished is None and ft and ft.get("status") == "True":
                ctx.finished = new_condition("Failed", "True", ft.get("reason", ""), ft.get("message", ""),
                                             self.now())
        ads = spec.get("activeDeadlineSeconds")
        if ctx.finished is None:
            if ctx.failed > spec.get("backoffLimit", 6) or self.past_backoff_limit_on_failure(job, pods):
                ctx.finished = self.new_failure_condition("BackoffLimitExceeded",
                                                          "Job has reached the specified backoff limit")
            elif ads is not None and status.get("startTime") and not suspended(job) and \
                    self.now() - parse_rfc3339(status["startTime"]) >= ads:
                ctx.finished = self.new_failure_condition("DeadlineExceeded",
                                                          "Job was active longer than specified deadline")
            elif ads is not None and not suspended(job):
                self.queue.add_after(key, ads - (self.now() - parse_rfc3339(status["startTime"])))
        if is_indexed(job):
            ctx.prev_succeeded_indexes, ctx.succeeded_indexes = self.calculate_succeeded_indexes(job, pods)
            ctx.succeeded = len(ctx.succeeded_indexes)
        suspend_changed = False
        manage_err = None
        if ctx.finished is not None:
            deleted_ready, deleted, manage_err = self.delete_active_pods(job, active_pods)
            if deleted != active or not satisfied:
                ctx.finished = None
            active -= deleted
            ctx.terminating += deleted
            ctx.ready -= deleted_ready
        else:
            manage_called = False
            if satisfied and not job["metadata"].get("deletionTimestamp"):
                active, manage_err = self.manage_job(job, ctx)
                manage_called = True
            if spec.get("completions") is None:
                complete = ctx.succeeded > 0 and active == 0
            else:
                complete = ctx.succeeded >= spec["completions"] and active == 0
            if complete:
                ctx.finished = self.new_success_condition()
            elif manage_called:
                suspend_changed = self.update_suspend_condition(job)
        needs_update = suspend_changed or active != status.get("active", 0)
        _set_count(status, "active", active)
        if self.delay_terminal_condition:
            needs_update = needs_update or status.get("ready") != ctx.ready or \
                status.get("terminating") != ctx.terminating
            status["ready"], status["terminating"] = ctx.ready, ctx.terminating
        self.track_job_status_and_remove_finalizers(key, ctx, needs_update)
        if manage_err is not None:
            raise manage_err

    def update_suspend_condition(self, job: dict) -> bool:
        from ...api.names import rfc3339
        status = job["status"]
        if suspended(job):
            changed = self.ensure_condition(status, "Suspended", "True", "JobSuspended", "Job suspended")
            if changed:
                self.recorder.normal(job, "Suspended", "Job suspended")
            return changed
        changed = self.ensure_condition(status, "Suspended", "False", "JobResumed", "Job resumed")
        if changed:
            self.recorder.normal(job, "Resumed", "Job resumed")
            status["startTime"] = rfc3339(self.now())
        return changed

    def past_backoff_limit_on_failure(self, job: dict, pods: list[dict]) -> bool:
        """restartPolicy OnFailure: container restarts count against backoffLimit."""
        if ((job["spec"].get("template") or {}).get("spec") or {}).get("restartPolicy") != "OnFailure":
            return False
        restarts = 0
        for p in pods:
            if (p.get("status") or {}).get("phase") in ("Running", "Pending"):
                for cs in (p["status"].get("initContainerStatuses") or []) + \
                        (p["status"].get("containerStatuses") or []):
                    restarts += cs.get("restartCount", 0)
        limit = job["spec"].get("backoffLimit", 6)
        return restarts > 0 if limit == 0 else restarts >= limit


def _set_count(status: dict, field: str, n: int) -> None:
    """int32 fields with omitempty: 0 is not written."""
    if n:
        status[field] = n
    else:
        status.pop(field, None)
