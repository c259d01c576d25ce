"""`kubectl label` and `kubectl annotate`: set (`key=value`) or remove (`key-`) labels and
annotations with a JSON merge patch.

Follows `staging/src/k8s.io/kubectl/pkg/cmd/label/label.go` (parseLabels and its errors, the
overwrite check `'app' already has a value (x), and --overwrite is false`, `label "x" not found.`,
the message: `labeled`, `not labeled`, or `unlabeled` when --overwrite is false and the object
shrank; the object printed is the one changed locally) and `annotate/annotate.go` (ParsePairs,
`annotated`, overwrite errors only for a different value, the server's object printed), with
`cmdutil.GetResourcesAndPairs` splitting the arguments.

Differences from upstream: `--local` is not offered; `--list` prints keys in sorted order (Go's
map order is random).
"""

from __future__ import annotations

from ..builder import collect
from ..errors import KubectlError
from ..flags import BOOL, STRING, STRING_ARRAY
from ..mutation import (CLIENT, Aggregate, Failure, add_dry_run_flag, add_field_manager_flag, add_print_flags,
                        dry_run_strategy, resources_and_pairs, success_printer, write_query)
from ..printers.json import compact
from ..registry import command


def flags_for(manager: str):
    def add(fs) -> None:
        add_print_flags(fs)
        add_dry_run_flag(fs)
        add_field_manager_flag(fs, manager)
        fs.add("overwrite", BOOL)
        fs.add("list", BOOL)
        fs.add("local", BOOL)
        fs.add("selector", STRING, short="l")
        fs.add("field-selector", STRING)
        fs.add("all", BOOL)
        fs.add("all-namespaces", BOOL, short="A")
        fs.add("resource-version", STRING)
        fs.add("filename", STRING_ARRAY, short="f")
        fs.add("recursive", BOOL, short="R")
        fs.add("kustomize", STRING, short="k")
        fs.add("record", BOOL)
    return add


def parse_labels(specs: list[str]) -> tuple[dict, list[str]]:
    """label.go parseLabels: `k=v` (value validated) and `k-`."""
    from ..generators import regex_error
    import re
    labels, remove = {}, []
    for spec in specs:
        if "=" in spec:
            parts = spec.split("=")
            if len(parts) != 2:
                raise Failure(f"invalid label spec: {spec}")
            value = parts[1]
            errs = []
            if len(value) > 63:
                errs.append("must be no more than 63 characters")
            if not re.fullmatch(r"(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?", value):
                errs.append(regex_error("a valid label must be an empty string or consist of alphanumeric characters, "
                                        "'-', '_' or '.', and must start and end with an alphanumeric character",
                                        "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?", "MyValue", "my_value",
                                        "12345"))
            if errs:
                raise Failure(f'invalid label value: "{spec}": {";".join(errs)}')
            labels[parts[0]] = value
        elif spec.endswith("-"):
            remove.append(spec[:-1])
        else:
            raise Failure(f"unknown label spec: {spec}")
    if any(r in labels for r in remove):
        raise Failure("can not both modify and remove a label in the same command")
    return labels, remove


def parse_annotation_pairs(specs: list[str]) -> tuple[dict, list[str]]:
    """cmdutil.ParsePairs with removal."""
    new, remove, invalid = {}, [], []
    for spec in specs:
        if "=" in spec and not spec.startswith("="):
            k, v = spec.split("=", 1)
            new[k] = v
        elif spec.endswith("-") and spec != "-":
            remove.append(spec[:-1])
        else:
            invalid.append(spec)
    if invalid:
        raise Failure(f"invalid annotation format: {', '.join(invalid)}")
    return new, remove


class Change:
    """label or annotate: which metadata map, the words and the checks that differ."""

    def __init__(self, field: str, pair_type: str, noun: str):
        self.field, self.pair_type, self.noun = field, pair_type, noun

    def check_overwrite(self, current: dict, new: dict) -> None:
        if self.field == "labels":
            errs = [Failure(f"'{k}' already has a value ({current[k]}), and --overwrite is false")
                    for k in new if k in current and current[k] != new[k]]
            if len(errs) == 1:
                raise errs[0]
            if errs:
                raise Failure("[" + ", ".join(e.message for e in errs) + "]")
            return
        found = [f"'{k}' already has a value ({current[k]})" for k in new
                 if k != "kubernetes.io/change-cause" and k in current and current[k] != new[k]]
        if found:
            raise Failure("--overwrite is false but found the following declared annotation(s): " + "; ".join(found))


