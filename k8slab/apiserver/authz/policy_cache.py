"""The RBAC objects as the authorizer reads them: decoded from the store once, kept current by a
store watch, bindings indexed by namespace and by subject.

Upstream's RBAC authorizer reads shared-informer listers (`pkg/registry/rbac/validation/rule.go`
RoleGetter, RoleBindingLister, ClusterRoleGetter, ClusterRoleBindingLister in
`plugin/pkg/auth/authorizer/rbac/rbac.go`) and scans every ClusterRoleBinding and every
RoleBinding of the namespace per request. Here each binding is filed under the users and groups
its subjects name (a ServiceAccount subject under its username,
`system:serviceaccount:<ns>:<name>`), per namespace for RoleBindings, so a decision touches only
the bindings that can apply. What a (user, groups, namespace) resolves to -- the applicable
bindings in order and their roles' rules -- is remembered until the next RBAC write.

Two store watches, on `/registry/clusterrole*` and `/registry/role*`, deliver every write, whoever
made it; `sync()` applies what has arrived before each read. With the in-memory and sqlite stores
the watch fires inside the write, so a decision always sees the writes before it; with an etcd
store it is as current as upstream's informers (a moment behind).

Differences from upstream: no informer resync; bindings are visited in name order.
"""

from __future__ import annotations

import bisect

import orjson

from ...storage import kv as K
from .rbac import RuleSource, compile_rules

WATCHED = (b"/registry/clusterrole", b"/registry/role")   # each range holds two kinds
MAX_RESOLVED = 16384                                         # remembered (user, groups, ns) answers


class Binding:
    """A RoleBinding (namespace set) or ClusterRoleBinding, with the index keys of its subjects
    and, per key, the RuleSource that names the first subject matching it."""

    __slots__ = ("namespace", "name", "role_kind", "role_name", "subjects", "keys")

    def __init__(self, obj: dict, namespace: str):
        meta = obj.get("metadata") or {}
        ref = obj.get("roleRef") or {}
        self.namespace = namespace
        self.name = meta.get("name", "")
        self.role_kind = ref.get("kind", "")
        self.role_name = ref.get("name", "")
        self.subjects = obj.get("subjects") or []
        self.keys: dict[tuple[str, str], RuleSource] = {}   # index key -> first subject naming it
        for i, s in enumerate(self.subjects):
            key = subject_key(s, namespace)
            if key is not None and key not in self.keys:
                self.keys[key] = RuleSource(self, i)

    def __repr__(self) -> str:
        where = f"{self.namespace}/" if self.namespace else ""
        return f"Binding({where}{self.name} -> {self.role_kind} {self.role_name})"


def subject_key(subject: dict, binding_namespace: str):
    """("u", username) or ("g", group): the index key under which a subject can match
    (appliesToUser), or None for a subject that can match nobody."""
    kind, name = subject.get("kind"), subject.get("name", "")
    if kind == "User":
        return ("u", name)
    if kind == "Group":
        return ("g", name)
    if kind == "ServiceAccount":
        ns = subject.get("namespace") or binding_namespace
        return ("u", f"system:serviceaccount:{ns}:{name}") if ns else None
    return None


def _by_name(b: Binding) -> str:
    return b.name


class Resolved:
    """What applies to one (user, groups, namespace): [(RuleSource, [PolicyRule])] in visiting
    order, and the errors met (a binding whose role is missing)."""

    __slots__ = ("sources", "errors")

    def __init__(self, sources, errors):
        self.sources = sources
        self.errors = errors


