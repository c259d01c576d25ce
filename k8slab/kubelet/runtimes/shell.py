"""A tiny shell for simulated containers: enough of busybox `sh` for the commands pods run.

A program is a Python generator: it yields how many seconds it sleeps and returns its exit
status, so the runtime can run `sh -c "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"`
on the virtual clock, and ExecSync can run `cat /tmp/healthy` at once. Supported: `;`, `&&`,
`||`, `|`, `>`, `>>`, `2>&1`, `$VAR`, `$(cmd)`, `while/until ...; do ...; done`,
`for x in ...; do ...; done`, `if ...; then ...; else ...; fi`, `sh -c`, and the commands of
`applets.py` (echo, sleep, cat, touch, rm, ls, hostname, env, date, test, grep, redis-cli...).

A process with its own stdin (`kubectl exec -i`) has `ctx.input`, a `Pipe`: a bare `sh` then
reads command lines from it (`repl`, with the prompt busybox ash, dash or bash print when stdin is
a terminal), and `cat`/`grep` without files read it to its end. A program that must wait for input
yields `WAIT_INPUT`; ^C arrives as `Interrupted` thrown into the program.

Differences from upstream (busybox ash): no real processes, signals, job control, globbing or
arithmetic; quoting is resolved before expansion (so '$X' expands too); a loop that runs many
commands without sleeping is taken to spin forever; commands run from an interactive shell do
not read its terminal (`cat` there sees an empty stdin).
"""

from __future__ import annotations

import math
import re
import shlex

from .applets import APPLETS, WAIT_INPUT, Interrupted, Pipe, ShellExit

BUSY_LIMIT = 10_000          # commands without a sleep before a program counts as spinning
DEFAULT_DIRS = ("/bin", "/dev", "/etc", "/home", "/lib", "/media", "/mnt", "/opt", "/proc", "/root",
                "/run", "/sbin", "/srv", "/sys", "/tmp", "/usr", "/var")
_SEPARATORS = (";", "&", "&&", "||", "|")


__all__ = ["ShellContext", "Pipe", "WAIT_INPUT", "run_script", "run_line", "run_argv", "run_now", "repl"]


class ShellContext:
    """What a program sees: files, environment, output streams, the clock and the image."""

    def __init__(self, image, files: dict, env: dict, hostname: str, now, write, listening=()):
        self.image = image
        self.files = files                       # path -> content (shared by the container's execs)
        self.dirs = set(DEFAULT_DIRS) | {image.workdir if image else "/"}
        self.env = env
        self.hostname = hostname
        self.now = now                           # -> Unix seconds
        self.write = write                       # (stream, text) -> None
        self.listening = set(listening)          # ports the container's program serves
        self.cwd = image.workdir if image else "/"
        self.stdin = ""                          # piped text (`a | b`, `< file`)
        self.input: Pipe | None = None           # the process's own stdin, when it has one
        self.tty = False                         # is stdin a terminal (prompts, `exit` echo)
        self.status = 0
        self.steps = 0
        self.kv: dict = {}                       # redis keys, for redis-cli

    @property
    def busybox(self) -> bool:
        return not self.image or self.image.userland == "busybox"

    def path(self, p: str) -> str:
        p = p if p.startswith("/") else f"{self.cwd.rstrip('/')}/{p}"
        parts = []
        for part in p.split("/"):
            if part == "..":
                parts = parts[:-1]
            elif part and part != ".":
                parts.append(part)
        return "/" + "/".join(parts)

    def is_dir(self, p: str) -> bool:
        return p == "/" or p in self.dirs or any(f.startswith(p + "/") for f in list(self.files) + list(self.dirs))


# ---- parsing -------------------------------------------------------------------------------------

def parse(script: str):
    subs: list[str] = []

    def keep(m):
        subs.append(m.group(1))
        return f"\x00{len(subs) - 1}\x00"

    text = re.sub(r"\$\(([^()]*)\)", keep, script).replace("\n", " ; ")
    lex = shlex.shlex(text, posix=True, punctuation_chars=";&|<>")
    lex.whitespace_split = True
    node, _ = _parse_list(list(lex), 0, ())
    return node, subs


def _parse_list(tokens, i, stop):
    items, op = [], None
    while i < len(tokens) and tokens[i] not in stop:
        t = tokens[i]
        if t in (";", "&"):
            i += 1
            continue
        if t in ("&&", "||"):
            op, i = t, i + 1
            continue
        node, i = _parse_pipeline(tokens, i, stop)
        items.append((op, node))
        op = None
    return ("list", items), i


def _parse_pipeline(tokens, i, stop):
    parts = []
    while True:
        node, i = _parse_command(tokens, i, stop)
        parts.append(node)
        if i < len(tokens) and tokens[i] == "|":
            i += 1
            continue
        return (parts[0] if len(parts) == 1 else ("pipe", parts)), i


