"""`kubectl rollout status|history|undo|pause|resume|restart`.

Follows `staging/src/k8s.io/kubectl/pkg/cmd/rollout/` (rollout_status.go: the object watched by
name and its status printed at every event until done, or once with --watch=false;
`No resources found in <ns> namespace.`; rollout_history.go: `deployment.apps/web ` followed by
the table, or `with revision #N` and the template; rollout_undo.go: `rolled back`;
rollout_pause.go, rollout_resume.go, rollout_restart.go: a strategic merge patch computed from
the changed object, `already paused`/`already resumed` for an empty one, the error naming
`<resource>.<group> "<name>"`), with the kind-specific parts in k8slab/kubectl/rollouts.py.
"""

from __future__ import annotations

from .. import rollouts
from ..builder import collect
from ..errors import KubectlError
from ..flags import BOOL, INT, STRING, STRING_ARRAY
from ..mutation import (CLIENT, SERVER, Aggregate, Failure, add_dry_run_flag, add_field_manager_flag, add_print_flags,
                        dry_run_strategy, success_printer)
from ..registry import command


def _targets(fs) -> None:
    fs.add("filename", STRING_ARRAY, short="f")
    fs.add("recursive", BOOL, short="R")
    fs.add("kustomize", STRING, short="k")
    fs.add("selector", STRING, short="l")


@command("rollout", short="Manage the rollout of a resource")
def rollout(session, args: list[str]) -> int:
    session.err.write("Manage the rollout of one or many resources.\n\nAvailable Commands:\n  history\n  pause\n"
                      "  restart\n  resume\n  status\n  undo\n")
    return 1


def _infos(session, args: list[str]):
    """ResourceTypeOrNameArgs(allowEmptySelector=true): a type alone means all its objects."""
    f = session.flags
    type_only = len(args) == 1 and "/" not in args[0] and not f["selector"]
    return collect(session, args, filenames=f["filename"], recursive=f["recursive"], selector=f["selector"],
                   select_all=type_only, latest=True)


def group_kind(res) -> str:
    """schema.GroupKind.String(): `ConfigMap`, `StatefulSet.apps`."""
    return f"{res.kind}.{res.group}" if res.group else res.kind


def status_flags(fs) -> None:
    _targets(fs)
    fs.add("watch", BOOL, default=True, short="w")
    fs.add("revision", INT)
    fs.add("timeout", STRING, default="0s")


@command("rollout status", flags=status_flags, short="Show the status of the rollout")
def rollout_status(session, args: list[str]) -> int:
    f = session.flags
    if not args and not f["filename"]:
        raise Failure("required resource not specified")
    if f["revision"] < 0:
        raise Failure(f"revision must be a positive integer: {f['revision']}")
    from ..durations import duration_flag
    timeout = duration_flag(session, "timeout")
    namespace, _ = session.namespace()
    infos, errors = _infos(session, args)
    if errors:
        raise Aggregate(errors)
    if not infos:
        session.err.write(f"No resources found in {namespace} namespace.\n")
        return 0
    from ..waiting import until
    for info in infos:
        if (info.resource.group, info.resource.kind) not in {(g, k) for g in rollouts.WORKLOAD_GROUPS
                                                             for k in ("Deployment", "DaemonSet", "StatefulSet")}:
            raise Failure(f"no status viewer has been implemented for {group_kind(info.resource)}")

        def condition(event_type: str, obj) -> bool:
            if event_type == "DELETED":
                raise Failure("object has been deleted")
            if obj is None:
                return False
            message, done = rollouts.rollout_status(obj, f["revision"])
            session.out.write(message)
            if hasattr(session.out, "flush"):
                session.out.flush()
            return done or not f["watch"]
        try:
            until(session, info.resource, info.namespace, info.name, condition, timeout or 10 ** 9)
        except Failure as e:
            if e.message.startswith("timed out waiting for the condition on "):
                raise Failure("timed out waiting for the condition") from None
            raise
    return 0


def history_flags(fs) -> None:
    _targets(fs)
    add_print_flags(fs)
    fs.add("revision", INT)


