"""StatefulSet helpers: a pod's identity (name, ordinal, hostname, labels), its storage, and health.

Follows `pkg/controller/statefulset/stateful_set_utils.go` (getParentNameAndOrdinal,
getPodName, getPersistentVolumeClaimName, identityMatches, storageMatches,
getPersistentVolumeClaims, updateStorage, initIdentity/updateIdentity, newStatefulSetPod,
newVersionedStatefulSetPod, newRevision, ApplyRevision, isRunningAndReady, completeRollingUpdate,
inconsistentStatus).

A StatefulSet pod is `<set>-<ordinal>` forever: hostname = its name, subdomain = the governing
Service, labels `statefulset.kubernetes.io/pod-name` and `apps.kubernetes.io/pod-index`, and one
PVC per volumeClaimTemplate named `<claim>-<set>-<ordinal>`, which outlives the pod, so a pod
re-created on another node finds its data again.

Differences from upstream: the PVC retention policy (StatefulSetAutoDeletePVC) is not applied.
"""

from __future__ import annotations

from k8slab.api.copying import deep_copy

import json
import re

from ..hashing import (CONTROLLER_REVISION_HASH_LABEL, controller_revision_name, hash_controller_revision,
                       revision_template, template_patch)
from ..pod_util import is_pod_available, is_pod_ready
from ..ref_manager import new_controller_ref
from ..pod_util import get_pod_from_template

STATEFULSET_POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name"
POD_INDEX_LABEL = "apps.kubernetes.io/pod-index"
STATEFULSET_REVISION_LABEL = CONTROLLER_REVISION_HASH_LABEL

_NAME = re.compile(r"^(.*)-([0-9]+)$")


def get_parent_name_and_ordinal(pod: dict) -> tuple[str, int]:
    m = _NAME.match(pod["metadata"]["name"])
    if not m:
        return "", -1
    return m.group(1), int(m.group(2))


def get_ordinal(pod: dict) -> int:
    return get_parent_name_and_ordinal(pod)[1]


def get_pod_name(set_: dict, ordinal: int) -> str:
    return f"{set_['metadata']['name']}-{ordinal}"


def get_start_ordinal(set_: dict) -> int:
    return ((set_["spec"].get("ordinals") or {}).get("start")) or 0


def get_end_ordinal(set_: dict) -> int:
    return get_start_ordinal(set_) + set_["spec"].get("replicas", 1) - 1


def pod_in_ordinal_range(pod: dict, set_: dict) -> bool:
    o = get_ordinal(pod)
    return get_start_ordinal(set_) <= o <= get_end_ordinal(set_)


def is_member_of(set_: dict, pod: dict) -> bool:
    return get_parent_name_and_ordinal(pod)[0] == set_["metadata"]["name"]


def get_pvc_name(set_: dict, claim: dict, ordinal: int) -> str:
    return f"{claim['metadata']['name']}-{set_['metadata']['name']}-{ordinal}"


# ---- identity and storage ----------------------------------------------------------------------

def identity_matches(set_: dict, pod: dict) -> bool:
    parent, ordinal = get_parent_name_and_ordinal(pod)
    labels = pod["metadata"].get("labels") or {}
    return (ordinal >= 0 and parent == set_["metadata"]["name"]
            and pod["metadata"]["name"] == get_pod_name(set_, ordinal)
            and pod["metadata"].get("namespace") == set_["metadata"]["namespace"]
            and labels.get(STATEFULSET_POD_NAME_LABEL) == pod["metadata"]["name"]
            and labels.get(POD_INDEX_LABEL) == str(ordinal))


def storage_matches(set_: dict, pod: dict) -> bool:
    ordinal = get_ordinal(pod)
    if ordinal < 0:
        return False
    volumes = {v["name"]: v for v in pod["spec"].get("volumes") or []}
    for claim in set_["spec"].get("volumeClaimTemplates") or []:
        v = volumes.get(claim["metadata"]["name"])
        if v is None or (v.get("persistentVolumeClaim") or {}).get("claimName") != get_pvc_name(set_, claim, ordinal):
            return False
    return True


def get_persistent_volume_claims(set_: dict, pod: dict) -> dict[str, dict]:
    """Template name -> the PVC this pod's ordinal uses (labels: the template's plus the selector's)."""
    ordinal = get_ordinal(pod)
    claims = {}
    match_labels = (set_["spec"].get("selector") or {}).get("matchLabels") or {}
    for tmpl in set_["spec"].get("volumeClaimTemplates") or []:
        claim = deep_copy(tmpl)
        claim.pop("status", None)
        meta = claim.setdefault("metadata", {})
        meta.pop("creationTimestamp", None)
        meta["name"] = get_pvc_name(set_, tmpl, ordinal)
        meta["namespace"] = set_["metadata"]["namespace"]
        meta["labels"] = {**(meta.get("labels") or {}), **match_labels}
        claim["apiVersion"], claim["kind"] = "v1", "PersistentVolumeClaim"
        claims[tmpl["metadata"]["name"]] = claim
    return claims


def update_storage(set_: dict, pod: dict) -> None:
    claims = get_persistent_volume_claims(set_, pod)
    current = pod["spec"].get("volumes") or []
    volumes = [{"name": name, "persistentVolumeClaim": {"claimName": c["metadata"]["name"]}}
               for name, c in claims.items()]
    volumes += [v for v in current if v["name"] not in claims]
    if volumes:
        pod["spec"]["volumes"] = volumes