def _expect(tokens, i, word):
    if i >= len(tokens) or tokens[i] != word:
        raise SyntaxError(f"sh: syntax error: expected '{word}'")
    return i + 1


def _parse_command(tokens, i, stop):
    t = tokens[i]
    if t in ("while", "until"):
        cond, i = _parse_list(tokens, i + 1, ("do",))
        body, i = _parse_list(tokens, _expect(tokens, i, "do"), ("done",))
        return ("while", cond, body, t == "until"), _expect(tokens, i, "done")
    if t == "for":
        var, i = tokens[i + 1], _expect(tokens, i + 2, "in")
        words = []
        while i < len(tokens) and tokens[i] not in (";", "do"):
            words.append(tokens[i])
            i += 1
        i += 1 if i < len(tokens) and tokens[i] == ";" else 0
        body, i = _parse_list(tokens, _expect(tokens, i, "do"), ("done",))
        return ("for", var, words, body), _expect(tokens, i, "done")
    if t == "if":
        cond, i = _parse_list(tokens, i + 1, ("then",))
        then, i = _parse_list(tokens, _expect(tokens, i, "then"), ("else", "fi"))
        other = ("list", [])
        if tokens[i] == "else":
            other, i = _parse_list(tokens, i + 1, ("fi",))
        return ("if", cond, then, other), _expect(tokens, i, "fi")
    words = []
    while i < len(tokens) and tokens[i] not in _SEPARATORS and not (not words and tokens[i] in stop):
        words.append(tokens[i])
        i += 1
    return ("simple", words), i


# ---- running -------------------------------------------------------------------------------------

def run_script(ctx: ShellContext, script: str):
    """Generator: run a script; yields sleep seconds, returns the exit status."""
    try:
        node, subs = parse(script)
    except (SyntaxError, ValueError) as e:
        ctx.write("stderr", f"{e}\n")
        return 2
    try:
        return (yield from _exec(ctx, node, subs))
    except ShellExit as e:
        return e.code


def run_line(ctx: ShellContext, script: str):
    """Generator: run one command line of an interactive shell; `exit` raises ShellExit."""
    try:
        node, subs = parse(script)
    except (SyntaxError, ValueError) as e:
        ctx.write("stderr", f"{e}\n")
        return 2
    return (yield from _exec(ctx, node, subs))


def prompt(ctx: ShellContext, shell: str) -> str:
    """PS1 as root: bash `root@host:/# `, busybox ash `/ # `, dash (Debian's sh) `# `."""
    home = ctx.env.get("HOME", "/root")
    cwd = "~" + ctx.cwd[len(home):] if ctx.cwd == home or ctx.cwd.startswith(home + "/") else ctx.cwd
    if shell == "bash":
        return f"root@{ctx.hostname}:{cwd}# "
    return f"{cwd} # " if ctx.busybox else "# "


def repl(ctx: ShellContext, shell: str):
    """Generator: an interactive shell reading command lines from ctx.input until EOF or `exit`."""
    status, pipe = 0, ctx.input
    bye = "exit\n" if shell == "bash" and ctx.tty else ""
    while True:
        if ctx.tty:
            ctx.write("stderr", prompt(ctx, shell))
        try:
            line = yield from pipe.read_line()
        except Interrupted:
            continue
        if line is None:
            ctx.write("stderr", bye)
            return status
        ctx.input, ctx.steps = None, 0
        try:
            status = ctx.status = yield from run_line(ctx, line)
        except ShellExit as e:
            ctx.write("stderr", bye)
            return e.code
        except Interrupted:
            status = ctx.status = 130
            ctx.steps = 0
        finally:
            ctx.input = pipe


def run_argv(ctx: ShellContext, argv: list[str]):
    """Generator: run one command vector (a container's command, or an exec)."""
    try:
        return (yield from _run(ctx, list(argv)))
    except ShellExit as e:
        return e.code


def run_now(gen, max_steps: int = 100_000) -> int:
    """Drive a program without waiting: sleeps take no time; a program that never ends gets 137."""
    try:
        for _ in range(max_steps):
            if math.isinf(next(gen)):
                return 137
        return 137
    except StopIteration as e:
        return e.value or 0


def _exec(ctx, node, subs):
    kind = node[0]
    if kind == "list":
        status = ctx.status
        for op, child in node[1]:
            if (op == "&&" and status != 0) or (op == "||" and status == 0):
                continue
            status = ctx.status = yield from _exec(ctx, child, subs)
        return status
    if kind in ("while", "for"):
        status, values = 0, None if kind == "while" else [w for x in node[2] for w in _expand(ctx, x, subs).split()]
        for n in range(10**9):
            if kind == "while":
                if ((yield from _exec(ctx, node[1], subs)) == 0) == node[3]:
                    break
            elif n >= len(values):
                break
            else:
                ctx.env[node[1]] = values[n]
            status = yield from _exec(ctx, node[-1] if kind == "for" else node[2], subs)
        return status
    if kind == "if":
        cond = yield from _exec(ctx, node[1], subs)
        return (yield from _exec(ctx, node[2] if cond == 0 else node[3], subs))
    if kind == "pipe":
        data, pipe = "", ctx.input
        for i, child in enumerate(node[1]):
            out, write = [], ctx.write
            ctx.write = lambda stream, text, out=out, write=write: out.append(text) if stream == "stdout" \
                else write(stream, text)
            ctx.stdin, ctx.input = data, pipe if i == 0 else None
            try:
                status = yield from _exec(ctx, child, subs)
            finally:
                ctx.write, ctx.stdin, ctx.input = write, "", pipe
            data = "".join(out)
        ctx.write("stdout", data)
        return status
    return (yield from _simple(ctx, node[1], subs))


