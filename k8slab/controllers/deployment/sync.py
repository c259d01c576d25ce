"""Deployment sync: find the new and old ReplicaSets, keep revisions, scale proportionally, write status.

Follows `pkg/controller/deployment/sync.go` (syncStatusOnly, sync, checkPausedConditions,
getAllReplicaSetsAndSyncRevision, getNewReplicaSet, scale, scaleReplicaSetAndRecordEvent,
scaleReplicaSet, cleanupDeployment, syncDeploymentStatus, calculateStatus, isScalingEvent).
Each function takes the controller `dc` first, where upstream has the method receiver.

The new ReplicaSet is named `<deployment>-<hash>`, the hash of the pod template (and of
status.collisionCount: if that name is taken by a ReplicaSet with another template, the count
goes up and the next sync tries a new name). Its revision annotation is one more than the
highest old one; the Deployment carries the same revision.

Differences from upstream: the booklet profile writes v1.11's event wording ("Scaled up replica
set redis-7c7545cbcb to 1") and the decimal pod-template-hash label.
"""

from __future__ import annotations

from k8slab.api.copying import deep_copy


from ...api.names import rfc3339
from ...apiserver.errors import APIError
from ..base import get_controller_of, new_controller_ref, update_status, with_kind
from ..hashing import template_hash_label_and_suffix
from . import util as du

MAX_REV_HISTORY_LENGTH_IN_CHARS = 2000


def sync_status_only(dc, d: dict, rs_list: list[dict]) -> None:
    new_rs, old_rss = get_all_replica_sets_and_sync_revision(dc, d, rs_list, False)
    sync_deployment_status(dc, old_rss + [new_rs], new_rs, d)


def sync(dc, d: dict, rs_list: list[dict]) -> None:
    """Reconcile a scaling event or a paused deployment: scale, never roll out."""
    new_rs, old_rss = get_all_replica_sets_and_sync_revision(dc, d, rs_list, False)
    scale(dc, d, new_rs, old_rss)
    if d["spec"].get("paused") and du.get_rollback_to(d) is None:
        cleanup_deployment(dc, old_rss, d)
    sync_deployment_status(dc, old_rss + [new_rs], new_rs, d)


def check_paused_conditions(dc, d: dict) -> None:
    if not du.has_progress_deadline(d):
        return
    status = d.setdefault("status", {})
    cond = du.get_deployment_condition(status, du.PROGRESSING)
    if cond is not None and cond.get("reason") == du.TIMED_OUT_REASON:
        return                      # a reported timeout is not overwritten by a pause
    paused_cond = cond is not None and cond.get("reason") == du.PAUSED_DEPLOY_REASON
    now = rfc3339(dc.now())
    if d["spec"].get("paused") and not paused_cond:
        du.set_deployment_condition(status, du.new_deployment_condition(
            du.PROGRESSING, "Unknown", du.PAUSED_DEPLOY_REASON, "Deployment is paused", now))
    elif not d["spec"].get("paused") and paused_cond:
        du.set_deployment_condition(status, du.new_deployment_condition(
            du.PROGRESSING, "Unknown", du.RESUMED_DEPLOY_REASON, "Deployment is resumed", now))
    else:
        return
    update_status(dc.client, d)


def get_all_replica_sets_and_sync_revision(dc, d: dict, rs_list: list[dict], create: bool):
    """(new RS or None, all old RSes), the new one's revision raised above every old one's."""
    _, all_old = du.find_old_replica_sets(d, rs_list)
    new_rs = get_new_replica_set(dc, d, rs_list, all_old, create)
    return new_rs, all_old


def _event(dc, d: dict, message: str) -> None:
    dc.recorder.normal(d, "ScalingReplicaSet", message)


