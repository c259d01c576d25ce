"""The node lifecycle controller: notices nodes that stopped reporting, marks them Unknown, taints
them, marks their pods not ready, and stops all that when every node looks dead.

Follows `pkg/controller/nodelifecycle/node_lifecycle_controller.go`:
- monitorNodeHealth every nodeMonitorPeriod (5 s): new nodes get a `RegisteredNode` event
  ("Node n event: Registered Node n in Controller"), deleted ones `RemovingNode`; each node's
  health is read (health.py); a node whose Ready condition just left True gets the event
  NodeNotReady ("Node n status is now: NodeNotReady") and its pods' Ready condition is set to
  False (a Warning NodeNotReady "Node is not ready" on each pod); a node observed not Ready
  (False or Unknown) joins its zone's rate-limited queue for a NoExecute taint
  (node.kubernetes.io/not-ready or /unreachable, mutually exclusive); a Ready node loses them;
- doNoExecuteTaintingPass: applies those taints at evictionLimiterQPS (0.1/s, burst 1) per zone;
  the taint-eviction controller (taint_eviction.py) then evicts pods that do not tolerate them;
- doNoScheduleTaintingPass, on every node change: condition taints with effect NoSchedule
  (Ready False -> not-ready, Unknown -> unreachable, MemoryPressure/DiskPressure/PIDPressure/
  NetworkUnavailable True -> their taints) and node.kubernetes.io/unschedulable;
- handleDisruption: a zone with no Ready node is in FullDisruption; when all zones are, the
  controller logs "Controller detected that all Nodes are not-Ready. Entering master disruption
  mode", removes the NoExecute taints and stops tainting (the apiserver may be the one cut off);
  when some node is Ready again it "Exiting master disruption mode" and resets probe times.
  PartialDisruption (>= 55 % not Ready, more than 2 nodes) slows tainting to 0.01/s in zones
  with more than 50 nodes, and stops it in smaller ones.
Log lines are kept in `self.logs` (what `kubectl logs` of kube-controller-manager would show).

Profiles: nodeMonitorGracePeriod 50 s (1.32) or 40 s (book, v1.11, which also left PIDPressure
alone); the book's log lines end with a period.

Differences from upstream: the tainting pass runs when there is work (at the limiter's next
token) instead of every 100 ms; no node-label reconciliation; no metrics.
"""

from __future__ import annotations

from k8slab.api.copying import deep_copy


from ...api.names import rfc3339
from ...apiserver.errors import APIError
from ..base import Controller, update_status
from .health import get_condition, try_update_node_health
from .scheduler import NODE_EVICTION_PERIOD, RateLimitedTimedQueue
from .taints import (TAINT_DISK_PRESSURE, TAINT_MEMORY_PRESSURE, TAINT_NETWORK_UNAVAILABLE,
                     TAINT_NOT_READY, TAINT_PID_PRESSURE, TAINT_UNREACHABLE, TAINT_UNSCHEDULABLE,
                     remove_taints_off_node, swap_node_controller_taint, taint_exists, taint_set_diff)

NODE_MONITOR_PERIOD = 5.0
NODE_MONITOR_GRACE_PERIOD = {"current": 50.0, "book": 40.0}
NODE_STARTUP_GRACE_PERIOD = 60.0
EVICTION_LIMITER_QPS, SECONDARY_EVICTION_LIMITER_QPS = 0.1, 0.01
LARGE_CLUSTER_THRESHOLD, UNHEALTHY_ZONE_THRESHOLD = 50, 0.55
UNREACHABLE_TAINT = {"key": TAINT_UNREACHABLE, "effect": "NoExecute"}
NOT_READY_TAINT = {"key": TAINT_NOT_READY, "effect": "NoExecute"}
CONDITION_TO_TAINT = {"Ready": {"False": TAINT_NOT_READY, "Unknown": TAINT_UNREACHABLE},
                      "MemoryPressure": {"True": TAINT_MEMORY_PRESSURE},
                      "DiskPressure": {"True": TAINT_DISK_PRESSURE},
                      "NetworkUnavailable": {"True": TAINT_NETWORK_UNAVAILABLE},
                      "PIDPressure": {"True": TAINT_PID_PRESSURE}}
TAINT_KEYS = {t for m in CONDITION_TO_TAINT.values() for t in m.values()} | {TAINT_UNSCHEDULABLE}
INITIAL, NORMAL, FULL_DISRUPTION, PARTIAL_DISRUPTION = "Initial", "Normal", "FullDisruption", "PartialDisruption"
MONITOR_KEY, TAINT_PASS_KEY = "monitor:", "taint:"
EXCLUDE_DISRUPTION_LABEL = "node.kubernetes.io/exclude-disruption"


