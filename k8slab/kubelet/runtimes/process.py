"""The processes `kubectl exec` and `kubectl attach` talk to: stdin in, stdout/stderr out, an exit code.

What containerd's streaming server hands the kubelet's remotecommand handlers
(`pkg/kubelet/cri/streaming/remotecommand/exec.go`, `attach.go`): an exec'd process runs the
command in the container (its files, environment and redis keys are the container's), reads
stdin when asked for (`-i`), and ends with an exit status. An attachment joins the container's
main process: it sees what the process writes from now on, and its exit.

With a terminal (`-t`) the process sees a pty in canonical mode with echo, as a Linux tty line
discipline gives a shell: typed characters are echoed, Enter (`\\r`, ICRNL) ends a line, DEL
erases one character, ^U the line, ^C interrupts (SIGINT: the running command stops with 130, an
interactive shell prints a new prompt), ^D on an empty line ends the input, and every `\\n`
written goes out as `\\r\\n` (ONLCR); stderr goes to the terminal as well.

Programs run on the runtime's clock: a `sleep 2` in an exec takes two seconds of that clock, and
a program waiting for stdin (`WAIT_INPUT`) resumes when input arrives.

Differences from upstream: no job control, no line editing beyond DEL and ^U (arrow keys and
other escape sequences are dropped), the terminal size is recorded but nothing draws with it.
"""

from __future__ import annotations

import codecs
import math

from .applets import WAIT_INPUT, Interrupted, Pipe
from .shell import ShellContext, run_argv

EXIT_INTERRUPTED = 130          # 128 + SIGINT
EXIT_KILLED = 137               # 128 + SIGKILL


class Terminal:
    """The pty's line discipline (canonical mode, echo, ICRNL, ONLCR, ISIG)."""

    def __init__(self):
        self.line = ""
        self.width, self.height = 80, 24
        self._decode = codecs.getincrementaldecoder("utf-8")("replace")
        self._escape = ""

    def type(self, data: bytes) -> list[tuple[str, str]]:
        """What typing `data` does: ("echo", text), ("line", text), ("eof", ""), ("intr", "")."""
        out: list[tuple[str, str]] = []
        for ch in self._decode.decode(data):
            if self._escape or ch == "\x1b":             # an escape sequence (arrow keys): dropped
                self._escape += ch
                if len(self._escape) > 1 and (self._escape[-1].isalpha() or self._escape[-1] == "~"):
                    self._escape = ""
                continue
            if ch in "\r\n":
                out += [("echo", "\r\n"), ("line", self.line + "\n")]
                self.line = ""
            elif ch in "\x7f\b":
                if self.line:
                    self.line = self.line[:-1]
                    out.append(("echo", "\b \b"))
            elif ch == "\x15":                           # ^U: kill the line
                out.append(("echo", "\b \b" * len(self.line)))
                self.line = ""
            elif ch == "\x03":                           # ^C
                self.line = ""
                out += [("echo", "^C\r\n"), ("intr", "")]
            elif ch == "\x04":                           # ^D
                if self.line:
                    out.append(("line", self.line))
                    self.line = ""
                else:
                    out.append(("eof", ""))
            elif ch == "\t" or ch >= " ":
                self.line += ch
                out.append(("echo", ch))
        return out


class Process:
    """What a streaming session drives: output and exit callbacks, stdin, resize, kill."""

    def __init__(self):
        self.on_output = None        # (stream "stdout"|"stderr", data: bytes) -> None
        self.on_exit = None          # (exit_code: int) -> None
        self.exit_code: int | None = None
        self._held: list[tuple[str, bytes]] = []

    def connect(self, on_output, on_exit) -> None:
        """Start delivering output (anything written before now first) and the exit."""
        self.on_output, self.on_exit = on_output, on_exit
        held, self._held = self._held, []
        for stream, data in held:
            on_output(stream, data)
        if self.exit_code is not None:
            on_exit(self.exit_code)

    def _emit(self, stream: str, data: bytes) -> None:
        if self.on_output is None:
            self._held.append((stream, data))
        else:
            self.on_output(stream, data)

    def _finish(self, code: int) -> None:
        if self.exit_code is None:
            self.exit_code = code
            if self.on_exit is not None:
                self.on_exit(code)

    def write_stdin(self, data: bytes) -> None: ...
    def close_stdin(self) -> None: ...
    def resize(self, width: int, height: int) -> None: ...
    def kill(self) -> None: ...


