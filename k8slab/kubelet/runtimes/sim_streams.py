"""The streaming half of the simulated runtime: ExecSync, Exec, Attach, PortForward, and following a log.

Follows the CRI streaming calls (`staging/src/k8s.io/cri-api/pkg/apis/services.go`: Exec,
Attach, PortForward) as containerd 1.7 serves them: `exec` starts a process in a running
container (a missing command fails as containerd's `failed to exec in container: failed to start
exec "<id>": OCI runtime exec failed: exec failed: unable to start container process: exec:
"ps": executable file not found in $PATH: unknown`); `attach` joins the main process;
`port_forward` connects to a port in the sandbox's network namespace (nothing listening:
`failed to connect to localhost:81 inside namespace "<sandbox>", IPv4: dial tcp4 127.0.0.1:81:
connect: connection refused IPv6 dial tcp6 [::1]:81: connect: connection refused `).
`watch_log` tells a follower (`kubectl logs -f`) of each new log line and of the container's exit.

A container created with `stdin: true` runs its main process with a stdin (and a terminal with
`tty: true`) that attach writes to; with `stdinOnce` the first attach session to end closes it.

Differences from upstream: the calls return the process or connection itself, not the URL of a
streaming server the kubelet redirects to.
"""

from __future__ import annotations

from .. import cri
from .listeners import PortConnection, server_for
from .process import Attachment, ExecProcess
from .shell import ShellContext, run_argv, run_now


class SimStreams:
    """Exec, Attach and PortForward for SimRuntime (which provides containers, sandboxes, clock)."""

    def exec_sync(self, container_id: str, cmd: list[str], timeout: int = 0) -> cri.ExecSyncResponse:
        c = self._get(container_id)
        if c.state != cri.CONTAINER_RUNNING:
            raise cri.CRIError("Unknown", f"failed to exec in container: container is in {c.state} state")
        if not cmd or not self._has(c.image.entry, cmd[0]):
            name = cmd[0] if cmd else ""
            return cri.ExecSyncResponse("", "OCI runtime exec failed: exec failed: unable to start container "
                                        f'process: exec: "{name}": executable file not found in $PATH: unknown\n', 126)
        out = {"stdout": [], "stderr": []}
        own = self.context(c)
        ctx = ShellContext(c.image.entry, own.files, dict(own.env), own.hostname, self.clock.time,
                           lambda stream, text: out[stream].append(text), c.listening)
        ctx.kv, ctx.dirs = own.kv, own.dirs
        code = run_now(run_argv(ctx, cmd))
        return cri.ExecSyncResponse("".join(out["stdout"]), "".join(out["stderr"]), code)

    def exec(self, container_id: str, cmd: list[str], tty: bool = False, stdin: bool = False) -> ExecProcess:
        """Start `cmd` in the container (not yet running it: call .start() once connected)."""
        c = self._get(container_id)
        if c.state != cri.CONTAINER_RUNNING:
            raise cri.CRIError("Unknown", f"container {container_id} is not running")
        exec_id = self._new_id()
        name = cmd[0] if cmd else ""
        if not cmd or not self._has(c.image.entry, name) or (name.startswith("/") and not self._on_path(name)):
            why = f"stat {name}: no such file or directory" if name.startswith("/") else \
                "executable file not found in $PATH"
            raise cri.CRIError("Unknown", f'failed to exec in container: failed to start exec "{exec_id}": OCI runtime '
                               f'exec failed: exec failed: unable to start container process: exec: "{name}": {why}: '
                               "unknown")
        own = self.context(c)
        ctx = ShellContext(c.image.entry, own.files, dict(own.env), own.hostname, self.clock.time, None,
                           c.listening)
        ctx.kv, ctx.dirs, ctx.cwd = own.kv, own.dirs, own.cwd
        p = ExecProcess(self.clock, ctx, list(cmd), tty=tty, stdin=stdin)

        def container_exited(stream, text):             # the exec dies with its container (SIGKILL)
            if p.exit_code is not None and watch_exit in c.watchers:
                c.watchers.remove(watch_exit)
            elif stream is None:
                p.kill()
        watch_exit = container_exited
        c.watchers.append(watch_exit)
        return p

    @staticmethod
    def _on_path(path: str) -> bool:
        """Is an absolute command path one of the PATH directories?"""
        return path.rsplit("/", 1)[0] in ("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")

    def _start_interactive(self, c, argv: list[str]) -> None:
        """A container with `stdin: true` (`kubectl run -it`): its main process reads stdin, on a
        terminal when `tty: true`; what it writes goes to the log as usual."""
        p = c.process = ExecProcess(self.clock, self.context(c), argv, tty=c.config.tty, stdin=True)
        p.connect(lambda stream, data: self._write(c, stream, data.decode(errors="replace")),
                  lambda code: self._exit(c, code))
        p.start()

    def attach(self, container_id: str) -> Attachment:
        c = self._get(container_id)
        if c.state != cri.CONTAINER_RUNNING:
            raise cri.CRIError("Unknown", f"container {container_id} is not running")
        att = Attachment(lambda: c.watchers.remove(watch) if watch in c.watchers else None, c.process,
                         c.config.stdin_once)

        def watch(stream, text):
            if stream is None:
                att.exited(c.exit_code)
            else:
                att.output(stream, text)
        c.watchers.append(watch)
        return att

    def watch_log(self, container_id: str, on_line):
        """Call on_line(LogEntry) for each line the container logs from now on, and on_line(None)
        when it exits; returns a function that stops the watching."""
        c = self._get(container_id)
        partial = {}

        def watch(stream, text):
            if stream is None:
                on_line(None)
                return
            buf = partial.get(stream, "") + text
            *lines, partial[stream] = buf.split("\n")
            for line in lines:
                on_line(cri.LogEntry(self.clock.time(), stream, line))
        c.watchers.append(watch)
        if c.state == cri.CONTAINER_EXITED:
            c.watchers.remove(watch)
            on_line(None)
        return lambda: c.watchers.remove(watch) if watch in c.watchers else None

    def port_forward(self, pod_sandbox_id: str, port: int) -> PortConnection:
        sb = self.sandboxes.get(pod_sandbox_id)
        if sb is None or sb.state != cri.SANDBOX_READY:
            raise cri.CRIError("NotFound", f'failed to find sandbox "{pod_sandbox_id}" in store: not found')
        for c in self._containers_of(sb.id):
            if c.state == cri.CONTAINER_RUNNING and port in c.listening:
                log = (lambda c: lambda line: self._write(c, "stdout", line + "\n"))(c)
                return PortConnection(server_for(c.image.entry, self.context(c), port, self.clock.time, log))
        netns = f"/var/run/netns/cni-{self._netns_id(sb)}"
        raise cri.CRIError("Unknown", f'failed to execute portforward in network namespace "{netns}": failed to '
                           f'connect to localhost:{port} inside namespace "{sb.id}", IPv4: dial tcp4 127.0.0.1:{port}: '
                           f"connect: connection refused IPv6 dial tcp6 [::1]:{port}: connect: connection refused ")

    @staticmethod
    def _netns_id(sb) -> str:
        h = sb.id
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"
