"""The path of one authorization decision: authentication, each authorizer, the binding, the rule.

DecisionPath shows a decision as the API server made it: the authenticator that identified the
user (`decision.authentication`, k8slab/apiserver/authn/), each authorizer of
`--authorization-mode` and its verdict (k8slab/apiserver/authz/chain.py), the binding, and the
role's rules with the one that decided highlighted; for a refusal, the 403 message the client got.
It reads the decisions the server keeps (`api.authz.last_decisions`) or asks a new question
(`ask(...)`, not recorded).
"""

from __future__ import annotations

import ipywidgets as w

from ..apiserver.authn.user import ALL_AUTHENTICATED
from ..apiserver.authz.forbidden import forbidden
from .base import View, esc
from .rbac import Column, api_of

DECIDING = "background:#d4f4d4;font-weight:bold"
REFUSED = "background:#f8d7d7"

AUTHENTICATORS = {
    "x509": "x509: a client certificate signed by the client CA (CN -> user, O -> groups)",
    "tokenfile": "tokenfile: a bearer token from --token-auth-file",
    "serviceaccount": "serviceaccount: a service-account token (a JWT signed with the service-account key)",
    "bootstrap": "bootstrap: a bootstrap token (a Secret in kube-system)",
    "anonymous": "anonymous: no credentials at all (--anonymous-auth=true)",
    "in-process": "in-process: a request from Python in this process, without credentials (the admin)",
}


# ---- one decision -----------------------------------------------------------------------------

def _rule_text(rule: dict) -> str:
    parts = []
    for key in ("verbs", "apiGroups", "resources", "resourceNames", "nonResourceURLs"):
        if rule.get(key):
            parts.append(f"{key}=[{' '.join(repr(v) if v == '' else v for v in rule[key])}]")
    return " ".join(parts)


def decision_path(api, d) -> list[dict]:
    """The stages of one decision, each {"stage", "lines", "verdict"}: authentication, every
    authorizer of the chain, the binding, the role's rules (the deciding one marked), the result.
    verdict is "ok", "no", "skip" or "" (neutral)."""
    a = d.attributes
    user = d.user
    stages = []
    auth = d.authentication
    if auth is None:
        lines = ["no request was authenticated: the user was given (a SubjectAccessReview, "
                 "kubectl auth can-i --as, this view's ask(), or a client that sets its user)"]
        stages.append({"stage": "authentication", "lines": lines, "verdict": ""})
    else:
        lines = [AUTHENTICATORS.get(auth.authenticator, auth.authenticator)]
        who = auth.user or {}
        lines.append(f"-> user {who.get('username', '')!r}, groups {who.get('groups') or []}")
        if who.get("username") != user.get("username") or (who.get("groups") or []) != (user.get("groups") or []):
            lines.append(f"impersonation: {who.get('username')!r} acts as {user.get('username')!r} "
                         f"(Impersonate-User, what kubectl --as sends)")
        stages.append({"stage": "authentication", "lines": lines, "verdict": "ok"})
    asked = {name: (decision, reason, detail) for name, decision, reason, detail in d.trail}
    decided = False
    for authorizer in api.authz.authorizers:
        name = authorizer.name
        if decided:
            stages.append({"stage": f"authorizer {name}", "lines": ["not asked: an earlier authorizer decided"],
                           "verdict": "skip"})
            continue
        if name == d.authorizer:
            decided = True
            line = f"{d.decision}"
            if d.source is not None:
                line += f" by {d.source}"
            elif d.note:
                line += f": {d.note}"
            if d.reason and d.source is None:
                line += f" ({d.reason})"
            stages.append({"stage": f"authorizer {name}", "lines": [line],
                           "verdict": "ok" if d.allowed else "no"})
            continue
        decision, reason, detail = asked.get(name, ("NoOpinion", "", None))
        lines = [decision + (f' (reason: "{reason}")' if reason else "")]
        if isinstance(detail, list):
            if detail:
                lines.append("bindings that name this user, none with a matching rule:")
                lines += [f"  {x}" for x in detail]
            else:
                lines.append("no binding names this user or its groups")
        elif detail:
            lines.append(str(detail))
        stages.append({"stage": f"authorizer {name}", "lines": lines, "verdict": ""})
    if d.source is not None:
        b = d.source.binding
        stages.append({"stage": "binding", "lines": [str(d.source)], "verdict": "ok"})
        rules, error = api.authz.policy.role_rules(b.role_kind, b.role_name, b.namespace)
        where = f"{b.role_kind} {b.role_name}" + (f" in {b.namespace}" if b.namespace and b.role_kind == "Role" else "")
        lines = []
        for i, r in enumerate(rules or []):
            mark = ">>" if r.rule == d.rule else "  "
            lines.append(f"{mark} rule {i + 1}: {_rule_text(r.rule)}")
        stages.append({"stage": f"rules of {where}", "lines": lines or [error], "verdict": "ok", "rules": True})
    if d.allowed:
        stages.append({"stage": "result", "lines": ["allowed: on to admission and the registry"], "verdict": "ok"})
    else:
        msg = forbidden(a, d.reason).message
        lines = ["403 Forbidden: " + msg,
                 "kubectl auth can-i answers: no" + (f" - {d.reason}" if d.reason else "")]
        stages.append({"stage": "result", "lines": lines, "verdict": "no"})
    return stages


