"""`k8slab kubectl ...`: find the command, parse its flags, run it, print failures as kubectl does.

Follows cobra's command dispatch as kubectl uses it (`Command.Find` with stripFlags: the command
words are the first words that are neither flags nor flag values, global flags may come first;
flags may follow; unknown commands get `Did you mean this?`) and kubectl's `cmdutil.CheckErr`
for errors (errors.py).

`run(argv, ...)` is the one entry: the command line (`main`) gives it the process's streams and
environment; `Cluster.kubectl` gives it string buffers and its APIServer (in-process transport).
"""

from __future__ import annotations

import os
import sys

from . import registry
from .errors import KubectlError, UsageError
from .flags import FlagError, FlagSet, global_flags
from .kubeconfig import ConfigError


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        return run(argv, out=sys.stdout, err=sys.stderr, env=os.environ, stdin=sys.stdin)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def find_command(argv: list[str]) -> tuple[str, list[str], str]:
    """(command path, the other arguments, an unknown word or "") per cobra's Find."""
    gf = global_flags()
    words: list[int] = []
    path = ""
    flags = gf
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--":
            break
        if a.startswith("-") and a != "-":
            if "=" not in a and flags.takes_value(a):
                i += 1
            i += 1
            continue
        candidate = f"{path} {a}".strip()
        if not path:
            if not registry.load(a) and a not in registry.UPSTREAM_COMMANDS:
                first_flag = next((x for x in argv[:i] if x.startswith("-") and x != "-"), "")
                if first_flag:
                    raise UsageError(f"flags cannot be placed before plugin name: {first_flag}", "")
                return "", argv, a
        if candidate in registry.COMMANDS or (not path and a in registry.UPSTREAM_COMMANDS):
            path = candidate
            words.append(i)
            cmd = registry.COMMANDS.get(path)
            if cmd is None or not cmd.subcommands:
                break
            flags = command_flags(cmd)
            i += 1
            continue
        break
    rest = [a for j, a in enumerate(argv) if j not in words]
    return path, rest, ""


def command_flags(cmd) -> FlagSet:
    fs = global_flags()
    if cmd.add_flags is not None:
        cmd.add_flags(fs)
    return fs


def run(argv: list[str], *, out, err, env: dict | None = None, api=None, config_store=None,
        cache: dict | None = None, stdin=None) -> int:
    """Run one kubectl command line; returns its exit code."""
    env = os.environ if env is None else env
    session = None
    try:
        path, rest, unknown = find_command(argv)
        if unknown:
            raise UnknownCommand(unknown)
        if not path:
            return usage(argv, out, err)
        cmd = registry.COMMANDS.get(path)
        if cmd is None:
            err.write(f'error: "kubectl {path}" is not implemented in k8slab yet\n')
            return 1
        try:
            values, args, changed = command_flags(cmd).parse(rest)
        except FlagError as e:
            raise UsageError(str(e), f"kubectl {path}") from None
        if values.get("help"):
            out.write(help_text(cmd))
            return 0
        from .session import Session
        session = Session(path, values, changed, out=out, err=err, env=env, api=api,
                          config_store=config_store, cache=cache, stdin=stdin)
        code = cmd.run(session, args)
        return code or 0
    except UnknownCommand as e:
        err.write(e.text() + "\n")
        return 1
    except ConfigError as e:
        err.write(e.text + "\n")
        return 1
    except KubectlError as e:
        text = e.text()
        if text:
            err.write(text if text.endswith("\n") else text + "\n")
        return e.code
    finally:
        if session is not None:
            session.close()


class UnknownCommand(KubectlError):
    def __init__(self, word: str):
        super().__init__(word)
        self.word = word

    def text(self) -> str:
        msg = f'Error: unknown command "{self.word}" for "kubectl"'
        hints = sorted(registry.suggestions(self.word))
        if hints:
            msg += "\n\nDid you mean this?\n" + "".join(f"\t{h}\n" for h in hints)
        return msg


def usage(argv: list[str], out, err) -> int:
    """`kubectl` alone, or only flags: parse them (for their errors), then the usage text."""
    try:
        global_flags().parse(argv)
    except FlagError as e:
        raise UsageError(str(e), "kubectl") from None
    from .usage import ROOT_USAGE
    out.write(ROOT_USAGE)
    return 0


def help_text(cmd) -> str:
    lines = [cmd.short or cmd.path, "", "Usage:", f"  kubectl {cmd.path} [options]", ""]
    if cmd.subcommands:
        lines += ["Available Commands:"] + [f"  {p.split()[-1]:<16}{registry.COMMANDS[p].short}"
                                            for p in cmd.subcommands] + [""]
    lines.append("Use \"kubectl options\" for a list of global command-line options (applies to all commands).")
    return "\n".join(lines) + "\n"
