"""Service validation: ports, cluster IPs and IP families, traffic policies, and updates.

Follows `pkg/apis/core/validation/validation.go` (v1.32): ValidateService with validateServicePort,
ValidateServiceClusterIPsRelatedFields and the traffic-policy checks; ValidateServiceUpdate with
validateUpgradeDowngradeClusterIPs/IPFamilies (`spec.clusterIPs[0]: ... may not change once set`);
ValidateNonSpecialIP; and the service strategy's NormalizeClusterIPs/patchAllocatedValues
(`pkg/registry/core/service/strategy.go`, `storage/storage.go`), so an update that leaves out
clusterIP keeps it.

Differences from upstream: topology-mode annotations, loadBalancerSourceRanges CIDRs and the
load balancer status are not checked; IPs are parsed strictly (no leading zeros).
"""

from __future__ import annotations

import copy
import ipaddress

from . import field as f
from . import meta as m
from .containers import PROTOCOLS
from .field import Cause

SERVICE_TYPES = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]
IP_MSG = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"


def parse_ip(s: str):
    try:
        return ipaddress.ip_address(s)
    except ValueError:
        return None


def valid_ip(path: str, s: str) -> list[Cause]:
    return [] if parse_ip(s) else [f.invalid(path, s, IP_MSG)]


def non_special_ip(s: str, path: str) -> list[Cause]:
    ip = parse_ip(s)
    if ip is None:
        return [f.invalid(path, s, "must be a valid IP address")]
    errs = []
    if ip.is_unspecified:
        errs.append(f.invalid(path, s, f"may not be unspecified ({s})"))
    if ip.is_loopback:
        errs.append(f.invalid(path, s, "may not be in the loopback range (127.0.0.0/8, ::1/128)"))
    if ip.is_link_local:
        errs.append(f.invalid(path, s, "may not be in the link-local range (169.254.0.0/16, fe80::/10)"))
    return errs


def _headless(spec: dict) -> bool:
    return spec.get("clusterIPs") == ["None"]


def _go_service_port(protocol: str, port: int) -> f.Go:
    return f.Go(f'core.ServicePort{{Name:"", Protocol:{f.go_quote(protocol)}, AppProtocol:(*string)(nil), '
                f'Port:{port}, TargetPort:intstr.IntOrString{{Type:0, IntVal:0, StrVal:""}}, NodePort:0}}')


def normalize_cluster_ips(spec: dict, old_spec: dict | None = None) -> None:
    """NormalizeClusterIPs plus patchAllocatedValues: keep clusterIP and clusterIPs in step."""
    if old_spec is not None and old_spec.get("type") != "ExternalName" and spec.get("type") != "ExternalName":
        if not spec.get("clusterIP") and not spec.get("clusterIPs"):
            for k in ("clusterIP", "clusterIPs"):
                if old_spec.get(k):
                    spec[k] = copy.deepcopy(old_spec[k])
        elif (spec.get("clusterIP") != old_spec.get("clusterIP")
              and spec.get("clusterIPs") == old_spec.get("clusterIPs")):
            spec["clusterIPs"] = [spec["clusterIP"]] if spec.get("clusterIP") else []
    if spec.get("clusterIP") and not spec.get("clusterIPs"):
        spec["clusterIPs"] = [spec["clusterIP"]]
    elif spec.get("clusterIPs") and not spec.get("clusterIP"):
        spec["clusterIP"] = spec["clusterIPs"][0]


