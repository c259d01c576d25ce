"""The garbage collector: objects whose owners are all gone are deleted; owners deleted in the
foreground wait for their blocking dependents; owners deleted with `orphan` let them go.

Follows `pkg/controller/garbagecollector/garbagecollector.go` (attemptToDeleteItem,
processDeletingDependentsItem, classifyReferences, isDangling, orphanDependents,
attemptToOrphanWorker, removeFinalizer) and `graph_builder.go` (monitors: an informer for
every resource the server serves that supports delete, list and watch, except events; new
resources such as custom ones are picked up when the server starts serving them):
- a graph change (graph.py) may queue a node to *attempt to delete*: read the object from the
  API server; its owners are classified as solid (exists), dangling (gone, or another UID) or
  waiting (being deleted in the foreground). Some solid owner -> keep the object, but patch
  the dangling and waiting references away; only waiting owners -> delete it in the foreground
  too; no owner left -> delete it (Background, or the propagation its own finalizers ask for),
  always with a UID precondition;
- an owner deleting its dependents loses its foregroundDeletion finalizer once no dependent
  with blockOwnerDeletion is left;
- an owner with the orphan finalizer: each dependent's reference to it is patched away, then the
  finalizer is removed.

Differences from upstream: graph changes are processed before the work queues in each round
(one worker each, upstream has several); the monitors follow k8slab's resource table.
"""

from __future__ import annotations

from k8slab.api.copying import deep_copy

import collections

from ...apiserver.errors import APIError
from ..base import Controller, ControllerError
from .graph import FOREGROUND, ORPHAN, GraphBuilder, GraphEvent, Identity, has_finalizer, owner_identity

IGNORED_RESOURCES = {("", "events"), ("events.k8s.io", "events")}
STRATEGIC = "application/strategic-merge-patch+json"
MAX_CONFLICT_RETRIES = 5


class _VirtualDelete(Exception):
    """enqueuedVirtualDeleteEventErr: the item does not exist; the graph will drop it."""


