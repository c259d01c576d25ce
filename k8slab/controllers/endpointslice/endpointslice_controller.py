"""The EndpointSlice controller: keeps each selecting Service's EndpointSlices in step with its pods.

Follows `pkg/controller/endpointslice/endpointslice_controller.go`: Service events enqueue the
Service; pod events enqueue the Services of the pod's namespace that select it (old or new
labels); EndpointSlice events enqueue the Service named by their kubernetes.io/service-name
label when the slice is managed by this controller and the change is not one of its own
writes (the EndpointSliceTracker); `syncService` lists the Service's pods and its managed
slices (ignoring slices being deleted) and hands them to the Reconciler (reconciler.py).
A failed reconcile is reported as a `FailedToUpdateEndpointSlices` Warning on the Service.
Slices of a deleted Service are left to the garbage collector (they are owned by the Service).

Differences from upstream: the tracker remembers resourceVersions of our writes rather than
generations; no topology cache.
"""

from __future__ import annotations

from ..base import Controller
from ..service_pods import ServicePodHandlers, service_selector
from .reconciler import CONTROLLER_NAME, LABEL_MANAGED_BY, LABEL_SERVICE_NAME, Reconciler
from .util import TriggerTimeTracker


class EndpointSliceController(ServicePodHandlers, Controller):
    name = "endpointslice-controller"
    queue_name = "endpoint_slice"
    component = "endpoint-slice-controller"

    def setup(self) -> None:
        svc_inf = self.informer("v1", "services")
        pod_inf = self.informer("v1", "pods")
        slice_inf = self.informer("discovery.k8s.io/v1", "endpointslices")
        node_inf = self.informer("v1", "nodes")
        self.services, self.pods = svc_inf.lister(), pod_inf.lister()
        self.slices, self.nodes = slice_inf.lister(), node_inf.lister()
        self.trigger_times = TriggerTimeTracker()
        self.own_writes: dict[str, str] = {}         # slice key -> resourceVersion we wrote
        self.reconciler = Reconciler(self.client, self.nodes, on_write=self._wrote)
        svc_inf.add_event_handler(on_add=self.enqueue, on_update=lambda o, n: self.enqueue(n),
                                  on_delete=lambda o: self.enqueue(self.unwrap(o)))
        pod_inf.add_event_handler(on_add=self.add_pod, on_update=self.update_pod,
                                  on_delete=lambda o: self.add_pod(self.unwrap(o)))
        slice_inf.add_event_handler(on_add=self.slice_changed, on_update=lambda o, n: self.slice_changed(n),
                                    on_delete=lambda o: self.slice_changed(self.unwrap(o), deleted=True))

    def _wrote(self, obj: dict) -> None:
        self.own_writes[self.key_of(obj)] = obj["metadata"].get("resourceVersion", "")

    # ---- handlers ------------------------------------------------------------------------------

    def slice_changed(self, s, deleted: bool = False) -> None:
        labels = s["metadata"].get("labels") or {}
        if labels.get(LABEL_MANAGED_BY) != CONTROLLER_NAME or not labels.get(LABEL_SERVICE_NAME):
            return
        key = self.key_of(s)
        if not deleted and self.own_writes.get(key) == s["metadata"].get("resourceVersion"):
            return                                    # our own write coming back: nothing to do
        if deleted:
            self.own_writes.pop(key, None)
        self.queue.add(f"{s['metadata']['namespace']}/{labels[LABEL_SERVICE_NAME]}")

    # ---- sync --------------------------------------------------------------------------------

    def sync(self, key: str) -> None:
        """syncService."""
        namespace, name = self.split_key(key)
        svc = self.services.get(namespace, name)
        if svc is None:
            self.trigger_times.delete_service(namespace, name)
            return
        spec = svc.get("spec") or {}
        if spec.get("type") == "ExternalName" or not spec.get("selector"):
            return
        pods = self.pods.list(namespace, service_selector(svc))
        slices = [s for s in self.slices.list(namespace, [(LABEL_SERVICE_NAME, "=", (name,)),
                                                          (LABEL_MANAGED_BY, "=", (CONTROLLER_NAME,))])
                  if not s["metadata"].get("deletionTimestamp")]
        trigger_time = self.trigger_times.compute(namespace, svc, pods)
        try:
            self.reconciler.reconcile(svc, pods, slices, trigger_time)
        except RuntimeError as err:
            self.recorder.warning({**svc, "apiVersion": "v1", "kind": "Service"}, "FailedToUpdateEndpointSlices",
                                  f"Error updating Endpoint Slices for Service {namespace}/{name}: {err}")
            raise
