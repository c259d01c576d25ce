"""Core-group validation: Namespaces, ConfigMaps, Secrets, ServiceAccounts, ReplicationControllers,
Endpoints and Events (Services are in services.py, Pods in pods.py).

Follows `pkg/apis/core/validation/validation.go` (v1.32): ValidateNamespace[Update];
ValidateConfigMap[Update] and ValidateSecret[Update] (keys, the 1 MiB limit, secret types and the
`immutable` rules); ValidateReplicationController[Spec]; ValidateEndpoints; and
`pkg/apis/core/validation/events.go` legacyValidateEvent.

Differences from upstream: Secret data sizes count base64-decoded bytes and undecodable values are
left to the decoder; the dockercfg JSON error text is a fixed one.
"""

from __future__ import annotations

import base64
import binascii
import json

from . import field as f
from . import meta as m
from .containers import PROTOCOLS
from .field import Cause
from .pods import controller_template_rules, validate_template
from .services import non_special_ip, valid_ip

MAX_SECRET_SIZE = 1024 * 1024


def validate_namespace(ns: dict) -> list[Cause]:
    errs = m.validate_object_meta(ns.get("metadata") or {}, False, m.name_is_dns_label)
    for name in (ns.get("spec") or {}).get("finalizers") or []:
        errs += f.invalids("spec.finalizers", name, m.is_qualified_name(name))
        if "/" not in name and name not in m.STANDARD_FINALIZERS:
            errs.append(f.invalid("spec.finalizers", name,
                                  "name is neither a standard finalizer name nor is it fully qualified"))
    return errs


def _data_keys(data: dict | None, path: str) -> list[Cause]:
    return [f.invalid(f"{path}[{k}]", k, msg) for k in sorted(data or {}) for msg in m.is_config_map_key(k)]


def validate_config_map(cm: dict) -> list[Cause]:
    errs = m.validate_object_meta(cm.get("metadata") or {}, True, m.name_is_dns_subdomain)
    data, binary = cm.get("data") or {}, cm.get("binaryData") or {}
    errs += _data_keys(data, "data")
    errs += [f.invalid(f"data[{k}]", k,
                       "duplicate of key present in binaryData") for k in sorted(data) if k in binary]
    errs += _data_keys(binary, "binaryData")
    size = sum(len(str(v).encode()) for v in data.values()) + sum(len(_b64(v)) for v in binary.values())
    if size > MAX_SECRET_SIZE:
        errs.append(f.too_long("", MAX_SECRET_SIZE))
    return errs


def _b64(v) -> bytes:
    try:
        return base64.b64decode(v or "", validate=True)
    except (binascii.Error, ValueError):
        return str(v).encode()


def validate_secret(sec: dict) -> list[Cause]:
    errs = m.validate_object_meta(sec.get("metadata") or {}, True, m.name_is_dns_subdomain)
    data = {k: _b64(v) for k, v in (sec.get("data") or {}).items()}
    for k, v in (sec.get("stringData") or {}).items():
        data[k] = str(v).encode()
    errs += _data_keys(data, "data")
    if sum(len(v) for v in data.values()) > MAX_SECRET_SIZE:
        errs.append(f.too_long("data", MAX_SECRET_SIZE))
    typ = sec.get("type") or ""
    ann = (sec.get("metadata") or {}).get("annotations") or {}
    if typ == "kubernetes.io/service-account-token" and not ann.get("kubernetes.io/service-account.name"):
        errs.append(f.required("metadata.annotations[kubernetes.io/service-account.name]"))
    elif typ in ("kubernetes.io/dockercfg", "kubernetes.io/dockerconfigjson"):
        key = ".dockercfg" if typ.endswith("dockercfg") else ".dockerconfigjson"
        if key not in data:
            errs.append(f.required(f"data[{key}]"))
        else:
            try:
                if not isinstance(json.loads(data[key] or b"null"), dict):
                    raise ValueError
            except ValueError:
                errs.append(f.invalid(f"data[{key}]", "<secret contents redacted>",
                                      "invalid character looking for beginning of value"))
    elif typ == "kubernetes.io/basic-auth" and "username" not in data and "password" not in data:
        errs += [f.required("data[username]"), f.required("data[password]")]
    elif typ == "kubernetes.io/ssh-auth" and not data.get("ssh-privatekey"):
        errs.append(f.required("data[ssh-privatekey]"))
    elif typ == "kubernetes.io/tls":
        errs += [f.required(f"data[{k}]") for k in ("tls.crt", "tls.key") if k not in data]
    return errs


def _immutable_data(new: dict, old: dict, keys: tuple[str, ...]) -> list[Cause]:
    if not old.get("immutable"):
        return []
    errs = [] if new.get("immutable") else [f.forbidden("immutable",
                                                        "field is immutable when `immutable` is set")]
    return errs + [f.forbidden(k, "field is immutable when `immutable` is set")
                   for k in keys if (new.get(k) or None) != (old.get(k) or None)]


