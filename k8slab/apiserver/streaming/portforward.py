"""Port forwarding over an upgraded connection: bytes to and from a port inside the pod.

Follows the kubelet's streaming server, `pkg/kubelet/cri/streaming/portforward/`:

* `websocket.go` (the official Python client; subprotocol `v4.channel.k8s.io`, `v4.base64...`
  or none): the `ports` query names the ports; port i has data channel 2i and error channel
  2i+1, and the server's first message on each is the port as 2 bytes little-endian; one
  connection per port for the whole session; the socket closes when every port's connection has.
* `httpstream.go` (kubectl; subprotocol `portforward.k8s.io` over SPDY): for every local
  connection the client opens an `error` stream, then a `data` stream, both with headers `port`
  and `requestID`; once a pair is complete the server connects to the port. The client's FIN on
  the data stream half-closes the pod connection; when the pod side closes, both streams close.
  kubectl >= 1.31 carries that SPDY connection inside a WebSocket with subprotocol
  `SPDY/3.1+portforward.k8s.io`, each binary message holding the next bytes of the SPDY stream
  (`staging/src/k8s.io/client-go/tools/portforward/tunneling_connection.go`,
  `staging/src/k8s.io/apiserver/pkg/util/proxy/streamtunnel.go`); older ones upgrade to SPDY.

A failure is written on the error stream as the kubelet words it: `error forwarding port 81 to pod
<sandbox id>, uid : failed to execute portforward in network namespace ...`.

Differences from upstream: no idle or stream-creation timeouts; a data stream whose error stream
never comes waits forever.
"""

from __future__ import annotations

import asyncio

from . import spdy, wsstream

PROTOCOL = "portforward.k8s.io"
TUNNELING_PREFIX = "SPDY/3.1+"
WEBSOCKET_PROTOCOLS = [wsstream.V4_CHANNEL, wsstream.V4_BASE64_CHANNEL, ""]


class ForwardError(Exception):
    """The port could not be reached; the message is what goes on the error stream."""


def parse_ports(values: list[str]) -> list[int]:
    """NewV4Options: `ports=80,8080` (or repeated); the upstream errors for bad ones."""
    if not values:
        raise ValueError('query parameter "port" is required')
    ports = []
    for value in values:
        if not value:
            raise ValueError('query parameter "port" cannot be empty')
        for p in value.split(","):
            if not p.isdigit() or int(p) > 65535:
                raise ValueError(f'unable to parse "{value}" as a port: strconv.ParseUint: parsing "{p}": '
                                 + ("value out of range" if p.isdigit() else "invalid syntax"))
            if int(p) < 1:
                raise ValueError(f'port "{value}" must be > 0')
            ports.append(int(p))
    return ports


async def serve_websocket(channels: wsstream.Channels, ports: list[int], connect) -> None:
    """The Python client's port-forward: `connect(port)` returns a PortConnection or raises
    ForwardError."""
    open_ports = set(range(len(ports)))
    all_done = asyncio.Event()
    conns: dict[int, object] = {}

    def finished(i):
        open_ports.discard(i)
        if not open_ports:
            all_done.set()

    for i, port in enumerate(ports):
        prefix = port.to_bytes(2, "little")
        channels.send(2 * i, prefix)
        channels.send(2 * i + 1, prefix)
    for i, port in enumerate(ports):
        try:
            conn = connect(port)
        except ForwardError as e:
            channels.send(2 * i + 1, str(e).encode())
            finished(i)
            continue
        conns[i] = conn
        conn.connect(lambda data, i=i: channels.send(2 * i, data), lambda i=i: finished(i))

    async def read():
        while True:
            msg = await channels.receive()
            if msg is None:
                return
            channel, data = msg
            conn = conns.get(channel // 2)
            if channel % 2 == 0 and conn is not None:
                conn.send(data)

    reader = asyncio.ensure_future(read())
    waiter = asyncio.ensure_future(all_done.wait())
    await asyncio.wait([reader, waiter], return_when=asyncio.FIRST_COMPLETED)
    for conn in conns.values():
        conn.close()
    waiter.cancel()
    await channels.close()
    reader.cancel()


def spdy_handler(connect):
    """The on_stream callback of a SPDY session serving port-forward (httpstream.go)."""
    pairs: dict[str, dict] = {}
    conns: list = []

    def start(pair):
        data, error = pair["data"], pair["error"]
        port_text = data.header("port")
        try:
            port = int(port_text)
            if not 0 < port < 65536:
                raise ValueError
            conn = connect(port)
        except ValueError:
            error.write(f'invalid port header "{port_text}"'.encode())
            data.close()
            error.close()
            return
        except ForwardError as e:
            error.write(str(e).encode())
            data.close()
            error.close()
            return
        conns.append(conn)

        def pod_closed():
            data.close()
            error.close()
        conn.connect(data.write, pod_closed)
        data.listen(conn.send, conn.close_write)

    def on_stream(stream: spdy.Stream):
        kind = stream.header("streamType")
        if kind not in ("data", "error"):
            return False
        pair = pairs.setdefault(stream.header("requestID") or stream.header("port"), {})
        if kind in pair:
            return False
        pair[kind] = stream
        if "data" in pair and "error" in pair:
            return lambda: start(pair)
        return True

    def close_all():
        for conn in conns:
            conn.close()

    return on_stream, close_all