def _service_port(sp: dict, require_name: bool, names: set, path: str) -> list[Cause]:
    errs: list[Cause] = []
    name = sp.get("name") or ""
    if require_name and not name:
        errs.append(f.required(f"{path}.name"))
    elif name:
        errs += f.invalids(f"{path}.name", name, m.is_dns1123_label(name))
        if name in names:
            errs.append(f.duplicate(f"{path}.name", name))
        names.add(name)
    errs += f.invalids(f"{path}.port", sp.get("port", 0), m.is_valid_port_num(sp.get("port", 0)))
    proto = sp.get("protocol") or ""
    if not proto:
        errs.append(f.required(f"{path}.protocol"))
    elif proto not in PROTOCOLS:
        errs.append(f.not_supported(f"{path}.protocol", proto, PROTOCOLS))
    tp = sp.get("targetPort", 0)
    if isinstance(tp, str):
        errs += f.invalids(f"{path}.targetPort", tp, m.is_valid_port_name(tp))
    else:
        errs += f.invalids(f"{path}.targetPort", tp or 0, m.is_valid_port_num(tp or 0))
    if sp.get("appProtocol") is not None:
        errs += f.invalids(f"{path}.appProtocol", sp["appProtocol"], m.is_qualified_name(sp["appProtocol"]))
    return errs


def _cluster_ips_related(s: dict) -> list[Cause]:
    if s.get("type") == "ExternalName":
        return []
    errs, ips, fams = [], s.get("clusterIPs") or [], s.get("ipFamilies") or []
    go_ips = f.Go(f.go_strings(s.get("clusterIPs")))
    if s.get("clusterIP"):
        if not ips:
            errs.append(f.required("spec.clusterIPs"))
        elif ips[0] != s["clusterIP"]:
            errs.append(f.invalid("spec.clusterIPs", go_ips, "first value must match `clusterIP`"))
    elif ips:
        errs.append(f.invalid("spec.clusterIPs", go_ips, "must be empty when `clusterIP` is not specified"))
    seen = set()
    for i, fam in enumerate(fams):
        if fam not in ("IPv4", "IPv6"):
            errs.append(f.not_supported(f"spec.ipFamilies[{i}]", fam, ["IPv4", "IPv6"]))
        if fam in seen:
            errs.append(f.duplicate(f"spec.ipFamilies[{i}]", fam))
        seen.add(fam)
    pol = s.get("ipFamilyPolicy")
    if pol is not None and pol not in ("PreferDualStack", "RequireDualStack", "SingleStack"):
        errs.append(f.not_supported("spec.ipFamilyPolicy", pol,
                                    ["PreferDualStack", "RequireDualStack", "SingleStack"]))
    bad = False
    for i, ip in enumerate(ips):
        if i == 0 and ip == "None":
            if len(ips) > 1:
                bad = True
                errs.append(f.invalid("spec.clusterIPs", go_ips, "'None' must be the first and only value"))
            continue
        if not parse_ip(ip):
            bad = True
            errs.append(f.invalid(f"spec.clusterIPs[{i}]", ip, IP_MSG))
    if len(ips) > 2:
        errs.append(f.invalid("spec.clusterIPs", go_ips, "may only hold up to 2 values"))
    if bad:
        return errs
    if len(ips) > 1 and len({parse_ip(ip).version for ip in ips}) != len(ips):
        errs.append(f.invalid("spec.clusterIPs", go_ips, "may specify no more than one IP for each IP family"))
    if not _headless(s):
        for i, ip in enumerate(ips[:len(fams)]):
            v = parse_ip(ip).version
            if fams[i] == "IPv4" and v == 6:
                errs.append(f.invalid(f"spec.clusterIPs[{i}]", ip,
                                      f"expected an IPv4 value as indicated by `ipFamilies[{i}]`"))
            if fams[i] == "IPv6" and v == 4:
                errs.append(f.invalid(f"spec.clusterIPs[{i}]", ip,
                                      f"expected an IPv6 value as indicated by `ipFamilies[{i}]`"))
    return errs


