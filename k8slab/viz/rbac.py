"""RBAC check: who may do what in a namespace, as a matrix (the path of one decision is in
decision_path.py).

RBACMatrix asks the API server's own authorizer chain (k8slab/apiserver/authz/) one question per
cell -- subject x verb x resource -- without recording it, so every cell is exactly what the
server would answer, and names the binding that granted it. The rows are the subjects the
namespace's RoleBindings and the ClusterRoleBindings name, plus any you add.

`bindings_graph()` draws subject -> binding -> role for a namespace.
"""

from __future__ import annotations

import ipywidgets as w

from ..apiserver.authn.user import ALL_AUTHENTICATED
from ..apiserver.authz.attributes import Attributes
from .base import View, esc, html_table, text_table
from .diagrams import Diagram

DEFAULT_VERBS = ("get", "list", "create", "delete")
DEFAULT_RESOURCES = ("pods", "deployments.apps", "secrets")
KIND_ORDER = {"User": 0, "Group": 1, "ServiceAccount": 2}
YES = "background:#d4f4d4"
NO = "color:#a0a0a0"


def api_of(target):
    """A Cluster or an APIServer -> the APIServer."""
    return getattr(target, "api", target)


# ---- subjects ---------------------------------------------------------------------------------

def subject_label(subject: dict) -> str:
    """`User backend`, `Group dev`, `ServiceAccount work/default`; a user dict as `backend (dev)`."""
    if "username" in subject:
        groups = [g for g in subject.get("groups") or [] if g != ALL_AUTHENTICATED]
        return subject["username"] + (f" ({', '.join(groups)})" if groups else "")
    kind, name = subject.get("kind", ""), subject.get("name", "")
    if kind == "ServiceAccount":
        return f"ServiceAccount {subject.get('namespace', '')}/{name}"
    return f"{kind} {name}"


def subject_user(subject: dict) -> dict:
    """The user the authorizers are asked about for a row: a User is authenticated (as the server
    makes every authenticated user), a ServiceAccount has its account's groups, a Group row is
    a user with no name in that group only, as a SubjectAccessReview with only `groups` asks."""
    if "username" in subject:
        return subject
    kind, name = subject.get("kind", ""), subject.get("name", "")
    if kind == "User":
        return {"username": name, "groups": [ALL_AUTHENTICATED]}
    if kind == "Group":
        return {"username": "", "groups": [name]}
    ns = subject.get("namespace", "")
    return {"username": f"system:serviceaccount:{ns}:{name}",
            "groups": ["system:serviceaccounts", f"system:serviceaccounts:{ns}", ALL_AUTHENTICATED]}


def _is_system(subject: dict) -> bool:
    name = subject.get("name") or subject.get("username") or ""
    return name.startswith("system:") or (subject.get("kind") == "ServiceAccount"
                                          and subject.get("namespace") == "kube-system")


def bound_subjects(api, namespace: str, system: bool = False) -> list[dict]:
    """The subjects named by the ClusterRoleBindings and the namespace's RoleBindings, each once,
    Users then Groups then ServiceAccounts, by name; `system:` ones only if `system`."""
    seen: dict[tuple, dict] = {}
    for scope in ("", namespace):
        for b in api.authz.policy.bindings_for(scope):
            for s in b.subjects:
                kind = s.get("kind", "")
                if kind not in KIND_ORDER:
                    continue
                subject = {"kind": kind, "name": s.get("name", "")}
                if kind == "ServiceAccount":
                    subject["namespace"] = s.get("namespace") or b.namespace
                if system or not _is_system(subject):
                    seen.setdefault(tuple(sorted(subject.items())), subject)
    return sorted(seen.values(), key=lambda s: (KIND_ORDER[s["kind"]], s.get("namespace", ""), s["name"]))


# ---- columns ----------------------------------------------------------------------------------

