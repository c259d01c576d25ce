"""networking.k8s.io/v1 validation: Ingresses, IngressClasses and NetworkPolicies.

Follows `pkg/apis/networking/validation/validation.go`: ValidateIngressCreate/validateIngress with
ValidateIngressSpec, validateIngressRules, validateHTTPIngressPath (`pathType must be specified`,
path sequences) and validateIngressBackend; ValidateIngressClass; ValidateNetworkPolicySpec with
ValidateNetworkPolicyPort/Peer and ValidateIPBlock.

Differences from upstream: only networking.k8s.io/v1 field names are used in paths (legacy
Ingress manifests are converted first, see legacy.py).
"""

from __future__ import annotations

import ipaddress

from . import field as f
from . import meta as m
from .field import Cause

PATH_TYPES = ["Exact", "ImplementationSpecific", "Prefix"]
BAD_SEQUENCES = ["//", "/./", "/../", "%2f", "%2F"]
BAD_SUFFIXES = ["/..", "/."]


def _backend(b: dict, path: str) -> list[Cause]:
    svc, res = b.get("service"), b.get("resource")
    if svc is not None and res is not None:
        return [f.invalid(path, "", "cannot set both resource and service backends")]
    if res is not None:
        errs = [] if res.get("kind") else [f.required(f"{path}.resource.kind", "kind is required")]
        return errs + ([] if res.get("name") else [f.required(f"{path}.resource.name", "name is required")])
    if svc is None:
        return [f.invalid(path, "", "resource or service backend is required")]
    errs: list[Cause] = []
    if not svc.get("name"):
        errs.append(f.required(f"{path}.service.name"))
    else:
        errs += f.invalids(f"{path}.service.name", svc["name"], m.name_is_dns1035_label(svc["name"]))
    port = svc.get("port") or {}
    if port.get("name") and port.get("number"):
        errs.append(f.invalid(path, "", "cannot set both port name & port number"))
    elif port.get("name"):
        errs += f.invalids(f"{path}.service.port.name", port["name"], m.is_valid_port_name(port["name"]))
    elif port.get("number"):
        errs += f.invalids(f"{path}.service.port.number", port["number"], m.is_valid_port_num(port["number"]))
    else:
        errs.append(f.required(path, "port name or number is required"))
    return errs


def _http_path(hp: dict, path: str) -> list[Cause]:
    pt, p = hp.get("pathType"), hp.get("path") or ""
    if pt is None:
        return [f.required(f"{path}.pathType", "pathType must be specified")]
    errs: list[Cause] = []
    if pt in ("Exact", "Prefix"):
        if not p.startswith("/"):
            errs.append(f.invalid(f"{path}.path", p, "must be an absolute path"))
        errs += [f.invalid(f"{path}.path", p, f"must not contain '{s}'") for s in BAD_SEQUENCES if p and s in p]
        errs += [f.invalid(f"{path}.path", p, f"cannot end with '{s}'") for s in BAD_SUFFIXES if p.endswith(s)]
    elif pt == "ImplementationSpecific":
        if p and not p.startswith("/"):
            errs.append(f.invalid(f"{path}.path", p, "must be an absolute path"))
    else:
        errs.append(f.not_supported(f"{path}.pathType", pt, PATH_TYPES))
    return errs + _backend(hp.get("backend") or {}, f"{path}.backend")


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return False


