"""`kubectl apply -f FILE|DIR|URL|-`: client-side (the last-applied annotation and a three-way
patch) or `--server-side` (an apply patch owned by the field manager `kubectl`).

Follows `staging/src/k8s.io/kubectl/pkg/cmd/apply/apply.go` (Validate; Run: every object, errors
collected; applyOneObject: for a new object the annotation is added and the object POSTed
(`created`), for an existing one the patch from patcher.py is sent (`configured`) unless it is
`{}` (`unchanged`), with the warning for an object that lacks the annotation; server-side: the
object PATCHed as application/apply-patch+yaml with force, the conflict advice appended to a
Conflict; `-o FORMAT` prints the objects at the end, several as a List) and
`GetApplyFieldManagerFlag` (kubectl-client-side-apply, or kubectl with --server-side).

Differences from upstream: `--prune`, `--applyset`, `--force`, `--wait`, `-k` and the
`edit-last-applied`/`set-last-applied`/`view-last-applied` sub-commands are not offered; after a
server-side apply the managed fields of an earlier client-side apply are not migrated.
"""

from __future__ import annotations

from ..apply import lastapplied
from ..apply.patcher import info_string, patch
from ..builder import collect
from ..errors import KubectlError, StatusError
from ..flags import BOOL, STRING, STRING_ARRAY
from ..mutation import (CLIENT, Failure, add_dry_run_flag, add_print_flags, add_validate_flag, check_output_format,
                        dry_run_strategy, go_list, raise_collected, success_printer, validation_directive, with_source,
                        write_query)
from ..registry import command

CONFLICT_ADVICE = """
Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the `--force-conflicts` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts"""

MISSING_ANNOTATION = ("Warning: resource {name} is missing the kubectl.kubernetes.io/last-applied-configuration "
                      "annotation which is required by kubectl apply. kubectl apply should only be used on "
                      "resources created declaratively by either kubectl create --save-config or kubectl apply. "
                      "The missing annotation will be patched automatically.\n")


def flags(fs) -> None:
    fs.add("filename", STRING_ARRAY, short="f")
    fs.add("recursive", BOOL, short="R")
    fs.add("kustomize", STRING, short="k")
    fs.add("selector", STRING, short="l")
    fs.add("all", BOOL)
    fs.add("overwrite", BOOL, default=True)
    fs.add("server-side", BOOL)
    fs.add("force-conflicts", BOOL)
    fs.add("field-manager", STRING, default="kubectl-client-side-apply")
    fs.add("force", BOOL)
    fs.add("prune", BOOL)
    fs.add("cascade", STRING, default="background", no_opt="background")
    fs.add("grace-period", "int", default=-1)
    fs.add("timeout", STRING, default="0s")
    fs.add("wait", BOOL)
    fs.add("subresource", STRING)
    add_print_flags(fs)
    add_dry_run_flag(fs)
    add_validate_flag(fs)


@command("apply", flags=flags, short="Apply a configuration to a resource by file name or stdin")
def apply(session, args: list[str]) -> int:
    f = session.flags
    dry = dry_run_strategy(session)
    validation = validation_directive(session)
    output = check_output_format(session)
    server_side = f["server-side"]
    if f["force-conflicts"] and not server_side:
        raise Failure("--force-conflicts only works with --server-side")
    if dry == CLIENT and server_side:
        raise Failure("--dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)")
    if server_side and f["force"]:
        raise Failure("--force cannot be used with --server-side")
    if f["all"] and f["selector"]:
        raise Failure("cannot set --all and --selector at the same time")
    if f["subresource"] and not server_side:
        raise Failure("--subresource can only be specified for --server-side")
    if not f["filename"]:
        raise Failure("must specify one of -f and -k")
    if args:
        raise Failure(f"Unexpected args: {go_list(args)}\nSee 'kubectl apply -h' for help and examples")
    manager = f["field-manager"] if "field-manager" in session.changed else (
        "kubectl" if server_side else "kubectl-client-side-apply")
    infos, errors = collect(session, [], filenames=f["filename"], recursive=f["recursive"], latest=False)
    if not infos and not errors:
        raise Failure("no objects passed to apply")
    printing = bool(output) and output != "name"
    query = write_query(dry, manager, validation)
    run = ApplyRun(session, dry, query, printing)
    printed = []
    for info in infos:
        if f["selector"] and not _matches(info.obj, f["selector"]):
            continue
        try:
            obj = run.server_side(info, f["force-conflicts"]) if server_side else run.client_side(info)
        except KubectlError as e:
            errors.append(e)
            continue
        printed.append(obj)
    raise_collected(errors)
    if printing and printed:
        show = success_printer(session, "", dry)
        show(printed[0] if len(printed) == 1 else {"apiVersion": "v1", "items": printed, "kind": "List",
                                                   "metadata": {}})
    return 0


