"""What the resource arguments of a command name, as kubectl's resource.Builder reads them.

Follows `staging/src/k8s.io/cli-runtime/pkg/resource/builder.go` (ResourceTypeOrNameArgs:
`pods`, `pods a b`, `pods,svc`, `pod/a svc/b`, categories such as `all`; FilenameParam for
`-f file|dir|-`; the errors for mixed forms) and `visitor.go` (a file's documents, `List`
kinds flattened). `get`, `describe`, `delete`, `label`... all start here.
"""

from __future__ import annotations

import os
from .discovery import APIResource, Discovery
from .errors import CommandError, error


class Target:
    """One resource type and the names asked for (none: the whole collection); from a file, the
    object's namespace (None: the command's) and the objects themselves."""

    def __init__(self, resource: APIResource, names=None, namespace: str | None = None, objects=None):
        self.resource = resource
        self.names: list[str] = names if names is not None else []
        self.namespace = namespace
        self.objects: list[dict] = objects if objects is not None else []


def split_types(arg: str) -> list[str]:
    return [t for t in arg.split(",") if t]


def from_args(args: list[str], discovery: Discovery, *, command: str = "get") -> list[Target]:
    """`type[,type...] [name...]` or `type/name...`, resolved through discovery."""
    if not args:
        return []
    slashed = [a for a in args if "/" in a]
    if slashed:
        if len(slashed) != len(args):
            raise error("there is no need to specify a resource type as a separate argument when "
                        "passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' "
                        "instead of 'kubectl get resource resource/<resource_name>'")
        targets: list[Target] = []
        for a in args:
            kind, _, name = a.partition("/")
            if not name:
                raise error(f"arguments in resource/name form must have a single resource and name")
            res = discovery.resolve(kind)
            if targets and targets[-1].resource == res:
                targets[-1].names.append(name)
            else:
                targets.append(Target(res, [name]))
        return targets
    types, names = split_types(args[0]), args[1:]
    resources: list[APIResource] = []
    for t in types:
        expanded = discovery.category(t) if not _looks_qualified(t) else None
        if expanded is not None and not _is_resource(discovery, t):
            resources.extend(expanded)
        else:
            resources.append(discovery.resolve(t))
    if names and len(resources) > 1:
        raise error("you must specify only one resource")   # as builder.go for `get pods,svc name`
    return [Target(r, list(names)) for r in resources]


def _looks_qualified(word: str) -> bool:
    return "." in word


def _is_resource(discovery: Discovery, word: str) -> bool:
    try:
        discovery.resolve(word)
        return True
    except CommandError:
        return False


def read_files(paths: list[str], recursive: bool = False, stdin=None) -> list[tuple[str, dict]]:
    """(source, object) for every document of the files, directories (`.json`, `.yaml`, `.yml`)
    or `-` (stdin); `List` kinds are flattened into their items."""
    import yaml
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    out: list[tuple[str, dict]] = []
    for path in paths:
        for source, text in _sources(path, recursive, stdin):
            try:
                docs = list(yaml.load_all(text, Loader=loader))
            except yaml.YAMLError as e:
                raise error(f"error parsing {source}: {e}") from None
            for doc in docs:
                if not doc:
                    continue
                if not isinstance(doc, dict) or "kind" not in doc:
                    raise error(f"error validating \"{source}\": error validating data: invalid object to validate")
                if doc["kind"].endswith("List") and isinstance(doc.get("items"), list):
                    out.extend((source, item) for item in doc["items"])
                else:
                    out.append((source, doc))
    return out


def _sources(path: str, recursive: bool, stdin):
    if path == "-":
        yield "STDIN", (stdin.read() if stdin is not None else "")
        return
    if path.startswith(("http://", "https://")):
        import urllib.request
        with urllib.request.urlopen(path) as r:        # kubectl reads URLs too
            yield path, r.read().decode()
        return
    if not os.path.exists(path):
        raise error(f'the path "{path}" does not exist')
    if os.path.isdir(path):
        for root, dirs, files in os.walk(path):
            dirs.sort()
            for f in sorted(files):
                if f.endswith((".json", ".yaml", ".yml")):
                    with open(os.path.join(root, f)) as fh:
                        yield os.path.join(root, f), fh.read()
            if not recursive:
                break
        return
    with open(path) as fh:
        yield path, fh.read()


def from_files(paths: list[str], discovery: Discovery, recursive: bool = False, stdin=None) -> list[Target]:
    """One Target per object of the files, named by its kind and metadata."""
    targets = []
    for source, obj in read_files(paths, recursive, stdin):
        api_version, kind = obj.get("apiVersion", ""), obj.get("kind", "")
        res = resource_for_kind(discovery, api_version, kind)
        meta = obj.get("metadata") or {}
        targets.append(Target(res, [meta.get("name", "")], meta.get("namespace"), [obj]))
    return targets


def resource_for_kind(discovery: Discovery, api_version: str, kind: str) -> APIResource:
    group, _, version = api_version.rpartition("/")
    for r in discovery.documents.resources:
        if r.kind == kind and r.group == group and r.version == version:
            return r
    for r in discovery.documents.resources:
        if r.kind == kind and r.group == group:
            return r
    raise error(f'resource mapping not found for name: "" namespace: "" from "": no matches for kind '
                f'"{kind}" in version "{api_version}"\nensure CRDs are installed first')
