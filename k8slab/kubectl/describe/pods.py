"""`kubectl describe pod`, and the Pod Template block workloads share.

Follows `staging/src/k8s.io/kubectl/pkg/describe/describe.go` (PodDescriber.Describe: a pod
that is gone but has events prints `Pod 'x': error '...', but found events.` and them; the
pod's events are searched without a kind and, for a mirror pod, by the mirror annotation's uid;
describePod, describePodIPs, describeTopologySpreadConstraints, DescribePodTemplate).
"""

from __future__ import annotations

from ..errors import StatusError
from .containers import describe_containers, describe_resources
from .context import DescribeContext, core_path, meta, print_controller, spec, status
from .events import describe_events, search_events_for
from .gofmt import format_label_selector, rfc1123z, since
from .gosort import go_sort
from .resources import pod_qos
from .volumes import describe_volumes
from .writer import (LEVEL_0, LEVEL_1, PrefixWriter, print_annotations_multiline, print_labels_multiline,
                     print_tolerations_multiline)

MIRROR_POD_ANNOTATION = "kubernetes.io/config.mirror"


def describe_pod_resource(ctx: DescribeContext, resource, namespace: str, name: str) -> str:
    try:
        pod = ctx.get(core_path("pods", namespace, name))
    except StatusError as err:
        if ctx.show_events:
            try:
                events = search_events_for(ctx, "", name, namespace, "")
            except StatusError:
                events = []
            if events:
                w = PrefixWriter()
                w.write(LEVEL_0, f"Pod '{name}': error '{err.message}', but found events.\n")
                describe_events(events, w, ctx.now)
                return w.string()
        raise
    events = None
    if ctx.show_events:
        m = meta(pod)
        uid = m.get("uid", "")
        annotations = m.get("annotations") or {}
        if MIRROR_POD_ANNOTATION in annotations:
            uid = annotations[MIRROR_POD_ANNOTATION]
        events = _events(ctx, "", m.get("name", ""), m.get("namespace", ""), uid)
    return describe_pod(pod, events, ctx.now)


def _events(ctx, kind, name, namespace, uid) -> list:
    try:
        return search_events_for(ctx, kind, name, namespace, uid)
    except StatusError:
        return []


def describe_pod(pod: dict, events: list | None, now: float) -> str:
    w = PrefixWriter()
    m, s, st = meta(pod), spec(pod), status(pod)
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    w.write(LEVEL_0, f"Namespace:\t{m.get('namespace', '')}\n")
    if s.get("priority") is not None:
        w.write(LEVEL_0, f"Priority:\t{s['priority']}\n")
    if s.get("priorityClassName"):
        w.write(LEVEL_0, f"Priority Class Name:\t{s['priorityClassName']}\n")
    if s.get("runtimeClassName"):
        w.write(LEVEL_0, f"Runtime Class Name:\t{s['runtimeClassName']}\n")
    if s.get("serviceAccountName"):
        w.write(LEVEL_0, f"Service Account:\t{s['serviceAccountName']}\n")
    if not s.get("nodeName"):
        w.write(LEVEL_0, "Node:\t<none>\n")
    else:
        w.write(LEVEL_0, f"Node:\t{s['nodeName']}/{st.get('hostIP', '')}\n")
    if st.get("startTime") is not None:
        w.write(LEVEL_0, f"Start Time:\t{rfc1123z(st['startTime'])}\n")
    print_labels_multiline(w, "Labels", m.get("labels"))
    print_annotations_multiline(w, "Annotations", m.get("annotations"))
    phase = st.get("phase", "")
    if m.get("deletionTimestamp") and phase not in ("Failed", "Succeeded"):
        w.write(LEVEL_0, f"Status:\tTerminating (lasts {since(m['deletionTimestamp'], now)})\n")
        w.write(LEVEL_0, f"Termination Grace Period:\t{m.get('deletionGracePeriodSeconds') or 0}s\n")
    else:
        w.write(LEVEL_0, f"Status:\t{phase}\n")
    if st.get("reason"):
        w.write(LEVEL_0, f"Reason:\t{st['reason']}\n")
    if st.get("message"):
        w.write(LEVEL_0, f"Message:\t{st['message']}\n")
    seccomp = (s.get("securityContext") or {}).get("seccompProfile")
    if seccomp is not None:
        w.write(LEVEL_0, f"SeccompProfile:\t{seccomp.get('type', '')}\n")
        if seccomp.get("type") == "Localhost":
            w.write(LEVEL_0, f"LocalhostProfile:\t{seccomp.get('localhostProfile', '')}\n")
    w.write(LEVEL_0, f"IP:\t{st.get('podIP', '')}\n")
    _pod_ips(st, w)
    controlled_by = print_controller(pod)
    if controlled_by:
        w.write(LEVEL_0, f"Controlled By:\t{controlled_by}\n")
    if st.get("nominatedNodeName"):
        w.write(LEVEL_0, f"NominatedNodeName:\t{st['nominatedNodeName']}\n")
    if s.get("resources") is not None:
        w.write(LEVEL_0, "Resources:\n")
        describe_resources(s["resources"], w, LEVEL_1)
    if s.get("initContainers"):
        describe_containers("Init Containers", s["initContainers"], st.get("initContainerStatuses"), pod, w, "")
    describe_containers("Containers", s.get("containers"), st.get("containerStatuses"), pod, w, "")
    if s.get("ephemeralContainers"):
        describe_containers("Ephemeral Containers", s["ephemeralContainers"],
                            st.get("ephemeralContainerStatuses"), pod, w, "")
    conditions = st.get("conditions") or []
    if s.get("readinessGates"):
        w.write(LEVEL_0, "Readiness Gates:\n  Type\tStatus\n")
        for g in s["readinessGates"]:
            value = next((c.get("status", "") for c in conditions if c.get("type") == g.get("conditionType")),
                         "<none>")
            w.write(LEVEL_1, f"{g.get('conditionType', '')} \t{value} \n")
    if conditions:
        w.write(LEVEL_0, "Conditions:\n  Type\tStatus\n")
        for c in conditions:
            w.write(LEVEL_1, f"{c.get('type', '')} \t{c.get('status', '')} \n")
    describe_volumes(s.get("volumes"), w, "")
    w.write(LEVEL_0, f"QoS Class:\t{pod_qos(pod)}\n")
    print_labels_multiline(w, "Node-Selectors", s.get("nodeSelector"))
    print_tolerations_multiline(w, "Tolerations", s.get("tolerations"))
    describe_topology_spread_constraints(s.get("topologySpreadConstraints"), w, "")
    if events is not None:
        describe_events(events, w, now)
    return w.string()


