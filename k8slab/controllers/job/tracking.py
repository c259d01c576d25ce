"""How the Job controller counts finished pods exactly once: the job-tracking finalizer.

Follows `pkg/controller/job/job_controller.go` (trackJobStatusAndRemoveFinalizers,
flushUncountedAndRemoveFinalizers, cleanUncountedPodsWithoutFinalizers,
removeTrackingFinalizerFromPods, enactJobFinished, recordJobFinished, ensureJobConditionStatus)
and `indexed_job_utils.go` (calculateSucceededIndexes). Each Job pod carries the finalizer
batch.kubernetes.io/job-tracking, so it cannot vanish before it was counted:
1. a finished pod's UID is written to status.uncountedTerminatedPods.succeeded/failed;
2. then its finalizer is removed;
3. then, finalizer gone, the UID leaves the uncounted list and status.succeeded/failed grow;
4. only with nothing uncounted (and, today, nothing terminating) does the Job get its
   Complete or Failed condition.
A crash between any two steps is harmless: the next sync sees where it stopped.

Differences from upstream: no podFailurePolicy actions; no metrics.
"""

from __future__ import annotations

from k8slab.api.copying import deep_copy


from ...api.names import rfc3339
from ...apiserver.errors import APIError
from ..base import update_status
from . import indexes as ix
from .util import find_condition, has_tracking_finalizer

MAX_UNCOUNTED_PODS = 500


def new_condition(ctype: str, status: str, reason: str, message: str, now: float) -> dict:
    t = rfc3339(now)
    c = {"type": ctype, "status": status, "lastProbeTime": t, "lastTransitionTime": t}
    if reason:                                    # reason and message are omitempty
        c["reason"] = reason
    if message:
        c["message"] = message
    return c


def is_pod_failed(pod: dict, job: dict) -> bool:
    phase = (pod.get("status") or {}).get("phase")
    if phase == "Failed":
        return True
    if (job.get("spec") or {}).get("podReplacementPolicy") == "Failed":
        return False
    return bool(pod["metadata"].get("deletionTimestamp")) and phase != "Succeeded"


def clean_uncounted_pods_without_finalizers(status: dict, with_finalizer: set[str]) -> bool:
    unc = status["uncountedTerminatedPods"]
    updated = False
    for field in ("succeeded", "failed"):
        uids = unc.get(field) or []
        kept = [u for u in uids if u in with_finalizer]
        if len(kept) != len(uids):
            updated = True
            status[field] = status.get(field, 0) + len(uids) - len(kept)
            if kept:
                unc[field] = kept
            else:
                unc.pop(field, None)
    return updated


