"""Services, endpoints, endpoint slices, ingresses and ingress classes.

Follows `staging/src/k8s.io/kubectl/pkg/describe/describe.go` (ServiceDescriber: the service's
endpoint slices by the `kubernetes.io/service-name` label, describeService, buildIngressString,
formatEndpointSlices: ready endpoints as `ip:port`, three at most then `+ N more...`;
EndpointsDescriber, describeEndpoints; EndpointSliceDescriber, describeEndpointSliceV1;
IngressDescriber, describeBackendV1, describeIngressV1, describeIngressTLSV1,
ingressLoadBalancerStatusStringerV1; IngressClassDescriber).

Differences from upstream: no fallback to the v1beta1 versions of Ingress, IngressClass and
EndpointSlice (no server k8slab mimics serves only those).
"""

from __future__ import annotations

from ..errors import StatusError
from .context import DescribeContext, core_path, group_path, meta, spec, status
from .events import describe_events
from .gofmt import format_labels
from .workloads import events_for
from .writer import LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, PrefixWriter, print_annotations_multiline, \
    print_labels_multiline

SERVICE_NAME_LABEL = "kubernetes.io/service-name"
LOAD_BALANCER_WIDTH = 16


def _slices_for(ctx: DescribeContext, namespace: str, service: str) -> list:
    return ctx.list(group_path("discovery.k8s.io/v1", "endpointslices", namespace),
                    {"labelSelector": f"{SERVICE_NAME_LABEL}={service}"}, chunked=False)


def _join_host_port(host: str, port) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def format_endpoint_slices(slices: list, ports: set | None) -> str:
    """formatEndpointSlices (ports None: all of them)."""
    if not slices:
        return "<none>"
    shown: list[str] = []
    limit, more, count = 3, False, 0
    for s in slices:
        endpoints = s.get("endpoints") or []
        if not s.get("ports"):
            for e in endpoints:
                if len(shown) == limit:
                    more = True
                if (e.get("conditions") or {}).get("ready") is False:
                    continue
                if not more:
                    shown.append((e.get("addresses") or [""])[0])
                count += 1
            continue
        for port in s["ports"]:
            if ports is not None and (port.get("name") or "") not in ports:
                continue
            for e in endpoints:
                if len(shown) == limit:
                    more = True
                if (e.get("conditions") or {}).get("ready") is False:
                    continue
                if not more:
                    shown.append(_join_host_port((e.get("addresses") or [""])[0], port.get("port", 0)))
                count += 1
    text = ",".join(shown)
    if more:
        return f"{text} + {count - limit} more..."
    return text


# ---- services and endpoints ------------------------------------------------------------------

def describe_service(ctx: DescribeContext, resource, namespace: str, name: str) -> str:
    svc = ctx.get(core_path("services", namespace, name))
    try:
        slices = _slices_for(ctx, namespace, name)
    except StatusError:
        slices = []
    events = events_for(ctx, svc, "Service")
    w = PrefixWriter()
    m, s = meta(svc), spec(svc)
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    w.write(LEVEL_0, f"Namespace:\t{m.get('namespace', '')}\n")
    print_labels_multiline(w, "Labels", m.get("labels"))
    print_annotations_multiline(w, "Annotations", m.get("annotations"))
    w.write(LEVEL_0, f"Selector:\t{format_labels(s.get('selector'))}\n")
    w.write(LEVEL_0, f"Type:\t{s.get('type', '')}\n")
    if s.get("ipFamilyPolicy") is not None:
        w.write(LEVEL_0, f"IP Family Policy:\t{s['ipFamilyPolicy']}\n")
    w.write(LEVEL_0, f"IP Families:\t{','.join(s.get('ipFamilies') or []) or '<none>'}\n")
    w.write(LEVEL_0, f"IP:\t{s.get('clusterIP', '')}\n")
    w.write(LEVEL_0, f"IPs:\t{','.join(s.get('clusterIPs') or []) or '<none>'}\n")
    if s.get("externalIPs"):
        w.write(LEVEL_0, f"External IPs:\t{','.join(s['externalIPs'])}\n")
    if s.get("loadBalancerIP"):
        w.write(LEVEL_0, f"Desired LoadBalancer IP:\t{s['loadBalancerIP']}\n")
    if s.get("externalName"):
        w.write(LEVEL_0, f"External Name:\t{s['externalName']}\n")
    ingress = (status(svc).get("loadBalancer") or {}).get("ingress") or []
    if ingress:
        w.write(LEVEL_0, f"LoadBalancer Ingress:\t{_ingress_string(ingress)}\n")
    for p in s.get("ports") or []:
        port_name = p.get("name") or "<unset>"
        protocol = p.get("protocol", "")
        w.write(LEVEL_0, f"Port:\t{port_name}\t{p.get('port', 0)}/{protocol}\n")
        target = p.get("targetPort")
        w.write(LEVEL_0, f"TargetPort:\t{target if target is not None else 0}/{protocol}\n")
        if p.get("nodePort"):
            w.write(LEVEL_0, f"NodePort:\t{port_name}\t{p['nodePort']}/{protocol}\n")
        w.write(LEVEL_0, f"Endpoints:\t{format_endpoint_slices(slices, {p.get('name') or ''})}\n")
    w.write(LEVEL_0, f"Session Affinity:\t{s.get('sessionAffinity', '')}\n")
    if s.get("externalTrafficPolicy"):
        w.write(LEVEL_0, f"External Traffic Policy:\t{s['externalTrafficPolicy']}\n")
    if s.get("internalTrafficPolicy") is not None:
        w.write(LEVEL_0, f"Internal Traffic Policy:\t{s['internalTrafficPolicy']}\n")
    if s.get("healthCheckNodePort"):
        w.write(LEVEL_0, f"HealthCheck NodePort:\t{s['healthCheckNodePort']}\n")
    if s.get("loadBalancerSourceRanges"):
        w.write(LEVEL_0, f"LoadBalancer Source Ranges:\t{','.join(s['loadBalancerSourceRanges'])}\n")
    if events is not None:
        describe_events(events, w, ctx.now)
    return w.string()


