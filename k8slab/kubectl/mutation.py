"""What kubectl's writing commands share: `--dry-run`, `--validate`, `--field-manager`, `-o` with a
success message (`pod/x created`), errors that name their file, and aggregated errors.

Follows `staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go` (AddDryRunFlag, GetDryRunStrategy and
its klog warnings, PrintFlagsWithDryRunStrategy, AddValidateFlags, GetValidationDirective,
AddSourceToErr, GetResourcesAndPairs, checkErr for aggregates: MultipleErrors, messageForError),
`cli-runtime/pkg/genericclioptions/print_flags.go` (the formats a writing command accepts and the
error for others) and `cli-runtime/pkg/printers/name.go` (NamePrinter with an operation:
`deployment.apps/web scaled`; `-o name` leaves the operation out), `typesetter.go` (apiVersion and
kind set before printing) and `omitmanagedfields.go`.

    fs.add(...); add_print_flags(fs); add_dry_run_flag(fs)
    dry = dry_run_strategy(session)               # "none" | "client" | "server"
    show = success_printer(session, "created", dry)
    show(obj)                                     # `configmap/x created (dry run)` or -o yaml ...
"""

from __future__ import annotations

from .errors import CommandError, ConnectionFailed, KubectlError, StatusError, error, standard_message
from .flags import BOOL, STRING

NONE, CLIENT, SERVER = "none", "client", "server"
FORMATS = ("json", "yaml", "name", "go-template", "go-template-file", "template", "templatefile",
           "jsonpath", "jsonpath-as-json", "jsonpath-file")


# ---- flags -----------------------------------------------------------------------------------

def add_dry_run_flag(fs) -> None:
    fs.add("dry-run", STRING, default="none", no_opt="unchanged")


def add_validate_flag(fs) -> None:
    fs.add("validate", STRING, default="strict", no_opt="strict")


def add_field_manager_flag(fs, default: str) -> None:
    fs.add("field-manager", STRING, default=default)


def add_print_flags(fs) -> None:
    fs.add("output", STRING, short="o")
    fs.add("template", STRING)
    fs.add("allow-missing-template-keys", BOOL, default=True)
    fs.add("show-managed-fields", BOOL)


def add_save_config_flag(fs) -> None:
    fs.add("save-config", BOOL)


def dry_run_strategy(session) -> str:
    """GetDryRunStrategy: none, client or server, with upstream's deprecation warnings."""
    value = session.flags.get("dry-run", "none")
    as_bool = parse_bool(value)
    if as_bool is None:
        if value == "unchanged":
            _warn(session, "helpers.go:702", "--dry-run is deprecated and can be replaced with --dry-run=client.")
            return CLIENT
        if value in (CLIENT, SERVER, NONE):
            return value
        raise error(f'Invalid dry-run value ({value}). Must be "none", "server", or "client".')
    replacement = CLIENT if as_bool else NONE
    _warn(session, "helpers.go:716" if as_bool else "helpers.go:719",
          f"--dry-run={value} is deprecated (boolean value) and can be replaced with --dry-run={replacement}.")
    return replacement


def _warn(session, where: str, message: str) -> None:
    """klog.Warning. kubectl 1.32 shows these reliably from -v=1 on; at -v=0 they are mostly lost
    (measured: 1 run in 5 printed one), so k8slab prints them from -v=1 on."""
    if session.log.verbosity >= 1:
        session.log.warning(where, message)


def validation_directive(session) -> str:
    """GetValidationDirective: the fieldValidation query value."""
    value = session.flags.get("validate", "strict")
    as_bool = parse_bool(value)
    if as_bool is None:
        found = {"strict": "Strict", "warn": "Warn", "ignore": "Ignore"}.get(value)
        if found is None:
            raise error(f'invalid - validate option "{value}"; must be one of: strict (or true), warn, '
                        "ignore (or false)")
        return found
    return "Strict" if as_bool else "Ignore"


def parse_bool(value: str):
    """strconv.ParseBool: True, False or None (not a boolean)."""
    if value in ("1", "t", "T", "true", "TRUE", "True"):
        return True
    if value in ("0", "f", "F", "false", "FALSE", "False"):
        return False
    return None


def write_query(dry_run: str = NONE, field_manager: str = "", validation: str = "") -> dict:
    """The query parameters of a create, update or patch (resource/helper.go)."""
    q = {}
    if dry_run == SERVER:
        q["dryRun"] = "All"
    if field_manager:
        q["fieldManager"] = field_manager
    if validation:
        q["fieldValidation"] = validation
    return q


# ---- printing --------------------------------------------------------------------------------

def kind_string(api_version: str, kind: str) -> str:
    """`deployment.apps`, `pod`: a kind and its group, as NamePrinter writes them."""
    group = api_version.rpartition("/")[0] if "/" in api_version else ""
    return f"{kind.lower()}.{group}" if group else kind.lower()


def check_output_format(session) -> str:
    """The -o value, or PrintFlags' NoCompatiblePrinterError (go-template if only --template)."""
    output = session.flags.get("output", "")
    if session.flags.get("template") and "output" not in session.changed:
        output = "go-template"
    name = output.partition("=")[0]
    if output and name not in FORMATS:
        raise error(f'unable to match a printer suitable for the output format "{output}", allowed formats '
                    f'are: {",".join(sorted(FORMATS))}')
    return output


