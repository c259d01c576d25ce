"""Owner references: which controller owns an object, and adopting or releasing objects.

Follows `pkg/controller/controller_ref_manager.go` (BaseControllerRefManager.ClaimObject,
PodControllerRefManager, ReplicaSetControllerRefManager, ownerRefControllerPatch,
GenerateDeleteOwnerRefStrategicMergeBytes, RecheckDeletionTimestamp) and
`apimachinery/pkg/apis/meta/v1/controller_ref.go` (GetControllerOf, NewControllerRef).

The rules of ClaimObject, the heart of "a controller's pods are the ones with its
controllerRef, not the ones its selector matches":
- owned by someone else: leave it alone;
- owned by us and the selector still matches: ours;
- owned by us but no longer matching (labels were edited): release it (patch our ownerReference
  away), unless we are being deleted;
- an orphan that matches, not being deleted, in our namespace: adopt it (patch our
  controllerRef in) -- but first re-read the controller from the API server, once, to make sure
  it has not just been deleted (a stale cache must not adopt pods for a dead controller).

Differences from upstream: none in behaviour; patches are strategic merge patches as upstream's.
"""

from __future__ import annotations

from ..api.selectors import matches_labels
from ..apiserver.errors import APIError
from .errors import ControllerError

STRATEGIC = "application/strategic-merge-patch+json"


def get_controller_of(obj: dict) -> dict | None:
    for ref in obj["metadata"].get("ownerReferences") or []:
        if ref.get("controller"):
            return ref
    return None


def new_controller_ref(owner: dict, api_version: str, kind: str) -> dict:
    return {"apiVersion": api_version, "kind": kind, "name": owner["metadata"]["name"],
            "uid": owner["metadata"]["uid"], "controller": True, "blockOwnerDeletion": True}


def owner_ref_controller_patch(owner: dict, api_version: str, kind: str, uid: str) -> dict:
    return {"metadata": {"ownerReferences": [new_controller_ref(owner, api_version, kind)], "uid": uid}}


def delete_owner_ref_patch(dependent_uid: str, owner_uid: str) -> dict:
    return {"metadata": {"ownerReferences": [{"$patch": "delete", "uid": owner_uid}], "uid": dependent_uid}}


def recheck_deletion_timestamp(get_fresh):
    """A can-adopt check that reads the controller fresh from the API server, at most once."""
    state: dict = {}

    def can_adopt():
        if "err" not in state:
            try:
                fresh = get_fresh()
            except Exception as err:                     # noqa: BLE001
                state["err"] = f"can't recheck DeletionTimestamp: {err}"
            else:
                ts = fresh["metadata"].get("deletionTimestamp")
                m = fresh["metadata"]
                state["err"] = f"{m.get('namespace')}/{m['name']} has just been deleted at {ts}" if ts else None
        if state["err"]:
            raise ControllerError(state["err"])
    return can_adopt


def fresh_getter(client, owner: dict, api_version: str, kind: str):
    """The getObject of RecheckDeletionTimestamp: GET the owner, check it is the same UID."""
    meta = owner["metadata"]

    def get():
        fresh = client.get(api_version, kind, meta["name"], meta.get("namespace"))
        if fresh["metadata"]["uid"] != meta["uid"]:
            raise ControllerError(f"original {kind} {meta.get('namespace')}/{meta['name']} is gone: "
                               f"got uid {fresh['metadata']['uid']}, wanted {meta['uid']}")
        return fresh
    return get


class ControllerRefManager:
    """Claims objects (pods, replica sets) for one controller object."""

    def __init__(self, client, controller: dict, selector, api_version: str, kind: str, can_adopt):
        self.client = client
        self.controller = controller
        self.selector = selector                 # parsed label requirements
        self.api_version, self.kind = api_version, kind
        self.can_adopt = can_adopt

    def claim_object(self, obj: dict, match, adopt, release) -> bool:
        ref = get_controller_of(obj)
        cmeta = self.controller["metadata"]
        if ref is not None:
            if ref.get("uid") != cmeta["uid"]:
                return False                     # owned by another controller
            if match(obj):
                return True
            if cmeta.get("deletionTimestamp"):
                return False                     # we are going away: do not release
            try:
                release(obj)
            except APIError as err:
                if err.code == 404:
                    return False
                raise
            return False
        # an orphan
        if cmeta.get("deletionTimestamp") or not match(obj):
            return False
        if obj["metadata"].get("deletionTimestamp"):
            return False
        if cmeta.get("namespace") and cmeta["namespace"] != obj["metadata"].get("namespace"):
            return False
        try:
            adopt(obj)
        except APIError as err:
            if err.code == 404:
                return False
            raise
        return True

    def _match(self, obj: dict) -> bool:
        return matches_labels(self.selector, obj["metadata"].get("labels"))

    def _adopt(self, obj: dict, api_version: str, kind: str) -> None:
        m = obj["metadata"]
        try:
            self.can_adopt()
        except ControllerError as err:
            raise ControllerError(f"can't adopt {kind} {m.get('namespace')}/{m['name']} ({m.get('uid')}): {err}")
        self.client.patch(api_version, kind, m["name"],
                          owner_ref_controller_patch(self.controller, self.api_version, self.kind, m["uid"]),
                          m.get("namespace"), patch_type=STRATEGIC)

    def _release(self, obj: dict, api_version: str, kind: str) -> None:
        m = obj["metadata"]
        try:
            self.client.patch(api_version, kind, m["name"],
                              delete_owner_ref_patch(m["uid"], self.controller["metadata"]["uid"]),
                              m.get("namespace"), patch_type=STRATEGIC)
        except APIError as err:
            if err.code in (404, 422):           # gone, or recreated with another UID
                return
            raise

    def claim_pods(self, pods: list[dict], *filters) -> list[dict]:
        """ClaimPods: the pods this controller owns after adopting orphans and releasing strays."""
        def match(pod):
            return self._match(pod) and all(f(pod) for f in filters)

        claimed, errors = [], []
        for pod in pods:
            try:
                if self.claim_object(pod, match, lambda o: self._adopt(o, "v1", "Pod"),
                                     lambda o: self._release(o, "v1", "Pod")):
                    claimed.append(pod)
            except (APIError, ControllerError) as err:
                errors.append(err)
        if errors:
            raise errors[0]
        return claimed

    def claim_replica_sets(self, sets: list[dict]) -> list[dict]:
        claimed, errors = [], []
        for rs in sets:
            try:
                if self.claim_object(rs, self._match, lambda o: self._adopt(o, "apps/v1", "ReplicaSet"),
                                     lambda o: self._release(o, "apps/v1", "ReplicaSet")):
                    claimed.append(rs)
            except (APIError, ControllerError) as err:
                errors.append(err)
        if errors:
            raise errors[0]
        return claimed

    def claim_controller_revisions(self, revisions: list[dict]) -> list[dict]:
        claimed = []
        for cr in revisions:
            if self.claim_object(cr, self._match,
                                 lambda o: self._adopt(o, "apps/v1", "ControllerRevision"),
                                 lambda o: self._release(o, "apps/v1", "ControllerRevision")):
                claimed.append(cr)
        return claimed
