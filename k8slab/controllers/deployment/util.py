"""Deployment helpers: revisions, annotations, conditions, surge/unavailable arithmetic.

Follows `pkg/controller/deployment/util/deployment_util.go` (annotation names, condition
reasons, SetNewReplicaSetAnnotations, MaxUnavailable/MaxSurge/ResolveFenceposts,
NewRSNewReplicas, GetProportion, FindNewReplicaSet/FindOldReplicaSets/FindActiveOrLatest,
EqualIgnoreHash, DeploymentComplete/Progressing/TimedOut) and the ReplicaSet orderings of
`pkg/controller/controller_utils.go`. Functions take plain dicts and return new values; those
named `set_*` change the dict they are given (as upstream's change the Go struct).

Differences from upstream: times are Unix seconds from the controller's clock.
"""

from __future__ import annotations

from ...api.names import parse_rfc3339
from ..base import round_half_away, scaled_value
from .replica_sets import (DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY, REVISION_ANNOTATION,  # noqa: F401
                           by_creation_timestamp, equal_ignore_hash, filter_active_replica_sets,
                           find_active_or_latest, find_new_replica_set, find_old_replica_sets, replicas,
                           revision, set_from_replica_set_template, sort_by_creation, sort_by_revision,
                           sort_by_size_newer, sort_by_size_older)

REVISION_HISTORY_ANNOTATION = "deployment.kubernetes.io/revision-history"
DESIRED_REPLICAS_ANNOTATION = "deployment.kubernetes.io/desired-replicas"
MAX_REPLICAS_ANNOTATION = "deployment.kubernetes.io/max-replicas"
DEPRECATED_ROLLBACK_TO = "deprecated.deployment.rollback.to"
LAST_APPLIED_CONFIG_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration"
ANNOTATIONS_TO_SKIP = {LAST_APPLIED_CONFIG_ANNOTATION, REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION,
                       DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, DEPRECATED_ROLLBACK_TO}
MAX_INT32 = 2147483647

# condition types and reasons
AVAILABLE, PROGRESSING, REPLICA_FAILURE = "Available", "Progressing", "ReplicaFailure"
ROLLBACK_REVISION_NOT_FOUND = "DeploymentRollbackRevisionNotFound"
ROLLBACK_TEMPLATE_UNCHANGED = "DeploymentRollbackTemplateUnchanged"
ROLLBACK_DONE = "DeploymentRollback"
FAILED_RS_CREATE_REASON = "ReplicaSetCreateError"
NEW_REPLICA_SET_REASON = "NewReplicaSetCreated"
FOUND_NEW_RS_REASON = "FoundNewReplicaSet"
NEW_RS_AVAILABLE_REASON = "NewReplicaSetAvailable"
TIMED_OUT_REASON = "ProgressDeadlineExceeded"
PAUSED_DEPLOY_REASON = "DeploymentPaused"
RESUMED_DEPLOY_REASON = "DeploymentResumed"
REPLICA_SET_UPDATED_REASON = "ReplicaSetUpdated"
MINIMUM_REPLICAS_AVAILABLE = "MinimumReplicasAvailable"
MINIMUM_REPLICAS_UNAVAILABLE = "MinimumReplicasUnavailable"


def st(obj: dict | None, field: str) -> int:
    return 0 if obj is None else (obj.get("status") or {}).get(field, 0)


def annotations(obj: dict) -> dict:
    return obj["metadata"].get("annotations") or {}


# ---- conditions -----------------------------------------------------------------------------

def new_deployment_condition(type_: str, status: str, reason: str, message: str, now_text: str) -> dict:
    return {"type": type_, "status": status, "lastUpdateTime": now_text, "lastTransitionTime": now_text,
            "reason": reason, "message": message}


def get_deployment_condition(status: dict, type_: str) -> dict | None:
    return next((c for c in status.get("conditions") or [] if c.get("type") == type_), None)


def set_deployment_condition(status: dict, cond: dict) -> None:
    """Replace the condition of that type, keeping lastTransitionTime if the status is the same;
    a condition with the same status and reason is left alone."""
    cur = get_deployment_condition(status, cond["type"])
    if cur is not None and cur.get("status") == cond["status"] and cur.get("reason") == cond["reason"]:
        return
    if cur is not None and cur.get("status") == cond["status"]:
        cond = {**cond, "lastTransitionTime": cur.get("lastTransitionTime")}
    status["conditions"] = [c for c in status.get("conditions") or [] if c.get("type") != cond["type"]] + [cond]


def remove_deployment_condition(status: dict, type_: str) -> None:
    status["conditions"] = [c for c in status.get("conditions") or [] if c.get("type") != type_]


def replica_set_to_deployment_condition(c: dict) -> dict:
    return {"type": c.get("type"), "status": c.get("status"), "lastUpdateTime": c.get("lastTransitionTime"),
            "lastTransitionTime": c.get("lastTransitionTime"), "reason": c.get("reason"),
            "message": c.get("message")}


# ---- revisions and annotations --------------------------------------------------------------

def max_revision(rss: list[dict]) -> int:
    return max([revision(rs) or 0 for rs in rss if rs is not None], default=0)


