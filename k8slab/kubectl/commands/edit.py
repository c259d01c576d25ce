"""`kubectl edit TYPE NAME`: the object in $KUBE_EDITOR / $EDITOR, then a patch of what changed.

Follows `staging/src/k8s.io/kubectl/pkg/cmd/edit/edit.go` and `cmd/util/editor/editoptions.go`
(Run: the objects as YAML (a List when several) under the header comment, managed fields left
out; the editor launched on a `kubectl-edit-*.yaml` temp file; `Edit cancelled, no changes
made.`, `Edit cancelled, saved file was empty.`; a syntax error or an Invalid answer reopens the
file with the reasons in the header; visitToPatch: `skipped` when unchanged, a strategic merge
patch (JSON merge for custom kinds) with the apiVersion/kind/name preconditions, `edited`;
addError's messages; `A copy of your changes has been stored to ...`) and `editor/editor.go`
(KUBE_EDITOR, then EDITOR, then vi; a command with spaces split on them, or run by $SHELL -c
when it has quotes or backslashes; `there was a problem with the editor "..."`).

Differences from upstream: no client-side schema validation (the server validates with
fieldValidation); `--windows-line-endings` is accepted and ignored; in-process (Cluster.kubectl)
an editor must be named in the environment given.
"""

from __future__ import annotations

import os
import subprocess
import tempfile

from ..apply.lastapplied import create_or_update_annotation
from ..builder import collect, mapping_for
from ..errors import Exit, KubectlError, StatusError
from ..flags import BOOL, STRING, STRING_ARRAY
from ..mutation import (Failure, add_field_manager_flag, add_validate_flag, go_error_string, success_printer,
                        validation_directive)
from ..registry import command

HEADER = ("# Please edit the object below. Lines beginning with a '#' will be ignored,\n"
          "# and an empty file will abort the edit. If an error occurs while saving this file will be\n"
          "# reopened with the relevant failures.\n#\n")


def flags(fs) -> None:
    fs.add("output", STRING, short="o")
    fs.add("template", STRING)
    fs.add("allow-missing-template-keys", BOOL, default=True)
    fs.add("show-managed-fields", BOOL)
    fs.add("output-patch", BOOL)
    fs.add("windows-line-endings", BOOL)
    fs.add("save-config", BOOL)
    fs.add("subresource", STRING)
    fs.add("filename", STRING_ARRAY, short="f")
    fs.add("recursive", BOOL, short="R")
    fs.add("kustomize", STRING, short="k")
    fs.add("record", BOOL)
    add_validate_flag(fs)
    add_field_manager_flag(fs, "kubectl-edit")


def editor_args(env: dict) -> tuple[list[str], bool]:
    """defaultEnvEditor: (argv, through the shell)."""
    editor = env.get("KUBE_EDITOR") or env.get("EDITOR") or "vi"
    if " " not in editor:
        return [editor], False
    if not any(c in editor for c in "\"'\\"):
        return editor.split(" "), False
    return [env.get("SHELL") or "/bin/bash", "-c", editor], True


def launch(session, path: str) -> None:
    args, shell = editor_args(session.env)
    shown = " ".join(args)
    if session.api is not None and not (session.env.get("KUBE_EDITOR") or session.env.get("EDITOR")):
        raise Failure(f'unable to launch the editor "{shown}"')
    argv = list(args)
    if shell:
        argv[-1] = f'{argv[-1]} "{os.path.abspath(path)}"'
    else:
        argv.append(os.path.abspath(path))
    try:
        code = subprocess.call(argv, env={**os.environ, **session.env} if session.api is None else session.env)
    except OSError:
        raise Failure(f'unable to launch the editor "{shown}"') from None
    if code != 0:
        raise Failure(f'there was a problem with the editor "{shown}"')


def manual_strip(text: str) -> str:
    lines = text.split("\n")
    out = []
    for i, line in enumerate(lines):
        t = line.strip()
        if t.startswith("#") and not t.startswith("#!"):
            continue
        out.append(line + ("\n" if i < len(lines) - 1 else ""))
    return "".join(out)


def stripped(text: str):
    """StripComments: the document as data when it parses, else the text without comments."""
    import yaml
    try:
        return ("data", yaml.safe_load(text))
    except yaml.YAMLError:
        return ("text", manual_strip(text))


