"""What a describer reads with: the session's REST client, the describe flags and the clock.

Follows `staging/src/k8s.io/kubectl/pkg/describe/interface.go` (DescriberSettings: ShowEvents,
ChunkSize) and `staging/src/k8s.io/cli-runtime/pkg/resource` (FollowContinue: a list asked for in
chunks of `--chunk-size`, following `metadata.continue` until the last page).

Ages are measured against `now`: the in-process cluster's clock when kubectl runs inside a
Cluster (the virtual clock of notebooks and tests), the wall clock otherwise, as Go's time.Since.
"""

from __future__ import annotations

import time

from ..client import ACCEPT_JSON


class DescribeContext:
    """One `kubectl describe` invocation's reading side."""

    def __init__(self, session):
        self.session = session
        flags = session.flags
        self.show_events = bool(flags.get("show-events", True))
        self.chunk_size = int(flags.get("chunk-size", 500) or 0)
        api = getattr(session, "api", None)
        clock = getattr(api, "clock", None)
        self.now = clock.time() if clock is not None and hasattr(clock, "time") else time.time()

    def get(self, path: str) -> dict:
        """GET one object; a failure raises errors.StatusError."""
        return self.session.client.get(path, accept=ACCEPT_JSON)

    def list(self, path: str, query: dict | None = None, chunked: bool = True) -> list[dict]:
        """Every item of a list, page by page (`limit`=chunk size, then `continue`)."""
        query = dict(query or {})
        if chunked and self.chunk_size > 0:
            query["limit"] = str(self.chunk_size)
        items: list[dict] = []
        while True:
            page = self.session.client.get(path, query, accept=ACCEPT_JSON) or {}
            items.extend(page.get("items") or [])
            token = (page.get("metadata") or {}).get("continue")
            if not token or not chunked or self.chunk_size <= 0:
                return items
            query["continue"] = token


def meta(obj: dict) -> dict:
    return obj.get("metadata") or {}


def spec(obj: dict) -> dict:
    return obj.get("spec") or {}


def status(obj: dict) -> dict:
    return obj.get("status") or {}


def controller_of(obj: dict) -> dict | None:
    """metav1.GetControllerOf: the owner reference with controller: true."""
    for ref in meta(obj).get("ownerReferences") or []:
        if ref.get("controller"):
            return ref
    return None


def print_controller(obj: dict) -> str:
    ref = controller_of(obj)
    return f"{ref.get('kind', '')}/{ref.get('name', '')}" if ref else ""


def core_path(resource: str, namespace: str | None = None, name: str = "") -> str:
    base = "/api/v1"
    if namespace:
        base += f"/namespaces/{namespace}"
    return f"{base}/{resource}/{name}" if name else f"{base}/{resource}"


def group_path(group_version: str, resource: str, namespace: str | None = None, name: str = "") -> str:
    base = f"/apis/{group_version}"
    if namespace:
        base += f"/namespaces/{namespace}"
    return f"{base}/{resource}/{name}" if name else f"{base}/{resource}"
