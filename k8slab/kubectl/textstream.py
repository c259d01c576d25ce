"""A response body read as it arrives: `kubectl logs` (and `-f`) over its own connection.

Follows client-go's `rest/request.go` (Request.Stream: the request logged like any other, a
failure status read whole and turned into an error by transformResponse, otherwise the body handed
over unread; chunked transfer encoding decoded as the chunks come).

    for data in open_stream(session, "/api/v1/namespaces/default/pods/x/log", {"follow": "true"}):
        ...                                   # bytes, as the server flushed them

Differences from upstream: in-process (Cluster.kubectl) the body is what the server holds when
asked; a followed log is not waited on.
"""

from __future__ import annotations

import time

from .client import ACCEPT_ANY, encode_query
from .transport import HTTPTransport, Reply


def open_stream(session, path: str, query: dict | None, accept: str = ACCEPT_ANY):
    """Send the request now (errors raise StatusError here); return an iterator of body bytes."""
    client = session.client
    if session.api is not None:
        q = dict(query or {})
        q.pop("follow", None)                 # nothing else runs while kubectl would wait
        reply = client.request("GET", path, q, accept=accept)
        return iter([reply.raw()])
    qs = encode_query(query)
    full = path + ("?" + qs if qs else "")
    headers = client.headers(accept)
    transport = HTTPTransport(session.config, None)
    url = transport.url(full)
    client._log_request("GET", url, headers)
    start = time.perf_counter()
    status, reason, resp_headers = transport._send("GET", full, headers, None)
    reply = Reply(status, reason, resp_headers, content_type=transport._header(resp_headers, "Content-Type"))
    client._log_response("GET", url, reply, start)
    if not 200 <= status < 300:
        reply.body = transport._body(resp_headers)
        transport.close()
        raise client.error(reply)
    return _body(transport, resp_headers)


def _body(transport: HTTPTransport, headers: list):
    f = transport._file
    try:
        if transport._header(headers, "Transfer-Encoding").lower() == "chunked":
            while True:
                size_line = f.readline()
                if not size_line:
                    return
                size = int(size_line.split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    return
                data = f.read(size)
                f.readline()
                yield data
        length = transport._header(headers, "Content-Length")
        if length:
            yield f.read(int(length))
            return
        while True:
            data = f.read1(65536)
            if not data:
                return
            yield data
    finally:
        transport.close()
