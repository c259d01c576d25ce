"""The client side of port-forward: local TCP listeners, each connection tunnelled to a pod's port.

Follows `staging/src/k8s.io/client-go/tools/portforward/portforward.go` (parsePorts: `8080:80`,
`:80` for a free local port, `80`; parseAddresses: `localhost` meaning 127.0.0.1 and ::1, which
may fail one at a time, other addresses that must all listen, sorted; `Forwarding from
127.0.0.1:8080 -> 80` per listener, `Handling connection for 8080` per connection, `Unable to listen
on port ...`; an error from the pod's side logged as an unhandled error and ending the whole
forward with `lost connection to pod`) and, for the wire, the kubelet's
`pkg/kubelet/cri/streaming/portforward/websocket.go`: a WebSocket with subprotocol
`v4.channel.k8s.io` and `?ports=<remote>`, channel 0 the data and channel 1 the error, each
starting with the port as two little-endian bytes. The WebSocket itself is streaming.py's.

    forwarder = PortForwarder(session, path, ["localhost"], ["8080:80"], out, err)
    forwarder.run()                         # until Ctrl-C (0) or a lost connection (Failure)

Differences from upstream: kubectl 1.32 carries SPDY inside one WebSocket for the whole session
(`SPDY/3.1+portforward.k8s.io`); this client opens one `v4.channel.k8s.io` WebSocket per local
connection, as the official Python client does. What is printed is the same.
"""

from __future__ import annotations

import ipaddress
import socket
import threading

from . import klog
from .mutation import Failure
from .streaming import handshake

DATA, ERROR = 0, 1


class ForwardedPort:
    def __init__(self, local: int, remote: int):
        self.local, self.remote = local, remote

    def __repr__(self):                         # %v of []ForwardedPort
        return f"{{{self.local} {self.remote}}}"


def parse_ports(ports: list[str]) -> list[ForwardedPort]:
    out = []
    for text in ports:
        parts = text.split(":")
        if len(parts) == 1:
            local, remote = parts[0], parts[0]
        elif len(parts) == 2:
            local, remote = parts[0] or "0", parts[1]
        else:
            raise Failure(f"invalid port format '{text}'")
        local_port = _parse_uint16(local, "local")
        remote_port = _parse_uint16(remote, "remote")
        if remote_port == 0:
            raise Failure("remote port must be > 0")
        out.append(ForwardedPort(local_port, remote_port))
    return out


def _parse_uint16(text: str, which: str) -> int:
    """strconv.ParseUint(text, 10, 16) and its errors."""
    if not text or not text.isdigit() or not text.isascii():
        why = "invalid syntax"
    elif int(text) > 65535:
        why = "value out of range"
    else:
        return int(text)
    raise Failure(f"error parsing {which} port '{text}': strconv.ParseUint: parsing \"{text}\": {why}")


def parse_addresses(addresses: list[str]) -> list[tuple[str, int, str]]:
    """[(address, family, failure mode)] sorted by address; `localhost` is 127.0.0.1 and ::1."""
    parsed: dict[str, tuple[str, int, str]] = {}
    for address in addresses:
        if address == "localhost":
            parsed.setdefault("127.0.0.1", ("127.0.0.1", socket.AF_INET, "all"))
            parsed.setdefault("::1", ("::1", socket.AF_INET6, "all"))
            continue
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            raise Failure(f"{address} is not a valid IP") from None
        family = socket.AF_INET if ip.version == 4 else socket.AF_INET6
        parsed[address] = (address, family, "any")
    return [parsed[k] for k in sorted(parsed)]


