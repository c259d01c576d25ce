"""Exec and attach over an upgraded connection: stdin, stdout, stderr, the error stream, resize.

Follows the kubelet's streaming server, `pkg/kubelet/cri/streaming/remotecommand/` (`websocket.go`:
channels 0 stdin, 1 stdout, 2 stderr, 3 error, 4 resize, an empty first message on the lowest
channel the client reads; `httpstream.go`: SPDY streams named by their `streamType` header,
served once all the expected ones are open; `exec.go`: the status at the end), the API server's
stream translator for `v5.channel.k8s.io` (`staging/src/k8s.io/apiserver/pkg/util/proxy/
streamtranslator.go`, `websocket.go`), and what clients expect of the error stream
(`staging/src/k8s.io/client-go/tools/remotecommand/v4.go`, `errorstream.go`):

* v4 and v5 write a `metav1.Status` as JSON: `{"metadata":{},"status":"Success"}`, or for an exit
  code `"reason":"NonZeroExitCode"` with `"details":{"causes":[{"reason":"ExitCode","message":"3"}]}`
  (kubectl prints `command terminated with exit code 3` and exits 3);
* v1 to v3 write only a failure, as plain text;
* v5 is what the API server itself speaks (kubectl >= 1.30): it re-wraps what the kubelet reported
  as the translator does, so an exec that could not start reads `Internal error occurred: Internal
  error occurred: error executing command in container: ...`, and a kubelet that refused the
  upgrade (`container not found ("x")`) reads `Internal error occurred: unable to upgrade
  connection: container not found ("x")`.

A session ends by writing the status, closing the client's streams and the connection.

Differences from upstream: no 4-hour idle timeout and no 30 s limit for creating the SPDY
streams; the API server and the kubelet are one process, so v5 is served directly rather than by
translating to SPDY.
"""

from __future__ import annotations

import json

from . import wsstream

V1, V2, V3, V4 = "channel.k8s.io", "v2.channel.k8s.io", "v3.channel.k8s.io", "v4.channel.k8s.io"
V5 = wsstream.V5_CHANNEL
SPDY_PROTOCOLS = [V4, V3, V2, V1]                    # SupportedStreamingProtocols
WEBSOCKET_PROTOCOLS = [V5, V4, wsstream.V4_BASE64_CHANNEL, wsstream.CHANNEL, wsstream.BASE64_CHANNEL, ""]
STDIN, STDOUT, STDERR, ERROR, RESIZE = 0, 1, 2, 3, 4
STREAM_TYPES = {"stdin": STDIN, "stdout": STDOUT, "stderr": STDERR, "error": ERROR, "resize": RESIZE}


def go_json(obj) -> bytes:
    """json.Marshal's bytes: compact, HTML characters escaped."""
    text = json.dumps(obj, separators=(",", ":"), ensure_ascii=False)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text.encode()


def success() -> dict:
    return {"metadata": {}, "status": "Success"}


def exit_code_status(code: int, message: str) -> dict:
    return {"metadata": {}, "status": "Failure", "message": f"command terminated with non-zero exit code: {message}",
            "reason": "NonZeroExitCode", "details": {"causes": [{"reason": "ExitCode", "message": str(code)}]}}


def internal_error(message: str) -> dict:
    """apierrors.NewInternalError."""
    return {"metadata": {}, "status": "Failure", "message": f"Internal error occurred: {message}",
            "reason": "InternalError", "details": {"causes": [{"message": message}]}, "code": 500}


def translate_v5(status: dict) -> dict:
    """What the API server's stream translator writes for a status the kubelet wrote (v4)."""
    if status.get("status") == "Success":
        return success()
    if status.get("reason") == "NonZeroExitCode":
        code = int(status["details"]["causes"][0]["message"])
        return exit_code_status(code, f"command terminated with exit code {code}")
    return internal_error(status.get("message", ""))


def status_bytes(status: dict, protocol: str) -> bytes:
    if protocol == V5:
        return go_json(translate_v5(status))
    if protocol in (V4, wsstream.V4_BASE64_CHANNEL):
        return go_json(status)
    return b"" if status.get("status") == "Success" else status.get("message", "").encode()


class Options:
    """The stdin/stdout/stderr/tty query of an exec or attach (stderr is off with a tty)."""

    def __init__(self, query: dict[str, list[str]]):
        def flag(*names):
            return any(v in ("true", "1", "True") for n in names for v in query.get(n, []))
        self.stdin, self.stdout = flag("stdin", "input"), flag("stdout", "output")
        self.tty = flag("tty")
        self.stderr = flag("stderr", "error") and not self.tty
        self.command = list(query.get("command", []))
        self.container = (query.get("container") or [""])[-1]

    def expected_spdy_streams(self, protocol: str) -> int:
        resize = self.tty and protocol in (V3, V4)
        return 1 + self.stdin + self.stdout + self.stderr + resize

    def __repr__(self):
        on = [n for n in ("stdin", "stdout", "stderr", "tty") if getattr(self, n)]
        return f"Options({' '.join(self.command)!r}, {','.join(on)})"


