"""Pod-failure back-off for Jobs: how long to wait before replacing failed pods.

Follows `pkg/controller/job/backoff_utils.go`: per Job a record of the failures since the last
success and the time of the last failure; the delay is 10 s doubled per further failure up to a
cap (MaxJobPodFailureBackOff: 10 min today, 6 min in v1.11's DefaultJobBackOff/MaxJobBackOff),
minus the time already passed since that failure. A pod's finish time is its Ready=False
transition, else its containers' latest finishedAt, else its deletionTimestamp, else its creation.

Differences from upstream: none in behaviour; times are Unix seconds from the cluster clock.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...api.names import parse_rfc3339

DEFAULT_JOB_POD_FAILURE_BACKOFF = 10.0        # seconds
MAX_JOB_POD_FAILURE_BACKOFF = {"current": 600.0, "book": 360.0}


@dataclass
class BackoffRecord:
    key: str
    failures_after_last_success: int = 0
    last_failure_time: float | None = None     # Unix seconds

    def remaining_time(self, now: float, default: float, maximum: float) -> float:
        return remaining_time_for_failures(now, default, maximum, self.failures_after_last_success,
                                           self.last_failure_time)


def remaining_time_for_failures(now: float, default: float, maximum: float, failures: int,
                                last_failure_time: float | None) -> float:
    if failures == 0 or last_failure_time is None:
        return 0.0
    backoff = default
    for _ in range(1, failures):
        backoff *= 2
        if backoff >= maximum:
            backoff = maximum
            break
    elapsed = now - last_failure_time
    return 0.0 if backoff < elapsed else backoff - elapsed


def finished_time(pod: dict) -> float:
    status = pod.get("status") or {}
    if status.get("phase") in ("Succeeded", "Failed"):
        for c in status.get("conditions") or []:
            if c.get("type") == "Ready" and c.get("status") == "False" and c.get("lastTransitionTime"):
                return parse_rfc3339(c["lastTransitionTime"])
    latest = None
    for cs in (status.get("containerStatuses") or []) + (status.get("initContainerStatuses") or []):
        term = (cs.get("state") or {}).get("terminated") or {}
        if term.get("finishedAt"):
            t = parse_rfc3339(term["finishedAt"])
            latest = t if latest is None else max(latest, t)
    if latest is not None:
        return latest
    meta = pod["metadata"]
    if meta.get("deletionTimestamp"):
        return parse_rfc3339(meta["deletionTimestamp"])
    return parse_rfc3339(meta["creationTimestamp"])


class BackoffStore:
    """backoffStore: one record per Job key."""

    def __init__(self):
        self.records: dict[str, BackoffRecord] = {}

    def new_record(self, key: str, new_succeeded: list[dict], new_failed: list[dict]) -> BackoffRecord:
        old = self.records.get(key)
        rec = BackoffRecord(key, old.failures_after_last_success, old.last_failure_time) if old \
            else BackoffRecord(key)
        succeeded = sorted(finished_time(p) for p in new_succeeded)
        failed = sorted(finished_time(p) for p in new_failed)
        if not succeeded:
            if failed:
                rec.failures_after_last_success += len(failed)
                rec.last_failure_time = failed[-1]
            return rec
        rec.failures_after_last_success, rec.last_failure_time = 0, None
        for t in reversed(failed):
            if t <= succeeded[-1]:
                break
            if rec.last_failure_time is None:
                rec.last_failure_time = t
            rec.failures_after_last_success += 1
        return rec

    def update(self, rec: BackoffRecord) -> None:
        self.records[rec.key] = rec

    def remove(self, key: str) -> None:
        self.records.pop(key, None)
