"""Core-group validation for capacity and storage: Nodes, PersistentVolumes and claims,
LimitRanges, ResourceQuotas, and the decoder's quantity check.

Follows `pkg/apis/core/validation/validation.go` (v1.32): ValidateNode[Update] (taints, podCIDRs,
providerID), ValidatePersistentVolume[Spec], ValidatePersistentVolumeClaim[Spec|Update],
ValidateLimitRange, ValidateResourceQuota[Update] and ValidateResourceQuantityValue; the quantity
text is `resource.ParseQuantity`'s error, which upstream returns as a 400 while decoding.

Differences from upstream: PV volume sources are counted but not checked one by one; node
affinity of PVs, quota scope selectors and volume attributes classes are not validated; where
upstream passes a resource.Quantity by value (LimitRange min/max, integer quota) and Go prints
the struct with `%#v`, the canonical quantity text is printed instead.
"""

from __future__ import annotations

import copy
import ipaddress

from . import field as f
from . import meta as m
from .field import Cause
from .pods import spec_diff
from .quantity import QUANTITY_ERROR, QuantityError, parse_quantity

ACCESS_MODES = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"]
RECLAIM_POLICIES = ["Delete", "Recycle", "Retain"]
VOLUME_MODES = ["Block", "Filesystem"]
TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"]
PV_SOURCES = ("hostPath", "gcePersistentDisk", "awsElasticBlockStore", "glusterfs", "flocker", "nfs",
              "rbd", "quobyte", "cephfs", "iscsi", "cinder", "fc", "flexVolume", "azureFile",
              "vsphereVolume", "azureDisk", "photonPersistentDisk", "portworxVolume", "scaleIO",
              "local", "storageos", "csi")
QUOTA_RESOURCES = {"pods", "services", "replicationcontrollers", "resourcequotas", "secrets", "configmaps",
                   "persistentvolumeclaims", "services.nodeports", "services.loadbalancers", "cpu", "memory",
                   "ephemeral-storage", "storage", "requests.cpu", "requests.memory", "requests.storage",
                   "requests.ephemeral-storage", "limits.cpu", "limits.memory", "limits.ephemeral-storage"}
INTEGER_RESOURCES = {"pods", "services", "replicationcontrollers", "resourcequotas", "secrets", "configmaps",
                     "persistentvolumeclaims", "services.nodeports", "services.loadbalancers"}


def check_quantities(obj: dict) -> str | None:
    """The decode error for the first malformed quantity, or None (a 400 upstream, not a 422)."""
    def walk(v):
        if isinstance(v, dict):
            for k, x in v.items():
                if k in ("limits", "requests", "capacity", "allocatable", "hard", "used", "max", "min",
                         "default", "defaultRequest", "maxLimitRequestRatio", "overhead") and isinstance(x,
                                                                                                         dict):
                    for q in x.values():
                        if not isinstance(q, dict):
                            yield q
                elif k in ("sizeLimit", "divisor"):
                    yield x
                yield from walk(x)
        elif isinstance(v, list):
            for x in v:
                yield from walk(x)
    for q in walk({k: v for k, v in obj.items() if k != "metadata"}):
        try:
            parse_quantity(q)
        except QuantityError:
            return QUANTITY_ERROR
    return None


def _quantity_value(name: str, q, path: str) -> list[Cause]:
    try:
        qty = parse_quantity(q)
    except QuantityError:
        return []
    errs = [f.invalid(path, str(qty), f.IS_NEGATIVE)] if qty.value < 0 else []
    if name in INTEGER_RESOURCES and qty.milli_value() % 1000:
        errs.append(f.invalid(path, str(qty), "must be an integer"))
    return errs


