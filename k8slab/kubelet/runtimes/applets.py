"""The commands of the simulated shell: busybox applets and a few tools images bring.

Each applet takes the shell context and its arguments; it writes to `ctx.write(stream, text)` and
returns an exit status, or is a generator that yields sleep seconds (`sleep`, the servers that run
forever) or waits for stdin (`cat`, `grep`, `head`, `tail`, `wc` without files: `read_stdin`).
Error messages follow busybox (`cat: can't open 'x': No such file or directory`) or, on
Debian-based images, coreutils (`cat: x: No such file or directory`). `redis-cli` answers
PING, SET, GET, DEL, INCR, KEYS and DBSIZE from the container's memory, as redis-cli prints them
when stdout is not a terminal.

Differences from upstream: options are mostly ignored; no globbing; `ls` lists names only.
"""

from __future__ import annotations

import datetime as _dt
import fnmatch
import math
import re


class ShellExit(Exception):
    def __init__(self, code: int):
        self.code = code


class Interrupted(Exception):
    """^C on the terminal (SIGINT): thrown into the running program."""


WAIT_INPUT = -math.inf       # yielded by a program that waits for stdin (a timer never wakes it)


class Pipe:
    """A process's stdin: text arrives with feed(), its end with close(); readers wait for it."""

    def __init__(self):
        self.buffer = ""
        self.closed = False

    def feed(self, text: str) -> None:
        self.buffer += text

    def close(self) -> None:
        self.closed = True

    def read_line(self):
        """Generator: the next line with its newline; what is left at the end; None after it."""
        while "\n" not in self.buffer and not self.closed:
            yield WAIT_INPUT
        if "\n" in self.buffer:
            line, _, self.buffer = self.buffer.partition("\n")
            return line + "\n"
        rest, self.buffer = self.buffer, ""
        return rest or None

    def read_all(self):
        """Generator: everything until the end of input."""
        while not self.closed:
            yield WAIT_INPUT
        data, self.buffer = self.buffer, ""
        return data


def _sleep(ctx, args):
    total = 0.0
    for a in args or ["?"]:
        m = re.match(r"^([0-9.]+)([smhd]?)$", a)
        if a in ("inf", "infinity"):
            total = math.inf
        elif m:
            total += float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]
        else:
            ctx.write("stderr", f"sleep: invalid number '{a}'\n")
            return 1
    if total > 0:
        ctx.steps = 0
        yield total
    return 0


def _echo(ctx, args):
    newline = True
    while args and args[0] in ("-n", "-e"):
        newline = newline and args.pop(0) != "-n"
    ctx.write("stdout", " ".join(args) + ("\n" if newline else ""))


def _printf(ctx, args):
    if args:
        fmt = args[0].replace("\\n", "\n").replace("\\t", "\t")
        rest = iter(args[1:])
        ctx.write("stdout", re.sub(r"%[sd]", lambda m: next(rest, ""), fmt))


def _exit(ctx, args):
    raise ShellExit(int(args[0]) if args and args[0].lstrip("-").isdigit() else ctx.status)


def _missing(ctx, tool, path):
    if ctx.busybox:
        return f"{tool}: can't open '{path}': No such file or directory\n"
    return f"{tool}: {path}: No such file or directory\n"


def read_stdin(ctx):
    """Generator: the text on stdin -- a pipe's, or the process's own input once it has ended."""
    if ctx.input is None or ctx.stdin:
        return ctx.stdin
    return (yield from ctx.input.read_all())


def _cat(ctx, args):
    if not args:
        ctx.write("stdout", (yield from read_stdin(ctx)))
        return 0
    status = 0
    for a in args:
        p = ctx.path(a)
        if p in ctx.files:
            ctx.write("stdout", ctx.files[p])
        else:
            ctx.write("stderr", _missing(ctx, "cat", a) if not ctx.is_dir(p) else "cat: read error: Is a directory\n")
            status = 1
    return status


