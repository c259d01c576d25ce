"""Jobs and cron jobs.

Follows `staging/src/k8s.io/kubectl/pkg/describe/describe.go` (JobDescriber, describeJob,
capIndexesListOrNone; CronJobDescriber, describeCronJob, describeJobTemplate, printActiveJobs).
"""

from __future__ import annotations

from .context import DescribeContext, group_path, meta, print_controller, spec, status
from .events import describe_events
from .gofmt import go_v, human_duration, label_selector_string, parse_time, print_bool_ptr, rfc1123z
from .pods import describe_pod_template
from .workloads import events_for
from .writer import LEVEL_0, PrefixWriter, print_annotations_multiline, print_labels_multiline


def _selector_line(selector: dict | None) -> str:
    text = label_selector_string(selector)
    if text is None:
        return "Selector:\tFailed to get selector: invalid label selector\n"
    return f"Selector:\t{text}\n"


def describe_job(ctx: DescribeContext, resource, namespace: str, name: str) -> str:
    job = ctx.get(group_path("batch/v1", "jobs", namespace, name))
    events = events_for(ctx, job, "Job")
    w = PrefixWriter()
    m, s, st = meta(job), spec(job), status(job)
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    w.write(LEVEL_0, f"Namespace:\t{m.get('namespace', '')}\n")
    w.write(LEVEL_0, _selector_line(s.get("selector")))
    print_labels_multiline(w, "Labels", m.get("labels"))
    print_annotations_multiline(w, "Annotations", m.get("annotations"))
    controlled_by = print_controller(job)
    if controlled_by:
        w.write(LEVEL_0, f"Controlled By:\t{controlled_by}\n")
    if s.get("parallelism") is not None:
        w.write(LEVEL_0, f"Parallelism:\t{s['parallelism']}\n")
    if s.get("completions") is not None:
        w.write(LEVEL_0, f"Completions:\t{s['completions']}\n")
    else:
        w.write(LEVEL_0, "Completions:\t<unset>\n")
    if s.get("completionMode") is not None:
        w.write(LEVEL_0, f"Completion Mode:\t{s['completionMode']}\n")
    if s.get("suspend") is not None:
        w.write(LEVEL_0, f"Suspend:\t{go_v(s['suspend'])}\n")
    if s.get("backoffLimit") is not None:
        w.write(LEVEL_0, f"Backoff Limit:\t{s['backoffLimit']}\n")
    if s.get("ttlSecondsAfterFinished") is not None:
        w.write(LEVEL_0, f"TTL Seconds After Finished:\t{s['ttlSecondsAfterFinished']}\n")
    start, done = st.get("startTime"), st.get("completionTime")
    if start is not None:
        w.write(LEVEL_0, f"Start Time:\t{rfc1123z(start)}\n")
    if done is not None:
        w.write(LEVEL_0, f"Completed At:\t{rfc1123z(done)}\n")
    if start is not None and done is not None:
        w.write(LEVEL_0, f"Duration:\t{human_duration((parse_time(done) or 0) - (parse_time(start) or 0))}\n")
    if s.get("activeDeadlineSeconds") is not None:
        w.write(LEVEL_0, f"Active Deadline Seconds:\t{s['activeDeadlineSeconds']}s\n")
    active, succeeded, failed = st.get("active", 0), st.get("succeeded", 0), st.get("failed", 0)
    if st.get("ready") is None:
        w.write(LEVEL_0, f"Pods Statuses:\t{active} Active / {succeeded} Succeeded / {failed} Failed\n")
    else:
        w.write(LEVEL_0, f"Pods Statuses:\t{active} Active ({st['ready']} Ready) / {succeeded} Succeeded / "
                         f"{failed} Failed\n")
    if s.get("completionMode") == "Indexed":
        w.write(LEVEL_0, f"Completed Indexes:\t{cap_indexes_list_or_none(st.get('completedIndexes', ''), 50)}\n")
    describe_pod_template(s.get("template") or {}, w)
    if events is not None:
        describe_events(events, w, ctx.now)
    return w.string()


def cap_indexes_list_or_none(indexes: str, soft_limit: int) -> str:
    if not indexes:
        return "<none>"
    ix = soft_limit
    while ix < len(indexes) and indexes[ix] != ",":
        ix += 1
    if ix >= len(indexes):
        return indexes
    return indexes[:ix + 1] + "..."


def describe_cron_job(ctx: DescribeContext, resource, namespace: str, name: str) -> str:
    cj = ctx.get(group_path("batch/v1", "cronjobs", namespace, name))
    events = events_for(ctx, cj, "CronJob")
    w = PrefixWriter()
    m, s, st = meta(cj), spec(cj), status(cj)
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    w.write(LEVEL_0, f"Namespace:\t{m.get('namespace', '')}\n")
    print_labels_multiline(w, "Labels", m.get("labels"))
    print_annotations_multiline(w, "Annotations", m.get("annotations"))
    w.write(LEVEL_0, f"Schedule:\t{s.get('schedule', '')}\n")
    w.write(LEVEL_0, f"Concurrency Policy:\t{s.get('concurrencyPolicy', '')}\n")
    w.write(LEVEL_0, f"Suspend:\t{print_bool_ptr(s.get('suspend'))}\n")
    for key, title in (("successfulJobsHistoryLimit", "Successful Job History Limit"),
                       ("failedJobsHistoryLimit", "Failed Job History Limit")):
        w.write(LEVEL_0, f"{title}:\t{s[key] if s.get(key) is not None else '<unset>'}\n")
    if s.get("startingDeadlineSeconds") is not None:
        w.write(LEVEL_0, f"Starting Deadline Seconds:\t{s['startingDeadlineSeconds']}s\n")
    else:
        w.write(LEVEL_0, "Starting Deadline Seconds:\t<unset>\n")
    _job_template(s.get("jobTemplate") or {}, w)
    if st.get("lastScheduleTime") is not None:
        w.write(LEVEL_0, f"Last Schedule Time:\t{rfc1123z(st['lastScheduleTime'])}\n")
    else:
        w.write(LEVEL_0, "Last Schedule Time:\t<unset>\n")
    _active_jobs(w, "Active Jobs", st.get("active") or [])
    if events is not None:
        describe_events(events, w, ctx.now)
    return w.string()


def _job_template(template: dict, w) -> None:
    s = spec(template)
    if s.get("selector") is not None:
        w.write(LEVEL_0, _selector_line(s["selector"]))
    else:
        w.write(LEVEL_0, "Selector:\t<unset>\n")
    for key, title in (("parallelism", "Parallelism"), ("completions", "Completions")):
        w.write(LEVEL_0, f"{title}:\t{s[key] if s.get(key) is not None else '<unset>'}\n")
    if s.get("activeDeadlineSeconds") is not None:
        w.write(LEVEL_0, f"Active Deadline Seconds:\t{s['activeDeadlineSeconds']}s\n")
    describe_pod_template(s.get("template") or {}, w)


def _active_jobs(w, title: str, jobs: list) -> None:
    w.write(LEVEL_0, f"{title}:\t")
    if not jobs:
        w.write_line("<none>")
        return
    for i, job in enumerate(jobs):
        if i:
            w.write(LEVEL_0, ", ")
        w.write(LEVEL_0, job.get("name", ""))
    w.write_line("")
