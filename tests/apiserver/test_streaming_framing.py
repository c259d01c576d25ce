"""The wire formats of exec, attach and port-forward, in-process: WebSocket channels, SPDY/3.1
frames and sessions, the remotecommand statuses and option parsing."""

import json
import struct
import zlib

import pytest

from k8slab.apiserver.streaming import portforward, remotecommand as rc, spdy, wsstream


def test_channel_framing_binary_and_base64():
    assert wsstream.encode(1, b"hi\n") == b"\x01hi\n"
    assert wsstream.decode(b"\x00ls\n") == (0, b"ls\n")
    assert wsstream.decode("\x00ls\n") == (0, b"ls\n")            # a text frame is raw bytes too
    assert wsstream.encode(1, b"foo\n", base64_framing=True) == "1Zm9vCg=="
    assert wsstream.decode("0Zm9vCg==", base64_framing=True) == (0, b"foo\n")
    assert wsstream.decode("0***", base64_framing=True) is None and wsstream.decode(b"") is None


def test_subprotocol_negotiation_follows_the_clients_order():
    kubectl = ["v5.channel.k8s.io"]
    python = ["v5.channel.k8s.io", "v4.channel.k8s.io"]
    assert wsstream.negotiate(kubectl, rc.WEBSOCKET_PROTOCOLS) == "v5.channel.k8s.io"
    assert wsstream.negotiate(["v4.channel.k8s.io", "v5.channel.k8s.io"], rc.WEBSOCKET_PROTOCOLS) == \
        "v4.channel.k8s.io"
    assert wsstream.negotiate(python, portforward.WEBSOCKET_PROTOCOLS) == "v4.channel.k8s.io"
    assert wsstream.negotiate([], rc.WEBSOCKET_PROTOCOLS) == ""
    assert wsstream.negotiate(["v9.channel.k8s.io"], rc.WEBSOCKET_PROTOCOLS) is None
    assert wsstream.offered({"Sec-WebSocket-Protocol": "v5.channel.k8s.io, v4.channel.k8s.io"}) == python
    assert wsstream.is_websocket({"Connection": "keep-alive, Upgrade", "Upgrade": "websocket"})
    assert not wsstream.is_websocket({"Connection": "Upgrade", "Upgrade": "SPDY/3.1"})


def test_spdy_dictionary_is_the_spdy3_one():
    assert len(spdy.DICTIONARY) == 1423 and zlib.adler32(spdy.DICTIONARY) == 0xE3C6A7C2


def test_spdy_frames_round_trip_with_one_compression_context_per_direction():
    client, server = spdy.Framer(), spdy.Framer()
    first = client.syn_stream(1, {"streamType": "error", "port": "80", "requestID": "0"})
    # control bit, version 3, type 1 (SYN_STREAM); flags 0 and a 24-bit length
    assert first[:4] == b"\x80\x03\x00\x01" and struct.unpack(">I", first[4:8])[0] == len(first) - 8
    wire = first + client.syn_stream(3, {"streamType": "data", "port": "80", "requestID": "0"})
    wire += client.data(3, b"GET / HTTP/1.1\r\n\r\n") + client.data(3, b"", fin=True) + client.ping(1)
    frames = server.feed(wire[:7]) + server.feed(wire[7:50]) + server.feed(wire[50:])
    assert [(f.type, f.stream_id) for f in frames] == [(1, 1), (1, 3), (0, 3), (0, 3), (6, 0)]
    assert frames[1].headers == {"streamtype": ["data"], "port": ["80"], "requestid": ["0"]}
    assert frames[2].data == b"GET / HTTP/1.1\r\n\r\n" and frames[3].fin and frames[4].ping_id == 1
    reply = server.syn_reply(3, {"x": ["1", "2"]}, fin=True)
    assert reply[:4] == b"\x80\x03\x00\x02" and reply[4] == spdy.FLAG_FIN
    (f,) = client.feed(reply)
    assert f.headers == {"x": ["1", "2"]} and f.fin


