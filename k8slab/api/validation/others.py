"""Validation for the smaller kinds: StorageClass, PriorityClass, Lease, HPA, PDB, EndpointSlice,
ControllerRevision, CertificateSigningRequest and CustomResourceDefinition metadata.

Follows `pkg/apis/storage/validation/validation.go` (ValidateStorageClass[Update]),
`pkg/apis/scheduling/validation/validation.go`, `pkg/apis/coordination/validation/validation.go`,
`pkg/apis/autoscaling/validation/validation.go`, `pkg/apis/policy/validation/validation.go`,
`pkg/apis/discovery/validation/validation.go`, `pkg/apis/apps/validation/validation.go`
(ValidateControllerRevision) and `pkg/apis/certificates/validation/validation.go`.

Differences from upstream: only the rules a learner meets first are ported; CSR PEM contents,
HPA metrics/behavior and CRD schemas are not validated.
"""

from __future__ import annotations

from . import field as f
from . import meta as m
from .field import Cause

ADDRESS_TYPES = ["FQDN", "IPv4", "IPv6"]
PERCENT_MSG = "a valid percent string must be a numeric string followed by an ending '%'"


def _meta(obj: dict, namespaced: bool, fn=m.name_is_dns_subdomain) -> list[Cause]:
    return m.validate_object_meta(obj.get("metadata") or {}, namespaced, fn)


def validate_storage_class(sc: dict) -> list[Cause]:
    errs = _meta(sc, False)
    prov = sc.get("provisioner") or ""
    if not prov:
        errs.append(f.required("provisioner"))
    elif len(prov) > 63:
        errs.append(f.too_long("provisioner", 63))
    rp = sc.get("reclaimPolicy")
    if rp is not None and rp not in ("Delete", "Retain"):
        errs.append(f.not_supported("reclaimPolicy", rp, ["Delete", "Retain"]))
    vbm = sc.get("volumeBindingMode")
    if vbm is None:
        errs.append(f.required("volumeBindingMode"))
    elif vbm not in ("Immediate", "WaitForFirstConsumer"):
        errs.append(f.not_supported("volumeBindingMode", vbm, ["Immediate", "WaitForFirstConsumer"]))
    return errs


def validate_storage_class_update(new: dict, old: dict) -> list[Cause]:
    errs = m.validate_object_meta_update(new.get("metadata") or {}, old.get("metadata") or {})
    for k in ("parameters", "provisioner", "reclaimPolicy"):
        if new.get(k) != old.get(k):
            errs.append(f.forbidden(k, f"updates to {k} are forbidden."))
    return errs + m.immutable(new.get("volumeBindingMode"), old.get("volumeBindingMode"), "volumeBindingMode")


def validate_priority_class(pc: dict) -> list[Cause]:
    errs = _meta(pc, False)
    name = (pc.get("metadata") or {}).get("name") or ""
    known = {"system-node-critical": 2000001000, "system-cluster-critical": 2000000000}
    if name.startswith("system-"):
        if name not in known:
            errs.append(f.forbidden("metadata.name", "priority class names with 'system-' prefix are reserved "
                                    f"for system use only. error: {name} is not a known system priority class"))
    elif (pc.get("value") or 0) > 1000000000:
        errs.append(f.forbidden("value", "maximum allowed value of a user defined priority is 1000000000"))
    pp = pc.get("preemptionPolicy")
    if pp is not None and pp not in ("PreemptLowerPriority", "Never"):
        errs.append(f.not_supported("preemptionPolicy", pp, ["PreemptLowerPriority", "Never"]))
    return errs


def validate_priority_class_update(new: dict, old: dict) -> list[Cause]:
    errs = m.validate_object_meta_update(new.get("metadata") or {}, old.get("metadata") or {})
    if new.get("value") != old.get("value"):
        errs.append(f.forbidden("Value", "may not be changed in an update."))
    return errs + m.immutable(new.get("preemptionPolicy"), old.get("preemptionPolicy"), "preemptionPolicy")