def validate_ingress(ing: dict) -> list[Cause]:
    errs = m.validate_object_meta(ing.get("metadata") or {}, True, m.name_is_dns_subdomain)
    s = ing.get("spec") or {}
    rules = s.get("rules") or []
    if not rules and s.get("defaultBackend") is None:
        errs.append(f.invalid("spec", f.Go("[]networking.IngressRule(nil)"),
                              "either `defaultBackend` or `rules` must be specified"))
    if s.get("defaultBackend") is not None:
        errs += _backend(s["defaultBackend"], "spec.defaultBackend")
    for i, rule in enumerate(rules):
        p, host = f"spec.rules[{i}]", rule.get("host") or ""
        if host:
            if _is_ip(host):
                errs.append(f.invalid(f"{p}.host", host, "must be a DNS name, not an IP address"))
            if "*" in host:
                errs += f.invalids(f"{p}.host", host, m.is_wildcard_dns1123_subdomain(host))
            else:
                errs += f.invalids(f"{p}.host", host, m.is_dns1123_subdomain(host))
        http = rule.get("http")
        if http is not None:
            if not http.get("paths"):
                errs.append(f.required(f"{p}.http.paths"))
            for j, hp in enumerate(http.get("paths") or []):
                errs += _http_path(hp, f"{p}.http.paths[{j}]")
    for i, tls in enumerate(s.get("tls") or []):
        for j, host in enumerate(tls.get("hosts") or []):
            fn = m.is_wildcard_dns1123_subdomain if "*" in host else m.is_dns1123_subdomain
            errs += [f.invalid(f"spec.tls[{i}].hosts[{j}]", host, msg) for msg in fn(host)]
        if tls.get("secretName"):
            errs += [f.invalid(f"spec.tls[{i}].secretName", tls["secretName"], msg)
                     for msg in m.name_is_dns_subdomain(tls["secretName"])]
    if s.get("ingressClassName") is not None:
        errs += [f.invalid("spec.ingressClassName", s["ingressClassName"], msg)
                 for msg in m.name_is_dns_subdomain(s["ingressClassName"])]
        if "kubernetes.io/ingress.class" in ((ing.get("metadata") or {}).get("annotations") or {}):
            errs.append(f.invalid("annotations.kubernetes.io/ingress.class",
                                  ing["metadata"]["annotations"]["kubernetes.io/ingress.class"],
                                  "can not be set when the class field is also set"))
    return errs


def validate_ingress_class(ic: dict) -> list[Cause]:
    errs = m.validate_object_meta(ic.get("metadata") or {}, False, m.name_is_dns_subdomain)
    ctrl = (ic.get("spec") or {}).get("controller") or ""
    if len(ctrl) > 250:
        errs.append(f.too_long("spec.controller", 250))
    if not ctrl:
        errs.append(f.required("spec.controller"))
    elif "/" not in ctrl.strip("/") or ctrl.startswith("/") or ctrl.endswith("/"):
        errs.append(f.invalid("spec.controller", ctrl,
                              'must be a domain-prefixed path (such as "acme.io/foo")'))
    return errs


def _peer(peer: dict, path: str) -> list[Cause]:
    errs, n = [], 0
    for k in ("podSelector", "namespaceSelector"):
        if peer.get(k) is not None:
            n += 1
            errs += m.validate_label_selector(peer[k], f"{path}.{k}")
    if peer.get("ipBlock") is not None:
        n += 1
        cidr = peer["ipBlock"].get("cidr") or ""
        if not cidr:
            errs.append(f.required(f"{path}.ipBlock.cidr"))
        else:
            try:
                ipaddress.ip_network(cidr, strict=False)
            except ValueError:
                errs.append(f.invalid(f"{path}.ipBlock.cidr", cidr, "not a valid CIDR"))
    if n == 0:
        errs.append(f.required(path, "must specify a peer"))
    elif n > 1 and peer.get("ipBlock") is not None:
        errs.append(f.forbidden(path, "may not specify both ipBlock and another peer"))
    return errs


def validate_network_policy(np: dict) -> list[Cause]:
    errs = m.validate_object_meta(np.get("metadata") or {}, True, m.name_is_dns_subdomain)
    s = np.get("spec") or {}
    errs += m.validate_label_selector(s.get("podSelector") or {}, "spec.podSelector")
    for direction, peers in (("ingress", "from"), ("egress", "to")):
        for i, rule in enumerate(s.get(direction) or []):
            p = f"spec.{direction}[{i}]"
            for j, port in enumerate(rule.get("ports") or []):
                pp = f"{p}.ports[{j}]"
                if port.get("protocol") is not None and port["protocol"] not in ("TCP", "UDP", "SCTP"):
                    errs.append(f.not_supported(f"{pp}.protocol", port["protocol"], ["TCP", "UDP", "SCTP"]))
                if isinstance(port.get("port"), str):
                    errs += f.invalids(f"{pp}.port", port["port"], m.is_valid_port_name(port["port"]))
                elif port.get("port") is not None:
                    errs += f.invalids(f"{pp}.port", port["port"], m.is_valid_port_num(port["port"]))
            for j, peer in enumerate(rule.get(peers) or []):
                errs += _peer(peer, f"{p}.{peers}[{j}]")
    types = s.get("policyTypes") or []
    if len(types) > 2:
        return errs + [f.invalid("spec.policyTypes", f.Go(f"&{f.go_strings(types, '[]networking.PolicyType')}"),
                                 "may not specify more than two policyTypes")]
    errs += [f.not_supported(f"spec.policyTypes[{i}]", t, ["Ingress", "Egress"])
             for i, t in enumerate(types) if t not in ("Ingress", "Egress")]
    return errs
