"""`kubectl taint nodes NAME key=value:Effect | key:Effect- | key-`.

Follows `staging/src/k8s.io/kubectl/pkg/cmd/taint/taint.go` (Complete: resources before taint
arguments, `one or more resources must be specified as <resource> <name>`, `at least one taint
update is required`; Validate: node types only, no key both added and removed, a name unless
--all or -l; RunTaint: a strategic merge patch of spec.taints, the message `tainted`, `untainted`
or `modified` (always with --overwrite)) and `taint/utils.go` (parseTaints, parseTaint and their
errors; reorganizeTaints: the new taints first, then the old ones they do not replace;
`taint "k:NoSchedule" not found`; the --overwrite check).
"""

from __future__ import annotations

import orjson

from ..builder import collect
from ..errors import KubectlError
from ..flags import BOOL, STRING
from ..mutation import (CLIENT, SERVER, Aggregate, Failure, add_dry_run_flag, add_field_manager_flag, add_print_flags,
                        add_validate_flag, dry_run_strategy, success_printer, usage_error, validation_directive)
from ..registry import command

EFFECTS = ("NoSchedule", "PreferNoSchedule", "NoExecute")


def flags(fs) -> None:
    add_print_flags(fs)
    add_dry_run_flag(fs)
    add_validate_flag(fs)
    add_field_manager_flag(fs, "kubectl-taint")
    fs.add("selector", STRING, short="l")
    fs.add("overwrite", BOOL)
    fs.add("all", BOOL)


def taint_string(t: dict) -> str:
    """Taint.ToString: key[=value][:effect]."""
    key, value, effect = t.get("key", ""), t.get("value", ""), t.get("effect", "")
    if not effect:
        return key if not value else f"{key}={value}:"
    return f"{key}:{effect}" if not value else f"{key}={value}:{effect}"


def parse_taint(spec: str) -> dict:
    from k8slab.api.validation.meta import is_qualified_name
    from ..generators import regex_error
    import re
    parts = spec.split(":")
    value = effect = ""
    if len(parts) == 1:
        key = parts[0]
    elif len(parts) == 2:
        effect = parts[1]
        if effect not in EFFECTS:
            raise Failure(f"invalid taint effect: {effect}, unsupported taint effect")
        kv = parts[0].split("=")
        if len(kv) > 2:
            raise Failure(f"invalid taint spec: {spec}")
        key = kv[0]
        if len(kv) == 2:
            value = kv[1]
            errs = ["must be no more than 63 characters"] if len(value) > 63 else []
            if not re.fullmatch(r"(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?", value):
                errs.append(regex_error("a valid label must be an empty string or consist of alphanumeric "
                                        "characters, '-', '_' or '.', and must start and end with an alphanumeric "
                                        "character", "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?", "MyValue",
                                        "my_value", "12345"))
            if errs:
                raise Failure(f"invalid taint spec: {spec}, {'; '.join(errs)}")
    else:
        raise Failure(f"invalid taint spec: {spec}")
    errs = is_qualified_name(key)
    if errs:
        raise Failure(f"invalid taint spec: {spec}, {'; '.join(errs)}")
    taint = {"key": key}
    if value:
        taint["value"] = value
    taint["effect"] = effect
    return taint


def parse_taints(specs: list[str]) -> tuple[list[dict], list[dict]]:
    add, remove, seen = [], [], set()
    for spec in specs:
        if spec.endswith("-"):
            t = parse_taint(spec[:-1])
            remove.append({"key": t["key"], "effect": t["effect"]})
            continue
        t = parse_taint(spec)
        if not t["effect"]:
            raise Failure(f"invalid taint spec: {spec}")
        if (t["effect"], t["key"]) in seen:
            raise Failure(f"duplicated taints with the same key and effect: "
                          f"{{{t['key']} {t.get('value', '')} {t['effect']} <nil>}}")
        seen.add((t["effect"], t["key"]))
        add.append(t)
    return add, remove


def _match(a: dict, b: dict) -> bool:
    return a.get("key") == b.get("key") and a.get("effect", "") == b.get("effect", "")


