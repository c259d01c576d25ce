"""`kubectl api-resources` and `kubectl api-versions`.

Follows `staging/src/k8s.io/kubectl/pkg/cmd/apiresources/apiresources.go` (the preferred
resources of every group; filters --api-group, --namespaced, --verbs, --categories; rows
sorted by API group (or --sort-by name|kind), then by name; `-o wide` adds VERBS (sorted) and
CATEGORIES; `-o name` prints `plural.group`) and `apiversions.go` (every group/version,
sorted).
"""

from __future__ import annotations

from ..errors import error
from ..flags import BOOL, STRING, STRING_SLICE
from ..printers.tabwriter import TabWriter
from ..registry import command


def flags(fs) -> None:
    fs.add("output", STRING, short="o")
    fs.add("api-group", STRING)
    fs.add("namespaced", BOOL, default=True)
    fs.add("verbs", STRING_SLICE)
    fs.add("categories", STRING_SLICE)
    fs.add("sort-by", STRING)
    fs.add("no-headers", BOOL)
    fs.add("cached", BOOL)


@command("api-resources", flags=flags, short="Print the supported API resources on the server")
def api_resources(session, args: list[str]) -> int:
    f = session.flags
    output = f["output"]
    if output not in ("", "wide", "name"):
        raise error(f"--output {output} is not available")
    if f["sort-by"] not in ("", "name", "kind"):
        raise error("--sort-by accepts only name or kind")
    if args:
        raise error(f"unexpected arguments: {args}")
    rows = []
    for r in session.discovery.server_preferred():
        if not r.verbs:
            continue
        if f["api-group"] and f["api-group"] != r.group:
            continue
        if "namespaced" in session.changed and f["namespaced"] != r.namespaced:
            continue
        if f["verbs"] and not set(f["verbs"]) <= set(r.verbs):
            continue
        if f["categories"] and not set(f["categories"]) <= set(r.categories):
            continue
        rows.append(r)
    first = {"name": lambda r: r.name, "kind": lambda r: r.kind}.get(f["sort-by"], lambda r: r.group)
    rows.sort(key=lambda r: (first(r), r.name))            # ties broken by name, as sortableResource
    w = TabWriter(session.out)
    if not f["no-headers"] and output != "name":
        header = ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]
        if output == "wide":
            header += ["VERBS", "CATEGORIES"]
        w.write("\t".join(header) + "\n")
    for r in rows:
        if output == "name":
            w.write(f"{r.name}.{r.group}\n" if r.group else f"{r.name}\n")
            continue
        cells = [r.name, ",".join(r.short_names), r.group_version, "true" if r.namespaced else "false", r.kind]
        if output == "wide":
            cells += [",".join(sorted(set(r.verbs))), ",".join(r.categories)]
        w.write("\t".join(cells) + "\n")
    w.flush()
    return 0


@command("api-versions", short="Print the supported API versions on the server, in the form of \"group/version\"")
def api_versions(session, args: list[str]) -> int:
    versions = []
    for group, vs, _ in session.discovery.documents.groups:
        versions.extend(f"{group}/{v}" if group else v for v in vs)
    for v in sorted(versions):
        session.out.write(v + "\n")
    return 0