class StatusTracking:
    """The status half of the Job controller (mixed into JobController)."""

    def ensure_condition(self, status: dict, ctype: str, cstatus: str, reason: str, message: str) -> bool:
        conditions = status.setdefault("conditions", [])
        c = find_condition(conditions, ctype)
        if c is not None:
            if (c.get("status"), c.get("reason", ""), c.get("message", "")) != (cstatus, reason, message):
                c.clear()
                c.update(new_condition(ctype, cstatus, reason, message, self.now()))
                return True
            return False
        if cstatus != "False":
            conditions.append(new_condition(ctype, cstatus, reason, message, self.now()))
            return True
        if not conditions:
            del status["conditions"]
        return False

    def _valid_index(self, job, pod) -> bool:
        i = ix.completion_index(pod)
        return i != ix.UNKNOWN and i < job["spec"]["completions"]

    def get_new_finished_pods(self, ctx):
        job = ctx.job

        def valid(p, uncounted):
            if not has_tracking_finalizer(p) or p["metadata"]["uid"] in uncounted or \
                    p["metadata"]["uid"] in ctx.expected_rm:
                return False
            return not (job["spec"].get("completionMode") == "Indexed" and not self._valid_index(job, p))

        succeeded = [p for p in ctx.pods if valid(p, ctx.uncounted_succeeded)
                     and (p.get("status") or {}).get("phase") == "Succeeded"]
        failed = [p for p in ctx.pods if valid(p, ctx.uncounted_failed) and is_pod_failed(p, job)]
        return succeeded, failed

    def calculate_succeeded_indexes(self, job, pods):
        completions = job["spec"]["completions"]
        prev = ix.parse_indexes((job.get("status") or {}).get("completedIndexes", ""), completions)
        new = {ix.completion_index(p) for p in pods
               if (p.get("status") or {}).get("phase") == "Succeeded" and has_tracking_finalizer(p)
               and self._valid_index(job, p)}
        return prev, prev | new

    def track_job_status_and_remove_finalizers(self, key: str, ctx, needs_flush: bool) -> None:
        job = ctx.job
        status = job["status"]
        indexed = job["spec"].get("completionMode") == "Indexed"
        pods = sorted(ctx.pods, key=ix.completion_index) if indexed else ctx.pods
        with_finalizer = {p["metadata"]["uid"] for p in pods
                          if has_tracking_finalizer(p) and p["metadata"]["uid"] not in ctx.expected_rm}
        old_counters = (status.get("succeeded", 0), status.get("failed", 0))
        if clean_uncounted_pods_without_finalizers(status, with_finalizer):
            needs_flush = True
        unc = status["uncountedTerminatedPods"]
        to_remove, new_indexes, reached_max = [], [], False
        for pod in pods:
            uid = pod["metadata"]["uid"]
            if not has_tracking_finalizer(pod) or uid in ctx.expected_rm:
                continue
            failed = is_pod_failed(pod, job)
            if not (job["metadata"].get("deletionTimestamp") or ctx.finished is not None or
                    (pod.get("status") or {}).get("phase") == "Succeeded" or failed):
                continue
            to_remove.append(pod)
            if (pod.get("status") or {}).get("phase") == "Succeeded" and uid not in ctx.uncounted_failed:
                if indexed:
                    i = ix.completion_index(pod)
                    if self._valid_index(job, pod) and i not in ctx.prev_succeeded_indexes:
                        new_indexes.append(i)
                        needs_flush = True
                elif uid not in ctx.uncounted_succeeded:
                    needs_flush = True
                    unc.setdefault("succeeded", []).append(uid)
            elif failed or (ctx.finished is not None and ctx.finished["type"] != "SuccessCriteriaMet"):
                if uid not in ctx.uncounted_failed and (not indexed or self._valid_index(job, pod)):
                    needs_flush = True
                    unc.setdefault("failed", []).append(uid)
            if len(new_indexes) + len(unc.get("succeeded") or []) + len(unc.get("failed") or []) \
                    >= MAX_UNCOUNTED_PODS:
                reached_max = True
                break
        if indexed:
            ctx.succeeded_indexes = ctx.succeeded_indexes | set(new_indexes)
            text = ix.format_indexes(ctx.succeeded_indexes)
            if text != status.get("completedIndexes", ""):
                needs_flush = True
            status["succeeded"] = len(ctx.succeeded_indexes)
            if not status["succeeded"]:
                del status["succeeded"]
            status["completedIndexes"] = text
        fin = ctx.finished
        if fin is not None and fin["type"] == "FailureTarget":
            status.setdefault("conditions", []).append(fin)
            needs_flush = True
            ctx.finished = new_condition("Failed", "True", fin.get("reason", ""), fin.get("message", ""), self.now())
        elif fin is not None and fin["type"] == "SuccessCriteriaMet":
            if find_condition(status.get("conditions"), "SuccessCriteriaMet") is None:
                status.setdefault("conditions", []).append(fin)
                needs_flush = True
            ctx.finished = new_condition("Complete", "True", fin.get("reason", ""), fin.get("message", ""),
                                         self.now())
        needs_flush = self.flush_uncounted_and_remove_finalizers(key, ctx, to_remove, with_finalizer, needs_flush)
        finished = not reached_max and self.enact_job_finished(ctx)
        if finished or needs_flush:
            ctx.job = update_status(self.client, ctx.job)
            if finished:
                self.record_job_finished(ctx.job, ctx.finished)
        del old_counters

    def flush_uncounted_and_remove_finalizers(self, key, ctx, to_remove, with_finalizer, needs_flush) -> bool:
        if needs_flush:
            ctx.job = update_status(self.client, ctx.job)
            ctx.job["status"].setdefault("uncountedTerminatedPods", {})
            self.backoff.update(ctx.new_backoff)
            needs_flush = False
        rm_err = None
        if to_remove:
            expected = self.finalizer_expectations.setdefault(key, set())
            expected.update(p["metadata"]["uid"] for p in to_remove)
            for pod in to_remove:
                m = pod["metadata"]
                try:
                    self.pod_control.patch_pod(m["namespace"], m["name"], {
                        "metadata": {"$deleteFromPrimitiveList/finalizers": ["batch.kubernetes.io/job-tracking"]}})
                except APIError as err:
                    expected.discard(m["uid"])
                    if err.code != 404:
                        rm_err = rm_err or err
                        continue
                with_finalizer.discard(m["uid"])
        if clean_uncounted_pods_without_finalizers(ctx.job["status"], with_finalizer):
            needs_flush = True
        if rm_err is not None:
            if needs_flush:
                ctx.job = update_status(self.client, ctx.job)
            raise rm_err
        return needs_flush

    def enact_job_finished(self, ctx) -> bool:
        if ctx.finished is None:
            return False
        job = ctx.job
        unc = job["status"].get("uncountedTerminatedPods") or {}
        if unc.get("succeeded") or unc.get("failed"):
            return False
        if self.delay_terminal_condition and ctx.terminating > 0:
            return False
        fin = ctx.finished
        status = job["status"]
        self.ensure_condition(status, fin["type"], fin["status"], fin.get("reason", ""), fin.get("message", ""))
        if fin["type"] == "Complete":
            status["completionTime"] = find_condition(status["conditions"], "Complete")["lastTransitionTime"]
        return True

    def record_job_finished(self, job: dict, fin: dict) -> None:
        job = deep_copy(job)
        job.setdefault("apiVersion", "batch/v1")
        job.setdefault("kind", "Job")
        if fin["type"] == "Complete":
            completions = job["spec"].get("completions")
            if completions is not None and job["status"].get("succeeded", 0) > completions:
                self.recorder.warning(job, "TooManySucceededPods",
                                      "Too many succeeded pods running after completion count reached")
            self.recorder.normal(job, "Completed", "Job completed")
        elif self.profile == "book":
            self.recorder.normal(job, fin.get("reason", ""), fin.get("message", ""))
        else:
            self.recorder.warning(job, fin.get("reason", ""), fin.get("message", ""))
