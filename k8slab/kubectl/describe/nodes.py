"""`kubectl describe node`.

Follows `staging/src/k8s.io/kubectl/pkg/describe/describe.go` (NodeDescriber.Describe: the
node's non-terminated pods by field selector across all namespaces (`Pods: not authorized` when
listing them is forbidden); its events twice, by uid and by name used as uid (kubelets report
with the name), merged; describeNode, findNodeRoles, describeNodeLease (the lease in
kube-node-lease), describeNodeResource (requests and limits per pod and in total as a share of
allocatable, truncated percentages), getPodsTotalRequestsAndLimits).
"""

from __future__ import annotations

from ..errors import StatusError
from .context import DescribeContext, core_path, group_path, meta, spec, status
from .events import describe_events, search_events_for
from .gofmt import (milli_value, percent, quantity, quantity_add, quantity_string, rfc1123z, since,
                    value)
from .resources import is_huge_page, is_standard_container_resource, pod_requests_and_limits
from .writer import (LEVEL_0, LEVEL_1, PrefixWriter, print_annotations_multiline, print_labels_multiline,
                     print_taints_multiline)

ROLE_PREFIX = "node-role.kubernetes.io/"
ROLE_LABEL = "kubernetes.io/role"
NODE_LEASE_NAMESPACE = "kube-node-lease"


def find_node_roles(node: dict) -> list[str]:
    roles = set()
    for k, v in (meta(node).get("labels") or {}).items():
        if k.startswith(ROLE_PREFIX):
            if k[len(ROLE_PREFIX):]:
                roles.add(k[len(ROLE_PREFIX):])
        elif k == ROLE_LABEL and v:
            roles.add(v)
    return sorted(roles)


def describe_node(ctx: DescribeContext, resource, namespace: str, name: str) -> str:
    node = ctx.get(core_path("nodes", None, name))
    selector = f"spec.nodeName={name},status.phase!=Succeeded,status.phase!=Failed"
    pods: list | None
    try:
        pods = ctx.list(core_path("pods", namespace or None), {"fieldSelector": selector})
    except StatusError as e:
        if e.reason != "Forbidden":
            raise
        pods = None
    events = None
    if ctx.show_events:
        m = meta(node)
        events = []
        for uid in (m.get("uid", ""), m.get("name", "")):
            try:
                events += search_events_for(ctx, "Node", m.get("name", ""), "", uid)
            except StatusError:
                pass
    return _node_text(ctx, node, pods, events)


