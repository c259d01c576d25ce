"""The HTTP endpoints of kube-controller-manager and kube-scheduler, served for `k8slab up`.

Follows what the components serve as of v1.32:
- kube-controller-manager, `k8s.io/controller-manager/app/serve.go` (NewBaseHandler): /healthz
  (that exact path: a ping check per started controller), /configz and /metrics;
- kube-scheduler, `cmd/kube-scheduler/app/server.go` (newEndpointsHandler): /healthz, /livez and
  /readyz, each also as /<path>/<check> for each of its checks, /configz and /metrics.
k8slab adds the scheduling traces on the scheduler: GET /debug/k8slab/traces lists the pods with
kept attempts; GET /debug/k8slab/traces/<namespace>/<pod> returns every kept attempt of the pod as
JSON (Attempt.to_dict), `?format=text` the tables str(attempt) prints, 404 with the reason when
none is kept. Any other path gets Go's "404 page not found".

Each handler wraps a Python method of the component -- healthz(), livez(), readyz(), metrics(),
configz(), trace_json(), trace_text() -- so a notebook reads the same without HTTP.

Ports: upstream serves these on its secure ports, kube-controller-manager 10257 and kube-scheduler
10259; v1.11, the booklet's version, served them on the insecure ports 10252 and 10251, the
defaults of `--profile book`.

    server = ComponentServer("kube-scheduler", scheduler_routes(sched), "127.0.0.1", 10259)
    await server.start()

Differences from upstream: plain HTTP without authentication or authorization on every port, the
secure ones included, until the security work brings TLS; no /debug/pprof, /debug/flags/v,
/metrics/slis, /metrics/resources, /flagz or /statusz.
"""

from __future__ import annotations

import json
from typing import Callable

from aiohttp import web

from .apiserver.healthz import TEXT_PLAIN, root_health, single_check
from .scheduler.endpoints import NoTrace

CONTROLLER_MANAGER_PORT = 10257        # ports.KubeControllerManagerPort
SCHEDULER_PORT = 10259                 # kubeschedulerconfig.DefaultKubeSchedulerPort
BOOK_CONTROLLER_MANAGER_PORT = 10252   # v1.11's insecure ports
BOOK_SCHEDULER_PORT = 10251
METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
TRACES_PATH = "/debug/k8slab/traces"
NOSNIFF = {"X-Content-Type-Options": "nosniff"}

# a reply: (status, body, headers); a route: query -> reply. A path ending in "/" is a prefix:
# its route is called with the query and the rest of the path.
Reply = tuple[int, str, dict]
Route = Callable[..., Reply]


def default_ports(profile: str) -> tuple[int, int]:
    """(controller-manager port, scheduler port) for a profile."""
    if profile == "book":
        return BOOK_CONTROLLER_MANAGER_PORT, BOOK_SCHEDULER_PORT
    return CONTROLLER_MANAGER_PORT, SCHEDULER_PORT


def _text(status: int, body: str) -> Reply:
    return status, body, {"Content-Type": TEXT_PLAIN, **NOSNIFF}


def _json(status: int, obj) -> Reply:
    return status, json.dumps(obj, separators=(",", ":")), {"Content-Type": "application/json", **NOSNIFF}


NOT_FOUND = _text(404, "404 page not found\n")


def _health(path: str, checks: Callable[[], list]) -> Route:
    def route(query) -> Reply:
        return _text(*root_health(path, checks(), "verbose" in query, query.getall("exclude", [])))
    return route


def _common(component) -> dict[str, Route]:
    return {"/metrics": lambda query: (200, component.metrics(), {"Content-Type": METRICS_CONTENT_TYPE}),
            "/configz": lambda query: _json(200, component.configz())}


def controller_manager_routes(cm) -> dict[str, Route]:
    return {"/healthz": _health("healthz", cm.health_checks), **_common(cm)}


def scheduler_routes(sched) -> dict[str, Route]:
    routes = _common(sched)
    for path in ("healthz", "livez", "readyz"):
        routes[f"/{path}"] = _health(path, lambda path=path: sched.health_checks(path))
        for check in sched.health_checks(path):          # /healthz/ping, /readyz/shutdown, ...
            routes[f"/{path}/{check.name}"] = lambda query, check=check: _text(*single_check(check))
    routes[TRACES_PATH] = lambda query: _json(200, {"pods": sched.traces.pods() if sched.traces else []})
    routes[TRACES_PATH + "/"] = lambda query, rest: _trace(sched, query, rest)   # <namespace>/<pod>
    return routes


def _trace(sched, query, rest: str) -> Reply:
    parts = rest.split("/")
    if len(parts) != 2 or not all(parts):
        return NOT_FOUND
    fmt = query.get("format", "json")
    try:
        if fmt == "json":
            return _json(200, sched.trace_json(*parts))
        if fmt == "text":
            return _text(200, sched.trace_text(*parts))
    except NoTrace as e:
        return _text(404, f"{e}\n")
    return _text(400, f'unknown format "{fmt}": use format=json or format=text\n')


class ComponentServer:
    """One component's endpoints on host:port; start() and stop() on the running loop."""

    def __init__(self, name: str, routes: dict[str, Route], host: str = "127.0.0.1", port: int = 0):
        self.name, self.routes = name, routes
        self.host, self.port = host, port
        self.app = web.Application()
        self.app.router.add_route("*", "/{tail:.*}", self._handle)
        self.runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def start(self) -> None:
        runner = web.AppRunner(self.app, access_log=None, handle_signals=False, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port, reuse_address=True)
        try:
            await site.start()
        except OSError:
            await runner.cleanup()
            raise
        self.runner = runner
        if self.port == 0:                               # learn the port the OS chose
            self.port = site._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()
            self.runner = None

    def paths(self) -> list[str]:
        """The endpoints, without the per-check sub-paths: what a learner would try first."""
        return [p for p in self.routes if not p.endswith("/") and not any(
            p.startswith(q + "/") for q in self.routes if q != p)]

    def reply(self, path: str, query) -> Reply:
        """What a GET of `path` with `query` (a MultiDict) answers."""
        route = self.routes.get(path)
        if route is None:
            for prefix, prefixed in self.routes.items():
                if prefix.endswith("/") and path.startswith(prefix):
                    return prefixed(query, path[len(prefix):])
            return NOT_FOUND
        return route(query)

    async def _handle(self, request: web.Request) -> web.Response:
        status, body, headers = self.reply(request.path, request.query)
        return web.Response(status=status, body=body.encode(), headers=headers)

    def __repr__(self):
        return f"ComponentServer({self.name}, {self.url}, {len(self.routes)} routes)"
