"""`kubectl proxy`: a local HTTP server forwarding to the API server with the kubeconfig's credentials.

Follows `staging/src/k8s.io/kubectl/pkg/cmd/proxy/proxy.go` (the flags and their defaults,
127.0.0.1:8001; prefixes given a trailing slash; `--disable-filter`'s warning; `Starting to
serve on 127.0.0.1:8001` once listening, or on the unix socket's path; a failure to listen as Go
words it, `error: listen tcp 127.0.0.1:8001: bind: address already in use`). The server itself is
`k8slab/kubectl/proxyserver.py`. It serves until interrupted.

Differences from upstream: `--keepalive` and `--append-server-path` are accepted and not applied.
"""

from __future__ import annotations

import errno

from ..errors import error
from ..flags import BOOL, INT, STRING
from ..mutation import Failure
from ..proxyserver import (DEFAULT_ACCEPT_HOSTS, DEFAULT_ACCEPT_PATHS, DEFAULT_REJECT_METHODS, DEFAULT_REJECT_PATHS,
                           Filter, ProxyServer)
from ..registry import command


def flags(fs) -> None:
    fs.add("port", INT, default=8001, short="p")
    fs.add("address", STRING, default="127.0.0.1")
    fs.add("api-prefix", STRING, default="/")
    fs.add("www", STRING, short="w")
    fs.add("www-prefix", STRING, default="/static/", short="P")
    fs.add("accept-hosts", STRING, default=DEFAULT_ACCEPT_HOSTS)
    fs.add("accept-paths", STRING, default=DEFAULT_ACCEPT_PATHS)
    fs.add("reject-paths", STRING, default=DEFAULT_REJECT_PATHS)
    fs.add("reject-methods", STRING, default=DEFAULT_REJECT_METHODS)
    fs.add("disable-filter", BOOL)
    fs.add("unix-socket", STRING, short="u")
    fs.add("keepalive", STRING, default="0s")
    fs.add("append-server-path", BOOL)


@command("proxy", flags=flags, short="Run a proxy to the Kubernetes API server")
def proxy(session, args: list[str]) -> int:
    f = session.flags
    if session.api is not None:
        raise Failure("proxy serves HTTP until interrupted; run it from the command line")
    session.config                                        # the kubeconfig's errors first
    api_prefix = f["api-prefix"] if f["api-prefix"].endswith("/") else f["api-prefix"] + "/"
    www_prefix = f["www-prefix"] if f["www-prefix"].endswith("/") else f["www-prefix"] + "/"
    rules = None
    if f["disable-filter"]:
        session.log.warning("proxy.go:177", "Request filter disabled, your proxy is vulnerable to XSRF attacks, "
                                            "please be cautious")
    else:
        rules = Filter(f["accept-paths"], f["reject-paths"], f["accept-hosts"], f["reject-methods"])
    server = ProxyServer(session, api_prefix, rules, f["www"], www_prefix)
    try:
        if f["unix-socket"]:
            where = server.listen_unix(f["unix-socket"])
        else:
            where = server.listen(f["address"], f["port"])
    except OSError as e:
        raise error(listen_error(f, e)) from None
    session.out.write(f"Starting to serve on {where}\n")
    session.out.flush()
    server.serve_forever()
    return 0


def listen_error(f, e: OSError) -> str:
    """net.Listen's error as Go prints it."""
    if f["unix-socket"]:
        where, net = f["unix-socket"], "unix"
    else:
        host = f["address"]
        where, net = (f"[{host}]:{f['port']}" if ":" in host else f"{host}:{f['port']}"), "tcp"
    why = {errno.EADDRINUSE: "bind: address already in use", errno.EACCES: "bind: permission denied",
           errno.EADDRNOTAVAIL: "bind: cannot assign requested address"}.get(e.errno, e.strerror or str(e))
    return f"listen {net} {where}: {why}"
