"""The objects a writing command acts on, as kubectl's resource.Builder finds them.

Follows `staging/src/k8s.io/cli-runtime/pkg/resource/builder.go` (visitorResult: files first, then
selectors and `--all`, then `type/name` tuples, then `type name...`; its error messages),
`visitor.go` (SetNamespace, RequireNamespace's mismatch error, RetrieveLatest; ContinueOnError:
one object's failure does not stop the others) and `info.go` (Info: mapping, namespace, name,
object, source file).

    infos, errors = collect(session, args, filenames=[...], selector="", select_all=False,
                            latest=True)

`errors` are the per-object failures (printed after the others succeed); a malformed command line
raises at once.
"""

from __future__ import annotations

from .client import ACCEPT_JSON
from .discovery import APIResource
from .errors import CommandError, KubectlError, StatusError, error
from .mutation import Failure

MISSING_RESOURCE = """You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'"""


class Info:
    """One object: its resource (mapping), namespace (None when cluster-scoped), name, the object
    (from a file, a list, or fetched; None until then) and the file it came from."""

    __slots__ = ("resource", "namespace", "name", "obj", "source")

    def __init__(self, resource: APIResource, namespace: str | None, name: str, obj: dict | None = None,
                 source: str = ""):
        self.resource, self.namespace, self.name, self.obj, self.source = resource, namespace, name, obj, source

    def path(self, subresource: str = "") -> str:
        p = self.resource.path(self.namespace if self.resource.namespaced else None, self.name)
        return f"{p}/{subresource}" if subresource else p

    @property
    def kind_string(self) -> str:
        """`deployment.apps`: the mapping's kind and group, as delete, label ... print it."""
        return self.resource.kind_qualified

    def get(self, session) -> dict:
        """info.Get(): the live object, with apiVersion and kind."""
        self.obj = typed(session.client.get(self.path(), accept=ACCEPT_JSON, caller="helper.go:105"),
                         self.resource)
        return self.obj

    def __repr__(self) -> str:
        return f"Info({self.kind_string}/{self.name}, ns={self.namespace})"


def typed(obj: dict, res: APIResource) -> dict:
    if obj.get("apiVersion") and obj.get("kind"):
        return obj
    return {"apiVersion": res.group_version, "kind": res.kind, **obj}


def collect(session, args: list[str], *, filenames=(), recursive: bool = False, selector: str = "",
            field_selector: str = "", select_all: bool = False, all_namespaces: bool = False,
            latest: bool = True, enforce_namespace: bool | None = None,
            default_namespace: bool = True) -> tuple[list[Info], list[KubectlError]]:
    """(infos, per-object errors) for a command's arguments and flags."""
    namespace, explicit = session.namespace()
    if enforce_namespace is None:
        enforce_namespace = explicit
    if all_namespaces:
        namespace = ""
    if select_all and selector:
        raise error(f"found non-empty label selector \"{selector}\" with previously set 'all' parameter. ")
    if filenames:
        if args:
            if any("/" in a for a in args):
                raise error("resource/name arguments cannot be provided when a path is specified")
            raise error("when paths, URLs, or stdin is provided as input, you may not specify resource "
                        "arguments as well")
        return _from_files(session, filenames, recursive, namespace, enforce_namespace, latest)
    if select_all:
        selector = selector or ""
    tuples = [a for a in args if "/" in a]
    if selector or field_selector or select_all:
        if tuples:
            raise error("selectors and the all flag cannot be used when passing resource/name arguments")
        if not args:
            raise error("at least one resource must be specified to use a selector")
        if len(args) > 1:
            raise error("name cannot be provided when a selector is specified")
        return _by_selector(session, args[0], namespace, selector, field_selector)
    if tuples:
        if len(tuples) != len(args):
            raise error("there is no need to specify a resource type as a separate argument when passing "
                        "arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead "
                        "of 'kubectl get resource resource/<resource_name>'")
        infos = []
        for a in args:
            if a.count("/") > 1:
                raise error("arguments in resource/name form may not have more than one slash")
            kind, _, name = a.partition("/")
            if not kind or not name:
                raise error("arguments in resource/name form must have a single resource and name")
            res = session.discovery.resolve(kind)
            infos.append(Info(res, _named_namespace(res, namespace, all_namespaces), name))
        return _latest(session, infos) if latest else (infos, [])
    if not args:
        raise CommandError("error: " + MISSING_RESOURCE)
    types = [t for t in args[0].split(",") if t]
    if len(args) == 1:
        for t in types:
            _resolve_types(session, t)
        raise error("resource(s) were provided, but no name was specified")
    if len(types) > 1:
        raise error("you must specify only one resource")
    res = session.discovery.resolve(types[0])
    infos = [Info(res, _named_namespace(res, namespace, all_namespaces), name) for name in args[1:]]
    return _latest(session, infos) if latest else (infos, [])


