"""`kubectl get`: list or fetch resources and print them.

Follows `staging/src/k8s.io/kubectl/pkg/cmd/get/get.go` (Run: server-side Tables requested
with the Table Accept for the default and `-o wide` output, `includeObject=Object` when
sorting; one table per resource type, separated by a blank line, `kind/name` when several
kinds are printed; `No resources found in <ns> namespace.` on stderr when nothing was printed;
printGeneric for the other formats: several objects become a `List`; watch: the list, then
`?watch=true&resourceVersion=N` rows) and `sorter.go` (`--sort-by` a JSONPath).

Differences from upstream: `--raw`, `--subresource` and `-k` (kustomize) are not offered;
in-process (Cluster.kubectl) `-w` prints the events that are ready and returns.
"""

from __future__ import annotations

from ..client import ACCEPT_JSON, ACCEPT_TABLE
from ..errors import CommandError, StatusError, error
from ..flags import BOOL, INT, STRING, STRING_ARRAY, STRING_SLICE
from ..printers.output import is_human_readable, printer_for, split_format, unknown_format
from ..printers.table import PrintOptions, TablePrinter
from ..printers.tabwriter import TabWriter
from ..registry import command
from ..resources import Target, from_args, from_files

TABLE_PRINTER_LOGS = ("name", "go-template", "go-template-file", "template", "templatefile")
CALLER = "helper.go:113"            # where client-go's resource helper logs a list (-v=8)
CALLER_GET = "helper.go:105"        # ... and a get by name

REQUIRED_RESOURCE = (
    'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list '
    "of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain "
    "<resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\n"
    "See 'kubectl get -h' for help and examples")


def flags(fs) -> None:
    fs.add("output", STRING, short="o")
    fs.add("selector", STRING, short="l")
    fs.add("field-selector", STRING)
    fs.add("all-namespaces", BOOL, short="A")
    fs.add("watch", BOOL, short="w")
    fs.add("watch-only", BOOL)
    fs.add("output-watch-events", BOOL)
    fs.add("show-labels", BOOL)
    fs.add("show-kind", BOOL)
    fs.add("label-columns", STRING_SLICE, short="L")
    fs.add("sort-by", STRING)
    fs.add("no-headers", BOOL)
    fs.add("chunk-size", INT, default=500)
    fs.add("ignore-not-found", BOOL)
    fs.add("filename", STRING_ARRAY, short="f")
    fs.add("recursive", BOOL, short="R")
    fs.add("template", STRING)
    fs.add("allow-missing-template-keys", BOOL, default=True)
    fs.add("show-managed-fields", BOOL)
    fs.add("server-print", BOOL, default=True)
    fs.add("raw", STRING)
    fs.add("subresource", STRING)
    fs.add("kustomize", STRING, short="k")


@command("get", flags=flags, short="Display one or many resources")
def get(session, args: list[str]) -> int:
    f = session.flags
    output = f["output"]
    name, _ = split_format(output)
    if name not in ("", "wide") and name not in __import__(
            "k8slab.kubectl.printers.output", fromlist=["ALLOWED"]).ALLOWED:
        raise unknown_format(output)
    if f["raw"]:
        return raw(session, f["raw"], args)
    if not args and not f["filename"]:
        raise CommandError(REQUIRED_RESOURCE)
    namespace, _ = session.namespace()
    all_ns = f["all-namespaces"]
    if f["filename"]:
        targets = from_files(f["filename"], session.discovery, f["recursive"], session.stdin)
    else:
        targets = from_args(args, session.discovery)
    if all_ns and any(t.names for t in targets) and not f["filename"]:
        raise error("a resource cannot be retrieved by name across all namespaces")
    ctx = GetRun(session, targets, namespace, all_ns)
    if f["watch"] or f["watch-only"]:
        return ctx.watch()
    if is_human_readable(output) and f["server-print"]:
        return ctx.human(output == "wide")
    return ctx.generic(output)


def raw(session, path: str, args: list[str]) -> int:
    """`get --raw /path`: the body as the server sent it."""
    if args:
        raise error("arguments may not be passed when --raw is specified")
    if not path.startswith("/"):
        raise error(f'--raw must be a valid URL path: parse "{path}": invalid URI for request')
    route, _, qs = path.partition("?")
    query = dict(p.split("=", 1) if "=" in p else (p, "") for p in qs.split("&") if p) if qs else None
    reply = session.client.request("GET", route, query, accept="application/json, */*")
    data = reply.raw()
    out = session.out
    if hasattr(out, "buffer"):
        out.flush()
        out.buffer.write(data)
    else:
        out.write(data.decode("utf-8", "replace"))
    return 0


