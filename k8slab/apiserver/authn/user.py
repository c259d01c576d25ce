"""Who a request is from: user info dicts in the shape of authentication.k8s.io/v1 UserInfo
(`username`, `uid`, `groups`, `extra`), and the well-known users and groups.

Follows `staging/src/k8s.io/apiserver/pkg/authentication/user/user.go` (the constants),
`.../authentication/group/authenticated_group_adder.go` (system:authenticated is added to
every authenticated user but system:anonymous, unless a user already carries
system:authenticated or system:unauthenticated) and
`pkg/kubeapiserver/server/insecure_handler.go` of v1.11 (`system:unsecured` for the insecure
port).
"""

from __future__ import annotations

ANONYMOUS = "system:anonymous"
ALL_UNAUTHENTICATED = "system:unauthenticated"
ALL_AUTHENTICATED = "system:authenticated"
SYSTEM_PRIVILEGED_GROUP = "system:masters"
NODES_GROUP = "system:nodes"
NODE_USER_PREFIX = "system:node:"
KUBE_CONTROLLER_MANAGER = "system:kube-controller-manager"
KUBE_SCHEDULER = "system:kube-scheduler"
CREDENTIAL_ID_KEY = "authentication.kubernetes.io/credential-id"


def user_info(username: str, groups=(), uid: str = "", extra: dict | None = None) -> dict:
    """A UserInfo dict without its empty fields (as the JSON of a UserInfo omits them)."""
    out = {"username": username}
    if uid:
        out["uid"] = uid
    out["groups"] = list(groups)
    if extra:
        out["extra"] = {k: list(v) for k, v in extra.items()}
    return out


def with_authenticated_group(user: dict) -> dict:
    """AuthenticatedGroupAdder."""
    groups = user.get("groups") or []
    if user.get("username") == ANONYMOUS or ALL_AUTHENTICATED in groups or ALL_UNAUTHENTICATED in groups:
        return user
    return {**user, "groups": [*groups, ALL_AUTHENTICATED]}


def anonymous() -> dict:
    """anonymous.NewAuthenticator's user."""
    return user_info(ANONYMOUS, [ALL_UNAUTHENTICATED])


def insecure_superuser() -> dict:
    """The user of every request on v1.11's insecure port (insecureSuperuser)."""
    return user_info("system:unsecured", [SYSTEM_PRIVILEGED_GROUP, ALL_AUTHENTICATED])


def in_process_admin() -> dict:
    """Requests handed straight to the APIServer (Cluster's client, notebooks) without credentials."""
    return user_info("system:admin", [SYSTEM_PRIVILEGED_GROUP, ALL_AUTHENTICATED])


def component_user(name: str) -> dict:
    """The identity a control-plane component or kubelet presents with its kubeconfig:
    `system:kube-controller-manager`, `system:kube-scheduler`, `system:node:<name>`."""
    if name.startswith(NODE_USER_PREFIX):
        return user_info(name, [NODES_GROUP, ALL_AUTHENTICATED])
    return user_info(name, [ALL_AUTHENTICATED])
