"""Taking an HTTP connection over for exec, attach and port-forward: WebSocket or SPDY/3.1.

Follows `staging/src/k8s.io/apimachinery/pkg/util/httpstream/httpstream.go` (Handshake: the
client lists `X-Stream-Protocol-Version` headers, the server answers with the first it supports
or 403 `unable to upgrade: unable to negotiate protocol: client supports [...], server accepts
[...]`), `.../httpstream/spdy/upgrade.go` (UpgradeResponse: `101 Switching Protocols` with
`Connection: Upgrade` and `Upgrade: SPDY/3.1`, then the raw connection is SPDY) and
`.../httpstream/wsstream/conn.go` (the WebSocket handshake and subprotocol choice).

An `Upgrade` is what the kubelet's server puts in `Response.stream`; `HTTPServer` hands it the
aiohttp request and it answers:

* `Upgrade: websocket` -> exec/attach on channels (`remotecommand.py`), port-forward on channels
  or, with subprotocol `SPDY/3.1+portforward.k8s.io`, SPDY tunnelled in binary messages;
* `Upgrade: SPDY/3.1` -> the connection becomes a SPDY session (kubectl 1.27-1.29 exec and
  attach, kubectl <= 1.30 port-forward, and every kubectl's fallback);
* neither -> 400 `Upgrade request required`.

When the kubelet refused the request before upgrading (`refused`: status and text, e.g. 500
`container not found ("x")`), SPDY and pre-v5 WebSocket clients get that HTTP answer as the
kubelet sends it; a v5 client is upgraded first and reads the API server's wording on the error
channel (`Internal error occurred: unable to upgrade connection: container not found ("x")`).

Differences from upstream: the hijacked connection is read through aiohttp's payload-parser
hook (aiohttp has no Hijack); no backpressure on writes.
"""

from __future__ import annotations

import asyncio

from aiohttp import web

from . import portforward, remotecommand, spdy, wsstream

SPDY_31 = "SPDY/3.1"


def _go_list(items: list[str]) -> str:
    return "[" + " ".join(items) + "]"


def _text(status: int, text: str, headers: dict | None = None) -> web.Response:
    return web.Response(status=status, text=text, content_type="text/plain", charset="utf-8", headers=headers)


class _RawParser:
    """Stands in for aiohttp's payload parser after a SPDY upgrade: bytes go to the session."""

    def __init__(self, session: spdy.Session, ended: asyncio.Event):
        self.session, self.ended = session, ended

    def feed_data(self, data: bytes):
        self.session.feed(bytes(data))
        return False, b""

    def feed_eof(self) -> None:
        self.session.eof()
        self.ended.set()


