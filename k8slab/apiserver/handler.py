"""APIServer: the request pipeline, from a Request to a Response, shared by HTTP and in-process use.

Follows `staging/src/k8s.io/apiserver/pkg/endpoints/handlers/` (get.go, create.go, update.go,
patch.go, delete.go, watch.go, rest.go) and the filter chain of
`staging/src/k8s.io/apiserver/pkg/server/config.go` (DefaultBuildHandlerChain): authentication ->
authorization -> admission -> the registry. Authorization (k8slab/apiserver/authz/) runs for
every path, after impersonation (`Impersonate-*` headers) and before routing, so a refused
request gets 403 even for a path that does not exist (WithImpersonation, WithAuthorization).
"""

from __future__ import annotations

import logging
import random

from ..api.resources import Resource, ResourceTable
from ..sim.clock import RealClock
from ..storage.mvcc import MemoryStore
from . import bodies, discovery, response_warnings
from . import errors as E
from .allocators import Allocators
from .admission import build_chain
from .registry import Registry
from .request import Request, Response, parse_path
from .subresources import Subresources
from .watch import WatchStream

log = logging.getLogger("k8slab.apiserver")

TABLE_MARK = "as=Table"
COMPACTION_INTERVAL = 300.0       # kube-apiserver's --etcd-compaction-interval default (5m)
KUBERNETES_VERSION = ("1", "32", "v1.32.0")