class GarbageCollector(Controller):
    name = "garbage-collector-controller"
    queue_name = "garbage_collector_attempt_to_delete"
    component = "garbage-collector-controller"

    def setup(self) -> None:
        self.graph_changes: collections.deque = collections.deque()
        self.graph = GraphBuilder(self._queue_delete, self._queue_orphan)
        self.monitors: dict[tuple[str, str], object] = {}
        self._table_signature = None
        self.sync_monitors()

    # ---- monitors ------------------------------------------------------------------------------

    def deletable_resources(self) -> list:
        out = []
        for res in self.cluster.api.table:
            if res.canonical or not res.stored or (res.group, res.plural) in IGNORED_RESOURCES:
                continue
            if all(v in res.verbs for v in ("delete", "list", "watch")):
                out.append(res)
        return out

    def sync_monitors(self) -> bool:
        generation = getattr(self.cluster.api.table, "generation", None)
        if generation is not None and generation == getattr(self, "_table_generation", None):
            return False                      # no resource came or went since the last look
        self._table_generation = generation
        resources = self.deletable_resources()
        signature = tuple((r.group, r.version, r.plural) for r in resources)
        if signature == self._table_signature:
            return False
        self._table_signature = signature
        added = False
        for res in resources:
            key = (res.api_version, res.plural)
            if key in self.monitors:
                continue
            inf = self.informers.informer(res.api_version, res.plural)
            av, kind = res.api_version, res.kind
            inf.add_event_handler(
                on_add=lambda o, av=av, kind=kind: self._change("add", o, None, av, kind),
                on_update=lambda old, new, av=av, kind=kind: self._change("update", new, old, av, kind),
                on_delete=lambda o, av=av, kind=kind: self._change("delete", self.unwrap(o), None, av, kind))
            self.monitors[key] = inf
            added = True
        if added:
            self.informers.start()
        return added

    def _change(self, type_: str, obj: dict, old: dict | None, api_version: str, kind: str) -> None:
        """The monitors' handlers: record the change (with the object's kind) for the graph."""
        if not obj["metadata"].get("uid"):
            return
        if obj.get("kind") != kind or obj.get("apiVersion") != api_version:
            obj = {**obj, "apiVersion": api_version, "kind": kind}
        self.graph_changes.append(GraphEvent(type_, obj, old))

    def _queue_delete(self, node) -> None:
        self.queue.add("delete:" + node.identity.uid)

    def _queue_orphan(self, node) -> None:
        self.queue.add("orphan:" + node.identity.uid)

    def enqueue_virtual_delete_event(self, ident: Identity) -> None:
        obj = {"apiVersion": ident.api_version, "kind": ident.kind,
               "metadata": {"name": ident.name, "uid": ident.uid, **({"namespace": ident.namespace}
                                                                      if ident.namespace else {})}}
        self.graph_changes.append(GraphEvent("delete", obj, None, virtual=True))

    # ---- the loop ------------------------------------------------------------------------------

    def process(self) -> int:
        n = 1 if self.sync_monitors() else 0
        while self.graph_changes:
            self.graph.process_graph_change(self.graph_changes.popleft())
            n += 1
        return n + super().process()

    def sync(self, key: str) -> None:
        what, _, uid = key.partition(":")
        node = self.graph.uid_to_node.get(uid)
        if node is None:
            return
        if what == "orphan":
            self.attempt_to_orphan(node)
            return
        try:
            self.attempt_to_delete_item(node)
        except _VirtualDelete:
            return
        if not node.observed:
            self.queue.add_rate_limited(key)             # not seen by an informer yet: look again

    # ---- talking to the API server ----------------------------------------------------------

    def _resource(self, ident: Identity):
        res = self.cluster.api.table.for_kind(ident.api_version, ident.kind)
        if res is None:
            # a RESTMapper failure is not "the owner is gone": retry later, delete nothing
            raise ControllerError(f'unable to get REST mapping for {ident.api_version}/{ident.kind}.')
        return res

    def get_object(self, ident: Identity) -> dict:
        res = self._resource(ident)
        return self.client.get(ident.api_version, ident.kind, ident.name,
                               ident.namespace if res.namespaced else None)

    def delete_object(self, ident: Identity, policy: str) -> None:
        res = self._resource(ident)
        try:
            self.client.delete(ident.api_version, ident.kind, ident.name,
                               ident.namespace if res.namespaced else None,
                               preconditions={"uid": ident.uid}, propagationPolicy=policy)
        except APIError as err:
            if err.code not in (404, 409):
                raise

    def patch_object(self, ident: Identity, patch: dict) -> None:
        res = self._resource(ident)
        self.client.patch(ident.api_version, ident.kind, ident.name, patch,
                          ident.namespace if res.namespaced else None, patch_type=STRATEGIC)

    def remove_finalizer(self, ident: Identity, finalizer: str) -> None:
        res = self._resource(ident)
        ns = ident.namespace if res.namespaced else None
        for _ in range(MAX_CONFLICT_RETRIES):
            try:
                obj = self.client.get(ident.api_version, ident.kind, ident.name, ns)
            except APIError as err:
                if err.code == 404:
                    return
                raise
            if obj["metadata"].get("uid") != ident.uid:
                return
            finalizers = obj["metadata"].get("finalizers") or []
            if finalizer not in finalizers:
                return
            obj = deep_copy(obj)
            obj["metadata"]["finalizers"] = [f for f in finalizers if f != finalizer]
            obj.setdefault("apiVersion", ident.api_version)
            obj.setdefault("kind", ident.kind)
            try:
                self.client.update(obj)
                return
            except APIError as err:
                if err.code == 404:
                    return
                if err.code != 409:
                    raise
        raise APIError(409, "Conflict", f"failed to remove finalizer {finalizer} from {ident}")

    # ---- attempt to delete -------------------------------------------------------------------

    def attempt_to_delete_item(self, item) -> None:
        if item.being_deleted and not item.deleting_dependents:
            return
        try:
            latest = self.get_object(item.identity)
        except APIError as err:
            if err.code != 404:
                raise
            self.enqueue_virtual_delete_event(item.identity)
            raise _VirtualDelete() from None
        if latest["metadata"].get("uid") != item.identity.uid:
            self.enqueue_virtual_delete_event(item.identity)
            raise _VirtualDelete()
        if item.deleting_dependents:
            self.process_deleting_dependents_item(item)
            return
        refs = latest["metadata"].get("ownerReferences") or []
        if not refs:
            return
        solid, dangling, waiting = self.classify_references(item, refs)
        uid = item.identity.uid
        if solid:
            if not dangling and not waiting:
                return
            gone = [r["uid"] for r in dangling + waiting]
            self.patch_object(item.identity, {"metadata": {
                "ownerReferences": [{"$patch": "delete", "uid": u} for u in gone], "uid": uid}})
        elif waiting and item.dependents:
            if any(dep.deleting_dependents for dep in item.dependents):
                unblock = [{"uid": r["uid"], "blockOwnerDeletion": False} for r in refs
                           if r.get("blockOwnerDeletion")]
                if unblock:
                    self.patch_object(item.identity, {"metadata": {"ownerReferences": unblock, "uid": uid}})
            self.delete_object(item.identity, "Foreground")
        else:
            if has_finalizer(latest, ORPHAN):
                policy = "Orphan"
            elif has_finalizer(latest, FOREGROUND):
                policy = "Foreground"
            else:
                policy = "Background"
            self.delete_object(item.identity, policy)

    def classify_references(self, item, refs: list[dict]):
        solid, dangling, waiting = [], [], []
        for ref in refs:
            owner = self.is_dangling(ref, item)
            if owner is None:
                dangling.append(ref)
            elif owner["metadata"].get("deletionTimestamp") and has_finalizer(owner, FOREGROUND):
                waiting.append(ref)
            else:
                solid.append(ref)
        return solid, dangling, waiting

    def is_dangling(self, ref: dict, item) -> dict | None:
        """The owner, or None when it is absent (not found, or a different UID)."""
        ident = owner_identity(ref, item.identity.namespace)
        if ident in self.graph.absent_owner_cache:
            return None
        res = self._resource(ident)
        try:
            owner = self.client.get(ident.api_version, ident.kind, ident.name,
                                    item.identity.namespace if res.namespaced else None)
        except APIError as err:
            if err.code != 404:
                raise
            self.graph.absent_owner_cache.add(ident)
            return None
        if owner["metadata"].get("uid") != ref.get("uid"):
            self.graph.absent_owner_cache.add(ident)
            return None
        return owner

    def process_deleting_dependents_item(self, item) -> None:
        blocking = item.blocking_dependents()
        if not blocking:
            self.remove_finalizer(item.identity, FOREGROUND)
            return
        for dep in blocking:
            if not dep.deleting_dependents:
                self._queue_delete(dep)

    # ---- orphaning ---------------------------------------------------------------------------

    def attempt_to_orphan(self, owner) -> None:
        for dep in sorted(owner.dependents, key=lambda d: (d.identity.namespace, d.identity.name)):
            try:
                self.patch_object(dep.identity, {"metadata": {
                    "ownerReferences": [{"$patch": "delete", "uid": owner.identity.uid}],
                    "uid": dep.identity.uid}})
            except APIError as err:
                if err.code not in (404, 409, 422):
                    raise
        self.remove_finalizer(owner.identity, ORPHAN)
