"""A throwaway HTTP API server for testing the OpenAPI documents with the real kubectl.

It serves legacy discovery (/api, /apis, /api/v1, /apis/<group>/<version>) built from
k8slab.api.openapi.paths, the /openapi/v3 index and documents, answers POST on a collection with
201 and the body it got, and 404 with a Status everywhere else. Every request is recorded.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from k8slab.api import openapi
from k8slab.api.openapi.paths import SERVED, resources

SHORT_NAMES = {"pods": ["po"], "services": ["svc"], "deployments": ["deploy"], "ingresses": ["ing"],
               "nodes": ["no"], "namespaces": ["ns"], "configmaps": ["cm"], "replicasets": ["rs"]}
SUBRESOURCE_KINDS = {"scale": ("autoscaling", "v1", "Scale"), "eviction": ("policy", "v1", "Eviction"),
                     "binding": ("", "v1", "Binding"), "token": ("authentication.k8s.io", "v1", "TokenRequest")}


def resource_list(key):
    group, version, _ = SERVED[key]
    out = []
    for r in resources(key):
        out.append({"name": r["plural"], "singularName": r["kind"].lower(), "namespaced": r["namespaced"],
                    "kind": r["kind"], "verbs": r["verbs"], "shortNames": SHORT_NAMES.get(r["plural"], [])})
        for sub in r["subresources"]:
            entry = {"name": f"{r['plural']}/{sub}", "singularName": "", "namespaced": r["namespaced"],
                     "kind": r["kind"], "verbs": ["get", "patch", "update"]}
            if sub in SUBRESOURCE_KINDS:
                entry["group"], entry["version"], entry["kind"] = SUBRESOURCE_KINDS[sub]
            out.append(entry)
    return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": f"{group}/{version}".lstrip("/"),
            "resources": out}


def group_list():
    groups = {}
    for group, version, _ in SERVED.values():
        if group:
            gv = {"groupVersion": f"{group}/{version}", "version": version}
            groups[group] = {"name": group, "versions": [gv], "preferredVersion": gv}
    return {"kind": "APIGroupList", "apiVersion": "v1", "groups": list(groups.values())}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _send(self, code, body, ctype="application/json"):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _not_found(self):
        self._send(404, {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                         "message": "the server could not find the requested resource", "reason": "NotFound",
                         "details": {}, "code": 404})

    def _record(self, body=b""):
        url = urlsplit(self.path)
        self.server.requests.append({"method": self.command, "path": url.path, "query": parse_qs(url.query),
                                     "content_type": self.headers.get("Content-Type"), "body": body})
        return url.path

    def do_GET(self):
        path = self._record()
        if path == "/version":
            return self._send(200, {"major": "1", "minor": "32", "gitVersion": "v1.32.0", "platform": "linux/amd64"})
        if path == "/api":
            return self._send(200, {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": [
                {"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"}]})
        if path == "/apis":
            return self._send(200, group_list())
        key = path.strip("/")
        if key in SERVED:
            return self._send(200, resource_list(key))
        if path == "/openapi/v3":
            return self._send(200, openapi.index())
        if path.startswith("/openapi/v3/") and path[len("/openapi/v3/"):] in SERVED:
            key = path[len("/openapi/v3/"):]
            if self.server.mutate is None:
                return self._send(200, openapi.document_bytes(key))
            return self._send(200, self.server.mutate(openapi.document(key)))
        return self._not_found()

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._record(body)
        try:
            obj = json.loads(body)
        except ValueError:
            return self._send(415, {"kind": "Status", "apiVersion": "v1", "status": "Failure", "code": 415,
                                    "reason": "UnsupportedMediaType", "message": "JSON only"})
        return self._send(201, obj)

    do_PUT = do_PATCH = do_DELETE = lambda self: (self._record(), self._not_found())


class StubServer:
    """Context manager: `with StubServer() as s: s.url, s.requests`.

    `mutate`, if given, is applied to each OpenAPI document before it is sent (for negative tests).
    """

    def __init__(self, mutate=None):
        self.mutate = mutate

    def __enter__(self):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.requests = []
        self.httpd.mutate = self.mutate
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    @property
    def requests(self):
        return self.httpd.requests

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
