"""`kubectl patch TYPE NAME -p PATCH [--type strategic|merge|json]`.

Follows `staging/src/k8s.io/kubectl/pkg/cmd/patch/patch.go` (Validate; RunPatch: the patch
read as YAML or JSON, each object fetched then PATCHed, `patched` or `patched (no change)` when
the server's object equals the one read before; --dry-run=client patches locally; a 415 becomes
`<type> is not supported by <gvk>: ...`; `no objects passed to patch`).

Differences from upstream: `--local` is not offered.
"""

from __future__ import annotations

from ..builder import collect
from ..errors import KubectlError, StatusError
from ..flags import BOOL, STRING, STRING_ARRAY
from ..mutation import (CLIENT, Aggregate, Failure, add_dry_run_flag, add_field_manager_flag, add_print_flags,
                        dry_run_strategy, success_printer, write_query)
from ..registry import command

PATCH_TYPES = {"json": "application/json-patch+json", "merge": "application/merge-patch+json",
               "strategic": "application/strategic-merge-patch+json"}


def flags(fs) -> None:
    add_print_flags(fs)
    add_dry_run_flag(fs)
    add_field_manager_flag(fs, "kubectl-patch")
    fs.add("patch", STRING, short="p")
    fs.add("patch-file", STRING)
    fs.add("type", STRING, default="strategic")
    fs.add("local", BOOL)
    fs.add("subresource", STRING)
    fs.add("filename", STRING_ARRAY, short="f")
    fs.add("recursive", BOOL, short="R")
    fs.add("kustomize", STRING, short="k")
    fs.add("record", BOOL)


def patch_json(text: str) -> bytes:
    """yaml.ToJSON: text that starts with `{` is sent as it is; anything else is read as YAML."""
    import json
    import yaml
    if text.lstrip(" \t\r\n").startswith("{"):
        return text.encode()
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise Failure(f'unable to parse "{text}": error converting YAML to JSON: yaml: {_yaml_problem(e)}') from None
    return json.dumps(value, separators=(",", ":"), sort_keys=True).encode()


def _yaml_problem(e) -> str:
    mark = getattr(e, "problem_mark", None)
    problem = getattr(e, "problem", None) or str(e)
    return f"line {mark.line + 1}: {problem}" if mark is not None else problem


@command("patch", flags=flags, short="Update fields of a resource")
def patch(session, args: list[str]) -> int:
    f = session.flags
    dry = dry_run_strategy(session)
    success_printer(session, "patched", dry)
    if f["patch"] and f["patch-file"]:
        raise Failure("cannot specify --patch and --patch-file together")
    if not f["patch"] and not f["patch-file"]:
        raise Failure("must specify --patch or --patch-file containing the contents of the patch")
    ptype = f["type"]
    if ptype and ptype.lower() not in PATCH_TYPES:
        raise Failure(f'--type must be one of [json merge strategic], not "{ptype}"')
    content_type = PATCH_TYPES[(ptype or "strategic").lower()]
    if f["patch-file"]:
        try:
            with open(f["patch-file"]) as fh:
                text = fh.read()
        except OSError as e:
            raise Failure(f"unable to read patch file: open {f['patch-file']}: {(e.strerror or '').lower()}") from None
    else:
        text = f["patch"]
    body = patch_json(text)
    infos, errors = collect(session, args, filenames=f["filename"], recursive=f["recursive"], latest=True)
    count = 0
    query = write_query(dry, f["field-manager"])
    for info in infos:
        count += 1
        try:
            if dry == CLIENT:
                patched = _local(info.obj, body, content_type)
            else:
                path = info.path(f["subresource"]) if f["subresource"] else info.path()
                try:
                    patched = session.client.request("PATCH", path, query, body=body, content_type=content_type,
                                                     caller="helper.go:208").json()
                except StatusError as e:
                    if e.http_code == 415:
                        res = info.resource
                        raise Failure(f"{content_type} is not supported by {res.group}/{res.version}, "
                                      f"Kind={res.kind}: {e.message}") from None
                    raise
        except KubectlError as e:
            errors.append(e)
            continue
        changed = patched != info.obj
        success_printer(session, "patched" if changed else "patched (no change)", dry)(patched)
    if errors:
        raise Aggregate(errors)
    if count == 0:
        raise Failure("no objects passed to patch")
    return 0


def _local(obj: dict, body: bytes, content_type: str) -> dict:
    """getPatchedJSON: the patch applied here (--dry-run=client)."""
    from k8slab.apiserver.patch import patch_object
    from k8slab.apiserver.patch.errors import PatchError
    import json
    try:
        json.loads(body)
    except ValueError:
        raise Failure("invalid JSON document" if content_type.startswith("application/strategic")
                      else "Invalid JSON Patch") from None
    try:
        patched, _ = patch_object(obj, body, content_type)
    except PatchError as e:
        raise Failure(str(e)) from None
    return patched
