"""Group batch: jobs and cronjobs.

Follows `pkg/printers/internalversion/printers.go`: `printJob` (STATUS from the job's conditions,
COMPLETIONS like `1/1` or `0/1 of 3`, DURATION) and `printCronJob`.

Differences from upstream: none known.
"""

from __future__ import annotations

from .common import (AGE, CONTAINERS_WIDE, IMAGES_WIDE, NAME, Printer, age, column, dig,
                     format_label_selector, human_duration, layout_container_cells, name_of,
                     parse_time, print_bool, translate_timestamp_since)

JOB_COLUMNS = (
    NAME,
    column("Status", "string", "Status of the job."),
    column("Completions", "string", "Succeeded pods out of the completions wanted."),
    column("Duration", "string", "Time required to complete the job."),
    AGE,
    CONTAINERS_WIDE,
    IMAGES_WIDE,
    column("Selector", "string", "Label query over the job's pods.", priority=1),
)


def _job_condition(job: dict, condition_type: str) -> bool:
    """The first condition of that type decides (hasJobCondition)."""
    for condition in dig(job, "status", "conditions", default=[]):
        if condition.get("type") == condition_type:
            return condition.get("status") == "True"
    return False


def job_status(job: dict) -> str:
    if _job_condition(job, "Complete"):
        return "Complete"
    if _job_condition(job, "Failed"):
        return "Failed"
    if dig(job, "metadata", "deletionTimestamp"):
        return "Terminating"
    if _job_condition(job, "Suspended"):
        return "Suspended"
    if _job_condition(job, "FailureTarget"):
        return "FailureTarget"
    return "Running"


def job_completions(job: dict) -> str:
    succeeded = dig(job, "status", "succeeded", default=0)
    completions = dig(job, "spec", "completions")
    if completions is not None:
        return f"{succeeded}/{completions}"
    parallelism = dig(job, "spec", "parallelism", default=0)
    if parallelism > 1:
        return f"{succeeded}/1 of {parallelism}"
    return f"{succeeded}/1"


def job_duration(job: dict, now: float) -> str:
    started = parse_time(dig(job, "status", "startTime"))
    completed = parse_time(dig(job, "status", "completionTime"))
    if started is None:
        return ""
    return human_duration((now if completed is None else completed) - started)


def print_job(job: dict, now: float) -> list:
    names, images = layout_container_cells(dig(job, "spec", "template", "spec", "containers"))
    return [name_of(job), job_status(job), job_completions(job), job_duration(job, now), age(job, now),
            names, images, format_label_selector(dig(job, "spec", "selector"))]


CRON_JOB_COLUMNS = (
    NAME,
    column("Schedule", "string", "The cron schedule, e.g. */1 * * * *."),
    column("Timezone", "string", "Time zone the schedule is read in (spec.timeZone)."),
    column("Suspend", "boolean", "Whether new runs are suspended."),
    column("Active", "integer", "Number of jobs currently running."),
    column("Last Schedule", "string", "When a job was last scheduled."),
    AGE,
    CONTAINERS_WIDE,
    IMAGES_WIDE,
    column("Selector", "string", "Label query over the jobs' pods.", priority=1),
)


def _or_none(value: str | None) -> str:
    return "<none>" if value is None else value


def print_cron_job(obj: dict, now: float) -> list:
    spec = obj.get("spec") or {}
    last = dig(obj, "status", "lastScheduleTime")
    job_spec = dig(spec, "jobTemplate", "spec", default={})
    names, images = layout_container_cells(dig(job_spec, "template", "spec", "containers"))
    return [name_of(obj), spec.get("schedule", ""), _or_none(spec.get("timeZone")),
            print_bool(spec.get("suspend")), len(dig(obj, "status", "active", default=[])),
            "<none>" if last is None else translate_timestamp_since(last, now), age(obj, now),
            names, images, format_label_selector(job_spec.get("selector"))]


PRINTERS = {
    "jobs": Printer(JOB_COLUMNS, print_job),
    "cronjobs": Printer(CRON_JOB_COLUMNS, print_cron_job),
}