def _ingress_string(ingress: list) -> str:
    """buildIngressString."""
    parts = []
    for i in ingress:
        if i.get("ip"):
            parts.append(i["ip"] + (f" ({i['ipMode']})" if i.get("ipMode") is not None else ""))
        else:
            parts.append(i.get("hostname", ""))
    return ", ".join(parts)


def describe_endpoints(ctx: DescribeContext, resource, namespace: str, name: str) -> str:
    ep = ctx.get(core_path("endpoints", namespace, name))
    events = events_for(ctx, ep, "Endpoints")
    w = PrefixWriter()
    m = meta(ep)
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    w.write(LEVEL_0, f"Namespace:\t{m.get('namespace', '')}\n")
    print_labels_multiline(w, "Labels", m.get("labels"))
    print_annotations_multiline(w, "Annotations", m.get("annotations"))
    w.write(LEVEL_0, "Subsets:\n")
    for subset in ep.get("subsets") or []:
        ready = ",".join(a.get("ip", "") for a in subset.get("addresses") or [])
        w.write(LEVEL_1, f"Addresses:\t{ready or '<none>'}\n")
        not_ready = ",".join(a.get("ip", "") for a in subset.get("notReadyAddresses") or [])
        w.write(LEVEL_1, f"NotReadyAddresses:\t{not_ready or '<none>'}\n")
        if subset.get("ports"):
            w.write(LEVEL_1, "Ports:\n")
            w.write(LEVEL_2, "Name\tPort\tProtocol\n")
            w.write(LEVEL_2, "----\t----\t--------\n")
            for p in subset["ports"]:
                w.write(LEVEL_2, f"{p.get('name') or '<unset>'}\t{p.get('port', 0)}\t{p.get('protocol', '')}\n")
        w.write(LEVEL_0, "\n")
    if events is not None:
        describe_events(events, w, ctx.now)
    return w.string()


def describe_endpoint_slice(ctx: DescribeContext, resource, namespace: str, name: str) -> str:
    eps = ctx.get(group_path("discovery.k8s.io/v1", "endpointslices", namespace, name))
    events = events_for(ctx, eps, "EndpointSlice")
    w = PrefixWriter()
    m = meta(eps)
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    w.write(LEVEL_0, f"Namespace:\t{m.get('namespace', '')}\n")
    print_labels_multiline(w, "Labels", m.get("labels"))
    print_annotations_multiline(w, "Annotations", m.get("annotations"))
    w.write(LEVEL_0, f"AddressType:\t{eps.get('addressType', '')}\n")
    ports = eps.get("ports") or []
    if not ports:
        w.write(LEVEL_0, "Ports: <unset>\n")
    else:
        w.write(LEVEL_0, "Ports:\n")
        w.write(LEVEL_1, "Name\tPort\tProtocol\n")
        w.write(LEVEL_1, "----\t----\t--------\n")
        for p in ports:
            number = str(p["port"]) if p.get("port") is not None else "<unset>"
            w.write(LEVEL_1, f"{p.get('name') or '<unset>'}\t{number}\t{p.get('protocol', '')}\n")
    endpoints = eps.get("endpoints") or []
    if not endpoints:
        w.write(LEVEL_0, "Endpoints: <none>\n")
    else:
        w.write(LEVEL_0, "Endpoints:\n")
        for e in endpoints:
            w.write(LEVEL_1, f"- Addresses:\t{', '.join(e.get('addresses') or []) or '<none>'}\n")
            w.write(LEVEL_2, "Conditions:\n")
            ready = (e.get("conditions") or {}).get("ready")
            w.write(LEVEL_3, f"Ready:\t{'<unset>' if ready is None else ('true' if ready else 'false')}\n")
            w.write(LEVEL_2, f"Hostname:\t{_or_unset(e.get('hostname'))}\n")
            if e.get("targetRef") is not None:
                w.write(LEVEL_2, f"TargetRef:\t{e['targetRef'].get('kind', '')}/{e['targetRef'].get('name', '')}\n")
            w.write(LEVEL_2, f"NodeName:\t{_or_unset(e.get('nodeName'))}\n")
            w.write(LEVEL_2, f"Zone:\t{_or_unset(e.get('zone'))}\n")
    if events is not None:
        describe_events(events, w, ctx.now)
    return w.string()


