"""The CronJob controller: creates a Job for each scheduled time of each CronJob.

Follows `pkg/controller/cronjob/cronjob_controllerv2.go`:
- handlers: CronJob add/delete -> sync now; update -> when the schedule or time zone changed,
  at the next scheduled time, else now; Job events -> the CronJob that controls the Job;
- sync(key): list the CronJob's Jobs (controllerRef by name), cleanupFinishedJobs (keep
  successfulJobsHistoryLimit succeeded and failedJobsHistoryLimit failed Jobs, deleting the
  oldest: SuccessfulDelete "Deleted job x"), then syncCronJob:
  * finished Jobs leave status.active (SawCompletedJob "Saw completed job: x, condition:
    Complete"), the newest completion time becomes status.lastSuccessfulTime; vanished ones too
    (MissingJob); unknown running ones are reported (UnexpectedJob);
  * suspended, unparseable or bad time zone -> nothing more;
  * the most recent unmet schedule time (robfig cron, schedule.py) past
    startingDeadlineSeconds -> MissSchedule; already started -> nothing; Forbid with active
    Jobs -> JobAlreadyActive; Replace -> delete the active Jobs first;
  * create the Job `<cronjob>-<scheduled minutes>` from jobTemplate (SuccessfulCreate
    "Created job x"), add it to status.active, set status.lastScheduleTime;
  and requeue the CronJob for its next scheduled time (+100 ms).
Status is written once per sync, with UpdateStatus.

Profiles: the book (v1.11) names Jobs by scheduled seconds, writes no scheduled-timestamp
annotation and says "Saw completed job: x, status: Complete".

Differences from upstream: none beyond the profile.
"""

from __future__ import annotations

from k8slab.api.copying import deep_copy


from ...api.names import parse_rfc3339, rfc3339
from ...apiserver.errors import APIError
from ..base import Controller, get_controller_of, update_status
from ..job.util import finished_condition, is_job_finished, is_job_succeeded
from .schedule import ScheduleError, load_location, parse_standard
from .utils import (MANY_MISSED, by_job_start_time, delete_from_active_list, format_schedule,
                    in_active_list, in_active_list_by_name, job_from_template, job_name,
                    most_recent_schedule_time, next_schedule_time_duration)


def _rfc1123z(t: float) -> str:
    import datetime as _dt
    return _dt.datetime.fromtimestamp(int(t), _dt.timezone.utc).strftime("%a, %d %b %Y %H:%M:%S +0000")


def _ref(job: dict) -> dict:
    m = job["metadata"]
    return {"kind": "Job", "namespace": m["namespace"], "name": m["name"], "uid": m["uid"],
            "apiVersion": "batch/v1", "resourceVersion": m.get("resourceVersion", "")}


