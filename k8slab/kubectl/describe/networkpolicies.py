"""`kubectl describe networkpolicy`.

Follows `staging/src/k8s.io/kubectl/pkg/describe/describe.go` (NetworkPolicyDescriber,
describeNetworkPolicy: `Created on` is metav1.Time's String, Go's `2006-01-02 15:04:05 -0700 MST`
in the local zone; describeNetworkPolicySpec, getPolicyType, printNetworkPolicySpecIngressFrom,
printNetworkPolicySpecEgressTo, policyTypesToString). No events, as upstream.
"""

from __future__ import annotations

import time

from .context import DescribeContext, group_path, meta, spec
from .gofmt import format_label_selector, parse_time
from .writer import LEVEL_0, LEVEL_1, LEVEL_2, PrefixWriter, print_annotations_multiline, print_labels_multiline


def go_time_string(timestamp) -> str:
    """time.Time.String() of a metav1.Time (whole seconds) in the local zone."""
    t = parse_time(timestamp)
    if t is None:
        return "0001-01-01 00:00:00 +0000 UTC"
    return time.strftime("%Y-%m-%d %H:%M:%S %z %Z", time.localtime(t))


def describe_network_policy(ctx: DescribeContext, resource, namespace: str, name: str) -> str:
    np = ctx.get(group_path("networking.k8s.io/v1", "networkpolicies", namespace, name))
    m, s = meta(np), spec(np)
    w = PrefixWriter()
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    w.write(LEVEL_0, f"Namespace:\t{m.get('namespace', '')}\n")
    w.write(LEVEL_0, f"Created on:\t{go_time_string(m.get('creationTimestamp'))}\n")
    print_labels_multiline(w, "Labels", m.get("labels"))
    print_annotations_multiline(w, "Annotations", m.get("annotations"))
    w.write(LEVEL_0, "Spec:\n")
    w.write(LEVEL_1, "PodSelector: ")
    selector = s.get("podSelector") or {}
    if not selector.get("matchLabels") and not selector.get("matchExpressions"):
        w.write(LEVEL_2, "<none> (Allowing the specific traffic to all pods in this namespace)\n")
    else:
        w.write(LEVEL_2, f"{format_label_selector(selector)}\n")
    types = s.get("policyTypes") or []
    if "Ingress" in types:
        w.write(LEVEL_1, "Allowing ingress traffic:\n")
        _rules(s.get("ingress") or [], "from", "From", "source", "ingress", w)
    else:
        w.write(LEVEL_1, "Not affecting ingress traffic\n")
    if "Egress" in types:
        w.write(LEVEL_1, "Allowing egress traffic:\n")
        _rules(s.get("egress") or [], "to", "To", "destination", "egress", w)
    else:
        w.write(LEVEL_1, "Not affecting egress traffic\n")
    w.write(LEVEL_1, f"Policy Types: {', '.join(types) if s.get('policyTypes') is not None and types else '<none>'}\n")
    return w.string()


def _rules(rules: list, peers_key: str, title: str, what: str, direction: str, w, indent: str = "    ") -> None:
    if not rules:
        w.write(LEVEL_0, f"{indent}<none> (Selected pods are isolated for {direction} connectivity)\n")
        return
    for i, rule in enumerate(rules):
        ports = rule.get("ports") or []
        if not ports:
            w.write(LEVEL_0, f"{indent}To Port: <any> (traffic allowed to all ports)\n")
        for port in ports:
            proto = port.get("protocol") or "TCP"
            number = "<nil>" if port.get("port") is None else str(port["port"])
            if port.get("endPort") is None:
                w.write(LEVEL_0, f"{indent}To Port: {number}/{proto}\n")
            else:
                w.write(LEVEL_0, f"{indent}To Port Range: {number}-{port['endPort']}/{proto}\n")
        peers = rule.get(peers_key) or []
        if not peers:
            w.write(LEVEL_0, f"{indent}{title}: <any> (traffic not restricted by {what})\n")
        for peer in peers:
            w.write(LEVEL_0, f"{indent}{title}:\n")
            pods, namespaces, block = peer.get("podSelector"), peer.get("namespaceSelector"), peer.get("ipBlock")
            if pods is not None and namespaces is not None:
                w.write(LEVEL_1, f"{indent}NamespaceSelector: {format_label_selector(namespaces)}\n")
                w.write(LEVEL_1, f"{indent}PodSelector: {format_label_selector(pods)}\n")
            elif pods is not None:
                w.write(LEVEL_1, f"{indent}PodSelector: {format_label_selector(pods)}\n")
            elif namespaces is not None:
                w.write(LEVEL_1, f"{indent}NamespaceSelector: {format_label_selector(namespaces)}\n")
            elif block is not None:
                w.write(LEVEL_1, f"{indent}IPBlock:\n")
                w.write(LEVEL_2, f"{indent}CIDR: {block.get('cidr', '')}\n")
                w.write(LEVEL_2, f"{indent}Except: {', '.join(block.get('except') or [])}\n")
        if i != len(rules) - 1:
            w.write(LEVEL_0, f"{indent}----------\n")