def last_revision(rss: list[dict]) -> int:
    """The second highest revision: what `rollout undo` with no revision goes back to."""
    top = second = 0
    for rs in rss:
        v = revision(rs)
        if v is None:
            continue
        if v >= top:
            top, second = v, top
        elif v > second:
            second = v
    return second


def set_deployment_revision(d: dict, rev: str) -> bool:
    ann = d["metadata"].setdefault("annotations", {})
    if ann.get(REVISION_ANNOTATION) != rev:
        ann[REVISION_ANNOTATION] = rev
        return True
    return False


def copy_deployment_annotations_to_replica_set(d: dict, rs: dict) -> bool:
    changed = False
    ann = rs["metadata"].setdefault("annotations", {})
    for k, v in annotations(d).items():
        if k in ANNOTATIONS_TO_SKIP or ann.get(k) == v:
            continue
        ann[k] = v
        changed = True
    return changed


def set_deployment_annotations_to(d: dict, rollback_to_rs: dict) -> None:
    """Rollback: keep the deployment's own bookkeeping annotations, take the rest from the RS."""
    kept = {k: v for k, v in annotations(d).items() if k in ANNOTATIONS_TO_SKIP}
    kept.update({k: v for k, v in annotations(rollback_to_rs).items() if k not in ANNOTATIONS_TO_SKIP})
    d["metadata"]["annotations"] = kept


def set_new_replica_set_annotations(d: dict, rs: dict, new_revision: str, exists: bool,
                                    limit_chars: int) -> bool:
    changed = copy_deployment_annotations_to_replica_set(d, rs)
    ann = rs["metadata"].setdefault("annotations", {})
    old_revision = ann.get(REVISION_ANNOTATION)
    try:
        old_int = int(old_revision) if old_revision else 0
    except ValueError:
        return False
    new_int = int(new_revision)
    # the new RS's revision must be the greatest; only ever raise it
    if old_int < new_int:
        ann[REVISION_ANNOTATION] = new_revision
        changed = True
    # raising an existing revision means this RS is back in use (a rollback): keep its history
    if old_revision is not None and old_int < new_int:
        history = ann.get(REVISION_HISTORY_ANNOTATION, "")
        old_revs = history.split(",")
        if not old_revs[0]:
            ann[REVISION_HISTORY_ANNOTATION] = old_revision
        else:
            total = len(history) + len(old_revision) + 1
            start = 0
            while total > limit_chars and start < len(old_revs):
                total -= len(old_revs[start]) + 1
                start += 1
            if total <= limit_chars:
                ann[REVISION_HISTORY_ANNOTATION] = ",".join(old_revs[start:] + [old_revision])
    if not exists and set_replicas_annotations(rs, replicas(d), replicas(d) + max_surge(d)):
        changed = True
    return changed


def _int_annotation(rs: dict, key: str) -> int | None:
    try:
        return int(annotations(rs)[key])
    except (KeyError, ValueError):
        return None


def get_desired_replicas_annotation(rs: dict) -> int | None:
    return _int_annotation(rs, DESIRED_REPLICAS_ANNOTATION)


def get_max_replicas_annotation(rs: dict) -> int | None:
    return _int_annotation(rs, MAX_REPLICAS_ANNOTATION)


def replicas_annotations_need_update(rs: dict, desired: int, max_replicas: int) -> bool:
    ann = annotations(rs)
    return ann.get(DESIRED_REPLICAS_ANNOTATION) != str(desired) or ann.get(MAX_REPLICAS_ANNOTATION) != str(max_replicas)


def set_replicas_annotations(rs: dict, desired: int, max_replicas: int) -> bool:
    ann = rs["metadata"].setdefault("annotations", {})
    updated = False
    for key, value in ((DESIRED_REPLICAS_ANNOTATION, str(desired)), (MAX_REPLICAS_ANNOTATION, str(max_replicas))):
        if ann.get(key) != value:
            ann[key] = value
            updated = True
    return updated


def get_rollback_to(d: dict) -> int | None:
    """The revision of the deprecated rollbackTo (kept as an annotation since apps/v1)."""
    text = annotations(d).get(DEPRECATED_ROLLBACK_TO, "")
    try:
        return int(text) if text else None
    except ValueError:
        return None


# ---- surge and unavailability ---------------------------------------------------------------

def is_rolling_update(d: dict) -> bool:
    return ((d.get("spec") or {}).get("strategy") or {}).get("type", "RollingUpdate") == "RollingUpdate"


def resolve_fenceposts(max_surge_v, max_unavailable_v, desired: int) -> tuple[int, int]:
    """Surge rounds up, unavailable rounds down; both zero -> unavailable 1 (surge may be blocked
    by quota, and a rollout must be able to move)."""
    surge = scaled_value(max_surge_v if max_surge_v is not None else 0, desired, True)
    unavailable = scaled_value(max_unavailable_v if max_unavailable_v is not None else 0, desired, False)
    if surge == 0 and unavailable == 0:
        unavailable = 1
    return surge, unavailable


def _rolling(d: dict) -> dict:
    return ((d.get("spec") or {}).get("strategy") or {}).get("rollingUpdate") or {}