def zone_key(node: dict) -> str:
    """nodetopology.GetZoneKey: region and zone labels, "" when the node has neither."""
    labels = node["metadata"].get("labels") or {}
    region = labels.get("topology.kubernetes.io/region") or labels.get("failure-domain.beta.kubernetes.io/region", "")
    zone = labels.get("topology.kubernetes.io/zone") or labels.get("failure-domain.beta.kubernetes.io/zone", "")
    return "" if not region and not zone else f"{region}:\x00:{zone}"


def node_ref(node: dict) -> dict:
    return {"apiVersion": "v1", "kind": "Node",
            "metadata": {"name": node["metadata"]["name"], "uid": node["metadata"].get("uid", "")}}


class NodeLifecycleController(Controller):
    name = "node-lifecycle-controller"
    queue_name = "node_lifecycle_controller"
    component = "node-controller"

    def setup(self) -> None:
        book = self.profile == "book"
        self.node_monitor_period = NODE_MONITOR_PERIOD
        self.node_monitor_grace_period = NODE_MONITOR_GRACE_PERIOD["book" if book else "current"]
        self.node_startup_grace_period = NODE_STARTUP_GRACE_PERIOD
        self.condition_types_to_mark_unknown = ["Ready", "MemoryPressure", "DiskPressure"] + \
            ([] if book else ["PIDPressure"])
        self.log_suffix = "." if book else ""
        node_inf, pod_inf = self.informer("v1", "nodes"), self.informer("v1", "pods")
        lease_inf = self.informer("coordination.k8s.io/v1", "leases")
        self.nodes, self.leases, self.pods = node_inf.lister(), lease_inf.lister(), pod_inf.lister()
        pod_inf.indexer.add_indexers({"spec.nodeName": lambda p: [p["spec"]["nodeName"]]
                                      if (p.get("spec") or {}).get("nodeName") else []})
        self.pod_indexer = pod_inf.indexer
        self.known_nodes: dict[str, dict] = {}
        self.node_health: dict = {}
        self.zone_states: dict[str, str] = {}
        self.zone_tainter: dict[str, RateLimitedTimedQueue] = {}
        self.nodes_to_retry: set[str] = set()
        self.logs: list[str] = []
        self._taint_pass_timer = None
        node_inf.add_event_handler(on_add=lambda n: self.queue.add(n["metadata"]["name"]),
                                   on_update=lambda o, n: self.queue.add(n["metadata"]["name"]),
                                   on_delete=lambda o: self.nodes_to_retry.discard(self.unwrap(o)["metadata"]["name"]))
        pod_inf.add_event_handler(on_add=lambda p: self.pod_updated(None, p), on_update=self.pod_updated)
        self.queue.add(MONITOR_KEY)

    def log(self, message: str) -> None:
        self.logs.append(message)
        del self.logs[:-200]

    def pods_on_node(self, node_name: str) -> list[dict]:
        return self.pod_indexer.by_index("spec.nodeName", node_name)

    # ---- handlers ------------------------------------------------------------------------------

    def pod_updated(self, old, new) -> None:
        node_name = (new.get("spec") or {}).get("nodeName")
        if node_name and (old is None or (old.get("spec") or {}).get("nodeName") != node_name):
            self.queue.add("pod:" + self.key_of(new))

    # ---- sync ----------------------------------------------------------------------------------

    def sync(self, key: str) -> None:
        if key == MONITOR_KEY:
            try:
                self.monitor_node_health()
            finally:
                self.clock.call_later(self.node_monitor_period, lambda: self.queue.add(MONITOR_KEY))
        elif key == TAINT_PASS_KEY:
            self._taint_pass_timer = None
            self.do_no_execute_tainting_pass()
        elif key.startswith("pod:"):
            self.process_pod(key[4:])
        else:
            self.do_no_schedule_tainting_pass(key)

    def do_no_schedule_tainting_pass(self, node_name: str) -> None:
        node = self.nodes.get(None, node_name)
        if node is None:
            return
        want = []
        for cond in (node.get("status") or {}).get("conditions") or []:
            key = CONDITION_TO_TAINT.get(cond.get("type"), {}).get(cond.get("status"))
            if key:
                want.append({"key": key, "effect": "NoSchedule"})
        if (node.get("spec") or {}).get("unschedulable"):
            want.append({"key": TAINT_UNSCHEDULABLE, "effect": "NoSchedule"})
        have = [t for t in (node.get("spec") or {}).get("taints") or []
                if t.get("effect") == "NoSchedule" and t.get("key") in TAINT_KEYS]
        add, remove = taint_set_diff(want, have)
        if (add or remove) and not swap_node_controller_taint(self.client, self.now(), add, remove, node):
            self.errors.append((node_name, RuntimeError(f"failed to swap taints of node {node_name}")))

    def _zone_queue(self, zone: str) -> RateLimitedTimedQueue:
        if zone not in self.zone_states:
            self.zone_states[zone] = INITIAL
            self.zone_tainter[zone] = RateLimitedTimedQueue(self.clock, EVICTION_LIMITER_QPS)
        return self.zone_tainter[zone]

    def monitor_node_health(self) -> None:
        nodes = self.nodes.list()
        names = {n["metadata"]["name"] for n in nodes}
        for node in nodes:
            name = node["metadata"]["name"]
            if name not in self.known_nodes:
                self.recorder.normal(node_ref(node), "RegisteredNode",
                                     f"Node {name} event: Registered Node {name} in Controller")
                self.known_nodes[name] = node
                self._zone_queue(zone_key(node))
                self.mark_node_as_reachable(node)
            else:
                self._zone_queue(zone_key(node))
        for name in sorted(set(self.known_nodes) - names):
            gone = self.known_nodes.pop(name)
            self.recorder.normal(node_ref(gone), "RemovingNode",
                                 f"Node {name} event: Removing Node {name} from Controller")
        zone_conditions: dict[str, list] = {}
        for shared in nodes:
            try:
                _, observed, current, node = try_update_node_health(self, shared)
            except APIError:
                continue                  # "Update health of Node from Controller error"
            if EXCLUDE_DISRUPTION_LABEL not in (node["metadata"].get("labels") or {}):
                zone_conditions.setdefault(zone_key(node), []).append(current)
            if current is None:
                continue
            name = node["metadata"]["name"]
            self.process_taint_based_eviction(node, observed)
            if current.get("status") != "True" and observed.get("status") == "True":
                self.recorder.normal(node_ref(node), "NodeNotReady", f"Node {name} status is now: NodeNotReady")
                self.mark_pods_not_ready(self.pods_on_node(name), name)
            elif name in self.nodes_to_retry and observed.get("status") != "True":
                self.mark_pods_not_ready(self.pods_on_node(name), name)
            self.nodes_to_retry.discard(name)
        self.handle_disruption(zone_conditions, nodes)
        self.do_no_execute_tainting_pass()

    def process_taint_based_eviction(self, node: dict, observed: dict) -> None:
        taints = (node.get("spec") or {}).get("taints")
        status = observed.get("status")
        if status == "False":
            if taint_exists(taints, UNREACHABLE_TAINT):
                swap_node_controller_taint(self.client, self.now(), [dict(NOT_READY_TAINT)], [UNREACHABLE_TAINT], node)
            else:
                self.mark_node_for_tainting(node, "False")
        elif status == "Unknown":
            if taint_exists(taints, NOT_READY_TAINT):
                swap_node_controller_taint(self.client, self.now(), [dict(UNREACHABLE_TAINT)], [NOT_READY_TAINT], node)
            else:
                self.mark_node_for_tainting(node, "Unknown")
        elif status == "True":
            self.mark_node_as_reachable(node)

    def mark_node_for_tainting(self, node: dict, status: str) -> bool:
        q = self._zone_queue(zone_key(node))
        taints = (node.get("spec") or {}).get("taints")
        if (status == "False" and not taint_exists(taints, NOT_READY_TAINT)) or \
                (status == "Unknown" and not taint_exists(taints, UNREACHABLE_TAINT)):
            q.remove(node["metadata"]["name"])
        return q.add(node["metadata"]["name"], node["metadata"].get("uid", ""))

    def mark_node_as_reachable(self, node: dict) -> bool:
        try:
            remove_taints_off_node(self.client, node["metadata"]["name"], node, [UNREACHABLE_TAINT])
            remove_taints_off_node(self.client, node["metadata"]["name"], node, [NOT_READY_TAINT])
        except APIError:
            return False
        return self._zone_queue(zone_key(node)).remove(node["metadata"]["name"])

    def do_no_execute_tainting_pass(self) -> None:
        def taint(value):
            node = self.nodes.get(None, value.value)
            if node is None:
                return True, 0
            cond = get_condition(node.get("status"), "Ready")
            if cond is None:
                return False, 0.05
            if cond.get("status") == "False":
                add, opposite = NOT_READY_TAINT, UNREACHABLE_TAINT
            elif cond.get("status") == "Unknown":
                add, opposite = UNREACHABLE_TAINT, NOT_READY_TAINT
            else:
                return True, 0                    # ready again: no taint needed
            return swap_node_controller_taint(self.client, self.now(), [dict(add)], [opposite], node), 0

        next_in = None
        for zone in sorted(self.zone_tainter):
            q = self.zone_tainter[zone]
            q.try_(taint)
            wait = q.next_attempt_in()
            if wait is not None:
                next_in = wait if next_in is None else min(next_in, wait)
        if next_in is not None and self._taint_pass_timer is None:
            self._taint_pass_timer = self.clock.call_later(max(next_in, NODE_EVICTION_PERIOD),
                                                           lambda: self.queue.add(TAINT_PASS_KEY))

    def mark_pods_not_ready(self, pods: list[dict], node_name: str) -> None:
        """MarkPodsNotReady: the pods' Ready condition becomes False (UpdateStatus, then an event)."""
        failed = False
        for shared in pods:
            if (shared.get("spec") or {}).get("nodeName") != node_name:
                continue
            pod = deep_copy(shared)
            cond = get_condition(pod.get("status"), "Ready")
            if cond is None or cond.get("status") == "False":
                continue
            cond["status"] = "False"
            cond["lastTransitionTime"] = rfc3339(self.now())
            try:
                update_status(self.client, {**pod, "apiVersion": "v1", "kind": "Pod"})
            except APIError as err:
                if err.code == 404:
                    continue
                failed = True
            self.recorder.warning({**pod, "apiVersion": "v1", "kind": "Pod"}, "NodeNotReady", "Node is not ready")
        if failed:
            self.nodes_to_retry.add(node_name)

    def process_pod(self, key: str) -> None:
        ns, name = self.split_key(key)
        pod = self.pods.get(ns, name)
        if pod is None:
            return
        node_name = pod["spec"]["nodeName"]
        health = self.node_health.get(node_name)
        if health is None or self.nodes.get(None, node_name) is None:
            return
        cond = get_condition(health.status, "Ready")
        if cond is not None and cond.get("status") != "True":
            self.mark_pods_not_ready([pod], node_name)

    # ---- disruption --------------------------------------------------------------------------

    def compute_zone_state(self, conditions: list) -> tuple[int, str]:
        ready = sum(1 for c in conditions if c is not None and c.get("status") == "True")
        not_ready = len(conditions) - ready
        if ready == 0 and not_ready > 0:
            return not_ready, FULL_DISRUPTION
        if not_ready > 2 and not_ready / (not_ready + ready) >= UNHEALTHY_ZONE_THRESHOLD:
            return not_ready, PARTIAL_DISRUPTION
        return not_ready, NORMAL

    def set_limiter_in_zone(self, zone: str, size: int, state: str) -> None:
        q = self.zone_tainter[zone]
        if state == NORMAL:
            q.swap_limiter(EVICTION_LIMITER_QPS)
        elif state == PARTIAL_DISRUPTION:
            q.swap_limiter(SECONDARY_EVICTION_LIMITER_QPS if size > LARGE_CLUSTER_THRESHOLD else 0)
        elif state == FULL_DISRUPTION:
            q.swap_limiter(EVICTION_LIMITER_QPS)

    def handle_disruption(self, zone_conditions: dict, nodes: list[dict]) -> None:
        new_states = {}
        all_are_full = True
        for zone, conds in zone_conditions.items():
            _, state = self.compute_zone_state(conds)
            if state != FULL_DISRUPTION:
                all_are_full = False
            new_states[zone] = state
            self.zone_states.setdefault(zone, INITIAL)
        all_were_full = True
        for zone in list(self.zone_states):
            if zone not in zone_conditions:
                del self.zone_states[zone]
                continue
            if self.zone_states[zone] != FULL_DISRUPTION:
                all_were_full = False
                break
        if all_are_full and all_were_full:
            return
        if all_are_full:
            self.log("Controller detected that all Nodes are not-Ready. Entering master disruption mode"
                     + self.log_suffix)
            for node in nodes:
                self.mark_node_as_reachable(node)
            for zone in self.zone_states:
                self.zone_tainter[zone].swap_limiter(0)
                self.zone_states[zone] = FULL_DISRUPTION
            return
        if all_were_full:
            self.log("Controller detected that some Nodes are Ready. Exiting master disruption mode"
                     + self.log_suffix)
            now = self.now()
            for node in nodes:
                h = self.node_health.get(node["metadata"]["name"])
                if h is not None:
                    h.probe_timestamp = h.ready_transition_timestamp = now
            for zone in self.zone_states:
                self.set_limiter_in_zone(zone, len(zone_conditions.get(zone, [])), new_states[zone])
                self.zone_states[zone] = new_states[zone]
            return
        for zone, state in list(self.zone_states.items()):
            if new_states.get(zone, state) == state:
                continue
            self.log(f"Controller detected that zone is now in new state zone={zone!r} newState={new_states[zone]}")
            self.set_limiter_in_zone(zone, len(zone_conditions[zone]), new_states[zone])
            self.zone_states[zone] = new_states[zone]
