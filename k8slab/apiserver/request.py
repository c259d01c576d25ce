"""An API request and response independent of HTTP, and how a URL names a resource.

Follows `staging/src/k8s.io/apiserver/pkg/endpoints/request/requestinfo.go` (RequestInfoFactory:
/api/v1/namespaces/{ns}/{resource}/{name}/{subresource}, /apis/{group}/{version}/...; the verb
derived from the method: get/list/watch/create/update/patch/delete/deletecollection).
The HTTP server and the in-process client both build a Request and get a Response, so both
behave the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    content_type: str = ""
    accept: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    user: dict | None = None                  # set by authentication
    in_process: bool = False                  # from the in-process client (no wire in between)
    unique_keys: bool = False                 # body serialized from a dict: no JSON key can repeat
    peer_certificates: list = field(default_factory=list)  # the client's TLS certificates (DER), its own first
    authentication: Any = None                # authn.Authentication: which authenticator identified the user

    @staticmethod
    def from_url(method: str, url: str, **kw) -> "Request":
        path, _, qs = url.partition("?")
        query = {k: v[-1] for k, v in parse_qs(qs, keep_blank_values=True).items()}
        return Request(method, path, query, **kw)


@dataclass
class Response:
    status: int
    body: Any = None                          # a dict (JSON), bytes, or str (text/plain)
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    stream: Any = None                        # a WatchStream for watch requests
    private: bool = False                     # body made for this response alone (no copy needed)


@dataclass
class RequestInfo:
    """What a resource URL asks for."""

    api_prefix: str = ""                      # "api" or "apis"
    group: str = ""
    version: str = ""
    namespace: str | None = None
    resource: str = ""
    name: str = ""
    subresource: str = ""
    verb: str = ""
    is_resource: bool = False
    parts: list[str] = field(default_factory=list)


NAMESPACE_SUBRESOURCES = ("status", "finalize")


def parse_path(method: str, path: str, query: dict[str, str]) -> RequestInfo:
    parts = [p for p in path.split("/") if p]
    info = RequestInfo(parts=parts)
    if not parts or parts[0] not in ("api", "apis"):
        return info
    info.api_prefix = parts[0]
    rest = parts[1:]
    if info.api_prefix == "api":
        if not rest:
            return info
        info.version, rest = rest[0], rest[1:]
    else:
        if len(rest) < 2:
            if rest:
                info.group = rest[0]
            return info
        info.group, info.version, rest = rest[0], rest[1], rest[2:]
    if not rest:
        return info
    info.is_resource = True
    if rest[0] == "namespaces" and len(rest) > 1:
        # /namespaces/{ns}/{resource}/... unless the next part is a namespace subresource
        info.namespace = rest[1]
        if len(rest) > 2 and rest[2] not in NAMESPACE_SUBRESOURCES:
            rest = rest[2:]
        else:
            info.namespace = None
            if len(rest) == 3:
                info.namespace = rest[1]
    if rest:
        info.resource = rest[0]
        if len(rest) > 1:
            info.name = rest[1]
        if len(rest) > 2:
            info.subresource = "/".join(rest[2:])
    watching = query.get("watch") in ("1", "true", "True")
    info.verb = {
        "GET": "watch" if watching else ("get" if info.name else "list"),
        "POST": "create", "PUT": "update", "PATCH": "patch",
        "DELETE": "delete" if info.name else "deletecollection",
    }.get(method, method.lower())
    return info