def _expand(ctx, word: str, subs) -> str:
    def sub(m):
        out = []
        saved = ctx.write
        ctx.write = lambda stream, text: out.append(text) if stream == "stdout" else None
        try:
            run_now(run_script(ctx, subs[int(m.group(1))]))
        finally:
            ctx.write = saved
        return "".join(out).rstrip("\n")

    word = re.sub("\x00([0-9]+)\x00", sub, word)
    return re.sub(r"\$(\?|\$|[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*\})",
                  lambda m: {"?": str(ctx.status), "$": "1"}.get(m.group(1)) or
                  ctx.env.get(m.group(1).strip("{}"), ""), word)


def _simple(ctx, words, subs):
    argv, out_file, append, merge, in_file, err_file, to_err = [], None, False, False, None, None, False
    i = 0
    while i < len(words):
        w = words[i]
        if w in (">", ">>") and i + 1 < len(words):
            target = ctx.path(_expand(ctx, words[i + 1], subs))
            if argv and argv[-1] == "2":                 # 2>file: errors go there (or nowhere)
                argv, err_file, i = argv[:-1], target, i + 2
                continue
            out_file, append, i = target, w == ">>", i + 2
            continue
        if w == "<" and i + 1 < len(words):
            in_file, i = ctx.path(_expand(ctx, words[i + 1], subs)), i + 2
            continue
        if w == ">&" and i + 1 < len(words):
            merge = merge or (words[i + 1] == "1" and bool(argv) and argv[-1] == "2")        # 2>&1
            to_err = to_err or (words[i + 1] == "2" and not (argv and argv[-1] == "2"))    # >&2, 1>&2
            argv = argv[:-1] if argv and argv[-1] in ("1", "2") and (merge or to_err) else argv
            i += 2
            continue
        argv.append(_expand(ctx, w, subs))
        i += 1
    while argv and re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", argv[0]):
        name, _, value = argv.pop(0).partition("=")
        ctx.env[name] = value
    if not argv:
        return 0
    saved_write, saved_stdin, saved_input = ctx.write, ctx.stdin, ctx.input
    if in_file is not None:
        ctx.stdin, ctx.input = ctx.files.get(in_file, ""), None
    if out_file is not None:
        if not append or out_file not in ctx.files:
            if out_file != "/dev/null":
                ctx.files[out_file] = ""

        def to_file(stream, text, write=saved_write):
            if stream == "stdout" or merge:
                if out_file != "/dev/null":
                    ctx.files[out_file] += text
            else:
                write(stream, text)
        ctx.write = to_file
    elif merge:
        ctx.write = lambda stream, text, write=saved_write: write("stdout", text)
    if err_file is not None:
        ctx.write = lambda stream, text, write=ctx.write: None if stream == "stderr" else write(stream, text)
    if to_err:
        ctx.write = lambda stream, text, write=ctx.write: write("stderr", text)
    try:
        return (yield from _run(ctx, argv))
    finally:
        ctx.write, ctx.stdin, ctx.input = saved_write, saved_stdin, saved_input


def _run(ctx, argv):
    ctx.steps += 1
    if ctx.steps > BUSY_LIMIT:
        yield math.inf
    name = argv[0].rsplit("/", 1)[-1]
    if name in ("sh", "ash", "bash") and (name != "bash" or not ctx.busybox):
        if len(argv) >= 3 and argv[1] == "-c":
            return (yield from run_script(ctx, argv[2]))
        if ctx.input is not None:                   # commands come on stdin (exec -i, a terminal)
            return (yield from repl(ctx, name))
        return 0                                    # nothing on stdin: the shell ends
    applet = APPLETS.get(name)
    if applet is None and name in getattr(ctx.image, "commands", ()):
        applet = APPLETS.get(f"image:{name}")
    if applet is None:
        sh = "sh" if ctx.busybox else "bash"
        msg = f"{sh}: {argv[0]}: not found\n" if ctx.busybox else f"{sh}: {argv[0]}: command not found\n"
        ctx.write("stderr", msg)
        return 127
    result = applet(ctx, argv[1:])
    if hasattr(result, "send"):
        result = yield from result
    return result or 0
