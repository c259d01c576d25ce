"""StatefulPodControl: pod and PVC writes of the StatefulSet controller, each reported as an Event.

Follows `pkg/controller/statefulset/stateful_pod_control.go` (CreateStatefulPod,
UpdateStatefulPod, DeleteStatefulPod, createPersistentVolumeClaims, recordPodEvent,
recordClaimEvent) and `stateful_set_status_updater.go`. Event wording is upstream's:
"create Pod web-0 in StatefulSet web successful" (reason SuccessfulCreate),
"delete Pod web-1 in StatefulSet web successful" (SuccessfulDelete),
"create Claim www-web-0 Pod web-0 in StatefulSet web success" (SuccessfulCreate).

Differences from upstream: no PVC retention policy (claims are never given owner references).
"""

from __future__ import annotations

from k8slab.api.copying import deep_copy


from ...apiserver.errors import APIError
from ..base import update_status, with_kind
from .utils import (get_persistent_volume_claims, identity_matches, storage_matches, update_identity,
                    update_storage)


class StatefulPodControl:
    def __init__(self, client, recorder, pvc_lister, pod_lister):
        self.client, self.recorder = client, recorder
        self.pvc_lister, self.pod_lister = pvc_lister, pod_lister

    def record_pod_event(self, verb: str, set_: dict, pod: dict, err: Exception | None) -> None:
        name, set_name = pod["metadata"]["name"], set_["metadata"]["name"]
        if err is None:
            self.recorder.normal(set_, f"Successful{verb.title()}",
                                 f"{verb.lower()} Pod {name} in StatefulSet {set_name} successful")
        else:
            self.recorder.warning(set_, f"Failed{verb.title()}",
                                  f"{verb.lower()} Pod {name} in StatefulSet {set_name} failed error: {_msg(err)}")

    def record_claim_event(self, verb: str, set_: dict, pod: dict, claim: dict, err: Exception | None) -> None:
        c, name, set_name = claim["metadata"]["name"], pod["metadata"]["name"], set_["metadata"]["name"]
        if err is None:
            self.recorder.normal(set_, f"Successful{verb.title()}",
                                 f"{verb.lower()} Claim {c} Pod {name} in StatefulSet {set_name} success")
        else:
            self.recorder.warning(set_, f"Failed{verb.title()}",
                                  f"{verb.lower()} Claim {c} for Pod {name} in StatefulSet {set_name} "
                                  f"failed error: {_msg(err)}")

    def create_persistent_volume_claims(self, set_: dict, pod: dict) -> None:
        errors = []
        for claim in get_persistent_volume_claims(set_, pod).values():
            ns, name = claim["metadata"]["namespace"], claim["metadata"]["name"]
            pvc = self.pvc_lister.get(ns, name)
            if pvc is None:
                try:
                    self.client.create(claim, ns)
                    self.record_claim_event("create", set_, pod, claim, None)
                except APIError as err:
                    errors.append(APIError(err.code, err.reason, f"failed to create PVC {name}: {err.message}"))
                    if err.reason != "AlreadyExists":
                        self.record_claim_event("create", set_, pod, claim, err)
            elif pvc["metadata"].get("deletionTimestamp"):
                errors.append(APIError(409, "Conflict", f"pvc {name} is being deleted"))
        if errors:
            raise errors[0]

    def create_stateful_pod(self, set_: dict, pod: dict) -> None:
        # the claims first: a pod must never start without its storage
        try:
            self.create_persistent_volume_claims(set_, pod)
        except APIError as err:
            self.record_pod_event("create", set_, pod, err)
            raise
        try:
            self.client.create(pod, set_["metadata"]["namespace"])
        except APIError as err:
            if err.reason == "AlreadyExists":
                raise                           # sunk: the informer will show it
            self.record_pod_event("create", set_, pod, err)
            raise
        self.record_pod_event("create", set_, pod, None)

    def update_stateful_pod(self, set_: dict, pod: dict) -> None:
        attempted, err = False, None
        for _ in range(2):
            consistent = True
            if not identity_matches(set_, pod):
                update_identity(set_, pod)
                consistent = False
            if not storage_matches(set_, pod):
                update_storage(set_, pod)
                consistent = False
                try:
                    self.create_persistent_volume_claims(set_, pod)
                except APIError as e:
                    self.record_pod_event("update", set_, pod, e)
                    raise
            if consistent:
                return
            attempted = True
            try:
                self.client.update(with_kind(pod, "v1", "Pod"))
                err = None
                break
            except APIError as e:
                err = e
                if e.code != 409:
                    break
                fresh = self.pod_lister.get(pod["metadata"]["namespace"], pod["metadata"]["name"])
                if fresh is not None:
                    pod = deep_copy(fresh)
        if attempted:
            self.record_pod_event("update", set_, pod, err)
        if err is not None:
            raise err

    def delete_stateful_pod(self, set_: dict, pod: dict) -> None:
        try:
            self.client.delete("v1", "Pod", pod["metadata"]["name"], pod["metadata"]["namespace"])
        except APIError as err:
            self.record_pod_event("delete", set_, pod, err)
            raise
        self.record_pod_event("delete", set_, pod, None)

    def update_stateful_set_status(self, set_: dict, status: dict) -> None:
        obj = with_kind(set_, "apps/v1", "StatefulSet")
        for attempt in range(2):
            obj["status"] = status
            try:
                update_status(self.client, obj)
                return
            except APIError as err:
                if err.code != 409 or attempt:
                    raise
            obj = with_kind(self.client.get("apps/v1", "StatefulSet", set_["metadata"]["name"],
                                            set_["metadata"]["namespace"]), "apps/v1", "StatefulSet")


def _msg(err: Exception) -> str:
    return getattr(err, "message", None) or str(err)