def max_unavailable(d: dict) -> int:
    if not is_rolling_update(d) or replicas(d) == 0:
        return 0
    ru = _rolling(d)
    _, unavailable = resolve_fenceposts(ru.get("maxSurge"), ru.get("maxUnavailable"), replicas(d))
    return min(unavailable, replicas(d))


def max_surge(d: dict) -> int:
    if not is_rolling_update(d):
        return 0
    ru = _rolling(d)
    surge, _ = resolve_fenceposts(ru.get("maxSurge"), ru.get("maxUnavailable"), replicas(d))
    return surge


def new_rs_new_replicas(d: dict, all_rss: list[dict], new_rs: dict) -> int:
    """How big the new RS may be now: up to replicas + maxSurge pods in total (rolling), or the
    full size at once (Recreate, after the old pods are gone)."""
    strategy = ((d.get("spec") or {}).get("strategy") or {}).get("type", "RollingUpdate")
    if strategy == "RollingUpdate":
        surge = scaled_value(_rolling(d).get("maxSurge"), replicas(d), True)
        current = get_replica_count_for_replica_sets(all_rss)
        max_total = replicas(d) + surge
        if current >= max_total:
            return replicas(new_rs)
        scale_up = min(max_total - current, replicas(d) - replicas(new_rs))
        return replicas(new_rs) + scale_up
    if strategy == "Recreate":
        return replicas(d)
    raise ValueError(f"deployment type {strategy} isn't supported")


def get_proportion(rs: dict | None, d: dict, to_add: int, added: int) -> int:
    """A replica set's share of a scaling event, bounded by what is left to add (or remove)."""
    if rs is None or replicas(rs) == 0 or to_add == 0 or to_add == added:
        return 0
    fraction = _replica_set_fraction(rs, d)
    allowed = to_add - added
    return min(fraction, allowed) if to_add > 0 else max(fraction, allowed)


def _replica_set_fraction(rs: dict, d: dict) -> int:
    if replicas(d) == 0:
        return -replicas(rs)
    deployment_max = replicas(d) + max_surge(d)
    before = get_max_replicas_annotation(rs)
    if not before:
        # annotation lost (someone scaled the RS by hand): fall back to the current size
        before = st(d, "replicas")
        if before == 0:
            return 0
    return round_half_away(replicas(rs) * deployment_max / before) - replicas(rs)


# ---- counting and progress ------------------------------------------------------------------

def get_replica_count_for_replica_sets(rss) -> int:
    return sum(replicas(rs) for rs in rss if rs is not None)


def get_actual_replica_count_for_replica_sets(rss) -> int:
    return sum(st(rs, "replicas") for rs in rss if rs is not None)


def get_ready_replica_count_for_replica_sets(rss) -> int:
    return sum(st(rs, "readyReplicas") for rs in rss if rs is not None)


def get_available_replica_count_for_replica_sets(rss) -> int:
    return sum(st(rs, "availableReplicas") for rs in rss if rs is not None)


def is_saturated(d: dict, rs: dict | None) -> bool:
    """The new RS has every replica, and all of them are available."""
    if rs is None:
        return False
    return (replicas(rs) == replicas(d) and get_desired_replicas_annotation(rs) == replicas(d)
            and st(rs, "availableReplicas") == replicas(d))


def has_progress_deadline(d: dict) -> bool:
    pds = (d.get("spec") or {}).get("progressDeadlineSeconds")
    return pds is not None and pds != MAX_INT32


def has_revision_history_limit(d: dict) -> bool:
    limit = (d.get("spec") or {}).get("revisionHistoryLimit")
    return limit is not None and limit != MAX_INT32


def deployment_complete(d: dict, status: dict) -> bool:
    n = replicas(d)
    return (status.get("updatedReplicas", 0) == n and status.get("replicas", 0) == n
            and status.get("availableReplicas", 0) == n
            and status.get("observedGeneration", 0) >= d["metadata"].get("generation", 0))


def deployment_progressing(d: dict, new: dict) -> bool:
    """Any sign of progress since the last recorded status."""
    old = d.get("status") or {}
    old_old = old.get("replicas", 0) - old.get("updatedReplicas", 0)
    new_old = new.get("replicas", 0) - new.get("updatedReplicas", 0)
    return (new.get("updatedReplicas", 0) > old.get("updatedReplicas", 0) or new_old < old_old
            or new.get("readyReplicas", 0) > old.get("readyReplicas", 0)
            or new.get("availableReplicas", 0) > old.get("availableReplicas", 0))


def deployment_timed_out(d: dict, new: dict, now: float) -> bool:
    """No progress reported for longer than progressDeadlineSeconds."""
    if not has_progress_deadline(d):
        return False
    cond = get_deployment_condition(new, PROGRESSING)
    if cond is None or cond.get("reason") == NEW_RS_AVAILABLE_REASON:
        return False
    if cond.get("reason") == TIMED_OUT_REASON:
        return True
    since = parse_rfc3339(cond["lastUpdateTime"])
    return since + d["spec"]["progressDeadlineSeconds"] < now
