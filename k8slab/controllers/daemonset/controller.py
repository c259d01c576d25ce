"""The DaemonSet controller: one daemon pod on every node that should run it.

Follows `pkg/controller/daemon/daemon_controller.go` (handlers for DaemonSets, pods, nodes and
ControllerRevisions; syncDaemonSet, manage, podsShouldBeOnNode, syncNodes,
updateDaemonSetStatus, the failed-pod back-off). Rolling updates and revision history are in
`update.py`, node eligibility and the pod template in `util.py`.

A sync: build the revision history and find the current revision's hash; if our last creates
and deletes have been observed, `manage` compares every node with its daemon pods -- create
where a pod should run and none does, delete where none should run, delete failed pods (with a
back-off, since a kubelet that rejects the pod would otherwise fight us in a hot loop), keep
only the oldest when there are duplicates -- then the rolling update replaces old-revision pods
within maxUnavailable/maxSurge; finally status.

Differences from upstream: creates run in slow-start batches one after the other; node update
filtering compares labels, taints, unschedulable and condition statuses.
"""

from __future__ import annotations

from k8slab.api.copying import deep_copy


from ...api.names import parse_rfc3339
from ...api.selectors import SelectorError, matches_labels, selector_from_label_selector
from ...apiserver.errors import APIError
from ..base import (Controller, ControllerExpectations, ControllerRefManager, PodControl, fresh_getter,
                    get_controller_of, is_pod_available, is_pod_ready, new_controller_ref,
                    recheck_deletion_timestamp, update_status, with_kind)
from ..flowcontrol import Backoff
from ..pod_util import (SLOW_START_INITIAL_BATCH_SIZE, add_pod_controller_uid_indexer, filter_pods_by_owner,
                        is_pod_terminal)
from . import update
from . import util as dsu

BURST_REPLICAS = 250
STATUS_UPDATE_RETRIES = 1
FAILED_DAEMON_POD_REASON = "FailedDaemonPod"
BACKOFF_INITIAL, BACKOFF_MAX = 1.0, 15 * 60.0   # flowcontrol.NewBackOff(1*time.Second, 15*time.Minute)


