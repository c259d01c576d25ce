"""The TTL-after-finished controller: a finished Job with spec.ttlSecondsAfterFinished is deleted
that many seconds after it finished.

Follows `pkg/controller/ttlafterfinished/ttlafterfinished_controller.go`: Job adds and updates
enqueue Jobs that need cleanup (a TTL and a Complete or Failed condition); processJob computes
when the TTL expires (the finishing condition's lastTransitionTime plus the TTL) and requeues the
Job for that moment; when it has expired it re-reads the Job from the API server, checks again,
and deletes it with propagationPolicy Foreground and a UID precondition (so the garbage
collector removes the Job's pods before the Job itself).

Differences from upstream: none in behaviour.
"""

from __future__ import annotations

import logging

from ...api.names import parse_rfc3339
from ...apiserver.errors import APIError
from ..base import Controller

log = logging.getLogger("k8slab.controllers.ttlafterfinished")


def finish_time(job: dict) -> float | None:
    for c in (job.get("status") or {}).get("conditions") or []:
        if c.get("type") in ("Complete", "Failed") and c.get("status") == "True":
            return parse_rfc3339(c["lastTransitionTime"]) if c.get("lastTransitionTime") else None
    return None


def needs_cleanup(job: dict) -> bool:
    return (job.get("spec") or {}).get("ttlSecondsAfterFinished") is not None and finish_time(job) is not None


class TTLAfterFinishedController(Controller):
    name = "ttl-after-finished-controller"
    queue_name = "ttl_jobs_to_delete"
    component = "ttl-after-finished-controller"

    def setup(self) -> None:
        inf = self.informer("batch/v1", "jobs")
        self.jobs = inf.lister()
        inf.add_event_handler(on_add=self.add_job, on_update=lambda old, new: self.add_job(new))

    def add_job(self, job) -> None:
        if needs_cleanup(job) and not job["metadata"].get("deletionTimestamp"):
            self.enqueue(job)

    def time_left(self, job: dict) -> float:
        finished = finish_time(job)
        now = self.now()
        if finished > now:
            log.info("Warning: Found Job finished in the future. This is likely due to time skew in "
                     "the cluster. Job cleanup will be deferred.")
        return finished + job["spec"]["ttlSecondsAfterFinished"] - now

    def sync(self, key: str) -> None:
        """processJob."""
        ns, name = self.split_key(key)
        job = self.jobs.get(ns, name)
        if job is None or job["metadata"].get("deletionTimestamp") or not needs_cleanup(job):
            return
        left = self.time_left(job)
        if left > 0:
            self.queue.add_after(key, left)
            return
        try:
            fresh = self.client.get("batch/v1", "Job", name, ns)
        except APIError as err:
            if err.code == 404:
                return
            raise
        if fresh["metadata"].get("deletionTimestamp") or not needs_cleanup(fresh):
            return
        left = self.time_left(fresh)
        if left > 0:
            self.queue.add_after(key, left)
            return
        log.info("Cleaning up Job %s", key)
        try:
            self.client.delete("batch/v1", "Job", name, ns, propagationPolicy="Foreground",
                               preconditions={"uid": fresh["metadata"]["uid"]})
        except APIError as err:
            if err.code != 404:
                raise
