"""PodGC: force-deletes pods nobody else will clean up.

Follows `pkg/controller/podgc/gc_controller.go`; every gcCheckPeriod (20 s) `gc` runs:
- gcTerminated: when more terminated pods (Succeeded/Failed) exist than
  --terminated-pod-gc-threshold (12500), delete the oldest extra ones (evicted pods first);
- gcTerminating: terminating pods on a NotReady node tainted node.kubernetes.io/out-of-service;
- gcOrphaned: pods bound to a node that does not exist: the node name is quarantined for 40 s
  (quarantineTime), then checked with a GET; if still missing, its pods get the condition
  DisruptionTarget (reason DeletionByPodGC, "PodGC: node no longer exists");
- gcUnscheduledTerminating: pods being deleted that were never scheduled.
Each deletion first moves a non-terminal pod to phase Failed (a status patch), then deletes it
with grace period 0, logging "PodGC is force deleting Pod".

Differences from upstream: the quarantine is a dict of due times instead of a delaying queue;
no metrics.
"""

from __future__ import annotations

import logging

from ...api.names import parse_rfc3339, rfc3339
from ...apiserver.errors import APIError
from ..base import Controller

log = logging.getLogger("k8slab.controllers.podgc")

GC_CHECK_PERIOD = 20.0
QUARANTINE_TIME = 40.0
DEFAULT_TERMINATED_POD_GC_THRESHOLD = 12500
GC_KEY = "gc"


def is_pod_terminated(pod: dict) -> bool:
    return (pod.get("status") or {}).get("phase") not in ("Pending", "Running", "Unknown")


def _is_evicted(pod: dict) -> bool:
    status = pod.get("status") or {}
    return status.get("phase") == "Failed" and status.get("reason") == "Evicted"


def _node_ready(node: dict) -> bool:
    for c in (node.get("status") or {}).get("conditions") or []:
        if c.get("type") == "Ready":
            return c.get("status") == "True"
    return False


class PodGCController(Controller):
    name = "pod-garbage-collector-controller"
    queue_name = "pod_garbage_collector"
    component = "pod-garbage-collector"

    def __init__(self, terminated_pod_gc_threshold: int = DEFAULT_TERMINATED_POD_GC_THRESHOLD,
                 gc_check_period: float = GC_CHECK_PERIOD, quarantine_time: float = QUARANTINE_TIME):
        self.threshold = terminated_pod_gc_threshold
        self.gc_check_period, self.quarantine_time = gc_check_period, quarantine_time

    def setup(self) -> None:
        self.pods = self.informer("v1", "pods").lister()
        self.nodes = self.informer("v1", "nodes").lister()
        self.quarantine: dict[str, float] = {}        # node name -> when to check it (clock.now())
        self.deleted: list[str] = []                  # ns/name of force-deleted pods, oldest first
        self.queue.add(GC_KEY)

    def _tick(self) -> None:
        self.queue.add(GC_KEY)

    def sync(self, key: str) -> None:
        try:
            self.gc()
        finally:
            self.clock.call_later(self.gc_check_period, self._tick)

    def gc(self) -> None:
        pods, nodes = self.pods.list(), self.nodes.list()
        if self.threshold > 0:
            self.gc_terminated(pods)
        self.gc_terminating(pods)
        self.gc_orphaned(pods, nodes)
        self.gc_unscheduled_terminating(pods)

    @staticmethod
    def _order(pods: list[dict]) -> list[dict]:
        """byEvictionAndCreationTimestamp: evicted first, then oldest, then by name."""
        return sorted(pods, key=lambda p: (not _is_evicted(p), parse_rfc3339(p["metadata"]["creationTimestamp"]),
                                           p["metadata"]["name"]))

    def gc_terminated(self, pods: list[dict]) -> None:
        terminated = [p for p in pods if is_pod_terminated(p)]
        delete_count = len(terminated) - self.threshold
        if delete_count <= 0:
            return
        log.info("Garbage collecting pods numPods=%d", delete_count)
        for pod in self._order(terminated)[:delete_count]:
            self._try(pod, None)

    def gc_terminating(self, pods: list[dict]) -> None:
        doomed = []
        for pod in pods:
            if not pod["metadata"].get("deletionTimestamp"):
                continue
            node = self.nodes.get(None, (pod.get("spec") or {}).get("nodeName") or "")
            if node is None:
                continue
            taints = (node.get("spec") or {}).get("taints") or []
            if not _node_ready(node) and any(t.get("key") == "node.kubernetes.io/out-of-service" for t in taints):
                doomed.append(pod)
        for pod in self._order(doomed):
            self._try(pod, None)

    def gc_orphaned(self, pods: list[dict], nodes: list[dict]) -> None:
        existing = {n["metadata"]["name"] for n in nodes}
        now = self.clock.now()
        for pod in pods:
            node_name = (pod.get("spec") or {}).get("nodeName")
            if node_name and node_name not in existing and node_name not in self.quarantine:
                self.quarantine[node_name] = now + self.quarantine_time
        deleted_nodes = set()
        for node_name, due in sorted(self.quarantine.items()):
            if due > now:
                continue
            del self.quarantine[node_name]
            if node_name in existing:
                continue
            try:
                self.client.get("v1", "Node", node_name)
            except APIError as err:
                if err.code == 404:
                    deleted_nodes.add(node_name)
        for pod in pods:
            if (pod.get("spec") or {}).get("nodeName") in deleted_nodes:
                condition = {"type": "DisruptionTarget", "status": "True", "lastProbeTime": None,
                             "lastTransitionTime": rfc3339(self.now()), "reason": "DeletionByPodGC",
                             "message": "PodGC: node no longer exists"}
                self._try(pod, condition)

    def gc_unscheduled_terminating(self, pods: list[dict]) -> None:
        for pod in pods:
            if pod["metadata"].get("deletionTimestamp") and not (pod.get("spec") or {}).get("nodeName"):
                self._try(pod, None)

    def _try(self, pod: dict, condition: dict | None) -> None:
        try:
            self.mark_failed_and_delete_pod(pod, condition)
        except APIError as err:
            if err.code != 404:
                self.errors.append((self.key_of(pod), err))

    def mark_failed_and_delete_pod(self, pod: dict, condition: dict | None) -> None:
        meta = pod["metadata"]
        ns, name = meta["namespace"], meta["name"]
        log.info("PodGC is force deleting Pod: %s:%s", ns, name)
        if (pod.get("status") or {}).get("phase") not in ("Succeeded", "Failed"):
            status = {"phase": "Failed"}
            if condition is not None:
                status["conditions"] = [condition]
            self.client.patch("v1", "Pod", name, {"metadata": {"uid": meta.get("uid")}, "status": status}, ns,
                              patch_type="application/strategic-merge-patch+json", subresource="status")
        self.client.delete("v1", "Pod", name, ns, gracePeriodSeconds=0)
        self.deleted.append(f"{ns}/{name}")
