"""`kubectl create role|clusterrole|rolebinding|clusterrolebinding`.

Follows `staging/src/k8s.io/kubectl/pkg/cmd/create/create_role.go` (verbs deduplicated, `*`
alone; `--resource` as resource[.group][/subresource] mapped through discovery, one rule per API
group; the special verbs use/bind/escalate/impersonate and their allowed resources; the warning
`'<verb>' is not a standard resource verb`), create_clusterrole.go (non-resource URLs,
aggregation rules), create_rolebinding.go and create_clusterrolebinding.go (subjects in the order
users, groups, service accounts).
"""

from __future__ import annotations

from .. import generators as gen
from ..errors import CommandError, no_resource_type
from ..flags import STRING, STRING_ARRAY, STRING_SLICE
from ..generators import GeneratorError
from ..mutation import Failure, required_flag
from ..registry import command
from .create import _common, _prepare, generator_error, submit

VALID_RESOURCE_VERBS = ("*", "get", "delete", "list", "create", "update", "patch", "watch", "proxy",
                        "deletecollection", "use", "bind", "escalate", "impersonate")
VALID_NON_RESOURCE_VERBS = ("*", "get", "post", "put", "delete", "patch", "head", "options")
SPECIAL_VERBS = {
    "use": (("policy", "podsecuritypolicies"), ("extensions", "podsecuritypolicies")),
    "bind": (("rbac.authorization.k8s.io", "roles"), ("rbac.authorization.k8s.io", "clusterroles")),
    "escalate": (("rbac.authorization.k8s.io", "roles"), ("rbac.authorization.k8s.io", "clusterroles")),
    "impersonate": (("", "users"), ("", "serviceaccounts"), ("", "groups"), ("authentication.k8s.io", "userextras")),
}


def role_flags(fs) -> None:
    _common(fs)
    fs.add("verb", STRING_SLICE)
    fs.add("resource", STRING_SLICE)
    fs.add("resource-name", STRING_ARRAY)


def clusterrole_flags(fs) -> None:
    role_flags(fs)
    fs.add("non-resource-url", STRING_SLICE)
    fs.add("aggregation-rule", STRING)


def _dedupe(items) -> list[str]:
    out: list[str] = []
    for x in items:
        if x not in out:
            out.append(x)
    return out


def _verbs(items) -> list[str]:
    return ["*"] if "*" in items else _dedupe(items)


def _resources(words) -> list[tuple[str, str, str]]:
    """(group, resource, subresource) as written; `*` alone stops the list."""
    out = []
    for r in words:
        section, _, sub = r.partition("/")
        name, _, group = section.partition(".")
        if name == "*" and not group and not sub:
            return [("", "*", "")]
        out.append((group, name, sub))
    return out


def _map(session, group: str, resource: str):
    """mapper.ResourceFor: (group, plural) through discovery, or the error it gives."""
    try:
        found = session.discovery.resolve(f"{resource}.{group}" if group else resource)
    except CommandError:
        found = None
    if found is None or (group and found.group != group):
        # a NoResourceMatchError reaches checkErr as it is: no `error: ` prefix
        return None, CommandError(no_resource_type(resource, group).message[len("error: "):])
    return (found.group, found.name), None


def _validate_resources(session, verbs, resources) -> list[tuple[str, str, str]]:
    mapped = []
    for group, name, sub in resources:
        if not name:
            raise Failure("resource must be specified if apiGroup/subresource specified")
        if name == "*":
            mapped.append((group, name, sub))
            continue
        gr, err = _map(session, group, name)
        g, r = gr if gr else (group, name)
        for v in verbs:
            allowed = SPECIAL_VERBS.get(v)
            if allowed is not None:
                if (g, r) not in allowed:
                    raise Failure(f"can not perform '{v}' on '{r}' in group '{g}'")
                err = None
        if err is not None:
            raise err
        mapped.append((g, r, sub))
    return mapped


def _mapped(session, resources) -> list[tuple[str, str, str]]:
    out = []
    for group, name, sub in resources:
        gr, _ = _map(session, group, name) if name != "*" else (None, None)
        g, r = gr if gr else (group, name)
        out.append((g, r, sub))
    return out


def _warn_verbs(session, verbs) -> None:
    for v in verbs:
        if v not in VALID_RESOURCE_VERBS:
            session.err.write(f"Warning: '{v}' is not a standard resource verb\n")


@command("create role", flags=role_flags, short="Create a role with single rule")
def create_role(session, args: list[str]) -> int:
    name, ns = _prepare(session, args)
    f = session.flags
    verbs = _verbs(f["verb"]) if f["verb"] else []
    resources = _resources(f["resource"])
    if not verbs:
        raise Failure("at least one verb must be specified")
    _warn_verbs(session, verbs)
    if not resources:
        raise Failure("at least one resource must be specified")
    _validate_resources(session, verbs, resources)
    rules = gen.policy_rules(verbs, _mapped(session, resources), _dedupe(f["resource-name"]))
    return submit(session, gen.role(name, rules, ns), "roles", "rbac.authorization.k8s.io")