class Column:
    """One verb on one resource (`pods`, `deployments.apps`, `pods/log`, or a short name)."""

    def __init__(self, api, verb: str, spec: str):
        self.verb, self.spec = verb, spec
        word, _, sub = spec.partition("/")
        name, _, group = word.partition(".")
        found = None
        for r in api.table:
            if r.canonical:
                continue
            if (name == r.plural or name == r.singular or name in r.short_names) and (not group or group == r.group):
                found = r
                break
        self.resource = found.plural if found else name
        self.group = found.group if found else group
        self.subresource = sub
        self.namespaced = found.namespaced if found else True
        what = f"{self.resource}/{sub}" if sub else self.resource
        self.label = f"{verb} {what}.{self.group}" if self.group else f"{verb} {what}"

    def attributes(self, user: dict, namespace: str) -> Attributes:
        return Attributes(user, self.verb, namespace=namespace if self.namespaced else "",
                          api_group=self.group, resource=self.resource, subresource=self.subresource)


def granted_by(decision) -> str:
    """What allowed a decision, in upstream's describer words where there are some."""
    if decision.source is not None:
        return str(decision.source)
    if decision.authorizer == "PrivilegedGroups":
        return 'PrivilegedGroups: user is in group "system:masters"'
    return decision.authorizer + (f": {decision.note}" if decision.note else "")


# ---- the matrix -------------------------------------------------------------------------------

class RBACMatrix(View):
    """Subjects x (verb, resource) in one namespace: yes (and the binding) or no, answered by the
    server's authorizer chain."""

    def __init__(self, cluster, namespace: str = "default", verbs=DEFAULT_VERBS, resources=DEFAULT_RESOURCES,
                 subjects=(), system: bool = False):
        self.api = api_of(cluster)
        self.extra = list(subjects)
        self.rows: list[dict] = []                # subjects shown
        self.columns: list[Column] = []
        self.cells: dict[tuple[int, int], object] = {}     # (row, column) -> Decision
        self.namespace_box = w.Dropdown(description="namespace")
        self.verbs_box = w.SelectMultiple(description="verbs", rows=6,
                                          options=["get", "list", "watch", "create", "update", "patch",
                                                   "delete", "deletecollection"])
        self.resources_box = w.Text(description="resources", value=", ".join(resources),
                                    continuous_update=False, layout=w.Layout(width="420px"))
        self.system_box = w.Checkbox(description="system: subjects", value=system, indent=False)
        self.refresh_button = w.Button(description="refresh")
        self.table = w.HTML()
        self.legend = w.HTML()
        self.widget = w.VBox([w.HBox([self.namespace_box, self.verbs_box]),
                              w.HBox([self.resources_box, self.system_box, self.refresh_button]),
                              self.table, self.legend])
        with self.quiet():
            self.namespace_box.options = self._namespaces(namespace)
            self.namespace_box.value = namespace
            self.verbs_box.value = tuple(v for v in verbs if v in self.verbs_box.options)
        self.verbs = list(verbs)                 # in the caller's order (the box keeps its own)
        for box in (self.namespace_box, self.verbs_box, self.resources_box, self.system_box):
            box.observe(self._on_change, names="value")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.refresh()

    @property
    def namespace(self) -> str:
        return self.namespace_box.value

    def _namespaces(self, wanted: str) -> list[str]:
        names = {wanted}
        ns = self.api.lookup("", "v1", "namespaces")
        for obj in self.api.registry.list(ns, None)["items"]:
            names.add(obj["metadata"]["name"])
        return sorted(names)

    def add_subject(self, subject: dict) -> None:
        """Add a row: an RBAC subject (`{"kind": "User", "name": "backend"}`) or a user
        (`{"username": "backend", "groups": ["dev", "system:authenticated"]}`)."""
        self.extra.append(subject)
        self.refresh()

    def _on_change(self, change) -> None:
        if self._quiet:
            return
        if change["owner"] is self.verbs_box:
            self.verbs = [v for v in self.verbs_box.options if v in self.verbs_box.value]
        self.refresh()

    def refresh(self) -> None:
        """Read the bindings again and ask every cell."""
        specs = [s.strip() for s in self.resources_box.value.split(",") if s.strip()]
        self.columns = [Column(self.api, v, s) for s in specs for v in self.verbs]
        rows = bound_subjects(self.api, self.namespace, self.system_box.value)
        labels = {subject_label(r) for r in rows}
        for s in self.extra:
            if subject_label(s) not in labels:
                rows.append(s)
                labels.add(subject_label(s))
        self.rows = rows
        authz = self.api.authz
        self.cells = {}
        for i, subject in enumerate(rows):
            user = subject_user(subject)
            for j, col in enumerate(self.columns):
                self.cells[(i, j)] = authz.authorize(col.attributes(user, self.namespace), record=False)
        self._draw()

    # ---- reading ------------------------------------------------------------------------------

    def cell(self, subject: str, verb: str, resource: str):
        """The decision for the row labelled `subject` ("User backend") and the column
        `verb resource` as its header reads ("list pods", "get deployments.apps")."""
        i = [subject_label(r) for r in self.rows].index(subject)
        j = [c.label for c in self.columns].index(f"{verb} {resource}")
        return self.cells[(i, j)]

    def _notes(self) -> dict[str, int]:
        notes: dict[str, int] = {}
        for key in sorted(self.cells):
            d = self.cells[key]
            if d.allowed:
                notes.setdefault(granted_by(d), len(notes) + 1)
        return notes

    # ---- rendering ----------------------------------------------------------------------------

    def _draw(self) -> None:
        notes = self._notes()
        header = ["subject"] + [esc(c.label) for c in self.columns]
        rows = []
        for i, subject in enumerate(self.rows):
            cells = [esc(subject_label(subject))]
            for j in range(len(self.columns)):
                d = self.cells[(i, j)]
                if d.allowed:
                    n = notes[granted_by(d)]
                    cells.append(f"<span style='{YES}' title='{esc(granted_by(d))}'>yes <sup>{n}</sup></span>")
                else:
                    cells.append(f"<span style='{NO}'>no</span>")
            rows.append(cells)
        self.table.value = html_table(header, rows) if rows else "<i>no subject is bound here</i>"
        self.legend.value = "<br>".join(f"<sup>{n}</sup> {esc(g)}" for g, n in notes.items())

    def text(self) -> str:
        notes = self._notes()
        modes = ",".join(self.api.authz.modes)
        lines = [f"who can do what in namespace {self.namespace} (--authorization-mode={modes})"]
        rows = []
        for i, subject in enumerate(self.rows):
            cells = [subject_label(subject)]
            for j in range(len(self.columns)):
                d = self.cells[(i, j)]
                cells.append(f"yes [{notes[granted_by(d)]}]" if d.allowed else "no")
            rows.append(cells)
        lines += text_table(["SUBJECT"] + [c.label for c in self.columns], rows)
        lines += [f"[{n}] {g}" for g, n in notes.items()]
        return "\n".join(lines)


