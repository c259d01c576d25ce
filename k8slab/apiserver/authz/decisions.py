"""Every authorization decision, kept: who asked for what, which authorizer decided, and by which
binding and rule -- or why nobody allowed it.

Upstream logs a denial at -v=5 (`RBAC: no rules authorize user ...`, rbac.go) and an audit event
carries `authorization.k8s.io/decision` and `authorization.k8s.io/reason` annotations
(`staging/src/k8s.io/apiserver/pkg/endpoints/filters/authorization.go`). k8slab keeps the
decisions themselves, in bounded rings on the server, for notebooks and widgets:

    api.authz.last_decisions          # newest last, at most RING_SIZE
    api.authz.last_denials
    print(api.authz.last_denials[-1].explain())

and on the request (`req.authorization`) for whoever served it.

Differences from upstream: this record has no upstream counterpart beyond the audit annotations.
"""

from __future__ import annotations

import collections

RING_SIZE = 1000


class Decision:
    """One decision. `authorizer` names who decided ("RBAC", "Node", "AlwaysAllow",
    "PrivilegedGroups"...; "" when nobody allowed); on an RBAC allow, `source` is the binding
    (rbac.RuleSource) and `rule` the PolicyRule dict that matched. `reason` is upstream's reason
    string (what a Forbidden message and a SubjectAccessReview carry); `trail` has one
    (authorizer, decision, reason, detail) per authorizer asked. `authentication` is the
    request's authn.Authentication (None for a question asked without a request, such as a
    SubjectAccessReview or the server's own checks); with impersonation its user is the one
    who asked to act as `user`."""

    __slots__ = ("_attrs", "_lazy", "decision", "authorizer", "_reason", "source", "rule", "trail",
                 "note", "authentication")

    def __init__(self, attrs, decision: str, authorizer: str = "", reason: str = "", *,
                 source=None, rule: dict | None = None, trail=None, note: str = "", lazy=None):
        self._attrs = attrs
        self._lazy = lazy                    # () -> Attributes, for decisions made without them
        self.decision = decision
        self.authorizer = authorizer
        self._reason = reason                # None: "RBAC: allowed by <source>", worded when read
        self.source = source
        self.rule = rule
        self.trail = trail or []
        self.note = note
        self.authentication = None

    @property
    def attributes(self):
        if self._attrs is None and self._lazy is not None:
            self._attrs, self._lazy = self._lazy(), None
        return self._attrs

    @property
    def reason(self) -> str:
        r = self._reason
        if r is None:
            r = self._reason = f"RBAC: allowed by {self.source}" if self.source is not None else ""
        return r

    @property
    def allowed(self) -> bool:
        return self.decision == "Allow"

    @property
    def user(self) -> dict:
        a = self.attributes
        return a.user if a is not None else {}

    @property
    def binding(self) -> str:
        """`ClusterRoleBinding "x" of ClusterRole "y" to Group "z"`, or "" when no binding decided."""
        return str(self.source) if self.source is not None else ""

    def to_dict(self) -> dict:
        a = self.attributes
        out = {"user": a.username if a else "", "groups": list(a.groups) if a else [],
               "attributes": a.to_dict() if a else {}, "decision": self.decision,
               "authorizer": self.authorizer, "reason": self.reason}
        if self.source is not None:
            out["binding"] = self.source.to_dict()
        if self.rule is not None:
            out["rule"] = self.rule
        if self.trail:
            out["trail"] = [{"authorizer": n, "decision": d, "reason": r, "detail": _detail(det)}
                            for n, d, r, det in self.trail]
        if self.note:
            out["note"] = self.note
        return out

    def explain(self) -> str:
        """A few lines a learner can read: the question, the answer, and why."""
        a = self.attributes
        who = f'{a.username} (groups={list(a.groups)})' if a else "?"
        lines = [f"{who} {a.describe() if a else ''}: {self.decision}"]
        if self.allowed:
            lines.append(f"  by {self.authorizer}" + (f": {self.note}" if self.note else ""))
            if self.source is not None:
                lines.append(f"  binding: {self.source}")
            if self.rule is not None:
                lines.append(f"  rule: {self.rule}")
            return "\n".join(lines)
        for name, decision, reason, detail in self.trail:
            line = f"  {name}: {decision}"
            if reason:
                line += f" ({reason})"
            if isinstance(detail, list):
                line += (f"; bindings for this user matched no rule: {', '.join(_detail(detail))}"
                         if detail else "; no binding names this user or its groups")
            elif detail:
                line += f"; {detail}"
            lines.append(line)
        return "\n".join(lines)

    def __repr__(self) -> str:
        a = self.attributes
        by = f" by {self.authorizer}" if self.authorizer else ""
        return f"<Decision {self.decision}{by}: {a.username if a else '?'} {a.describe() if a else ''}>"


def _detail(detail):
    """An authorizer's evidence as plain data: binding descriptions for RBAC's list."""
    if isinstance(detail, list):
        return [str(x) for x in detail]
    return detail


class PrivilegedDecision(Decision):
    """An allow for a member of system:masters, made before the request was even parsed: only
    the request is kept, its attributes are worked out if someone looks."""

    __slots__ = ()
    decision = "Allow"
    authorizer = "PrivilegedGroups"
    reason = ""
    source = None
    rule = None
    trail = ()
    note = 'user is in group "system:masters"'

    attributes_of = None                   # set by chain.py: request -> Attributes

    def __init__(self, req):
        self._attrs = None
        self._lazy = req
        self.authentication = getattr(req, "authentication", None)

    @property
    def attributes(self):
        if self._attrs is None:
            self._attrs = type(self).attributes_of(self._lazy)
            self._lazy = None
        return self._attrs


class DecisionLog:
    """The last RING_SIZE decisions, and apart from them the last RING_SIZE denials (which
    privileged traffic would otherwise push out)."""

    def __init__(self, size: int = RING_SIZE):
        self.all: collections.deque = collections.deque(maxlen=size)
        self.denials: collections.deque = collections.deque(maxlen=size)

    def add(self, d: Decision) -> None:
        self.all.append(d)
        if d.decision != "Allow":
            self.denials.append(d)

    def last(self, n: int = 10, *, user: str | None = None, allowed: bool | None = None) -> list:
        """The newest n decisions (oldest first), optionally for one user or one outcome."""
        pool = self.denials if allowed is False else self.all
        out = []
        for d in reversed(pool):
            if user is not None and d.user.get("username") != user:
                continue
            if allowed is not None and d.allowed != allowed:
                continue
            out.append(d)
            if len(out) == n:
                break
        return out[::-1]

    def clear(self) -> None:
        self.all.clear()
        self.denials.clear()
