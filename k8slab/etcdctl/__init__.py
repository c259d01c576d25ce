"""`k8slab etcdctl`: etcdctl v3's commands, flags and output, on a real etcd or on k8slab's stores.

Follows etcd 3.4's `etcdctl/ctlv3/command/` (get, put, del, watch, member list, endpoint status,
compaction, lease ...) and its printers. `--endpoints` reaches a real etcd (or anything serving
etcd's v3 JSON gateway); `--data-dir DIR` (k8slab's own flag) opens the sqlite store kept in DIR.

Differences from upstream: the client speaks the JSON gateway instead of gRPC, so it prints no
gRPC retry warnings; `txn`, `auth`, `user`, `role`, `snapshot`, `lock` and `elect` are not offered;
one endpoint at a time.
"""

from __future__ import annotations

import os
import sys

from .commands import COMMANDS, Usage, run_command
from .flags import FlagError, parse

GLOBAL_FLAGS = {
    "endpoints": ("str", "127.0.0.1:2379", None),
    "write-out": ("str", "simple", "w"),
    "data-dir": ("str", "", None),
    "cacert": ("str", "", None),
    "cert": ("str", "", None),
    "key": ("str", "", None),
    "insecure-skip-tls-verify": ("bool", False, None),
    "insecure-transport": ("bool", True, None),
    "dial-timeout": ("str", "2s", None),
    "command-timeout": ("str", "5s", None),
    "hex": ("bool", False, None),
    "debug": ("bool", False, None),
    "help": ("bool", False, "h"),
}

# etcdctl's exit codes (pkg/cobrautl/error.go)
EXIT_ERROR, EXIT_BAD_ARGS = 1, 128


def main(argv: list[str] | None = None, stdout=None, stderr=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    out, err = stdout or sys.stdout, stderr or sys.stderr
    if os.environ.get("ETCDCTL_ENDPOINTS") and not any(a.startswith("--endpoints") for a in argv):
        argv = ["--endpoints", os.environ["ETCDCTL_ENDPOINTS"]] + argv
    rest = list(argv)
    # the command is the leading words that name one ("member list", "lease grant", "get");
    # a lenient pass with every known flag tells words from flag values
    every_flag = dict(GLOBAL_FLAGS)
    for spec in COMMANDS.values():
        every_flag.update(spec.flags)
    try:
        _, positional = parse(argv, every_flag, strict=False)
    except FlagError:               # a value-taking flag at the very end
        positional = [a for a in argv if not a.startswith("-")]
    name = None
    for n in sorted(COMMANDS, key=lambda c: -len(c.split())):
        parts = n.split()
        if positional[: len(parts)] == parts:
            name = n
            break
    if name is None:
        if not positional or positional[0] == "help" or "--help" in argv or "-h" in argv:
            print("NAME:\n\tetcdctl - A simple command line client for etcd3.\n\nUSAGE:\n\t"
                  "etcdctl [flags]\n\nCOMMANDS:", file=out)
            for n, spec in COMMANDS.items():
                print(f"\t{n}\t\t{spec.summary}", file=out)
            return 0
        print(f'Error: unknown command "{positional[0]}" for "etcdctl"', file=err)
        return EXIT_ERROR
    for word in name.split():
        rest.remove(word)           # the first occurrence: the command word itself
    spec = COMMANDS[name]
    try:
        flags, args = parse(rest, {**GLOBAL_FLAGS, **spec.flags})
    except FlagError as e:
        print(f"Error: {e}", file=err)
        return EXIT_ERROR
    if flags["help"]:
        print(f"NAME:\n\t{name} - {spec.summary}", file=out)
        return 0
    try:
        return run_command(name, flags, args, out, err)
    except Usage as e:
        print(f"Error: {e}", file=err)
        return EXIT_BAD_ARGS
    except KeyboardInterrupt:
        return 130
