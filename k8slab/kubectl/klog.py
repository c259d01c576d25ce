"""klog's text lines, as kubectl writes them to stderr at `-v=N` and for unhandled errors.

Follows `k8s.io/klog/v2` (klog.go formatHeader: `Lmmdd hh:mm:ss.uuuuuu threadid file:line] msg`,
the thread id right-aligned in 7 columns; kubectl logs its process id there) and the call sites
whose `file:line` kubectl 1.32.4 prints (loader.go:402, round_trippers.go:470/476/480/560/581...).
"""

from __future__ import annotations

import os
import time


class Klog:
    """Writes `I`/`E` lines to a stream when the verbosity allows it."""

    def __init__(self, stream, verbosity: int = 0, clock=time.time, pid: int | None = None):
        self.stream = stream
        self.verbosity = verbosity
        self.clock = clock
        self.pid = os.getpid() if pid is None else pid

    def v(self, level: int) -> bool:
        return self.verbosity >= level

    def info(self, level: int, where: str, msg: str) -> None:
        if self.verbosity >= level:
            self._write("I", where, msg)

    def warning(self, where: str, msg: str) -> None:
        self._write("W", where, msg)

    def error(self, where: str, msg: str) -> None:
        self._write("E", where, msg)

    def _write(self, severity: str, where: str, msg: str) -> None:
        now = self.clock()
        t = time.localtime(now)
        micros = int((now - int(now)) * 1_000_000)
        self.stream.write(f"{severity}{t.tm_mon:02d}{t.tm_mday:02d} {t.tm_hour:02d}:{t.tm_min:02d}:"
                          f"{t.tm_sec:02d}.{micros:06d} {self.pid:7d} {where}] {msg}\n")


def quote(value: str) -> str:
    """A structured-logging value as klog writes it: Go's strconv.Quote."""
    out = ['"']
    for ch in value:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ord(ch) < 0x20 or ord(ch) == 0x7f:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def body_for_log(body: bytes, verbosity: int) -> str:
    """request.go's logBody: the first 1024 characters at -v=8, 10240 at -v=9 and more."""
    text = body.decode("utf-8", "replace")
    limit = 1024 if verbosity < 9 else 10240
    if len(text) > limit:
        return quote(text[:limit] + f" [truncated {len(text) - limit} chars]")
    return quote(text)