class DaemonSetsController(Controller):
    name = "daemonset-controller"
    queue_name = "daemonset"
    component = "daemonset-controller"
    seed_offset = 4
    burst_replicas = BURST_REPLICAS

    def setup(self) -> None:
        self.expectations = ControllerExpectations(self.clock)
        self.pod_control = PodControl(self.client, self.recorder)
        self.failed_pods_backoff = Backoff(BACKOFF_INITIAL, BACKOFF_MAX)
        ds_inf = self.informer("apps/v1", "daemonsets")
        ds_inf.add_event_handler(self.enqueue, self.update_daemonset, self.delete_daemonset)
        self.ds_lister = ds_inf.lister()
        hist_inf = self.informer("apps/v1", "controllerrevisions")
        hist_inf.add_event_handler(self.add_history, lambda old, cur: self.add_history(cur), self.add_history)
        self.history_lister = hist_inf.lister()
        pod_inf = self.informer("v1", "pods")
        pod_inf.add_event_handler(self.add_pod, self.update_pod, self.delete_pod)
        add_pod_controller_uid_indexer(pod_inf)
        self.pod_indexer = pod_inf.indexer
        self.pod_lister = pod_inf.lister()
        node_inf = self.informer("v1", "nodes")
        node_inf.add_event_handler(self.add_node, self.update_node)
        self.node_lister = node_inf.lister()

    # ---- handlers ------------------------------------------------------------------------------

    def update_daemonset(self, old: dict, cur: dict) -> None:
        if old["metadata"].get("uid") != cur["metadata"].get("uid"):
            self.delete_daemonset(old)
        self.enqueue(cur)

    def delete_daemonset(self, obj) -> None:
        ds = self.unwrap(obj)
        self.expectations.delete_expectations(self.key_of(ds))
        self.enqueue(ds)

    def resolve_controller_ref(self, namespace: str, ref: dict) -> dict | None:
        if ref.get("kind") != "DaemonSet":
            return None
        ds = self.ds_lister.get(namespace, ref["name"])
        return ds if ds is not None and ds["metadata"].get("uid") == ref.get("uid") else None

    def _matching(self, obj: dict) -> list[dict]:
        labels = obj["metadata"].get("labels") or {}
        out = []
        for ds in self.ds_lister.list(obj["metadata"]["namespace"]):
            try:
                sel = selector_from_label_selector(ds["spec"].get("selector"))
            except SelectorError:
                continue
            if sel and matches_labels(sel, labels):
                out.append(ds)
        return out

    def add_history(self, obj) -> None:
        cr = self.unwrap(obj)
        ref = get_controller_of(cr)
        if ref is not None:
            ds = self.resolve_controller_ref(cr["metadata"]["namespace"], ref)
            if ds is not None:
                self.enqueue(ds)
            return
        for ds in self._matching(cr):
            self.enqueue(ds)

    def add_pod(self, pod: dict) -> None:
        if pod["metadata"].get("deletionTimestamp"):
            self.delete_pod(pod)
            return
        ref = get_controller_of(pod)
        if ref is not None:
            ds = self.resolve_controller_ref(pod["metadata"]["namespace"], ref)
            if ds is not None:
                key = self.key_of(ds)
                self.expectations.creation_observed(key)
                self.queue.add(key)
            return
        for ds in self._matching(pod):
            self.enqueue(ds)

    def update_pod(self, old: dict, cur: dict) -> None:
        if cur["metadata"].get("resourceVersion") == old["metadata"].get("resourceVersion"):
            return
        self.requeue_for_pod_update(old, cur, self._matching)

    def delete_pod(self, obj) -> None:
        pod = self.unwrap(obj)
        ref = get_controller_of(pod)
        if ref is None:
            return
        ds = self.resolve_controller_ref(pod["metadata"]["namespace"], ref)
        if ds is None:
            return
        key = self.key_of(ds)
        self.expectations.deletion_observed(key)
        self.queue.add(key)

    def add_node(self, node: dict) -> None:
        for ds in self.ds_lister.list():
            if dsu.node_should_run_daemon_pod(node, ds)[0]:
                self.enqueue(ds)

    def update_node(self, old: dict, cur: dict) -> None:
        if _node_view(old) == _node_view(cur):
            return                                    # heartbeats only
        for ds in self.ds_lister.list():
            if dsu.node_should_run_daemon_pod(old, ds) != dsu.node_should_run_daemon_pod(cur, ds):
                self.enqueue(ds)

    # ---- the sync ----------------------------------------------------------------------------

    def sync(self, key: str) -> None:
        """syncDaemonSet."""
        namespace, name = self.split_key(key)
        found = self.ds_lister.get(namespace, name)
        if found is None:
            self.expectations.delete_expectations(key)
            return
        ds = with_kind(found, "apps/v1", "DaemonSet")
        nodes = self.node_lister.list()
        if ds["spec"].get("selector") == {}:
            self.recorder.warning(ds, "SelectingAll",
                                  "This daemon set is selecting all pods. A non-empty selector is required.")
            return
        if ds["metadata"].get("deletionTimestamp"):
            return
        cur, old = update.construct_history(self, ds)
        hash_ = (cur["metadata"].get("labels") or {}).get(dsu.DEFAULT_DAEMONSET_UNIQUE_LABEL_KEY, "")
        if not self.expectations.satisfied_expectations(key):
            # our writes are not all seen yet: status only, observedGeneration unchanged
            return self.update_daemon_set_status(ds, nodes, hash_, False)
        err = None
        try:
            self.manage(ds, nodes, hash_)
            if self.expectations.satisfied_expectations(key):
                strategy = (ds["spec"].get("updateStrategy") or {}).get("type", "RollingUpdate")
                if strategy == "RollingUpdate":
                    update.rolling_update(self, ds, nodes, hash_)
            update.cleanup_history(self, ds, old)
        except APIError as e:
            err = e
        self.update_daemon_set_status(ds, nodes, hash_, True)
        if err is not None:
            raise err

    def get_daemon_pods(self, ds: dict) -> list[dict]:
        """The pods this DaemonSet owns, after adopting matching orphans."""
        selector = selector_from_label_selector(ds["spec"].get("selector"))
        can_adopt = recheck_deletion_timestamp(fresh_getter(self.client, ds, "apps/v1", "DaemonSet"))
        cm = ControllerRefManager(self.client, ds, selector, "apps/v1", "DaemonSet", can_adopt)
        return cm.claim_pods(filter_pods_by_owner(self.pod_indexer, ds))

    def get_nodes_to_daemon_pods(self, ds: dict, include_deleted_terminal: bool = False) -> dict[str, list[dict]]:
        out: dict[str, list[dict]] = {}
        for pod in self.get_daemon_pods(ds):
            if not include_deleted_terminal and is_pod_terminal(pod) and pod["metadata"].get("deletionTimestamp"):
                continue
            node = dsu.get_target_node_name(pod)
            if node is not None:
                out.setdefault(node, []).append(pod)
        return out

    def manage(self, ds: dict, nodes: list[dict], hash_: str) -> None:
        node_to_pods = self.get_nodes_to_daemon_pods(ds)
        needing, to_delete = [], []
        for node in nodes:
            n, d = self.pods_should_be_on_node(node, node_to_pods, ds, hash_)
            needing += n
            to_delete += d
        # unscheduled pods pinned to nodes that no longer exist: nobody else will remove them
        names = {n["metadata"]["name"] for n in nodes}
        for node_name in sorted(node_to_pods):
            if node_name not in names:
                to_delete += [p["metadata"]["name"] for p in node_to_pods[node_name] if not p["spec"].get("nodeName")]
        self.sync_nodes(ds, to_delete, needing, hash_)

    def pods_should_be_on_node(self, node: dict, node_to_pods: dict, ds: dict, hash_: str):
        """(nodes needing a daemon pod, names of pods to delete) for one node."""
        should_run, should_continue = dsu.node_should_run_daemon_pod(node, ds)
        node_name = node["metadata"]["name"]
        pods = node_to_pods.get(node_name)
        needing, to_delete = [], []
        if should_run and pods is None:
            needing.append(node_name)
        elif should_continue:
            running = []
            for pod in pods or []:
                if pod["metadata"].get("deletionTimestamp"):
                    continue
                phase = (pod.get("status") or {}).get("phase")
                if phase == "Failed":
                    backoff_key = f"{ds['metadata']['uid']}/{node_name}"
                    now = self.clock.now()
                    if self.failed_pods_backoff.is_in_back_off_since_update(backoff_key, now):
                        self.enqueue_after(ds, self.failed_pods_backoff.get(backoff_key))
                        continue
                    self.failed_pods_backoff.next(backoff_key, now)
                    msg = (f"Found failed daemon pod {pod['metadata']['namespace']}/{pod['metadata']['name']} "
                           f"on node {node_name}, will try to kill it")
                    self.recorder.warning(ds, FAILED_DAEMON_POD_REASON, msg)
                    to_delete.append(pod["metadata"]["name"])
                elif phase == "Succeeded":
                    to_delete.append(pod["metadata"]["name"])
                else:
                    running.append(pod)
            running = sorted(running, key=_by_creation_and_phase)
            if not dsu.allows_surge(ds):
                # more than one running: keep the oldest
                to_delete += [p["metadata"]["name"] for p in running[1:]]
            elif len(running) <= 1:
                if not running and should_run:
                    needing.append(node_name)
            else:
                to_delete += update.surge_pods_to_delete(self, ds, running, hash_)
        elif pods:
            to_delete += [p["metadata"]["name"] for p in pods if not p["metadata"].get("deletionTimestamp")]
        return needing, to_delete

    def sync_nodes(self, ds: dict, to_delete: list[str], needing: list[str], hash_: str) -> None:
        key = self.key_of(ds)
        create_diff = min(len(needing), self.burst_replicas)
        delete_diff = min(len(to_delete), self.burst_replicas)
        self.expectations.set_expectations(key, create_diff, delete_diff)
        template = dsu.create_pod_template(ds["spec"]["template"], dsu.get_template_generation(ds), hash_)
        ref = new_controller_ref(ds, "apps/v1", "DaemonSet")
        ns = ds["metadata"]["namespace"]
        first_err = None
        batch, pos = min(create_diff, SLOW_START_INITIAL_BATCH_SIZE), 0
        while create_diff > pos:
            errors = 0
            for ix in range(pos, pos + batch):
                pod_template = deep_copy(template)
                # pinned to its node through affinity; the scheduler binds it there
                pod_template["spec"]["affinity"] = dsu.replace_daemon_set_pod_node_name_node_affinity(
                    pod_template["spec"].get("affinity"), needing[ix])
                try:
                    self.pod_control.create_pods(ns, pod_template, ds, ref)
                except APIError as err:
                    self.expectations.creation_observed(key)
                    errors += 1
                    first_err = first_err or err
            skipped = create_diff - (pos + batch)
            if errors and skipped > 0:
                # a batch failed: do not try the rest now, and stop expecting them
                self.expectations.lower_expectations(key, skipped, 0)
                break
            pos += batch
            batch = min(2 * batch, create_diff - pos)
        for name in to_delete[:delete_diff]:
            try:
                self.pod_control.delete_pod(ns, name, ds)
            except APIError as err:
                self.expectations.deletion_observed(key)
                if err.code != 404:
                    first_err = first_err or err
        if first_err is not None:
            raise first_err

    # ---- status ------------------------------------------------------------------------------

    def update_daemon_set_status(self, ds: dict, nodes: list[dict], hash_: str, update_observed_gen: bool) -> None:
        node_to_pods = self.get_nodes_to_daemon_pods(ds)
        desired = current = misscheduled = ready = updated = available = 0
        now = self.now()
        generation = dsu.get_template_generation(ds)
        mrs = ds["spec"].get("minReadySeconds") or 0
        for node in nodes:
            should_run, _ = dsu.node_should_run_daemon_pod(node, ds)
            pods = node_to_pods.get(node["metadata"]["name"]) or []
            if should_run:
                desired += 1
                if not pods:
                    continue
                current += 1
                pod = sorted(pods, key=_by_creation_and_phase)[0]     # the oldest counts
                if is_pod_ready(pod):
                    ready += 1
                    if is_pod_available(pod, mrs, now):
                        available += 1
                if dsu.is_pod_updated(pod, hash_, generation):
                    updated += 1
            elif pods:
                misscheduled += 1
        self.store_daemon_set_status(ds, desired, current, misscheduled, ready, updated, available,
                                     desired - available, update_observed_gen)
        if mrs > 0 and ready != available:
            self.enqueue_after(ds, mrs)

    def store_daemon_set_status(self, ds, desired, current, misscheduled, ready, updated, available,
                                unavailable, update_observed_gen) -> None:
        old = ds.get("status") or {}
        new = {"currentNumberScheduled": current, "numberMisscheduled": misscheduled,
               "desiredNumberScheduled": desired, "numberReady": ready,
               "updatedNumberScheduled": updated, "numberAvailable": available, "numberUnavailable": unavailable}
        if all(old.get(k, 0) == v for k, v in new.items()) and \
                old.get("observedGeneration", 0) >= ds["metadata"].get("generation", 0):
            return
        to_update = deep_copy(ds)
        for attempt in range(STATUS_UPDATE_RETRIES + 1):
            status = dict(to_update.get("status") or {})
            if update_observed_gen:
                status["observedGeneration"] = ds["metadata"].get("generation", 0)
            status.update(new)
            to_update["status"] = _ordered_status(status)
            try:
                update_status(self.client, to_update)
                return
            except APIError:
                if attempt >= STATUS_UPDATE_RETRIES:
                    raise
            to_update = with_kind(self.client.get("apps/v1", "DaemonSet", ds["metadata"]["name"],
                                                   ds["metadata"]["namespace"]), "apps/v1", "DaemonSet")


_STATUS_ORDER = ("currentNumberScheduled", "numberMisscheduled", "desiredNumberScheduled", "numberReady",
                 "observedGeneration", "updatedNumberScheduled", "numberAvailable", "numberUnavailable",
                 "collisionCount", "conditions")
_OMIT_EMPTY = {"observedGeneration", "updatedNumberScheduled", "numberAvailable", "numberUnavailable",
               "conditions"}


def _ordered_status(status: dict) -> dict:
    return {k: status[k] for k in _STATUS_ORDER if k in status and not (k in _OMIT_EMPTY and not status[k])}


def _by_creation_and_phase(pod: dict):
    """podByCreationTimestampAndPhase: scheduled pods first, then the oldest, then by name."""
    created = pod["metadata"].get("creationTimestamp")
    return (0 if pod["spec"].get("nodeName") else 1, parse_rfc3339(created) if created else 0,
            pod["metadata"]["name"])


def _node_view(node: dict):
    spec = node.get("spec") or {}
    conds = [(c.get("type"), c.get("status")) for c in (node.get("status") or {}).get("conditions") or []]
    return (node["metadata"].get("labels"), spec.get("taints"), spec.get("unschedulable"), conds)
