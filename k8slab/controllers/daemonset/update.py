"""DaemonSet rolling updates and revision history.

Follows `pkg/controller/daemon/update.go` (rollingUpdate, findUpdatedPodsOnNode,
updatedDesiredNodeCounts, constructHistory, snapshot, dedupCurHistories, cleanupHistory,
controlledHistories, Match/getPatch) and the surge branch of podsShouldBeOnNode.

Every template a DaemonSet has had is a ControllerRevision named `<ds>-<hash>`, whose data is
the patch that restores the template; the current one's hash labels new pods
(`controller-revision-hash`). A pod with another hash is old:
- maxSurge = 0: delete old pods (first those that are not available) while fewer than
  maxUnavailable nodes lack an available new pod; `manage` then creates the new pods;
- maxSurge > 0: create the new pod beside the old one (at most maxSurge at a time, at once
  where the old one is not available), delete the old one when the new one is available.

Differences from upstream: nodes are visited in name order (a Go map has none).
"""

from __future__ import annotations

import json

from ...apiserver.errors import APIError
from ..base import (ControllerRefManager, fresh_getter, is_pod_available, is_pod_ready,
                    new_controller_ref, recheck_deletion_timestamp, update_status)
from ..hashing import go_json, template_hash_label_and_suffix, template_patch
from ...api.selectors import selector_from_label_selector
from . import util as dsu

LABEL = dsu.DEFAULT_DAEMONSET_UNIQUE_LABEL_KEY


def rolling_update(dc, ds: dict, nodes: list[dict], hash_: str) -> None:
    node_to_pods = dc.get_nodes_to_daemon_pods(ds)
    max_surge, max_unavailable, desired = updated_desired_node_counts(ds, nodes, node_to_pods)
    now = dc.now()
    mrs = ds["spec"].get("minReadySeconds") or 0
    generation = dsu.get_template_generation(ds)

    def available(pod):
        return is_pod_available(pod, mrs, now)

    if max_surge == 0:
        num_unavailable = 0
        allowed_replacements, candidates = [], []
        for node_name in sorted(node_to_pods):
            new_pod, old_pod, ok = find_updated_pods_on_node(node_to_pods[node_name], hash_, generation)
            if not ok:
                num_unavailable += 1          # duplicates: manage cleans up; count as unavailable
                continue
            if (old_pod is None) == (new_pod is None):
                num_unavailable += 1          # nothing yet, or both: manage's business
            elif new_pod is not None:
                if not available(new_pod):
                    num_unavailable += 1      # an unavailable new pod uses the budget
            elif not available(old_pod):
                allowed_replacements.append(old_pod["metadata"]["name"])   # replace it at once
                num_unavailable += 1
            elif num_unavailable < max_unavailable:
                candidates.append(old_pod["metadata"]["name"])
        remaining = max(0, min(max_unavailable - num_unavailable, len(candidates)))
        return dc.sync_nodes(ds, allowed_replacements + candidates[:remaining], [], hash_)

    old_to_delete, should_not_run_to_delete, candidate_nodes, allowed_nodes = [], [], [], []
    num_surge = num_available = 0
    for node_name in sorted(node_to_pods):
        new_pod, old_pod, ok = find_updated_pods_on_node(node_to_pods[node_name], hash_, generation)
        if not ok:
            num_surge += 1
            continue
        if old_pod is not None:
            num_available += available(old_pod)
        elif new_pod is not None:
            num_available += available(new_pod)
        if old_pod is None:
            continue                          # manage creates what is missing
        if new_pod is None:
            node = dc.node_lister.get(None, node_name)
            should_run = node is not None and dsu.node_should_run_daemon_pod(node, ds)[0]
            if not available(old_pod):
                if not should_run:
                    old_to_delete.append(old_pod["metadata"]["name"])
                    continue
                allowed_nodes.append(node_name)             # unavailable anyway: surge now
            else:
                if not should_run:
                    should_not_run_to_delete.append(old_pod["metadata"]["name"])
                    continue
                if num_surge >= max_surge:
                    continue
                candidate_nodes.append(node_name)
        else:
            if not available(new_pod):
                num_surge += 1                # waiting for the new pod
                continue
            old_to_delete.append(old_pod["metadata"]["name"])   # the new one is up: old goes
    # pods on nodes the DaemonSet left go only once as many pods elsewhere are available
    deletable = min(num_available - desired, len(should_not_run_to_delete))
    if deletable > 0:
        old_to_delete += should_not_run_to_delete[:deletable]
    remaining = max(0, min(max_surge - num_surge, len(candidate_nodes)))
    dc.sync_nodes(ds, old_to_delete, allowed_nodes + candidate_nodes[:remaining], hash_)


