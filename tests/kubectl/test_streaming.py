"""The client side of v5.channel.k8s.io: frames, channels, the status and the exit code."""

import io
import json
import socket
import struct
import threading

import pytest

from k8slab.kubectl.mutation import Failure
from k8slab.kubectl.streaming import (CLOSE, ERROR, OP_BINARY, OP_CLOSE, OP_PING, STDERR, STDIN, STDOUT, ExitCode,
                                      RemoteCommand, WebSocket, check_status)


def server_frame(payload: bytes, opcode: int = OP_BINARY) -> bytes:
    """An unmasked frame, as a server sends it."""
    n = len(payload)
    head = bytes([0x80 | opcode]) + (bytes([n]) if n < 126 else bytes([126]) + struct.pack(">H", n))
    return head + payload


def read_client_frame(f) -> tuple[int, bytes]:
    head = f.read(2)
    assert head[1] & 0x80, "client frames are masked"
    n = head[1] & 0x7F
    if n == 126:
        n = struct.unpack(">H", f.read(2))[0]
    mask = f.read(4)
    return head[0] & 0x0F, bytes(b ^ mask[i % 4] for i, b in enumerate(f.read(n)))


def test_channels_and_success():
    client, server = socket.socketpair()
    server.sendall(server_frame(bytes([STDOUT]) + b"hello\n") + server_frame(bytes([STDERR]) + b"oops\n")
                   + server_frame(bytes([ERROR]) + b'{"metadata":{},"status":"Success"}') + server_frame(b"", OP_CLOSE))
    out, err = io.StringIO(), io.StringIO()
    assert RemoteCommand(WebSocket(client, "v5.channel.k8s.io")).run(stdout=out, stderr=err) == 0
    assert (out.getvalue(), err.getvalue()) == ("hello\n", "oops\n")


def test_stdin_is_sent_and_closed_with_the_v5_close_message():
    client, server = socket.socketpair()
    got = []
    reader = server.makefile("rb", buffering=0)

    def serve():
        for _ in range(2):
            got.append(read_client_frame(reader))
        server.sendall(server_frame(b"ping", OP_PING))
        got.append(read_client_frame(reader))                # the pong
        server.sendall(server_frame(bytes([ERROR]) + b'{"metadata":{},"status":"Success"}'))
        server.shutdown(socket.SHUT_RDWR)
    t = threading.Thread(target=serve)
    t.start()
    RemoteCommand(WebSocket(client, "v5.channel.k8s.io")).run(stdin=io.BytesIO(b"echo hi\n"))
    t.join()
    assert got == [(OP_BINARY, bytes([STDIN]) + b"echo hi\n"), (OP_BINARY, bytes([CLOSE, STDIN])), (0xA, b"ping")]


def test_a_non_zero_exit_code_is_kubectls_exit_code():
    status = {"metadata": {}, "status": "Failure", "reason": "NonZeroExitCode",
              "details": {"causes": [{"reason": "ExitCode", "message": "3"}]}}
    with pytest.raises(ExitCode) as e:
        check_status(json.dumps(status).encode())
    assert (e.value.code, e.value.text()) == (3, "command terminated with exit code 3")
    with pytest.raises(Failure, match="Internal error occurred: boom"):
        check_status(b'{"status":"Failure","message":"Internal error occurred: boom"}')
    assert check_status(None) == 0
