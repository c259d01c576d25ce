"""Turning the pods a Service selects into EndpointSlices: which slices to create, update, delete.

Follows `staging/src/k8s.io/endpointslice/reconciler.go` (Reconcile, reconcileByAddressType,
reconcileByPortMapping, finalize) and `utils.go` (podToEndpoint, getEndpointPorts,
newEndpointSlice, setEndpointSliceLabels, getSliceToFill):
- endpoints are grouped by the ports they resolve to (a named targetPort can differ per pod);
- existing slices keep the endpoints still wanted (updated where conditions changed), slices
  left empty are deleted; new endpoints fill slices being updated first (fullest first), then
  one unchanged slice that can take them all, then new slices of at most 100 endpoints;
- a Service without endpoints keeps one placeholder slice with no ports and no endpoints;
- before creating, slices about to be deleted are reused (renamed updates) instead;
- new slices are named by the API server from generateName `<service>-` (5 random characters),
  owned by the Service (controller ownerReference), labelled with the Service's labels plus
  kubernetes.io/service-name, endpointslice.kubernetes.io/managed-by and, for headless
  Services, service.kubernetes.io/headless.

Differences from upstream: IPv4 only; no topology hints or traffic distribution; endpoints are
placed in name order (upstream pops them from a hash set).
"""

from __future__ import annotations

from k8slab.api.copying import deep_copy


from ...apiserver.errors import APIError
from .util import (HEADLESS_LABEL, LAST_CHANGE_TRIGGER_TIME, find_port, format_trigger_time,
                   is_pod_ready, is_service_ip_set, pod_ip, should_pod_be_in_endpoints,
                   should_set_hostname)

MAX_ENDPOINTS_PER_SLICE = 100
LABEL_SERVICE_NAME = "kubernetes.io/service-name"
LABEL_MANAGED_BY = "endpointslice.kubernetes.io/managed-by"
CONTROLLER_NAME = "endpointslice-controller.k8s.io"
RESERVED_LABELS = (LABEL_SERVICE_NAME, LABEL_MANAGED_BY, HEADLESS_LABEL)
ZONE_LABEL = "topology.kubernetes.io/zone"


def pod_to_endpoint(pod: dict, node: dict | None, svc: dict) -> dict:
    serving = is_pod_ready(pod)
    terminating = bool(pod["metadata"].get("deletionTimestamp"))
    ready = bool((svc.get("spec") or {}).get("publishNotReadyAddresses")) or (serving and not terminating)
    meta = pod["metadata"]
    ep = {"addresses": [pod_ip(pod)],
          "conditions": {"ready": ready, "serving": serving, "terminating": terminating},
          "targetRef": {"kind": "Pod", "namespace": meta.get("namespace", ""), "name": meta["name"],
                        "uid": meta.get("uid", "")}}
    node_name = (pod.get("spec") or {}).get("nodeName")
    if node_name:
        ep["nodeName"] = node_name
    zone = ((node or {}).get("metadata", {}).get("labels") or {}).get(ZONE_LABEL)
    if zone:
        ep["zone"] = zone
    if should_set_hostname(pod, svc):
        ep["hostname"] = pod["spec"]["hostname"]
    return ep


def endpoint_ports(svc: dict, pod: dict) -> list[dict]:
    spec = svc.get("spec") or {}
    if not spec.get("ports") and spec.get("clusterIP") == "None":
        return []
    out = []
    for sp in spec.get("ports") or []:
        port = find_port(pod, sp)
        if port is None:
            continue
        p = {"name": sp.get("name", ""), "port": port, "protocol": sp.get("protocol", "TCP")}
        if sp.get("appProtocol"):
            p["appProtocol"] = sp["appProtocol"]
        out.append(p)
    return out


def _port_key(ports: list[dict]) -> tuple:
    return tuple(sorted((p.get("name", ""), p.get("port"), p.get("protocol"), p.get("appProtocol", ""))
                        for p in ports or []))


def _endpoint_key(ep: dict) -> tuple:
    ref = ep.get("targetRef") or {}
    return (tuple(sorted(ep.get("addresses") or [])), ep.get("hostname", ""), ref.get("namespace", ""),
            ref.get("name", ""))


