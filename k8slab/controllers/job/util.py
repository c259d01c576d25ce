"""Job helpers other controllers use too (CronJob, TTL-after-finished).

Follows `pkg/controller/job/util/utils.go` (FinishedCondition, IsJobFinished, IsJobSucceeded).

Differences from upstream: none.
"""

from __future__ import annotations

JOB_TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking"


def finished_condition(job: dict) -> str | None:
    """"Complete" or "Failed" when the Job has that condition True, else None."""
    for c in (job.get("status") or {}).get("conditions") or []:
        if c.get("type") in ("Complete", "Failed") and c.get("status") == "True":
            return c["type"]
    return None


def is_job_finished(job: dict) -> bool:
    return finished_condition(job) is not None


def is_job_succeeded(job: dict) -> bool:
    return finished_condition(job) == "Complete"


def find_condition(conditions: list[dict] | None, ctype: str) -> dict | None:
    for c in conditions or []:
        if c.get("type") == ctype:
            return c
    return None


def has_tracking_finalizer(pod: dict) -> bool:
    return JOB_TRACKING_FINALIZER in (pod["metadata"].get("finalizers") or [])
