"""SPDY/3.1 framing and the server side of a SPDY connection, as kubectl's streams use them.

Follows `github.com/moby/spdystream` (`spdy/types.go`, `read.go`, `write.go`, `dictionary.go`:
the frames; `connection.go`: streams, replies, pings, go-away) and
`staging/src/k8s.io/apimachinery/pkg/util/httpstream/spdy/connection.go` (a server accepts each
stream the client opens with an empty SYN_REPLY, or resets it).

Frames (all integers big-endian):

    control: 1 bit set | version 15 bits (3) | type 16 bits | flags 8 bits | length 24 bits | body
    data:    1 bit clear | stream id 31 bits | flags 8 bits | length 24 bits | data

SYN_STREAM (1) carries a stream id, the associated stream id, a priority and a header block;
SYN_REPLY (2) a stream id and a header block; RST_STREAM (3) a stream id and a status; PING (6)
an id (a client's are odd, echoed back); GOAWAY (7) the last good stream id; the FIN flag (1)
half-closes a stream. A header block is a count, then each name and value with a 4-byte length
(several values joined by NUL); header blocks are compressed with one zlib stream per direction
that starts from the SPDY/3 dictionary and is flushed (Z_SYNC_FLUSH) after every block.

Differences from upstream: no flow control (spdystream has none either), SETTINGS, HEADERS and
WINDOW_UPDATE frames are read and ignored; priorities are ignored; one thread, no frame workers.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field

VERSION = 3
SYN_STREAM, SYN_REPLY, RST_STREAM, SETTINGS, PING, GOAWAY, HEADERS, WINDOW_UPDATE = 1, 2, 3, 4, 6, 7, 8, 9
FLAG_FIN = 0x01
PROTOCOL_ERROR, INVALID_STREAM, REFUSED_STREAM, CANCEL, INTERNAL_ERROR = 1, 2, 3, 5, 6
MAX_DATA_LENGTH = (1 << 24) - 1
DATA_CHUNK = 32 * 1024                  # how much one DATA frame carries when writing

_WORDS = ("options head post put delete trace accept accept-charset accept-encoding accept-language "
          "accept-ranges age allow authorization cache-control connection content-base content-encoding "
          "content-language content-length content-location content-md5 content-range content-type date etag "
          "expect expires from host if-match if-modified-since if-none-match if-range if-unmodified-since "
          "last-modified location max-forwards pragma proxy-authenticate proxy-authorization range referer "
          "retry-after server te trailer transfer-encoding upgrade user-agent vary via warning www-authenticate "
          "method get status").split() + ["200 OK"] + "version HTTP/1.1 url public set-cookie keep-alive origin".split()
_TAIL = ("100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505"
         "203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request401 Unauthorized"
         "403 Forbidden404 Not Found500 Internal Server Error501 Not Implemented503 Service Unavailable"
         "Jan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMT"
         "chunked,text/html,image/png,image/jpg,image/gif,application/xml,application/xhtml+xml,text/plain,"
         "text/javascript,publicprivatemax-age=gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0.")
DICTIONARY = b"".join(struct.pack(">I", len(w)) + w.encode() for w in _WORDS) + _TAIL.encode()


class SpdyError(Exception):
    """A frame that cannot be read: the connection is broken."""


@dataclass
class Frame:
    """One frame: `type` is a control type, or 0 for data."""

    type: int
    stream_id: int = 0
    flags: int = 0
    headers: dict = field(default_factory=dict)     # lower-case name -> [values]
    data: bytes = b""
    status: int = 0                                 # RST_STREAM, GOAWAY
    ping_id: int = 0
    associated_id: int = 0

    @property
    def fin(self) -> bool:
        return bool(self.flags & FLAG_FIN)


class Framer:
    """Encodes and decodes the frames of one connection (it owns both zlib header contexts)."""

    def __init__(self):
        self._deflate = zlib.compressobj(9, zlib.DEFLATED, 15, 8, zlib.Z_DEFAULT_STRATEGY, DICTIONARY)
        self._inflate = zlib.decompressobj(zdict=DICTIONARY)
        self._buffer = bytearray()

    # ---- writing ----------------------------------------------------------------------------------

    def header_block(self, headers: dict) -> bytes:
        raw = [struct.pack(">I", len(headers))]
        for name, values in headers.items():
            values = [values] if isinstance(values, str) else list(values)
            name_b, value_b = name.lower().encode(), "\x00".join(values).encode()
            raw += [struct.pack(">I", len(name_b)), name_b, struct.pack(">I", len(value_b)), value_b]
        return self._deflate.compress(b"".join(raw)) + self._deflate.flush(zlib.Z_SYNC_FLUSH)

    @staticmethod
    def control(ftype: int, flags: int, body: bytes) -> bytes:
        return struct.pack(">HHI", 0x8000 | VERSION, ftype, (flags << 24) | len(body)) + body

    def syn_stream(self, stream_id: int, headers: dict, fin: bool = False, associated_id: int = 0) -> bytes:
        body = struct.pack(">IIBB", stream_id, associated_id, 0, 0) + self.header_block(headers)
        return self.control(SYN_STREAM, FLAG_FIN if fin else 0, body)

    def syn_reply(self, stream_id: int, headers: dict | None = None, fin: bool = False) -> bytes:
        return self.control(SYN_REPLY, FLAG_FIN if fin else 0,
                            struct.pack(">I", stream_id) + self.header_block(headers or {}))

    def rst_stream(self, stream_id: int, status: int) -> bytes:
        return self.control(RST_STREAM, 0, struct.pack(">II", stream_id, status))

    def ping(self, ping_id: int) -> bytes:
        return self.control(PING, 0, struct.pack(">I", ping_id))

    def goaway(self, last_good_id: int, status: int = 0) -> bytes:
        return self.control(GOAWAY, 0, struct.pack(">II", last_good_id, status))

    @staticmethod
    def data(stream_id: int, data: bytes, fin: bool = False) -> bytes:
        return struct.pack(">II", stream_id & 0x7FFFFFFF, ((FLAG_FIN if fin else 0) << 24) | len(data)) + data

    # ---- reading ----------------------------------------------------------------------------------

    def feed(self, data: bytes) -> list[Frame]:
        """The frames completed by `data` (a partial frame waits for the next call)."""
        self._buffer += data
        frames = []
        while len(self._buffer) >= 8:
            first, second = struct.unpack_from(">II", self._buffer)
            length = second & 0xFFFFFF
            if len(self._buffer) < 8 + length:
                break
            body = bytes(self._buffer[8:8 + length])
            del self._buffer[:8 + length]
            flags = second >> 24
            if first & 0x80000000:
                frame = self._control((first >> 16) & 0x7FFF, first & 0xFFFF, flags, body)
                if frame is not None:
                    frames.append(frame)
            else:
                frames.append(Frame(0, first & 0x7FFFFFFF, flags, data=body))
        return frames

    def _control(self, version: int, ftype: int, flags: int, body: bytes) -> Frame | None:
        if version != VERSION:
            raise SpdyError(f"unsupported SPDY version {version}")
        if ftype == SYN_STREAM:
            sid, assoc = struct.unpack_from(">II", body)
            return Frame(ftype, sid & 0x7FFFFFFF, flags, self._headers(body[10:]), associated_id=assoc & 0x7FFFFFFF)
        if ftype in (SYN_REPLY, HEADERS):
            (sid,) = struct.unpack_from(">I", body)
            return Frame(ftype, sid & 0x7FFFFFFF, flags, self._headers(body[4:]))
        if ftype in (RST_STREAM, GOAWAY):
            sid, status = struct.unpack_from(">II", body)
            return Frame(ftype, sid & 0x7FFFFFFF, flags, status=status)
        if ftype == PING:
            return Frame(ftype, flags=flags, ping_id=struct.unpack_from(">I", body)[0])
        return None                                  # SETTINGS, WINDOW_UPDATE, unknown: ignored

    def _headers(self, block: bytes) -> dict:
        try:
            raw = self._inflate.decompress(block)
        except zlib.error as e:
            raise SpdyError(f"compressed header block: {e}") from None
        (count,) = struct.unpack_from(">I", raw)
        pos, headers = 4, {}
        for _ in range(count):
            (n,) = struct.unpack_from(">I", raw, pos)
            name = raw[pos + 4:pos + 4 + n].decode().lower()
            pos += 4 + n
            (n,) = struct.unpack_from(">I", raw, pos)
            headers.setdefault(name, []).extend(raw[pos + 4:pos + 4 + n].decode().split("\x00"))
            pos += 4 + n
        return headers


class Stream:
    """One stream the client opened: its headers, data in (on_data), data out (write)."""

    def __init__(self, session: "Session", stream_id: int, headers: dict):
        self.session, self.id, self.headers = session, stream_id, headers
        self.on_data = None                  # (bytes) -> None
        self.on_end = None                   # () -> None: the client half-closed or reset it
        self.remote_closed = self.local_closed = False
        self._held: list[bytes] = []

    def header(self, name: str, default: str = "") -> str:
        values = self.headers.get(name.lower())
        return values[0] if values else default

    def listen(self, on_data, on_end=None) -> None:
        self.on_data, self.on_end = on_data, on_end
        held, self._held = self._held, []
        for data in held:
            on_data(data)
        if self.remote_closed and on_end is not None:
            on_end()

    def _received(self, data: bytes, fin: bool) -> None:
        if data:
            if self.on_data is None:
                self._held.append(data)
            else:
                self.on_data(data)
        if fin and not self.remote_closed:
            self.remote_closed = True
            if self.on_end is not None:
                self.on_end()

    def write(self, data: bytes) -> None:
        if self.local_closed or self.session.closed:
            return
        for i in range(0, len(data), DATA_CHUNK):
            self.session.send(Framer.data(self.id, data[i:i + DATA_CHUNK]))

    def close(self) -> None:
        """Half-close: an empty DATA frame with FIN."""
        if not self.local_closed and not self.session.closed:
            self.local_closed = True
            self.session.send(Framer.data(self.id, b"", fin=True))

    def reset(self, status: int = CANCEL) -> None:
        if not self.session.closed:
            self.local_closed = self.remote_closed = True
            self.session.send(self.session.framer.rst_stream(self.id, status))

    def __repr__(self):
        return f"Stream({self.id}, {self.headers})"


class Session:
    """The server side of one SPDY connection over some byte transport.

    `send(bytes)` writes to the client; `on_stream(stream)` is called for each stream the client
    opens and returns False to refuse it, or a function to call once the reply has gone out (the
    kubelet's `replySent`); `on_close()` when the connection ends."""

    def __init__(self, send, on_stream, on_close=None):
        self.send_bytes, self.on_stream, self.on_close = send, on_stream, on_close
        self.framer = Framer()
        self.streams: dict[int, Stream] = {}
        self.closed = False
        self.last_stream_id = 0

    def send(self, data: bytes) -> None:
        if not self.closed:
            self.send_bytes(data)

    def feed(self, data: bytes) -> None:
        """Bytes from the client."""
        if self.closed:
            return
        try:
            frames = self.framer.feed(data)
        except (SpdyError, struct.error, UnicodeDecodeError):
            self.close()
            return
        for frame in frames:
            self._handle(frame)
            if self.closed:
                return

    def _handle(self, f: Frame) -> None:
        if f.type == SYN_STREAM:
            stream = Stream(self, f.stream_id, f.headers)
            self.streams[f.stream_id] = stream
            self.last_stream_id = max(self.last_stream_id, f.stream_id)
            accepted = self.on_stream(stream)
            if accepted is False:
                stream.reset(REFUSED_STREAM)
                return
            self.send(self.framer.syn_reply(f.stream_id))
            if f.fin:
                stream._received(b"", True)
            if callable(accepted):
                accepted()
        elif f.type == 0:
            stream = self.streams.get(f.stream_id)
            if stream is not None:
                stream._received(f.data, f.fin)
        elif f.type == RST_STREAM:
            stream = self.streams.pop(f.stream_id, None)
            if stream is not None:
                stream.local_closed = True
                stream._received(b"", True)
        elif f.type == PING:
            if f.ping_id & 1:                        # the client's ping: echo it
                self.send(self.framer.ping(f.ping_id))
        elif f.type == GOAWAY:
            self.close(goaway=False)

    def eof(self) -> None:
        """The transport closed under us."""
        self.close(goaway=False)

    def close(self, goaway: bool = True) -> None:
        if self.closed:
            return
        if goaway:
            self.send(self.framer.goaway(self.last_stream_id))
        self.closed = True
        for stream in list(self.streams.values()):
            stream._received(b"", True)
        if self.on_close is not None:
            self.on_close()