def _touch(ctx, args):
    for a in (x for x in args if not x.startswith("-")):
        ctx.files.setdefault(ctx.path(a), "")


def _rm(ctx, args):
    force = any(a.startswith("-") and "f" in a for a in args)
    status = 0
    for a in (x for x in args if not x.startswith("-")):
        p = ctx.path(a)
        if p in ctx.files:
            del ctx.files[p]
        elif p in ctx.dirs:
            ctx.dirs.discard(p)
        elif not force:
            ctx.write("stderr", f"rm: can't remove '{a}': No such file or directory\n" if ctx.busybox
                      else f"rm: cannot remove '{a}': No such file or directory\n")
            status = 1
    return status


def _mkdir(ctx, args):
    for a in (x for x in args if not x.startswith("-")):
        ctx.dirs.add(ctx.path(a))


def _ls(ctx, args):
    paths = [ctx.path(a) for a in args if not a.startswith("-")] or [ctx.cwd]
    status = 0
    for p in paths:
        if p in ctx.files:
            ctx.write("stdout", p.rsplit("/", 1)[-1] + "\n")
            continue
        if not ctx.is_dir(p):
            ctx.write("stderr", f"ls: {p}: No such file or directory\n" if ctx.busybox
                      else f"ls: cannot access '{p}': No such file or directory\n")
            status = 1 if ctx.busybox else 2
            continue
        prefix = p.rstrip("/") + "/"
        names = {x[len(prefix):].split("/", 1)[0] for x in list(ctx.files) + list(ctx.dirs)
                 if x.startswith(prefix) and x != prefix}
        ctx.write("stdout", "".join(f"{n}\n" for n in sorted(names)))
    return status


def _cd(ctx, args):
    p = ctx.path(args[0] if args else "/root")
    if not ctx.is_dir(p):
        ctx.write("stderr", f"sh: cd: can't cd to {args[0]}: No such file or directory\n")
        return 2
    ctx.cwd = p


def _env(ctx, args):
    if args:
        return _printenv(ctx, args)
    ctx.write("stdout", "".join(f"{k}={v}\n" for k, v in ctx.env.items()))


def _printenv(ctx, args):
    if not args:
        return _env(ctx, [])
    values = [ctx.env[a] for a in args if a in ctx.env]
    ctx.write("stdout", "".join(f"{v}\n" for v in values))
    return 0 if len(values) == len(args) else 1


def _date(ctx, args):
    d = _dt.datetime.fromtimestamp(int(ctx.now()), _dt.timezone.utc)
    ctx.write("stdout", f"{d:%a %b} {d.day:2d} {d:%H:%M:%S} UTC {d.year}\n")


def _test(ctx, args):
    args = args[:-1] if args and args[-1] == "]" else args
    if len(args) == 2 and args[0] in ("-f", "-e", "-d", "-z", "-n"):
        op, x = args
        p = ctx.path(x)
        return 0 if {"-f": p in ctx.files, "-e": p in ctx.files or ctx.is_dir(p), "-d": ctx.is_dir(p),
                     "-z": x == "", "-n": x != ""}[op] else 1
    if len(args) == 3 and args[1] in ("=", "==", "!="):
        return 0 if (args[0] == args[2]) == (args[1] != "!=") else 1
    return 0 if len(args) == 1 and args[0] else 1


def _lines(ctx, args):
    """Generator: the lines of the named files, or of stdin."""
    files = [a for a in args if not a.startswith("-")]
    text = "".join(ctx.files.get(ctx.path(f), "") for f in files) if files else (yield from read_stdin(ctx))
    return text.splitlines(keepends=True)


def _grep(ctx, args):
    pattern, rest = (args[0], args[1:]) if args else ("", [])
    hits = [line for line in (yield from _lines(ctx, rest)) if pattern in line]
    ctx.write("stdout", "".join(hits))
    return 0 if hits else 1


def _head_tail(n_default, tail):
    def applet(ctx, args):
        n, rest = n_default, list(args)
        if len(rest) >= 2 and rest[0] == "-n":
            n, rest = int(rest[1]), rest[2:]
        lines = yield from _lines(ctx, rest)
        ctx.write("stdout", "".join(lines[-n:] if tail else lines[:n]))
    return applet


