"""`kubectl scale --replicas=N TYPE NAME`: a merge patch of the scale subresource.

Follows `staging/src/k8s.io/kubectl/pkg/cmd/scale/scale.go` (Validate; RunScale: the objects
read first, `no objects passed to scale`, `--resource-version` with one object only, the object
printed with `scaled`) and `pkg/scale/scale.go` (ScaleSimple: `{"spec":{"replicas":N}}` as
merge-patch+json on `<resource>/scale`, or with a precondition GET the Scale, check it
(`Expected replicas to be 2, was 3`) and PUT it; Conflicts retried; with --timeout wait until
status.replicas matches).
"""

from __future__ import annotations

import time

from ..builder import collect
from ..errors import KubectlError, StatusError
from ..flags import BOOL, INT, STRING, STRING_ARRAY
from ..mutation import (CLIENT, SERVER, Aggregate, Failure, add_dry_run_flag, add_print_flags, dry_run_strategy,
                        message_for_error, required_flag, success_printer)
from ..registry import command

RETRY_SECONDS = 300


def flags(fs) -> None:
    add_print_flags(fs)
    add_dry_run_flag(fs)
    fs.add("all", BOOL)
    fs.add("resource-version", STRING)
    fs.add("current-replicas", INT, default=-1)
    fs.add("replicas", INT, default=0)
    fs.add("timeout", STRING, default="0s")
    fs.add("filename", STRING_ARRAY, short="f")
    fs.add("recursive", BOOL, short="R")
    fs.add("kustomize", STRING, short="k")
    fs.add("selector", STRING, short="l")
    fs.add("record", BOOL)


@command("scale", flags=flags, short="Set a new size for a deployment, replica set, or replication controller")
def scale(session, args: list[str]) -> int:
    required_flag(session, "replicas")
    f = session.flags
    dry = dry_run_strategy(session)
    show = success_printer(session, "scaled", dry)
    if f["replicas"] < 0:
        raise Failure("The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0")
    if f["current-replicas"] < -1:
        raise Failure("The --current-replicas must specify an integer of -1 or greater")
    from ..durations import duration_flag
    timeout = duration_flag(session, "timeout")
    infos, errors = collect(session, args, filenames=f["filename"], recursive=f["recursive"],
                            selector=f["selector"], select_all=f["all"], latest=True)
    if f["resource-version"] and len(infos) > 1:
        raise Failure("cannot use --resource-version with multiple resources")
    if not infos:
        if errors:
            raise Failure("no objects passed to scale " + "; ".join(_go_error(e) for e in errors))
        raise Failure("no objects passed to scale")
    precondition = f["current-replicas"] != -1 or bool(f["resource-version"])
    for info in infos:
        if dry == CLIENT:
            show(info.obj)
            continue
        scale_one(session, info, f["replicas"], precondition, dry == SERVER)
        if timeout and dry == "none":
            wait_for_replicas(session, info, f["replicas"], timeout)
        show(info.obj)
    if errors:
        raise Aggregate(errors)
    return 0


def _go_error(e: KubectlError) -> str:
    return e.message if isinstance(e, StatusError) else message_for_error(e)


def scale_one(session, info, replicas: int, precondition: bool, dry_server: bool) -> None:
    """ScaleCondition polled every second for up to five minutes while the server answers Conflict."""
    import orjson
    f = session.flags
    path = info.path("scale")
    query = {"dryRun": "All"} if dry_server else None
    deadline = time.monotonic() + RETRY_SECONDS
    while True:
        try:
            if precondition:
                current = session.client.get(path)
                want, got = f["current-replicas"], ((current.get("spec") or {}).get("replicas") or 0)
                if want != -1 and got != want:
                    raise Failure(f"Expected replicas to be {want}, was {got}")
                rv = (current.get("metadata") or {}).get("resourceVersion", "")
                if f["resource-version"] and rv != f["resource-version"]:
                    raise Failure(f"Expected resource version to be {f['resource-version']}, was {rv}")
                current = {**current, "spec": {**(current.get("spec") or {}), "replicas": replicas}}
                session.client.request("PUT", path, query, body=orjson.dumps(current),
                                       content_type="application/json")
            else:
                session.client.request("PATCH", path, query, body=b'{"spec":{"replicas":%d}}' % replicas,
                                       content_type="application/merge-patch+json")
            return
        except StatusError as e:
            if e.reason != "Conflict" or time.monotonic() > deadline:
                raise
            time.sleep(1)


def wait_for_replicas(session, info, replicas: int, timeout: float) -> None:
    """WaitForScaleHasDesiredReplicas: poll the Scale every second."""
    deadline = time.monotonic() + timeout
    while True:
        s = session.client.get(info.path("scale"))
        spec, status = (s.get("spec") or {}).get("replicas", 0), (s.get("status") or {}).get("replicas", 0)
        if spec != replicas or (spec == status == replicas):
            return
        if time.monotonic() + 1 > deadline or session.api is not None:
            raise Failure(f'timed out waiting for "{info.name}" to be synced')
        time.sleep(1)