# ---- subject -> binding -> role ---------------------------------------------------------------

def bindings_graph(cluster, namespace: str, system: bool = False) -> Diagram:
    """Subjects, the bindings that name them and the roles those bind, for one namespace and the
    cluster-wide bindings (`system:` subjects left out unless `system`)."""
    api = api_of(cluster)
    nodes: dict[str, str] = {}
    edges: list[tuple[str, str, str]] = []
    for scope in ("", namespace):
        for b in api.authz.policy.bindings_for(scope):
            subjects = []
            for s in b.subjects:
                subject = {"kind": s.get("kind", ""), "name": s.get("name", "")}
                if subject["kind"] == "ServiceAccount":
                    subject["namespace"] = s.get("namespace") or b.namespace
                if system or not _is_system(subject):
                    subjects.append(subject)
            if not subjects:
                continue
            kind = "RoleBinding" if b.namespace else "ClusterRoleBinding"
            bid = f"{kind}/{b.namespace}/{b.name}"
            nodes[bid] = f"{kind}\n{b.name}"
            rid = f"{b.role_kind}/{b.namespace if b.role_kind == 'Role' else ''}/{b.role_name}"
            nodes[rid] = f"{b.role_kind}\n{b.role_name}"
            for s in subjects:
                sid = "subject/" + subject_label(s)
                nodes[sid] = subject_label(s).replace(" ", "\n", 1)
                edges.append((sid, bid, "subject"))
            edges.append((bid, rid, "roleRef"))
    return Diagram(f"RBAC in namespace {namespace}: subject -> binding -> role", nodes, edges)
