"""The webhook configurations as the webhook admission plugins read them: decoded once, kept
current by a store watch (watched.py), so that a request pays one `pending()` check when nothing changed and
nothing at all beyond that when there are no configurations.

Follows `staging/src/k8s.io/apiserver/pkg/admission/configuration/mutating_webhook_manager.go` and
`validating_webhook_manager.go` (an informer-fed, sorted list of webhook accessors): the
configurations are sorted by name and their webhooks kept in order.
Differences from upstream: no informer resync; a watch cut short by compaction lists again.
"""

from __future__ import annotations

from .watched import WatchedObjects


class WebhookSource:
    """The configurations of one webhook configuration resource, and their webhooks in order."""

    def __init__(self, store, res):
        self._configs = WatchedObjects(store, res)
        self._generation = -1
        self.hooks: list[tuple[str, dict]] = []      # (configuration name, webhook), in upstream order

    def sync(self) -> list[tuple[str, dict]]:
        """Apply what the watch delivered since the last call; the current webhooks."""
        configs = self._configs.list()               # cluster-scoped: in key order, i.e. by name
        if self._configs.generation != self._generation:
            self._generation = self._configs.generation
            self.hooks = [(c["metadata"]["name"], hook) for c in configs for hook in c.get("webhooks") or []]
        return self.hooks

    def close(self) -> None:
        self._configs.close()
