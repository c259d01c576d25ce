"""The Endpoints controller: for each Service with a selector, an Endpoints object of the same
name listing the IPs and ports of the pods it selects.

Follows `pkg/controller/endpoint/endpoints_controller.go`:
- handlers: a Service add/update/delete, or the deletion of an Endpoints object, enqueues the
  Service's key; a pod add/update/delete enqueues every Service of its namespace whose selector
  matches the pod's labels (old or new);
- syncService: the Service is gone -> delete its Endpoints; ExternalName or no selector -> leave
  them alone; otherwise build the subsets (subsets.py: Ready pods under `addresses`, others
  under `notReadyAddresses`, named targetPorts resolved per pod), and create or update the
  Endpoints only if subsets or labels changed. Labels are the Service's, plus
  `service.kubernetes.io/headless` for headless Services; the annotation
  `endpoints.kubernetes.io/last-change-trigger-time` carries the earliest change (pod Ready
  transition, Service creation) that led to this write; more than 1000 addresses are cut and
  marked `endpoints.kubernetes.io/over-capacity: truncated`.

Differences from upstream: no stale-informer tracker (the in-process cache cannot be behind our
own write when the next sync reads it); no checkLeftoverEndpoints pass at start-up.
"""

from __future__ import annotations

from k8slab.api.copying import deep_copy


from ...apiserver.errors import APIError
from ..base import Controller
from ..service_pods import ServicePodHandlers
from ..endpointslice.util import (HEADLESS_LABEL, LAST_CHANGE_TRIGGER_TIME, TriggerTimeTracker,
                                  format_trigger_time, is_service_ip_set)
from .subsets import MAX_CAPACITY, OVER_CAPACITY, compute_subsets, truncate_endpoints


def _strip_target_rv(subsets):
    out = deep_copy(subsets or [])
    for s in out:
        for field in ("addresses", "notReadyAddresses"):
            for a in s.get(field) or []:
                (a.get("targetRef") or {}).pop("resourceVersion", None)
    return out


class EndpointsController(ServicePodHandlers, Controller):
    name = "endpoints-controller"
    queue_name = "endpoint"
    component = "endpoint-controller"

    def setup(self) -> None:
        svc_inf = self.informer("v1", "services")
        pod_inf = self.informer("v1", "pods")
        ep_inf = self.informer("v1", "endpoints")
        self.services, self.pods, self.endpoints = svc_inf.lister(), pod_inf.lister(), ep_inf.lister()
        self.trigger_times = TriggerTimeTracker()
        svc_inf.add_event_handler(on_add=self.enqueue, on_update=lambda o, n: self.enqueue(n),
                                  on_delete=lambda o: self.enqueue(self.unwrap(o)))
        pod_inf.add_event_handler(on_add=self.add_pod, on_update=self.update_pod,
                                  on_delete=lambda o: self.add_pod(self.unwrap(o)))
        ep_inf.add_event_handler(on_delete=lambda o: self.enqueue(self.unwrap(o)))

    # ---- sync --------------------------------------------------------------------------------

    def sync(self, key: str) -> None:
        """syncService."""
        namespace, name = self.split_key(key)
        svc = self.services.get(namespace, name)
        if svc is None:
            try:
                self.client.delete("v1", "Endpoints", name, namespace)
            except APIError as err:
                if err.code != 404:
                    raise
            self.trigger_times.delete_service(namespace, name)
            return
        spec = svc.get("spec") or {}
        if spec.get("type") == "ExternalName" or not spec.get("selector"):
            return
        selector = [(k, "=", (v,)) for k, v in sorted(spec["selector"].items())]
        pods = self.pods.list(namespace, selector)
        trigger_time = self.trigger_times.compute(namespace, svc, pods)
        subsets = compute_subsets(svc, pods)

        current = self.endpoints.get(namespace, name)
        create = current is None
        if create:
            current = {"apiVersion": "v1", "kind": "Endpoints",
                       "metadata": {"name": name, "namespace": namespace,
                                    **({"labels": dict(svc["metadata"]["labels"])}
                                       if svc["metadata"].get("labels") else {})}}
        svc_labels = svc["metadata"].get("labels") or {}
        compare_labels = {k: v for k, v in (current["metadata"].get("labels") or {}).items()
                          if k != HEADLESS_LABEL}
        n_addresses = sum(len(s.get("addresses") or []) + len(s.get("notReadyAddresses") or [])
                          for s in current.get("subsets") or [])
        capacity_ok = n_addresses <= MAX_CAPACITY and \
            OVER_CAPACITY not in (current["metadata"].get("annotations") or {})
        if not create and _strip_target_rv(current.get("subsets")) == subsets and \
                compare_labels == svc_labels and capacity_ok:
            return
        new = deep_copy(current)
        new["apiVersion"], new["kind"] = "v1", "Endpoints"
        new["subsets"] = subsets
        meta = new["metadata"]
        annotations = dict(meta.get("annotations") or {})
        if trigger_time is not None:
            annotations[LAST_CHANGE_TRIGGER_TIME] = format_trigger_time(trigger_time)
        else:
            annotations.pop(LAST_CHANGE_TRIGGER_TIME, None)
        if truncate_endpoints(new["subsets"]):
            annotations[OVER_CAPACITY] = "truncated"
        else:
            annotations.pop(OVER_CAPACITY, None)
        labels = dict(svc_labels)
        if not is_service_ip_set(svc):
            labels[HEADLESS_LABEL] = ""
        for field, value in (("annotations", annotations), ("labels", labels)):
            if value:
                meta[field] = value
            else:                                   # an empty map is omitted on the wire
                meta.pop(field, None)
        if not new["subsets"]:
            del new["subsets"]
        try:
            if create:
                self.client.create(new, namespace)
            else:
                self.client.update(new)
        except APIError as err:
            if create and err.code == 403 and any(c.get("reason") == "NamespaceTerminating"
                                                  for c in (err.details or {}).get("causes") or []):
                return
            if create:
                self.recorder.warning(new, "FailedToCreateEndpoint",
                                      f"Failed to create endpoint for service {namespace}/{name}: {err.message}")
            else:
                self.recorder.warning(new, "FailedToUpdateEndpoint",
                                      f"Failed to update endpoint {namespace}/{name}: {err.message}")
            raise