def _or_unset(v) -> str:
    return "<unset>" if v is None else v


# ---- ingresses -------------------------------------------------------------------------------

def describe_ingress(ctx: DescribeContext, resource, namespace: str, name: str) -> str:
    ing = ctx.get(group_path("networking.k8s.io/v1", "ingresses", namespace, name))
    events = events_for(ctx, ing, "Ingress")
    w = PrefixWriter()
    m, s = meta(ing), spec(ing)
    ns = m.get("namespace", "")
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    print_labels_multiline(w, "Labels", m.get("labels"))
    w.write(LEVEL_0, f"Namespace:\t{ns}\n")
    w.write(LEVEL_0, f"Address:\t{_load_balancer_string(status(ing).get('loadBalancer') or {})}\n")
    class_name = s.get("ingressClassName")
    w.write(LEVEL_0, f"Ingress Class:\t{class_name if class_name is not None else '<none>'}\n")
    default = "<default>"
    if s.get("defaultBackend") is not None:
        default = _backend(ctx, ns, s["defaultBackend"])
    w.write(LEVEL_0, f"Default backend:\t{default}\n")
    if s.get("tls"):
        w.write(LEVEL_0, "TLS:\n")
        for t in s["tls"]:
            hosts = ",".join(t.get("hosts") or [])
            if not t.get("secretName"):
                w.write(LEVEL_1, f"SNI routes {hosts}\n")
            else:
                w.write(LEVEL_1, f"{t['secretName']} terminates {hosts}\n")
    w.write(LEVEL_0, "Rules:\n  Host\tPath\tBackends\n")
    w.write(LEVEL_1, "----\t----\t--------\n")
    count = 0
    for rule in s.get("rules") or []:
        if rule.get("http") is None:
            continue
        count += 1
        w.write(LEVEL_1, f"{rule.get('host') or '*'}\t\n")
        for path in rule["http"].get("paths") or []:
            w.write(LEVEL_2, f"\t{path.get('path', '')} \t{_backend(ctx, ns, path.get('backend') or {})}\n")
    if count == 0:
        w.write(LEVEL_1, f"*\t*\t{default}\n")
    print_annotations_multiline(w, "Annotations", m.get("annotations"))
    if events is not None:
        describe_events(events, w, ctx.now)
    return w.string()


def _backend(ctx: DescribeContext, namespace: str, backend: dict) -> str:
    """describeBackendV1."""
    svc = backend.get("service")
    if svc is not None:
        port = svc.get("port") or {}
        text = f"{svc.get('name', '')}:{port['number'] if port.get('number') else port.get('name', '')}"
        try:
            slices = _slices_for(ctx, namespace, svc.get("name", ""))
            service = ctx.get(core_path("services", namespace, svc.get("name", "")))
        except StatusError as e:
            return f"{text} (<error: {e.message}>)"
        port_name = ""
        for sp in spec(service).get("ports") or []:
            if port.get("number") and port["number"] == sp.get("port"):
                port_name = sp.get("name") or ""
            elif port.get("name") and port["name"] == sp.get("name"):
                port_name = sp.get("name") or ""
        return f"{text} ({format_endpoint_slices(slices, {port_name})})"
    res = backend.get("resource")
    if res is not None:
        group = res["apiGroup"] if res.get("apiGroup") is not None else "<none>"
        return f"APIGroup: {group}, Kind: {res.get('kind', '')}, Name: {res.get('name', '')}"
    return ""


def _load_balancer_string(lb: dict) -> str:
    """ingressLoadBalancerStatusStringerV1(s, wide=true): IPs or hostnames, sorted, unique."""
    found = set()
    for i in lb.get("ingress") or []:
        if i.get("ip"):
            found.add(i["ip"])
        elif i.get("hostname"):
            found.add(i["hostname"])
    return ",".join(sorted(found))


def describe_ingress_class(ctx: DescribeContext, resource, namespace: str, name: str) -> str:
    ic = ctx.get(group_path("networking.k8s.io/v1", "ingressclasses", None, name))
    events = events_for(ctx, ic, "IngressClass")
    w = PrefixWriter()
    m, s = meta(ic), spec(ic)
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    print_labels_multiline(w, "Labels", m.get("labels"))
    print_annotations_multiline(w, "Annotations", m.get("annotations"))
    w.write(LEVEL_0, f"Controller:\t{s.get('controller', '')}\n")
    params = s.get("parameters")
    if params is not None:
        w.write(LEVEL_0, "Parameters:\n")
        if params.get("apiGroup") is not None:
            w.write(LEVEL_1, f"APIGroup:\t{params['apiGroup']}\n")
        w.write(LEVEL_1, f"Kind:\t{params.get('kind', '')}\n")
        w.write(LEVEL_1, f"Name:\t{params.get('name', '')}\n")
    if events is not None:
        describe_events(events, w, ctx.now)
    return w.string()