@command("rollout history", flags=history_flags, short="View rollout history")
def rollout_history(session, args: list[str]) -> int:
    f = session.flags
    if not args and not f["filename"]:
        raise Failure("required resource not specified")
    if f["revision"] < 0:
        raise Failure(f"revision must be a positive integer: {f['revision']}")
    infos, errors = _infos(session, args)
    for info in infos:
        if f["output"]:
            history = rollouts.history_table(session, info.obj)
            show = success_printer(session, "")
            if f["revision"] > 0:
                if f["revision"] not in history:
                    raise Failure(f"unable to find the specified revision {f['revision']}")
                show(history[f["revision"]])
            else:
                for rev in sorted(history):
                    show(history[rev])
            continue
        text = rollouts.view_history(session, info.obj, f["revision"])
        with_revision = f"with revision #{f['revision']}" if f["revision"] > 0 else ""
        success_printer(session, f"{with_revision}\n{text}")(info.obj)
    if errors:
        raise Aggregate(errors)
    return 0


def undo_flags(fs) -> None:
    _targets(fs)
    add_print_flags(fs)
    add_dry_run_flag(fs)
    fs.add("to-revision", INT)


@command("rollout undo", flags=undo_flags, short="Undo a previous rollout")
def rollout_undo(session, args: list[str]) -> int:
    f = session.flags
    dry = dry_run_strategy(session)
    if not args and not f["filename"]:
        raise Failure("required resource not specified")
    infos, errors = _infos(session, args)
    for info in infos:
        if info.obj.get("kind") != "Deployment":
            errors.append(Failure(f'no rollbacker has been implemented for "{group_kind(info.resource)}"'))
            continue
        try:
            result = rollouts.rollback(session, info.obj, f["to-revision"], dry == CLIENT, dry == SERVER)
        except KubectlError as e:
            errors.append(e)
            continue
        success_printer(session, result, dry)(info.obj)
    if errors:
        raise Aggregate(errors)
    return 0


def patch_flags(manager: str):
    def add(fs) -> None:
        _targets(fs)
        add_print_flags(fs)
        add_field_manager_flag(fs, manager)
    return add


def _patching(session, args: list[str], change, done: str, already: str | None) -> int:
    """CalculatePatches + the strategic merge patch each rollout pause/resume/restart sends."""
    from ..apply.patcher import STRATEGIC, patch_kind
    from k8slab.apiserver.patch.strategic_diff import create_two_way_merge_patch
    from ..printers.json import compact
    f = session.flags
    namespace, _ = session.namespace()
    if not args and not f["filename"]:
        raise Failure("required resource not specified")
    infos, errors = _infos(session, args)
    if not infos and not errors:
        session.err.write(f"No resources found in {namespace} namespace.\n")
        return 0
    for info in infos:
        try:
            changed = change(info.obj)
        except Failure as e:
            res = info.resource
            what = f"{res.name}.{res.group}" if res.group else res.name
            errors.append(Failure(f'error: {what} "{info.name}" {e.message}'))
            continue
        content_type, schema = patch_kind(info.resource.group_version, info.resource.kind)
        body = compact(create_two_way_merge_patch(info.obj, changed, schema))
        if body == "{}":
            if already is None:
                errors.append(Failure(f"failed to create patch for {info.name}: if restart has already been triggered "
                                      "within the past second, please wait before attempting to trigger another"))
                continue
            success_printer(session, already)(info.obj)
            continue
        try:
            obj = session.client.request("PATCH", info.path(), {"fieldManager": f["field-manager"]},
                                         body=body.encode(), content_type=STRATEGIC).json()
        except KubectlError as e:
            from ..mutation import go_error_string
            errors.append(Failure(f"failed to patch: {go_error_string(e)}"))
            continue
        success_printer(session, done)(obj)
    if errors:
        raise Aggregate(errors)
    return 0


@command("rollout pause", flags=patch_flags("kubectl-rollout"), short="Mark the provided resource as paused")
def rollout_pause(session, args: list[str]) -> int:
    return _patching(session, args, rollouts.paused, "paused", "already paused")


@command("rollout resume", flags=patch_flags("kubectl-rollout"), short="Resume a paused resource")
def rollout_resume(session, args: list[str]) -> int:
    return _patching(session, args, rollouts.resumed, "resumed", "already resumed")


@command("rollout restart", flags=patch_flags("kubectl-rollout"), short="Restart a resource")
def rollout_restart(session, args: list[str]) -> int:
    return _patching(session, args, rollouts.restarted, "restarted", None)
