"""Rollback through the deprecated rollbackTo: copy an old revision's pod template back.

Follows `pkg/controller/deployment/rollback.go` (rollback, rollbackToTemplate,
emitRollbackWarningEvent, emitRollbackNormalEvent, updateDeploymentAndClearRollbackTo).
Since apps/v1 the request travels as the annotation `deprecated.deployment.rollback.to`
(extensions/v1beta1's spec.rollbackTo.revision; 0 means "the previous revision").

Today's `kubectl rollout undo` does not use this path: kubectl itself patches the Deployment's
template with the old ReplicaSet's, and the controller then finds that ReplicaSet again as the
"new" one and gives it the next revision (see `get_new_replica_set`).

Differences from upstream: none in behaviour.
"""

from __future__ import annotations

from . import util as du
from .sync import get_all_replica_sets_and_sync_revision


def rollback(dc, d: dict, rs_list: list[dict]) -> None:
    new_rs, all_old = get_all_replica_sets_and_sync_revision(dc, d, rs_list, True)
    all_rss = all_old + [new_rs]
    to_revision = du.get_rollback_to(d)
    if to_revision == 0:
        to_revision = du.last_revision(all_rss)
        if to_revision == 0:
            dc.recorder.warning(d, du.ROLLBACK_REVISION_NOT_FOUND, "Unable to find last revision.")
            return update_deployment_and_clear_rollback_to(dc, d)
    for rs in all_rss:
        if rs is not None and du.revision(rs) == to_revision:
            # the revision number moves up on the next sync, when this RS is the new one again
            if rollback_to_template(dc, d, rs):
                dc.recorder.normal(d, du.ROLLBACK_DONE,
                                   f'Rolled back deployment "{d["metadata"]["name"]}" to revision {to_revision}')
            return
    dc.recorder.warning(d, du.ROLLBACK_REVISION_NOT_FOUND, "Unable to find the revision to rollback to.")
    update_deployment_and_clear_rollback_to(dc, d)


def rollback_to_template(dc, d: dict, rs: dict) -> bool:
    performed = False
    if not du.equal_ignore_hash(d["spec"]["template"], rs["spec"]["template"]):
        du.set_from_replica_set_template(d, rs["spec"]["template"])
        du.set_deployment_annotations_to(d, rs)
        performed = True
    else:
        dc.recorder.warning(d, du.ROLLBACK_TEMPLATE_UNCHANGED,
                            f'The rollback revision contains the same template as current deployment '
                            f'"{d["metadata"]["name"]}"')
    update_deployment_and_clear_rollback_to(dc, d)
    return performed


def update_deployment_and_clear_rollback_to(dc, d: dict) -> None:
    (d["metadata"].get("annotations") or {}).pop(du.DEPRECATED_ROLLBACK_TO, None)
    dc.client.update(d)