def test_spdy_header_block_is_zlib_with_the_dictionary():
    f = spdy.Framer()
    frame = f.syn_reply(1, {"streamtype": "stdout"})
    block = frame[12:]
    raw = zlib.decompressobj(zdict=spdy.DICTIONARY).decompress(block)
    assert raw == b"\x00\x00\x00\x01\x00\x00\x00\x0astreamtype\x00\x00\x00\x06stdout"


class Client:
    """A SPDY client in memory talking to a Session."""

    def __init__(self, on_stream):
        self.framer = spdy.Framer()
        self.received = []
        self.session = spdy.Session(lambda data: self.received.extend(self.framer.feed(data)), on_stream)

    def send(self, data: bytes):
        self.session.feed(data)


def test_spdy_session_accepts_streams_echoes_pings_and_carries_data():
    seen = []

    def on_stream(stream):
        seen.append(stream)
        stream.listen(lambda data: stream.write(data.upper()), stream.close)
        return stream.header("streamType") != "refused"

    c = Client(on_stream)
    c.send(c.framer.syn_stream(1, {"streamType": "data"}))
    c.send(c.framer.data(1, b"abc") + c.framer.ping(1) + c.framer.ping(2))
    c.send(c.framer.data(1, b"", fin=True))
    assert [(f.type, f.stream_id, f.data, f.fin) for f in c.received] == [
        (spdy.SYN_REPLY, 1, b"", False), (0, 1, b"ABC", False), (spdy.PING, 0, b"", False), (0, 1, b"", True)]
    assert c.received[2].ping_id == 1                        # the client's (odd) ping comes back; not ours
    c.send(c.framer.syn_stream(3, {"streamType": "refused"}))
    assert (c.received[-1].type, c.received[-1].status) == (spdy.RST_STREAM, spdy.REFUSED_STREAM)
    c.session.close()
    assert c.received[-1].type == spdy.GOAWAY and c.session.closed


def test_remotecommand_statuses_per_protocol():
    ok, exit3 = rc.success(), rc.exit_code_status(3, "error executing command [sh -c exit 3], exit code 3")
    assert rc.status_bytes(ok, rc.V4) == b'{"metadata":{},"status":"Success"}'
    assert json.loads(rc.status_bytes(exit3, rc.V4)) == {
        "metadata": {}, "status": "Failure",
        "message": "command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3",
        "reason": "NonZeroExitCode", "details": {"causes": [{"reason": "ExitCode", "message": "3"}]}}
    assert json.loads(rc.status_bytes(exit3, rc.V5))["message"] == \
        "command terminated with non-zero exit code: command terminated with exit code 3"
    failed = rc.internal_error("error executing command in container: boom <x>")
    assert json.loads(rc.status_bytes(failed, rc.V5))["message"] == \
        "Internal error occurred: Internal error occurred: error executing command in container: boom <x>"
    assert b"\\u003cx\\u003e" in rc.status_bytes(failed, rc.V4)      # as json.Marshal escapes
    assert rc.status_bytes(ok, rc.V2) == b"" and rc.status_bytes(exit3, rc.V1).startswith(b"command terminated")


def test_remotecommand_options():
    o = rc.Options({"command": ["sh", "-c", "ls"], "stdin": ["true"], "stdout": ["true"], "stderr": ["true"],
                    "tty": ["true"], "container": ["c"]})
    assert (o.stdin, o.stdout, o.stderr, o.tty, o.command, o.container) == (True, True, False, True,
                                                                            ["sh", "-c", "ls"], "c")
    assert o.expected_spdy_streams(rc.V4) == 4 and o.expected_spdy_streams(rc.V2) == 3
    assert rc.Options({"output": ["1"]}).stdout                   # the kubelet's own names


def test_port_parsing_and_its_errors():
    assert portforward.parse_ports(["80,8080", "443"]) == [80, 8080, 443]
    for values, message in ((["x"], 'unable to parse "x" as a port: strconv.ParseUint: parsing "x": invalid syntax'),
                            (["0"], 'port "0" must be > 0'), ([], 'query parameter "port" is required'),
                            ([""], 'query parameter "port" cannot be empty')):
        with pytest.raises(ValueError) as e:
            portforward.parse_ports(values)
        assert str(e.value) == message