def _wc(ctx, args):
    lines = yield from _lines(ctx, [a for a in args if not a.startswith("-")])
    ctx.write("stdout", f"{len(lines)}\n")


def _redis_cli(ctx, args):
    args, port = list(args), 6379
    while args and args[0] in ("-h", "-p", "-n", "-a"):
        opt, value = args.pop(0), args.pop(0) if args else ""
        port = int(value) if opt == "-p" and value.isdigit() else port
    if not args:
        return 0
    if port not in ctx.listening:
        ctx.write("stdout", f"Could not connect to Redis at 127.0.0.1:{port}: Connection refused\n")
        return 1
    kind, value = redis_command(ctx.kv, args)
    out = "\n".join(value) if kind == "array" else "" if value is None else str(value)
    ctx.write("stdout", out + "\n")


def redis_command(kv: dict, args: list[str]) -> tuple[str, object]:
    """One redis command on the container's keys: (reply type as RESP has them, value)."""
    cmd, rest = args[0].upper(), args[1:]
    if cmd == "PING":
        return ("bulk", rest[0]) if rest else ("status", "PONG")
    if cmd == "SET" and len(rest) >= 2:
        kv[rest[0]] = rest[1]
        return "status", "OK"
    if cmd == "GET" and len(rest) == 1:
        return "bulk", kv.get(rest[0])
    if cmd == "DEL" and rest:
        return "int", sum(kv.pop(k, None) is not None for k in rest)
    if cmd == "INCR" and len(rest) == 1:
        try:
            kv[rest[0]] = str(int(kv.get(rest[0], "0")) + 1)
        except ValueError:
            return "error", "ERR value is not an integer or out of range"
        return "int", int(kv[rest[0]])
    if cmd == "KEYS" and len(rest) == 1:
        return "array", sorted(k for k in kv if fnmatch.fnmatchcase(k, rest[0]))
    if cmd == "DBSIZE":
        return "int", len(kv)
    if cmd in ("PING", "SET", "GET", "DEL", "INCR", "KEYS"):
        return "error", f"ERR wrong number of arguments for '{args[0].lower()}' command"
    quoted = " ".join(f"'{a}'" for a in rest)
    return "error", f"ERR unknown command '{args[0]}', with args beginning with: {quoted}".rstrip()


def _nginx(ctx, args):
    if args[:1] == ["-v"]:
        ctx.write("stderr", f"nginx version: nginx/{ctx.image.version}\n")
        return 0
    return _serve_forever()


def _redis_server(ctx, args):
    return _serve_forever()


def _serve_forever():
    yield math.inf
    return 0


APPLETS = {
    "sleep": _sleep, "echo": _echo, "printf": _printf, "exit": _exit, "true": lambda c, a: 0,
    "false": lambda c, a: 1, ":": lambda c, a: 0, "cat": _cat, "touch": _touch, "rm": _rm,
    "mkdir": _mkdir, "ls": _ls, "pwd": lambda c, a: c.write("stdout", c.cwd + "\n"), "cd": _cd,
    "hostname": lambda c, a: c.write("stdout", c.hostname + "\n"), "env": _env, "printenv": _printenv,
    "date": _date, "whoami": lambda c, a: c.write("stdout", "root\n"),
    "id": lambda c, a: c.write("stdout", "uid=0(root) gid=0(root) groups=0(root)\n"),
    "uname": lambda c, a: c.write("stdout", "Linux\n" if not a else "5.15.0-126-generic\n"),
    "test": _test, "[": _test, "grep": _grep, "head": _head_tail(10, False), "tail": _head_tail(10, True),
    "wc": _wc, "sh": None, "ash": None, "bash": None,          # the shell itself: see shell._run
    "image:redis-cli": _redis_cli, "image:redis-server": _redis_server, "image:nginx": _nginx,
}
