"""The garbage collector's picture of the cluster: every object as a node, linked to its owners.

Follows `pkg/controller/garbagecollector/graph.go` (node, objectReference) and
`graph_builder.go` (processGraphChanges, insertNode, addDependentToOwners,
removeDependentFromOwners, addUnblockedOwnersToDeleteQueue, processTransitions,
startsWaitingForDependentsOrphaned/Deleted, partitionDependents, virtual delete events):
- nodes are keyed by UID; an owner named by a dependent but not yet seen becomes a *virtual*
  node, which the collector checks against the API server (it may not exist at all);
- an object deleted with the foregroundDeletion finalizer starts "deleting dependents": its
  dependents are queued for deletion and it waits for those that block it;
- an object deleted with the orphan finalizer is queued for orphaning;
- when an object disappears, its dependents are queued (their owner may now be gone) and so are
  owners waiting for their dependents.

Differences from upstream: no checks of namespace/cluster-scope mismatches between owner and
dependent references.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FOREGROUND = "foregroundDeletion"
ORPHAN = "orphan"


@dataclass(frozen=True)
class Identity:
    """objectReference: an owner reference's coordinates plus the namespace."""
    api_version: str
    kind: str
    name: str
    uid: str
    namespace: str = ""

    def __str__(self):
        ns = f", namespace: {self.namespace}" if self.namespace else ""
        return f"[{self.api_version}/{self.kind}{ns}, name: {self.name}, uid: {self.uid}]"


def identity_of(obj: dict) -> Identity:
    m = obj["metadata"]
    return Identity(obj.get("apiVersion", ""), obj.get("kind", ""), m["name"], m.get("uid", ""),
                    m.get("namespace") or "")


def owner_identity(ref: dict, namespace: str) -> Identity:
    return Identity(ref.get("apiVersion", ""), ref.get("kind", ""), ref.get("name", ""), ref.get("uid", ""),
                    namespace)


@dataclass(eq=False)
class Node:
    identity: Identity
    owners: list = field(default_factory=list)          # the object's ownerReferences
    dependents: set = field(default_factory=set)        # Nodes
    being_deleted: bool = False
    deleting_dependents: bool = False
    virtual: bool = False
    observed: bool = False

    def blocking_dependents(self) -> list["Node"]:
        out = []
        for dep in self.dependents:
            for ref in dep.owners:
                if ref.get("uid") == self.identity.uid and ref.get("blockOwnerDeletion"):
                    out.append(dep)
                    break
        return sorted(out, key=lambda n: (n.identity.namespace, n.identity.name))

    def __repr__(self):
        flags = "".join(c for c, on in (("v", self.virtual), ("d", self.being_deleted),
                                        ("f", self.deleting_dependents)) if on)
        return f"Node({self.identity.kind} {self.identity.namespace}/{self.identity.name}{' ' + flags if flags else ''})"


def being_deleted(obj: dict) -> bool:
    return bool(obj["metadata"].get("deletionTimestamp"))


def has_finalizer(obj: dict, name: str) -> bool:
    return name in (obj["metadata"].get("finalizers") or [])


def _deletion_starts_with_finalizer(old: dict | None, new: dict, finalizer: str) -> bool:
    if not being_deleted(new) or not has_finalizer(new, finalizer):
        return False
    if old is None:
        return True
    return not being_deleted(old) or not has_finalizer(old, finalizer)


@dataclass
class GraphEvent:
    type: str                     # "add", "update", "delete"
    obj: dict
    old: dict | None = None
    virtual: bool = False