class Upgrade:
    """An exec/attach (`options`, `start`) or port-forward (`ports`, `connect`) waiting for its
    connection to be upgraded."""

    def __init__(self, kind: str, *, options=None, start=None, ports=None, connect=None, refused=None):
        self.kind = kind                         # "remotecommand" | "portforward"
        self.options, self.start = options, start
        self.ports, self.connect = ports, connect
        self.refused = refused                   # (HTTP status, text) from the kubelet, or None

    async def serve_http(self, request: web.Request, server=None) -> web.StreamResponse:
        if wsstream.is_websocket(request.headers):
            return await self._websocket(request, server)
        h = {k.lower(): v for k, v in request.headers.items()}
        if SPDY_31.lower() in h.get("upgrade", "").lower() and "upgrade" in h.get("connection", "").lower():
            return await self._spdy(request, server)
        if self.refused:
            return _text(*self.refused)
        return _text(400, "Upgrade request required")

    # ---- WebSocket --------------------------------------------------------------------------------

    async def _websocket(self, request, server) -> web.StreamResponse:
        offered = wsstream.offered(request.headers)
        if self.kind == "portforward":
            tunnel = portforward.TUNNELING_PREFIX + portforward.PROTOCOL
            if tunnel in offered:
                if self.refused:
                    return _text(*self.refused)
                channels = await wsstream.Channels.open(request, tunnel)
                await self._tunnel(channels, server)
                return channels.ws
            supported = portforward.WEBSOCKET_PROTOCOLS
        else:
            supported = remotecommand.WEBSOCKET_PROTOCOLS
        protocol = wsstream.negotiate(offered, supported)
        if protocol is None:
            return _text(403, f"unable to upgrade websocket connection: requested protocol(s) are not supported: "
                              f"{_go_list(offered)}; supports {_go_list([p for p in supported if p])}")
        if self.refused and protocol != remotecommand.V5:
            return _text(*self.refused)
        channels = await wsstream.Channels.open(request, protocol)
        stop = self._watch_shutdown(server, channels)
        try:
            if self.refused:
                message = f"unable to upgrade connection: {self.refused[1]}"
                channels.send(remotecommand.ERROR, remotecommand.go_json(remotecommand.internal_error(message)))
                await channels.close()
            elif self.kind == "portforward":
                await portforward.serve_websocket(channels, self.ports, self.connect)
            else:
                await remotecommand.serve_websocket(channels, self.options, self.start)
        finally:
            stop()
        return channels.ws

    async def _tunnel(self, channels: wsstream.Channels, server) -> None:
        """SPDY inside the WebSocket (kubectl >= 1.31 port-forward)."""
        ended = asyncio.Event()
        on_stream, close_all = portforward.spdy_handler(self.connect)
        session = spdy.Session(channels.send_raw, on_stream, ended.set)
        stop = self._watch_shutdown(server, channels, session)
        try:
            while not session.closed:
                data = await channels.receive_raw()
                if data is None:
                    break
                session.feed(data)
        finally:
            stop()
            close_all()
            session.close(goaway=False)
            await channels.close()

    @staticmethod
    def _watch_shutdown(server, channels, session=None):
        """End the session when the server stops; returns the function that stops watching."""
        if server is None:
            return lambda: None
        wake = asyncio.Event()
        server._streams.add(wake)

        async def watch():
            await wake.wait()
            if session is not None:
                session.close()
            await channels.close()
        task = asyncio.ensure_future(watch())

        def stop():
            server._streams.discard(wake)
            task.cancel()
        return stop

    # ---- SPDY -------------------------------------------------------------------------------------

    async def _spdy(self, request, server) -> web.StreamResponse:
        if self.refused:
            return _text(*self.refused)
        supported = [portforward.PROTOCOL] if self.kind == "portforward" else remotecommand.SPDY_PROTOCOLS
        client = [p.strip() for v in request.headers.getall("X-Stream-Protocol-Version", []) for p in v.split(",")]
        if not client:
            return _text(400, "unable to upgrade: X-Stream-Protocol-Version is required")
        protocol = next((p for p in client if p in supported), None)
        if protocol is None:
            return _text(403, f"unable to upgrade: unable to negotiate protocol: client supports {_go_list(client)}, "
                              f"server accepts {_go_list(supported)}",
                         {"X-Accepted-Stream-Protocol-Versions": ", ".join(supported)})
        transport = request.transport
        if transport is None:
            return _text(500, "connection lost")
        ended = asyncio.Event()
        session = spdy.Session(transport.write, None, ended.set)
        close_all = None
        if self.kind == "portforward":
            session.on_stream, close_all = portforward.spdy_handler(self.connect)
        else:
            session.on_stream = remotecommand.spdy_handler(session, self.options, protocol, self.start,
                                                           session.close)
        request.protocol.set_parser(_RawParser(session, ended))       # before the 101: no byte is lost
        resp = web.StreamResponse(status=101, headers={"Connection": "Upgrade", "Upgrade": SPDY_31,
                                                       "X-Stream-Protocol-Version": protocol})
        resp.force_close()
        await resp.prepare(request)
        wake = asyncio.Event()
        if server is not None:
            server._streams.add(wake)
        waits = [asyncio.ensure_future(ended.wait()), asyncio.ensure_future(wake.wait())]
        try:
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for w in waits:
                w.cancel()
            if server is not None:
                server._streams.discard(wake)
            if close_all is not None:
                close_all()
            session.close()
            await asyncio.sleep(0)
            if not transport.is_closing():
                transport.close()
        return resp
