"""What an authorizer is asked: who, which verb, on what (a resource or a URL path).

Follows `staging/src/k8s.io/apiserver/pkg/authorization/authorizer/interfaces.go`
(AttributesRecord), `.../endpoints/filters/authorization.go` (GetAuthorizerAttributes) and the
parts of `.../endpoints/request/requestinfo.go` that decide what is authorized:
- a resource request's verb comes from the method: POST create, GET get / list / watch, PUT
  update, PATCH patch, DELETE delete / deletecollection;
- a list or watch whose fieldSelector pins `metadata.name=x` is authorized for the name x;
- `/api/v1/namespaces/x` (and its status and finalize) lie in namespace x, so a RoleBinding in x
  can let a user read the namespace itself;
- any other path is a non-resource request whose verb is the method in lower case.
`impersonate`, `bind`, `escalate`, `approve`... are verbs the server itself asks about.

The user is the dict authentication gives: {"username", "groups", "uid", "extra"}.

Differences from upstream: the legacy `/api/v1/watch/...` prefix is not recognised; label and
field selector requirements are kept as their query strings.
"""

from __future__ import annotations

NON_RESOURCE = ""


class Attributes:
    """One question to the authorizers (authorizer.AttributesRecord)."""

    __slots__ = ("user", "verb", "namespace", "api_group", "api_version", "resource", "subresource",
                 "name", "resource_request", "path", "field_selector", "label_selector")

    def __init__(self, user: dict, verb: str, *, namespace: str = "", api_group: str = "",
                 api_version: str = "", resource: str = "", subresource: str = "", name: str = "",
                 resource_request: bool = True, path: str = "", field_selector: str = "",
                 label_selector: str = ""):
        self.user = user
        self.verb = verb
        self.namespace = namespace or ""
        self.api_group = api_group or ""
        self.api_version = api_version or ""
        self.resource = resource or ""
        self.subresource = subresource or ""
        self.name = name or ""
        self.resource_request = resource_request
        self.path = path
        self.field_selector = field_selector
        self.label_selector = label_selector

    # the user, as user.Info offers it
    @property
    def username(self) -> str:
        return (self.user or {}).get("username", "")

    @property
    def groups(self) -> list[str]:
        return (self.user or {}).get("groups") or []

    @property
    def combined_resource(self) -> str:
        """`pods/log` for a subresource, `pods` otherwise (what RBAC rules name)."""
        return f"{self.resource}/{self.subresource}" if self.subresource else self.resource

    def to_dict(self) -> dict:
        """ResourceAttributes / NonResourceAttributes as a SubjectAccessReview spec carries them."""
        if not self.resource_request:
            return {"path": self.path, "verb": self.verb}
        out = {"namespace": self.namespace, "verb": self.verb, "group": self.api_group,
               "version": self.api_version, "resource": self.resource,
               "subresource": self.subresource, "name": self.name}
        return {k: v for k, v in out.items() if v}

    def describe(self) -> str:
        """A short human line: `list pods in namespace work`, `get /healthz`."""
        if not self.resource_request:
            return f"{self.verb} {self.path}"
        what = self.combined_resource
        if self.api_group:
            what = f"{what}.{self.api_group}"
        if self.name:
            what = f'{what} "{self.name}"'
        where = f" in namespace {self.namespace}" if self.namespace else " (cluster scope)"
        return f"{self.verb} {what}{where}"

    def __repr__(self) -> str:
        return f"Attributes({self.username!r} {self.describe()})"


def name_from_field_selector(selector: str) -> str:
    """The name a `metadata.name=x` (or `==`) requirement pins, as RequiresExactMatch finds it."""
    for part in selector.split(","):
        key, op, value = _split_requirement(part)
        if key == "metadata.name" and op in ("=", "=="):
            return value
    return ""


def _split_requirement(part: str) -> tuple[str, str, str]:
    for op in ("!=", "==", "="):
        i = part.find(op)
        if i >= 0:
            return part[:i].strip(), op, part[i + len(op):].strip()
    return part.strip(), "", ""


def field_requirements(selector: str) -> list[tuple[str, str, str]]:
    """(field, operator, value) for each comma-separated term of a field selector."""
    return [_split_requirement(p) for p in selector.split(",") if p.strip()]


def _valid_path_segment(name: str) -> bool:
    return name not in (".", "..") and "/" not in name and "%" not in name


def from_request(user: dict, method: str, path: str, query: dict, info) -> Attributes:
    """The attributes of an HTTP request, given the RequestInfo `parse_path` made of it."""
    if not info.is_resource:
        return Attributes(user, method.lower(), resource_request=False, path=path)
    verb = info.verb
    name = info.name
    namespace = info.namespace or ""
    fields = query.get("fieldSelector", "")
    if not name and verb in ("list", "watch") and fields:
        pinned = name_from_field_selector(fields)
        if pinned and _valid_path_segment(pinned):
            name = pinned
    if info.resource == "namespaces" and info.name:
        namespace = info.name
    if method == "HEAD" and verb == "head":
        verb = "get" if name else "list"
    return Attributes(user, verb, namespace=namespace, api_group=info.group,
                      api_version=info.version, resource=info.resource,
                      subresource=info.subresource, name=name, path=path,
                      field_selector=fields, label_selector=query.get("labelSelector", ""))


def from_spec(user: dict, spec: dict) -> Attributes:
    """The attributes a SubjectAccessReview spec describes (authorizationutil.ResourceAttributesFrom
    and NonResourceAttributesFrom)."""
    ra = spec.get("resourceAttributes")
    if ra is not None:
        fs = ((ra.get("fieldSelector") or {}).get("rawSelector")) or ""
        ls = ((ra.get("labelSelector") or {}).get("rawSelector")) or ""
        return Attributes(user, ra.get("verb", ""), namespace=ra.get("namespace", ""),
                          api_group=ra.get("group", ""), api_version=ra.get("version", ""),
                          resource=ra.get("resource", ""), subresource=ra.get("subresource", ""),
                          name=ra.get("name", ""), field_selector=fs, label_selector=ls)
    nra = spec.get("nonResourceAttributes") or {}
    return Attributes(user, nra.get("verb", ""), resource_request=False, path=nra.get("path", ""))
