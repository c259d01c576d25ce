"""Which Services select a pod: the pod handlers the endpoints and endpointslice controllers share
(upstream's endpointutil.GetPodServiceMemberships and the controllers' addPod/updatePod)."""

from __future__ import annotations

from ..api.selectors import matches_labels


def service_selector(svc: dict):
    """A Service's selector as label requirements; None when it selects nothing (no selector)."""
    selector = (svc.get("spec") or {}).get("selector")
    return [(k, "=", (v,)) for k, v in sorted(selector.items())] if selector else None


class ServicePodHandlers:
    """Mixin for controllers keeping one object per Service: a pod change wakes the Services whose
    selector matches the pod's labels, before or after the change. Needs `self.services` (a
    Service lister) and `self.enqueue`."""

    def _services_for(self, namespace: str, *label_sets) -> list[dict]:
        out = []
        for svc in self.services.list(namespace):
            reqs = service_selector(svc)
            if reqs and any(matches_labels(reqs, labels) for labels in label_sets):
                out.append(svc)
        return out

    def add_pod(self, pod) -> None:
        for svc in self._services_for(pod["metadata"].get("namespace"), pod["metadata"].get("labels")):
            self.enqueue(svc)

    def update_pod(self, old, new) -> None:
        if old["metadata"].get("resourceVersion") == new["metadata"].get("resourceVersion"):
            return
        for svc in self._services_for(new["metadata"].get("namespace"), old["metadata"].get("labels"),
                                      new["metadata"].get("labels")):
            self.enqueue(svc)