def slice_labels(existing: dict | None, svc: dict) -> tuple[dict, bool]:
    """setEndpointSliceLabels: the Service's labels plus the reserved ones; changed or not."""
    ep_labels = {k: v for k, v in ((existing or {}).get("metadata", {}).get("labels") or {}).items()
                 if k not in RESERVED_LABELS}
    svc_labels = {k: v for k, v in (svc["metadata"].get("labels") or {}).items() if k not in RESERVED_LABELS}
    updated = ep_labels != svc_labels
    if not is_service_ip_set(svc):
        svc_labels[HEADLESS_LABEL] = ""
    svc_labels[LABEL_SERVICE_NAME] = svc["metadata"]["name"]
    svc_labels[LABEL_MANAGED_BY] = CONTROLLER_NAME
    return svc_labels, updated


def new_endpoint_slice(svc: dict, ports: list[dict]) -> dict:
    meta = svc["metadata"]
    labels, _ = slice_labels(None, svc)
    return {"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
            "metadata": {"generateName": f"{meta['name']}-", "namespace": meta["namespace"],
                         "labels": labels,
                         "ownerReferences": [{"apiVersion": "v1", "kind": "Service", "name": meta["name"],
                                              "uid": meta["uid"], "controller": True,
                                              "blockOwnerDeletion": True}]},
            "addressType": "IPv4", "endpoints": [], "ports": deep_copy(ports)}


def owned_by(slice_: dict, svc: dict) -> bool:
    return any(o.get("uid") == svc["metadata"]["uid"] and o.get("kind") == "Service" and
               o.get("apiVersion") == "v1" for o in slice_["metadata"].get("ownerReferences") or [])


def get_slice_to_fill(slices: list[dict], num: int, max_endpoints: int) -> dict | None:
    closest_diff, closest = max_endpoints, None
    for s in slices:
        diff = max_endpoints - (num + len(s.get("endpoints") or []))
        if 0 <= diff < closest_diff:
            closest_diff, closest = diff, s
            if diff == 0:
                break
    return closest


