"""`kubectl logs -f`: a container's log so far, then each new line until the container stops.

Follows `pkg/kubelet/kuberuntime/logs/logs.go` (ReadLogs with `follow`: after the lines already
written, wait for new ones and send them as they come, with their RFC3339Nano timestamp when
asked; stop once the container is no longer running, or when `limitBytes` have gone out) and
`pkg/kubelet/server/server.go` (getContainerLogs streams the body; `previous` never follows).

A `LogFollow` gathers the lines as the runtime writes them. Over HTTP the API server streams it
as a chunked `text/plain` body (`apiserver/streaming/chunked.py`); in Python `lines()` yields
them one by one, and on a virtual clock lets the cluster's time pass while it waits:

    for line in kubelet.server.follow("default", "counter", timeout=30):
        print(line)

Differences from upstream: no inotify and no log files; a client that stops reading is not
slowed down (the lines wait in memory).
"""

from __future__ import annotations

import datetime as _dt


def rfc3339nano(unix: float) -> str:
    d = _dt.datetime.fromtimestamp(int(unix), _dt.timezone.utc)
    nanos = int(round((unix - int(unix)) * 1e9))
    return f"{d:%Y-%m-%dT%H:%M:%S}.{nanos:09d}Z"


class LogFollow:
    """The text of a followed log: what was there, then new lines; `done` once the container stopped."""

    def __init__(self, kubelet, container_id: str, initial: str, timestamps: bool = False,
                 limit_bytes: int | None = None):
        self.kubelet = kubelet
        self.timestamps = timestamps
        self.left = limit_bytes
        self.pending: list[str] = []
        self.done = False
        self.on_ready = None                 # () -> None: new text (or the end) is there
        self._cancel = None
        self._add(initial)
        if not self.done:
            self._cancel = kubelet.runtime.watch_log(container_id, self._line)

    def _add(self, text: str) -> None:
        if self.left is not None:
            data = text.encode()[:self.left]
            self.left -= len(data)
            text = data.decode(errors="ignore")
            if self.left <= 0:
                self.done = True
        if text:
            self.pending.append(text)

    def _line(self, entry) -> None:
        if self.done:
            return
        if entry is None:
            self.done = True
        else:
            self._add((f"{rfc3339nano(entry.time)} " if self.timestamps else "") + entry.text + "\n")
        if self.done and self._cancel is not None:
            self._cancel()
        if self.on_ready is not None:
            self.on_ready()

    def take(self) -> str:
        """The text gathered since the last take()."""
        text, self.pending = "".join(self.pending), []
        return text

    def close(self) -> None:
        """The reader went away: stop watching the container."""
        self.done = True
        if self._cancel is not None:
            self._cancel()

    def lines(self, timeout: float | None = None):
        """Yield each line as it is written until the container stops (or `timeout` seconds of the
        clock have passed). On a virtual clock the cluster advances timer by timer meanwhile."""
        clock, cluster = self.kubelet.clock, self.kubelet.cluster
        if not hasattr(clock, "next_deadline"):
            raise TypeError("lines() lets virtual time pass; on the real clock read the HTTP stream")
        end = None if timeout is None else clock.now() + timeout
        partial = ""
        try:
            while True:
                *whole, partial = (partial + self.take()).split("\n")
                yield from whole
                if self.done:
                    break
                due = clock.next_deadline()
                if due is None or (end is not None and due > end):
                    if end is not None and end > clock.now():
                        cluster.advance(end - clock.now())
                        *whole, partial = (partial + self.take()).split("\n")
                        yield from whole
                    break
                cluster.advance(max(0.0, due - clock.now()))
            if partial:
                yield partial
        finally:
            self.close()

    def __repr__(self):
        return f"LogFollow({'done' if self.done else 'following'}, {sum(map(len, self.pending))} bytes pending)"
