"""The taint eviction controller: deletes pods from nodes with NoExecute taints they do not
tolerate, at once or when their tolerationSeconds run out.

Follows `pkg/controller/tainteviction/taint_eviction.go` (and `timed_workers.go`): node events
keep a map of each node's NoExecute taints and re-examine the node's pods; pod events examine
the pod. For a pod on a tainted node: a taint it does not tolerate -> delete now; tolerated
for a while -> delete at the smallest tolerationSeconds, counted from when the eviction was
first scheduled; tolerated forever -> cancel. Taints removed -> cancel
("Cancelling deletion of Pod ns/name"). At the moment of eviction: the event
`TaintManagerEviction` "Marking for deletion Pod ns/name", the condition DisruptionTarget
(reason DeletionByTaintManager, "Taint manager: deleting due to NoExecute taint"), then DELETE.

Pods are admitted upstream with the DefaultTolerationSeconds plugin's tolerations
(not-ready and unreachable, NoExecute, 300 s). k8slab's apiserver does not have that plugin
yet, so a pod without such tolerations is treated as if it had them (taints.with_default_tolerations),
which gives the same 300 s eviction.

Differences from upstream: timers on the cluster clock instead of timed worker goroutines;
the eviction itself runs as a queued key (`evict:<ns>/<name>`).
"""

from __future__ import annotations

from ...api.names import rfc3339
from ...apiserver.errors import APIError
from ..base import Controller
from .taints import get_matching_tolerations, min_toleration_seconds, with_default_tolerations


def _pod_ref(ns: str, name: str) -> dict:
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": ns}}


class TaintEvictionController(Controller):
    name = "taint-eviction-controller"
    queue_name = "noexec_taint"
    component = "taint-eviction-controller"

    def setup(self) -> None:
        node_inf, pod_inf = self.informer("v1", "nodes"), self.informer("v1", "pods")
        self.nodes, self.pods = node_inf.lister(), pod_inf.lister()
        pod_inf.indexer.add_indexers({"spec.nodeName": lambda p: [p["spec"]["nodeName"]]
                                      if (p.get("spec") or {}).get("nodeName") else []})
        self.pod_indexer = pod_inf.indexer
        self.tainted_nodes: dict[str, list[dict]] = {}
        self.scheduled: dict[str, tuple[float, float, object]] = {}   # pod key -> (created, fire, timer)
        node_inf.add_event_handler(on_add=lambda n: self.node_updated(None, n), on_update=self.node_updated,
                                   on_delete=lambda o: self.node_updated(self.unwrap(o), None))
        pod_inf.add_event_handler(on_add=lambda p: self.pod_updated(None, p), on_update=self.pod_updated,
                                  on_delete=lambda o: self.pod_updated(self.unwrap(o), None))

    # ---- handlers ------------------------------------------------------------------------------

    @staticmethod
    def _no_execute(node):
        return [t for t in ((node or {}).get("spec") or {}).get("taints") or [] if t.get("effect") == "NoExecute"]

    def node_updated(self, old, new) -> None:
        if old is not None and new is not None and self._no_execute(old) == self._no_execute(new):
            return
        self.queue.add("node:" + (new or old)["metadata"]["name"])

    def pod_updated(self, old, new) -> None:
        if old is not None and new is not None and \
                (old.get("spec") or {}).get("tolerations") == (new.get("spec") or {}).get("tolerations") and \
                (old.get("spec") or {}).get("nodeName") == (new.get("spec") or {}).get("nodeName"):
            return
        pod = new or old
        self.queue.add("pod:" + self.key_of(pod))

    # ---- sync ----------------------------------------------------------------------------------

    def sync(self, key: str) -> None:
        kind, _, rest = key.partition(":")
        if kind == "node":
            self.handle_node_update(rest)
        elif kind == "pod":
            self.handle_pod_update(rest)
        elif kind == "evict":
            self.evict(rest)

    def handle_node_update(self, name: str) -> None:
        node = self.nodes.get(None, name)
        if node is None:
            self.tainted_nodes.pop(name, None)
            return
        taints = self._no_execute(node)
        if taints:
            self.tainted_nodes[name] = taints
        else:
            self.tainted_nodes.pop(name, None)
        pods = self.pod_indexer.by_index("spec.nodeName", name)
        now = self.clock.now()
        for pod in pods:
            key = self.key_of(pod)
            if not taints:
                self.cancel_work(key)
                continue
            self.process_pod_on_node(key, pod, taints, now)

    def handle_pod_update(self, key: str) -> None:
        ns, name = self.split_key(key)
        pod = self.pods.get(ns, name)
        if pod is None:
            self.cancel_work(key)
            return
        node_name = (pod.get("spec") or {}).get("nodeName")
        if not node_name or node_name not in self.tainted_nodes:
            return
        self.process_pod_on_node(key, pod, self.tainted_nodes[node_name], self.clock.now())

    def process_pod_on_node(self, key: str, pod: dict, taints: list[dict], now: float) -> None:
        if not taints:
            self.cancel_work(key)
        tolerations = with_default_tolerations((pod.get("spec") or {}).get("tolerations"))
        all_tolerated, used = get_matching_tolerations(taints, tolerations)
        if not all_tolerated:
            self.cancel_work(key)
            self.add_work(key, now, now)
            return
        seconds = min_toleration_seconds(used)
        if seconds < 0:
            self.cancel_work(key)
            return
        start, trigger = now, now + seconds
        existing = self.scheduled.get(key)
        if existing is not None:
            start = existing[0]
            if start + seconds < trigger:
                return
            self.cancel_work(key)
        self.add_work(key, start, start + seconds)

    # ---- the timed work (timed_workers.go) ------------------------------------------------------

    def add_work(self, key: str, created: float, fire: float) -> None:
        if key in self.scheduled:
            return
        timer = self.clock.call_at(fire, lambda: self.queue.add("evict:" + key))
        self.scheduled[key] = (created, fire, timer)
        if fire <= self.clock.now():
            self.queue.add("evict:" + key)

    def cancel_work(self, key: str) -> None:
        work = self.scheduled.pop(key, None)
        if work is None:
            return
        work[2].cancel()
        ns, name = self.split_key(key)
        self.recorder.normal(_pod_ref(ns, name), "TaintManagerEviction", f"Cancelling deletion of Pod {key}")

    def evict(self, key: str) -> None:
        work = self.scheduled.pop(key, None)
        if work is None:
            return
        work[2].cancel()
        ns, name = self.split_key(key)
        self.recorder.normal(_pod_ref(ns, name), "TaintManagerEviction", f"Marking for deletion Pod {key}")
        try:
            pod = self.client.get("v1", "Pod", name, ns)
            conds = (pod.get("status") or {}).get("conditions") or []
            if not any(c.get("type") == "DisruptionTarget" and c.get("status") == "True" for c in conds):
                cond = {"type": "DisruptionTarget", "status": "True", "lastProbeTime": None,
                        "lastTransitionTime": rfc3339(self.now()), "reason": "DeletionByTaintManager",
                        "message": "Taint manager: deleting due to NoExecute taint"}
                self.client.patch("v1", "Pod", name, {"metadata": {"uid": pod["metadata"]["uid"]},
                                                      "status": {"conditions": [cond]}}, ns,
                                  patch_type="application/strategic-merge-patch+json", subresource="status")
            self.client.delete("v1", "Pod", name, ns)
        except APIError as err:
            if err.code != 404:
                self.scheduled[key] = work               # let the retry find it
                raise