class GetRun:
    """One `get`: its targets, namespace and flags, fetched and printed."""

    def __init__(self, session, targets: list[Target], namespace: str, all_ns: bool):
        self.session = session
        self.f = session.flags
        self.targets = targets
        self.namespace = namespace
        self.all_ns = all_ns
        self.errors: list[StatusError] = []

    # ---- requests ----------------------------------------------------------------------------

    def ns_for(self, target: Target) -> str | None:
        if not target.resource.namespaced:
            return None
        if target.namespace:
            return target.namespace
        return None if self.all_ns else self.namespace

    def list_query(self) -> dict:
        q = {"limit": str(self.f["chunk-size"])} if self.f["chunk-size"] > 0 else {}
        if self.f["selector"]:
            q["labelSelector"] = self.f["selector"]
        if self.f["field-selector"]:
            q["fieldSelector"] = self.f["field-selector"]
        return q

    def fetch(self, target: Target, accept: str, extra: dict | None = None) -> list[dict]:
        """The list pages, or one object per name (NotFound and friends collected in errors)."""
        client = self.session.client
        ns = self.ns_for(target)
        res = target.resource
        if target.names:
            out = []
            for name in target.names:
                try:
                    out.append(client.get(res.path(ns, name), extra or None, accept=accept,
                                          caller=CALLER_GET))
                except StatusError as e:
                    if not (self.f["ignore-not-found"] and e.http_code == 404):
                        self.errors.append(e)
            return out
        query = {**self.list_query(), **(extra or {})}
        pages = []
        while True:
            page = client.get(res.path(ns), query, accept=accept, caller=CALLER)
            pages.append(page)
            token = (page.get("metadata") or {}).get("continue")
            if not token:
                return pages
            query = {**query, "continue": token}

    # ---- default and wide: the server's tables ------------------------------------------------

    def table_options(self, target: Target, wide: bool, with_kind: bool) -> PrintOptions:
        return PrintOptions(no_headers=self.f["no-headers"], wide=wide,
                            with_namespace=self.all_ns and target.resource.namespaced,
                            with_kind=with_kind or self.f["show-kind"],
                            kind=target.resource.kind_qualified, show_labels=self.f["show-labels"],
                            column_labels=list(self.f["label-columns"]))

    def human(self, wide: bool) -> int:
        session = self.session
        extra = {"includeObject": "Object"} if self.f["sort-by"] else None
        tables = [(t, self.fetch(t, ACCEPT_TABLE, extra)) for t in self.targets]
        kinds = {t.resource for t, got in tables if got}    # what was found (multipleGVKsRequested)
        with_kind = len(kinds) > 1
        w = TabWriter(session.out)
        written = False                 # anything on stdout yet
        separate = False                # a blank line before the next table that prints rows
        last = printer = None
        for target, pages in tables:
            if target.resource != last:
                if w.flush("\n" if separate else ""):
                    written = True
                separate = written and last is not None and not self.f["no-headers"]
                w.reset_widths()
                printer = TablePrinter(self.table_options(target, wide, with_kind))
                last = target.resource
            for page in pages:
                page = self.sorted_table(page) if self.f["sort-by"] else page
                printer.print_table(as_table(page, target), w)
        if w.flush("\n" if separate else ""):
            written = True
        self.report_errors()
        if not written and not self.errors and not self.f["ignore-not-found"]:
            namespaced = not self.all_ns and all(t.resource.namespaced for t in self.targets)
            session.err.write(f"No resources found in {self.namespace} namespace.\n" if namespaced
                              else "No resources found\n")
        return 1 if self.errors else 0

    def sorted_table(self, table: dict) -> dict:
        from ..sorting import sort_rows
        return {**table, "rows": sort_rows(table.get("rows") or [], self.f["sort-by"])}

    def report_errors(self) -> None:
        for e in self.errors:
            self.session.err.write(e.text() + "\n")

    # ---- -o yaml|json|name|jsonpath|custom-columns|go-template -----------------------------------

    def generic(self, output: str) -> int:
        show_managed = self.f["show-managed-fields"]
        single = (len(self.targets) == 1 and len(self.targets[0].names) == 1)
        items = []
        for target in self.targets:
            res = target.resource
            for got in self.fetch(target, ACCEPT_JSON):
                if target.names:
                    items.append(_typed(got, res, show_managed))
                else:
                    items.extend(_typed(i, res, show_managed) for i in got.get("items") or [])
        if self.f["sort-by"]:
            from ..sorting import sort_objects
            items = sort_objects(items, self.f["sort-by"])
        printer = printer_for(output, template=self.f["template"], no_headers=self.f["no-headers"],
                              allow_missing_keys=self.f["allow-missing-template-keys"])
        if split_format(output)[0] in TABLE_PRINTER_LOGS:
            # get's TablePrinter wrapper tries to read a Table first and says so (klog V(2))
            self.session.log.info(2, "table_printer.go:45", "Unable to decode server response into a Table. "
                                  "Falling back to hardcoded types: attempt to decode non-Table object")
        if single and len(items) == 1:
            printer(items[0], self.session.out)
        elif not (single and self.errors):
            printer({"apiVersion": "v1", "items": items, "kind": "List",
                     "metadata": {"resourceVersion": ""}}, self.session.out)
        self.report_errors()
        return 1 if self.errors else 0

    # ---- -w -------------------------------------------------------------------------------------

    def watch(self) -> int:
        from .get_watch import watch
        return watch(self)


def as_table(page: dict, target: Target) -> dict:
    """A Table; a server that sent a plain list (no Table support) gets NAME and AGE columns."""
    if page.get("kind") == "Table":
        return page
    from ..printers.default_table import default_table
    return default_table(page)


def _typed(obj: dict, res, show_managed: bool) -> dict:
    """The object as kubectl's builder hands it on: with apiVersion and kind, managedFields hidden."""
    out = dict(obj)
    out.setdefault("apiVersion", res.group_version)
    out.setdefault("kind", res.kind)
    meta = out.get("metadata")
    if not show_managed and isinstance(meta, dict) and "managedFields" in meta:
        out["metadata"] = {k: v for k, v in meta.items() if k != "managedFields"}
    return out
