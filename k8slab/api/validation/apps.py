"""apps/v1 validation: Deployments, ReplicaSets, DaemonSets, StatefulSets, ControllerRevisions.

Follows `pkg/apis/apps/validation/validation.go` (v1.32): ValidateDeploymentSpec and
ValidateDeploymentStrategy/ValidateRollingUpdateDeployment, ValidateReplicaSetSpec,
ValidatePodTemplateSpecForReplicaSet (`selector` does not match template `labels`),
ValidateDaemonSetSpec/ValidateDaemonSetUpdateStrategy/ValidateRollingUpdateDaemonSet,
ValidateStatefulSetSpec/ValidateStatefulSetUpdate; and the apps/v1 registry strategies'
ValidateUpdate that makes `spec.selector` immutable (`pkg/registry/apps/*/strategy.go`).

Differences from upstream: DaemonSet templateGeneration is not tracked; StatefulSet ordinals and
volumeClaimTemplates are not validated beyond what the pod template check covers.
"""

from __future__ import annotations

import copy
import re

from . import field as f
from . import meta as m
from .field import Cause
from .pods import controller_template_rules, validate_template

PERCENT = re.compile(r"^[0-9]+%$")
STATEFULSET_UPDATABLE = ("updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', "
                         "'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are "
                         "forbidden")


def _int_or_percent(v, path: str) -> list[Cause]:
    if isinstance(v, str):
        msg = m.regex_error("a valid percent string must be a numeric string followed by an ending '%'",
                            "[0-9]+%", "1%", "93%")
        return [] if PERCENT.match(v) else [f.invalid(path, f.go_intstr(v), msg)]
    return m.nonnegative(v or 0, path)


def _value(v) -> int:
    if isinstance(v, str):
        return int(v[:-1]) if PERCENT.match(v) else 0
    return v or 0


def _over_100(v, path: str) -> list[Cause]:
    if isinstance(v, str) and PERCENT.match(v) and int(v[:-1]) > 100:
        return [f.invalid(path, f.go_intstr(v), "must not be greater than 100%")]
    return []


def _template_for_selector(spec: dict, path: str, kind: str) -> list[Cause]:
    """ValidatePodTemplateSpecForReplicaSet (shared by Deployment and ReplicaSet)."""
    errs: list[Cause] = []
    tmpl = spec.get("template") or {}
    labels = (tmpl.get("metadata") or {}).get("labels")
    sel = spec.get("selector")
    if not m.selector_empty(sel) and not m.selector_matches(sel, labels):
        errs.append(f.invalid(f"{path}.metadata.labels", f.Go(f.go_map(labels)),
                              "`selector` does not match template `labels`"))
    errs += validate_template(tmpl, path)
    return errs + controller_template_rules(tmpl, path, kind)


def _selector(spec: dict, workload: str) -> list[Cause]:
    sel = spec.get("selector")
    if sel is None:
        return [f.required("spec.selector")]
    errs = m.validate_label_selector(sel, "spec.selector")
    if m.selector_empty(sel):
        errs.append(f.invalid("spec.selector", f.go_label_selector(sel),
                              f"empty selector is invalid for {workload}"))
    return errs