def _node_text(ctx: DescribeContext, node: dict, pods: list | None, events) -> str:
    w = PrefixWriter()
    m, s, st = meta(node), spec(node), status(node)
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    w.write(LEVEL_0, f"Roles:\t{','.join(find_node_roles(node)) or '<none>'}\n")
    print_labels_multiline(w, "Labels", m.get("labels"))
    print_annotations_multiline(w, "Annotations", m.get("annotations"))
    w.write(LEVEL_0, f"CreationTimestamp:\t{rfc1123z(m.get('creationTimestamp'))}\n")
    print_taints_multiline(w, "Taints", s.get("taints"))
    w.write(LEVEL_0, f"Unschedulable:\t{'true' if s.get('unschedulable') else 'false'}\n")
    try:
        lease = ctx.get(group_path("coordination.k8s.io/v1", "leases", NODE_LEASE_NAMESPACE, m.get("name", "")))
        _lease(lease, w)
    except StatusError as e:
        w.write(LEVEL_0, f"Lease:\tFailed to get lease: {e.message}\n")
    conditions = st.get("conditions") or []
    if conditions:
        w.write(LEVEL_0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n")
        w.write(LEVEL_1, "----\t------\t-----------------\t------------------\t------\t-------\n")
        for c in conditions:
            w.write(LEVEL_1, f"{c.get('type', '')} \t{c.get('status', '')} \t{rfc1123z(c.get('lastHeartbeatTime'))} \t"
                             f"{rfc1123z(c.get('lastTransitionTime'))} \t{c.get('reason', '')} \t"
                             f"{c.get('message', '')}\n")
    w.write(LEVEL_0, "Addresses:\n")
    for a in st.get("addresses") or []:
        w.write(LEVEL_1, f"{a.get('type', '')}:\t{a.get('address', '')}\n")
    for key, title in (("capacity", "Capacity"), ("allocatable", "Allocatable")):
        resources = st.get(key) or {}
        if resources:
            w.write(LEVEL_0, f"{title}:\n")
            for r in sorted(resources):
                q = quantity(resources[r])
                w.write(LEVEL_0, f"  {r}:\t{q if q is not None else resources[r]}\n")
    info = st.get("nodeInfo") or {}
    w.write(LEVEL_0, "System Info:\n")
    for field, title in (("machineID", "Machine ID"), ("systemUUID", "System UUID"), ("bootID", "Boot ID"),
                         ("kernelVersion", "Kernel Version"), ("osImage", "OS Image"),
                         ("operatingSystem", "Operating System"), ("architecture", "Architecture"),
                         ("containerRuntimeVersion", "Container Runtime Version"),
                         ("kubeletVersion", "Kubelet Version"), ("kubeProxyVersion", "Kube-Proxy Version")):
        w.write(LEVEL_0, f"  {title}:\t{info.get(field, '')}\n")
    if s.get("podCIDR"):
        w.write(LEVEL_0, f"PodCIDR:\t{s['podCIDR']}\n")
    if s.get("podCIDRs"):
        w.write(LEVEL_0, f"PodCIDRs:\t{','.join(s['podCIDRs'])}\n")
    if s.get("providerID"):
        w.write(LEVEL_0, f"ProviderID:\t{s['providerID']}\n")
    if pods is not None:
        describe_node_resource(pods, node, w, ctx.now)
    else:
        w.write(LEVEL_0, "Pods:\tnot authorized\n")
    if events is not None:
        describe_events(events, w, ctx.now)
    return w.string()


def _lease(lease: dict, w) -> None:
    ls = spec(lease)
    w.write(LEVEL_0, "Lease:\n")
    holder = ls.get("holderIdentity")
    w.write(LEVEL_1, f"HolderIdentity:\t{holder if holder is not None else '<unset>'}\n")
    for key, title in (("acquireTime", "AcquireTime"), ("renewTime", "RenewTime")):
        w.write(LEVEL_1, f"{title}:\t{rfc1123z(ls[key]) if ls.get(key) is not None else '<unset>'}\n")


def _resources(values: dict | None) -> dict:
    out = {}
    for k, v in (values or {}).items():
        q = quantity(v)
        if q is not None:
            out[k] = q
    return out


def describe_node_resource(pods: list, node: dict, w, now: float) -> None:
    w.write(LEVEL_0, f"Non-terminated Pods:\t({len(pods)} in total)\n")
    w.write(LEVEL_1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n")
    w.write(LEVEL_1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n")
    st = status(node)
    allocatable = _resources(st.get("allocatable")) or _resources(st.get("capacity"))
    alloc_cpu, alloc_memory = milli_value(allocatable.get("cpu")), value(allocatable.get("memory"))
    totals_req: dict = {}
    totals_lim: dict = {}
    for pod in pods:
        req, lim = pod_requests_and_limits(pod)
        for totals, part in ((totals_req, req), (totals_lim, lim)):
            for k, q in part.items():
                totals[k] = quantity_add(totals.get(k), q)
        cells = []
        for q, whole, measure in ((req.get("cpu"), alloc_cpu, milli_value), (lim.get("cpu"), alloc_cpu, milli_value),
                                  (req.get("memory"), alloc_memory, value), (lim.get("memory"), alloc_memory, value)):
            cells.append(f"{quantity_string(q)} ({percent(measure(q), whole)}%)")
        pm = meta(pod)
        w.write(LEVEL_1, f"{pm.get('namespace', '')}\t{pm.get('name', '')}\t\t" + "\t".join(cells) +
                         f"\t{since(pm.get('creationTimestamp'), now)}\n")
    w.write(LEVEL_0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n")
    w.write(LEVEL_1, "Resource\tRequests\tLimits\n")
    w.write(LEVEL_1, "--------\t--------\t------\n")
    alloc_storage = value(allocatable.get("ephemeral-storage"))
    for name, whole, measure in (("cpu", alloc_cpu, milli_value), ("memory", alloc_memory, value),
                                 ("ephemeral-storage", alloc_storage, value)):
        r, li = totals_req.get(name), totals_lim.get(name)
        pr = percent(measure(r), whole) if whole else 0
        pl = percent(measure(li), whole) if whole else 0
        w.write(LEVEL_1, f"{name}\t{quantity_string(r)} ({pr}%)\t{quantity_string(li)} ({pl}%)\n")
    huge = sorted(k for k in allocatable if is_huge_page(k))
    extended = sorted(k for k in allocatable if not is_standard_container_resource(k) and k != "pods")
    for name in huge:
        r, li, whole = totals_req.get(name), totals_lim.get(name), value(allocatable.get(name))
        pr = percent(value(r), whole) if whole else 0
        pl = percent(value(li), whole) if whole else 0
        w.write(LEVEL_1, f"{name}\t{quantity_string(r)} ({pr}%)\t{quantity_string(li)} ({pl}%)\n")
    for name in extended:
        w.write(LEVEL_1, f"{name}\t{quantity_string(totals_req.get(name))}\t{quantity_string(totals_lim.get(name))}\n")