def surge_pods_to_delete(dc, ds: dict, running: list[dict], hash_: str) -> list[str]:
    """With surge, keep the oldest new pod and the oldest old pod (while the new one is not
    available yet); delete every other pod on the node."""
    to_delete, oldest_new, oldest_old = [], None, None
    for pod in running:
        if (pod["metadata"].get("labels") or {}).get(LABEL) == hash_:
            if oldest_new is None:
                oldest_new = pod
                continue
        elif oldest_old is None:
            oldest_old = pod
            continue
        to_delete.append(pod["metadata"]["name"])
    if oldest_new is not None and oldest_old is not None:
        if not is_pod_ready(oldest_old) or \
                is_pod_available(oldest_new, ds["spec"].get("minReadySeconds") or 0, dc.now()):
            to_delete.append(oldest_old["metadata"]["name"])
    return to_delete


def find_updated_pods_on_node(pods: list[dict] | None, hash_: str, generation):
    """(new pod, old pod, ok); not ok when a node has two new or two old pods."""
    new_pod = old_pod = None
    for pod in pods or []:
        if pod["metadata"].get("deletionTimestamp"):
            continue
        if dsu.is_pod_updated(pod, hash_, generation):
            if new_pod is not None:
                return None, None, False
            new_pod = pod
        else:
            if old_pod is not None:
                return None, None, False
            old_pod = pod
    return new_pod, old_pod, True


def updated_desired_node_counts(ds: dict, nodes: list[dict], node_to_pods: dict) -> tuple[int, int, int]:
    desired = 0
    for node in nodes:
        if not dsu.node_should_run_daemon_pod(node, ds)[0]:
            continue
        desired += 1
        node_to_pods.setdefault(node["metadata"]["name"], None)
    max_unavailable = dsu.unavailable_count(ds, desired)
    max_surge = dsu.surge_count(ds, desired)
    if desired > 0 and max_unavailable == 0 and max_surge == 0:
        max_unavailable = 1                   # an impossible configuration: allow one
    return max_surge, max_unavailable, desired


# ---- history ----------------------------------------------------------------------------------

def controlled_histories(dc, ds: dict) -> list[dict]:
    selector = selector_from_label_selector(ds["spec"].get("selector"))
    can_adopt = recheck_deletion_timestamp(fresh_getter(dc.client, ds, "apps/v1", "DaemonSet"))
    cm = ControllerRefManager(dc.client, ds, selector, "apps/v1", "DaemonSet", can_adopt)
    return cm.claim_controller_revisions(dc.history_lister.list(ds["metadata"]["namespace"]))


def match(ds: dict, history: dict) -> bool:
    return template_patch(ds) == go_json(history.get("data"))