class DecisionPath(View):
    """One authorization decision, stage by stage. Pick one of the server's recent decisions
    (optionally only those of `user`), or ask a new question with `ask()`."""

    RECENT = 20

    def __init__(self, cluster, decision=None, *, user: str | None = None):
        self.api = api_of(cluster)
        self.decision = decision
        self.recent: list = []
        self.user_box = w.Text(description="user", value=user or "", continuous_update=False,
                               placeholder="all users")
        self.recent_box = w.Dropdown(description="decision", layout=w.Layout(width="90%"))
        self.ask_user = w.Text(description="as user", value=user or "")
        self.ask_groups = w.Text(description="groups", placeholder="dev, ops")
        self.ask_verb = w.Text(description="verb", value="list")
        self.ask_resource = w.Text(description="resource", value="pods")
        self.ask_namespace = w.Text(description="namespace", value="default")
        self.ask_button = w.Button(description="ask")
        self.path = w.HTML()
        form = w.VBox([w.HBox([self.ask_user, self.ask_groups]),
                       w.HBox([self.ask_verb, self.ask_resource, self.ask_namespace, self.ask_button])])
        self.widget = w.VBox([w.HBox([self.user_box]), self.recent_box,
                              w.HTML("<b>or ask:</b>"), form, self.path])
        self.user_box.observe(lambda _: self.refresh(), names="value")
        self.recent_box.observe(self._on_pick, names="value")
        self.ask_button.on_click(lambda _: self._on_ask())
        self.refresh(keep=decision is not None)

    def refresh(self, keep: bool = False) -> None:
        """Read the server's recent decisions again; show the newest (unless `keep`)."""
        user = self.user_box.value or None
        self.recent = self.api.authz.log.last(self.RECENT, user=user)
        options = [(self._label(d), i) for i, d in enumerate(self.recent)]
        with self.quiet():       # setting options resets the value: no callbacks until both are set
            self.recent_box.options = options
            self.recent_box.value = len(options) - 1 if options and not keep else None
        if not keep:
            self.decision = self.recent[-1] if self.recent else None
        self._draw()

    @staticmethod
    def _label(d) -> str:
        a = d.attributes
        return f"{a.username or '(no name)'} {a.describe()}: {d.decision}" if a else d.decision

    def _on_pick(self, change) -> None:
        if self._quiet or self.recent_box.value is None:
            return
        self.decision = self.recent[self.recent_box.value]
        self._draw()

    def _on_ask(self) -> None:
        groups = [g.strip() for g in self.ask_groups.value.split(",") if g.strip()]
        spec = self.ask_resource.value.strip()
        self.ask(self.ask_user.value.strip(), groups, self.ask_verb.value.strip(), spec,
                 self.ask_namespace.value.strip())

    def ask(self, user: str, groups=(), verb: str = "get", resource: str = "pods", namespace: str = "",
            name: str = ""):
        """Ask the authorizer chain (without recording) as an authenticated `user` in `groups`,
        as `kubectl auth can-i --as user --as-group g` would, and show the path. Returns the Decision."""
        groups = list(groups)
        if user != "system:anonymous" and ALL_AUTHENTICATED not in groups and "system:unauthenticated" not in groups:
            groups.append(ALL_AUTHENTICATED)
        col = Column(self.api, verb, resource)
        attrs = col.attributes({"username": user, "groups": groups}, namespace)
        attrs.name = name
        self.decision = self.api.authz.authorize(attrs, record=False)
        with self.quiet():
            self.recent_box.value = None
        self._draw()
        return self.decision

    # ---- rendering ----------------------------------------------------------------------------

    def stages(self) -> list[dict]:
        return decision_path(self.api, self.decision) if self.decision is not None else []

    def _draw(self) -> None:
        if self.decision is None:
            self.path.value = "<i>no decision recorded yet</i>"
            return
        colors = {"ok": "#2e7d32", "no": "#c62828", "skip": "#a0a0a0", "": "#555555"}
        a = self.decision.attributes
        parts = [f"<b>{esc(self._who(a))}</b> {esc(a.describe())}"]
        for s in self.stages():
            body = []
            for line in s["lines"]:
                style = DECIDING if line.startswith(">>") else REFUSED if s["verdict"] == "no" else ""
                body.append(f"<div style='{style};white-space:pre'>{esc(line)}</div>")
            parts.append(f"<div style='border-left:4px solid {colors[s['verdict']]};margin:4px 0;"
                         f"padding:2px 8px;font-family:monospace;font-size:12px'>"
                         f"<b>{esc(s['stage'])}</b>{''.join(body)}</div>")
        self.path.value = "".join(parts)

    @staticmethod
    def _who(a) -> str:
        return f"{a.username or '(no name)'} (groups={a.groups})"

    def text(self) -> str:
        if self.decision is None:
            return "no decision recorded yet"
        a = self.decision.attributes
        lines = [f"{self._who(a)} {a.describe()}: {self.decision.decision}"]
        for i, s in enumerate(self.stages(), 1):
            lines.append(f"{i}. {s['stage']}")
            lines += [f"     {line}" for line in s["lines"]]
        return "\n".join(lines)
