"""Group networking.k8s.io (and the book profile's extensions/v1beta1 ingresses): ingresses,
ingressclasses, networkpolicies, servicecidrs, ipaddresses.

Follows `pkg/printers/internalversion/printers.go`: `printIngress` (`formatHosts`, `formatPorts`,
`ingressLoadBalancerStatusStringer`), `printIngressClass`, `printNetworkPolicy`, `printServiceCIDR`,
`printIPAddress`.

Differences from upstream: ipaddresses get an Age column definition; upstream declares only NAME and
PARENTREF yet sends an age as a third cell. The booklet's v1.11 ingress table had no CLASS column;
today's server has one.
"""

from __future__ import annotations

from .common import AGE, NAME, Printer, age, column, dig, format_label_selector, name_of

INGRESS_COLUMNS = (
    NAME,
    column("Class", "string", "The name of the IngressClass resource that should be used for "
           "additional configuration"),
    column("Hosts", "string", "Hosts that incoming requests are matched against before the ingress "
           "rule"),
    column("Address", "string", "Address is a list containing ingress points for the load-balancer"),
    column("Ports", "string", "Ports of TLS configurations that open"),
    AGE,
)

MAX_HOSTS_SHOWN = 3


def format_hosts(rules: list | None) -> str:
    """Up to three hosts (`*` if no rule has one); once three are listed, any further rule adds
    `+ N more...` where N counts all rules beyond the third, host or not, as upstream does."""
    rules = rules or []
    hosts: list[str] = []
    more = False
    for rule in rules:
        if len(hosts) == MAX_HOSTS_SHOWN:
            more = True
        if not more and rule.get("host"):
            hosts.append(rule["host"])
    if not hosts:
        return "*"
    text = ",".join(hosts)
    return f"{text} + {len(rules) - MAX_HOSTS_SHOWN} more..." if more else text


def load_balancer_string(status: dict | None) -> str:
    found = set()
    for ingress in dig(status, "loadBalancer", "ingress", default=[]):
        if ingress.get("ip"):
            found.add(ingress["ip"])
        elif ingress.get("hostname"):
            found.add(ingress["hostname"])
    return ",".join(sorted(found))


def print_ingress(obj: dict, now: float) -> list:
    spec = obj.get("spec") or {}
    class_name = spec.get("ingressClassName")
    return [name_of(obj), "<none>" if class_name is None else class_name, format_hosts(spec.get("rules")),
            load_balancer_string(obj.get("status")), "80, 443" if spec.get("tls") else "80",
            age(obj, now)]


INGRESS_CLASS_COLUMNS = (
    NAME,
    column("Controller", "string", "Controller that is responsible for handling this class"),
    column("Parameters", "string", "A reference to a resource with additional parameters"),
    AGE,
)


def print_ingress_class(obj: dict, now: float) -> list:
    params = dig(obj, "spec", "parameters")
    text = "<none>"
    if params is not None:
        text = params.get("kind", "")
        if params.get("apiGroup") is not None:
            text += "." + params["apiGroup"]
        text += "/" + params.get("name", "")
    return [name_of(obj), dig(obj, "spec", "controller", default=""), text, age(obj, now)]


NETWORK_POLICY_COLUMNS = (
    NAME,
    column("Pod-Selector", "string", "Label query choosing the pods the policy applies to."),
    AGE,
)


def print_network_policy(obj: dict, now: float) -> list:
    return [name_of(obj), format_label_selector(dig(obj, "spec", "podSelector", default={})),
            age(obj, now)]


SERVICE_CIDR_COLUMNS = (NAME, column("CIDRs", "string", "The ranges service IPs are taken from."), AGE)


def print_service_cidr(obj: dict, now: float) -> list:
    return [name_of(obj), ",".join(dig(obj, "spec", "cidrs", default=[])), age(obj, now)]


IP_ADDRESS_COLUMNS = (NAME, column("ParentRef", "string", "The object the address belongs to."), AGE)


def print_ip_address(obj: dict, now: float) -> list:
    ref = dig(obj, "spec", "parentRef")
    text = "<none>"
    if ref is not None:
        resource, group = ref.get("resource", ""), ref.get("group", "")
        text = (f"{resource}.{group}" if group else resource).lower()
        if ref.get("namespace"):
            text += "/" + ref["namespace"]
        text += "/" + ref.get("name", "")
    return [name_of(obj), text, age(obj, now)]


PRINTERS = {
    "ingresses": Printer(INGRESS_COLUMNS, print_ingress),
    "ingressclasses": Printer(INGRESS_CLASS_COLUMNS, print_ingress_class),
    "networkpolicies": Printer(NETWORK_POLICY_COLUMNS, print_network_policy),
    "servicecidrs": Printer(SERVICE_CIDR_COLUMNS, print_service_cidr),
    "ipaddresses": Printer(IP_ADDRESS_COLUMNS, print_ip_address),
}
