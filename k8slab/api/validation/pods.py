"""Pod, PodSpec and PodTemplateSpec validation, and the pod update rules.

Follows `pkg/apis/core/validation/validation.go` (v1.32): ValidatePodCreate, ValidatePodUpdate
(only images, activeDeadlineSeconds, added tolerations and a negative grace period may change),
ValidatePodSpec, validateContainers/validateInitContainers, validateRestartPolicy,
validateDNSPolicy, validatePodSpecSecurityContext, validatePodHostNetworkDeps and
ValidatePodTemplateSpec; the container-level checks live in containers.py. Values are those after
defaulting (defaults.py), as upstream validates.

Differences from upstream: affinity, topology spread, DNS config and sysctls are not checked; the
diff that ends the "pod updates may not change fields" message lists changed JSON paths instead of
go-cmp's rendering of core.PodSpec; privileged containers are allowed (as with kubeadm's
--allow-privileged=true).
"""

from __future__ import annotations

import copy
import json

from . import field as f
from . import meta as m
from .containers import (DNS_POLICIES, MAX_INT32, RESTART_POLICIES, host_port_conflicts,
                         validate_container_common, validate_handler, validate_probe, validate_security_context,
                         validate_tolerations, validate_volumes)
from .field import Cause

UPDATABLE_POD_FIELDS = ("`spec.containers[*].image`,`spec.initContainers[*].image`,"
                        "`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing "
                        "tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it "
                        "was previously negative)")


def validate_pod_spec(spec: dict, path: str, is_pod: bool = False) -> list[Cause]:
    errs: list[Cause] = []
    grace = spec.get("terminationGracePeriodSeconds")
    if grace is None:
        errs.append(f.required(f"{path}.terminationGracePeriodSeconds"))
    vols, verrs = validate_volumes(spec.get("volumes"), f"{path}.volumes")
    errs += verrs
    containers, inits = spec.get("containers") or [], spec.get("initContainers") or []
    cpath = f"{path}.containers"
    if not containers:
        errs.append(f.required(cpath))
    names: set = set()
    for i, c in enumerate(containers):
        p = f"{cpath}[{i}]"
        errs += validate_container_common(c, vols, p)
        if c.get("name", "") in names:
            errs.append(f.duplicate(f"{p}.name", c.get("name", "")))
        names.add(c.get("name", ""))
        for kind in ("livenessProbe", "readinessProbe", "startupProbe"):
            errs += validate_probe(c.get(kind), kind, grace, f"{p}.{kind}")
        for hook in ("postStart", "preStop"):
            if (c.get("lifecycle") or {}).get(hook) is not None:
                errs += validate_handler(c["lifecycle"][hook], grace, f"{p}.lifecycle.{hook}")
        if c.get("restartPolicy") is not None:
            errs.append(f.forbidden(f"{p}.restartPolicy", "may not be set for non-init containers"))
    if containers:
        errs += host_port_conflicts(containers, cpath, set())
    for i, c in enumerate(inits):
        p = f"{path}.initContainers[{i}]"
        errs += validate_container_common(c, vols, p)
        if c.get("restartPolicy") is not None and c["restartPolicy"] != "Always":
            errs.append(f.not_supported(f"{p}.restartPolicy", c["restartPolicy"], ["Always"]))
        if c.get("name", "") in names:
            errs.append(f.duplicate(f"{p}.name", c.get("name", "")))
        elif c.get("name"):
            names.add(c["name"])
        errs += host_port_conflicts([c], f"{path}.initContainers", set())
        if c.get("restartPolicy") != "Always":
            for kind in ("lifecycle", "livenessProbe", "readinessProbe", "startupProbe"):
                if c.get(kind) is not None:
                    errs.append(f.forbidden(f"{p}.{kind}",
                                            "may not be set for init containers without restartPolicy=Always"))
    if spec.get("hostNetwork"):
        for i, c in enumerate(containers):
            for j, port in enumerate(c.get("ports") or []):
                hp, cp = port.get("hostPort") or 0, port.get("containerPort") or 0
                if (is_pod or hp) and hp != cp:
                    errs.append(f.invalid(f"{cpath}[{i}].ports[{j}].hostPort", hp,
                                          "must match `containerPort` when `hostNetwork` is true"))
    rp = spec.get("restartPolicy") or ""
    if not rp:
        errs.append(f.required(f"{path}.restartPolicy"))
    elif rp not in RESTART_POLICIES:
        errs.append(f.not_supported(f"{path}.restartPolicy", rp, RESTART_POLICIES))
    dp = spec.get("dnsPolicy") or ""
    if not dp:
        errs.append(f.required(f"{path}.dnsPolicy"))
    elif dp not in DNS_POLICIES:
        errs.append(f.not_supported(f"{path}.dnsPolicy", dp, DNS_POLICIES))
    errs += m.validate_labels(spec.get("nodeSelector"), f"{path}.nodeSelector")
    sc = spec.get("securityContext") or {}
    errs += validate_security_context(sc, f"{path}.securityContext")
    if sc.get("fsGroup") is not None and not 0 <= sc["fsGroup"] <= MAX_INT32:
        errs.append(f.invalid(f"{path}.securityContext.fsGroup", sc["fsGroup"], m.range_error(0, MAX_INT32)))
    for i, ref in enumerate(spec.get("imagePullSecrets") or []):
        if set(ref) - {"name"}:
            errs.append(f.invalid(f"{path}.imagePullSecrets[{i}]", f.Go(f"core.LocalObjectReference{{Name:"
                                  f"{f.go_quote(ref.get('name', ''))}}}"), "only name may be set"))
    for key in ("serviceAccountName", "nodeName"):
        if spec.get(key):
            errs += f.invalids(f"{path}.{key}", spec[key], m.name_is_dns_subdomain(spec[key]))
    ads = spec.get("activeDeadlineSeconds")
    if ads is not None and not 1 <= ads <= MAX_INT32:
        errs.append(f.invalid(f"{path}.activeDeadlineSeconds", ads, m.range_error(1, MAX_INT32)))
    for key in ("hostname", "subdomain"):
        if spec.get(key):
            errs += f.invalids(f"{path}.{key}", spec[key], m.is_dns1123_label(spec[key]))
    errs += validate_tolerations(spec.get("tolerations"), f"{path}.tolerations")
    if spec.get("priorityClassName"):
        errs += [f.invalid(f"{path}.priorityClassName", spec["priorityClassName"], msg)
                 for msg in m.name_is_dns_subdomain(spec["priorityClassName"])]
    if spec.get("preemptionPolicy") is not None and spec["preemptionPolicy"] not in ("PreemptLowerPriority",
                                                                                     "Never"):
        errs.append(f.not_supported(f"{path}.preemptionPolicy", spec["preemptionPolicy"],
                                    ["PreemptLowerPriority", "Never"]))
    return errs