class GraphBuilder:
    """uidToNode plus the rules that turn informer events into graph changes and work items."""

    def __init__(self, attempt_to_delete, attempt_to_orphan):
        self.uid_to_node: dict[str, Node] = {}
        self.absent_owner_cache: set = set()
        self.attempt_to_delete = attempt_to_delete       # callables taking a Node
        self.attempt_to_orphan = attempt_to_orphan

    def add_dependent_to_owners(self, n: Node, owners: list[dict]) -> None:
        for ref in owners:
            owner = self.uid_to_node.get(ref.get("uid"))
            if owner is None:
                owner = Node(owner_identity(ref, n.identity.namespace), virtual=True)
                self.uid_to_node[owner.identity.uid] = owner
                owner.dependents.add(n)
                self.attempt_to_delete(owner)
            else:
                owner.dependents.add(n)

    def insert_node(self, n: Node) -> None:
        self.uid_to_node[n.identity.uid] = n
        self.add_dependent_to_owners(n, n.owners)

    def remove_dependent_from_owners(self, n: Node, owners: list[dict]) -> None:
        for ref in owners:
            owner = self.uid_to_node.get(ref.get("uid"))
            if owner is not None:
                owner.dependents.discard(n)

    def remove_node(self, n: Node) -> None:
        self.uid_to_node.pop(n.identity.uid, None)
        self.remove_dependent_from_owners(n, n.owners)

    def add_unblocked_owners_to_delete_queue(self, removed: list[dict], changed: list[tuple]) -> None:
        for ref in removed:
            if ref.get("blockOwnerDeletion"):
                owner = self.uid_to_node.get(ref.get("uid"))
                if owner is not None and owner.deleting_dependents:
                    self.attempt_to_delete(owner)
        for old, new in changed:
            if old.get("blockOwnerDeletion") and not new.get("blockOwnerDeletion"):
                owner = self.uid_to_node.get(new.get("uid"))
                if owner is not None and owner.deleting_dependents:
                    self.attempt_to_delete(owner)

    def process_transitions(self, old: dict | None, new: dict, n: Node) -> None:
        if _deletion_starts_with_finalizer(old, new, ORPHAN):
            self.attempt_to_orphan(n)
            return
        if _deletion_starts_with_finalizer(old, new, FOREGROUND):
            n.deleting_dependents = True
            for dep in sorted(n.dependents, key=lambda d: (d.identity.namespace, d.identity.name)):
                self.attempt_to_delete(dep)
            self.attempt_to_delete(n)

    @staticmethod
    def _partition(dependents, identity: Identity):
        """partitionDependents: those whose reference to the owner matches `identity`, and not."""
        match, nonmatch = [], []
        for dep in dependents:
            found = False
            for ref in dep.owners:
                if ref.get("uid") != identity.uid:
                    continue
                found = True
                ref_id = owner_identity(ref, dep.identity.namespace)
                (match if ref_id == identity else nonmatch).append(dep)
                break
            if not found:
                nonmatch.append(dep)
        return match, nonmatch

    def process_graph_change(self, ev: GraphEvent) -> None:
        obj = ev.obj
        ident = identity_of(obj)
        existing = self.uid_to_node.get(ident.uid)
        if existing is not None and not ev.virtual and not existing.observed:
            if ident != existing.identity:
                _, invalid = self._partition(existing.dependents, ident)
                for dep in invalid:
                    self.attempt_to_delete(dep)
                existing.identity = ident
            existing.observed = True
        owners = list(obj["metadata"].get("ownerReferences") or [])
        if ev.type in ("add", "update") and existing is None:
            n = Node(ident, owners=owners, being_deleted=being_deleted(obj),
                     deleting_dependents=being_deleted(obj) and has_finalizer(obj, FOREGROUND), observed=True)
            self.insert_node(n)
            self.process_transitions(ev.old, obj, n)
        elif ev.type in ("add", "update"):
            old_by_uid = {r.get("uid"): r for r in existing.owners}
            new_by_uid = {r.get("uid"): r for r in owners}
            added = [r for u, r in new_by_uid.items() if u not in old_by_uid]
            removed = [r for u, r in old_by_uid.items() if u not in new_by_uid]
            changed = [(old_by_uid[u], r) for u, r in new_by_uid.items() if u in old_by_uid and old_by_uid[u] != r]
            if added or removed or changed:
                self.add_unblocked_owners_to_delete_queue(removed, changed)
                existing.owners = owners
                self.add_dependent_to_owners(existing, added)
                self.remove_dependent_from_owners(existing, removed)
            if being_deleted(obj):
                existing.being_deleted = True
            self.process_transitions(ev.old, obj, existing)
        elif ev.type == "delete" and existing is not None:
            remove = True
            if ev.virtual:
                if existing.virtual:
                    match, nonmatch = self._partition(existing.dependents, ident)
                    if nonmatch:
                        remove = False
                        if match:
                            self.absent_owner_cache.add(ident)
                            for dep in match:
                                self.attempt_to_delete(dep)
                        if existing.identity == ident:
                            alt = next((owner_identity(r, d.identity.namespace) for d in nonmatch
                                        for r in d.owners if r.get("uid") == ident.uid), None)
                            if alt is not None:
                                existing.identity = alt
                                self.attempt_to_delete(existing)
                elif existing.identity != ident:
                    remove = False
                    _, invalid = self._partition(existing.dependents, ident)
                    if invalid:
                        self.absent_owner_cache.add(ident)
                        for dep in invalid:
                            self.attempt_to_delete(dep)
            if remove:
                self.remove_node(existing)
                if existing.dependents:
                    self.absent_owner_cache.add(ident)
                for dep in sorted(existing.dependents, key=lambda d: (d.identity.namespace, d.identity.name)):
                    self.attempt_to_delete(dep)
                for ref in existing.owners:
                    owner = self.uid_to_node.get(ref.get("uid"))
                    if owner is not None and owner.deleting_dependents:
                        self.attempt_to_delete(owner)
