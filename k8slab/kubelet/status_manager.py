"""The status manager: the kubelet's latest status per pod, written to the API server when it changes.

Follows `pkg/kubelet/status/status_manager.go`: SetPodStatus caches a status and, when it differs
from what was last written, patches `pods/<name>/status` (for a static pod: its mirror pod);
while the API server cannot be reached the statuses wait and are written when it can (syncBatch);
a pod that is being deleted and whose containers have all stopped is deleted for good with
`gracePeriodSeconds: 0` and a UID precondition once its final status is written (canBeDeleted).

Differences from upstream: a JSON patch setting each status field (with a test of the pod's UID)
instead of a strategic merge patch computed from the old status; no periodic full resync (every
change is written at once).
"""

from __future__ import annotations

from ..apiserver.errors import APIError


class StatusManager:
    """Cached pod statuses keyed by pod UID, written through the kubelet's API client."""

    def __init__(self, kubelet):
        self.kubelet = kubelet
        self.statuses: dict[str, dict] = {}          # uid -> status the kubelet wants
        self.written: dict[str, dict] = {}           # uid -> status last written
        self.pods: dict[str, dict] = {}              # uid -> pod (for names)
        self.deletable: set[str] = set()
        self.writes = 0                              # status PATCHes sent

    def get(self, uid: str) -> dict | None:
        return self.statuses.get(uid)

    def set_pod_status(self, pod: dict, status: dict) -> None:
        uid = pod["metadata"]["uid"]
        self.statuses[uid], self.pods[uid] = status, pod
        self.sync(uid)

    def adopt(self, pod: dict) -> None:
        """A pod that finished before this kubelet saw it: its status stands as written."""
        uid = pod["metadata"]["uid"]
        self.statuses[uid] = self.written[uid] = pod.get("status") or {}
        self.pods[uid] = pod

    def terminated(self, pod: dict) -> None:
        """The pod worker is done with a deleted pod: delete it once its final status is out."""
        self.deletable.add(pod["metadata"]["uid"])
        self.sync(pod["metadata"]["uid"])

    def sync(self, uid: str) -> None:
        k = self.kubelet
        pod, status = self.pods.get(uid), self.statuses.get(uid)
        if pod is None or status is None or not k.online:
            return
        meta = pod["metadata"]
        target = k.mirror_name(pod)
        ns, name = meta.get("namespace", "default"), target or meta["name"]
        current = k.api_pod(ns, name)
        if current is not None and not target and current["metadata"].get("uid") != uid:
            self.written[uid] = status                   # a new pod took the name: not ours to write
            return
        written = self.written.get(uid)
        if written == status:
            self.statuses[uid] = written                 # one copy of an unchanged status, not two
        else:
            # a JSON patch keeps the nulls Go writes (lastProbeTime: null) and tests the UID first
            patch = [] if target else [{"op": "test", "path": "/metadata/uid", "value": uid}]
            patch += [{"op": "add", "path": f"/status/{key}", "value": value} for key, value in status.items()]
            try:
                k.client.patch("v1", "Pod", name, patch, ns, subresource="status", fieldManager="kubelet",
                               patch_type="application/json-patch+json")
                self.writes += 1
            except APIError as e:
                if e.code == 404:
                    self.written[uid] = status           # the pod is gone: nothing to report to
                return
            self.written[uid] = status
        if uid in self.deletable and not target and meta.get("deletionTimestamp"):
            self.deletable.discard(uid)
            try:
                k.client.delete("v1", "Pod", name, ns, gracePeriodSeconds=0, preconditions={"uid": uid})
            except APIError:
                pass

    def sync_all(self) -> None:
        for uid in list(self.statuses):
            self.sync(uid)

    def forget(self, uid: str) -> None:
        for d in (self.statuses, self.written, self.pods):
            d.pop(uid, None)
        self.deletable.discard(uid)
