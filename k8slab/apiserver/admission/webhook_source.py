"""The webhook configurations as the webhook admission plugins read them: decoded once, kept
current by a store watch, so that a request pays one `pending()` check when nothing changed and
nothing at all beyond that when there are no configurations.

Follows `staging/src/k8s.io/apiserver/pkg/admission/configuration/mutating_webhook_manager.go` and
`validating_webhook_manager.go` (an informer-fed, sorted list of webhook accessors): the
configurations are sorted by name and their webhooks kept in order.
Differences from upstream: no informer resync; a watch cut short by compaction lists again.
"""

from __future__ import annotations

import orjson

from ...storage import kv as K


class WebhookSource:
    """The configurations stored under `prefix` (e.g. /registry/validatingwebhookconfigurations/)."""

    def __init__(self, store, prefix: str):
        self.store = store
        self.prefix = prefix.encode()
        self.configs: dict[str, dict] = {}
        self.hooks: list[tuple[str, dict]] = []      # (configuration name, webhook), in upstream order
        self.generation = 0
        self._watcher = None
        self._load()

    def _load(self) -> None:
        if self._watcher is not None:
            self._watcher.cancel()
        r = self.store.range(self.prefix, K.prefix_end(self.prefix))
        self.configs = {}
        for kv in r.kvs:
            self._put(kv.value)
        self._watcher = self.store.watch(self.prefix, K.prefix_end(self.prefix), start_revision=r.revision + 1)
        self._index()

    def sync(self) -> list[tuple[str, dict]]:
        """Apply what the watch delivered since the last call; the current webhooks."""
        w = self._watcher
        if w.canceled:
            self._load()
        elif w.pending():
            for ev in w.take():
                if ev.type == "PUT":
                    self._put(ev.kv.value)
                else:
                    self.configs.pop(ev.kv.key.decode().rsplit("/", 1)[-1], None)
            self._index()
        return self.hooks

    def _put(self, value: bytes) -> None:
        try:
            obj = orjson.loads(value)
        except orjson.JSONDecodeError:
            return
        self.configs[obj["metadata"]["name"]] = obj

    def _index(self) -> None:
        self.hooks = [(name, hook) for name in sorted(self.configs)
                      for hook in self.configs[name].get("webhooks") or []]
        self.generation += 1

    def close(self) -> None:
        if self._watcher is not None:
            self._watcher.cancel()
