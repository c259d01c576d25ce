"""Scheduling arithmetic and Job construction for CronJobs.

Follows `pkg/controller/cronjob/utils.go` (mostRecentScheduleTime, nextScheduleTime,
nextScheduleTimeDuration, getJobFromTemplate2, getTimeHashInMinutes, inActiveList,
deleteFromActiveList, byJobStartTime) and `cronjob_controllerv2.go` (formatSchedule).
Times are Unix seconds.

Differences from upstream: none in behaviour.
"""

from __future__ import annotations

from k8slab.api.copying import deep_copy

import datetime as _dt

from ...api.names import parse_rfc3339
from .schedule import ScheduleError, load_location

NEXT_SCHEDULE_DELTA = 0.1                 # nextScheduleDelta: wake up 100 ms after the slot
SCHEDULED_TIMESTAMP_ANNOTATION = "batch.kubernetes.io/cronjob-scheduled-timestamp"
NONE_MISSED, FEW_MISSED, MANY_MISSED = 0, 1, 2


def format_schedule(cj: dict) -> str:
    spec = cj.get("spec") or {}
    schedule = spec.get("schedule", "")
    if "TZ" in schedule:
        return schedule
    tz = spec.get("timeZone")
    if tz is not None:
        try:
            load_location(tz)
        except ScheduleError:
            return schedule
        return f"TZ={tz} {schedule}"
    return schedule


def most_recent_schedule_time(cj: dict, now: float, sched, include_starting_deadline: bool):
    """(earliest time considered, the latest missed slot or None, missed-schedules kind)."""
    status, spec = cj.get("status") or {}, cj.get("spec") or {}
    earliest = parse_rfc3339(cj["metadata"]["creationTimestamp"])
    if status.get("lastScheduleTime"):
        earliest = parse_rfc3339(status["lastScheduleTime"])
    deadline = spec.get("startingDeadlineSeconds")
    if include_starting_deadline and deadline is not None:
        earliest = max(earliest, now - deadline)
    t1 = sched.next(earliest)
    if t1 is None or now < t1:
        return earliest, None, NONE_MISSED
    t2 = sched.next(t1)
    if t2 is None or now < t2:
        return earliest, t1, NONE_MISSED
    between = int(round(t2 - t1))
    if between < 1:
        raise ScheduleError("time difference between two schedules is less than 1 second")
    missed = int(now - t1) // between + 1
    most_recent = None
    t = sched.next(t1 + (missed - 2) * between)
    while t is not None and t <= now:
        most_recent = t
        t = sched.next(t)
    kind = MANY_MISSED if missed > 100 else (FEW_MISSED if missed > 0 else NONE_MISSED)
    return earliest, most_recent, kind


def next_schedule_time_duration(cj: dict, now: float, sched) -> float:
    """How long until the slot after the most recent one (plus 100 ms)."""
    try:
        earliest, most_recent, _ = most_recent_schedule_time(cj, now, sched, False)
    except ScheduleError:
        most_recent = now
    else:
        if most_recent is None:
            most_recent = earliest
    nxt = sched.next(most_recent)
    if nxt is None:
        return 365 * 24 * 3600.0
    return nxt + NEXT_SCHEDULE_DELTA - now


def job_name(cj: dict, scheduled: float, book: bool = False) -> str:
    """`<cronjob>-<scheduled time in minutes since the epoch>` (v1.11: in seconds)."""
    return f"{cj['metadata']['name']}-{int(scheduled) if book else int(scheduled) // 60}"


def job_from_template(cj: dict, scheduled: float, book: bool = False) -> dict:
    """getJobFromTemplate2: the template's labels and annotations, the scheduled-timestamp
    annotation (in the CronJob's time zone), a controller reference to the CronJob."""
    tmpl = (cj.get("spec") or {}).get("jobTemplate") or {}
    tmeta = tmpl.get("metadata") or {}
    labels = dict(tmeta.get("labels") or {})
    annotations = dict(tmeta.get("annotations") or {})
    if not book:
        loc = load_location((cj.get("spec") or {}).get("timeZone") or "")
        t = _dt.datetime.fromtimestamp(int(scheduled), loc)
        text = t.strftime("%Y-%m-%dT%H:%M:%S")
        offset = t.utcoffset() or _dt.timedelta(0)
        if offset == _dt.timedelta(0):
            text += "Z"
        else:
            minutes = int(offset.total_seconds() // 60)
            sign = "+" if minutes >= 0 else "-"
            text += f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
        annotations[SCHEDULED_TIMESTAMP_ANNOTATION] = text
    meta = cj["metadata"]
    job_meta = {"name": job_name(cj, scheduled, book), "namespace": meta["namespace"],
                "ownerReferences": [{"apiVersion": "batch/v1", "kind": "CronJob", "name": meta["name"],
                                     "uid": meta["uid"], "controller": True, "blockOwnerDeletion": True}]}
    if labels:
        job_meta["labels"] = labels
    if annotations:
        job_meta["annotations"] = annotations
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": job_meta,
            "spec": deep_copy(tmpl.get("spec") or {})}


def in_active_list(cj: dict, uid: str) -> bool:
    return any(r.get("uid") == uid for r in (cj.get("status") or {}).get("active") or [])


def in_active_list_by_name(cj: dict, name: str, namespace: str) -> bool:
    return any(r.get("name") == name and r.get("namespace") == namespace
               for r in (cj.get("status") or {}).get("active") or [])


def delete_from_active_list(cj: dict, uid: str) -> None:
    status = cj.setdefault("status", {})
    kept = [r for r in status.get("active") or [] if r.get("uid") != uid]
    if kept:
        status["active"] = kept
    else:
        status.pop("active", None)


def by_job_start_time(job: dict):
    """byJobStartTime: started jobs oldest first, then unstarted; ties by name."""
    start = (job.get("status") or {}).get("startTime")
    return (start is None, parse_rfc3339(start) if start else 0.0, job["metadata"]["name"])
