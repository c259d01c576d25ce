"""Informer event handlers: pods and nodes feed the scheduling queue and the cache.

Follows `pkg/scheduler/eventhandlers.go` (addAllEventHandlers): unassigned pods of this scheduler
go to the queue (add / update / delete); assigned pods go to the cache and are cluster events
(AssignedPodAdd / Update / Delete) that may make unschedulable pods schedulable; a pod going from
unassigned to assigned leaves the queue and enters the cache; nodes go to the cache and NodeAdd /
NodeUpdate (only when a scheduling property changed: labels, taints, spec.unschedulable,
allocatable) move unschedulable pods. Terminated pods (Succeeded, Failed) are left out, as the
scheduler's pod informer selects `status.phase!=Succeeded,status.phase!=Failed`.
"""

from __future__ import annotations

from ..client.informers import DeletedFinalStateUnknown
from .queue import ASSIGNED_POD_ADD, ASSIGNED_POD_DELETE, ASSIGNED_POD_UPDATE, NODE_ADD, NODE_UPDATE


def _assigned(pod: dict) -> bool:
    return bool((pod.get("spec") or {}).get("nodeName"))


def _terminated(pod: dict) -> bool:
    return (pod.get("status") or {}).get("phase") in ("Succeeded", "Failed")


def _unwrap(obj):
    return obj.obj if isinstance(obj, DeletedFinalStateUnknown) else obj


def _node_scheduling_properties_changed(old: dict, new: dict) -> bool:
    return (old["metadata"].get("labels") != new["metadata"].get("labels")
            or (old.get("spec") or {}).get("taints") != (new.get("spec") or {}).get("taints")
            or bool((old.get("spec") or {}).get("unschedulable")) != bool((new.get("spec") or {}).get("unschedulable"))
            or (old.get("status") or {}).get("allocatable") != (new.get("status") or {}).get("allocatable")
            or (old.get("status") or {}).get("images") != (new.get("status") or {}).get("images"))


def _pod_scheduling_properties_changed(old: dict, new: dict) -> bool:
    return (old["metadata"].get("labels") != new["metadata"].get("labels")
            or old.get("spec") != new.get("spec"))


class EventHandlers:
    """The scheduler's informer callbacks; each only updates the queue or the cache."""

    def __init__(self, sched):
        self.sched = sched

    def register(self, pods_informer, nodes_informer) -> None:
        pods_informer.add_event_handler(self.on_pod_add, self.on_pod_update, self.on_pod_delete)
        nodes_informer.add_event_handler(self.on_node_add, self.on_node_update, self.on_node_delete)

    def _responsible(self, pod: dict) -> bool:
        return (pod.get("spec") or {}).get("schedulerName", "default-scheduler") == self.sched.scheduler_name

    # ---- pods ---------------------------------------------------------------------------------------

    def on_pod_add(self, pod: dict) -> None:
        s = self.sched
        if _terminated(pod):
            return
        if _assigned(pod):
            s.cache.add_pod(pod)
            if s.queue.unschedulable:
                s.queue.move_all_to_active_or_backoff_queue(ASSIGNED_POD_ADD, None, pod)
        elif self._responsible(pod):
            s.queue.add(pod)

    def on_pod_update(self, old: dict, new: dict) -> None:
        s = self.sched
        if _terminated(new):
            if not _terminated(old):
                self.on_pod_delete(old)
            return
        if _assigned(new):
            if not _assigned(old):
                s.queue.delete(old)                      # bound: it leaves the queue
                s.cache.add_pod(new)
                event = ASSIGNED_POD_ADD
            else:
                s.cache.update_pod(new)
                if not _pod_scheduling_properties_changed(old, new):
                    return
                event = ASSIGNED_POD_UPDATE
            if s.queue.unschedulable:
                s.queue.move_all_to_active_or_backoff_queue(event, old, new)
        elif self._responsible(new):
            s.queue.update(old, new)

    def on_pod_delete(self, obj) -> None:
        s = self.sched
        pod = _unwrap(obj)
        if pod is None:
            return
        if _assigned(pod):
            s.cache.remove_pod(pod)
            if s.queue.unschedulable:
                s.queue.move_all_to_active_or_backoff_queue(ASSIGNED_POD_DELETE, pod, None)
        else:
            s.queue.delete(pod)

    # ---- nodes --------------------------------------------------------------------------------------

    def on_node_add(self, node: dict) -> None:
        s = self.sched
        s.cache.add_node(node)
        if s.queue.unschedulable:
            s.queue.move_all_to_active_or_backoff_queue(NODE_ADD, None, node)

    def on_node_update(self, old: dict, new: dict) -> None:
        s = self.sched
        s.cache.update_node(new)
        if s.queue.unschedulable and _node_scheduling_properties_changed(old, new):
            s.queue.move_all_to_active_or_backoff_queue(NODE_UPDATE, old, new)

    def on_node_delete(self, obj) -> None:
        node = _unwrap(obj)
        if node is not None:
            self.sched.cache.remove_node(node["metadata"]["name"])
