"""Which resources the server offers, and what a word on kubectl's command line names.

Follows client-go's `discovery/discovery_client.go` (aggregated discovery from `/api` and `/apis`
with the apidiscovery.k8s.io/v2 Accept; the legacy per-group-version documents when the server
answers with plain APIVersions / APIGroupList), `restmapper/shortcut.go` (short names),
`apimachinery/pkg/api/meta/restmapper.go` and `priority.go` (plural, singular and kind
matching, case-insensitive; the first group in discovery order wins, core first; preferred
versions first), `schema.ParseResourceArg` (`deployments.apps`, `deployments.v1.apps`) and
`restmapper/category_expansion.go` (`all`).

    d = Discovery(client)
    d.resolve("deploy")            -> APIResource(deployments, apps/v1)
    d.resolve("deployments.apps")  -> the same
    d.category("all")              -> pods, services, daemonsets, deployments, ...

Differences from upstream: no disk cache (kubectl keeps one under ~/.kube/cache); the in-process
transport keeps the documents for the life of the transport instead, and a word that does not
resolve refreshes them once, as kubectl's deferred mapper does.
"""

from __future__ import annotations

from collections import namedtuple

from .client import ACCEPT_DISCOVERY, RESTClient
from .errors import ConnectionFailed, no_resource_type

AGGREGATED_MARK = "as=APIGroupDiscoveryList"
UNHANDLED_ERROR_LINES = 5