def validate_template(tmpl: dict | None, path: str) -> list[Cause]:
    """ValidatePodTemplateSpec."""
    tmpl = tmpl or {}
    meta = tmpl.get("metadata") or {}
    errs = m.validate_labels(meta.get("labels"), f"{path}.labels")
    errs += m.validate_annotations(meta.get("annotations"), f"{path}.annotations")
    errs += validate_pod_spec(tmpl.get("spec") or {}, f"{path}.spec")
    if (tmpl.get("spec") or {}).get("ephemeralContainers"):
        errs.append(f.forbidden(f"{path}.spec.ephemeralContainers",
                                "ephemeral containers not allowed in pod template"))
    return errs


def validate_pod(pod: dict) -> list[Cause]:
    spec = pod.get("spec") or {}
    errs = m.validate_object_meta(pod.get("metadata") or {}, True, m.name_is_dns_subdomain)
    errs += validate_pod_spec(spec, "spec", is_pod=True)
    for kind in ("containers", "initContainers"):
        for i, c in enumerate(spec.get(kind) or []):
            img = c.get("image") or ""
            if img != img.strip():
                errs.append(f.invalid(f"spec.{kind}[{i}].image", img,
                                      "must not have leading or trailing whitespace"))
    return errs


def validate_pod_create(pod: dict) -> list[Cause]:
    errs = validate_pod(pod)
    spec = pod.get("spec") or {}
    if spec.get("ephemeralContainers"):
        errs.append(f.forbidden("spec.ephemeralContainers", "cannot be set on create"))
    if spec.get("nodeName") and spec.get("schedulingGates"):
        errs.append(f.forbidden("spec.nodeName", "cannot be set until all schedulingGates have been cleared"))
    return errs


def _flatten(value, prefix=""):
    if isinstance(value, dict):
        for k in sorted(value):
            yield from _flatten(value[k], f"{prefix}.{k}" if prefix else k)
    elif isinstance(value, list) and value and all(isinstance(x, dict) for x in value):
        for i, x in enumerate(value):
            yield from _flatten(x, f"{prefix}[{i}]")
    else:
        yield prefix, value


