"""The authorizer chain `--authorization-mode` names, asked in order until one decides.

Follows `pkg/kubeapiserver/authorizer/config.go` (New: the privileged-group authorizer for
`system:masters` goes first, then one authorizer per mode in the order given),
`pkg/kubeapiserver/options/authorization.go` (Validate: the modes and their error messages),
`staging/src/k8s.io/apiserver/pkg/authorization/union/union.go` (the first Allow or Deny wins;
NoOpinion goes on to the next; the reasons of those that had no opinion are joined with newlines;
RulesFor concatenates every resolver's rules), `.../authorizerfactory/builtin.go`
(AlwaysAllow, AlwaysDeny with "Everything is forbidden.", privilegedGroupAuthorizer) and
`.../endpoints/filters/authorization.go` (WithAuthorization: Allow serves, anything else is a 403
with the reason).

Differences from upstream: ABAC and Webhook are refused as unsupported; authorizers return
NoOpinion where upstream could also return an evaluation error (none of these can fail).
"""

from __future__ import annotations

from ..request import parse_path
from . import attributes as A
from .decisions import Decision, DecisionLog, PrivilegedDecision
from .forbidden import forbidden
from .node import NodeAuthorizer
from .policy_cache import PolicyCache
from .rbac import ALLOW, DENY, NO_OPINION, RBACAuthorizer

MODES = ("AlwaysAllow", "AlwaysDeny", "ABAC", "Webhook", "RBAC", "Node")
DEFAULT_MODE = "Node,RBAC"
SUPPORTED = ("AlwaysAllow", "AlwaysDeny", "Node", "RBAC")
PRIVILEGED_GROUP = "system:masters"        # user.SystemPrivilegedGroup


def parse_modes(mode) -> list[str]:
    """`Node,RBAC` -> ["Node", "RBAC"]; raises ValueError with upstream's messages."""
    modes = [m.strip() for m in mode.split(",")] if isinstance(mode, str) else list(mode)
    modes = [m for m in modes if m]
    errors = []
    if not modes:
        errors.append("at least one authorization-mode must be passed")
    for m in modes:
        if m not in MODES:
            errors.append(f'authorization-mode "{m}" is not a valid mode')
    if len(set(modes)) != len(modes):
        errors.append(f'authorization-mode "[{" ".join(modes)}]" has mode specified more than once')
    for m in modes:
        if m in MODES and m not in SUPPORTED:
            errors.append(f'authorization-mode "{m}" is not supported by k8slab')
    if errors:
        raise ValueError(errors[0] if len(errors) == 1 else "[" + ", ".join(errors) + "]")
    return modes


class PrivilegedGroups:
    """Members of system:masters may do anything; no rule is consulted."""

    name = "PrivilegedGroups"

    def __init__(self, groups=(PRIVILEGED_GROUP,)):
        self.groups = frozenset(groups)

    def authorize(self, attrs):
        if not self.groups.isdisjoint(attrs.groups):
            return ALLOW, "", None
        return NO_OPINION, "", None


class AlwaysAllow:
    name = "AlwaysAllow"

    def authorize(self, attrs):
        return ALLOW, "", None

    def rules_for(self, user, namespace):
        return ([{"verbs": ["*"], "apiGroups": ["*"], "resources": ["*"]}],
                [{"verbs": ["*"], "nonResourceURLs": ["*"]}], False, "")


class AlwaysDeny:
    name = "AlwaysDeny"

    def authorize(self, attrs):
        return NO_OPINION, "Everything is forbidden.", None

    def rules_for(self, user, namespace):
        return [], [], False, ""