class APIServer:
    """kube-apiserver over a store. `handle(Request) -> Response` serves every API path."""

    def __init__(self, store=None, clock=None, *, seed: int = 0, profile: str = "current",
                 version: tuple[str, str, str] = KUBERNETES_VERSION, advertise_address: str = "127.0.0.1",
                 secure_port: int = 6443, admission_plugins: list[str] | None = None,
                 enable_admission_plugins=None, disable_admission_plugins=None,
                 authorization_mode: str = "Node,RBAC"):
        self.clock = clock or RealClock()
        self.store = store if store is not None else MemoryStore(self.clock)
        self.table = ResourceTable(profile=profile)
        self.registry = Registry(self.store, self.clock, self.table, seed)
        self.registry.namespace_finalizer = self._schedule_namespace_cleanup
        self.allocators = Allocators(self.registry)
        self.registry.strategy.allocators = self.allocators
        self.registry.profile = profile            # admission plugins that differ by profile read it
        # --enable-admission-plugins / --disable-admission-plugins (admission_plugins: the whole set)
        self.admission = build_chain(self.registry, enable_admission_plugins, disable_admission_plugins,
                                     admission_plugins)
        self.registry.strategy.admission = self.admission
        self.subresources = Subresources(self)
        self.profile = profile
        self.version = version
        self.advertise_address = advertise_address
        self.secure_port = secure_port
        self.rng = random.Random(seed)
        self.components: dict = {}        # name -> probe() for controller-manager, scheduler
        from .crd import CRDs
        self.crds = CRDs(self)
        self.registry.strategy.crds = self.crds
        self.crds.load()
        from .authz import Authorization
        from .authz.escalation import EscalationGuard
        self.authz = Authorization(self, authorization_mode)      # --authorization-mode
        self.registry.strategy.rbac_guard = EscalationGuard(self.authz)

    # ---- the entry point ----------------------------------------------------------------------

    def handle(self, req: Request) -> Response:
        token = response_warnings.begin()         # warnings added while serving (admission webhooks)
        try:
            resp = self._handle(req)
        finally:
            added = response_warnings.end(token)
        if added:
            mine = resp.headers.get("Warning")
            resp.headers = {**resp.headers, "Warning": ", ".join(
                ([mine] if mine else []) + [response_warnings.header_value(added)])}
        return resp

    def _handle(self, req: Request) -> Response:
        try:
            if req.user is None:
                req.user = self.authenticate(req)
            self.authorize(req)
            return self._route(req)
        except E.APIError as e:
            return Response(e.code, e.status())
        except Exception as e:                    # never a traceback to the client
            log.exception("internal error serving %s %s", req.method, req.path)
            err = E.internal(f"{type(e).__name__}: {e}")
            return Response(err.code, err.status())

    def _route(self, req: Request) -> Response:
        path = req.path.rstrip("/") or "/"
        if path in ("/healthz", "/livez", "/readyz"):
            return Response(200, "ok", "text/plain; charset=utf-8")
        if path == "/version":
            return Response(200, self.version_info())
        if path == "/metrics":
            from .metrics import render
            return Response(200, render(self), "text/plain; version=0.0.4; charset=utf-8")
        if path.startswith("/openapi/"):
            return self._openapi(req, path)
        info = parse_path(req.method, path, req.query)
        if not info.api_prefix:
            raise E.page_not_found()
        if not info.is_resource:
            return self._discovery(req, info)
        return self._resource(req, info)

    # ---- the authentication and authorization slots (filled by the security work) ------------

    def authenticate(self, req: Request) -> dict:
        """Who is asking: the authenticator chain (k8slab/apiserver/authn/), or 401. In-process
        requests without credentials are system:admin; the insecure port sets req.user itself."""
        if getattr(self, "authenticator", None) is None:
            from .authn import Authenticator
            self.authenticator = Authenticator(self)
        return self.authenticator.authenticate(req)

    def authorize(self, req: Request) -> None:
        """Act as the user the Impersonate-* headers name (if `req.user` may impersonate them),
        then ask the authorizer chain; raise 403 Forbidden unless it allows. The decision is
        kept in `req.authorization` and in `self.authz.last_decisions`."""
        if req.headers:
            from .authz.impersonation import impersonate, wants_impersonation
            if wants_impersonation(req):
                req.user = impersonate(self.authz, req) or req.user
        self.authz.check(req)

    def version_info(self) -> dict:
        major, minor, git = self.version
        return {"major": major, "minor": minor, "gitVersion": git,
                "gitCommit": "0000000000000000000000000000000000000000", "gitTreeState": "clean",
                "buildDate": "2026-01-01T00:00:00Z", "goVersion": "go1.23.4", "compiler": "gc",
                "platform": "linux/amd64"}

    # ---- discovery and openapi --------------------------------------------------------------

    def _discovery(self, req: Request, info) -> Response:
        if req.method != "GET":
            raise E.method_not_supported("", "", req.method)
        agg = discovery.wants_aggregated(req.accept)
        if info.api_prefix == "api" and not info.version:
            if agg:
                return Response(200, discovery.aggregated(self.table, legacy=True), discovery.AGGREGATED_CT)
            return Response(200, discovery.api_versions(f"{self.advertise_address}:{self.secure_port}"))
        if info.api_prefix == "apis" and not info.group:
            if agg:
                return Response(200, discovery.aggregated(self.table, legacy=False), discovery.AGGREGATED_CT)
            return Response(200, discovery.api_group_list(self.table))
        if info.api_prefix == "apis" and not info.version:
            versions = self.table.groups().get(info.group)
            if not versions:
                raise E.page_not_found()
            return Response(200, {"kind": "APIGroup", "apiVersion": "v1",
                                  **discovery.api_group(info.group, versions)})
        lst = discovery.api_resource_list(self.table, info.group, info.version)
        if lst is None:
            raise E.page_not_found()
        return Response(200, lst)

    def _openapi(self, req: Request, path: str) -> Response:
        from ..api import openapi
        from ..api.openapi.legacy import legacy_document, legacy_hash
        legacy = self._legacy_openapi()
        if path == "/openapi/v2":               # Swagger 2.0, JSON or gnostic protobuf by Accept
            from ..api.openapi import v2
            etag = next((v for k, v in req.headers.items() if k.lower() == "if-none-match"), "")
            status, body, ctype, headers = v2.serve(req.accept, tuple(sorted(legacy.values())), etag)
            return Response(status, body, ctype, headers)
        if path == "/openapi/v3":
            idx = openapi.index()
            crd_paths = self.crds.openapi_paths()
            if crd_paths:
                idx = {"paths": {**idx["paths"], **{
                    gv: {"serverRelativeURL": f"/openapi/v3/{gv}?hash={legacy_hash(self.crds.openapi_document(*key))}"}
                    for gv, key in crd_paths.items()}}}
            if legacy:
                idx = {"paths": {**idx["paths"], **{
                    gv: {"serverRelativeURL": f"/openapi/v3/{gv}?hash={legacy_hash(legacy_document(*key))}"}
                    for gv, key in legacy.items()}}}
            return Response(200, idx)
        if path.startswith("/openapi/v3/"):
            gv = path[len("/openapi/v3/"):]
            if gv in legacy:
                return Response(200, legacy_document(*legacy[gv]))
            crd_paths = self.crds.openapi_paths()
            if gv in crd_paths:
                return Response(200, self.crds.openapi_document(*crd_paths[gv]))
            if gv in openapi.index()["paths"]:
                return Response(200, openapi.document_bytes(gv))
        raise E.page_not_found()

    def _legacy_openapi(self) -> dict:
        """gv path -> legacy_document arguments, for the aliases the book profile serves."""
        out: dict = {}
        for r in self.table:
            if r.canonical:
                gv = f"apis/{r.group}/{r.version}"
                aliases = out.get(gv, (r.group, r.version, ()))[2]
                out[gv] = (r.group, r.version, aliases + ((r.kind, r.plural, r.canonical[0], r.canonical[1]),))
        return out

    # ---- resources ----------------------------------------------------------------------------

    def lookup(self, group: str, version: str, plural: str) -> Resource:
        res = self.table.get(group, version, plural)
        if res is None:
            raise E.page_not_found()
        return res

    def _resource(self, req: Request, info) -> Response:
        res = self.lookup(info.group, info.version, info.resource)
        if res.canonical:                        # a legacy alias (book profile): today's storage,
            from .conversion import to_legacy     # answered in the version asked for
            resp = self._serve(req, info, self.lookup(*res.canonical))
            if isinstance(resp.body, dict) and resp.stream is None:
                resp.body = to_legacy(resp.body, res.api_version)
            if resp.stream is not None:
                resp.stream.alias_version = res.api_version
            return resp
        return self._serve(req, info, res)

    def _serve(self, req: Request, info, res: Resource) -> Response:
        ns = info.namespace if res.namespaced else None
        if res.namespaced and ns is None and info.name:
            raise E.page_not_found()
        if info.subresource:
            return self.subresources.handle(req, info, res, ns)
        verb = info.verb
        if verb not in res.verbs:
            raise E.method_not_supported(res.group, res.plural, verb)
        q = req.query
        reg = self.registry
        dry_run = q.get("dryRun") == "All"
        if not res.stored and verb in ("get", "list"):
            return self.subresources.read_virtual(req, res, info.name)
        if verb == "get":
            return self._object_response(req, res, reg.get(res, ns, info.name))
        if verb == "list":
            private = req.in_process and not self.wants_table(req)
            lst = reg.list(res, ns, label_selector=q.get("labelSelector", ""),
                           field_selector=q.get("fieldSelector", ""), limit=_int(q.get("limit")),
                           continue_token=q.get("continue", ""),
                           resource_version=q.get("resourceVersion", ""), private=private)
            resp = self._list_response(req, res, lst)
            resp.private = private
            return resp
        if verb == "watch":
            return self.watch(req, res, ns)
        if verb == "create":
            if not res.stored:
                return self.subresources.create_virtual(req, res, ns)
            obj = self.decode_for(req, res)
            out = reg.create(res, ns, obj, dry_run=dry_run, field_manager=self.field_manager(req),
                             user=req.user)
            return Response(201, out, headers=self._warnings(req))
        if verb == "update":
            obj = self.decode_for(req, res)
            out = reg.update(res, ns, info.name, obj, dry_run=dry_run,
                             field_manager=self.field_manager(req), user=req.user)
            return Response(200, out, headers=self._warnings(req))
        if verb == "patch":
            from .patching import patch
            return patch(self, req, res, ns, info.name, "")
        if verb == "delete":
            options = self._delete_options(req)
            out, finished = reg.delete(res, ns, info.name, options, dry_run=dry_run, user=req.user)
            # upstream answers 202 only for a pending delete that asked orphanDependents=false
            accepted = not finished and options.get("orphanDependents") is False
            return Response(202 if accepted else 200, out)
        if verb == "deletecollection":
            out = reg.delete_collection(res, ns, self._delete_options(req),
                                        label_selector=q.get("labelSelector", ""),
                                        field_selector=q.get("fieldSelector", ""), dry_run=dry_run,
                                        user=req.user)
            return Response(200, out)
        raise E.method_not_supported(res.group, res.plural, verb)

    @staticmethod
    def field_manager(req: Request) -> str:
        from .patch.apply import manager_or_user_agent
        return manager_or_user_agent(req.query.get("fieldManager", ""), req.headers.get("User-Agent", ""))

    # ---- bodies -------------------------------------------------------------------------------

    def decode_for(self, req: Request, res: Resource) -> dict:
        """The request's object, checked against the URL's resource (kind and apiVersion)."""
        obj = bodies.decode_object(req.body, req.content_type)
        from .conversion import check_and_convert
        obj = check_and_convert(self, obj, res)
        from .fieldvalidation import decode_fields
        raw = b"" if req.unique_keys else req.body        # a dict's JSON cannot hold duplicate fields
        req.warnings = decode_fields(obj, raw, req.content_type, req.query.get("fieldValidation", ""),
                                     res, self.crd_schema(res))
        return obj

    def crd_schema(self, res: Resource) -> dict | None:
        """A custom resource's openAPIV3Schema (None for built-in kinds)."""
        crd = self.crds.crd_for(res)
        if crd is None:
            return None
        for v in crd["spec"]["versions"]:
            if v["name"] == res.version:
                return (v.get("schema") or {}).get("openAPIV3Schema") or {"type": "object"}
        return None

    def _warnings(self, req: Request) -> dict:
        warnings = getattr(req, "warnings", None)
        if not warnings:
            return {}
        return {"Warning": ", ".join(f'299 - "{w}"' for w in warnings)}

    def _delete_options(self, req: Request) -> dict:
        options = {}
        if req.body:
            opts = bodies.decode_object(req.body, req.content_type or "application/json")
            options.update(opts)
        q = req.query
        if "gracePeriodSeconds" in q:
            options["gracePeriodSeconds"] = _int(q["gracePeriodSeconds"])
        if "propagationPolicy" in q:
            options["propagationPolicy"] = q["propagationPolicy"]
        if "orphanDependents" in q:
            options["orphanDependents"] = q["orphanDependents"] == "true"
        policy = options.get("propagationPolicy")
        if policy not in (None, "Orphan", "Background", "Foreground"):
            raise E.invalid("", "DeleteOptions", "", [(
                "propagationPolicy", "FieldValueNotSupported",
                f'Unsupported value: "{policy}": supported values: "Foreground", "Background", "Orphan", "nil"')])
        return options

    # ---- responses ----------------------------------------------------------------------------

    def wants_table(self, req: Request) -> bool:
        return TABLE_MARK in (req.accept or "")

    def _object_response(self, req: Request, res: Resource, obj: dict) -> Response:
        if self.wants_table(req):
            return Response(200, self.table_for(res, [obj], obj["metadata"].get("resourceVersion", ""),
                                                req))
        return Response(200, obj)

    def _list_response(self, req: Request, res: Resource, lst: dict) -> Response:
        if self.wants_table(req):
            return Response(200, self.table_for(res, lst["items"], lst["metadata"]["resourceVersion"],
                                                req, lst["metadata"].get("continue", "")))
        return Response(200, lst)

    def table_for(self, res: Resource, objects: list[dict], rv: str, req: Request | None = None,
                  continue_token: str = "") -> dict:
        from ..api.printers import crd_table, crd_version_for, table
        include = (req.query.get("includeObject") if req is not None else None) or "Metadata"
        crd = self.crds.crd_for(res)
        try:
            if crd is not None:
                return crd_table(crd_version_for(crd, res.version), objects, self.clock.time(),
                                 include_object=include, resource_version=rv,
                                 continue_token=continue_token)
            return table(res.group, res.plural, objects, self.clock.time(), include_object=include,
                         resource_version=rv, continue_token=continue_token)
        except ValueError as e:                      # an includeObject the server does not know
            raise E.bad_request(str(e)) from None

    # ---- watch ------------------------------------------------------------------------------

    def watch(self, req: Request, res: Resource, ns: str | None, on_ready=None) -> Response:
        q = req.query
        labels, fields = self.registry._selectors(res, q.get("labelSelector", ""),
                                                  q.get("fieldSelector", ""))
        timeout = _int(q.get("timeoutSeconds")) or None
        deadline = self.clock.now() + timeout if timeout else None
        stream = WatchStream(self.registry, res, ns, q.get("resourceVersion", ""), labels=labels,
                             fields=fields, deadline=deadline, on_ready=on_ready)
        stream.as_table = self.wants_table(req)
        stream.resource = res
        return Response(200, None, "application/json", stream=stream)

    def watch_event_json(self, stream: WatchStream, event: dict) -> dict:
        """One event as sent: with the Table Accept, the object is a one-row Table."""
        if getattr(stream, "as_table", False) and event["type"] in ("ADDED", "MODIFIED", "DELETED"):
            obj = event["object"]
            return {"type": event["type"],
                    "object": self.table_for(stream.resource, [obj], obj["metadata"].get("resourceVersion", ""))}
        alias = getattr(stream, "alias_version", None)
        if alias and event["type"] != "ERROR":
            from .conversion import to_legacy
            return {"type": event["type"], "object": to_legacy(event["object"], alias)}
        return event

    def component_health(self) -> list[tuple[str, bool, str]]:
        """(name, healthy, message) per control-plane component, as componentstatuses shows."""
        out = []
        for name, probe in sorted(self.components.items()):
            healthy, message = probe()
            out.append((name, healthy, message))
        try:
            self.store.range(b"health")
            out.append(("etcd-0", True, '{"health":"true","reason":""}'))
        except Exception as e:  # the store is down
            out.append(("etcd-0", False, str(e)))
        return out

    # ---- compaction (staging/src/k8s.io/apiserver/pkg/storage/etcd3/compact.go) ---------------

    def start_compactor(self, interval: float = COMPACTION_INTERVAL) -> None:
        """Every `interval` seconds compact the store to the revision seen one interval earlier,
        so that a watcher always has at least one interval of history to resume from."""
        state = {"last": 0}

        def tick():
            current = self.store.revision
            if state["last"] and state["last"] > self.store.compact_revision:
                try:
                    self.store.compact(state["last"])
                except Exception:                      # another compactor got there first
                    log.debug("compaction at %s skipped", state["last"])
            state["last"] = current
            self.clock.call_later(interval, tick)

        self.clock.call_later(interval, tick)

    # ---- namespace cleanup (stands in for the namespace controller) -------------------------

    def _schedule_namespace_cleanup(self, name: str) -> None:
        self.clock.call_later(0, lambda: self.finalize_namespace(name))

    def finalize_namespace(self, name: str) -> None:
        from .namespaces import finalize_namespace
        finalize_namespace(self, name)


def _int(v) -> int:
    if v in (None, ""):
        return 0
    try:
        return int(v)
    except (TypeError, ValueError):
        raise E.bad_request(f'strconv.ParseInt: parsing "{v}": invalid syntax') from None