class StartError(Exception):
    """The process could not start; `status` is what the kubelet writes on the error stream."""

    def __init__(self, status: dict):
        super().__init__(status.get("message", ""))
        self.status = status


class RemoteCommand:
    """One exec or attach: the process and the client's streams, whatever carries them.

    `start()` returns the runtime's process (or raises StartError); `out(channel, bytes)` writes
    to the client; `done(status)` ends the session with the kubelet's status."""

    def __init__(self, options: Options, start, out, done):
        self.options, self._start, self._out, self._done = options, start, out, done
        self.process = None
        self.finished = False
        self._resize = b""

    def run(self) -> None:
        try:
            self.process = self._start()
        except StartError as e:
            self._finish(e.status)
            return
        self.process.connect(self._output, self._exited)
        if hasattr(self.process, "start"):
            self.process.start()

    def _output(self, stream: str, data: bytes) -> None:
        channel = STDOUT if stream == "stdout" else STDERR
        if (channel == STDOUT and self.options.stdout) or (channel == STDERR and self.options.stderr):
            self._out(channel, data)

    def _exited(self, code: int) -> None:
        argv = getattr(self.process, "argv", [])
        if not getattr(self.process, "reports_exit_code", True):         # attach: Success
            code = 0
        self._finish(success() if code == 0 else
                     exit_code_status(code, f"error executing command [{' '.join(argv)}], exit code {code}"))

    def _finish(self, status: dict) -> None:
        if not self.finished:
            self.finished = True
            self._done(status)

    def received(self, channel: int, data: bytes) -> None:
        """Data the client sent on a channel (stdin, or resize events as JSON)."""
        if self.process is None or self.finished:
            return
        if channel == STDIN and self.options.stdin:
            self.process.write_stdin(data)
        elif channel == RESIZE:
            self._resize += data
            decoder = json.JSONDecoder()
            while self._resize.strip():
                text = self._resize.decode(errors="replace").lstrip()
                try:
                    size, end = decoder.raw_decode(text)
                except ValueError:
                    break
                self._resize = text[end:].encode()
                if isinstance(size, dict):
                    self.process.resize(int(size.get("Width", 0)), int(size.get("Height", 0)))

    def closed(self, channel: int) -> None:
        """The client will send no more on `channel` (v5 CLOSE, SPDY FIN)."""
        if channel == STDIN and self.process is not None and not self.finished:
            self.process.close_stdin()

    def gone(self) -> None:
        """The client disconnected before the end."""
        if self.process is not None and not self.finished:
            self.finished = True
            self.process.kill()


async def serve_websocket(channels: wsstream.Channels, options: Options, start) -> None:
    """Run an exec/attach over an upgraded WebSocket until the process ends or the client leaves."""
    import asyncio
    finished = asyncio.Event()

    def done(status):
        channels.send(ERROR, status_bytes(status, channels.protocol))
        finished.set()

    # an empty message on the lowest channel the client reads says the connection is up
    channels.send(STDOUT if options.stdout else STDERR if options.stderr else ERROR, b"")
    rc = RemoteCommand(options, start, channels.send, done)
    rc.run()
    reader = asyncio.ensure_future(_read_websocket(channels, rc))
    waiter = asyncio.ensure_future(finished.wait())
    await asyncio.wait([reader, waiter], return_when=asyncio.FIRST_COMPLETED)
    waiter.cancel()
    if not finished.is_set():
        rc.gone()
    await channels.close()
    reader.cancel()


async def _read_websocket(channels: wsstream.Channels, rc: RemoteCommand) -> None:
    while True:
        msg = await channels.receive()
        if msg is None:
            return
        channel, data = msg
        if channel == wsstream.CLOSE_CHANNEL and channels.protocol == V5:
            if data:
                rc.closed(data[0])
            continue
        rc.received(channel, data)


def spdy_handler(session, options: Options, protocol: str, start, finished):
    """The on_stream callback of a SPDY session serving one exec/attach (httpstream.go): it
    collects the client's streams, then runs the process; `finished()` once it has ended."""
    streams: dict[int, object] = {}
    expected = options.expected_spdy_streams(protocol)
    state = {"rc": None}

    def done(status):
        err = streams.get(ERROR)
        if err is not None:
            data = status_bytes(status, protocol)
            if data:
                err.write(data)
        for s in streams.values():
            s.close()
        finished()

    def run():
        rc = state["rc"] = RemoteCommand(options, start, lambda ch, data: streams[ch].write(data)
                                         if ch in streams else None, done)
        for ch, s in streams.items():
            if ch in (STDIN, RESIZE):
                s.listen(lambda data, ch=ch: rc.received(ch, data), lambda ch=ch: rc.closed(ch))
        before = session.on_close

        def closed():
            if not rc.finished:
                rc.gone()
            if before is not None:
                before()
        session.on_close = closed
        rc.run()

    def on_stream(stream):
        kind = STREAM_TYPES.get(stream.header("streamType"))
        if kind is None or kind in streams or len(streams) >= expected:
            return False
        streams[kind] = stream
        return run if len(streams) == expected else True

    return on_stream
