"""kubeadm's API calls: create-or-keep, get, patch, over any client transport (in-process for
`k8slab up` and notebooks, HTTPS with a kubeconfig's credentials for the CLI).

Follows `cmd/kubeadm/app/util/apiclient/idempotency.go` (CreateOrUpdate..., CreateOrRetain...:
AlreadyExists is not an error) and `wait.go` (polling for the API server's health).

Differences from upstream: no retries with back-off (one attempt; callers poll where kubeadm does).
"""

from __future__ import annotations

from ..apiserver.errors import APIError


class KubeadmClient:
    """Path-based calls on a transport with `request(method, path, query, body, content_type)`."""

    def __init__(self, transport):
        self.transport = transport

    def call(self, method: str, path: str, body=None, content_type: str = "application/json", **query):
        resp = self.transport.request(method, path, query or None, body, content_type)
        if resp.status >= 400:
            s = resp.body if isinstance(resp.body, dict) else {}
            raise APIError(resp.status, s.get("reason", ""), s.get("message", str(resp.body)), s.get("details"))
        return resp.body

    def get(self, path: str):
        """The object, or None when it does not exist."""
        try:
            return self.call("GET", path)
        except APIError as e:
            if e.code == 404:
                return None
            raise

    def create_or_retain(self, collection: str, obj: dict) -> dict | None:
        """Create; an object that exists already is kept as it is (CreateOrRetain...)."""
        try:
            return self.call("POST", collection, obj)
        except APIError as e:
            if e.code != 409:
                raise
            return None

    def create_or_update(self, collection: str, obj: dict) -> dict:
        """Create, or replace what exists (CreateOrUpdate...)."""
        try:
            return self.call("POST", collection, obj)
        except APIError as e:
            if e.code != 409:
                raise
        path = f"{collection}/{obj['metadata']['name']}"
        current = self.call("GET", path)
        obj = {**obj, "metadata": {**obj["metadata"], "resourceVersion": current["metadata"]["resourceVersion"]}}
        return self.call("PUT", path, obj)

    def merge_patch(self, path: str, patch: dict) -> dict:
        return self.call("PATCH", path, patch, "application/merge-patch+json")


def collection(api_version: str, plural: str, namespace: str | None = None) -> str:
    prefix = "/api/v1" if api_version == "v1" else f"/apis/{api_version}"
    return f"{prefix}/namespaces/{namespace}/{plural}" if namespace else f"{prefix}/{plural}"
