"""What a simulated container answers on the ports it listens on: in-memory TCP connections.

`kubectl port-forward` reaches a pod through the runtime's PortForward (the CRI call; containerd
dials `localhost:PORT` inside the sandbox's network namespace and copies bytes both ways). Here
that connection is a `PortConnection` whose far end is the container's program: nginx (and any
image whose catalog entry lists `http` paths) answers HTTP/1.x as nginx 1.27 does -- the stock
`Welcome to nginx!` page from `/usr/share/nginx/html`, its 404 page, the `Server`, `Date`,
`Last-Modified`, `ETag` and `Accept-Ranges` headers, keep-alive -- and writes nginx's access-log
line (`127.0.0.1 - - [date] "GET / HTTP/1.1" 200 615 "-" "curl/8.5.0" "-"`) to the container's
log. redis answers RESP (the protocol of redis-cli and every redis client: `*2\r\n$3\r\nGET...`,
or inline commands) on 6379 from the same keys `redis-cli` in an exec sees. A port with no
HTTP paths and no redis accepts the connection and stays silent.

Differences from upstream: no TCP (bytes move as Python calls); only GET and HEAD are served,
the request body is skipped; other images answer with their catalog status and an empty body;
no directory redirects, ranges or conditional requests; the page's Last-Modified date is fixed;
redis knows the commands of `applets.redis_command` (and QUIT; COMMAND answers an empty list).
"""

from __future__ import annotations

import datetime as _dt
import email.utils

from .applets import redis_command

PAGE_MTIME = 1732636500                 # Tue, 26 Nov 2024 15:55:00 GMT: when the 1.27.3 image was built
REASONS = {200: "OK", 301: "Moved Permanently", 400: "Bad Request", 403: "Forbidden", 404: "Not Found",
           405: "Not Allowed", 500: "Internal Server Error", 503: "Service Temporarily Unavailable"}
MAX_HEADER_BYTES = 8192


class PortConnection:
    """One connection to a container's port: send() bytes in; output and close come back."""

    def __init__(self, server):
        self.server = server
        self.on_data = None              # (bytes) -> None
        self.on_close = None             # () -> None: the program closed the connection
        self.closed = False
        self._held: list[bytes] = []

    def connect(self, on_data, on_close) -> None:
        self.on_data, self.on_close = on_data, on_close
        held, self._held = self._held, []
        for data in held:
            on_data(data)
        if self.closed:
            on_close()

    def send(self, data: bytes) -> None:
        if not self.closed and data:
            out, done = self.server.receive(data)
            self._deliver(out, done)

    def close_write(self) -> None:
        """The client sent FIN: the program answers what it has, then closes."""
        if not self.closed:
            self._deliver(b"", True)

    def close(self) -> None:
        self.closed = True

    def _deliver(self, data: bytes, done: bool) -> None:
        if data:
            if self.on_data is None:
                self._held.append(data)
            else:
                self.on_data(data)
        if done and not self.closed:
            self.closed = True
            if self.on_close is not None:
                self.on_close()

    def __repr__(self):
        return f"PortConnection({type(self.server).__name__}, {'closed' if self.closed else 'open'})"


class SilentServer:
    """A listener that accepts and reads, and never answers (a protocol k8slab does not speak)."""

    def receive(self, data: bytes) -> tuple[bytes, bool]:
        return b"", False


def http_date(unix: float) -> str:
    return email.utils.formatdate(unix, usegmt=True)


