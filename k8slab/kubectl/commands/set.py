"""`kubectl set image`: new images for the containers of a pod template.

Follows `staging/src/k8s.io/kubectl/pkg/cmd/set/set_image.go` (Validate's errors, aggregated;
Run: `error: unable to find container named "x"`, a strategic merge patch computed from the
changed object (set/helper.go CalculatePatches), nothing printed when it is empty,
`image updated` otherwise, `failed to patch image update to pod template: ...`) and
`polymorphichelpers/updatepodspec.go` (k8slab/kubectl/rollouts.py).

Differences from upstream: only `set image` is offered (not env, resources, selector,
serviceaccount, subject); `--local` is not offered.
"""

from __future__ import annotations

from .. import rollouts
from ..builder import collect
from ..errors import KubectlError
from ..flags import BOOL, STRING, STRING_ARRAY
from ..mutation import (CLIENT, SERVER, Aggregate, Failure, add_dry_run_flag, add_field_manager_flag, add_print_flags,
                        dry_run_strategy, go_error_string, resources_and_pairs, success_printer)
from ..registry import command


@command("set", short="Set specific features on objects")
def set_(session, args: list[str]) -> int:
    session.err.write("Configure application resources.\n\nAvailable Commands:\n  image\n")
    return 1


def image_flags(fs) -> None:
    add_print_flags(fs)
    add_dry_run_flag(fs)
    add_field_manager_flag(fs, "kubectl-set")
    fs.add("all", BOOL)
    fs.add("selector", STRING, short="l")
    fs.add("local", BOOL)
    fs.add("filename", STRING_ARRAY, short="f")
    fs.add("recursive", BOOL, short="R")
    fs.add("kustomize", STRING, short="k")
    fs.add("record", BOOL)


@command("set image", flags=image_flags, short="Update the image of a pod template")
def set_image(session, args: list[str]) -> int:
    from ..apply.patcher import STRATEGIC, patch_kind
    from ..printers.json import compact
    from k8slab.apiserver.patch.strategic_diff import create_two_way_merge_patch
    f = session.flags
    dry = dry_run_strategy(session)
    show = success_printer(session, "image updated", dry)
    resources, pairs = resources_and_pairs(args, "image")
    images, invalid = {}, []
    for p in pairs:
        if "=" in p and not p.startswith("="):
            k, v = p.split("=", 1)
            images[k] = v
        else:
            invalid.append(p)
    if invalid:
        raise Failure(f"invalid image format: {', '.join(invalid)}")
    infos, errors = collect(session, resources, filenames=f["filename"], recursive=f["recursive"],
                            selector=f["selector"], select_all=f["all"], latest=True)
    if errors:
        raise Aggregate(errors)
    problems = []
    if f["all"] and f["selector"]:
        problems.append(Failure("cannot set --all and --selector at the same time"))
    if not resources and not f["filename"]:
        problems.append(Failure("one or more resources must be specified as <resource> <name> or <resource>/<name>"))
    if not images:
        problems.append(Failure("at least one image update is required"))
    elif len(images) > 1 and "*" in images:
        problems.append(Failure("all containers are already specified by *, but saw more than one "
                                "container_name=container_image pairs"))
    if problems:
        raise Aggregate(problems)
    all_errors: list = []
    for info in infos:
        def update(spec: dict) -> None:
            for name, image in images.items():
                found = False
                for key in ("initContainers", "containers"):
                    for c in spec.get(key) or []:
                        if c.get("name") == name or name == "*":
                            c["image"] = image
                            found = True
                if not found:
                    all_errors.append(Failure(f'error: unable to find container named "{name}"'))
        try:
            changed = rollouts.with_pod_spec(info.obj, update)
        except Failure as e:
            all_errors.append(Failure(f"error: {info.resource.name}/{info.name} {e.message}\n"))
            continue
        _, schema = patch_kind(info.resource.group_version, info.resource.kind)
        body = compact(create_two_way_merge_patch(info.obj, changed, schema))
        if body == "{}":
            continue
        if dry == CLIENT:
            show(changed)
            continue
        query = {"fieldManager": f["field-manager"]}
        if dry == SERVER:
            query["dryRun"] = "All"
        try:
            obj = session.client.request("PATCH", info.path(), query, body=body.encode(),
                                         content_type=STRATEGIC).json()
        except KubectlError as e:
            all_errors.append(Failure(f"failed to patch image update to pod template: {go_error_string(e)}"))
            continue
        show(obj)
    if all_errors:
        raise Aggregate(all_errors)
    return 0