def _taints(taints, path: str) -> list[Cause]:
    errs, seen = [], set()
    for i, t in enumerate(taints or []):
        p = f"{path}[{i}]"
        errs += m.validate_label_name(t.get("key", ""), f"{p}.key")
        msgs = m.is_valid_label_value(t.get("value") or "")
        if msgs:
            errs.append(f.invalid(f"{p}.value", t.get("value", ""), ";".join(msgs)))
        eff = t.get("effect") or ""
        if not eff:
            errs.append(f.required(f"{p}.effect"))
        elif eff not in TAINT_EFFECTS:
            errs.append(f.not_supported(f"{p}.effect", eff, TAINT_EFFECTS))
        key = (t.get("key"), eff)
        if key in seen:
            key_s, value_s = f.go_quote(t.get("key", "")), f.go_quote(t.get("value", ""))
            errs.append((p, f.DUPLICATE, f"Duplicate value: core.Taint{{Key:{key_s}, Value:{value_s}, "
                         f"Effect:{f.go_quote(eff)}, TimeAdded:<nil>}}: "
                         "taints must be unique by key and effect pair"))
            continue
        seen.add(key)
    return errs


def _node_resources(node: dict) -> list[Cause]:
    errs: list[Cause] = []
    st = node.get("status") or {}
    for kind in ("capacity", "allocatable"):
        for k, v in sorted((st.get(kind) or {}).items()):
            errs += _quantity_value(k, v, f"status.{kind}.{k}")
    return errs


def validate_node(node: dict) -> list[Cause]:
    errs = m.validate_object_meta(node.get("metadata") or {}, False, m.name_is_dns_subdomain)
    spec = node.get("spec") or {}
    if spec.get("taints"):
        errs += _taints(spec["taints"], "metadata.taints")
    errs += _node_resources(node)
    cidrs = spec.get("podCIDRs") or []
    for i, c in enumerate(cidrs):
        try:
            ipaddress.ip_network(c, strict=False)
        except ValueError:
            errs.append(f.invalid(f"spec.podCIDRs[{i}]", c,
                                  "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"))
    return errs


def validate_node_update(new: dict, old: dict) -> list[Cause]:
    errs = m.validate_object_meta_update(new.get("metadata") or {}, old.get("metadata") or {})
    errs += _node_resources(new)
    ns, os_ = new.get("spec") or {}, old.get("spec") or {}
    if os_.get("podCIDRs") and ns.get("podCIDRs") != os_.get("podCIDRs"):
        errs.append(f.forbidden("spec.podCIDRs",
                                "node updates may not change podCIDR except from \"\" to valid"))
    if os_.get("providerID") and ns.get("providerID") != os_["providerID"]:
        errs.append(f.forbidden("spec.providerID",
                                "node updates may not change providerID except from \"\" to valid"))
    if ns.get("taints"):
        errs += _taints(ns["taints"], "metadata.taints")
    return errs


def _access_modes(modes, path: str, required_detail: str) -> list[Cause]:
    errs = [] if modes else [f.required(path, required_detail)]
    errs += [f.not_supported(path, mode, ACCESS_MODES) for mode in modes or [] if mode not in ACCESS_MODES]
    others = [x for x in modes or [] if x in ACCESS_MODES and x != "ReadWriteOncePod"]
    if "ReadWriteOncePod" in (modes or []) and others:
        errs.append(f.forbidden(path, "may not use ReadWriteOncePod with other access modes"))
    return errs


