"""The client side of exec and attach: a WebSocket speaking `v5.channel.k8s.io`, stdlib only.

Follows `staging/src/k8s.io/client-go/tools/remotecommand/websocket.go` (the subprotocols kubectl
>= 1.30 offers, newest first; channels 0 stdin, 1 stdout, 2 stderr, 3 error, 4 resize; in v5 a
`[255, 0]` message when stdin ends; the error channel carries a metav1.Status: Success, or
NonZeroExitCode with the code in details.causes) and RFC 6455 (the handshake and its
Sec-WebSocket-Accept check, masked client frames, ping/pong, close).

    stream = RemoteCommand.open(session, "/api/v1/namespaces/default/pods/x/attach",
                                {"container": "x", "stdin": "true", "stdout": "true"})
    code = stream.run(stdin=sys.stdin.buffer, stdout=..., stderr=...)   # the exit code

Differences from upstream: no SPDY fallback (the k8slab server speaks WebSocket); no terminal
resize messages (the terminal is put in raw mode for -t, but its size is not sent).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import struct
import threading

from .client import encode_query
from .errors import KubectlError
from .mutation import Failure

PROTOCOLS = ("v5.channel.k8s.io", "v4.channel.k8s.io", "channel.k8s.io")
GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
STDIN, STDOUT, STDERR, ERROR, RESIZE, CLOSE = 0, 1, 2, 3, 4, 255
OP_CONT, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA


class ExitCode(KubectlError):
    """The remote command ended with a non-zero code: kubectl prints the message, exits with it."""

    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code, self.message = code, message

    def text(self) -> str:
        return self.message


class WebSocket:
    """A client WebSocket over a socket the handshake has already upgraded."""

    def __init__(self, sock, protocol: str, file=None):
        self.sock, self.protocol = sock, protocol
        self.file = file if file is not None else sock.makefile("rb")
        self._send_lock = threading.Lock()
        self.closed = False

    def send(self, payload: bytes, opcode: int = OP_BINARY) -> None:
        mask = os.urandom(4)
        n = len(payload)
        head = bytes([0x80 | opcode])
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 65536:
            head += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            head += bytes([0x80 | 127]) + struct.pack(">Q", n)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        with self._send_lock:
            if not self.closed:
                self.sock.sendall(head + mask + masked)

    def recv(self) -> tuple[int, bytes] | None:
        """(opcode, payload) of the next whole message; None when the connection ends."""
        message, opcode = b"", None
        while True:
            head = self.file.read(2)
            if len(head) < 2:
                return None
            fin, op = head[0] & 0x80, head[0] & 0x0F
            n = head[1] & 0x7F
            if n == 126:
                n = struct.unpack(">H", self.file.read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self.file.read(8))[0]
            mask = self.file.read(4) if head[1] & 0x80 else b""
            data = self.file.read(n)
            if mask:
                data = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
            if op == OP_PING:
                self.send(data, OP_PONG)
                continue
            if op == OP_PONG:
                continue
            if op == OP_CLOSE:
                self.close()
                return None
            if op != OP_CONT:
                opcode = op
            message += data
            if fin:
                return opcode, message

    def close(self) -> None:
        with self._send_lock:
            if self.closed:
                return
            self.closed = True
        try:
            self.sock.close()
        except OSError:
            pass


def _query_string(query) -> str:
    """A dict, or (key, value) pairs for repeated keys (`command=sh&command=-c`)."""
    if isinstance(query, dict):
        return encode_query(query)
    from urllib.parse import quote_plus
    return "&".join(f"{quote_plus(k)}={quote_plus(v)}" for k, v in query)


def handshake(session, path: str, query) -> WebSocket:
    """Open a connection to the API server and upgrade it (RFC 6455 section 4.1)."""
    if session.api is not None:
        raise Failure("exec and attach need the API server's HTTP endpoint; they cannot run in-process")
    from .transport import HTTPTransport
    transport = HTTPTransport(session.config, session.config.timeout)
    transport._connect()                  # a connection of its own, with the kubeconfig's TLS
    sock = transport._sock
    key = base64.b64encode(os.urandom(16)).decode()
    headers = session.client.headers("*/*")
    lines = [f"GET {transport.base_path}{path}?{_query_string(query)} HTTP/1.1", f"Host: {transport.netloc}",
             "Connection: Upgrade", "Upgrade: websocket", "Sec-WebSocket-Version: 13",
             f"Sec-WebSocket-Key: {key}", f"Sec-WebSocket-Protocol: {', '.join(PROTOCOLS)}"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
    status, reason, resp_headers = transport._head(transport._file.readline())
    if status != 101:
        body = transport._body(resp_headers)
        from .transport import Reply
        raise session.client.error(Reply(status, reason, resp_headers, body,
                                         content_type=transport._header(resp_headers, "Content-Type")))
    accept = transport._header(resp_headers, "Sec-WebSocket-Accept")
    expected = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
    if accept != expected:
        raise Failure("unable to upgrade connection: invalid Sec-WebSocket-Accept")
    return WebSocket(sock, transport._header(resp_headers, "Sec-WebSocket-Protocol"), transport._file)


class RemoteCommand:
    """One exec or attach session: copy stdin in, stdout and stderr out, read the status."""

    def __init__(self, ws: WebSocket):
        self.ws = ws

    @classmethod
    def open(cls, session, path: str, query) -> "RemoteCommand":
        return cls(handshake(session, path, query))

    def run(self, stdin=None, stdout=None, stderr=None, raw: bool = False) -> int:
        """Stream until the server closes; the remote exit code (ExitCode raised for non-zero).
        With `raw` the local terminal is in raw mode meanwhile (term.TTY.Safe), as for -t."""
        if raw:
            with raw_terminal(stdin):
                return self.run(stdin, stdout, stderr)
        if stdin is not None:
            threading.Thread(target=self._pump, args=(stdin,), daemon=True).start()
        status = None
        while True:
            msg = self.ws.recv()
            if msg is None:
                break
            opcode, data = msg
            if not data:
                continue
            channel, payload = data[0], data[1:]
            if channel == STDOUT and stdout is not None:
                _write(stdout, payload)
            elif channel == STDERR and stderr is not None:
                _write(stderr, payload)
            elif channel == ERROR:
                status = payload
        self.ws.close()
        return check_status(status)

    def _pump(self, stdin) -> None:
        v5 = self.ws.protocol == PROTOCOLS[0]
        try:
            while True:
                chunk = _read(stdin)
                if not chunk:
                    break
                self.ws.send(bytes([STDIN]) + chunk)
            if v5:
                self.ws.send(bytes([CLOSE, STDIN]))
        except OSError:
            pass


class raw_terminal:
    """The terminal of `stream` in raw mode for the duration (restored even after an error)."""

    def __init__(self, stream):
        self.fd, self.saved = None, None
        try:
            fd = stream.fileno()
            if os.isatty(fd):
                self.fd = fd
        except (AttributeError, OSError, ValueError):
            pass

    def __enter__(self):
        if self.fd is not None:
            import termios
            import tty
            self.saved = termios.tcgetattr(self.fd)
            tty.setraw(self.fd)
        return self

    def __exit__(self, *exc):
        if self.saved is not None:
            import termios
            termios.tcsetattr(self.fd, termios.TCSADRAIN, self.saved)
        return False


def check_status(raw: bytes | None) -> int:
    """errorDecoderV4: 0 for Success, ExitCode for NonZeroExitCode, Failure otherwise."""
    if not raw:
        return 0
    try:
        status = json.loads(raw)
    except ValueError:
        raise Failure(raw.decode("utf-8", "replace")) from None
    if status.get("status") == "Success":
        return 0
    if status.get("reason") == "NonZeroExitCode":
        for cause in (status.get("details") or {}).get("causes") or []:
            if cause.get("reason") == "ExitCode":
                code = int(cause.get("message", "1"))
                raise ExitCode(code, f"command terminated with exit code {code}")
        raise Failure(f"error stream protocol error: unable to find exit code in {raw.decode()}")
    raise Failure(status.get("message", ""))


def _read(stream) -> bytes:
    if hasattr(stream, "buffer"):
        stream = stream.buffer
    reader = getattr(stream, "read1", None) or stream.read
    data = reader(32 * 1024)
    return data.encode() if isinstance(data, str) else data


def _write(stream, data: bytes) -> None:
    if hasattr(stream, "buffer"):
        stream.flush()
        stream.buffer.write(data)
        stream.buffer.flush()
    else:
        stream.write(data.decode("utf-8", "replace"))
