"""The StatefulSet controller: pods with stable names, stable storage, and an order.

Follows `pkg/controller/statefulset/stateful_set.go` (handlers, sync, adoptOrphanRevisions,
getPodsForStatefulSet, getStatefulSetsForPod, the minReadySeconds requeue). The per-set work is
`control.py`; identities and revisions are `utils.py`; pod and PVC writes `pod_control.py`.

Pods are claimed only if their name is `<set>-<ordinal>`: a pod with matching labels but a
foreign name is not a member, whatever its labels say.

Differences from upstream: PersistentVolumeClaims are read from a cache of all claims.
"""

from __future__ import annotations

from ...api.selectors import SelectorError, matches_labels, selector_from_label_selector
from ..base import (Controller, ControllerRefManager, fresh_getter, get_controller_of,
                    recheck_deletion_timestamp, with_kind)
from .control import StatefulSetControl
from .pod_control import StatefulPodControl
from .utils import is_member_of


class StatefulSetController(Controller):
    name = "statefulset-controller"
    queue_name = "statefulset"
    component = "statefulset-controller"
    seed_offset = 5

    def setup(self) -> None:
        set_inf = self.informer("apps/v1", "statefulsets")
        set_inf.add_event_handler(self.enqueue, lambda old, cur: self.enqueue(cur),
                                  lambda obj: self.enqueue(self.unwrap(obj)))
        self.set_lister = set_inf.lister()
        pod_inf = self.informer("v1", "pods")
        pod_inf.add_event_handler(self.add_pod, self.update_pod, self.delete_pod)
        self.pod_lister = pod_inf.lister()
        self.pvc_lister = self.informer("v1", "persistentvolumeclaims").lister()
        self.revision_lister = self.informer("apps/v1", "controllerrevisions").lister()
        self.stateful_pod_control = StatefulPodControl(self.client, self.recorder, self.pvc_lister,
                                                       self.pod_lister)
        self.control = StatefulSetControl(self)

    # ---- handlers ------------------------------------------------------------------------------

    def resolve_controller_ref(self, namespace: str, ref: dict) -> dict | None:
        if ref.get("kind") != "StatefulSet":
            return None
        s = self.set_lister.get(namespace, ref["name"])
        return s if s is not None and s["metadata"].get("uid") == ref.get("uid") else None

    def get_stateful_sets_for_pod(self, pod: dict) -> list[dict]:
        labels = pod["metadata"].get("labels") or {}
        out = []
        for s in self.set_lister.list(pod["metadata"]["namespace"]):
            try:
                sel = selector_from_label_selector(s["spec"].get("selector"))
            except SelectorError:
                continue
            if sel and matches_labels(sel, labels):
                out.append(s)
        return out

    def add_pod(self, pod: dict) -> None:
        if pod["metadata"].get("deletionTimestamp"):
            self.delete_pod(pod)
            return
        ref = get_controller_of(pod)
        if ref is not None:
            s = self.resolve_controller_ref(pod["metadata"]["namespace"], ref)
            if s is not None:
                self.enqueue(s)
            return
        for s in self.get_stateful_sets_for_pod(pod):
            self.enqueue(s)

    def update_pod(self, old: dict, cur: dict) -> None:
        if cur["metadata"].get("resourceVersion") == old["metadata"].get("resourceVersion"):
            return
        self.requeue_for_pod_update(old, cur, self.get_stateful_sets_for_pod)

    def delete_pod(self, obj) -> None:
        pod = self.unwrap(obj)
        ref = get_controller_of(pod)
        if ref is None:
            return
        s = self.resolve_controller_ref(pod["metadata"]["namespace"], ref)
        if s is not None:
            self.enqueue(s)

    # ---- the sync ----------------------------------------------------------------------------

    def can_adopt(self, set_: dict):
        return recheck_deletion_timestamp(fresh_getter(self.client, set_, "apps/v1", "StatefulSet"))

    def list_revisions(self, set_: dict) -> list[dict]:
        """Revisions matching the selector that are ours or nobody's."""
        selector = selector_from_label_selector(set_["spec"].get("selector"))
        return [r for r in self.revision_lister.list(set_["metadata"]["namespace"], selector)
                if (get_controller_of(r) or {}).get("uid", set_["metadata"]["uid"]) == set_["metadata"]["uid"]]

    def adopt_orphan_revisions(self, set_: dict) -> None:
        orphans = [r for r in self.list_revisions(set_) if get_controller_of(r) is None]
        if not orphans:
            return
        selector = selector_from_label_selector(set_["spec"].get("selector"))
        cm = ControllerRefManager(self.client, set_, selector, "apps/v1", "StatefulSet", self.can_adopt(set_))
        cm.claim_controller_revisions(orphans)

    def get_pods_for_stateful_set(self, set_: dict, selector) -> list[dict]:
        cm = ControllerRefManager(self.client, set_, selector, "apps/v1", "StatefulSet", self.can_adopt(set_))
        return cm.claim_pods(self.pod_lister.list(set_["metadata"]["namespace"]),
                             lambda pod: is_member_of(set_, pod))

    def sync(self, key: str) -> None:
        namespace, name = self.split_key(key)
        found = self.set_lister.get(namespace, name)
        if found is None:
            return
        set_ = with_kind(found, "apps/v1", "StatefulSet")
        try:
            selector = selector_from_label_selector(set_["spec"].get("selector"))
        except SelectorError:
            return                                     # not retried: a user error
        self.adopt_orphan_revisions(set_)
        pods = self.get_pods_for_stateful_set(set_, selector)
        status = self.control.update_stateful_set(set_, pods)
        mrs = set_["spec"].get("minReadySeconds") or 0
        if mrs > 0 and status is not None and status.get("availableReplicas", 0) != set_["spec"].get("replicas", 1):
            self.enqueue_after(set_, mrs)