class ExecProcess(Process):
    """A command exec'd in a running container, driven on the runtime's clock."""

    reports_exit_code = True

    def __init__(self, clock, ctx: ShellContext, argv: list[str], *, tty: bool = False, stdin: bool = False):
        super().__init__()
        self.clock, self.ctx, self.argv = clock, ctx, list(argv)
        self.terminal = Terminal() if tty else None
        self._decode = codecs.getincrementaldecoder("utf-8")("replace")
        ctx.write = self._write
        ctx.tty = tty
        self.stdin = ctx.input = Pipe() if stdin else None
        self._gen = run_argv(ctx, self.argv)
        self._timer = None
        self._waiting = False
        self._started = False

    def start(self) -> "ExecProcess":
        if not self._started:
            self._started = True
            self._step()
        return self

    def _write(self, stream: str, text: str) -> None:
        if self.terminal is not None:
            stream, text = "stdout", text.replace("\n", "\r\n")
        if text:
            self._emit(stream, text.encode())

    def _step(self, throw: BaseException | None = None) -> None:
        self._timer, self._waiting = None, False
        if self.exit_code is not None:
            return
        try:
            delay = self._gen.throw(throw) if throw is not None else self._gen.send(None)
        except StopIteration as e:
            self._finish(e.value or 0)
            return
        except Interrupted:
            self._finish(EXIT_INTERRUPTED)
            return
        if delay == WAIT_INPUT:
            self._waiting = True
        elif not math.isinf(delay):
            self._timer = self.clock.call_later(max(0.0, delay), self._step)

    def write_stdin(self, data: bytes) -> None:
        pipe = self.stdin
        if self.exit_code is not None or pipe is None or pipe.closed:
            return
        if self.terminal is None:
            pipe.feed(self._decode.decode(data))
        else:
            for kind, text in self.terminal.type(data):
                if kind == "echo":
                    self._emit("stdout", text.encode())
                elif kind == "line":
                    pipe.feed(text)
                elif kind == "eof":
                    pipe.close()
                elif kind == "intr":
                    self.interrupt()
        self._wake()

    def close_stdin(self) -> None:
        if self.stdin is not None and not self.stdin.closed:
            self.stdin.close()
            self._wake()

    def _wake(self) -> None:
        if self._waiting and self._started:
            self._step()

    def interrupt(self) -> None:
        """SIGINT: the command stops where it is (a shell catches it and prompts again)."""
        if self.exit_code is None and self._started:
            if self._timer is not None:
                self._timer.cancel()
            self._step(Interrupted())

    def resize(self, width: int, height: int) -> None:
        if self.terminal is not None:
            self.terminal.width, self.terminal.height = width, height

    def kill(self) -> None:
        """The session went away: the process gets SIGKILL."""
        if self._timer is not None:
            self._timer.cancel()
        self._gen.close()
        self._finish(EXIT_KILLED)

    def __repr__(self):
        state = "running" if self.exit_code is None else f"exited {self.exit_code}"
        return f"ExecProcess({' '.join(self.argv)!r}, {state}{', tty' if self.terminal else ''})"


class Attachment(Process):
    """`kubectl attach`: the container's main process as seen from now on (and its stdin, when
    it was started with one)."""

    reports_exit_code = False            # an attach session ends with Success, whatever the exit

    def __init__(self, detach, main: ExecProcess | None = None, stdin_once: bool = False):
        super().__init__()
        self._detach = detach            # stops the runtime from calling output()/exited()
        self.main, self.stdin_once = main, stdin_once

    def write_stdin(self, data: bytes) -> None:
        if self.main is not None:
            self.main.write_stdin(data)

    def close_stdin(self) -> None:
        if self.main is not None and self.stdin_once:
            self.main.close_stdin()

    def resize(self, width: int, height: int) -> None:
        if self.main is not None:
            self.main.resize(width, height)

    def output(self, stream: str, text: str) -> None:
        if text:
            self._emit(stream, text.encode())

    def exited(self, code: int) -> None:
        self._detach()
        self._finish(code)

    def kill(self) -> None:
        """Detaching leaves the container running (with `stdinOnce`, its stdin closes)."""
        self._detach()
        self.close_stdin()

    def __repr__(self):
        return f"Attachment({'attached' if self.exit_code is None else f'exited {self.exit_code}'})"
