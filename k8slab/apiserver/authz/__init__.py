"""Authorization: who may do what, decided by an ordered chain of authorizers and explained.

    api = APIServer(authorization_mode="Node,RBAC")      # the default
    api.authz.last_denials[-1].explain()                  # who was refused what, and why

Modules: attributes (the question), chain (`--authorization-mode`, the union, the
system:masters short-circuit), rbac and policy_cache (the RBAC evaluator over indexed
bindings), node (the Node authorizer), bootstrap, bootstrap_roles and controller_roles
(upstream's default policy), escalation (no granting what you do not hold), reviews
(SubjectAccessReview and friends), impersonation (`kubectl --as`), forbidden (the 403),
decisions (the record of every decision).
"""

from .chain import DEFAULT_MODE, Authorization, parse_modes
from .decisions import Decision

__all__ = ["Authorization", "DEFAULT_MODE", "Decision", "parse_modes"]
