"""The upgrade paths in-process: the HTTP server of a cluster on the virtual clock, a WebSocket
client with each subprotocol family (binary, base64, v5 CLOSE), and a raw SPDY/3.1 client built
from our own framer (the 101 handshake, streams, the error stream, GOAWAY)."""

import asyncio
import base64
import json

import aiohttp
import pytest

from k8slab.apiserver.http import HTTPServer
from k8slab.apiserver.streaming import spdy
from tests.kubelet.builders import cluster, make_pod

EXEC = "/api/v1/namespaces/default/pods/bb/exec?"


@pytest.fixture(scope="module")
def c():
    c = cluster()
    make_pod("bb", "busybox:1.36").sh("echo hi > /tmp/greeting; sleep 3600").create(c)
    make_pod("web", "nginx:1.27").create(c)
    c.advance(5)
    return c


def serve(c, client):
    """Run `client(base_url)` against an HTTPServer of the cluster on a fresh event loop."""
    async def main():
        server = HTTPServer(c.api, port=0)
        await server.start()
        try:
            return await asyncio.wait_for(client(f"127.0.0.1:{server.port}"), 10)
        finally:
            await server.stop()
    return asyncio.run(main())


async def ws_session(host, query, protocol, send=()):
    """Messages received on a WebSocket exec until the server closes it."""
    got = []
    async with aiohttp.ClientSession() as s:
        async with s.ws_connect(f"ws://{host}{EXEC}{query}", protocols=(protocol,)) as ws:
            assert ws.protocol == protocol
            for msg in send:
                await (ws.send_str(msg) if isinstance(msg, str) else ws.send_bytes(msg))
            async for msg in ws:
                got.append(msg.data)
    return got


def test_v4_binary_channels(c):
    got = serve(c, lambda h: ws_session(h, "command=sh&command=-c&command=cat%20/tmp/greeting;exit%202"
                                           "&stdout=true&stderr=true", "v4.channel.k8s.io"))
    assert got[0] == b"\x01"                                   # the empty first message on stdout
    assert got[1] == b"\x01hi\n"
    assert got[2][:1] == b"\x03" and json.loads(got[2][1:])["details"]["causes"][0] == {
        "reason": "ExitCode", "message": "2"}


def test_base64_channels_carry_text_messages(c):
    got = serve(c, lambda h: ws_session(h, "command=sh&stdin=true&stdout=true", "v4.base64.channel.k8s.io",
                                        ["0" + base64.b64encode(b"echo typed\nexit\n").decode()]))
    assert got[:2] == ["1", "1" + base64.b64encode(b"typed\n").decode()]
    assert got[2][0] == "3" and base64.b64decode(got[2][1:]) == b'{"metadata":{},"status":"Success"}'


def test_v5_close_ends_stdin(c):
    got = serve(c, lambda h: ws_session(h, "command=wc&command=-l&stdin=true&stdout=true", "v5.channel.k8s.io",
                                        [b"\x00a\nb\n", b"\xff\x00"]))
    assert got == [b"\x01", b"\x01" + b"2\n", b'\x03{"metadata":{},"status":"Success"}']


async def spdy_exec(host, query, streams, stdin=b""):
    """A SPDY client: upgrade, open `streams`, send stdin, read until the server's GOAWAY."""
    reader, writer = await asyncio.open_connection(*host.split(":"))
    writer.write(f"POST {EXEC}{query} HTTP/1.1\r\nHost: {host}\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n"
                 "X-Stream-Protocol-Version: v4.channel.k8s.io\r\nX-Stream-Protocol-Version: channel.k8s.io\r\n"
                 "Content-Length: 0\r\n\r\n".encode())
    head = (await reader.readuntil(b"\r\n\r\n")).decode()
    framer, frames, ids = spdy.Framer(), [], {}
    for i, kind in enumerate(streams):
        ids[kind] = 2 * i + 1
        writer.write(framer.syn_stream(ids[kind], {"streamType": kind}))
    if stdin:
        writer.write(framer.data(ids["stdin"], stdin) + framer.data(ids["stdin"], b"", fin=True))
    while not frames or frames[-1].type != spdy.GOAWAY:
        data = await reader.read(65536)
        if not data:
            break
        frames += framer.feed(data)
    writer.close()
    by_id = {v: k for k, v in ids.items()}
    out = {}
    for f in frames:
        if f.type == 0:
            out[by_id[f.stream_id]] = out.get(by_id[f.stream_id], b"") + f.data
    return head, frames, out


def test_spdy_upgrade_streams_and_status(c):
    head, frames, out = serve(c, lambda h: spdy_exec(h, "command=sh&stdin=true&stdout=true&stderr=true",
                                                     ["error", "stdin", "stdout", "stderr"],
                                                     b"echo $HOSTNAME\nnope\nexit 3\n"))
    lines = head.split("\r\n")
    assert lines[0] == "HTTP/1.1 101 Switching Protocols" and "Upgrade: SPDY/3.1" in lines
    assert "X-Stream-Protocol-Version: v4.channel.k8s.io" in lines and "Connection: Upgrade" in lines
    assert [f.type for f in frames[:4]] == [spdy.SYN_REPLY] * 4
    assert out["stdout"] == b"bb\n" and out["stderr"] == b"sh: nope: not found\n"
    assert json.loads(out["error"])["message"] == ("command terminated with non-zero exit code: error executing "
                                                   "command [sh], exit code 3")


def test_spdy_protocol_negotiation_failure_is_403(c):
    async def client(host):
        async with aiohttp.ClientSession() as s:
            async with s.post(f"http://{host}{EXEC}command=ls&stdout=true",
                              headers={"Connection": "Upgrade", "Upgrade": "SPDY/3.1",
                                       "X-Stream-Protocol-Version": "v9.channel.k8s.io"}) as r:
                return r.status, r.headers.get("X-Accepted-Stream-Protocol-Versions"), await r.text()
    status, accepted, text = serve(c, client)
    assert (status, text) == (403, "unable to upgrade: unable to negotiate protocol: client supports "
                                   "[v9.channel.k8s.io], server accepts [v4.channel.k8s.io v3.channel.k8s.io "
                                   "v2.channel.k8s.io channel.k8s.io]")
    assert accepted.startswith("v4.channel.k8s.io")