def validate_service(svc: dict) -> list[Cause]:
    errs = m.validate_object_meta(svc.get("metadata") or {}, True, m.name_is_dns1035_label)
    s = copy.deepcopy(svc.get("spec") or {})
    normalize_cluster_ips(s)
    typ, ports = s.get("type") or "", s.get("ports") or []
    if not ports and not _headless(s) and typ != "ExternalName":
        errs.append(f.required("spec.ports"))
    if typ in ("LoadBalancer", "NodePort") and _headless(s):
        errs.append(f.invalid("spec.clusterIPs[0]", "None", f"may not be set to 'None' for {typ} services"))
    if typ == "ExternalName":
        for k in ("clusterIPs", "ipFamilies"):
            if s.get(k):
                errs.append(f.forbidden(f"spec.{k}", "may not be set for ExternalName services"))
        if s.get("ipFamilyPolicy") is not None:
            errs.append(f.forbidden("spec.ipFamilyPolicy", "may not be set for ExternalName services"))
        cname = (s.get("externalName") or "").removesuffix(".")
        if cname:
            errs += f.invalids("spec.externalName", cname, m.is_dns1123_subdomain(cname))
        else:
            errs.append(f.required("spec.externalName"))
    names: set = set()
    for i, p in enumerate(ports):
        errs += _service_port(p, len(ports) > 1, names, f"spec.ports[{i}]")
    errs += m.validate_labels(s.get("selector"), "spec.selector")
    aff = s.get("sessionAffinity") or ""
    if not aff:
        errs.append(f.required("spec.sessionAffinity"))
    elif aff not in ("ClientIP", "None"):
        errs.append(f.not_supported("spec.sessionAffinity", aff, ["ClientIP", "None"]))
    if aff == "ClientIP":
        cfg, why = s.get("sessionAffinityConfig"), "when session affinity type is ClientIP"
        if cfg is None:
            errs.append(f.required("spec.sessionAffinityConfig", why))
        elif cfg.get("clientIP") is None:
            errs.append(f.required("spec.sessionAffinityConfig.clientIP", why))
        elif cfg["clientIP"].get("timeoutSeconds") is None:
            errs.append(f.required("spec.sessionAffinityConfig.clientIP.timeoutSeconds", why))
        elif not 0 < cfg["clientIP"]["timeoutSeconds"] <= 86400:
            timeout = cfg["clientIP"]["timeoutSeconds"]
            errs.append(f.invalid("spec.sessionAffinityConfig.clientIP.timeoutSeconds", timeout,
                                  "must be greater than 0 and less than 86400"))
    elif aff == "None" and s.get("sessionAffinityConfig") is not None:
        errs.append(f.forbidden("spec.sessionAffinityConfig", "must not be set when session affinity is None"))
    errs += _cluster_ips_related(s)
    for i, ip in enumerate(s.get("externalIPs") or []):
        errs += valid_ip(f"spec.externalIPs[{i}]", ip) or non_special_ip(ip, f"spec.externalIPs[{i}]")
    if not typ:
        errs.append(f.required("spec.type"))
    elif typ not in SERVICE_TYPES:
        errs.append(f.not_supported("spec.type", typ, SERVICE_TYPES))
    if typ == "ClusterIP":
        errs += [f.forbidden(f"spec.ports[{i}].nodePort", "may not be used when `type` is 'ClusterIP'")
                 for i, p in enumerate(ports) if p.get("nodePort")]
    node_ports, port_keys = set(), set()
    for i, p in enumerate(ports):
        if p.get("nodePort"):
            key = (p.get("protocol"), p["nodePort"])
            if key in node_ports:
                errs.append(f.duplicate(f"spec.ports[{i}].nodePort", p["nodePort"]))
            node_ports.add(key)
    for i, p in enumerate(ports):
        key = (p.get("protocol") or "", p.get("port") or 0)
        if key in port_keys:
            errs.append(f.duplicate(f"spec.ports[{i}]", _go_service_port(*key)))
        port_keys.add(key)
    if s.get("loadBalancerSourceRanges") and typ != "LoadBalancer":
        errs.append(f.forbidden("spec.LoadBalancerSourceRanges",
                                "may only be used when `type` is 'LoadBalancer'"))
    if s.get("allocateLoadBalancerNodePorts") is not None and typ != "LoadBalancer":
        errs.append(f.forbidden("spec.allocateLoadBalancerNodePorts",
                                "may only be used when `type` is 'LoadBalancer'"))
    if typ == "LoadBalancer" and s.get("allocateLoadBalancerNodePorts") is None:
        errs.append(f.required("allocateLoadBalancerNodePorts"))
    if s.get("loadBalancerClass") is not None and typ != "LoadBalancer":
        errs.append(f.forbidden("spec.loadBalancerClass", "may only be used when `type` is 'LoadBalancer'"))
    external = typ in ("LoadBalancer", "NodePort") or (typ == "ClusterIP" and s.get("externalIPs"))
    etp = s.get("externalTrafficPolicy") or ""
    if not external:
        if etp:
            errs.append(f.invalid("spec.externalTrafficPolicy", etp,
                                  "may only be set for externally-accessible services"))
    elif not etp:
        errs.append(f.required("spec.externalTrafficPolicy"))
    elif etp not in ("Cluster", "Local"):
        errs.append(f.not_supported("spec.externalTrafficPolicy", etp, ["Cluster", "Local"]))
    needs_hc = typ == "LoadBalancer" and etp == "Local"
    if not needs_hc and s.get("healthCheckNodePort"):
        errs.append(f.invalid("spec.healthCheckNodePort", s["healthCheckNodePort"], "may only be set when "
                              "`type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"))
    itp = s.get("internalTrafficPolicy")
    if itp is None and typ in ("NodePort", "LoadBalancer", "ClusterIP"):
        errs.append(f.required("spec.internalTrafficPolicy"))
    if itp is not None and itp not in ("Cluster", "Local"):
        errs.append(f.not_supported("spec.internalTrafficPolicy", itp, ["Cluster", "Local"]))
    if s.get("trafficDistribution") is not None and s["trafficDistribution"] != "PreferClose":
        errs.append(f.not_supported("spec.trafficDistribution", s["trafficDistribution"], ["PreferClose"]))
    return errs