def has_lines(text: str) -> bool:
    return any(line.strip() and not line.strip().startswith("#") for line in text.split("\n"))


@command("edit", flags=flags, short="Edit a resource on the server")
def edit(session, args: list[str]) -> int:
    f = session.flags
    output = f["output"] or "yaml"
    if output not in ("yaml", "json"):
        raise Failure(f'unable to match a printer suitable for the output format "{output}", allowed formats are: '
                      "json,yaml")
    validation = validation_directive(session)
    namespace, _ = session.namespace()
    infos, errors = collect(session, args, filenames=f["filename"], recursive=f["recursive"], latest=True)
    if errors:
        from ..mutation import Aggregate
        raise Aggregate(errors)
    if not infos:
        raise Failure("edit cancelled, no objects found")
    return EditSession(session, infos, output, validation, namespace).run()


class EditSession:
    """One edit: the loop of editing, checking and patching until done or cancelled."""

    def __init__(self, session, infos, output: str, validation: str, namespace: str):
        self.session, self.infos, self.output = session, infos, output
        self.validation, self.namespace = validation, namespace
        self.f = session.flags

    def render(self) -> str:
        objs = [self._shown(i.obj) for i in self.infos]
        obj = objs[0] if len(objs) == 1 else {"apiVersion": "v1", "items": objs, "kind": "List", "metadata": {}}
        if self.output == "json":
            from ..printers.json import dumps
            return dumps(obj)
        from ..printers.yaml import dumps
        return dumps(obj)

    def _shown(self, obj: dict) -> dict:
        if self.f["show-managed-fields"]:
            return obj
        meta = {k: v for k, v in (obj.get("metadata") or {}).items() if k != "managedFields"}
        return {**obj, "metadata": meta}

    def run(self) -> int:
        session = self.session
        header_reasons: list[tuple[str, list[str]]] = []
        edited = ""
        file = ""
        contains_error = False
        original = ""
        while True:
            buf = ""
            if self.output == "yaml":
                buf += HEADER + "".join(_reason_lines(header_reasons))
            if not contains_error:
                buf += self.render()
                original = buf
            else:
                buf += manual_strip(edited)
            previous = edited
            path = _temp_file(".json" if self.output == "json" else ".yaml", buf)
            try:
                launch(session, path)
            except Failure:
                _preserved(session, file)
                raise
            with open(path) as fh:
                edited = fh.read()
            if contains_error and stripped(previous) == stripped(edited):
                _preserved(session, path)
                raise Failure("Edit cancelled, no valid changes were saved.")
            if file:
                _remove(file)
            if stripped(original) == stripped(edited):
                _remove(path)
                session.err.write("Edit cancelled, no changes made.\n")
                return 0
            if not has_lines(edited):
                _remove(path)
                session.err.write("Edit cancelled, saved file was empty.\n")
                return 0
            file = path
            try:
                updated = self._parse(edited)
            except Failure as e:
                contains_error = True
                header_reasons = [(f"The edited file had a syntax error: {e.message}", [])]
                continue
            contains_error = False
            header_reasons = []
            retryable = notfound = 0
            for obj in updated:
                meta = obj.get("metadata") or {}
                res = mapping_for(session, obj)
                ns = meta.get("namespace") if res.namespaced else None
                if res.namespaced and ns and ns != self.namespace:
                    _preserved(session, file)
                    raise Failure(f'the namespace from the provided object "{ns}" does not match the namespace '
                                  f'"{self.namespace}". You must pass \'--namespace={ns}\' to perform this operation.')
                obj = create_or_update_annotation(self.f["save-config"], obj) if self.f["save-config"] else obj
                outcome = self._patch(res, obj)
                if outcome is None:
                    continue
                kind, message, reasons = outcome
                session.err.write(message + "\n")
                if kind == "invalid":
                    header_reasons.append(reasons)
                elif kind == "notfound":
                    notfound += 1
                else:
                    retryable += 1
            if retryable:
                session.err.write(f"You can run `kubectl replace -f {file}` to try this update again.\n")
                raise Exit(1)
            if notfound:
                session.err.write(f'The edits you made on deleted resources have been saved to "{file}"\n')
                raise Exit(1)
            if not header_reasons:
                _remove(file)
                return 0
            contains_error = True

    def _parse(self, text: str) -> list[dict]:
        import yaml
        try:
            docs = [d for d in yaml.safe_load_all(text) if d]
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            where = f"line {mark.line + 1}: " if mark is not None else ""
            raise Failure(f"error converting YAML to JSON: yaml: {where}{getattr(e, 'problem', e)}") from None
        out = []
        for d in docs:
            if not isinstance(d, dict) or "kind" not in d:
                raise Failure("Object 'Kind' is missing in '" + str(d) + "'")
            if d["kind"].endswith("List") and isinstance(d.get("items"), list):
                out.extend(d["items"])
            else:
                out.append(d)
        return out

    def _patch(self, res, edited: dict):
        """visitToPatch for one object: None when done, else (kind, message, header reason)."""
        from ..apply.patcher import STRATEGIC, patch_kind
        from ..printers.json import compact
        session = self.session
        uid = (edited.get("metadata") or {}).get("uid")
        original = next((i for i in self.infos if (i.obj.get("metadata") or {}).get("uid") == uid), None)
        if original is None:
            raise Failure(f"no original object found for {compact(edited)}")
        live = original.obj
        managed = (live.get("metadata") or {}).get("managedFields")
        if managed is not None and "managedFields" not in (edited.get("metadata") or {}):
            edited = {**edited, "metadata": {**edited.get("metadata", {}), "managedFields": managed}}
        what = f"{res.name}.{res.group}" if res.group else res.name
        name = original.name
        if compact(live) == compact(edited):
            success_printer(session, "skipped")(edited)
            return None
        content_type, schema = patch_kind(res.group_version, res.kind)
        from k8slab.apiserver.patch.errors import (PreconditionFailed, require_key_unchanged,
                                                   require_metadata_key_unchanged)
        pre = (require_key_unchanged("apiVersion"), require_key_unchanged("kind"),
               require_metadata_key_unchanged("name"), require_key_unchanged("managedFields"))
        try:
            if content_type == STRATEGIC:
                from k8slab.apiserver.patch.strategic_diff import create_two_way_merge_patch
                body = create_two_way_merge_patch(live, edited, schema, pre)
            else:
                from k8slab.apiserver.patch.merge import create_merge_patch
                body = create_merge_patch(live, edited)
                if not all(p(body) for p in pre):
                    raise PreconditionFailed("")
        except PreconditionFailed:
            raise Failure("At least one of apiVersion, kind and name was changed") from None
        text = compact(body)
        if self.f["output-patch"]:
            session.out.write(f"Patch: {text}\n")
        query = {"fieldManager": self.f["field-manager"], "fieldValidation": self.validation}
        path = original.path(self.f["subresource"]) if self.f["subresource"] else original.path()
        try:
            patched = session.client.request("PATCH", path, query, body=text.encode(),
                                             content_type=content_type).json()
        except KubectlError as e:
            if isinstance(e, StatusError) and e.reason == "Invalid":
                causes = [f"{c.get('field', '')}: {c.get('message', '')}"
                          for c in ((e.status.get("details") or {}).get("causes") or [])]
                return "invalid", f'error: {what} "{name}" is invalid', (f'{what} "{name}" was not valid', causes)
            if isinstance(e, StatusError) and e.http_code == 404:
                return "notfound", f'error: {what} "{name}" could not be found on the server', None
            return "retry", f'error: {what} "{name}" could not be patched: {go_error_string(e)}', None
        success_printer(session, "edited")(patched)
        return None


def _reason_lines(reasons) -> list[str]:
    out = []
    for head, other in reasons:
        head = head.replace("\n", "\n# ")
        out.append(f"# {head}:\n" if other else f"# {head}\n")
        out.extend(f"# * {o.replace(chr(10), chr(10) + '# ')}\n" for o in other)
        out.append("#\n")
    return out


def _temp_file(suffix: str, text: str) -> str:
    """os.CreateTemp("", "kubectl-edit-*.yaml"): a random decimal number in the name."""
    import random
    for _ in range(10000):
        path = os.path.join(tempfile.gettempdir(), f"kubectl-edit-{random.randrange(2 ** 32)}{suffix}")
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        with os.fdopen(fd, "w") as fh:
            fh.write(text)
        return path
    raise Failure("pattern contains path separator")


def _preserved(session, path: str) -> None:
    if path and os.path.exists(path):
        session.err.write(f'A copy of your changes has been stored to "{path}"\n')


def _remove(path: str) -> None:
    try:
        os.remove(path)
    except OSError:
        pass