def construct_history(dc, ds: dict) -> tuple[dict, list[dict]]:
    """(the current revision, creating it if needed; the old revisions)."""
    current, old = [], []
    for history in controlled_histories(dc, ds):
        if LABEL not in (history["metadata"].get("labels") or {}):
            history = {**history, "metadata": {**history["metadata"],
                                               "labels": {**(history["metadata"].get("labels") or {}),
                                                          LABEL: history["metadata"]["name"]}}}
            history = dc.client.update({**history, "apiVersion": "apps/v1", "kind": "ControllerRevision"})
        (current if match(ds, history) else old).append(history)
    cur_revision = max([h.get("revision", 0) for h in old], default=0) + 1
    if not current:
        return snapshot(dc, ds, cur_revision), old
    cur = dedup_cur_histories(dc, ds, current)
    if cur.get("revision", 0) < cur_revision:
        cur = dc.client.update({**cur, "apiVersion": "apps/v1", "kind": "ControllerRevision",
                                "revision": cur_revision})
    return cur, old


def snapshot(dc, ds: dict, revision: int) -> dict:
    status = ds.get("status") or {}
    label, suffix = template_hash_label_and_suffix(ds["spec"]["template"], status.get("collisionCount"),
                                                   dc.profile)
    name = f"{ds['metadata']['name']}-{suffix}"
    labels = dict(((ds["spec"]["template"].get("metadata") or {}).get("labels")) or {})
    labels[LABEL] = label
    meta = {"name": name, "namespace": ds["metadata"]["namespace"], "labels": labels,
            "ownerReferences": [new_controller_ref(ds, "apps/v1", "DaemonSet")]}
    if ds["metadata"].get("annotations"):
        meta["annotations"] = dict(ds["metadata"]["annotations"])
    history = {"apiVersion": "apps/v1", "kind": "ControllerRevision", "metadata": meta,
               "data": json.loads(template_patch(ds)), "revision": revision}
    try:
        return dc.client.create(history, ds["metadata"]["namespace"])
    except APIError as err:
        if err.reason != "AlreadyExists":
            raise
        existing = dc.client.get("apps/v1", "ControllerRevision", name, ds["metadata"]["namespace"])
        if match(ds, existing):
            return existing
        # a hash collision: bump collisionCount so the next sync hashes to another name
        current = dc.client.get("apps/v1", "DaemonSet", ds["metadata"]["name"], ds["metadata"]["namespace"])
        if (current.get("status") or {}).get("collisionCount") != status.get("collisionCount"):
            raise APIError(409, "Conflict", f'found a stale collision count of DaemonSet "{ds["metadata"]["name"]}" '
                                            "while processing; will retry until it is updated")
        current.setdefault("status", {})["collisionCount"] = (status.get("collisionCount") or 0) + 1
        update_status(dc.client, current)
        raise


def dedup_cur_histories(dc, ds: dict, current: list[dict]) -> dict:
    if len(current) == 1:
        return current[0]
    keep = max(current, key=lambda h: h.get("revision", 0))
    keep_hash = keep["metadata"]["labels"][LABEL]
    for cur in current:
        if cur["metadata"]["name"] == keep["metadata"]["name"]:
            continue
        for pod in dc.get_daemon_pods(ds):
            if (pod["metadata"].get("labels") or {}).get(LABEL) != keep_hash:
                dc.pod_control.patch_pod(pod["metadata"]["namespace"], pod["metadata"]["name"],
                                         {"metadata": {"labels": {LABEL: keep_hash}}})
        dc.client.delete("apps/v1", "ControllerRevision", cur["metadata"]["name"], ds["metadata"]["namespace"])
    return keep


def cleanup_history(dc, ds: dict, old: list[dict]) -> None:
    """Delete the oldest revisions beyond revisionHistoryLimit that no pod still runs."""
    to_kill = len(old) - ds["spec"].get("revisionHistoryLimit", 10)
    if to_kill <= 0:
        return
    live = {(p["metadata"].get("labels") or {}).get(LABEL)
            for pods in dc.get_nodes_to_daemon_pods(ds).values() for p in pods}
    for history in sorted(old, key=lambda h: h.get("revision", 0)):
        if to_kill <= 0:
            break
        if (history["metadata"].get("labels") or {}).get(LABEL) in live:
            continue
        dc.client.delete("apps/v1", "ControllerRevision", history["metadata"]["name"], ds["metadata"]["namespace"])
        to_kill -= 1
