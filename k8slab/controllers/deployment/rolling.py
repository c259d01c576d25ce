"""RollingUpdate: grow the new ReplicaSet and shrink the old ones within maxSurge and maxUnavailable.

Follows `pkg/controller/deployment/rolling.go` (rolloutRolling, reconcileNewReplicaSet,
reconcileOldReplicaSets, cleanupUnhealthyReplicas, scaleDownOldReplicaSetsForRollingUpdate).

The two fences, for a Deployment of `replicas` pods:
- at most `replicas + maxSurge` pods exist (maxSurge, a number or a percentage rounded *up*):
  the new RS grows only into that room;
- at least `replicas - maxUnavailable` pods are available (maxUnavailable rounded *down*):
  old RSes shrink only by what is available beyond that, counting the new RS's pods that are
  not yet available against the budget.
Each sync does one move -- grow, or else shrink -- and waits for pods to become available
(the ReplicaSet status changes, which wakes the Deployment again).

Differences from upstream: none in behaviour.
"""

from __future__ import annotations

from . import util as du
from .progress import sync_rollout_status
from .sync import cleanup_deployment, get_all_replica_sets_and_sync_revision, scale_replica_set_and_record_event


def rollout_rolling(dc, d: dict, rs_list: list[dict]) -> None:
    new_rs, old_rss = get_all_replica_sets_and_sync_revision(dc, d, rs_list, True)
    all_rss = old_rss + [new_rs]
    if reconcile_new_replica_set(dc, all_rss, new_rs, d):
        return sync_rollout_status(dc, all_rss, new_rs, d)          # scaled up: wait
    if reconcile_old_replica_sets(dc, all_rss, du.filter_active_replica_sets(old_rss), new_rs, d):
        return sync_rollout_status(dc, all_rss, new_rs, d)          # scaled down: wait
    if du.deployment_complete(d, d.get("status") or {}):
        cleanup_deployment(dc, old_rss, d)
    sync_rollout_status(dc, all_rss, new_rs, d)


def reconcile_new_replica_set(dc, all_rss: list, new_rs: dict, d: dict) -> bool:
    want = du.replicas(d)
    if du.replicas(new_rs) == want:
        return False
    if du.replicas(new_rs) > want:
        scaled, _ = scale_replica_set_and_record_event(dc, new_rs, want, d)
        return scaled
    scaled, _ = scale_replica_set_and_record_event(dc, new_rs, du.new_rs_new_replicas(d, all_rss, new_rs), d)
    return scaled


def reconcile_old_replica_sets(dc, all_rss: list, old_rss: list[dict], new_rs: dict, d: dict) -> bool:
    old_pods = du.get_replica_count_for_replica_sets(old_rss)
    if old_pods == 0:
        return False                                   # nothing left to scale down
    all_pods = du.get_replica_count_for_replica_sets(all_rss)
    min_available = du.replicas(d) - du.max_unavailable(d)
    new_unavailable = du.replicas(new_rs) - du.st(new_rs, "availableReplicas")
    # e.g. 10 replicas, maxUnavailable 2, maxSurge 3: 13 pods may exist, 8 must be available.
    # With the new RS at 5 of which 3 are not available yet: 13 - 8 - 3 = 2 old pods may go.
    max_scaled_down = all_pods - min_available - new_unavailable
    if max_scaled_down <= 0:
        return False
    # unhealthy old pods go first, or they would block the rollout until it times out
    old_rss, cleanup_count = cleanup_unhealthy_replicas(dc, old_rss, d, max_scaled_down)
    scaled_down = scale_down_old_replica_sets_for_rolling_update(dc, old_rss + [new_rs], old_rss, d)
    return cleanup_count + scaled_down > 0


def cleanup_unhealthy_replicas(dc, old_rss: list[dict], d: dict, max_cleanup: int):
    old_rss = du.sort_by_creation(old_rss)
    total = 0
    for i, rs in enumerate(old_rss):
        if total >= max_cleanup:
            break
        if du.replicas(rs) == 0 or du.replicas(rs) == du.st(rs, "availableReplicas"):
            continue                                   # empty, or every pod is healthy
        count = min(max_cleanup - total, du.replicas(rs) - du.st(rs, "availableReplicas"))
        _, old_rss[i] = scale_replica_set_and_record_event(dc, rs, du.replicas(rs) - count, d)
        total += count
    return old_rss, total


def scale_down_old_replica_sets_for_rolling_update(dc, all_rss: list, old_rss: list[dict], d: dict) -> int:
    min_available = du.replicas(d) - du.max_unavailable(d)
    available = du.get_available_replica_count_for_replica_sets(all_rss)
    if available <= min_available:
        return 0                                       # nothing available to spare
    total, budget = 0, available - min_available
    for rs in du.sort_by_creation(old_rss):            # the oldest go first
        if total >= budget:
            break
        if du.replicas(rs) == 0:
            continue
        count = min(du.replicas(rs), budget - total)
        scale_replica_set_and_record_event(dc, rs, du.replicas(rs) - count, d)
        total += count
    return total