def get_new_replica_set(dc, d: dict, rs_list: list[dict], old_rss: list[dict], create: bool) -> dict | None:
    existing = du.find_new_replica_set(d, rs_list)
    new_revision = str(du.max_revision(old_rss) + 1)
    status = d.setdefault("status", {})
    now = rfc3339(dc.now())
    if existing is not None:
        rs_copy = with_kind(deep_copy(existing), "apps/v1", "ReplicaSet")
        annotations_updated = du.set_new_replica_set_annotations(
            d, rs_copy, new_revision, True, MAX_REV_HISTORY_LENGTH_IN_CHARS)
        min_ready = d["spec"].get("minReadySeconds", 0)
        if annotations_updated or rs_copy["spec"].get("minReadySeconds", 0) != min_ready:
            rs_copy["spec"]["minReadySeconds"] = min_ready
            return dc.client.update(rs_copy)
        # the deployment shows the revision its new RS has
        needs_update = du.set_deployment_revision(d, du.annotations(rs_copy).get(du.REVISION_ANNOTATION, ""))
        cond = du.get_deployment_condition(status, du.PROGRESSING)
        if du.has_progress_deadline(d) and cond is None:
            msg = f'Found new replica set "{rs_copy["metadata"]["name"]}"'
            du.set_deployment_condition(status, du.new_deployment_condition(
                du.PROGRESSING, "True", du.FOUND_NEW_RS_REASON, msg, now))
            needs_update = True
        if needs_update:
            update_status(dc.client, d)
        return rs_copy
    if not create:
        return None

    # a new ReplicaSet: template + hash label, selector + hash label, a name from the hash
    template = deep_copy(d["spec"]["template"])
    label, suffix = template_hash_label_and_suffix(d["spec"]["template"], status.get("collisionCount"),
                                                   dc.profile)
    labels = dict((template.get("metadata") or {}).get("labels") or {})
    labels[du.DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY] = label
    template.setdefault("metadata", {})["labels"] = labels
    selector = deep_copy(d["spec"].get("selector") or {})
    selector.setdefault("matchLabels", {})[du.DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY] = label
    name = f"{d['metadata']['name']}-{suffix}"
    new_rs = {"apiVersion": "apps/v1", "kind": "ReplicaSet",
              "metadata": {"name": name, "namespace": d["metadata"]["namespace"],
                           "labels": dict(labels),
                           "ownerReferences": [new_controller_ref(d, "apps/v1", "Deployment")]},
              "spec": {"replicas": 0, "minReadySeconds": d["spec"].get("minReadySeconds", 0),
                       "selector": selector, "template": template}}
    count = du.new_rs_new_replicas(d, old_rss + [new_rs], new_rs)
    new_rs["spec"]["replicas"] = count
    du.set_new_replica_set_annotations(d, new_rs, new_revision, False, MAX_REV_HISTORY_LENGTH_IN_CHARS)
    already_exists = False
    try:
        created = dc.client.create(new_rs, d["metadata"]["namespace"])
    except APIError as err:
        if err.code == 409 and err.reason == "AlreadyExists":
            # a slow cache, or a hash collision: is it ours, with our template?
            already_exists = True
            rs = dc.rs_lister.get(d["metadata"]["namespace"], name)
            if rs is None:
                raise
            ref = get_controller_of(rs)
            if ref is not None and ref.get("uid") == d["metadata"]["uid"] and \
                    du.equal_ignore_hash(d["spec"]["template"], rs["spec"].get("template")):
                created = rs
            else:
                # a collision: count it, so the next sync hashes to another name
                status["collisionCount"] = (status.get("collisionCount") or 0) + 1
                try:
                    update_status(dc.client, d)
                except APIError:
                    pass
                raise
        elif _namespace_terminating(err):
            raise
        else:
            msg = f'Failed to create new replica set "{name}": {err.message}'
            if du.has_progress_deadline(d):
                du.set_deployment_condition(status, du.new_deployment_condition(
                    du.PROGRESSING, "False", du.FAILED_RS_CREATE_REASON, msg, now))
                try:
                    update_status(dc.client, d)
                except APIError:
                    pass
            dc.recorder.warning(d, du.FAILED_RS_CREATE_REASON, msg)
            raise
    if not already_exists and count > 0:
        if dc.profile == "book":
            _event(dc, d, f"Scaled up replica set {created['metadata']['name']} to {count}")
        else:
            _event(dc, d, f"Scaled up replica set {created['metadata']['name']} from 0 to {count}")
    needs_update = du.set_deployment_revision(d, new_revision)
    if not already_exists and du.has_progress_deadline(d):
        msg = f'Created new replica set "{created["metadata"]["name"]}"'
        du.set_deployment_condition(status, du.new_deployment_condition(
            du.PROGRESSING, "True", du.NEW_REPLICA_SET_REASON, msg, now))
        needs_update = True
    if needs_update:
        update_status(dc.client, d)
    return created


def _namespace_terminating(err: APIError) -> bool:
    return any(c.get("reason") == "NamespaceTerminating" for c in (err.details or {}).get("causes") or [])


def scale(dc, d: dict, new_rs: dict | None, old_rss: list[dict]) -> None:
    """Scale proportionally: a scaling event during a rollout spreads the change over every
    active RS by size, so the rollout neither speeds up nor loses availability."""
    want = du.replicas(d)
    active_or_latest = du.find_active_or_latest(new_rs, old_rss)
    if active_or_latest is not None:
        # one active RS (or none): it simply gets the full count
        if du.replicas(active_or_latest) != want:
            scale_replica_set_and_record_event(dc, active_or_latest, want, d)
        return
    if du.is_saturated(d, new_rs):
        # the new RS is complete: anything old goes to zero (an adoption mid-rollout)
        for old in du.filter_active_replica_sets(old_rss):
            scale_replica_set_and_record_event(dc, old, 0, d)
        return
    if not du.is_rolling_update(d):
        return
    all_rss = du.filter_active_replica_sets(old_rss + [new_rs])
    allowed = want + du.max_surge(d) if want > 0 else 0
    to_add = allowed - du.get_replica_count_for_replica_sets(all_rss)
    operation = ""
    if to_add > 0:
        all_rss, operation = du.sort_by_size_newer(all_rss), "up"      # grow newer first
    elif to_add < 0:
        all_rss, operation = du.sort_by_size_older(all_rss), "down"    # shrink older first
    added = 0
    sizes = {}
    for rs in all_rss:
        if to_add != 0:
            proportion = du.get_proportion(rs, d, to_add, added)
            sizes[rs["metadata"]["name"]] = du.replicas(rs) + proportion
            added += proportion
        else:
            sizes[rs["metadata"]["name"]] = du.replicas(rs)
    for i, rs in enumerate(all_rss):
        name = rs["metadata"]["name"]
        if i == 0 and to_add != 0:
            # rounding leftovers go to the largest replica set
            sizes[name] = max(0, sizes[name] + to_add - added)
        scale_replica_set(dc, rs, sizes[name], d, operation)


