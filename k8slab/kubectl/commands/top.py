"""`kubectl top node|pod`: CPU and memory use from the Metrics API (metrics.k8s.io/v1beta1).

Follows `staging/src/k8s.io/kubectl/pkg/cmd/top/` (top.go: the parent's help; top_node.go and
top_pod.go: Complete's usage errors, Validate's `--sort-by accepts only cpu or memory` and NAME
vs selector errors, ServerGroups (GET /api and /apis) and `error: Metrics API not available`
unless the group serves v1beta1; `metrics not available yet`; verifyEmptyMetrics for pods younger
or older than two minutes; `No resources found in <ns> namespace.`) and
`staging/src/k8s.io/kubectl/pkg/metricsutil/metrics_printer.go` (kubectl 1.32's columns, NAME
CPU(cores) CPU(%) MEMORY(bytes) MEMORY(%) for nodes against allocatable (or capacity with
`--show-capacity`), NAMESPACE/POD/NAME CPU(cores) MEMORY(bytes) for pods; `250m`, `128Mi`;
sorting by name, or by usage with `--sort-by`; `--sum`; `<unknown>` rows for nodes without
metrics).

Differences from upstream: nodes without metrics are listed in node order (kubectl walks a Go map).
"""

from __future__ import annotations

import time

from ..client import ACCEPT_DISCOVERY
from ..errors import error
from ..flags import BOOL, STRING
from ..mutation import usage_error
from ..printers.tabwriter import TabWriter
from ..registry import command

METRICS = "/apis/metrics.k8s.io/v1beta1"
SUPPORTED_VERSIONS = ("v1beta1",)
METRICS_CREATION_DELAY = 120.0          # seconds: younger pods may simply not be measured yet
MEASURED = ("cpu", "memory")
TOP_HELP = """Display resource (CPU/memory) usage.

 The top command allows you to see the resource consumption for nodes or pods.

 This command requires Metrics Server to be correctly configured and working on the server.

Available Commands:
  node          Display resource (CPU/memory) usage of nodes
  pod           Display resource (CPU/memory) usage of pods

Usage:
  kubectl top [flags] [options]

Use "kubectl top <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
"""


@command("top", short="Display resource (CPU/memory) usage")
def top(session, args: list[str]) -> int:
    session.err.write(TOP_HELP)
    return 1


def _common_flags(fs) -> None:
    fs.add("selector", STRING, short="l")
    fs.add("sort-by", STRING)
    fs.add("no-headers", BOOL)
    fs.add("use-protocol-buffers", BOOL, default=True)


def node_flags(fs) -> None:
    _common_flags(fs)
    fs.add("show-capacity", BOOL)


def pod_flags(fs) -> None:
    _common_flags(fs)
    fs.add("all-namespaces", BOOL, short="A")
    fs.add("containers", BOOL)
    fs.add("field-selector", STRING)
    fs.add("sum", BOOL)


def _validate_sort(session) -> None:
    if session.flags["sort-by"] and session.flags["sort-by"] not in MEASURED:
        raise error("--sort-by accepts only cpu or memory")


def metrics_api_available(session) -> bool:
    """SupportedMetricsAPIVersionAvailable over DiscoveryClient.ServerGroups()."""
    groups = []
    for path in ("/api", "/apis"):
        data = session.client.request("GET", path, accept=ACCEPT_DISCOVERY).json() or {}
        for g in data.get("groups") or []:
            groups.append((g.get("name"), [v.get("version") for v in g.get("versions") or []]))
        for item in data.get("items") or []:
            groups.append(((item.get("metadata") or {}).get("name"),
                           [v.get("version") for v in item.get("versions") or []]))
    return any(name == "metrics.k8s.io" and any(v in SUPPORTED_VERSIONS for v in versions)
               for name, versions in groups)


@command("top node", flags=node_flags, short="Display resource (CPU/memory) usage of nodes",
         aliases=("nodes", "no"))
def top_node(session, args: list[str]) -> int:
    f = session.flags
    if len(args) > 1:
        raise usage_error(session, "node [NAME | -l label]")
    name = args[0] if args else ""
    _validate_sort(session)
    if name and f["selector"]:
        raise error("only one of NAME or --selector can be provided")
    if not metrics_api_available(session):
        raise error("Metrics API not available")
    if name:
        items = [session.client.get(f"{METRICS}/nodes/{name}")]
    else:
        items = session.client.get(f"{METRICS}/nodes", _selectors(f["selector"])).get("items") or []
    if not items:
        raise error("metrics not available yet")
    if name:
        nodes = [session.client.get(f"/api/v1/nodes/{name}")]
    else:
        nodes = session.client.get("/api/v1/nodes", _selectors(f["selector"])).get("items") or []
    field = "capacity" if f["show-capacity"] else "allocatable"
    available = {n["metadata"]["name"]: (n.get("status") or {}).get(field) or {} for n in nodes}
    items = _sorted(items, f["sort-by"], lambda m: ("", m["metadata"]["name"]), lambda m: m.get("usage") or {})
    w = TabWriter(session.out)
    if not f["no-headers"]:
        w.write("NAME\tCPU(cores)\tCPU(%)\tMEMORY(bytes)\tMEMORY(%)\t\n")
    for m in items:
        node = m["metadata"]["name"]
        w.write(_line(node, m.get("usage") or {}, available.pop(node, None)))
    for node in available:
        w.write(f"{node}\t" + "<unknown>\t<unknown>\t" * len(MEASURED) + "\n")
    w.flush()
    return 0