class Authorization:
    """The server's authorization: `authorize(attrs)` and `check(req)` decide and record;
    `rules_for(user, ns)` lists what a user may do (SelfSubjectRulesReview)."""

    def __init__(self, server, mode=DEFAULT_MODE):
        self.server = server
        self.modes = parse_modes(mode)
        self.policy = PolicyCache(server.store)
        self.rbac = RBACAuthorizer(self.policy)
        self.privileged = PrivilegedGroups()
        self.authorizers = [self.privileged]
        for m in self.modes:
            if m == "RBAC":
                self.authorizers.append(self.rbac)
            elif m == "Node":
                self.authorizers.append(NodeAuthorizer(server.registry))
            elif m == "AlwaysAllow":
                self.authorizers.append(AlwaysAllow())
            else:
                self.authorizers.append(AlwaysDeny())
        self.log = DecisionLog()

    def __repr__(self) -> str:
        return f"<Authorization {','.join(self.modes)}: {len(self.log.all)} decisions kept>"

    # ---- deciding -----------------------------------------------------------------------------

    def authorize(self, attrs, *, record: bool = True) -> Decision:
        """Ask each authorizer in turn (union.go); the first Allow or Deny decides."""
        trail = []
        for a in self.authorizers:
            decision, reason, evidence = a.authorize(attrs)
            if decision == ALLOW or decision == DENY:
                d = self._decided(attrs, a, decision, reason, evidence, trail)
                break
            trail.append((a.name, decision, reason, evidence))
        else:
            reasons = "\n".join(r for _, _, r, _ in trail if r)
            d = Decision(attrs, NO_OPINION, "", reasons, trail=trail)
        if record:
            self.log.add(d)
        return d

    def _decided(self, attrs, a, decision, reason, evidence, trail) -> Decision:
        if a is self.rbac and decision == ALLOW:
            source, rule = evidence
            return Decision(attrs, ALLOW, a.name, reason, source=source, rule=rule.rule, trail=trail)
        note = ""
        if a is self.privileged:
            note = PrivilegedDecision.note
        elif isinstance(evidence, str):
            note = evidence
        return Decision(attrs, decision, a.name, reason, trail=trail, note=note)

    def check(self, req) -> Decision:
        """WithAuthorization for one request: the decision, or a 403 APIError raised. A member
        of system:masters is let through before the request is even parsed."""
        user = req.user
        groups = user.get("groups") if user else None
        if groups and PRIVILEGED_GROUP in groups:
            d = PrivilegedDecision(req)
            self.log.all.append(d)
            req.authorization = d
            return d
        attrs = request_attributes(req)
        d = self.authorize(attrs)
        d.authentication = getattr(req, "authentication", None)
        req.authorization = d
        if not d.allowed:
            raise forbidden(attrs, d.reason)
        return d

    def allowed(self, user: dict, verb: str, **kw) -> bool:
        """Shorthand for the server's own questions (bind, escalate, impersonate)."""
        return self.authorize(A.Attributes(user, verb, **kw)).allowed

    # ---- listing what a user may do ---------------------------------------------------------

    def rules_for(self, user: dict, namespace: str):
        """(resourceRules, nonResourceRules, incomplete, evaluationError) of every rule resolver
        in the chain (union.go unionAuthzRulesHandler.RulesFor)."""
        resource, non_resource, incomplete, errors = [], [], False, []
        for a in self.authorizers:
            rules_for = getattr(a, "rules_for", None)
            if rules_for is None:
                continue
            r, nr, inc, err = rules_for(user, namespace)
            resource += r
            non_resource += nr
            incomplete = incomplete or inc
            if err:
                errors.append(err)
        error = errors[0] if len(errors) == 1 else ("[" + ", ".join(errors) + "]" if errors else "")
        return resource, non_resource, incomplete, error

    # ---- the decision log ---------------------------------------------------------------------

    @property
    def last_decisions(self) -> list[Decision]:
        return list(self.log.all)

    @property
    def last_denials(self) -> list[Decision]:
        return list(self.log.denials)


def request_attributes(req) -> A.Attributes:
    path = req.path
    info = parse_path(req.method, path.rstrip("/") or "/", req.query)
    return A.from_request(req.user, req.method, path, req.query, info)


PrivilegedDecision.attributes_of = staticmethod(request_attributes)
