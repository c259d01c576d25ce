"""`kubectl delete`: by name, `type/name`, `-f`, `-l`, `--field-selector` or `--all`, then wait for
the objects to be gone.

Follows `staging/src/k8s.io/kubectl/pkg/cmd/delete/delete.go` (Complete: --ignore-not-found on
by default with --all and selectors, --now, --grace-period and --force normalised; Validate:
`-o name` only, the force warning; DeleteResult: a DELETE with DeleteOptions per object,
`pod "x" deleted` / `force deleted` / `(dry run)`, `No resources found`, the cluster-scope
warning, errors collected; then IsDeleted per object) and `delete_flags.go` (--cascade values,
the deprecated boolean forms' warnings).

Differences from upstream: `--raw`, `-k` and `--interactive` are not offered.
"""

from __future__ import annotations

import orjson

from ..builder import collect
from ..errors import KubectlError, StatusError
from ..flags import BOOL, INT, STRING, STRING_ARRAY
from ..mutation import (CLIENT, NONE, SERVER, Aggregate, Failure, add_dry_run_flag, dry_run_strategy,
                        parse_bool, with_source)
from ..registry import command

IMMEDIATE = ("Warning: Immediate deletion does not wait for confirmation that the running resource has been "
             "terminated. The resource may continue to run on the cluster indefinitely.\n")
WEEK = 168 * 3600


def add_delete_flags(fs) -> None:
    fs.add("filename", STRING_ARRAY, short="f")
    fs.add("recursive", BOOL, short="R")
    fs.add("kustomize", STRING, short="k")
    fs.add("selector", STRING, short="l")
    fs.add("field-selector", STRING)
    fs.add("all", BOOL)
    fs.add("all-namespaces", BOOL, short="A")
    fs.add("force", BOOL)
    fs.add("cascade", STRING, default="background", no_opt="background")
    fs.add("now", BOOL)
    fs.add("grace-period", INT, default=-1)
    fs.add("timeout", STRING, default="0s")
    fs.add("ignore-not-found", BOOL)
    fs.add("wait", BOOL, default=True)
    fs.add("output", STRING, short="o")
    fs.add("raw", STRING)
    fs.add("interactive", BOOL, short="i")


def flags(fs) -> None:
    add_delete_flags(fs)
    add_dry_run_flag(fs)


def cascading_strategy(session) -> str:
    """parseCascadingFlag: Background, Foreground or Orphan."""
    value = session.flags.get("cascade", "background")
    as_bool = parse_bool(value)
    if as_bool is None:
        found = {"orphan": "Orphan", "foreground": "Foreground", "background": "Background"}.get(value)
        if found is None:
            raise Failure(f'invalid cascade value ({value}). Must be "background", "foreground", or "orphan"')
        return found
    replacement = "background" if as_bool else "orphan"
    session.err.write(f"warning: --cascade={value} is deprecated (boolean value) and can be replaced with "
                      f"--cascade={replacement}.\n")
    return "Background" if as_bool else "Orphan"


