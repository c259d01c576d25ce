"""Serving the API over HTTP with aiohttp: requests in, JSON out, watches as chunked JSON lines.

Follows what kubectl and client-go expect of kube-apiserver on the wire (wire-facts.md): JSON
bodies, `Transfer-Encoding: chunked` watch streams with one `{"type", "object"}` per line,
Status bodies for errors, and 413 for bodies over 3 MiB. A response whose stream has
`serve_http` serves itself: exec, attach and port-forward upgrades and followed logs
(`k8slab/apiserver/streaming/`).
"""

from __future__ import annotations

import asyncio
import json
import logging

from aiohttp import web

from . import errors as E
from .bodies import MAX_REQUEST_BODY_BYTES
from .codec import dumps
from .authn.user import insecure_superuser
from .request import Request, Response
from .tls import peer_certificates

log = logging.getLogger("k8slab.apiserver.http")
CLIENT_CHECK_SECONDS = 1.0         # how often an idle watch looks whether its client has gone
SHUTDOWN_SECONDS = 2.0             # how long a stopping server waits for open requests


def _encode(resp: Response) -> bytes:
    body = resp.body
    if body is None:
        return b""
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode()
    return dumps(body)


class HTTPServer:
    """One listener (host:port) serving an APIServer; start() and stop() on the running loop.
    Without `ssl_context` it is v1.11's insecure port (every request is `system:unsecured`);
    with one (k8slab/apiserver/tls.py) the secure port, whose requests are authenticated."""

    def __init__(self, api, host: str = "127.0.0.1", port: int = 8080, ssl_context=None):
        self.api = api
        self.host, self.port = host, port
        self.ssl_context = ssl_context
        self.app = web.Application(client_max_size=MAX_REQUEST_BODY_BYTES + 1024 * 1024)
        self.app.router.add_route("*", "/{tail:.*}", self._handle)
        self.runner: web.AppRunner | None = None
        self._streams: set[asyncio.Event] = set()
        self.closing = False

    async def start(self) -> None:
        self.runner = web.AppRunner(self.app, access_log=None, handle_signals=False)
        await self.runner.setup()
        site = web.TCPSite(self.runner, self.host, self.port, ssl_context=self.ssl_context,
                           reuse_address=True, shutdown_timeout=SHUTDOWN_SECONDS)
        await site.start()
        if self.port == 0:                               # learn the port the OS chose
            self.port = site._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        self.closing = True
        for wake in list(self._streams):                 # end open watches, as a server shutdown does
            wake.set()
        if self.runner is not None:
            await self.runner.cleanup()

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        try:
            body = await request.read()
        except web.HTTPRequestEntityTooLarge:
            err = E.too_large()
            return web.Response(status=413, body=dumps(err.status()), content_type="application/json")
        req = Request(request.method, request.path, dict(request.query), body,
                      request.headers.get("Content-Type", ""), request.headers.get("Accept", ""),
                      dict(request.headers))
        req.raw_query = request.query_string             # repeated parameters (exec's `command`)
        req.raw_headers = request.headers                # repeated headers (Impersonate-Group)
        if self.ssl_context is None:                     # the insecure port: no authentication (v1.11)
            req.user = insecure_superuser()
        else:
            req.peer_certificates = peer_certificates(request)
        resp = self.api.handle(req)
        if resp.stream is not None and hasattr(resp.stream, "serve_http"):
            return await resp.stream.serve_http(request, self)   # upgrades, followed logs (streaming/)
        if resp.stream is not None:
            return await self._stream(request, resp)
        headers = dict(resp.headers)
        headers["Content-Type"] = resp.content_type      # with its parameters (aggregated discovery)
        return web.Response(status=resp.status, body=_encode(resp), headers=headers)

    async def _stream(self, request: web.Request, resp: Response) -> web.StreamResponse:
        stream = resp.stream
        loop = asyncio.get_running_loop()
        wake = asyncio.Event()

        def ready(_watcher=None):
            loop.call_soon_threadsafe(wake.set)

        if stream.watcher is not None:
            stream.watcher.on_event = ready
        out = web.StreamResponse(status=200, headers={"Content-Type": "application/json",
                                                      "Cache-Control": "no-cache, private"})
        out.enable_chunked_encoding()
        await out.prepare(request)
        self._streams.add(wake)
        try:
            while not self.closing:
                for event in stream.events():
                    line = dumps(self.api.watch_event_json(stream, event)) + b"\n"
                    await out.write(line)
                if stream.done:
                    break
                if request.transport is None or request.transport.is_closing():
                    break                                # the client went away
                timeout = CLIENT_CHECK_SECONDS
                if stream.deadline is not None:
                    left = stream.deadline - self.api.clock.now()
                    if left <= 0:
                        break
                    timeout = min(timeout, left)
                wake.clear()
                if stream.watcher is not None and stream.watcher.pending():
                    continue
                try:
                    await asyncio.wait_for(wake.wait(), timeout)
                except asyncio.TimeoutError:
                    pass
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            self._streams.discard(wake)
            stream.close()
        try:
            await out.write_eof()
        except ConnectionResetError:
            pass
        return out