def validate_pv(pv: dict) -> list[Cause]:
    errs = m.validate_object_meta(pv.get("metadata") or {}, False, m.name_is_dns_subdomain)
    s = pv.get("spec") or {}
    errs += _access_modes(s.get("accessModes"), "spec.accessModes", "")
    cap = s.get("capacity") or {}
    if not cap:
        errs.append(f.required("spec.capacity"))
    if "storage" not in cap or len(cap) > 1:
        errs.append(f.not_supported("spec.capacity", f.Go(f.go_map(cap, "core.ResourceList")), ["storage"]))
    for k, q in sorted(cap.items()):
        try:
            if parse_quantity(q).value <= 0:
                errs.append(f.invalid(f"spec.capacity[{k}]", str(parse_quantity(q)),
                                      "must be greater than zero"))
        except QuantityError:
            pass
    pol = s.get("persistentVolumeReclaimPolicy") or ""
    if pol and pol not in RECLAIM_POLICIES:
        errs.append(f.not_supported("spec.persistentVolumeReclaimPolicy", pol, RECLAIM_POLICIES))
    found = [k for k in PV_SOURCES if s.get(k) is not None]
    errs += [f.forbidden(f"spec.{k}", "may not specify more than 1 volume type") for k in found[1:]]
    if not found:
        errs.append(f.required("spec", "must specify a volume type"))
    if s.get("hostPath") is not None and not s["hostPath"].get("path"):
        errs.append(f.required("spec.hostPath.path"))
    if s.get("volumeMode") is not None and s["volumeMode"] not in VOLUME_MODES:
        errs.append(f.not_supported("spec.volumeMode", s["volumeMode"], VOLUME_MODES))
    return errs


def validate_pvc_spec(s: dict, path: str) -> list[Cause]:
    errs = _access_modes(s.get("accessModes"), f"{path}.accessModes", "at least 1 access mode is required")
    errs += m.validate_label_selector(s.get("selector"), f"{path}.selector")
    storage = ((s.get("resources") or {}).get("requests") or {}).get("storage")
    if storage is None:
        errs.append(f.required(f"{path}.resources[storage]"))
    else:
        try:
            if parse_quantity(storage).value <= 0:
                errs.append(f.invalid(f"{path}.resources[storage]", str(parse_quantity(storage)),
                                      "must be greater than zero"))
        except QuantityError:
            pass
    if s.get("storageClassName"):
        errs += [f.invalid(f"{path}.storageClassName", s["storageClassName"], msg)
                 for msg in m.name_is_dns_subdomain(s["storageClassName"])]
    if s.get("volumeMode") is not None and s["volumeMode"] not in VOLUME_MODES:
        errs.append(f.not_supported(f"{path}.volumeMode", s["volumeMode"], VOLUME_MODES))
    return errs


def validate_pvc(pvc: dict) -> list[Cause]:
    errs = m.validate_object_meta(pvc.get("metadata") or {}, True, m.name_is_dns_subdomain)
    return errs + validate_pvc_spec(pvc.get("spec") or {}, "spec")


def validate_pvc_update(new: dict, old: dict) -> list[Cause]:
    errs = m.validate_object_meta_update(new.get("metadata") or {}, old.get("metadata") or {})
    errs += validate_pvc(new)
    ns, os_ = copy.deepcopy(new.get("spec") or {}), copy.deepcopy(old.get("spec") or {})
    if not os_.get("volumeName"):
        os_["volumeName"] = ns.get("volumeName")
        if os_["volumeName"] is None:
            del os_["volumeName"]
    if (new.get("status") or {}).get("phase") == "Bound":
        req = (ns.get("resources") or {}).get("requests")
        if req is not None:
            req["storage"] = ((os_.get("resources") or {}).get("requests") or {}).get("storage")
    if ns != os_:
        errs.append(f.forbidden("spec", "spec is immutable after creation except resources.requests and "
                                "volumeAttributesClassName for bound claims\n" + spec_diff(os_, ns)
                                .replace("core.PodSpec", "core.PersistentVolumeClaimSpec")))
    try:
        old_size = parse_quantity(((old.get("spec") or {}).get("resources") or {}).get("requests",
                                                                                       {}).get("storage", 0))
        new_size = parse_quantity(((new.get("spec") or {}).get("resources") or {}).get("requests",
                                                                                       {}).get("storage", 0))
        if new_size < old_size:
            errs.append(f.forbidden("spec.resources.requests.storage",
                                    "field can not be less than status.capacity"))
    except QuantityError:
        pass
    return errs


def _qty(v):
    try:
        return parse_quantity(v)
    except QuantityError:
        return None


