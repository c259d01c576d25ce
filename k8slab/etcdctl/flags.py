"""pflag-style flag parsing, as etcdctl's cobra commands accept them.

`--name value`, `--name=value`, `-w json`, `-wjson`, booleans as `--prefix` or `--prefix=false`,
flags before or after the arguments, and `--` to end the flags.
"""

from __future__ import annotations


class FlagError(Exception):
    pass


def _convert(name: str, kind: str, value: str):
    if kind == "int":
        try:
            return int(value)
        except ValueError:
            raise FlagError(f'invalid argument "{value}" for "--{name}" flag: '
                            f'strconv.ParseInt: parsing "{value}": invalid syntax') from None
    if kind == "bool":
        if value.lower() in ("true", "1", "t"):
            return True
        if value.lower() in ("false", "0", "f"):
            return False
        raise FlagError(f'invalid argument "{value}" for "--{name}" flag: '
                        f'strconv.ParseBool: parsing "{value}": invalid syntax')
    return value


def parse(argv: list[str], spec: dict[str, tuple[str, object, str | None]], strict: bool = True):
    """Split argv into ({flag: value}, [args]); spec maps name -> (kind, default, shorthand).

    With strict=False unknown flags count as booleans and bad values are kept as text, which is
    enough to find the command words in a command line that will be parsed strictly later.
    """
    flags = {name: default for name, (_, default, _) in spec.items()}
    short = {sh: name for name, (_, _, sh) in spec.items() if sh}
    args: list[str] = []
    i = 0
    while i < len(argv):
        a = argv[i]
        i += 1
        if a == "--":
            args.extend(argv[i:])
            break
        if a.startswith("--"):
            name, eq, value = a[2:].partition("=")
        elif a.startswith("-") and len(a) > 1:
            sh, value = a[1], a[2:]
            eq = "=" if value else ""
            if value.startswith("="):
                value = value[1:]
            if sh not in short:
                if strict:
                    raise FlagError(f"unknown shorthand flag: '{sh}' in {a}")
                continue
            name = short[sh]
        else:
            args.append(a)
            continue
        if name not in spec:
            if strict:
                raise FlagError(f"unknown flag: --{name}")
            continue
        kind = spec[name][0]
        if not eq:
            if kind == "bool":
                value = "true"
            elif i < len(argv):
                value = argv[i]
                i += 1
            else:
                raise FlagError(f"flag needs an argument: --{name}")
        try:
            flags[name] = _convert(name, kind, value)
        except FlagError:
            if strict:
                raise
    return flags, args