def validate_lease(lease: dict) -> list[Cause]:
    errs = _meta(lease, True)
    s = lease.get("spec") or {}
    if s.get("leaseDurationSeconds") is not None and s["leaseDurationSeconds"] <= 0:
        errs.append(f.invalid("spec.leaseDurationSeconds", s["leaseDurationSeconds"], "must be greater than 0"))
    if s.get("leaseTransitions") is not None:
        errs += m.nonnegative(s["leaseTransitions"], "spec.leaseTransitions")
    return errs


def validate_hpa(hpa: dict) -> list[Cause]:
    errs = _meta(hpa, True)
    s = hpa.get("spec") or {}
    ref = s.get("scaleTargetRef") or {}
    for k in ("kind", "name"):
        if not ref.get(k):
            errs.append(f.required(f"spec.scaleTargetRef.{k}"))
        else:
            errs += f.invalids(f"spec.scaleTargetRef.{k}", ref[k], m.is_valid_path_segment_name(ref[k]))
    mn, mx = s.get("minReplicas"), s.get("maxReplicas") or 0
    if mn is not None and mn < 1:
        errs.append(f.invalid("spec.minReplicas", mn, "must be greater than or equal to 1"))
    if mx < 1:
        errs.append(f.invalid("spec.maxReplicas", mx, "must be greater than 0"))
    if mn is not None and mx < mn:
        errs.append(f.invalid("spec.maxReplicas", mx, "must be greater than or equal to `minReplicas`"))
    cpu = s.get("targetCPUUtilizationPercentage")
    if cpu is not None and cpu < 1:
        errs.append(f.invalid("spec.targetCPUUtilizationPercentage", cpu, "must be greater than 0"))
    return errs


def validate_pdb(pdb: dict) -> list[Cause]:
    errs = _meta(pdb, True)
    s = pdb.get("spec") or {}
    if s.get("minAvailable") is not None and s.get("maxUnavailable") is not None:
        errs.append(f.invalid("spec", f.Go("policy.PodDisruptionBudgetSpec{...}"),
                              "minAvailable and maxUnavailable cannot be both set"))
    for k in ("minAvailable", "maxUnavailable"):
        v = s.get(k)
        if isinstance(v, int):
            errs += m.nonnegative(v, f"spec.{k}")
        elif isinstance(v, str) and (not v.endswith("%") or not v[:-1].isdigit()):
            msg = m.regex_error(PERCENT_MSG, "[0-9]+%", "1%", "93%")
            errs.append(f.invalid(f"spec.{k}", f.go_intstr(v), msg))
    return errs + m.validate_label_selector(s.get("selector"), "spec.selector")


def validate_endpoint_slice(es: dict) -> list[Cause]:
    errs = _meta(es, True)
    at = es.get("addressType") or ""
    if not at:
        errs.append(f.required("addressType"))
    elif at not in ADDRESS_TYPES:
        errs.append(f.not_supported("addressType", at, ADDRESS_TYPES))
    for i, ep in enumerate(es.get("endpoints") or []):
        addrs = ep.get("addresses") or []
        if not addrs:
            errs.append(f.required(f"endpoints[{i}].addresses", "must contain at least 1 address"))
        elif len(addrs) > 100:
            errs.append(f.too_many(f"endpoints[{i}].addresses", len(addrs), 100))
    for i, p in enumerate(es.get("ports") or []):
        if p.get("port") is not None:
            errs += [f.invalid(f"ports[{i}].port", p["port"], msg) for msg in m.is_valid_port_num(p["port"])]
        if p.get("protocol") not in ("TCP", "UDP", "SCTP"):
            errs.append(f.not_supported(f"ports[{i}].protocol", p.get("protocol", ""), ["SCTP", "TCP", "UDP"]))
    return errs


def validate_controller_revision(cr: dict) -> list[Cause]:
    errs = _meta(cr, True)
    if cr.get("data") is None:
        errs.append(f.required("data", "data is mandatory"))
    return errs + m.nonnegative(cr.get("revision", 0), "revision")


def validate_csr(csr: dict) -> list[Cause]:
    errs = _meta(csr, False)
    s = csr.get("spec") or {}
    if not s.get("request"):
        errs.append(f.required("spec.request"))
    if not s.get("signerName"):
        errs.append(f.required("spec.signerName"))
    return errs