def _go_quote(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


class APIResource(namedtuple("APIResource", "name singular namespaced group version kind verbs short_names "
                                            "categories preferred", defaults=((), (), (), True))):
    """One resource of one group/version: `name` is the plural ("deployments"), `preferred` says
    whether the version is its group's preferred one. (A namedtuple: cheap to build and hashable.)"""

    __slots__ = ()

    @property
    def group_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version

    @property
    def qualified(self) -> str:
        """`deployments.apps`, `pods`: how kubectl names the resource in messages."""
        return f"{self.name}.{self.group}" if self.group else self.name

    @property
    def kind_qualified(self) -> str:
        """`deployment.apps`, `pod`: the prefix of `-o name` and of `get` row names."""
        kind = self.kind.lower()
        return f"{kind}.{self.group}" if self.group else kind

    def path(self, namespace: str | None = None, name: str = "") -> str:
        base = f"/apis/{self.group}/{self.version}" if self.group else f"/api/{self.version}"
        if self.namespaced and namespace:
            base += f"/namespaces/{namespace}"
        base += f"/{self.name}"
        return f"{base}/{name}" if name else base


class Documents:
    """What discovery returned: groups in server order and every resource of every version."""

    def __init__(self):
        self.groups: list[tuple[str, list[str], str]] = []      # (group, versions, preferred)
        self.resources: list[APIResource] = []


class Discovery:
    """Discovery documents for one server, fetched on first use."""

    def __init__(self, client: RESTClient, cache: dict | None = None):
        self.client = client
        self.cache = cache if cache is not None else {}

    @property
    def documents(self) -> Documents:
        docs = self.cache.get("documents")
        if docs is None:
            docs = self.cache["documents"] = self.fetch()
        return docs

    def invalidate(self) -> None:
        self.cache.pop("documents", None)

    # ---- fetching ------------------------------------------------------------------------------

    def fetch(self) -> Documents:
        try:
            return self._fetch()
        except ConnectionFailed as e:
            # memcache.go logs each failed attempt of the deferred mapper (five for a resource command)
            for _ in range(UNHANDLED_ERROR_LINES):
                self.client.log.error("memcache.go:265", '"Unhandled Error" err="couldn\'t get current server API '
                                      f'group list: {_go_quote(e.go_error())}"')
            raise

    def _fetch(self) -> Documents:
        docs = Documents()
        api = self.client.request("GET", "/api", {"timeout": "32s"}, accept=ACCEPT_DISCOVERY,
                                  caller="discovery_client.go:253")
        apis = self.client.request("GET", "/apis", {"timeout": "32s"}, accept=ACCEPT_DISCOVERY,
                                   caller="discovery_client.go:319")
        for reply, legacy in ((api, True), (apis, False)):
            data = reply.json() or {}
            if AGGREGATED_MARK in (reply.content_type or "") or data.get("kind") == "APIGroupDiscoveryList":
                _add_aggregated(docs, data)
            elif legacy:
                for v in data.get("versions") or []:
                    self._add_legacy_gv(docs, "", [v], v)
            else:
                for g in data.get("groups") or []:
                    versions = [v["version"] for v in g.get("versions") or []]
                    preferred = (g.get("preferredVersion") or {}).get("version") or (versions[0] if versions else "")
                    self._add_legacy_gv(docs, g["name"], versions, preferred)
        return docs

    def _add_legacy_gv(self, docs: Documents, group: str, versions: list[str], preferred: str) -> None:
        docs.groups.append((group, versions, preferred))
        order = [preferred] + [v for v in versions if v != preferred]
        for v in order:
            path = f"/apis/{group}/{v}" if group else f"/api/{v}"
            lst = self.client.get(path, {"timeout": "32s"}, accept="application/json, */*",
                                  caller="discovery_client.go:610")
            for r in (lst or {}).get("resources") or []:
                if "/" in r["name"]:
                    continue
                docs.resources.append(APIResource(
                    r["name"], r.get("singularName") or r["kind"].lower(), bool(r.get("namespaced")),
                    group, v, r["kind"], tuple(r.get("verbs") or ()), tuple(r.get("shortNames") or ()),
                    tuple(r.get("categories") or ()), v == preferred))

    # ---- lookups ------------------------------------------------------------------------------

    def preferred(self) -> list[APIResource]:
        return [r for r in self.documents.resources if r.preferred]

    def server_preferred(self) -> list[APIResource]:
        """ServerPreferredResources: per group, each resource from the first of the group's
        versions (preferred first) that has it."""
        docs = self.documents
        by_gv: dict[tuple[str, str], list[APIResource]] = {}
        for r in docs.resources:
            by_gv.setdefault((r.group, r.version), []).append(r)
        out = []
        for group, versions, preferred in docs.groups:
            seen = set()
            for v in [preferred] + [x for x in versions if x != preferred]:
                for r in by_gv.get((group, v), []):
                    if r.name not in seen:
                        seen.add(r.name)
                        out.append(r)
        return out

    def resolve(self, arg: str) -> APIResource:
        """The resource a word names; the server doesn't have it -> kubectl's error."""
        found = self._resolve(self.documents, arg)
        if found is None and "documents" in self.cache:
            self.invalidate()                         # maybe new since the documents were fetched
            found = self._resolve(self.documents, arg)
        if found is None:
            raise no_resource_type(arg.split(".", 1)[0])
        return found

    def lookup(self, arg: str) -> APIResource | None:
        """The resource a word names in the documents at hand (no refresh, no error)."""
        return self._resolve(self.documents, arg)

    def category(self, name: str) -> list[APIResource] | None:
        """The resources of a category (`all`), in discovery order; None if no resource has it."""
        out = [r for r in self.preferred() if name in r.categories]
        return out or None

    @staticmethod
    def _resolve(docs: Documents, arg: str) -> APIResource | None:
        word = arg
        candidates: list[tuple[str, str, str]] = []
        if word.count(".") >= 2:                     # resource.version.group
            r, v, g = word.split(".", 2)
            candidates.append((r, g.lower(), v.lower()))
        if "." in word:                              # resource.group
            r, g = word.split(".", 1)
            candidates.append((r, g.lower(), ""))
        candidates.append((word, "", ""))
        for resource, group, version in candidates:
            found = _match(docs.resources, resource, group, version)
            if found is not None:
                return found
        return None


def _match(resources: list[APIResource], word: str, group: str, version: str) -> APIResource | None:
    def in_scope(r: APIResource) -> bool:
        return (not group or r.group == group) and (not version or r.version == version)

    # the shortcut expander runs first (case-sensitive): a short name stands for its resource;
    # the REST mapper then matches plural, singular or kind in lower case
    for r in resources:
        if in_scope(r) and r.preferred and word in r.short_names:
            word, group = r.name, r.group
            break
    word = word.lower()
    best = None
    for r in resources:
        if not in_scope(r):
            continue
        if word in (r.name, r.singular, r.kind.lower()):
            if version or r.preferred:
                return r
            best = best or r
    return best


def _add_aggregated(docs: Documents, data: dict) -> None:
    for item in data.get("items") or []:
        group = (item.get("metadata") or {}).get("name", "")
        versions = [v["version"] for v in item.get("versions") or []]
        if not versions:
            continue
        docs.groups.append((group, versions, versions[0]))
        for v in item["versions"]:
            for r in v.get("resources") or []:
                kind = (r.get("responseKind") or {}).get("kind", "")
                docs.resources.append(APIResource(
                    r["resource"], r.get("singularResource") or kind.lower(), r.get("scope") == "Namespaced",
                    group, v["version"], kind, tuple(r.get("verbs") or ()), tuple(r.get("shortNames") or ()),
                    tuple(r.get("categories") or ()), v["version"] == versions[0]))