def spec_diff(old: dict, new: dict) -> str:
    """A compact stand-in for go-cmp's diff of the two specs: one -/+ pair per changed path."""
    a, b = dict(_flatten(old)), dict(_flatten(new))
    lines = ["  core.PodSpec{"]
    for p in sorted(set(a) | set(b)):
        if a.get(p, None) != b.get(p, None) or (p in a) != (p in b):
            if p in a:
                lines.append(f"- \t{p}: {json.dumps(a[p])},")
            if p in b:
                lines.append(f"+ \t{p}: {json.dumps(b[p])},")
    lines.append("  }")
    return "\n".join(lines) + "\n"


def validate_pod_update(new: dict, old: dict) -> list[Cause]:
    errs = m.validate_object_meta_update(new.get("metadata") or {}, old.get("metadata") or {})
    errs += validate_pod(new)
    ns, os_ = new.get("spec") or {}, old.get("spec") or {}
    for kind in ("containers", "initContainers"):
        nc, oc = ns.get(kind) or [], os_.get(kind) or []
        if len(nc) != len(oc):
            return errs + [f.forbidden(f"spec.{kind}", "pod updates may not add or remove containers")]
        for i, c in enumerate(nc):
            if not c.get("image"):
                errs.append(f.required(f"spec.{kind}[{i}].image"))
    nads, oads = ns.get("activeDeadlineSeconds"), os_.get("activeDeadlineSeconds")
    if nads is not None:
        if not 0 <= nads <= MAX_INT32:
            return errs + [f.invalid("spec.activeDeadlineSeconds", nads, m.range_error(0, MAX_INT32))]
        if oads is not None and oads < nads:
            return errs + [f.invalid("spec.activeDeadlineSeconds", nads,
                                     "must be less than or equal to previous value")]
    elif oads is not None:
        errs.append(f.invalid("spec.activeDeadlineSeconds", None,
                              "must not update from a positive integer to nil value"))
    for old_t in os_.get("tolerations") or []:
        if not any({**old_t, "tolerationSeconds": t.get("tolerationSeconds")} == {**t, "tolerationSeconds":
                   t.get("tolerationSeconds")} for t in ns.get("tolerations") or []):
            errs.append(f.forbidden("spec.tolerations",
                                    "existing toleration can not be modified except its tolerationSeconds"))
            break
    if ns == os_:
        return errs
    munged = copy.deepcopy(ns)
    for kind in ("containers", "initContainers"):
        for c, oc in zip(munged.get(kind) or [], os_.get(kind) or []):
            c["image"] = oc.get("image")
    for key in ("activeDeadlineSeconds", "tolerations", "schedulingGates"):
        munged.pop(key, None)
        if key in os_:
            munged[key] = copy.deepcopy(os_[key])
    if (os_.get("terminationGracePeriodSeconds") or 0) < 0 and munged.get("terminationGracePeriodSeconds") == 1:
        munged["terminationGracePeriodSeconds"] = os_["terminationGracePeriodSeconds"]
    if munged != os_:
        errs.append(f.forbidden("spec", f"pod updates may not change fields other than {UPDATABLE_POD_FIELDS}\n"
                                + spec_diff(os_, munged)))
    return errs


def validate_pod_template_object(obj: dict) -> list[Cause]:
    """The PodTemplate kind."""
    errs = m.validate_object_meta(obj.get("metadata") or {}, True, m.name_is_dns_subdomain)
    return errs + validate_template(obj.get("template"), "template")


def controller_template_rules(tmpl: dict | None, path: str, kind: str) -> list[Cause]:
    """What a pod template of a controller that keeps pods running must say (upstream's
    ValidatePodTemplateSpecFor*): restartPolicy Always, and no activeDeadlineSeconds."""
    errs: list[Cause] = []
    tspec = (tmpl or {}).get("spec") or {}
    if tspec.get("restartPolicy") != "Always":
        errs.append(f.not_supported(f"{path}.spec.restartPolicy", tspec.get("restartPolicy", ""), ["Always"]))
    if tspec.get("activeDeadlineSeconds") is not None:
        errs.append(f.forbidden(f"{path}.spec.activeDeadlineSeconds",
                                f"activeDeadlineSeconds in {kind} is not Supported"))
    return errs
