"""WebSocket channels: how exec, attach and port-forward multiplex streams over one WebSocket.

Follows `staging/src/k8s.io/apimachinery/pkg/util/httpstream/wsstream/conn.go` (now
`k8s.io/streaming/pkg/httpstream/wsstream`): every message starts with the number of the
channel it belongs to. With the binary subprotocols (`channel.k8s.io`, `v4.channel.k8s.io`,
`v5.channel.k8s.io`, and no subprotocol at all) that is one byte, the rest of the message is raw
data; with the base64 ones (`base64.channel.k8s.io`, `v4.base64.channel.k8s.io`) it is the
digit `'0'+n` followed by the data in base64, in a text message. v5 adds channel 255, CLOSE:
`[255, n]` says the sender will write no more on channel n (kubectl sends it when its stdin ends).

The server picks the first subprotocol of the client's `Sec-WebSocket-Protocol` list that it
supports, as `handshake` does; a client that offers none gets the binary framing.

`Channels` wraps an aiohttp WebSocketResponse: `send(n, data)` may be called from plain
callbacks (it queues; one task writes in order), `receive()` returns `(n, data)` until the
client closes.

Differences from upstream: no idle timeout (the client's pings keep nothing alive here, aiohttp
answers them); a message for a channel that does not exist is dropped, as upstream does.
"""

from __future__ import annotations

import asyncio
import base64

from aiohttp import WSMsgType, web

CHANNEL = "channel.k8s.io"
BASE64_CHANNEL = "base64.channel.k8s.io"
V4_CHANNEL = "v4.channel.k8s.io"
V4_BASE64_CHANNEL = "v4.base64.channel.k8s.io"
V5_CHANNEL = "v5.channel.k8s.io"
CLOSE_CHANNEL = 255
BASE64_PROTOCOLS = (BASE64_CHANNEL, V4_BASE64_CHANNEL)


def offered(headers) -> list[str]:
    """The subprotocols a client offers, in its order (one header, comma-separated, or several)."""
    values = headers.getall("Sec-WebSocket-Protocol", []) if hasattr(headers, "getall") else \
        [v for k, v in headers.items() if k.lower() == "sec-websocket-protocol"]
    return [p.strip() for v in values for p in v.split(",") if p.strip()]


def negotiate(client: list[str], server: list[str]) -> str | None:
    """The first protocol the client offers that the server supports ("" when none is offered)."""
    for protocol in client or [""]:
        if protocol in server:
            return protocol
    return None


def is_websocket(headers) -> bool:
    """IsWebSocketRequest: `Upgrade: websocket` and `Connection: ... upgrade ...`."""
    h = {k.lower(): v for k, v in headers.items()}
    return h.get("upgrade", "").lower() == "websocket" and \
        "upgrade" in [t.strip() for t in h.get("connection", "").lower().split(",")]


def encode(channel: int, data: bytes, base64_framing: bool = False) -> bytes | str:
    if base64_framing:
        return chr(ord("0") + channel) + base64.b64encode(data).decode()
    return bytes([channel]) + data


def decode(message: bytes | str, base64_framing: bool = False) -> tuple[int, bytes] | None:
    """(channel, data) of one message; None for an empty one or bad base64."""
    if not message:
        return None
    if base64_framing:
        text = message if isinstance(message, str) else message.decode("latin-1")
        try:
            return ord(text[0]) - ord("0"), base64.b64decode(text[1:], validate=True)
        except ValueError:
            return None
    raw = message.encode() if isinstance(message, str) else message    # a text frame is read as bytes too
    return raw[0], bytes(raw[1:])


class Channels:
    """The channels of one upgraded WebSocket."""

    def __init__(self, ws: web.WebSocketResponse, protocol: str):
        self.ws, self.protocol = ws, protocol
        self.base64 = protocol in BASE64_PROTOCOLS
        self._queue: asyncio.Queue = asyncio.Queue()
        self._writer = asyncio.ensure_future(self._write_loop())
        self.closed = False

    @classmethod
    async def open(cls, request: web.Request, protocol: str) -> "Channels":
        ws = web.WebSocketResponse(protocols=[protocol] if protocol else (), compress=False,
                                   max_msg_size=0, autoclose=True)
        await ws.prepare(request)
        return cls(ws, protocol)

    def send(self, channel: int, data: bytes) -> None:
        if not self.closed:
            self._queue.put_nowait(encode(channel, data, self.base64))

    def send_raw(self, data: bytes) -> None:
        """A binary message without a channel byte (SPDY tunnelled over the WebSocket)."""
        if not self.closed and data:
            self._queue.put_nowait(bytes(data))

    async def _write_loop(self) -> None:
        while True:
            msg = await self._queue.get()
            if msg is None:
                return
            try:
                if isinstance(msg, str):
                    await self.ws.send_str(msg)
                else:
                    await self.ws.send_bytes(msg)
            except (ConnectionResetError, RuntimeError):
                self.closed = True
                return

    async def receive(self) -> tuple[int, bytes] | None:
        """The next (channel, data) from the client; None once the connection has closed."""
        while True:
            msg = await self.ws.receive()
            if msg.type in (WSMsgType.BINARY, WSMsgType.TEXT):
                decoded = decode(msg.data, self.base64)
                if decoded is not None:
                    return decoded
                continue
            if msg.type in (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED, WSMsgType.ERROR):
                self.closed = True
                return None

    async def receive_raw(self) -> bytes | None:
        """The next binary message as it came (the tunnelled SPDY bytes); None once closed."""
        while True:
            msg = await self.ws.receive()
            if msg.type == WSMsgType.BINARY:
                return msg.data
            if msg.type in (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED, WSMsgType.ERROR):
                self.closed = True
                return None

    async def close(self) -> None:
        """Send what is queued, then the close frame (normal closure, 1000)."""
        self._queue.put_nowait(None)
        try:
            await self._writer
        finally:
            self.closed = True
        if not self.ws.closed:
            try:
                await self.ws.close()
            except (ConnectionResetError, RuntimeError):
                pass