class HTTPServer:
    """HTTP/1.x as nginx (or the image's own server) answers it, one request after another."""

    def __init__(self, entry, files: dict, now, log):
        self.entry, self.files, self.now, self.log = entry, files, now, log
        self.nginx = "nginx" in entry.commands or "nginx" in entry.programs
        self.buffer = b""

    def receive(self, data: bytes) -> tuple[bytes, bool]:
        self.buffer += data
        out = b""
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(self.buffer) > MAX_HEADER_BYTES:
                    return out + self._bad_request(), True
                return out, False
            head, rest = self.buffer[:end].decode("latin-1"), self.buffer[end + 4:]
            lines = head.split("\r\n")
            parts = lines[0].split(" ")
            if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
                self.buffer = b""
                return out + self._bad_request(), True
            headers = {}
            for line in lines[1:]:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            length = int(headers.get("content-length", "0") or 0)
            if len(rest) < length:
                return out, False
            self.buffer = rest[length:]
            response, keep = self._answer(parts[0], parts[1], parts[2], headers)
            out += response
            if not keep:
                return out, True

    def _answer(self, method: str, target: str, version: str, headers: dict) -> tuple[bytes, bool]:
        conn = headers.get("connection", "").lower()
        keep = conn != "close" and (version == "HTTP/1.1" or conn == "keep-alive")
        path = target.split("?", 1)[0]
        if method not in ("GET", "HEAD"):
            status, body, extra = 405, self._error_page(405), {}
        else:
            status, body, extra = self._resource(path)
        head = [f"HTTP/1.1 {status} {REASONS.get(status, '')}"]
        if self.nginx:
            head.append(f"Server: nginx/{self.entry.version}")
        head.append(f"Date: {http_date(self.now())}")
        if body or self.nginx:
            head.append("Content-Type: text/html" if self.nginx else "Content-Type: text/plain; charset=utf-8")
        head.append(f"Content-Length: {len(body)}")
        head += [f"Last-Modified: {extra['modified']}"] if "modified" in extra else []
        head.append("Connection: keep-alive" if keep else "Connection: close")
        head += [f'ETag: "{extra["etag"]}"', "Accept-Ranges: bytes"] if "etag" in extra else []
        if self.nginx:
            self._access_log(method, target, version, status, len(body), headers)
        return ("\r\n".join(head) + "\r\n\r\n").encode() + (b"" if method == "HEAD" else body), keep

    def _resource(self, path: str) -> tuple[int, bytes, dict]:
        http = self.entry.http
        if self.nginx:
            file = "/usr/share/nginx/html" + (path + "index.html" if path.endswith("/") else path)
            if file in self.files:
                body = self.files[file].encode()
                return 200, body, {"modified": http_date(PAGE_MTIME), "etag": f"{PAGE_MTIME:x}-{len(body):x}"}
            return 404, self._error_page(404), {}
        status = http.get(path, http.get("*", 200))
        return status, b"", {}

    def _error_page(self, status: int) -> bytes:
        title = f"{status} {REASONS.get(status, '')}"
        return (f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n"
                f"<hr><center>nginx/{self.entry.version}</center>\r\n</body>\r\n</html>\r\n").encode()

    def _bad_request(self) -> bytes:
        body = self._error_page(400)
        return (f"HTTP/1.1 400 Bad Request\r\nServer: nginx/{self.entry.version}\r\nDate: {http_date(self.now())}\r\n"
                f"Content-Type: text/html\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode() + body

    def _access_log(self, method, target, version, status, size, headers) -> None:
        d = _dt.datetime.fromtimestamp(int(self.now()), _dt.timezone.utc)
        agent = headers.get("user-agent", "-") or "-"
        referer = headers.get("referer", "-") or "-"
        self.log(f'127.0.0.1 - - [{d:%d/%b/%Y:%H:%M:%S} +0000] "{method} {target} {version}" {status} {size} '
                 f'"{referer}" "{agent}" "-"')


class RedisServer:
    """RESP as redis-server speaks it, on the container's keys."""

    def __init__(self, kv: dict):
        self.kv = kv
        self.buffer = b""

    def receive(self, data: bytes) -> tuple[bytes, bool]:
        self.buffer += data
        out = b""
        while self.buffer:
            args = self._command()
            if args is None:
                break
            if not args:
                continue
            if args[0].upper() == "QUIT":
                return out + b"+OK\r\n", True
            if args[0].upper() == "COMMAND":
                out += b"*0\r\n"
                continue
            out += self.encode(*redis_command(self.kv, args))
        return out, False

    def _command(self) -> list[str] | None:
        """The next complete command taken from the buffer; None if it is not all there yet."""
        buf = self.buffer
        if not buf.startswith(b"*"):
            line, sep, rest = buf.partition(b"\n")
            if not sep:
                return None
            self.buffer = rest
            return line.decode(errors="replace").split()
        head, sep, pos = buf.partition(b"\r\n")
        if not sep:
            return None
        count, at, args = int(head[1:] or 0), len(head) + 2, []
        for _ in range(count):
            end = buf.find(b"\r\n", at)
            if end < 0:
                return None
            size = int(buf[at + 1:end])
            if len(buf) < end + 2 + size + 2:
                return None
            args.append(buf[end + 2:end + 2 + size].decode(errors="replace"))
            at = end + 2 + size + 2
        self.buffer = buf[at:]
        return args

    @staticmethod
    def encode(kind: str, value) -> bytes:
        if kind == "status":
            return f"+{value}\r\n".encode()
        if kind == "error":
            return f"-{value}\r\n".encode()
        if kind == "int":
            return f":{value}\r\n".encode()
        if kind == "array":
            return f"*{len(value)}\r\n".encode() + b"".join(RedisServer.encode("bulk", v) for v in value)
        if value is None:
            return b"$-1\r\n"
        data = value.encode()
        return f"${len(data)}\r\n".encode() + data + b"\r\n"


def server_for(entry, ctx, port: int, now, log):
    """The program's side of a new connection to one of its ports."""
    if entry.http:
        return HTTPServer(entry, ctx.files, now, log)
    if "redis-server" in entry.commands and port == 6379:
        return RedisServer(ctx.kv)
    return SilentServer()