@command("create clusterrole", flags=clusterrole_flags, short="Create a cluster role")
def create_clusterrole(session, args: list[str]) -> int:
    name, _ = _prepare(session, args)
    f = session.flags
    verbs = _verbs(f["verb"]) if f["verb"] else []
    resources = _resources(f["resource"])
    urls = _dedupe(f["non-resource-url"])
    names = _dedupe(f["resource-name"])
    aggregation = _map_string_string(f["aggregation-rule"])
    if aggregation:
        if urls or verbs or resources or names:
            raise Failure("aggregation rule must be specified without nonResourceURLs, verbs, resources or "
                          "resourceNames")
        rule = {"clusterRoleSelectors": [{"matchLabels": dict(sorted(aggregation.items()))}]}
        return submit(session, gen.role(name, [], kind="ClusterRole", aggregation_rule=rule), "clusterroles",
                      "rbac.authorization.k8s.io", namespaced=False)
    if not verbs:
        raise Failure("at least one verb must be specified")
    if not resources and not urls:
        raise Failure("one of resource or nonResourceURL must be specified")
    if resources:
        _warn_verbs(session, verbs)
        _validate_resources(session, verbs, resources)
    if urls:
        for v in verbs:
            if v not in VALID_NON_RESOURCE_VERBS:
                raise Failure(f"invalid verb: '{v}' for nonResourceURL")
        for url in urls:
            if url == "*":
                continue
            if not url.startswith("/"):
                raise Failure("nonResourceURL should start with /")
            if "*" in url[:-1]:
                raise Failure("nonResourceURL only supports wildcard matches when '*' is at the end")
    rules = gen.policy_rules(verbs, _mapped(session, resources), names, urls)
    return submit(session, gen.role(name, rules, kind="ClusterRole"), "clusterroles",
                  "rbac.authorization.k8s.io", namespaced=False)


def _map_string_string(text: str) -> dict:
    """cliflag.MapStringString: `k=v,k2=v2`."""
    out = {}
    for pair in (p for p in text.split(",") if p) if text else ():
        k, eq, v = pair.partition("=")
        if not eq:
            raise Failure(f'invalid argument "{text}" for "--aggregation-rule" flag: malformed pair, '
                          f'expect string=string')
        out[k.strip()] = v
    return out


def _take_users(session) -> list[str]:
    """The command's own --user (a list) shadows kubectl's global --user, as a local flag
    shadows a persistent one in cobra: the kubeconfig user stays the context's."""
    users = session.flags.get("user") or []
    session.flags["user"] = ""
    return list(users)


def binding_flags(cluster: bool):
    def add(fs) -> None:
        _common(fs)
        fs.add("clusterrole", STRING)
        if not cluster:
            fs.add("role", STRING)
        fs.add("user", STRING_ARRAY)
        fs.add("group", STRING_ARRAY)
        fs.add("serviceaccount", STRING_ARRAY)
    return add


@command("create rolebinding", flags=binding_flags(False), short="Create a role binding for a particular role "
         "or cluster role")
def create_rolebinding(session, args: list[str]) -> int:
    users = _take_users(session)
    name, ns = _prepare(session, args)
    f = session.flags
    if bool(f["role"]) == bool(f["clusterrole"]):
        raise Failure("exactly one of clusterrole or role must be specified")
    kind, ref = ("Role", f["role"]) if f["role"] else ("ClusterRole", f["clusterrole"])
    try:
        subjects = gen.subjects(users, f["group"], f["serviceaccount"])
    except GeneratorError as e:
        raise generator_error(e) from None
    return submit(session, gen.binding(name, kind, ref, subjects, ns), "rolebindings", "rbac.authorization.k8s.io",
                  wrap="failed to create rolebinding: ")


@command("create clusterrolebinding", flags=binding_flags(True), short="Create a cluster role binding for a "
         "particular cluster role")
def create_clusterrolebinding(session, args: list[str]) -> int:
    required_flag(session, "clusterrole")
    users = _take_users(session)
    name, _ = _prepare(session, args)
    f = session.flags
    try:
        subjects = gen.subjects(users, f["group"], f["serviceaccount"])
    except GeneratorError as e:
        raise generator_error(e) from None
    return submit(session, gen.binding(name, "ClusterRole", f["clusterrole"], subjects, kind="ClusterRoleBinding"),
                  "clusterrolebindings", "rbac.authorization.k8s.io", namespaced=False,
                  wrap="failed to create clusterrolebinding: ")