class CronJobController(Controller):
    name = "cronjob-controller"
    queue_name = "cronjob"
    component = "cronjob-controller"

    def setup(self) -> None:
        job_inf, cj_inf = self.informer("batch/v1", "jobs"), self.informer("batch/v1", "cronjobs")
        self.jobs, self.cronjobs = job_inf.lister(), cj_inf.lister()
        self.book = self.profile == "book"
        job_inf.add_event_handler(on_add=self.job_event, on_update=self.update_job,
                                  on_delete=lambda o: self.job_event(self.unwrap(o)))
        cj_inf.add_event_handler(on_add=self.enqueue, on_update=self.update_cronjob,
                                 on_delete=lambda o: self.enqueue(self.unwrap(o)))

    # ---- handlers ------------------------------------------------------------------------------

    def _parent(self, job: dict, ref: dict | None) -> dict | None:
        if ref is None or ref.get("kind") != "CronJob":
            return None
        cj = self.cronjobs.get(job["metadata"]["namespace"], ref.get("name", ""))
        return cj if cj is not None and cj["metadata"].get("uid") == ref.get("uid") else None

    def job_event(self, job) -> None:
        cj = self._parent(job, get_controller_of(job))
        if cj is not None:
            self.enqueue(cj)

    def update_job(self, old, cur) -> None:
        if old["metadata"].get("resourceVersion") == cur["metadata"].get("resourceVersion"):
            return
        old_ref, cur_ref = get_controller_of(old), get_controller_of(cur)
        if old_ref is not None and old_ref != cur_ref:
            cj = self._parent(old, old_ref)
            if cj is not None:
                self.enqueue(cj)
        self.job_event(cur)

    def update_cronjob(self, old, cur) -> None:
        ospec, cspec = old.get("spec") or {}, cur.get("spec") or {}
        if ospec.get("schedule") != cspec.get("schedule") or ospec.get("timeZone") != cspec.get("timeZone"):
            try:
                sched = parse_standard(format_schedule(cur))
            except ScheduleError:
                self.recorder.warning(cur, "UnParseableCronJobSchedule",
                                      f"unparseable schedule for cronjob: {cspec.get('schedule')}")
                return
            self.enqueue_after(cur, next_schedule_time_duration(cur, self.now(), sched))
            return
        self.enqueue(cur)

    # ---- sync ----------------------------------------------------------------------------------

    def sync(self, key: str) -> None:
        ns, name = self.split_key(key)
        cj = self.cronjobs.get(ns, name)
        if cj is None:
            return
        jobs = [j for j in self.jobs.list(ns)
                if (get_controller_of(j) or {}).get("name") == name]
        cj = deep_copy(cj)
        cj["apiVersion"], cj["kind"] = "batch/v1", "CronJob"
        cj.setdefault("status", {})
        update_after_cleanup = self.cleanup_finished_jobs(cj, jobs)
        requeue_after, update_after_sync, err = self.sync_cronjob(cj, jobs)
        if update_after_cleanup or update_after_sync:
            update_status(self.client, cj)
        if requeue_after is not None:
            self.queue.forget(key)
            self.queue.add_after(key, requeue_after)
            return
        if err is not None:
            raise err

    def sync_cronjob(self, cj: dict, jobs: list[dict]):
        """(requeue after seconds or None, status changed, error)."""
        now = self.now()
        status, spec = cj["status"], cj.get("spec") or {}
        update = False
        children = set()
        for j in jobs:
            uid = j["metadata"]["uid"]
            children.add(uid)
            found = in_active_list(cj, uid)
            if not found and not is_job_finished(j):
                fresh = self.client.get("batch/v1", "CronJob", cj["metadata"]["name"], cj["metadata"]["namespace"])
                if in_active_list(fresh, uid):
                    cj.clear()
                    cj.update(fresh)
                    status = cj.setdefault("status", {})
                    continue
                self.recorder.warning(cj, "UnexpectedJob",
                                      f"Saw a job that the controller did not create or forgot: {j['metadata']['name']}")
            elif is_job_finished(j):
                if found:
                    delete_from_active_list(cj, uid)
                    word = "status" if self.book else "condition"
                    self.recorder.normal(cj, "SawCompletedJob",
                                         f"Saw completed job: {j['metadata']['name']}, {word}: {finished_condition(j)}")
                    update = True
                if is_job_succeeded(j):
                    done = (j.get("status") or {}).get("completionTime")
                    last = status.get("lastSuccessfulTime")
                    if done and (last is None or parse_rfc3339(done) > parse_rfc3339(last)):
                        status["lastSuccessfulTime"] = done
                        update = True
        for ref in list(status.get("active") or []):
            if ref.get("uid") in children:
                continue
            try:
                self.client.get("batch/v1", "Job", ref["name"], ref.get("namespace") or cj["metadata"]["namespace"])
            except APIError as err:
                if err.code != 404:
                    return None, update, err
                self.recorder.normal(cj, "MissingJob", f"Active job went missing: {ref['name']}")
                delete_from_active_list(cj, ref.get("uid"))
                update = True
        if cj["metadata"].get("deletionTimestamp"):
            return None, update, None
        tz = spec.get("timeZone")
        if tz is not None:
            try:
                load_location(tz)
            except ScheduleError as err:
                self.recorder.warning(cj, "UnknownTimeZone", f'invalid timeZone: "{tz}": {err}')
                return None, update, None
        if spec.get("suspend"):
            return None, update, None
        schedule_text = format_schedule(cj)
        if "TZ" in spec.get("schedule", ""):
            self.recorder.warning(cj, "UnsupportedSchedule",
                                  f'CRON_TZ or TZ used in schedule "{spec.get("schedule")}" is not officially '
                                  "supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ "
                                  "for more details")
        try:
            sched = parse_standard(schedule_text)
        except ScheduleError as err:
            self.recorder.warning(cj, "UnparseableSchedule", f'unparseable schedule: "{spec.get("schedule")}" : {err}')
            return None, update, None
        try:
            _, scheduled, missed = most_recent_schedule_time(cj, now, sched, True)
        except ScheduleError as err:
            self.recorder.warning(cj, "InvalidSchedule", f"invalid schedule: {spec.get('schedule')} : {err}")
            return None, update, None
        if scheduled is not None and missed == MANY_MISSED:
            self.recorder.warning(cj, "TooManyMissedTimes", "too many missed start times. Set or decrease "
                                  ".spec.startingDeadlineSeconds or check clock skew")
        if scheduled is None or scheduled > now:
            return next_schedule_time_duration(cj, now, sched), update, None
        deadline = spec.get("startingDeadlineSeconds")
        if deadline is not None and scheduled + deadline < now:
            self.recorder.warning(cj, "MissSchedule",
                                  f"Missed scheduled time to start a job: {_rfc1123z(scheduled)}")
            return next_schedule_time_duration(cj, now, sched), update, None
        name = job_name(cj, scheduled, self.book)
        if in_active_list_by_name(cj, name, cj["metadata"]["namespace"]) or \
                status.get("lastScheduleTime") == rfc3339(scheduled):
            return next_schedule_time_duration(cj, now, sched), update, None
        policy = spec.get("concurrencyPolicy", "Allow")
        if policy == "Forbid" and status.get("active"):
            self.recorder.normal(cj, "JobAlreadyActive", "Not starting job because prior execution is running "
                                 "and concurrency policy is Forbid")
            return next_schedule_time_duration(cj, now, sched), update, None
        if policy == "Replace":
            for ref in list(status.get("active") or []):
                try:
                    job = self.client.get("batch/v1", "Job", ref["name"], ref.get("namespace"))
                except APIError as err:
                    self.recorder.warning(cj, "FailedGet", f"Get job: {err.message}")
                    return None, update, err
                if not self.delete_job(cj, job):
                    return None, update, RuntimeError(f"could not replace job {ref.get('namespace')}/{ref['name']}")
                update = True
        job_req = job_from_template(cj, scheduled, self.book)
        try:
            job = self.client.create(job_req, cj["metadata"]["namespace"])
        except APIError as err:
            if any(c.get("reason") == "NamespaceTerminating" for c in (err.details or {}).get("causes") or []):
                return None, update, err
            if err.code != 409:
                self.recorder.warning(cj, "FailedCreate", f"Error creating job: {err.message}")
                return None, update, err
            job = self.client.get("batch/v1", "Job", name, cj["metadata"]["namespace"])
            ref = get_controller_of(job)
            if ref is None or ref.get("uid") != cj["metadata"]["uid"] or in_active_list(cj, job["metadata"]["uid"]):
                return None, update, None
        else:
            self.recorder.normal(cj, "SuccessfulCreate", f"Created job {job['metadata']['name']}")
        status.setdefault("active", []).append(_ref(job))
        status["lastScheduleTime"] = rfc3339(scheduled)
        return next_schedule_time_duration(cj, now, sched), True, None

    def cleanup_finished_jobs(self, cj: dict, jobs: list[dict]) -> bool:
        spec = cj.get("spec") or {}
        if spec.get("failedJobsHistoryLimit") is None and spec.get("successfulJobsHistoryLimit") is None:
            return False
        succeeded = [j for j in jobs if finished_condition(j) == "Complete"]
        failed = [j for j in jobs if finished_condition(j) == "Failed"]
        update = False
        for jobs_, limit in ((succeeded, spec.get("successfulJobsHistoryLimit")),
                             (failed, spec.get("failedJobsHistoryLimit"))):
            if limit is None or len(jobs_) <= limit:
                continue
            for job in sorted(jobs_, key=by_job_start_time)[:len(jobs_) - limit]:
                if self.delete_job(cj, job):
                    update = True
        return update

    def delete_job(self, cj: dict, job: dict) -> bool:
        """deleteJob: the Job (its pods follow through the garbage collector) and its reference."""
        try:
            self.client.delete("batch/v1", "Job", job["metadata"]["name"], job["metadata"]["namespace"],
                               propagationPolicy="Background")
        except APIError as err:
            self.recorder.warning(cj, "FailedDelete", f"Deleted job: {err.message}")
            return False
        delete_from_active_list(cj, job["metadata"]["uid"])
        self.recorder.normal(cj, "SuccessfulDelete", f"Deleted job {job['metadata']['name']}")
        return True