class DeleteOptions:
    """The flags of a delete, normalised as Complete and Validate do."""

    def __init__(self, session):
        f = session.flags
        self.cascade = cascading_strategy(session)
        self.ignore_not_found = f["ignore-not-found"]
        if (f["all"] or f["selector"] or f["field-selector"]) and "ignore-not-found" not in session.changed:
            self.ignore_not_found = True
        grace = f["grace-period"]
        if f["now"]:
            if grace != -1:
                raise Failure("--now and --grace-period cannot be specified together")
            grace = 1
        if grace == 0 and not f["force"]:
            grace = 1
        if f["force"] and grace < 0:
            grace = 0
        self.grace = grace
        self.force = f["force"]
        self.dry_run = dry_run_strategy(session)
        from ..durations import duration_flag
        self.timeout = duration_flag(session, "timeout")
        self.wait = f["wait"]
        self.output = f["output"]

    def validate(self, session) -> None:
        f = session.flags
        if self.output not in ("", "name"):
            raise Failure(f"unexpected -o output mode: {self.output}. We only support '-o name'")
        if f["all"] and f["selector"]:
            raise Failure("cannot set --all and --selector at the same time")
        if f["all"] and f["field-selector"]:
            raise Failure("cannot set --all and --field-selector at the same time")
        if self.grace == 0 and self.force:
            session.err.write(IMMEDIATE)
        elif self.grace > 0 and self.force:
            raise Failure("--force and --grace-period greater than 0 cannot be specified together")

    def body(self) -> bytes:
        options: dict = {}
        if self.grace >= 0:
            options["gracePeriodSeconds"] = self.grace
        options["propagationPolicy"] = self.cascade
        if self.dry_run == SERVER:
            options["dryRun"] = ["All"]
        return orjson.dumps(options)

    def line(self, info) -> str:
        if self.output == "name":
            return f"{info.kind_string}/{info.name}\n"
        operation = "force deleted" if self.grace == 0 else "deleted"
        if self.dry_run == CLIENT:
            operation += " (dry run)"
        elif self.dry_run == SERVER:
            operation += " (server dry run)"
        return f'{info.kind_string} "{info.name}" {operation}\n'


@command("delete", flags=flags, short="Delete resources by file names, stdin, resources and names, or by resources "
         "and label selector")
def delete(session, args: list[str]) -> int:
    f = session.flags
    opts = DeleteOptions(session)
    _, explicit = session.namespace()
    warn_cluster_scope = explicit and not f["all-namespaces"]
    infos, errors = collect(session, args, filenames=f["filename"], recursive=f["recursive"],
                            selector=f["selector"], field_selector=f["field-selector"], select_all=f["all"],
                            all_namespaces=f["all-namespaces"], latest=False)
    opts.validate(session)
    return delete_infos(session, opts, infos, errors, warn_cluster_scope)


def delete_infos(session, opts: DeleteOptions, infos, errors: list, warn_cluster_scope: bool = False) -> int:
    """DeleteResult: delete each object, print its line, then wait for them to be gone."""
    deleted: list[tuple] = []
    found = 0
    for info in infos:
        found += 1
        if warn_cluster_scope and not info.resource.namespaced:
            session.err.write("Warning: deleting cluster-scoped resources, not scoped to the provided namespace\n")
            warn_cluster_scope = False
        if opts.dry_run == CLIENT:
            session.out.write(opts.line(info))
            continue
        query = {"dryRun": "All"} if opts.dry_run == SERVER else None
        try:
            reply = session.client.request("DELETE", info.path(), query, body=opts.body(),
                                           content_type="application/json", caller="helper.go:180").json()
        except KubectlError as e:
            errors.append(with_source("deleting", info.source, e))
            continue
        session.out.write(opts.line(info))
        reply = reply or {}
        uid = ((reply.get("details") or {}).get("uid") if reply.get("kind") == "Status"
               else (reply.get("metadata") or {}).get("uid", ""))
        deleted.append((info, uid or ""))
    if opts.ignore_not_found:
        errors = [e for e in errors if not (isinstance(e, StatusError) and e.http_code == 404)]
    if errors:
        raise Aggregate(errors)
    if found == 0:
        session.out.write("No resources found\n")
        return 0
    if not opts.wait or opts.dry_run != NONE:
        return 0
    from ..waiting import until_deleted
    timeout = opts.timeout or WEEK
    wait_errors = []
    for info, uid in deleted:
        try:
            until_deleted(session, info, uid, timeout)
        except StatusError as e:
            if e.reason in ("Forbidden", "MethodNotAllowed"):
                continue
            wait_errors.append(e)
        except Failure as e:
            wait_errors.append(e)
    if wait_errors:
        raise Aggregate(wait_errors)
    return 0