def _pod_ips(st: dict, w) -> None:
    ips = st.get("podIPs") or []
    if not ips:
        w.write(LEVEL_0, "IPs:\t<none>\n")
        return
    w.write(LEVEL_0, "IPs:\n")
    for ip in ips:
        w.write(LEVEL_1, f"IP:\t{ip.get('ip', '')}\n")


def describe_topology_spread_constraints(constraints: list | None, w, space: str) -> None:
    if not constraints:
        return
    constraints = go_sort(list(constraints), lambda a, b: a.get("topologyKey", "") < b.get("topologyKey", ""))
    w.write(LEVEL_0, f"{space}Topology Spread Constraints:\t")
    for i, c in enumerate(constraints):
        if i:
            w.write(LEVEL_0, space)
            w.write(LEVEL_0, "\t")
        text = (f"{c.get('topologyKey', '')}:{c.get('whenUnsatisfiable', '')} when max skew "
                f"{c.get('maxSkew', 0)} is exceeded")
        if c.get("labelSelector") is not None:
            text += f" for selector {format_label_selector(c['labelSelector'])}"
        w.write(LEVEL_0, text + "\n")


def describe_pod_template(template: dict | None, w) -> None:
    """DescribePodTemplate."""
    w.write(LEVEL_0, "Pod Template:\n")
    if template is None:
        w.write(LEVEL_1, "<unset>")
        return
    m, s = meta(template), spec(template)
    print_labels_multiline(w, "  Labels", m.get("labels"))
    if m.get("annotations"):
        print_annotations_multiline(w, "  Annotations", m["annotations"])
    if s.get("serviceAccountName"):
        w.write(LEVEL_1, f"Service Account:\t{s['serviceAccountName']}\n")
    if s.get("initContainers"):
        describe_containers("Init Containers", s["initContainers"], None, None, w, "  ")
    describe_containers("Containers", s.get("containers"), None, None, w, "  ")
    describe_volumes(s.get("volumes"), w, "  ")
    describe_topology_spread_constraints(s.get("topologySpreadConstraints"), w, "  ")
    if s.get("priorityClassName"):
        w.write(LEVEL_1, f"Priority Class Name:\t{s['priorityClassName']}\n")
    print_labels_multiline(w, "  Node-Selectors", s.get("nodeSelector"))
    print_tolerations_multiline(w, "  Tolerations", s.get("tolerations"))