def success_printer(session, operation: str, dry_run: str = NONE, typed: bool = False):
    """print(obj) for a written object: `-o FORMAT`, or `kind.group/name <operation>`. A `typed`
    object (built by a generator, as Go builds a struct) keeps its key order in `-o json`."""
    output = check_output_format(session)
    if dry_run == CLIENT:
        operation = f"{operation} (dry run)"
    elif dry_run == SERVER:
        operation = f"{operation} (server dry run)"
    out = session.out
    if not output or output == "name":
        short = output == "name"

        def show_name(obj: dict) -> None:
            if obj.get("kind") == "List" or (obj.get("kind", "").endswith("List") and "items" in obj):
                for item in obj.get("items") or []:
                    show_name(item)
                return
            name = (obj.get("metadata") or {}).get("name") or "<unknown>"
            suffix = "" if short or not operation else " " + operation
            out.write(f"{kind_string(obj.get('apiVersion', ''), obj.get('kind', ''))}/{name}{suffix}\n")
        return show_name
    from .printers.output import printer_for
    printer = printer_for(output, template=session.flags.get("template", ""),
                          allow_missing_keys=session.flags.get("allow-missing-template-keys", True))
    show_managed = session.flags.get("show-managed-fields", False)
    if typed and output == "json":
        printer = print_struct_json
    printed = [0]

    def show(obj: dict) -> None:
        if output == "yaml" and printed[0]:
            out.write("---\n")                   # YAMLPrinter separates the objects it prints
        printed[0] += 1
        printer(obj if show_managed else without_managed_fields(obj), out)
    return show


def print_struct_json(obj: dict, out) -> None:
    """json.MarshalIndent of a typed Go object: fields in struct order (the dict's order)."""
    import json
    from .printers.json import go_escape
    out.write(go_escape(json.dumps(obj, indent="    ", ensure_ascii=False, separators=(",", ": "))) + "\n")


def without_managed_fields(obj: dict) -> dict:
    meta = obj.get("metadata")
    if isinstance(meta, dict) and "managedFields" in meta:
        return {**obj, "metadata": {k: v for k, v in meta.items() if k != "managedFields"}}
    if obj.get("kind", "").endswith("List") and isinstance(obj.get("items"), list):
        return {**obj, "items": [without_managed_fields(i) for i in obj["items"]]}
    return obj


# ---- errors ----------------------------------------------------------------------------------

class Failure(KubectlError):
    """A plain Go error: `error: <message>` alone, `<message>` among several."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def text(self) -> str:
        return self.message if self.message.startswith("error: ") else f"error: {self.message}"


class Aggregate(KubectlError):
    """utilerrors.Aggregate as checkErr prints it: one error as itself, several one per line."""

    def __init__(self, errors: list):
        super().__init__("")
        self.errors = errors

    def text(self) -> str:
        if len(self.errors) == 1:
            return self.errors[0].text()
        return "\n".join(message_for_error(e) for e in self.errors)


def message_for_error(e) -> str:
    """messageForError: a Status as `Error from server (...)`, any other error bare."""
    if isinstance(e, StatusError):
        return standard_message({**e.status, "message": e.message})
    if isinstance(e, Failure):
        return e.message
    if isinstance(e, CommandError):
        return e.message[len("error: "):] if e.message.startswith("error: ") else e.message
    return e.text()


def go_list(items) -> str:
    """fmt's %v of a []string: `[a b c]`."""
    return "[" + " ".join(items) + "]"


def go_error_string(e: KubectlError) -> str:
    """err.Error() in Go: a Status's message, a dial error's text."""
    if isinstance(e, StatusError):
        return e.message
    if isinstance(e, ConnectionFailed):
        return e.go_error()
    if isinstance(e, Failure):
        return e.message
    return message_for_error(e)


def raise_collected(errors: list) -> None:
    if errors:
        raise Aggregate(errors)


def with_source(verb: str, source: str, e: KubectlError) -> KubectlError:
    """AddSourceToErr: `error when creating "file.yaml": <message>`."""
    if not source:
        return e
    if isinstance(e, StatusError):
        status = {**e.status, "message": f'error when {verb} "{source}": {e.message}'}
        return StatusError(status, e.http_code)
    msg = e.message if isinstance(e, Failure) else message_for_error(e)
    return Failure(f'error when {verb} "{source}": {msg}')


def usage_error(session, message: str) -> CommandError:
    """UsageErrorf: the message and where the help is (the command's own name, not an alias)."""
    from .registry import COMMANDS
    cmd = COMMANDS.get(session.command_path)
    path = cmd.path if cmd is not None else session.command_path
    return CommandError(f"error: {message}\nSee 'kubectl {path} -h' for help and examples")


def required_flag(session, *names: str) -> None:
    """cobra's MarkFlagRequired, as kubectl reports it (a klog line from run.go)."""
    missing = [n for n in names if n not in session.changed]
    if missing:
        listed = ", ".join(f'\\"{n}\\"' for n in missing)
        session.log.error("run.go:72", f'"command failed" err="required flag(s) {listed} not set"')
        from .errors import Exit
        raise Exit(1)


def resources_and_pairs(args: list[str], pair_type: str) -> tuple[list[str], list[str]]:
    """GetResourcesAndPairs: resource words first, then KEY=VALUE / KEY- pairs."""
    resources, pairs = [], []
    found = False
    for s in args:
        pair = ("=" in s and s[0] != "=") or (s.endswith("-") and s != "-")
        if pair:
            found = True
            pairs.append(s)
        elif not found:
            resources.append(s)
        else:
            raise error(f"all resources must be specified before {pair_type} changes: {s}")
    return resources, pairs

