"""`-o FORMAT`: which printer prints objects (everything except the server-side tables).

Follows `staging/src/k8s.io/cli-runtime/pkg/genericclioptions/print_flags.go` and its
json_yaml_flags.go, name_flags.go, jsonpath_flags.go, template_flags.go and
`kubectl/pkg/cmd/get/customcolumn_flags.go` (the allowed formats and the error for others).

A printer is a function `print(obj, out)` for one object or a `List`.
"""

from __future__ import annotations

from ..errors import error

ALLOWED = ("custom-columns", "custom-columns-file", "go-template", "go-template-file", "json",
           "jsonpath", "jsonpath-as-json", "jsonpath-file", "name", "template", "templatefile",
           "wide", "yaml")


def unknown_format(output: str):
    return error(f'unable to match a printer suitable for the output format "{output}", allowed '
                 f'formats are: {",".join(ALLOWED)}')


def split_format(output: str) -> tuple[str, str]:
    name, eq, arg = output.partition("=")
    return name, arg


def is_human_readable(output: str) -> bool:
    return output in ("", "wide")


def printer_for(output: str, *, template: str = "", no_headers: bool = False,
                allow_missing_keys: bool = True):
    """The print function for `-o output` (with `--template` for the template formats)."""
    name, arg = split_format(output)
    if name in ("jsonpath", "jsonpath-file", "jsonpath-as-json", "go-template", "go-template-file",
                "template", "templatefile", "custom-columns", "custom-columns-file") and not arg:
        arg = template
    if name == "yaml":
        from .yaml import dumps
        return lambda obj, out: out.write(dumps(obj))
    if name == "json":
        from .json import dumps
        return lambda obj, out: out.write(dumps(obj))
    if name == "name":
        from .name import print_name
        return print_name
    if name in ("jsonpath", "jsonpath-file", "jsonpath-as-json"):
        from .jsonpath import JSONPathPrinter
        if name == "jsonpath-file":
            arg = _read(arg)
        if not arg:
            raise error("template format specified but no template given")
        return JSONPathPrinter(arg, allow_missing_keys=allow_missing_keys, as_json=name == "jsonpath-as-json").print
    if name in ("custom-columns", "custom-columns-file"):
        from .custom_columns import CustomColumnsPrinter
        if name == "custom-columns-file":
            return CustomColumnsPrinter.from_file(_read(arg), no_headers).print
        if not arg:
            raise error("custom-columns format specified but no custom columns given")
        return CustomColumnsPrinter.from_spec(arg, no_headers).print
    if name in ("go-template", "go-template-file", "template", "templatefile"):
        from .gotemplate import GoTemplatePrinter
        if name in ("go-template-file", "templatefile"):
            arg = _read(arg)
        if not arg:
            raise error("template format specified but no template given")
        return GoTemplatePrinter(arg, allow_missing_keys=allow_missing_keys).print
    raise unknown_format(output)


def _read(path: str) -> str:
    try:
        with open(path) as f:
            return f.read()
    except OSError as e:
        raise error(f"error reading --template {path}, {e.strerror.lower()}") from None
