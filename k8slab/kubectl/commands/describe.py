"""`kubectl describe`: the command's side; the text of each kind comes from k8slab.kubectl.describe.

Follows `staging/src/k8s.io/kubectl/pkg/cmd/describe/describe.go` (Run: the arguments name
objects as for `get`; `describe TYPE NAME` with no exact match describes every object whose
name starts with NAME; `-l` lists by selector; descriptions separated by a blank line; errors
collected and printed after them).

The hook: for every object this calls

    k8slab.kubectl.describe.describe(session, resource, namespace, name) -> str

(`resource` a discovery.APIResource, `namespace` None for cluster-scoped kinds). The describer
fetches the object and its events through `session.client` itself, as upstream's describers
do, and returns the whole text (kubectl prints it as is).
"""

from __future__ import annotations

from ..client import ACCEPT_JSON
from ..errors import StatusError, error
from ..flags import BOOL, INT, STRING, STRING_ARRAY
from ..registry import command
from ..resources import from_args, from_files


def flags(fs) -> None:
    fs.add("selector", STRING, short="l")
    fs.add("all-namespaces", BOOL, short="A")
    fs.add("filename", STRING_ARRAY, short="f")
    fs.add("recursive", BOOL, short="R")
    fs.add("show-events", BOOL, default=True)
    fs.add("chunk-size", INT, default=500)
    fs.add("kustomize", STRING, short="k")


@command("describe", flags=flags, short="Show details of a specific resource or group of resources")
def describe(session, args: list[str]) -> int:
    import importlib
    try:
        describers = importlib.import_module("k8slab.kubectl.describe")
    except ModuleNotFoundError as e:
        if e.name != "k8slab.kubectl.describe":
            raise
        raise error('"kubectl describe" is not implemented in k8slab yet') from None
    f = session.flags
    if not args and not f["filename"]:
        raise error("You must specify the type of resource to describe. Use \"kubectl api-resources\" "
                    "for a complete list of supported resources.\n")
    namespace, _ = session.namespace()
    all_ns = f["all-namespaces"]
    if f["filename"]:
        targets = from_files(f["filename"], session.discovery, f["recursive"], session.stdin)
    else:
        targets = from_args(args, session.discovery, command="describe")
    errors: list = []
    found: list[tuple] = []              # (resource, namespace, name)
    for t in targets:
        res = t.resource
        ns = (t.namespace or (None if all_ns else namespace)) if res.namespaced else None
        if t.names:
            for name in t.names:
                try:
                    session.client.get(res.path(ns, name), accept=ACCEPT_JSON)
                    found.append((res, ns, name))
                except StatusError as e:
                    if e.http_code == 404 and not f["filename"] and len(args) == 2:
                        # `describe TYPE PREFIX`: DescribeMatchingResources, and nothing else
                        return _describe_matching(session, describers, res, ns, name, e)
                    errors.append(e)
        else:
            found.extend((res, n_ns, n) for n_ns, n in _names(session, res, ns, f["selector"]))
    first = True
    for res, ns, name in found:
        try:
            text = describers.describe(session, res, ns, name)
        except StatusError as e:
            errors.append(e)
            continue
        session.out.write(text if first else "\n\n" + text)
        first = False
    if not found and not errors:
        if all_ns:                        # describe.go's Run: the namespace is named otherwise
            session.err.write("No resources found\n")
        else:
            session.err.write(f"No resources found in {namespace} namespace.\n")
    for e in errors:
        session.err.write(e.text() + "\n")
    return 1 if errors else 0


def _describe_matching(session, describers, res, ns, prefix: str, original) -> int:
    """DescribeMatchingResources: every object of the type whose name starts with `prefix`, each
    written as `%s\n`; the original NotFound when none does."""
    found = False
    for n_ns, n in _names(session, res, ns, ""):
        if n.startswith(prefix):
            try:
                text = describers.describe(session, res, n_ns, n)
            except StatusError as e:
                session.err.write(e.text() + "\n")
                return 1
            session.out.write(text + "\n")
            found = True
    if not found:
        session.err.write(original.text() + "\n")
        return 1
    return 0


def _names(session, res, ns, selector: str) -> list[tuple]:
    query = {"limit": "500"}
    if selector:
        query["labelSelector"] = selector
    lst = session.client.get(res.path(ns), query, accept=ACCEPT_JSON)
    return [((i.get("metadata") or {}).get("namespace") if res.namespaced else None,
             (i.get("metadata") or {}).get("name", "")) for i in lst.get("items") or []]