def validate_service_update(new: dict, old: dict) -> list[Cause]:
    errs = m.validate_object_meta_update(new.get("metadata") or {}, old.get("metadata") or {})
    new = copy.deepcopy(new)
    ns, os_ = new.setdefault("spec", {}), old.get("spec") or {}
    normalize_cluster_ips(ns, os_)
    if "ExternalName" not in (ns.get("type"), os_.get("type")) and not (_headless(ns) and _headless(os_)):
        nips, oips = ns.get("clusterIPs") or [], os_.get("clusterIPs") or []
        go_ips = f.Go(f.go_strings(ns.get("clusterIPs")))
        if len(nips) == len(oips):
            errs += [f.invalid(f"spec.clusterIPs[{i}]", go_ips, "may not change once set")
                     for i, ip in enumerate(oips) if ip != nips[i]]
        elif len(oips) > len(nips):
            if not nips:
                errs.append(f.invalid("spec.clusterIPs[0]", go_ips, "primary clusterIP can not be unset"))
            elif oips and nips[0] != oips[0]:
                errs.append(f.invalid("spec.clusterIPs[0]", go_ips, "may not change once set"))
        elif oips and nips[0] != oips[0]:
            errs.append(f.invalid("spec.clusterIPs[0]", go_ips, "may not change once set"))
        nf, of = ns.get("ipFamilies") or [], os_.get("ipFamilies") or []
        if _headless(ns) == _headless(os_) and not _headless(ns) and len(nf) == len(of) and nf != of:
            errs.append(f.invalid("spec.ipFamilies[0]", f.Go(f.go_strings(nf, "[]core.IPFamily")),
                                  "may not change once set"))
    both_lb = ns.get("type") == os_.get("type") == "LoadBalancer"
    if both_lb and ns.get("loadBalancerClass") != os_.get("loadBalancerClass"):
        errs.append(f.invalid("spec.loadBalancerClass", ns.get("loadBalancerClass"), "may not change once set"))
    return errs + validate_service(new)
