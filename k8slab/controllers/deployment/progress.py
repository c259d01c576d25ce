"""Progress: the Progressing condition, and ProgressDeadlineExceeded when a rollout stalls.

Follows `pkg/controller/deployment/progress.go` (syncRolloutStatus, getReplicaFailures,
requeueStuckDeployment). A rollout shows, in order of precedence:
- NewReplicaSetAvailable: complete ("ReplicaSet "x" has successfully progressed.");
- ReplicaSetUpdated: some progress since the last status (lastUpdateTime moves forward);
- ProgressDeadlineExceeded: no progress for progressDeadlineSeconds since lastUpdateTime.
A stalled deployment is requeued for the moment its deadline passes, so the timeout is noticed
even when nothing else happens.

Differences from upstream: "now" is the controller's clock.
"""

from __future__ import annotations

from ...api.names import parse_rfc3339, rfc3339
from ..base import update_status
from . import util as du
from .sync import calculate_status


def sync_rollout_status(dc, all_rss: list, new_rs: dict | None, d: dict) -> None:
    now = dc.now()
    now_text = rfc3339(now)
    new_status = calculate_status(all_rss, new_rs, d, now_text)
    if not du.has_progress_deadline(d):
        du.remove_deployment_condition(new_status, du.PROGRESSING)
    cur = du.get_deployment_condition(d.get("status") or {}, du.PROGRESSING)
    # only one active RS and the last rollout completed: a resync, nothing to estimate
    complete_before = (new_status.get("replicas", 0) == new_status.get("updatedReplicas", 0)
                       and cur is not None and cur.get("reason") == du.NEW_RS_AVAILABLE_REASON)
    if du.has_progress_deadline(d) and not complete_before:
        rs_name = new_rs["metadata"]["name"] if new_rs is not None else None
        name = d["metadata"]["name"]
        if du.deployment_complete(d, new_status):
            msg = f'ReplicaSet "{rs_name}" has successfully progressed.' if rs_name else \
                f'Deployment "{name}" has successfully progressed.'
            du.set_deployment_condition(new_status, du.new_deployment_condition(
                du.PROGRESSING, "True", du.NEW_RS_AVAILABLE_REASON, msg, now_text))
        elif du.deployment_progressing(d, new_status):
            msg = f'ReplicaSet "{rs_name}" is progressing.' if rs_name else f'Deployment "{name}" is progressing.'
            cond = du.new_deployment_condition(du.PROGRESSING, "True", du.REPLICA_SET_UPDATED_REASON, msg, now_text)
            # same reason as before, but lastUpdateTime must move: replace the condition,
            # keeping lastTransitionTime while the status stays True
            if cur is not None:
                if cur.get("status") == "True":
                    cond["lastTransitionTime"] = cur.get("lastTransitionTime")
                du.remove_deployment_condition(new_status, du.PROGRESSING)
            du.set_deployment_condition(new_status, cond)
        elif du.deployment_timed_out(d, new_status, now):
            msg = f'ReplicaSet "{rs_name}" has timed out progressing.' if rs_name else \
                f'Deployment "{name}" has timed out progressing.'
            du.set_deployment_condition(new_status, du.new_deployment_condition(
                du.PROGRESSING, "False", du.TIMED_OUT_REASON, msg, now_text))
    failures = get_replica_failures(all_rss, new_rs)
    if failures:
        du.set_deployment_condition(new_status, failures[0])
    else:
        du.remove_deployment_condition(new_status, du.REPLICA_FAILURE)
    if not new_status.get("conditions"):
        new_status.pop("conditions", None)
    if (d.get("status") or {}) == new_status:
        requeue_stuck_deployment(dc, d, new_status, now)
        return
    d["status"] = new_status
    update_status(dc.client, d)


def get_replica_failures(all_rss: list, new_rs: dict | None) -> list[dict]:
    """ReplicaFailure conditions of the new RS, else of any RS, as deployment conditions."""
    def failures(rs):
        return [du.replica_set_to_deployment_condition(c) for c in (rs.get("status") or {}).get("conditions") or []
                if c.get("type") == du.REPLICA_FAILURE]
    if new_rs is not None and failures(new_rs):
        return failures(new_rs)
    return [c for rs in all_rss if rs is not None for c in failures(rs)]


def requeue_stuck_deployment(dc, d: dict, new_status: dict, now: float) -> float:
    """Seconds until the deployment is looked at again for a timeout (-1: not needed)."""
    cur = du.get_deployment_condition(d.get("status") or {}, du.PROGRESSING)
    if not du.has_progress_deadline(d) or cur is None:
        return -1
    if du.deployment_complete(d, new_status) or cur.get("reason") == du.TIMED_OUT_REASON:
        return -1
    after = parse_rfc3339(cur["lastUpdateTime"]) + d["spec"]["progressDeadlineSeconds"] - now
    if after < 1:
        dc.enqueue_rate_limited(d)
        return 0
    dc.enqueue_after(d, after + 1)           # a second more, against rounding
    return after
