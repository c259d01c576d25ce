"""kubectl's flags: pflag's parsing rules and kubectl's global flags.

Follows `github.com/spf13/pflag` (flag.go: parseLongArg, parseShortArg, parseSingleShortArg and
their error strings), `k8s.io/cli-runtime/pkg/genericclioptions/config_flags.go` (the global
flags every command inherits) and `k8s.io/component-base/logs` (`-v`/`--v`).

The rules a learner meets: `--name value`, `--name=value`, `-n value`, `-nvalue`, `-n=value`,
booleans as `--flag` / `--flag=false` / `-A` (never `--flag false`), bool shorthands combined
(`-it`), flags before or after the command words, `--` ends the flags. Repeatable flags
(`stringArray`, e.g. `--as-group`, `-f`) collect every value; `stringSlice` flags also split
on commas.

A flag with `no_opt` (pflag's NoOptDefVal, e.g. `--dry-run` alone meaning "unchanged") takes
that value when given without `=value` and never consumes the next word.
"""

from __future__ import annotations

BOOL, STRING, INT, LEVEL, STRING_ARRAY, STRING_SLICE = "bool", "string", "int", "Level", "stringArray", "stringSlice"
ARGS_LEN_AT_DASH = "--"     # in parsed values when `--` was given: how many arguments came before it


class FlagError(Exception):
    """A command line pflag rejects; kubectl prints `Error: <msg>` and a usage hint."""


class Flag:
    __slots__ = ("name", "kind", "default", "short", "help", "no_opt")

    def __init__(self, name: str, kind: str = STRING, default=None, short: str = "", help: str = "",
                 no_opt: str | None = None):
        self.name, self.kind, self.default, self.short, self.help = name, kind, default, short, help
        self.no_opt = no_opt


class FlagSet:
    """The flags one command accepts (its own and the global ones it inherits)."""

    def __init__(self, flags: dict | None = None, shorts: dict | None = None):
        self.flags: dict[str, Flag] = flags if flags is not None else {}
        self.shorts: dict[str, str] = shorts if shorts is not None else {}

    def add(self, name: str, kind: str = STRING, default=None, short: str = "", help: str = "",
            no_opt: str | None = None) -> None:
        if default is None:
            default = {BOOL: False, INT: 0, LEVEL: 0, STRING_ARRAY: [], STRING_SLICE: []}.get(kind, "")
        self.flags[name] = Flag(name, kind, default, short, help, no_opt)
        if short:
            self.shorts[short] = name

    def copy(self) -> "FlagSet":
        return FlagSet(dict(self.flags), dict(self.shorts))

    def takes_value(self, arg: str) -> bool:
        """Does this flag word (without `=value`) consume the next word? (cobra's stripFlags)"""
        if arg.startswith("--"):
            f = self.flags.get(arg[2:])
            return f is not None and f.kind != BOOL and f.no_opt is None
        f = self.flags.get(self.shorts.get(arg[-1:], ""))
        return len(arg) == 2 and f is not None and f.kind != BOOL and f.no_opt is None

    def parse(self, argv: list[str]) -> tuple[dict, list[str], set[str]]:
        """(values by flag name, positional arguments, names of the flags given)."""
        values = {name: (list(f.default) if isinstance(f.default, list) else f.default)
                  for name, f in self.flags.items()}
        changed: set[str] = set()
        args: list[str] = []
        i = 0
        while i < len(argv):
            a = argv[i]
            i += 1
            if a == "--":
                values[ARGS_LEN_AT_DASH] = len(args)      # cobra's ArgsLenAtDash (`run x -- cmd`)
                args.extend(argv[i:])
                break
            if not a.startswith("-") or a == "-":
                args.append(a)
                continue
            if a.startswith("--"):
                name, eq, value = a[2:].partition("=")
                f = self.flags.get(name)
                if f is None or not name:
                    raise FlagError(f"unknown flag: --{name}" if name else f"bad flag syntax: {a}")
                if not eq:
                    if f.kind == BOOL:
                        value = "true"
                    elif f.no_opt is not None:
                        value = f.no_opt
                    elif i < len(argv):
                        value, i = argv[i], i + 1
                    else:
                        raise FlagError(f"flag needs an argument: {a}")
                self._set(values, changed, f, value)
                continue
            shorts = a[1:]
            while shorts:
                c, shorts = shorts[0], shorts[1:]
                name = self.shorts.get(c)
                if name is None:
                    raise FlagError(f"unknown shorthand flag: '{c}' in {a}")
                f = self.flags[name]
                if shorts.startswith("="):
                    value, shorts = shorts[1:], ""
                elif f.kind == BOOL:
                    value = "true"
                elif f.no_opt is not None and not shorts:
                    value = f.no_opt
                elif shorts:
                    value, shorts = shorts, ""
                elif i < len(argv):
                    value, i = argv[i], i + 1
                else:
                    raise FlagError(f"flag needs an argument: '{c}' in {a}")
                self._set(values, changed, f, value)
        return values, args, changed

    @staticmethod
    def _set(values: dict, changed: set, f: Flag, value: str) -> None:
        label = f"-{f.short}, --{f.name}" if f.short else f"--{f.name}"
        if f.kind == BOOL:
            low = value
            if low in ("1", "t", "T", "true", "TRUE", "True"):
                values[f.name] = True
            elif low in ("0", "f", "F", "false", "FALSE", "False"):
                values[f.name] = False
            else:
                raise FlagError(f'invalid argument "{value}" for "{label}" flag: '
                                f'strconv.ParseBool: parsing "{value}": invalid syntax')
        elif f.kind in (INT, LEVEL):
            try:
                values[f.name] = int(value, 10)
            except ValueError:
                raise FlagError(f'invalid argument "{value}" for "{label}" flag: '
                                f'strconv.ParseInt: parsing "{value}": invalid syntax') from None
        elif f.kind == STRING_ARRAY:
            if f.name not in changed:
                values[f.name] = []
            values[f.name].append(value)
        elif f.kind == STRING_SLICE:
            if f.name not in changed:
                values[f.name] = []
            values[f.name].extend(v for v in value.split(",") if v != "" or value == "")
        else:
            values[f.name] = value
        changed.add(f.name)


def global_flags() -> FlagSet:
    """The flags every kubectl command inherits (`kubectl options` lists them)."""
    fs = FlagSet()
    for name, kind, short in (
            ("kubeconfig", STRING, ""), ("cache-dir", STRING, ""), ("context", STRING, ""),
            ("cluster", STRING, ""), ("user", STRING, ""), ("server", STRING, "s"),
            ("namespace", STRING, "n"), ("as", STRING, ""), ("as-group", STRING_ARRAY, ""),
            ("as-uid", STRING, ""), ("token", STRING, ""), ("username", STRING, ""),
            ("password", STRING, ""), ("certificate-authority", STRING, ""),
            ("client-certificate", STRING, ""), ("client-key", STRING, ""),
            ("insecure-skip-tls-verify", BOOL, ""), ("tls-server-name", STRING, ""),
            ("request-timeout", STRING, ""), ("disable-compression", BOOL, ""),
            ("match-server-version", BOOL, ""), ("v", LEVEL, "v"), ("vmodule", STRING, ""),
            ("log-flush-frequency", STRING, ""), ("warnings-as-errors", BOOL, ""),
            ("profile", STRING, ""), ("profile-output", STRING, ""), ("help", BOOL, "h")):
        fs.add(name, kind, short=short)
    fs.flags["request-timeout"].default = "0"
    fs.flags["profile"].default = "none"
    fs.flags["profile-output"].default = "profile.pprof"
    return fs