def scale_replica_set_and_record_event(dc, rs: dict, new_scale: int, d: dict):
    """(scaled, the RS after the write)."""
    if du.replicas(rs) == new_scale:
        return False, rs
    return scale_replica_set(dc, rs, new_scale, d, "up" if du.replicas(rs) < new_scale else "down")


def scale_replica_set(dc, rs: dict, new_scale: int, d: dict, operation: str):
    size_changed = du.replicas(rs) != new_scale
    max_replicas = du.replicas(d) + du.max_surge(d)
    if not (size_changed or du.replicas_annotations_need_update(rs, du.replicas(d), max_replicas)):
        return False, rs
    old_scale = du.replicas(rs)
    rs_copy = with_kind(deep_copy(rs), "apps/v1", "ReplicaSet")
    rs_copy["spec"]["replicas"] = new_scale
    du.set_replicas_annotations(rs_copy, du.replicas(d), max_replicas)
    updated = dc.client.update(rs_copy)
    if size_changed:
        name = updated["metadata"]["name"]
        if dc.profile == "book":
            _event(dc, d, f"Scaled {operation} replica set {name} to {new_scale}")
        else:
            _event(dc, d, f"Scaled {operation} replica set {name} from {old_scale} to {new_scale}")
    return size_changed, updated


def cleanup_deployment(dc, old_rss: list[dict], d: dict) -> None:
    """Delete the oldest empty ReplicaSets beyond revisionHistoryLimit."""
    if not du.has_revision_history_limit(d):
        return
    cleanable = [rs for rs in old_rss if rs is not None and not rs["metadata"].get("deletionTimestamp")]
    diff = len(cleanable) - d["spec"]["revisionHistoryLimit"]
    if diff <= 0:
        return
    for rs in du.sort_by_revision(cleanable)[:diff]:
        st = rs.get("status") or {}
        # only replica sets that are empty, and whose controller saw that they are
        if st.get("replicas", 0) != 0 or du.replicas(rs) != 0 or \
                rs["metadata"].get("generation", 0) > st.get("observedGeneration", 0) or \
                rs["metadata"].get("deletionTimestamp"):
            continue
        try:
            dc.client.delete("apps/v1", "ReplicaSet", rs["metadata"]["name"], rs["metadata"]["namespace"])
        except APIError as err:
            if err.code != 404:
                raise


def sync_deployment_status(dc, all_rss: list, new_rs: dict | None, d: dict) -> None:
    new_status = calculate_status(all_rss, new_rs, d, rfc3339(dc.now()))
    if (d.get("status") or {}) == new_status:
        return
    d["status"] = new_status
    update_status(dc.client, d)


def calculate_status(all_rss: list, new_rs: dict | None, d: dict, now_text: str) -> dict:
    available = du.get_available_replica_count_for_replica_sets(all_rss)
    total = du.get_replica_count_for_replica_sets(all_rss)
    old = d.get("status") or {}
    status = {"observedGeneration": d["metadata"].get("generation", 0),
              "replicas": du.get_actual_replica_count_for_replica_sets(all_rss),
              "updatedReplicas": du.get_actual_replica_count_for_replica_sets([new_rs]),
              "readyReplicas": du.get_ready_replica_count_for_replica_sets(all_rss),
              "availableReplicas": available,
              # more available than desired (scaling down) is not negative unavailability
              "unavailableReplicas": max(0, total - available),
              "conditions": [dict(c) for c in old.get("conditions") or []]}
    if old.get("collisionCount") is not None:
        status["collisionCount"] = old["collisionCount"]
    if available >= du.replicas(d) - du.max_unavailable(d):
        cond = du.new_deployment_condition(du.AVAILABLE, "True", du.MINIMUM_REPLICAS_AVAILABLE,
                                           "Deployment has minimum availability.", now_text)
    else:
        cond = du.new_deployment_condition(du.AVAILABLE, "False", du.MINIMUM_REPLICAS_UNAVAILABLE,
                                           "Deployment does not have minimum availability.", now_text)
    du.set_deployment_condition(status, cond)
    return omit_empty(status)


def omit_empty(status: dict) -> dict:
    return {k: v for k, v in status.items() if k == "collisionCount" or v not in (0, [], None)}


def is_scaling_event(dc, d: dict, rs_list: list[dict]) -> bool:
    """spec.replicas differs from what an active RS was last scaled for."""
    new_rs, old_rss = get_all_replica_sets_and_sync_revision(dc, d, rs_list, False)
    for rs in du.filter_active_replica_sets(old_rss + [new_rs]):
        desired = du.get_desired_replicas_annotation(rs)
        if desired is not None and desired != du.replicas(d):
            return True
    return False
