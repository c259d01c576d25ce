"""Waiting on one object with a list and a watch, as kubectl's wait helpers do.

Follows `staging/src/k8s.io/kubectl/pkg/cmd/wait/delete.go` (IsDeleted: a GET first; gone, or a
new object under the same name (another uid), means deleted; otherwise a list and a watch with
`fieldSelector=metadata.name=<name>` until the DELETED event; `timed out waiting for the condition
on <resource>/<name>`) and client-go's `tools/watch` UntilWithSync (re-list when a watch ends).

    until_deleted(session, info, uid, timeout_seconds)
    obj = until(session, resource, namespace, name, condition, timeout_seconds)

Differences from upstream: in-process (Cluster.kubectl) nothing else runs while kubectl would
wait, so the condition is checked against what the server holds now and the wait returns.
"""

from __future__ import annotations

import time

from .client import ACCEPT_JSON
from .errors import StatusError
from .mutation import Failure

WATCH_CHUNK_SECONDS = 300           # how long one watch request may stay open before a re-list


class Timeout(Failure):
    """`timed out waiting for the condition on pods/x`."""


def _timeout(resource, name: str) -> Timeout:
    return Timeout(f"timed out waiting for the condition on {resource.name}/{name}")


def until_deleted(session, info, uid: str, timeout: float) -> None:
    """Return once the object is gone (or replaced); raise Timeout after `timeout` seconds."""
    try:
        obj = session.client.get(info.path(), accept=ACCEPT_JSON)
    except StatusError as e:
        if e.http_code == 404:
            return
        raise
    if uid and (obj.get("metadata") or {}).get("uid") != uid:
        return
    if timeout <= 0:
        raise _timeout(info.resource, info.name)

    def gone(event_type: str, obj) -> bool:
        return event_type == "DELETED" or obj is None
    until(session, info.resource, info.namespace, info.name, gone, timeout)


def until(session, resource, namespace, name: str, condition, timeout: float):
    """Watch one object until condition(event_type, obj) is true; returns that object. The first
    call is ("SYNC", obj or None) after the list, then one per event ("ADDED", "MODIFIED",
    "DELETED" with the object's last state)."""
    deadline = time.monotonic() + timeout
    path = resource.path(namespace if resource.namespaced else None)
    selector = f"metadata.name={name}"
    in_process = session.api is not None
    while True:
        page = session.client.get(path, {"fieldSelector": selector, "limit": "500", "resourceVersion": "0"},
                                  accept=ACCEPT_JSON, caller="helper.go:113")
        items = page.get("items") or []
        current = _typed(items[0], resource) if items else None
        if condition("SYNC", current):
            return current
        rv = (page.get("metadata") or {}).get("resourceVersion", "")
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _timeout(resource, name)
        query = {"allowWatchBookmarks": "true", "fieldSelector": selector, "resourceVersion": rv,
                 "timeoutSeconds": str(max(1, int(min(remaining, WATCH_CHUNK_SECONDS)))), "watch": "true"}
        for event in session.client.watch(path, query):
            kind = event.get("type", "")
            if kind == "BOOKMARK":
                continue
            if kind == "ERROR":
                break
            obj = _typed(event.get("object") or {}, resource)
            current = None if kind == "DELETED" else obj
            if condition(kind, obj):
                return obj
            if time.monotonic() > deadline:
                raise _timeout(resource, name)
        if in_process:
            return current
        if time.monotonic() > deadline:
            raise _timeout(resource, name)


def _typed(obj: dict, resource) -> dict:
    if obj.get("apiVersion") and obj.get("kind"):
        return obj
    return {"apiVersion": resource.group_version, "kind": resource.kind, **obj}