class Reconciler:
    def __init__(self, client, node_lister, max_per_slice: int = MAX_ENDPOINTS_PER_SLICE, on_write=None):
        self.client = client
        self.nodes = node_lister
        self.max = max_per_slice
        self.on_write = on_write or (lambda obj: None)     # the slice tracker: our own writes

    def reconcile(self, svc: dict, pods: list[dict], existing: list[dict], trigger_time) -> None:
        to_create, to_update, to_delete = [], [], []
        by_ports: dict[tuple, list[dict]] = {}
        for s in existing:
            if owned_by(s, svc) and s.get("addressType") == "IPv4":
                by_ports.setdefault(_port_key(s.get("ports")), []).append(s)
            else:
                to_delete.append(s)
        desired: dict[tuple, dict[tuple, dict]] = {}
        desired_ports: dict[tuple, list[dict]] = {}
        errors = []
        publish = bool((svc.get("spec") or {}).get("publishNotReadyAddresses"))
        for pod in pods:
            if not should_pod_be_in_endpoints(pod, True):
                continue
            ports = endpoint_ports(svc, pod)
            key = _port_key(ports)
            desired.setdefault(key, {})
            desired_ports.setdefault(key, ports)
            node_name = (pod.get("spec") or {}).get("nodeName") or ""
            node = self.nodes.get(None, node_name) if node_name else None
            if node is None and not publish:
                errors.append(f"skipping Pod {pod['metadata']['name']} for Service "
                              f"{svc['metadata']['namespace']}/{svc['metadata']['name']}: Node {node_name} Not Found")
                continue
            ep = pod_to_endpoint(pod, node, svc)
            if ep["addresses"] and ep["addresses"][0]:
                desired[key][_endpoint_key(ep)] = ep
        for key, endpoints in desired.items():
            c, u, d = self.reconcile_by_port_mapping(svc, by_ports.get(key, []), endpoints, desired_ports[key])
            to_create += c
            to_update += u
            to_delete += d
        for key, slices in by_ports.items():
            if key not in desired:
                to_delete += slices
        if len(existing) == len(to_delete) and not to_create:
            placeholder = new_endpoint_slice(svc, [])
            if len(to_delete) == 1 and _is_placeholder(to_delete[0], placeholder):
                to_delete = []
            else:
                to_create.append(placeholder)
        self.finalize(svc, to_create, to_update, to_delete, trigger_time)
        if errors:
            raise RuntimeError("; ".join(errors))

    def reconcile_by_port_mapping(self, svc, existing, desired: dict, ports):
        by_name = {}
        unchanged, to_update, to_delete = [], [], []
        for s in existing:
            name = s["metadata"]["name"]
            by_name[name] = s
            kept, changed = [], False
            for ep in s.get("endpoints") or []:
                got = desired.pop(_endpoint_key(ep), None)
                if got is not None:
                    kept.append(got)
                    if got != ep:
                        changed = True
            labels, labels_changed = slice_labels(s, svc)
            if changed or len(kept) != len(s.get("endpoints") or []):
                if not kept:
                    to_delete.append(name)
                else:
                    new = deep_copy(s)
                    new["endpoints"], new["metadata"]["labels"] = kept, labels
                    by_name[name] = new
                    to_update.append(name)
            elif labels_changed:
                new = deep_copy(s)
                new["metadata"]["labels"] = labels
                by_name[name] = new
                to_update.append(name)
            else:
                unchanged.append(name)
        remaining = [desired[k] for k in sorted(desired, key=lambda k: (k[2], k[3], k))]
        if remaining and to_update:
            for s in sorted((by_name[n] for n in to_update), key=lambda s: -len(s["endpoints"])):
                while remaining and len(s["endpoints"]) < self.max:
                    s["endpoints"].append(remaining.pop(0))
        to_create = []
        while remaining:
            fill = None
            if len(remaining) < self.max and unchanged:
                fill = get_slice_to_fill([by_name[n] for n in unchanged], len(remaining), self.max)
            if fill is None:
                fill = new_endpoint_slice(svc, ports)
            else:
                fill = deep_copy(fill)
                by_name[fill["metadata"]["name"]] = fill
            while remaining and len(fill["endpoints"]) < self.max:
                fill["endpoints"].append(remaining.pop(0))
            if fill["metadata"].get("name"):
                to_update.append(fill["metadata"]["name"])
                unchanged.remove(fill["metadata"]["name"])
            else:
                to_create.append(fill)
        return to_create, [by_name[n] for n in to_update], [by_name[n] for n in to_delete]

    def finalize(self, svc, to_create, to_update, to_delete, trigger_time) -> None:
        i = 0
        while i < len(to_delete) and to_create:
            doomed, s = to_delete[i], to_create[-1]
            if doomed.get("addressType") == s["addressType"] and owned_by(doomed, svc):
                s = deep_copy(s)
                s["metadata"] = {**doomed["metadata"], "labels": s["metadata"]["labels"],
                                 "ownerReferences": s["metadata"]["ownerReferences"]}
                s["metadata"].pop("generateName", None)
                to_create.pop()
                to_update.append(s)
                to_delete.pop(i)
            else:
                i += 1
        ns = svc["metadata"]["namespace"]
        if not svc["metadata"].get("deletionTimestamp"):
            for s in to_create:
                _set_trigger_time(s, trigger_time)
                try:
                    self.on_write(self.client.create(s, ns))
                except APIError as err:
                    if any(c.get("reason") == "NamespaceTerminating" for c in (err.details or {}).get("causes") or []):
                        return
                    raise RuntimeError(f"failed to create EndpointSlice for Service {ns}/"
                                       f"{svc['metadata']['name']}: {err.message}") from err
        for s in to_update:
            _set_trigger_time(s, trigger_time)
            try:
                self.on_write(self.client.update(s))
            except APIError as err:
                raise RuntimeError(f"failed to update {s['metadata']['name']} EndpointSlice for Service "
                                   f"{ns}/{svc['metadata']['name']}: {err.message}") from err
        for s in to_delete:
            try:
                self.client.delete("discovery.k8s.io/v1", "EndpointSlice", s["metadata"]["name"], ns)
            except APIError as err:
                if err.code != 404:
                    raise RuntimeError(f"failed to delete {s['metadata']['name']} EndpointSlice for Service "
                                       f"{ns}/{svc['metadata']['name']}: {err.message}") from err


def _set_trigger_time(s: dict, trigger_time) -> None:
    ann = s["metadata"].setdefault("annotations", {})
    if trigger_time is not None:
        ann[LAST_CHANGE_TRIGGER_TIME] = format_trigger_time(trigger_time)
    else:
        ann.pop(LAST_CHANGE_TRIGGER_TIME, None)
    if not ann:
        del s["metadata"]["annotations"]
    s.setdefault("apiVersion", "discovery.k8s.io/v1")
    s.setdefault("kind", "EndpointSlice")


def _is_placeholder(existing: dict, placeholder: dict) -> bool:
    """placeholderSliceCompare: same namespace, generateName, addressType, no ports or endpoints."""
    return not existing.get("ports") and not existing.get("endpoints") and \
        existing.get("addressType") == placeholder["addressType"] and \
        existing["metadata"].get("namespace") == placeholder["metadata"]["namespace"] and \
        (existing["metadata"].get("labels") or {}) == placeholder["metadata"]["labels"]