def update_identity(set_: dict, pod: dict) -> None:
    ordinal = get_ordinal(pod)
    pod["metadata"]["name"] = get_pod_name(set_, ordinal)
    pod["metadata"]["namespace"] = set_["metadata"]["namespace"]
    labels = pod["metadata"].setdefault("labels", {})
    labels[STATEFULSET_POD_NAME_LABEL] = pod["metadata"]["name"]
    labels[POD_INDEX_LABEL] = str(ordinal)


def new_stateful_set_pod(set_: dict, ordinal: int) -> dict:
    pod = get_pod_from_template(set_["spec"]["template"], set_,
                                new_controller_ref(set_, "apps/v1", "StatefulSet"))
    pod["metadata"]["name"] = get_pod_name(set_, ordinal)
    update_identity(set_, pod)
    # set only when the pod is first made: hostname and subdomain are immutable afterwards
    pod["spec"]["hostname"] = pod["metadata"]["name"]
    if set_["spec"].get("serviceName"):
        pod["spec"]["subdomain"] = set_["spec"]["serviceName"]
    update_storage(set_, pod)
    return pod


def set_pod_revision(pod: dict, revision: str) -> None:
    pod["metadata"].setdefault("labels", {})[STATEFULSET_REVISION_LABEL] = revision


def get_pod_revision(pod: dict | None) -> str:
    return ((pod or {}).get("metadata", {}).get("labels") or {}).get(STATEFULSET_REVISION_LABEL, "")


def new_versioned_stateful_set_pod(current_set: dict, update_set: dict, current_revision: str,
                                   update_revision: str, ordinal: int) -> dict:
    """Pods below the partition (or below currentReplicas) are made at the current revision."""
    us = current_set["spec"].get("updateStrategy") or {}
    ru = us.get("rollingUpdate")
    start = get_start_ordinal(current_set)
    if us.get("type", "RollingUpdate") == "RollingUpdate" and (
            (ru is None and ordinal < start + (current_set.get("status") or {}).get("currentReplicas", 0))
            or (ru is not None and ordinal < start + (ru.get("partition") or 0))):
        pod = new_stateful_set_pod(current_set, ordinal)
        set_pod_revision(pod, current_revision)
        return pod
    pod = new_stateful_set_pod(update_set, ordinal)
    set_pod_revision(pod, update_revision)
    return pod


# ---- revisions --------------------------------------------------------------------------------

def new_revision(set_: dict, revision: int, collision_count: int) -> dict:
    """history.NewControllerRevision for the set's current template, named by its data's hash."""
    data = template_patch(set_)
    labels = dict(((set_["spec"]["template"].get("metadata") or {}).get("labels")) or {})
    hash_ = hash_controller_revision(data, collision_count)
    labels[CONTROLLER_REVISION_HASH_LABEL] = hash_
    meta = {"name": controller_revision_name(set_["metadata"]["name"], hash_),
            "namespace": set_["metadata"]["namespace"], "labels": labels,
            "annotations": dict(set_["metadata"].get("annotations") or {}),
            "ownerReferences": [new_controller_ref(set_, "apps/v1", "StatefulSet")]}
    return {"apiVersion": "apps/v1", "kind": "ControllerRevision", "metadata": meta,
            "data": json.loads(data), "revision": revision}


def apply_revision(set_: dict, revision: dict) -> dict:
    clone = deep_copy(set_)
    clone["spec"]["template"] = revision_template(revision)
    return clone


# ---- health and status ------------------------------------------------------------------------

def is_created(pod: dict) -> bool:
    return bool((pod.get("status") or {}).get("phase"))


def _phase(pod: dict) -> str:
    return (pod.get("status") or {}).get("phase") or ""


def is_failed(pod: dict) -> bool:
    return _phase(pod) == "Failed"


def is_succeeded(pod: dict) -> bool:
    return _phase(pod) == "Succeeded"


def is_pending(pod: dict) -> bool:
    return _phase(pod) == "Pending"


def is_terminating(pod: dict) -> bool:
    return bool(pod["metadata"].get("deletionTimestamp"))


def is_running_and_ready(pod: dict) -> bool:
    return _phase(pod) == "Running" and is_pod_ready(pod)


def is_running_and_available(pod: dict, min_ready_seconds: int, now: float) -> bool:
    return _phase(pod) == "Running" and is_pod_available(pod, min_ready_seconds, now)


def is_healthy(pod: dict) -> bool:
    return is_running_and_ready(pod) and not is_terminating(pod)


def allows_burst(set_: dict) -> bool:
    return set_["spec"].get("podManagementPolicy") == "Parallel"


def complete_rolling_update(set_: dict, status: dict) -> None:
    us = (set_["spec"].get("updateStrategy") or {}).get("type", "RollingUpdate")
    if us == "RollingUpdate" and status.get("updatedReplicas", 0) == status.get("replicas", 0) \
            and status.get("readyReplicas", 0) == status.get("replicas", 0):
        status["currentReplicas"] = status.get("updatedReplicas", 0)
        status["currentRevision"] = status.get("updateRevision", "")


def inconsistent_status(set_: dict, status: dict) -> bool:
    old = set_.get("status") or {}
    if status.get("observedGeneration", 0) > old.get("observedGeneration", 0):
        return True
    return any(status.get(k, 0 if k.endswith("Replicas") or k == "replicas" else "")
               != old.get(k, 0 if k.endswith("Replicas") or k == "replicas" else "")
               for k in ("replicas", "currentReplicas", "readyReplicas", "updatedReplicas", "currentRevision",
                         "availableReplicas", "updateRevision"))