def reorganize(old: list[dict], overwrite: bool, add: list[dict], remove: list[dict]):
    """(operation, new taints, errors)."""
    new = list(add)
    for o in old:
        if not any(_match(t, o) for t in new):
            new.append(o)
    added = len(old) != len(new)
    errors, removed = [], False
    for r in remove:
        before = len(new)
        if r.get("effect"):
            new = [t for t in new if not _match(r, t)]
        else:
            new = [t for t in new if t.get("key") != r.get("key")]
        removed = len(new) != before
        if not removed:
            errors.append(Failure(f'taint "{taint_string(r)}" not found'))
    if (added and removed) or overwrite:
        return "modified", new, errors
    if added:
        return "tainted", new, errors
    return "untainted", new, errors


@command("taint", flags=flags, short="Update the taints on one or more nodes")
def taint(session, args: list[str]) -> int:
    f = session.flags
    dry = dry_run_strategy(session)
    validation = validation_directive(session)
    resources, specs, met = [], [], False
    for s in args:
        is_taint = "=" in s or ":" in s or s.endswith("-")
        if is_taint:
            met = True
            specs.append(s)
        elif not met:
            resources.append(s)
        else:
            raise Failure(f"all resources must be specified before taint changes: {s}")
    if not resources:
        raise Failure("one or more resources must be specified as <resource> <name>")
    if not specs:
        raise Failure("at least one taint update is required")
    try:
        add, remove = parse_taints(specs)
    except Failure as e:
        raise usage_error(session, e.message) from None
    res = session.discovery.resolve(resources[0].lower())
    if res.kind != "Node":
        raise Failure(f"invalid resource type {resources[0].lower()}, only node types are supported")
    conflicts = [f"{r['key']}={r['effect']}" for a in add for r in remove
                 if a["key"] == r["key"] and (not r["effect"] or a["effect"] == r["effect"])]
    if conflicts:
        raise Failure("can not both modify and remove the following taint(s) in the same command: "
                      + ", ".join(conflicts))
    if f["all"] and f["selector"]:
        raise Failure("setting 'all' parameter with a non empty selector is prohibited")
    if not f["all"] and not f["selector"] and len(resources) < 2:
        raise Failure("at least one resource name must be specified since 'all' parameter is not set")
    if f["all"] or f["selector"]:
        infos, errors = collect(session, ["node"], selector=f["selector"], select_all=f["all"], latest=True)
    else:
        infos, errors = collect(session, ["node", *resources[1:]], latest=True)
    for info in infos:
        try:
            _one(session, info, add, remove, dry, validation)
        except KubectlError as e:
            errors.append(e)
    if errors:
        raise Aggregate(errors)
    return 0


def _one(session, info, add: list[dict], remove: list[dict], dry: str, validation: str) -> None:
    f = session.flags
    node = info.obj
    old = list((node.get("spec") or {}).get("taints") or [])
    if not f["overwrite"]:
        exists = [t["key"] for t in add for o in old if t["key"] == o.get("key") and t["effect"] == o.get("effect")]
        if exists:
            raise Failure(f"node {info.name} already has {','.join(exists)} taint(s) with same effect(s) and "
                          "--overwrite is false")
    operation, new, errors = reorganize(old, f["overwrite"], add, remove)
    if errors:
        raise errors[0] if len(errors) == 1 else Failure("[" + ", ".join(e.message for e in errors) + "]")
    show = success_printer(session, operation, dry)
    spec = dict(node.get("spec") or {})
    if new:
        spec["taints"] = new
    else:
        spec.pop("taints", None)
    changed = {**node, "spec": spec}
    if dry == CLIENT:
        show(changed)
        return
    body = {"spec": {"taints": new or None}} if new != old else {}
    query = {"fieldManager": f["field-manager"], "fieldValidation": validation}
    if dry == SERVER:
        query["dryRun"] = "All"
    obj = session.client.request("PATCH", info.path(), query, body=orjson.dumps(body),
                                 content_type="application/strategic-merge-patch+json").json()
    show(obj)