def validate_limit_range(lr: dict) -> list[Cause]:
    errs = m.validate_object_meta(lr.get("metadata") or {}, True, m.name_is_dns_subdomain)
    types = set()
    for i, item in enumerate((lr.get("spec") or {}).get("limits") or []):
        p, typ = f"spec.limits[{i}]", item.get("type") or ""
        msgs = m.is_qualified_name(typ)
        errs += f.invalids(f"{p}.type", typ, msgs)
        if not msgs and "/" not in typ and typ not in ("Pod", "Container", "PersistentVolumeClaim"):
            errs.append(f.invalid(f"{p}.type", typ, "must be a standard limit type or fully qualified"))
        if typ in types:
            errs.append(f.duplicate(f"{p}.type", typ))
        types.add(typ)
        if typ == "Pod":
            for k in ("default", "defaultRequest"):
                if item.get(k):
                    errs.append(f.forbidden(f"{p}.{k}", "may not be specified when `type` is 'Pod'"))
        q = {k: {r: _qty(v) for r, v in (item.get(k) or {}).items() if _qty(v) is not None}
             for k in ("min", "max", "default", "defaultRequest")}
        for r in sorted(set().union(*(d.keys() for d in q.values()))):
            mn, mx, d, dr = (q[k].get(r) for k in ("min", "max", "default", "defaultRequest"))
            if mn is not None and mx is not None and mn > mx:
                errs.append(f.invalid(f"{p}.min[{r}]", f.Go(str(mn)),
                                      f"min value {mn} is greater than max value {mx}"))
            if dr is not None and mn is not None and mn > dr:
                errs.append(f.invalid(f"{p}.defaultRequest[{r}]", f.Go(str(dr)),
                                      f"min value {mn} is greater than default request value {dr}"))
            if dr is not None and mx is not None and dr > mx:
                errs.append(f.invalid(f"{p}.defaultRequest[{r}]", f.Go(str(dr)),
                                      f"default request value {dr} is greater than max value {mx}"))
            if dr is not None and d is not None and dr > d:
                errs.append(f.invalid(f"{p}.defaultRequest[{r}]", f.Go(str(dr)),
                                      f"default request value {dr} is greater than default limit value {d}"))
            if d is not None and mn is not None and mn > d:
                errs.append(f.invalid(f"{p}.default[{r}]", f.Go(str(mn)),
                                      f"min value {mn} is greater than default value {d}"))
            if d is not None and mx is not None and d > mx:
                errs.append(f.invalid(f"{p}.default[{r}]", f.Go(str(mx)),
                                      f"default value {d} is greater than max value {mx}"))
    return errs


def validate_resource_quota(rq: dict) -> list[Cause]:
    errs = m.validate_object_meta(rq.get("metadata") or {}, True, m.name_is_dns_subdomain)
    for k, v in sorted(((rq.get("spec") or {}).get("hard") or {}).items()):
        p = f"spec.hard[{k}]"
        msgs = m.is_qualified_name(k)
        errs += f.invalids(p, k, msgs)
        if not msgs and "/" not in k and k not in QUOTA_RESOURCES and not k.startswith(("count/",
                                                                                        "requests.hugepages-")):
            errs.append(f.invalid(p, k, "must be a standard resource for quota"))
        errs += _quantity_value(k, v, p)
    return errs


def validate_resource_quota_update(new: dict, old: dict) -> list[Cause]:
    errs = m.validate_object_meta_update(new.get("metadata") or {}, old.get("metadata") or {})
    errs += m.without_object_meta(validate_resource_quota(new))
    ns, os_ = (new.get("spec") or {}).get("scopes") or [], (old.get("spec") or {}).get("scopes") or []
    if set(ns) != set(os_):
        errs.append(f.invalid("spec.scopes", f.Go(f.go_strings(ns or None, "[]core.ResourceQuotaScope")),
                              f.IMMUTABLE))
    return errs
