"""The namespace controller: a namespace being deleted is emptied, then finalized.

Follows `pkg/controller/namespace/namespace_controller.go`: namespace adds and updates enqueue
the namespace when it has a deletionTimestamp; `syncNamespaceFromKey` runs the deleter
(deleter.py). When content remains (pods still terminating, objects with finalizers), the key
comes back after `estimate/2 + 1` seconds; other failures retry with the queue's back-off
(5 ms doubling to 60 s, nsControllerRateLimiter).

While this controller runs, the API server's own fallback cleanup
(`k8slab.apiserver.namespaces`, which serves clusters without controllers) is turned off.

Differences from upstream: no periodic resync of all namespaces (every 5 minutes upstream).
"""

from __future__ import annotations

from ...client.workqueue import BucketRateLimiter, ItemExponentialFailureRateLimiter, RateLimitingQueue
from ..base import Controller, ControllerError
from .deleter import NamespacedResourcesDeleter, ResourcesRemainingError


class NamespaceController(Controller):
    name = "namespace-controller"
    queue_name = "namespace"
    component = "namespace-controller"

    def setup(self) -> None:
        self.queue = RateLimitingQueue(self.clock, name=self.queue_name, limiters=[
            ItemExponentialFailureRateLimiter(0.005, 60.0), BucketRateLimiter(self.clock)])
        self.cluster.api.registry.namespace_finalizer = None      # this controller takes over
        inf = self.informer("v1", "namespaces")
        self.lister = inf.lister()
        inf.add_event_handler(on_add=self.enqueue_namespace,
                              on_update=lambda old, new: self.enqueue_namespace(new))
        self.deleter = NamespacedResourcesDeleter(self.client, self.clock)

    def enqueue_namespace(self, ns) -> None:
        if not ns["metadata"].get("deletionTimestamp"):
            return                                  # only namespaces being deleted
        self.enqueue(ns)

    def sync(self, key: str) -> None:
        """syncNamespaceFromKey."""
        if self.lister.get(None, key) is None:
            return
        try:
            self.deleter.delete(key)
        except ResourcesRemainingError as err:
            self.queue.add_after(key, err.estimate // 2 + 1)
        except Exception as err:
            raise ControllerError(f"deletion of namespace {key} failed: {err}") from err