def validate_config_map_update(new: dict, old: dict) -> list[Cause]:
    errs = m.validate_object_meta_update(new.get("metadata") or {}, old.get("metadata") or {})
    return errs + _immutable_data(new, old, ("data", "binaryData")) + validate_config_map(new)


def validate_secret_update(new: dict, old: dict) -> list[Cause]:
    errs = m.validate_object_meta_update(new.get("metadata") or {}, old.get("metadata") or {})
    errs += m.immutable(new.get("type") or "", old.get("type") or "", "type")
    return errs + _immutable_data(new, old, ("data",)) + validate_secret(new)


def validate_service_account(sa: dict) -> list[Cause]:
    return m.validate_object_meta(sa.get("metadata") or {}, True, m.name_is_dns_subdomain)


def validate_replication_controller(rc: dict) -> list[Cause]:
    errs = m.validate_object_meta(rc.get("metadata") or {}, True, m.name_is_dns_subdomain)
    s = rc.get("spec") or {}
    errs += m.nonnegative(s.get("minReadySeconds", 0), "spec.minReadySeconds")
    sel = s.get("selector") or {}
    if not sel:
        errs.append(f.required("spec.selector"))
    errs += m.nonnegative(s.get("replicas", 0), "spec.replicas")
    tmpl = s.get("template")
    if tmpl is None:
        return errs + [f.required("spec.template")]
    labels = (tmpl.get("metadata") or {}).get("labels")
    if sel and any((labels or {}).get(k) != v for k, v in sel.items()):
        errs.append(f.invalid("spec.template.metadata.labels", f.Go(f.go_map(labels)),
                              "`selector` does not match template `labels`"))
    errs += validate_template(tmpl, "spec.template")
    return errs + controller_template_rules(tmpl, "spec.template", "ReplicationController")


def validate_endpoints(ep: dict) -> list[Cause]:
    errs = m.validate_object_meta(ep.get("metadata") or {}, True, m.name_is_dns_subdomain)
    for i, ss in enumerate(ep.get("subsets") or []):
        p = f"subsets[{i}]"
        if not ss.get("addresses") and not ss.get("notReadyAddresses"):
            errs.append(f.required(p, "must specify `addresses` or `notReadyAddresses`"))
        for kind in ("addresses", "notReadyAddresses"):
            for j, a in enumerate(ss.get(kind) or []):
                ap = f"{p}.{kind}[{j}]"
                errs += valid_ip(f"{ap}.ip", a.get("ip", ""))
                if a.get("hostname"):
                    errs += f.invalids(f"{ap}.hostname", a["hostname"], m.is_dns1123_label(a["hostname"]))
                if a.get("nodeName") is not None:
                    errs += f.invalids(f"{ap}.nodeName", a["nodeName"], m.is_dns1123_subdomain(a["nodeName"]))
                errs += non_special_ip(a.get("ip", ""), f"{ap}.ip")
        ports = ss.get("ports") or []
        for j, port in enumerate(ports):
            pp, name = f"{p}.ports[{j}]", port.get("name") or ""
            if len(ports) > 1 and not name:
                errs.append(f.required(f"{pp}.name"))
            elif name:
                errs += f.invalids(f"{pp}.name", name, m.is_dns1123_label(name))
            errs += f.invalids(f"{pp}.port", port.get("port", 0), m.is_valid_port_num(port.get("port", 0)))
            if not port.get("protocol"):
                errs.append(f.required(f"{pp}.protocol"))
            elif port["protocol"] not in PROTOCOLS:
                errs.append(f.not_supported(f"{pp}.protocol", port["protocol"], PROTOCOLS))
    return errs


def validate_event(ev: dict) -> list[Cause]:
    meta = ev.get("metadata") or {}
    errs, ns = [], meta.get("namespace") or ""
    ins = (ev.get("involvedObject") or {}).get("namespace") or ""
    if not ev.get("eventTime"):
        if (not ins and ns not in ("", "default")) or (ins and ns != ins):
            errs.append(f.invalid("involvedObject.namespace", ins, "does not match event.namespace"))
    else:
        if not ins and ns not in ("default", "kube-system"):
            errs.append(f.invalid("involvedObject.namespace", ins, "does not match event.namespace"))
        rc = ev.get("reportingComponent") or ""
        if not rc:
            errs.append(f.required("reportingComponent"))
        errs += f.invalids("reportingComponent", rc, m.is_qualified_name(rc))
        if not ev.get("reportingInstance"):
            errs.append(f.required("reportingInstance"))
    if ev.get("type") and ev["type"] not in ("Normal", "Warning"):
        errs.append(f.not_supported("type", ev["type"], ["Normal", "Warning"]))
    return errs + m.validate_object_meta(meta, True, m.name_is_dns_subdomain)