LABEL = Change("labels", "label", "label")
ANNOTATE = Change("annotations", "annotation", "annotation")


def run(session, args: list[str], change: Change) -> int:
    f = session.flags
    dry = dry_run_strategy(session)
    resources, pairs = resources_and_pairs(args, change.pair_type)
    if change is LABEL:
        new, remove = parse_labels(pairs)
    else:
        new, remove = parse_annotation_pairs(pairs)
    if f["list"] and f["output"]:
        raise Failure("--list and --output may not be specified together")
    if f["all"] and f["selector"]:
        raise Failure("cannot set --all and --selector at the same time")
    if f["all"] and f["field-selector"]:
        raise Failure("cannot set --all and --field-selector at the same time")
    if not resources and not f["filename"]:
        raise Failure("one or more resources must be specified as <resource> <name> or <resource>/<name>")
    if not new and not remove and not f["list"]:
        raise Failure(f"at least one {change.noun} update is required")
    if change is ANNOTATE:
        both = [r for r in remove if r in new]
        if both:
            raise Failure("can not both modify and remove the following annotation(s) in the same command: "
                          + ", ".join(both))
    infos, errors = collect(session, resources, filenames=f["filename"], recursive=f["recursive"],
                            selector=f["selector"], field_selector=f["field-selector"], select_all=f["all"],
                            all_namespaces=f["all-namespaces"], latest=True)
    single = len(infos) + len(errors) == 1
    if not single and f["resource-version"]:
        raise Failure("--resource-version may only be used with a single resource")
    query = write_query(dry, f["field-manager"])
    for info in infos:
        try:
            _one(session, info, change, new, remove, dry, query, single)
        except KubectlError as e:
            errors.append(e)
    if errors:
        raise Aggregate(errors)
    return 0


def _one(session, info, change: Change, new: dict, remove: list, dry: str, query: dict, single: bool) -> None:
    f = session.flags
    obj = info.obj
    if f["resource-version"]:
        obj = {**obj, "metadata": {**obj.get("metadata", {}), "resourceVersion": ""}}
    meta = obj.get("metadata") or {}
    current = dict(meta.get(change.field) or {})
    old_data = compact(obj)
    if dry != CLIENT and not f["list"] and change is LABEL:
        for key in remove:
            if key not in current:
                session.out.write(f'label "{key}" not found.\n')
    if not f["overwrite"]:
        change.check_overwrite(current, new)
    updated = {**current, **new}
    for key in remove:
        updated.pop(key, None)
    new_meta = dict(meta)
    new_meta[change.field] = updated
    if f["resource-version"]:
        new_meta["resourceVersion"] = f["resource-version"]
    changed = {**obj, "metadata": new_meta}
    new_data = compact(changed)
    output = changed
    if dry != CLIENT and not f["list"]:
        body = _merge_patch_text(obj, changed)
        output = session.client.request("PATCH", info.path(), query, body=body.encode(),
                                        content_type="application/merge-patch+json", caller="helper.go:208").json()
    if f["list"]:
        shown = output if change is ANNOTATE else changed
        values = (shown.get("metadata") or {}).get(change.field) or {}
        indent = ""
        if not single:
            indent = " "
            res = info.resource
            title = "labels" if change is LABEL else "annotations"
            session.out.write(f"Listing {title} for {res.kind}.{res.group}/{info.name}:\n")
        for k in sorted(values):
            session.out.write(f"{indent}{k}={values[k]}\n")
        return
    if change is LABEL:
        message = "not labeled"
        if old_data != new_data:
            message = "labeled"
            if not f["overwrite"] and len(new_data.encode()) < len(old_data.encode()):
                message = "unlabeled"
        success_printer(session, message, dry)(changed)
    else:
        success_printer(session, "annotated", dry)(output)


def _merge_patch_text(old: dict, new: dict) -> str:
    from k8slab.apiserver.patch.merge import create_merge_patch
    return compact(create_merge_patch(old, new))


@command("label", flags=flags_for("kubectl-label"), short="Update the labels on a resource")
def label(session, args: list[str]) -> int:
    return run(session, args, LABEL)


@command("annotate", flags=flags_for("kubectl-annotate"), short="Update the annotations on a resource")
def annotate(session, args: list[str]) -> int:
    return run(session, args, ANNOTATE)
