"""A growing text body sent as it grows: `kubectl logs -f` over HTTP.

Follows `pkg/kubelet/server/server.go` (getContainerLogs: a `text/plain` body written and flushed
line by line while the log is followed) as the API server passes it through
(`staging/src/k8s.io/apiserver/pkg/registry/generic/rest/streamer.go`: LocationStreamer copies
the kubelet's body with `Transfer-Encoding: chunked`).

`ChunkedText(source)` is a `Response.stream`: the source has `take() -> str` (text gathered
since the last call), `done`, an `on_ready` callback slot, and `close()`. The body ends when the
source is done (the container stopped), the client goes away, or the server stops.

Differences from upstream: no flow control towards the kubelet (the text waits in memory).
"""

from __future__ import annotations

import asyncio

from aiohttp import web

CLIENT_CHECK_SECONDS = 1.0          # how often an idle stream looks whether its client has gone


class ChunkedText:
    def __init__(self, source):
        self.source = source

    async def serve_http(self, request: web.Request, server=None) -> web.StreamResponse:
        loop = asyncio.get_running_loop()
        wake = asyncio.Event()
        self.source.on_ready = lambda: loop.call_soon(wake.set)
        out = web.StreamResponse(status=200, headers={"Content-Type": "text/plain",
                                                      "Cache-Control": "no-cache, private"})
        out.enable_chunked_encoding()
        await out.prepare(request)
        if server is not None:
            server._streams.add(wake)
        try:
            while True:
                text = self.source.take()
                if text:
                    await out.write(text.encode())
                if self.source.done or (server is not None and server.closing):
                    break
                if request.transport is None or request.transport.is_closing():
                    break
                wake.clear()
                try:
                    await asyncio.wait_for(wake.wait(), CLIENT_CHECK_SECONDS)
                except asyncio.TimeoutError:
                    pass
            await out.write_eof()
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            self.source.on_ready = None
            self.source.close()
            if server is not None:
                server._streams.discard(wake)
        return out