def _matches(obj: dict, selector: str) -> bool:
    from k8slab.api.selectors import matches_labels, parse_label_selector
    return matches_labels(parse_label_selector(selector), (obj.get("metadata") or {}).get("labels") or {})


class ApplyRun:
    """One apply: how to write each object and print the outcome."""

    def __init__(self, session, dry: str, query: dict, printing: bool):
        self.session, self.dry, self.query, self.printing = session, dry, query, printing

    def say(self, obj: dict, operation: str) -> None:
        if not self.printing:
            success_printer(self.session, operation, self.dry)(obj)

    def server_side(self, info, force: bool) -> dict:
        import orjson
        query = {**self.query, "force": "true" if force else "false"}
        try:
            obj = self.session.client.request("PATCH", info.path(), query, body=orjson.dumps(info.obj),
                                              content_type="application/apply-patch+yaml",
                                              caller="helper.go:208").json()
        except StatusError as e:
            if e.reason == "Conflict":
                raise Failure(e.message + CONFLICT_ADVICE) from None
            raise
        self._warn_if_deleting(obj)
        self.say(obj, "serverside-applied")
        return obj

    def client_side(self, info) -> dict:
        session = self.session
        desired = info.obj
        meta = desired.get("metadata") or {}
        if not info.name and meta.get("generateName"):
            raise Failure(f"from {meta['generateName']}: cannot use generate name with apply")
        modified = lastapplied.modified_configuration(desired, annotate=True)
        try:
            info.get(session)
        except StatusError as e:
            if e.http_code != 404:
                raise with_source(f"retrieving current configuration of:\n{info_string(info)}\nfrom server for:",
                                  info.source, e) from None
            return self._create(info, desired)
        if self.dry == CLIENT:
            self.say(desired, "configured")
            return desired
        live = info.obj
        if lastapplied.LAST_APPLIED not in ((live.get("metadata") or {}).get("annotations") or {}):
            session.err.write(MISSING_ANNOTATION.format(name=f"{info.resource.name}/{info.name}"))
        try:
            text, obj = patch(session, info, modified, self.query)
        except KubectlError as e:
            raise with_source(f"applying patch:\n{getattr(e, 'patch_text', '')}\nto:\n{info_string(info)}\nfor:",
                              info.source, e) from None
        self._warn_if_deleting(obj)
        self.say(obj, "unchanged" if text == "{}" else "configured")
        return obj

    def _create(self, info, desired: dict) -> dict:
        import orjson
        obj = _prune_nulls(lastapplied.create_apply_annotation(desired))
        if self.dry != CLIENT:
            try:
                obj = self.session.client.request("POST", info.resource.path(info.namespace), self.query,
                                                  body=orjson.dumps(obj), content_type="application/json",
                                                  caller="helper.go:245").json()
            except KubectlError as e:
                raise with_source("creating", info.source, e) from None
        self.say(obj, "created")
        return obj

    def _warn_if_deleting(self, obj: dict) -> None:
        if (obj.get("metadata") or {}).get("deletionTimestamp"):
            self.session.err.write(f"Warning: Detected changes to resource {obj['metadata'].get('name', '')} "
                                   "which is currently being deleted.\n")


def _prune_nulls(value):
    """pruneNullsFromMap: null fields of a new object are left out."""
    if isinstance(value, dict):
        return {k: _prune_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_prune_nulls(v) for v in value]
    return value
