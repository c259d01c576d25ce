"""A small REST client for the Kubernetes API: typed by paths and dicts, as client-go's dynamic client.

`APIClient(transport)` offers create/get/list/update/patch/delete/watch by apiVersion, kind or
plural. The in-process transport hands a Request straight to an APIServer, so notebooks get the
same semantics (status codes, errors, resourceVersions) as a client over HTTP.
"""

from __future__ import annotations

import orjson

from ..apiserver.codec import copy_json
from ..apiserver.errors import APIError
from ..apiserver.request import Request


class InProcessTransport:
    """Hands requests to an APIServer in this process. Response bodies are the client's own
    copies (the server keeps its decoded objects shared), as if they had crossed a wire.

    Without options requests are the cluster admin's (`system:admin`). `user` makes them a
    given user's, as if authenticated (the identities of the controller-manager, the scheduler
    and the kubelets: `{"username": "system:kube-scheduler", "groups": [...]}`); `headers`
    (`{"Authorization": "Bearer <token>"}`) and `peer_certificates` (a client certificate, PEM or
    DER) are credentials the server's authenticators check, as they would over HTTPS."""

    def __init__(self, server, user: dict | None = None, headers: dict | None = None,
                 peer_certificates: list | None = None):
        self.server = server
        self.user = user
        self.headers = dict(headers or {})
        self.peer_certificates = list(peer_certificates or [])

    def request(self, method: str, path: str, query: dict | None = None, body=None,
                content_type: str = "application/json", accept: str = "application/json"):
        data = body if isinstance(body, bytes) else (orjson.dumps(body) if body is not None else b"")
        req = Request(method, path, {k: str(v) for k, v in (query or {}).items()}, data,
                      content_type if data else "", accept, dict(self.headers),
                      user=dict(self.user) if self.user is not None else None,
                      in_process=True, unique_keys=isinstance(body, (dict, list)),
                      peer_certificates=list(self.peer_certificates))
        resp = self.server.handle(req)
        if isinstance(resp.body, (dict, list)) and not resp.private:
            resp.body = copy_json(resp.body)
        return resp


class APIClient:
    """Create, read, update, delete and watch any resource the server serves."""

    def __init__(self, transport):
        self.transport = transport

    @property
    def server(self):
        return self.transport.server

    def _resource(self, api_version: str, plural_or_kind: str):
        group, _, version = api_version.rpartition("/")
        table = self.server.table
        res = table.get(group, version, plural_or_kind) or table.for_kind(api_version, plural_or_kind)
        if res is None:
            raise APIError(404, "NotFound", f'the server doesn\'t have a resource type "{plural_or_kind}"')
        return res

    def _call(self, method, path, query=None, body=None, content_type="application/json"):
        resp = self.transport.request(method, path, query, body, content_type)
        if resp.status >= 400:
            s = resp.body
            raise APIError(resp.status, s.get("reason", ""), s.get("message", ""), s.get("details"))
        return resp.body

    def create(self, obj: dict, namespace: str | None = None, **query) -> dict:
        res = self._resource(obj["apiVersion"], obj["kind"])
        ns = namespace or obj.get("metadata", {}).get("namespace") or ("default" if res.namespaced else None)
        return self._call("POST", res.path(ns), query, obj)

    def get(self, api_version: str, kind: str, name: str, namespace: str | None = None) -> dict:
        res = self._resource(api_version, kind)
        return self._call("GET", res.path(namespace if res.namespaced else None, name))

    def list(self, api_version: str, kind: str, namespace: str | None = None, **query) -> dict:
        res = self._resource(api_version, kind)
        return self._call("GET", res.path(namespace if res.namespaced else None), query)

    def update(self, obj: dict, **query) -> dict:
        res = self._resource(obj["apiVersion"], obj["kind"])
        meta = obj["metadata"]
        return self._call("PUT", res.path(meta.get("namespace"), meta["name"]), query, obj)

    def patch(self, api_version: str, kind: str, name: str, patch, namespace: str | None = None,
              patch_type: str = "application/merge-patch+json", subresource: str = "", **query) -> dict:
        res = self._resource(api_version, kind)
        path = res.path(namespace if res.namespaced else None, name) + (f"/{subresource}" if subresource else "")
        return self._call("PATCH", path, query, patch, patch_type)

    def delete(self, api_version: str, kind: str, name: str, namespace: str | None = None,
               **options) -> dict:
        res = self._resource(api_version, kind)
        return self._call("DELETE", res.path(namespace if res.namespaced else None, name), None,
                          options or None)

    def watch(self, api_version: str, kind: str, namespace: str | None = None, **query):
        """A WatchStream: call `.events()` for what has happened since the last call."""
        res = self._resource(api_version, kind)
        query["watch"] = "true"
        resp = self.transport.request("GET", res.path(namespace if res.namespaced else None), query)
        if resp.status >= 400:
            raise APIError(resp.status, resp.body.get("reason", ""), resp.body.get("message", ""))
        return resp.stream

    def raw(self, method: str, path: str, body=None, **query):
        """Any request; returns the Response (status, body) without raising."""
        return self.transport.request(method, path, query, body)