def join_host_port(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


class PortForwarder:
    """Listeners for the ports on the addresses; each accepted connection gets its own tunnel."""

    def __init__(self, session, path: str, addresses: list[str], ports: list[str], out, err):
        if not addresses:
            raise Failure("you must specify at least 1 address")
        self.addresses = parse_addresses(addresses)
        if not ports:
            raise Failure("you must specify at least 1 port")
        self.ports = parse_ports(ports)
        self.session, self.path, self.out, self.err = session, path, out, err
        self.listeners: list[socket.socket] = []
        self.lost = threading.Event()
        self.ready = threading.Event()
        self._print_lock = threading.Lock()

    def _print(self, stream, text: str) -> None:
        with self._print_lock:
            stream.write(text)
            stream.flush()

    # ---- listening -------------------------------------------------------------------------

    def forward(self) -> None:
        """Listen on every port (printing as kubectl does); raise if none could listen."""
        success = False
        for port in self.ports:
            try:
                self._listen_on_port(port)
                success = True
            except Failure as e:
                self._print(self.err, f"Unable to listen on port {port.local}: {e.message}\n")
        if not success:
            raise Failure(f"unable to listen on any of the requested ports: [{' '.join(map(repr, self.ports))}]")
        self.ready.set()

    def _listen_on_port(self, port: ForwardedPort) -> None:
        errors, failed, succeeded = [], {"all": 0, "any": 0}, {"all": 0, "any": 0}
        for address, family, mode in self.addresses:
            try:
                self._listen(port, address, family)
                succeeded[mode] += 1
            except OSError as e:
                errors.append(f"unable to create listener: Error listen {'tcp4' if family == socket.AF_INET else 'tcp6'} "
                              f"{join_host_port(address, port.local)}: {_bind_error(e)}")
                failed[mode] += 1
        if (succeeded["all"] == 0 and failed["all"] > 0) or failed["any"] > 0:
            raise Failure("Listeners failed to create with the following errors: [" + " ".join(errors) + "]")

    def _listen(self, port: ForwardedPort, address: str, family: int) -> None:
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            sock.bind((address, port.local))
            sock.listen(128)
        except OSError:
            sock.close()
            raise
        port.local = sock.getsockname()[1]
        self.listeners.append(sock)
        self._print(self.out, f"Forwarding from {join_host_port(address, port.local)} -> {port.remote}\n")
        threading.Thread(target=self._accept, args=(sock, port), daemon=True).start()

    def _accept(self, sock: socket.socket, port: ForwardedPort) -> None:
        while not self.lost.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn, port), daemon=True).start()

    # ---- one connection ----------------------------------------------------------------------

    def _handle(self, conn: socket.socket, port: ForwardedPort) -> None:
        self._print(self.out, f"Handling connection for {port.local}\n")
        try:
            ws = handshake(self.session, self.path, {"ports": str(port.remote)})
        except Exception as e:                             # noqa: BLE001 - reported like runtime.HandleError
            self._unhandled(f"error creating error stream for port {port.local} -> {port.remote}: "
                            f"{getattr(e, 'message', None) or e}")
            conn.close()
            return
        error = bytearray()
        seen = {DATA: False, ERROR: False}

        def upstream():
            try:
                while True:
                    data = conn.recv(32 * 1024)
                    if not data:
                        break
                    ws.send(bytes([DATA]) + data)
            except OSError:
                pass
            ws.close()

        threading.Thread(target=upstream, daemon=True).start()
        try:
            while True:
                msg = ws.recv()
                if msg is None:
                    break
                _, data = msg
                if not data:
                    continue
                channel, payload = data[0], data[1:]
                if not seen.get(channel, True):         # the first message is the port number
                    seen[channel] = True
                    payload = payload[2:]
                if channel == DATA and payload:
                    conn.sendall(payload)
                elif channel == ERROR:
                    error += payload
        except OSError:
            pass
        finally:
            ws.close()
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            conn.close()
        if error:
            self._unhandled(f"an error occurred forwarding {port.local} -> {port.remote}: "
                            f"{error.decode('utf-8', 'replace')}")
            self.lost.set()

    def _unhandled(self, message: str) -> None:
        """runtime.HandleError: a klog error line."""
        with self._print_lock:
            self.session.log.error("portforward.go:424", f'"Unhandled Error" err={klog.quote(message)}')
            self.err.flush()

    # ---- the whole session -------------------------------------------------------------------

    def run(self) -> int:
        """Forward until interrupted (0) or a connection to the pod is lost (Failure). Like
        kubectl (signal.Notify), SIGINT is caught even when the shell started us ignoring it."""
        import signal
        stop = threading.Event()
        previous = None
        if threading.current_thread() is threading.main_thread():
            previous = signal.signal(signal.SIGINT, lambda *_: stop.set())
        try:
            self.forward()
            while not stop.is_set() and not self.lost.wait(0.2):
                pass
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)
            self.close()
        if stop.is_set():
            return 0
        raise Failure("lost connection to pod")

    def close(self) -> None:
        for sock in self.listeners:
            try:
                sock.close()
            except OSError:
                pass


def _bind_error(e: OSError) -> str:
    import errno
    return {errno.EADDRINUSE: "bind: address already in use", errno.EACCES: "bind: permission denied",
            errno.EADDRNOTAVAIL: "bind: cannot assign requested address"}.get(e.errno, e.strerror or str(e))
