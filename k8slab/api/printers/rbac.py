"""Group rbac.authorization.k8s.io: rolebindings and clusterrolebindings.

Follows `pkg/printers/internalversion/printers.go` (`printRoleBinding`, `printClusterRoleBinding`)
and `pkg/apis/rbac/helpers.go` (`SubjectsStrings`). Roles and clusterroles have no printer upstream:
they get the default table (NAME, CREATED AT).

Differences from upstream: none known.
"""

from __future__ import annotations

from .common import AGE, NAME, Printer, age, column, name_of


def _binding_columns(kind: str) -> tuple[dict, ...]:
    return (
        NAME,
        column("Role", "string", "The role the binding grants, as Kind/name (roleRef)."),
        AGE,
        column("Users", "string", f"Users in the {kind}", priority=1),
        column("Groups", "string", f"Groups in the {kind}", priority=1),
        column("ServiceAccounts", "string", f"ServiceAccounts in the {kind}", priority=1),
    )


def subjects_strings(subjects: list | None) -> tuple[list[str], list[str], list[str], list[str]]:
    """Users, groups, service accounts (`ns/name`) and other subjects (`Kind/ns/name`)."""
    users, groups, service_accounts, others = [], [], [], []
    for subject in subjects or []:
        kind, name, namespace = subject.get("kind"), subject.get("name", ""), subject.get("namespace", "")
        if kind == "ServiceAccount":
            service_accounts.append(f"{namespace}/{name}")
        elif kind == "User":
            users.append(name)
        elif kind == "Group":
            groups.append(name)
        else:
            others.append(f"{kind}/{namespace}/{name}")
    return users, groups, service_accounts, others


def print_binding(obj: dict, now: float) -> list:
    role_ref = obj.get("roleRef") or {}
    users, groups, service_accounts, _ = subjects_strings(obj.get("subjects"))
    return [name_of(obj), f"{role_ref.get('kind', '')}/{role_ref.get('name', '')}", age(obj, now),
            ", ".join(users), ", ".join(groups), ", ".join(service_accounts)]


PRINTERS = {
    "rolebindings": Printer(_binding_columns("roleBinding"), print_binding),
    "clusterrolebindings": Printer(_binding_columns("clusterRoleBinding"), print_binding),
}
