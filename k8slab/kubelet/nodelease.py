"""The node's heartbeat: a Lease in `kube-node-lease`, renewed every quarter of its duration.

Follows `staging/src/k8s.io/component-helpers/apimachinery/lease/controller.go` (create the Lease
named after the node if it is missing, then renew spec.renewTime every renewInterval =
0.25 x leaseDurationSeconds = 10 s; on a conflict read it again) and `pkg/kubelet/util/nodelease.go`
(setNodeOwnerFunc: the Lease is owned by the Node, so it goes when the Node goes).
The node lifecycle controller reads renewTime to decide whether the node is alive.

Differences from upstream: a failed renewal waits for the next interval instead of retrying with
a 200 ms..7 s back-off.
"""

from __future__ import annotations

from ..api.names import rfc3339_micro
from ..apiserver.errors import APIError

NAMESPACE = "kube-node-lease"
RENEW_INTERVAL_FRACTION = 0.25


class NodeLease:
    """Creates and renews the node's Lease."""

    def __init__(self, kubelet):
        self.k = kubelet
        self.lease: dict | None = None
        self.renewals = 0

    @property
    def renew_interval(self) -> float:
        return self.k.config.node_lease_duration_seconds * RENEW_INTERVAL_FRACTION

    def _new(self) -> dict:
        k = self.k
        lease = {"apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
                 "metadata": {"name": k.node_name, "namespace": NAMESPACE},
                 "spec": {"holderIdentity": k.node_name,
                          "leaseDurationSeconds": k.config.node_lease_duration_seconds,
                          "renewTime": rfc3339_micro(k.clock.time())}}
        self._own(lease)
        return lease

    def _own(self, lease: dict) -> None:
        uid = self.k.node_status.uid
        if uid and not lease["metadata"].get("ownerReferences"):
            lease["metadata"]["ownerReferences"] = [{"apiVersion": "v1", "kind": "Node",
                                                     "name": self.k.node_name, "uid": uid}]

    def renew(self, retry: bool = True) -> None:
        k = self.k
        if not k.online:
            return
        try:
            if self.lease is None:
                try:
                    self.lease = k.client.get("coordination.k8s.io/v1", "Lease", k.node_name, NAMESPACE)
                except APIError as e:
                    if e.code != 404:
                        return
                    self.lease = k.client.create(self._new(), NAMESPACE, fieldManager="kubelet")
                    self.renewals += 1
                    return
            lease = {**self.lease, "metadata": dict(self.lease["metadata"]), "spec": dict(self.lease["spec"])}
            lease["spec"]["renewTime"] = rfc3339_micro(k.clock.time())
            lease["spec"]["holderIdentity"] = k.node_name
            self._own(lease)
            self.lease = k.client.update(lease, fieldManager="kubelet")
            self.renewals += 1
        except APIError as e:
            self.lease = None                       # conflict or gone: read it again
            if retry and e.code == 409:
                self.renew(retry=False)
