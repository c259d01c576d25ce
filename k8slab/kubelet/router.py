"""One pods-informer handler for all the kubelets of a process, routing each pod to its node's kubelet.

Upstream every kubelet runs its own reflector with `fieldSelector=spec.nodeName=<node>`
(`pkg/kubelet/config/apiserver.go` NewSourceApiserver), so a kubelet only ever sees its own pods.
k8slab's kubelets share one pods informer; without this router every pod event would be offered
to every kubelet (O(nodes) per event). The router looks up the pod's `spec.nodeName` and hands the
event to that node's kubelet only: the same events each kubelet would get from its own watch.

Differences from upstream: one shared watch instead of one per node (no per-node watch cache load).
"""

from __future__ import annotations

from ..client.informers import DeletedFinalStateUnknown


def _node(pod) -> str | None:
    if not isinstance(pod, dict):
        return None
    return (pod.get("spec") or {}).get("nodeName")


class PodRouter:
    """Routes pod add/update/delete events by `spec.nodeName` to the kubelet registered for it."""

    def __init__(self):
        self.kubelets: dict[str, object] = {}

    @classmethod
    def attach(cls, informer) -> "PodRouter":
        router = getattr(informer, "_kubelet_router", None)
        if router is None:
            router = informer._kubelet_router = cls()
            informer.add_event_handler(router.on_add, router.on_update, router.on_delete)
        return router

    def register(self, kubelet) -> None:
        self.kubelets[kubelet.node_name] = kubelet
        # a late kubelet sees the pods already bound to its node, as its own list would show
        informer = kubelet.informer
        if informer.has_synced():
            for pod in informer.indexer.list():
                if _node(pod) == kubelet.node_name:
                    kubelet._on_add(pod)

    def on_add(self, pod) -> None:
        k = self.kubelets.get(_node(pod))
        if k is not None:
            k._on_add(pod)

    def on_update(self, old, new) -> None:
        k = self.kubelets.get(_node(new))
        if k is not None:
            k._on_update(old, new)

    def on_delete(self, pod) -> None:
        obj = pod.obj if isinstance(pod, DeletedFinalStateUnknown) else pod
        k = self.kubelets.get(_node(obj))
        if k is not None:
            k._on_delete(pod)