def validate_deployment(d: dict) -> list[Cause]:
    errs = m.validate_object_meta(d.get("metadata") or {}, True, m.name_is_dns_subdomain)
    s = d.get("spec") or {}
    errs += m.nonnegative(s.get("replicas", 0), "spec.replicas") + _selector(s, "deployment")
    errs += _template_for_selector(s, "spec.template", "ReplicaSet")
    st = s.get("strategy") or {}
    if st.get("type") == "Recreate":
        if st.get("rollingUpdate") is not None:
            errs.append(f.forbidden("spec.strategy.rollingUpdate",
                                    "may not be specified when strategy `type` is 'Recreate'"))
    elif st.get("type") == "RollingUpdate":
        ru = st.get("rollingUpdate")
        if ru is None:
            errs.append(f.required("spec.strategy.rollingUpdate", "this should be defaulted and never be nil"))
        else:
            p = "spec.strategy.rollingUpdate"
            errs += _int_or_percent(ru.get("maxUnavailable"), f"{p}.maxUnavailable")
            errs += _int_or_percent(ru.get("maxSurge"), f"{p}.maxSurge")
            if _value(ru.get("maxUnavailable")) == 0 and _value(ru.get("maxSurge")) == 0:
                errs.append(f.invalid(f"{p}.maxUnavailable", f.go_intstr(ru.get("maxUnavailable")),
                                      "may not be 0 when `maxSurge` is 0"))
            errs += _over_100(ru.get("maxUnavailable"), f"{p}.maxUnavailable")
    else:
        ru = st.get("rollingUpdate")
        shown = "(*apps.RollingUpdateDeployment)(nil)" if ru is None else "&apps.RollingUpdateDeployment{...}"
        errs.append(f.not_supported("spec.strategy", f.Go(f.go_struct("apps.DeploymentStrategy", [
            ("Type",
             f.go_quote(st.get("type") or "")), ("RollingUpdate", shown)])), ["Recreate", "RollingUpdate"]))
    errs += m.nonnegative(s.get("minReadySeconds", 0), "spec.minReadySeconds")
    if s.get("revisionHistoryLimit") is not None:
        errs += m.nonnegative(s["revisionHistoryLimit"], "spec.revisionHistoryLimit")
    pds = s.get("progressDeadlineSeconds")
    if pds is not None:
        errs += m.nonnegative(pds, "spec.progressDeadlineSeconds")
        if pds <= s.get("minReadySeconds", 0):
            errs.append(f.invalid("spec.progressDeadlineSeconds", pds, "must be greater than minReadySeconds"))
    return errs


def validate_replica_set(rs: dict) -> list[Cause]:
    errs = m.validate_object_meta(rs.get("metadata") or {}, True, m.name_is_dns_subdomain)
    s = rs.get("spec") or {}
    errs += m.nonnegative(s.get("replicas", 0), "spec.replicas")
    errs += m.nonnegative(s.get("minReadySeconds", 0), "spec.minReadySeconds")
    return errs + _selector(s, "deployment") + _template_for_selector(s, "spec.template", "ReplicaSet")


def validate_daemon_set(ds: dict) -> list[Cause]:
    errs = m.validate_object_meta(ds.get("metadata") or {}, True, m.name_is_dns_subdomain)
    s = ds.get("spec") or {}
    sel = s.get("selector")
    errs += m.validate_label_selector(sel, "spec.selector")
    labels = ((s.get("template") or {}).get("metadata") or {}).get("labels")
    if sel is not None and not m.selector_matches(sel, labels):
        errs.append(f.invalid("spec.template.metadata.labels", f.Go(f.go_map(labels)),
                              "`selector` does not match template `labels`"))
    if sel is not None and m.selector_empty(sel):
        errs.append(f.invalid("spec.selector", f.go_label_selector(sel),
                              "empty selector is invalid for daemonset"))
    errs += validate_template(s.get("template"), "spec.template")
    errs += controller_template_rules(s.get("template"), "spec.template", "DaemonSet")
    errs += m.nonnegative(s.get("minReadySeconds", 0), "spec.minReadySeconds")
    us = s.get("updateStrategy") or {}
    if us.get("type") == "RollingUpdate":
        ru = us.get("rollingUpdate")
        if ru is None:
            errs.append(f.required("spec.updateStrategy.rollingUpdate"))
        else:
            p = "spec.updateStrategy.rollingUpdate"
            for k in ("maxUnavailable", "maxSurge"):
                errs += _int_or_percent(ru.get(k), f"{p}.{k}")
            for k in ("maxUnavailable", "maxSurge"):
                errs += _over_100(ru.get(k), f"{p}.{k}")
            hu, hs = _value(ru.get("maxUnavailable")) != 0, _value(ru.get("maxSurge")) != 0
            if hu and hs:
                errs.append(f.invalid(f"{p}.maxSurge", f.go_intstr(ru.get("maxSurge")),
                                      "may not be set when maxUnavailable is non-zero"))
            elif not hu and not hs:
                errs.append(f.required(f"{p}.maxUnavailable", "cannot be 0 when maxSurge is 0"))
    elif us.get("type") != "OnDelete":
        errs.append(f.not_supported("spec.updateStrategy", f.Go(f.go_struct("apps.DaemonSetUpdateStrategy", [
            ("Type",
             f.go_quote(us.get("type") or "")), ("RollingUpdate", "(*apps.RollingUpdateDaemonSet)(nil)")])),
            ["RollingUpdate", "OnDelete"]))
    if s.get("revisionHistoryLimit") is not None:
        errs += m.nonnegative(s["revisionHistoryLimit"], "spec.revisionHistoryLimit")
    return errs


