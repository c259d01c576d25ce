"""Recreate: scale every old ReplicaSet to zero, wait until no old pod runs, then create the new one.

Follows `pkg/controller/deployment/recreate.go` (rolloutRecreate,
scaleDownOldReplicaSetsForRecreate, oldPodsRunning, scaleUpNewReplicaSetForRecreate).
The new ReplicaSet is not even created before the old pods are gone, so old and new never run
side by side; the pod-delete handler wakes the Deployment when the last old pod disappears.

Differences from upstream: none in behaviour.
"""

from __future__ import annotations

from . import util as du
from .progress import sync_rollout_status
from .sync import cleanup_deployment, get_all_replica_sets_and_sync_revision, scale_replica_set_and_record_event


def rollout_recreate(dc, d: dict, rs_list: list[dict], pod_map: dict) -> None:
    new_rs, old_rss = get_all_replica_sets_and_sync_revision(dc, d, rs_list, False)
    all_rss = old_rss + [new_rs]
    if scale_down_old_replica_sets_for_recreate(dc, du.filter_active_replica_sets(old_rss), d):
        return sync_rollout_status(dc, all_rss, new_rs, d)
    if old_pods_running(new_rs, old_rss, pod_map):
        return sync_rollout_status(dc, all_rss, new_rs, d)
    if new_rs is None:
        new_rs, old_rss = get_all_replica_sets_and_sync_revision(dc, d, rs_list, True)
        all_rss = old_rss + [new_rs]
    scale_replica_set_and_record_event(dc, new_rs, du.replicas(d), d)
    if du.deployment_complete(d, d.get("status") or {}):
        cleanup_deployment(dc, old_rss, d)
    sync_rollout_status(dc, all_rss, new_rs, d)


def scale_down_old_replica_sets_for_recreate(dc, old_rss: list[dict], d: dict) -> bool:
    scaled = False
    for rs in old_rss:
        if du.replicas(rs) == 0:
            continue
        done, _ = scale_replica_set_and_record_event(dc, rs, 0, d)
        scaled = scaled or done
    return scaled


def old_pods_running(new_rs: dict | None, old_rss: list[dict], pod_map: dict) -> bool:
    if du.get_actual_replica_count_for_replica_sets(old_rss) > 0:
        return True
    new_uid = new_rs["metadata"]["uid"] if new_rs is not None else None
    for uid, pods in pod_map.items():
        if uid == new_uid:
            continue
        for pod in pods:
            # terminal pods do not count; Unknown might still be running somewhere
            if (pod.get("status") or {}).get("phase") not in ("Failed", "Succeeded"):
                return True
    return False