@command("top pod", flags=pod_flags, short="Display resource (CPU/memory) usage of pods",
         aliases=("pods", "po"))
def top_pod(session, args: list[str]) -> int:
    f = session.flags
    if len(args) > 1:
        raise usage_error(session, "pod [NAME | -l label]")
    name = args[0] if args else ""
    _validate_sort(session)
    if name and (f["selector"] or f["field-selector"]):
        raise error("only one of NAME or selector can be provided")
    namespace = session.namespace()[0]
    every = f["all-namespaces"]
    if not metrics_api_available(session):
        raise error("Metrics API not available")
    base = METRICS if every else f"{METRICS}/namespaces/{namespace}"
    if name:
        items = [session.client.get(f"{base}/pods/{name}")]
    else:
        items = session.client.get(f"{base}/pods", _selectors(f["selector"], f["field-selector"])).get("items") or []
    if not items:
        _verify_empty(session, namespace, name)
        session.err.write("No resources found\n" if every else f"No resources found in {namespace} namespace.\n")
        return 0
    print_pods(session, items, every)
    return 0


def _verify_empty(session, namespace: str, name: str) -> None:
    """verifyEmptyMetrics: pods older than two minutes should have metrics by now."""
    f = session.flags
    if name:
        pods = [session.client.get(f"/api/v1/namespaces/{namespace}/pods/{name}")]
    else:
        pods = session.client.get(f"/api/v1/namespaces/{namespace}/pods",
                                  _selectors(f["selector"], f["field-selector"])).get("items") or []
        if not pods:
            return
    from ..describe.gofmt import parse_time
    from ..durations import format_duration
    for pod in pods:
        created = parse_time((pod.get("metadata") or {}).get("creationTimestamp"))
        age = time.time() - created if created is not None else 0.0
        if age > METRICS_CREATION_DELAY:
            raise error(f"Metrics not available for pod {pod['metadata'].get('namespace', '')}/"
                        f"{pod['metadata']['name']}, age: {format_duration(age)}")
    raise error("metrics not available yet")


def print_pods(session, items: list[dict], with_namespace: bool) -> None:
    f = session.flags
    w = TabWriter(session.out)
    width = 2 + 1                                          # NAME CPU MEMORY
    if not f["no-headers"]:
        if with_namespace:
            w.write("NAMESPACE\t")
            width += 1
        if f["containers"]:
            w.write("POD\t")
            width += 1
        w.write("NAME\tCPU(cores)\tMEMORY(bytes)\t\n")

    def pod_usage(m):
        return _sum(c.get("usage") or {} for c in m.get("containers") or [])

    def key(m):
        meta = m["metadata"]
        return (meta.get("namespace", "") if with_namespace else "", meta["name"])
    items = _sorted(items, f["sort-by"], key, pod_usage)
    for m in items:
        ns = f"{m['metadata'].get('namespace', '')}\t" if with_namespace else ""
        if f["containers"]:
            containers = _sorted(m.get("containers") or [], f["sort-by"], lambda c: ("", c["name"]),
                                 lambda c: c.get("usage") or {})
            for c in containers:
                w.write(ns + f"{m['metadata']['name']}\t" + _line(c["name"], c.get("usage") or {}))
        else:
            w.write(ns + _line(m["metadata"]["name"], pod_usage(m)))
    if f["sum"]:
        total = _sum(pod_usage(m) for m in items)
        w.write("\t" * (width - 2) + "________\t________\t\n")
        w.write("\t" * (width - 3) + _line("", total))
    w.flush()


# ---- quantities --------------------------------------------------------------------------------

def _q(value):
    from ..describe.gofmt import quantity
    return quantity(value if value is not None else "0")


def _sum(usages) -> dict:
    milli = {r: 0 for r in MEASURED}
    for usage in usages:
        for r in MEASURED:
            q = _q(usage.get(r))
            milli[r] += q.milli_value() if q is not None else 0
    return {"cpu": f"{milli['cpu']}m", "memory": f"{milli['memory']}m"}


def _line(name: str, usage: dict, available: dict | None = None) -> str:
    """printMetricsLine: the name, each resource's use, and its share of what is available."""
    from ..describe.gofmt import value
    cells = [name]
    for r in MEASURED:
        q = _q(usage.get(r))
        cells.append(f"{q.milli_value()}m" if r == "cpu" else f"{value(q) // (1024 * 1024)}Mi")
        if available is not None and r in available:
            whole = _q(available[r]).milli_value()
            cells.append(f"{int(q.milli_value() / whole * 100) if whole else 0}%")
    return "".join(c + "\t" for c in cells) + "\n"


def _sorted(items: list, sort_by: str, name_key, usage_of) -> list:
    if sort_by in MEASURED:
        def amount(m):
            q = _q(usage_of(m).get(sort_by))
            return q.milli_value() if q is not None else 0
        return sorted(items, key=amount, reverse=True)
    return sorted(items, key=name_key)


def _selectors(label: str, field: str = "") -> dict:
    q = {}
    if label:
        q["labelSelector"] = label
    if field:
        q["fieldSelector"] = field
    return q