def validate_stateful_set(ss: dict) -> list[Cause]:
    errs = m.validate_object_meta(ss.get("metadata") or {}, True, m.name_is_dns_label)
    s = ss.get("spec") or {}
    pmp = s.get("podManagementPolicy") or ""
    if not pmp:
        errs.append(f.required("spec.podManagementPolicy"))
    elif pmp not in ("OrderedReady", "Parallel"):
        errs.append(f.invalid("spec.podManagementPolicy", pmp, "must be 'OrderedReady' or 'Parallel'"))
    us = s.get("updateStrategy") or {}
    if not us.get("type"):
        errs.append(f.required("spec.updateStrategy"))
    elif us["type"] == "OnDelete" and us.get("rollingUpdate") is not None:
        errs.append(f.invalid("spec.updateStrategy.rollingUpdate",
                              f.Go("apps.RollingUpdateStatefulSetStrategy{...}"),
                              "only allowed for updateStrategy 'RollingUpdate'"))
    elif us["type"] == "RollingUpdate" and us.get("rollingUpdate") is not None:
        errs += m.nonnegative(us["rollingUpdate"].get("partition", 0),
                              "spec.updateStrategy.rollingUpdate.partition")
    elif us["type"] not in ("OnDelete", "RollingUpdate"):
        errs.append(f.invalid("spec.updateStrategy", f.Go("apps.StatefulSetUpdateStrategy{...}"),
                              "must be 'RollingUpdate' or 'OnDelete'"))
    pol = s.get("persistentVolumeClaimRetentionPolicy") or {}
    for k in ("whenDeleted", "whenScaled"):
        if k in pol and pol[k] not in ("Retain", "Delete"):
            errs.append(f.not_supported(f"spec.persistentVolumeClaimRetentionPolicy.{k}", pol[k],
                                        ["Retain", "Delete"]))
    errs += m.nonnegative(s.get("replicas", 0),
                          "spec.replicas") + m.nonnegative(s.get("minReadySeconds", 0), "spec.minReadySeconds")
    errs += _selector(s, "statefulset")
    tmpl = s.get("template") or {}
    labels = (tmpl.get("metadata") or {}).get("labels")
    sel = s.get("selector")
    if sel is not None and not m.selector_empty(sel) and not m.selector_matches(sel, labels):
        errs.append(f.invalid("spec.template.metadata.labels", f.Go(f.go_map(labels)),
                              "`selector` does not match template `labels`"))
    errs += validate_template(tmpl, "spec.template")
    return errs + controller_template_rules(tmpl, "spec.template", "StatefulSet")


def selector_immutable(new: dict, old: dict) -> list[Cause]:
    ns, os_ = (new.get("spec") or {}).get("selector"), (old.get("spec") or {}).get("selector")
    return m.immutable(ns, os_, "spec.selector", f.go_label_selector(ns))


def validate_update(new: dict, old: dict, kind: str) -> list[Cause]:
    errs = m.validate_object_meta_update(new.get("metadata") or {}, old.get("metadata") or {})
    if kind == "StatefulSet":
        errs += m.without_object_meta(validate_stateful_set(new))
        a, b = copy.deepcopy(new.get("spec") or {}), old.get("spec") or {}
        for k in ("replicas", "template", "updateStrategy", "minReadySeconds", "ordinals",
                  "persistentVolumeClaimRetentionPolicy"):
            a.pop(k, None)
            if k in b:
                a[k] = b[k]
        if a != b:
            errs.append(f.forbidden("spec", STATEFULSET_UPDATABLE))
        return errs
    fn = {"Deployment": validate_deployment, "ReplicaSet": validate_replica_set,
          "DaemonSet": validate_daemon_set}[kind]
    return errs + m.without_object_meta(fn(new)) + selector_immutable(new, old)
