"""Health checks as the Kubernetes components serve them on /healthz, /livez and /readyz.

Follows `staging/src/k8s.io/apiserver/pkg/server/healthz/healthz.go` (handleRootHealth,
adaptCheckToHandler, PingHealthz, NamedCheck): a check has a name and returns an error, here a
message or None. The root handler runs every check not excluded with `?exclude=NAME` and answers
200 "ok"; with `?verbose` one `[+]NAME ok` line per check and "healthz check passed" (the path's
name: "livez check passed", ...); when a check fails, 500 with the lines, `[-]NAME failed: reason
withheld` for the failed ones, and "healthz check failed" (always verbose, the reason kept from a
public endpoint). `/healthz/NAME` runs one check: "ok", or 500 "internal server error: REASON".
A path installed without checks gets `ping`. `probe()` is what componentstatuses concludes from
a GET of /healthz (`pkg/probe/http/http.go`: a body on 2xx, "HTTP probe failed with statuscode:
N" otherwise).

Differences from upstream: a check gets no request; health requests are not counted in
apiserver_request_total; the server around it (k8slab/componentserver.py) sets the headers.

    from k8slab.apiserver.healthz import HealthCheck, root_health
    root_health("healthz", [HealthCheck("ping")], verbose=True)   # (200, "[+]ping ok\\nhealthz check passed\\n")
"""

from __future__ import annotations

from typing import Callable, Iterable

TEXT_PLAIN = "text/plain; charset=utf-8"


class HealthCheck:
    """A named check: `check()` returns None when healthy, else why not."""

    __slots__ = ("name", "check")

    def __init__(self, name: str, check: Callable[[], str | None] | None = None):
        self.name = name
        self.check = check or (lambda: None)

    def __repr__(self):
        return f"HealthCheck({self.name!r})"


PING = HealthCheck("ping")                       # PingHealthz: always passes


def root_health(name: str, checks: list[HealthCheck], verbose: bool = False,
                exclude: Iterable[str] = ()) -> tuple[int, str]:
    """(status code, body) of GET /<name> (handleRootHealth)."""
    checks = checks or [PING]
    excluded = set(exclude)
    lines, failed = [], False
    for c in checks:
        if c.name in excluded:
            excluded.discard(c.name)
            lines.append(f"[+]{c.name} excluded: ok\n")
            continue
        if c.check():
            lines.append(f"[-]{c.name} failed: reason withheld\n")
            failed = True
        else:
            lines.append(f"[+]{c.name} ok\n")
    if excluded:
        quoted = ",".join(f'"{n}"' for n in sorted(excluded))
        lines.append(f"warn: some health checks cannot be excluded: no matches for {quoted}\n")
    if failed:
        return 500, "".join(lines) + f"{name} check failed\n"        # http.Error adds the newline
    if not verbose:
        return 200, "ok"
    return 200, "".join(lines) + f"{name} check passed\n"


def single_check(check: HealthCheck) -> tuple[int, str]:
    """(status code, body) of GET /<path>/<check name> (adaptCheckToHandler)."""
    err = check.check()
    if err:
        return 500, f"internal server error: {err}\n"
    return 200, "ok"


def probe(checks: list[HealthCheck]) -> tuple[bool, str]:
    """(healthy, message) as componentstatuses shows a component whose /healthz has these checks."""
    code, body = root_health("healthz", checks)
    return (True, body) if code == 200 else (False, f"HTTP probe failed with statuscode: {code}")