class PolicyCache:
    """Roles, ClusterRoles, RoleBindings and ClusterRoleBindings of one store, indexed."""

    def __init__(self, store):
        self.store = store
        self.generation = 0                       # bumped at every change
        self._watchers: list = []
        self._load()

    # ---- loading and following the store ------------------------------------------------------

    def _load(self) -> None:
        for w in self._watchers:
            w.cancel()
        self.roles: dict[tuple[str, str], list] = {}
        self.cluster_roles: dict[str, list] = {}
        self.bindings: dict[bytes, Binding] = {}
        # scope ("" for ClusterRoleBindings, else the namespace) -> ({user: [Binding]}, {group: [Binding]})
        self.index: dict[str, tuple[dict, dict]] = {}
        self._resolved: dict = {}
        revision = 0
        for prefix in WATCHED:
            r = self.store.range(prefix, K.prefix_end(prefix))
            revision = max(revision, r.revision)
            for kv in r.kvs:
                self._put(kv.key, kv.value)
        self._watchers = [self.store.watch(p, K.prefix_end(p), start_revision=revision + 1)
                          for p in WATCHED]
        self.generation += 1

    def sync(self) -> None:
        """Apply the writes the watches delivered since the last call (cheap when there are none)."""
        for w in self._watchers:
            if w.canceled:                        # compacted away (etcd): list again
                self._load()
                return
            if w.pending():
                for ev in w.take():
                    if ev.type == "PUT":
                        self._put(ev.kv.key, ev.kv.value)
                    else:
                        self._delete(ev.kv.key)
                self.generation += 1
                self._resolved = {}

    def close(self) -> None:
        for w in self._watchers:
            w.cancel()
        self._watchers = []

    def _put(self, key: bytes, value: bytes) -> None:
        parts = key.decode().split("/")           # ['', 'registry', kind, (ns,) name]
        kind = parts[2]
        try:
            obj = orjson.loads(value)
        except orjson.JSONDecodeError:
            return
        if kind == "clusterroles":
            self.cluster_roles[parts[3]] = compile_rules(obj.get("rules"))
        elif kind == "roles":
            self.roles[(parts[3], parts[4])] = compile_rules(obj.get("rules"))
        elif kind == "clusterrolebindings":
            self._drop_binding(key)
            self._file_binding(key, Binding(obj, ""))
        elif kind == "rolebindings":
            self._drop_binding(key)
            self._file_binding(key, Binding(obj, parts[3]))

    def _delete(self, key: bytes) -> None:
        parts = key.decode().split("/")
        kind = parts[2]
        if kind == "clusterroles":
            self.cluster_roles.pop(parts[3], None)
        elif kind == "roles":
            self.roles.pop((parts[3], parts[4]), None)
        else:
            self._drop_binding(key)

    def _file_binding(self, key: bytes, b: Binding) -> None:
        self.bindings[key] = b
        index = self.index.get(b.namespace)
        if index is None:
            index = self.index[b.namespace] = ({}, {})
        for kind, name in b.keys:
            bisect.insort(index[0 if kind == "u" else 1].setdefault(name, []), b, key=_by_name)

    def _drop_binding(self, key: bytes) -> None:
        b = self.bindings.pop(key, None)
        if b is None:
            return
        index = self.index[b.namespace]
        for kind, name in b.keys:
            table = index[0 if kind == "u" else 1]
            lst = table.get(name)
            if lst is not None:
                lst[:] = [x for x in lst if x is not b]
                if not lst:
                    del table[name]

    # ---- reading ------------------------------------------------------------------------------

    def role_rules(self, kind: str, name: str, namespace: str):
        """(rules, error) for a roleRef (GetRoleReferenceRules)."""
        if kind == "Role":
            rules = self.roles.get((namespace, name))
            if rules is None:
                return None, f'role.rbac.authorization.k8s.io "{name}" not found'
            return rules, ""
        if kind == "ClusterRole":
            rules = self.cluster_roles.get(name)
            if rules is None:
                return None, f'clusterrole.rbac.authorization.k8s.io "{name}" not found'
            return rules, ""
        return None, f'unsupported role reference kind: "{kind}"'

    def resolve(self, username: str, groups, namespace: str) -> Resolved:
        """The bindings that apply to this user in this namespace (cluster-wide ones first), with
        their roles' rules."""
        self.sync()
        key = (username, tuple(groups), namespace)
        hit = self._resolved.get(key)
        if hit is not None:
            return hit
        sources, errors = [], []
        index = self.index.get("")
        if index is not None:
            self._collect(index, username, groups, "", sources, errors)
        if namespace:
            index = self.index.get(namespace)
            if index is not None:
                self._collect(index, username, groups, namespace, sources, errors)
        resolved = Resolved(sources, errors)
        if len(self._resolved) >= MAX_RESOLVED:
            self._resolved = {}
        self._resolved[key] = resolved
        return resolved

    def _collect(self, index, username, groups, namespace, sources, errors) -> None:
        """Append (RuleSource, rules) for each binding of this scope naming the user or one of
        its groups, in name order, naming the binding's first subject that applies."""
        users, by_group = index
        found: dict[Binding, RuleSource] = {}
        for b in users.get(username, ()):
            found[b] = b.keys[("u", username)]
        for g in groups:
            for b in by_group.get(g, ()):
                src = b.keys[("g", g)]
                have = found.get(b)
                if have is None or src.subject_index < have.subject_index:
                    found[b] = src
        if not found:
            return
        ordered = found if len(found) == 1 else sorted(found, key=_by_name)
        for b in ordered:
            if b.role_kind == "ClusterRole":
                rules = self.cluster_roles.get(b.role_name)
            elif b.role_kind == "Role":
                rules = self.roles.get((namespace, b.role_name))
            else:
                rules = None
            if rules is None:
                errors.append(self.role_rules(b.role_kind, b.role_name, namespace)[1])
                continue
            sources.append((found[b], rules))

    def bindings_for(self, namespace: str | None = None) -> list[Binding]:
        """Every binding (cluster-wide ones when namespace is ''), for views and tests."""
        self.sync()
        if namespace is None:
            return sorted(self.bindings.values(), key=lambda b: (b.namespace, b.name))
        return sorted((b for b in self.bindings.values() if b.namespace == namespace),
                      key=lambda b: b.name)