def _named_namespace(res: APIResource, namespace: str, all_namespaces: bool) -> str | None:
    if not res.namespaced:
        return None
    if not namespace:
        raise error("a resource cannot be retrieved by name across all namespaces" if all_namespaces
                    else "namespace may not be empty when retrieving a resource by name")
    return namespace


def _resolve_types(session, word: str) -> list[APIResource]:
    expanded = session.discovery.category(word) if "." not in word else None
    if expanded is not None:
        try:
            return [session.discovery.resolve(word)]
        except CommandError:
            return expanded
    return [session.discovery.resolve(word)]


def _latest(session, infos: list[Info]) -> tuple[list[Info], list[KubectlError]]:
    out, errors = [], []
    for info in infos:
        try:
            info.get(session)
            out.append(info)
        except StatusError as e:
            errors.append(e)
    return out, errors


def _by_selector(session, types_arg: str, namespace: str, selector: str, field_selector: str):
    infos: list[Info] = []
    resources: list[APIResource] = []
    for t in (t for t in types_arg.split(",") if t):
        resources.extend(_resolve_types(session, t))
    errors: list[KubectlError] = []
    for res in resources:
        query = {"limit": "500"}
        if selector:
            query["labelSelector"] = selector
        if field_selector:
            query["fieldSelector"] = field_selector
        path = res.path(namespace or None if res.namespaced else None)
        while True:
            try:
                page = session.client.get(path, query, accept=ACCEPT_JSON, caller="helper.go:113")
            except StatusError as e:
                errors.append(e)
                break
            for item in page.get("items") or []:
                meta = item.get("metadata") or {}
                infos.append(Info(res, meta.get("namespace") if res.namespaced else None, meta.get("name", ""),
                                  typed(item, res)))
            token = (page.get("metadata") or {}).get("continue")
            if not token:
                break
            query = {**query, "continue": token}
    return infos, errors


def _from_files(session, filenames, recursive: bool, namespace: str, enforce: bool, latest: bool):
    from .resources import read_files
    infos: list[Info] = []
    errors: list[KubectlError] = []
    for source, obj in read_files(list(filenames), recursive, session.stdin):
        meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
        try:
            res = mapping_for(session, obj, source)
        except KubectlError as e:
            errors.append(e)
            continue
        ns = None
        if res.namespaced:
            ns = meta.get("namespace") or ""
            if not ns:
                ns = namespace
                obj = {**obj, "metadata": {**meta, "namespace": ns}}
            elif enforce and ns != namespace:
                errors.append(Failure(f'the namespace from the provided object "{ns}" does not match the '
                                      f'namespace "{namespace}". You must pass \'--namespace={ns}\' to perform '
                                      "this operation."))
                continue
        infos.append(Info(res, ns, meta.get("name", ""), obj, source))
    if latest:
        out = []
        for info in infos:
            try:
                info.get(session)
                out.append(info)
            except StatusError as e:
                errors.append(e)
        infos = out
    return infos, errors


def mapping_for(session, obj: dict, source: str = "") -> APIResource:
    """The resource of an object's apiVersion and kind (RESTMapping), or kubectl's error."""
    api_version, kind = obj.get("apiVersion", ""), obj.get("kind", "")
    group, _, version = api_version.rpartition("/")
    for attempt in (0, 1):
        docs = session.discovery.documents
        for r in docs.resources:
            if r.kind == kind and r.group == group and r.version == version:
                return r
        if attempt == 0:
            session.discovery.invalidate()
    meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    raise Failure(f'resource mapping not found for name: "{meta.get("name", "")}" namespace: '
                  f'"{meta.get("namespace", "")}" from "{source}": no matches for kind "{kind}" in version '
                  f'"{api_version}"\nensure CRDs are installed first')
