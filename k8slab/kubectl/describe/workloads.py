"""Deployments, replica sets, replication controllers, daemon sets and stateful sets.

Follows `staging/src/k8s.io/kubectl/pkg/describe/describe.go` (DeploymentDescriber,
describeDeployment, printReplicaSetsByLabels; ReplicaSetDescriber; ReplicationController-
Describer; DaemonSetDescriber; StatefulSetDescriber, describeVolumeClaimTemplates;
getPodStatusForController: the pods the selector lists that this object controls, counted by
phase) and `staging/src/k8s.io/kubectl/pkg/util/deployment/deployment.go`
(GetAllReplicaSetsInChunks: the replica sets the deployment controls, oldest first; the new one
has the deployment's template apart from pod-template-hash; OldReplicaSets lists all others).
"""

from __future__ import annotations

from ..errors import StatusError
from .context import DescribeContext, controller_of, core_path, group_path, meta, print_controller, spec, status
from .events import describe_events, search_events
from .gofmt import format_label_selector, format_labels, label_selector_string, parse_time, rfc1123z
from .gosort import go_sort
from .pods import describe_pod_template
from .storage import persistent_volume_claim_class
from .writer import LEVEL_0, LEVEL_1, PrefixWriter, print_annotations_multiline, print_labels_multiline

POD_TEMPLATE_HASH = "pod-template-hash"


def events_for(ctx: DescribeContext, obj: dict, kind: str) -> list | None:
    """searchEvents with the error ignored, as the describers do (None: --show-events=false)."""
    if not ctx.show_events:
        return None
    try:
        return search_events(ctx, obj, kind)
    except StatusError:
        return []


def pod_status_for_controller(ctx: DescribeContext, namespace: str, selector: str, uid: str) -> tuple:
    """getPodStatusForController: (running, waiting, succeeded, failed)."""
    query = {"labelSelector": selector} if selector else {}
    counts = {"Running": 0, "Pending": 0, "Succeeded": 0, "Failed": 0}
    for pod in ctx.list(core_path("pods", namespace), query):
        ref = controller_of(pod)
        if ref is None or ref.get("uid") != uid:
            continue
        phase = status(pod).get("phase")
        if phase in counts:
            counts[phase] += 1
    return counts["Running"], counts["Pending"], counts["Succeeded"], counts["Failed"]


def _pods_status(counts: tuple) -> str:
    return "%d Running / %d Waiting / %d Succeeded / %d Failed" % counts


def _int_or_string(v) -> str:
    """intstr.IntOrString.String (`<nil>` for a nil pointer)."""
    return "<nil>" if v is None else str(v)


def _conditions(obj: dict, w) -> None:
    conditions = status(obj).get("conditions") or []
    if conditions:
        w.write(LEVEL_0, "Conditions:\n  Type\tStatus\tReason\n")
        w.write(LEVEL_1, "----\t------\t------\n")
        for c in conditions:
            w.write(LEVEL_1, f"{c.get('type', '')} \t{c.get('status', '')}\t{c.get('reason', '')}\n")


# ---- deployments ---------------------------------------------------------------------------

def describe_deployment(ctx: DescribeContext, resource, namespace: str, name: str) -> str:
    d = ctx.get(group_path("apps/v1", "deployments", namespace, name))
    events = events_for(ctx, d, "Deployment")
    try:
        old, new = all_replica_sets(ctx, d)
    except StatusError:
        old, new = [], None
    return _deployment_text(d, old, [new] if new is not None else [], events, ctx.now)


def all_replica_sets(ctx: DescribeContext, d: dict) -> tuple[list, dict | None]:
    """(all old replica sets, the new one or None)."""
    selector = label_selector_string(spec(d).get("selector"))
    query = {"labelSelector": selector} if selector else {}
    uid = meta(d).get("uid")
    owned = [rs for rs in ctx.list(group_path("apps/v1", "replicasets", meta(d).get("namespace")), query)
             if (controller_of(rs) or {}).get("uid") == uid]

    def created(rs):
        t = parse_time(meta(rs).get("creationTimestamp"))
        return float("-inf") if t is None else t

    go_sort(owned, lambda a, b: (meta(a).get("name", "") < meta(b).get("name", "")) if created(a) == created(b)
            else created(a) < created(b))
    template = _without_hash(spec(d).get("template"))
    new = next((rs for rs in owned if _without_hash(spec(rs).get("template")) == template), None)
    old = [rs for rs in owned if new is None or meta(rs).get("uid") != meta(new).get("uid")]
    return old, new


def _without_hash(template: dict | None):
    """The template for apiequality.Semantic.DeepEqual: pod-template-hash and zero values gone."""
    t = _semantic(template or {})
    labels = (t.get("metadata") or {}).get("labels")
    if labels:
        labels.pop(POD_TEMPLATE_HASH, None)
        if not labels:
            t["metadata"].pop("labels")
            if not t["metadata"]:
                t.pop("metadata")
    return t


def _semantic(value):
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            v = _semantic(v)
            if v not in (None, "", False, 0, {}, []):
                out[k] = v
        return out
    if isinstance(value, list):
        return [_semantic(v) for v in value]
    return value


def _replica_sets_text(sets: list) -> str:
    text = ", ".join(f"{meta(rs).get('name', '')} ({status(rs).get('replicas', 0)}/"
                     f"{spec(rs).get('replicas', 0)} replicas created)" for rs in sets)
    return text or "<none>"


def _deployment_text(d: dict, old: list, new: list, events, now: float) -> str:
    w = PrefixWriter()
    m, s, st = meta(d), spec(d), status(d)
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    w.write(LEVEL_0, f"Namespace:\t{m.get('namespace', '')}\n")
    w.write(LEVEL_0, f"CreationTimestamp:\t{rfc1123z(m.get('creationTimestamp'))}\n")
    print_labels_multiline(w, "Labels", m.get("labels"))
    print_annotations_multiline(w, "Annotations", m.get("annotations"))
    w.write(LEVEL_0, f"Selector:\t{label_selector_string(s.get('selector'))}\n")
    w.write(LEVEL_0, f"Replicas:\t{s.get('replicas', 0)} desired | {st.get('updatedReplicas', 0)} updated | "
                     f"{st.get('replicas', 0)} total | {st.get('availableReplicas', 0)} available | "
                     f"{st.get('unavailableReplicas', 0)} unavailable\n")
    strategy = s.get("strategy") or {}
    w.write(LEVEL_0, f"StrategyType:\t{strategy.get('type', '')}\n")
    w.write(LEVEL_0, f"MinReadySeconds:\t{s.get('minReadySeconds', 0)}\n")
    ru = strategy.get("rollingUpdate")
    if ru is not None:
        w.write(LEVEL_0, f"RollingUpdateStrategy:\t{_int_or_string(ru.get('maxUnavailable'))} max unavailable, "
                         f"{_int_or_string(ru.get('maxSurge'))} max surge\n")
    describe_pod_template(s.get("template") or {}, w)
    _conditions(d, w)
    if old or new:
        w.write(LEVEL_0, f"OldReplicaSets:\t{_replica_sets_text(old)}\n")
        w.write(LEVEL_0, f"NewReplicaSet:\t{_replica_sets_text(new)}\n")
    if events is not None:
        describe_events(events, w, now)
    return w.string()


# ---- replica sets and replication controllers ------------------------------------------------

def describe_replica_set(ctx: DescribeContext, resource, namespace: str, name: str) -> str:
    rs = ctx.get(group_path("apps/v1", "replicasets", namespace, name))
    selector = label_selector_string(spec(rs).get("selector"))
    pod_error = None
    try:
        counts = pod_status_for_controller(ctx, namespace, selector or "", meta(rs).get("uid"))
    except StatusError as e:
        counts, pod_error = None, e
    events = events_for(ctx, rs, "ReplicaSet")
    w = PrefixWriter()
    m, s, st = meta(rs), spec(rs), status(rs)
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    w.write(LEVEL_0, f"Namespace:\t{m.get('namespace', '')}\n")
    w.write(LEVEL_0, f"Selector:\t{format_label_selector(s.get('selector'))}\n")
    print_labels_multiline(w, "Labels", m.get("labels"))
    print_annotations_multiline(w, "Annotations", m.get("annotations"))
    controlled_by = print_controller(rs)
    if controlled_by:
        w.write(LEVEL_0, f"Controlled By:\t{controlled_by}\n")
    w.write(LEVEL_0, f"Replicas:\t{st.get('replicas', 0)} current / {s.get('replicas', 0)} desired\n")
    w.write(LEVEL_0, "Pods Status:\t")
    if pod_error is not None:
        w.write(LEVEL_0, f"error in fetching pods: {pod_error.message}\n")
    else:
        w.write(LEVEL_0, _pods_status(counts) + "\n")
    describe_pod_template(s.get("template") or {}, w)
    _conditions(rs, w)
    if events is not None:
        describe_events(events, w, ctx.now)
    return w.string()


def describe_replication_controller(ctx: DescribeContext, resource, namespace: str, name: str) -> str:
    rc = ctx.get(core_path("replicationcontrollers", namespace, name))
    m, s, st = meta(rc), spec(rc), status(rc)
    selector = ",".join(f"{k}={v}" for k, v in sorted((s.get("selector") or {}).items()))
    counts = pod_status_for_controller(ctx, namespace, selector, m.get("uid"))
    events = events_for(ctx, rc, "ReplicationController")
    w = PrefixWriter()
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    w.write(LEVEL_0, f"Namespace:\t{m.get('namespace', '')}\n")
    w.write(LEVEL_0, f"Selector:\t{format_labels(s.get('selector'))}\n")
    print_labels_multiline(w, "Labels", m.get("labels"))
    print_annotations_multiline(w, "Annotations", m.get("annotations"))
    w.write(LEVEL_0, f"Replicas:\t{st.get('replicas', 0)} current / {s.get('replicas', 0)} desired\n")
    w.write(LEVEL_0, f"Pods Status:\t{_pods_status(counts)}\n")
    describe_pod_template(s.get("template"), w)
    _conditions(rc, w)
    if events is not None:
        describe_events(events, w, ctx.now)
    return w.string()


# ---- daemon sets and stateful sets -----------------------------------------------------------

def describe_daemon_set(ctx: DescribeContext, resource, namespace: str, name: str) -> str:
    ds = ctx.get(group_path("apps/v1", "daemonsets", namespace, name))
    m, s, st = meta(ds), spec(ds), status(ds)
    selector = label_selector_string(s.get("selector")) or ""
    counts = pod_status_for_controller(ctx, namespace, selector, m.get("uid"))
    events = events_for(ctx, ds, "DaemonSet")
    w = PrefixWriter()
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    w.write(LEVEL_0, f"Selector:\t{selector}\n")
    node_selector = ((s.get("template") or {}).get("spec") or {}).get("nodeSelector")
    w.write(LEVEL_0, f"Node-Selector:\t{format_labels(node_selector)}\n")
    print_labels_multiline(w, "Labels", m.get("labels"))
    print_annotations_multiline(w, "Annotations", m.get("annotations"))
    w.write(LEVEL_0, f"Desired Number of Nodes Scheduled: {st.get('desiredNumberScheduled', 0)}\n")
    w.write(LEVEL_0, f"Current Number of Nodes Scheduled: {st.get('currentNumberScheduled', 0)}\n")
    w.write(LEVEL_0, f"Number of Nodes Scheduled with Up-to-date Pods: {st.get('updatedNumberScheduled', 0)}\n")
    w.write(LEVEL_0, f"Number of Nodes Scheduled with Available Pods: {st.get('numberAvailable', 0)}\n")
    w.write(LEVEL_0, f"Number of Nodes Misscheduled: {st.get('numberMisscheduled', 0)}\n")
    w.write(LEVEL_0, f"Pods Status:\t{_pods_status(counts)}\n")
    describe_pod_template(s.get("template") or {}, w)
    if events is not None:
        describe_events(events, w, ctx.now)
    return w.string()


def describe_stateful_set(ctx: DescribeContext, resource, namespace: str, name: str) -> str:
    ss = ctx.get(group_path("apps/v1", "statefulsets", namespace, name))
    m, s, st = meta(ss), spec(ss), status(ss)
    selector = label_selector_string(s.get("selector")) or ""
    counts = pod_status_for_controller(ctx, namespace, selector, m.get("uid"))
    events = events_for(ctx, ss, "StatefulSet")
    w = PrefixWriter()
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    w.write(LEVEL_0, f"Namespace:\t{m.get('namespace', '')}\n")
    w.write(LEVEL_0, f"CreationTimestamp:\t{rfc1123z(m.get('creationTimestamp'))}\n")
    w.write(LEVEL_0, f"Selector:\t{selector}\n")
    print_labels_multiline(w, "Labels", m.get("labels"))
    print_annotations_multiline(w, "Annotations", m.get("annotations"))
    w.write(LEVEL_0, f"Replicas:\t{s.get('replicas', 0)} desired | {st.get('replicas', 0)} total\n")
    strategy = s.get("updateStrategy") or {}
    w.write(LEVEL_0, f"Update Strategy:\t{strategy.get('type', '')}\n")
    ru = strategy.get("rollingUpdate")
    if ru is not None and ru.get("partition") is not None:
        w.write(LEVEL_1, f"Partition:\t{ru['partition']}\n")
        if ru.get("maxUnavailable") is not None:
            w.write(LEVEL_1, f"MaxUnavailable:\t{ru['maxUnavailable']}\n")
    w.write(LEVEL_0, f"Pods Status:\t{_pods_status(counts)}\n")
    describe_pod_template(s.get("template") or {}, w)
    describe_volume_claim_templates(s.get("volumeClaimTemplates"), w)
    if events is not None:
        describe_events(events, w, ctx.now)
    return w.string()


def describe_volume_claim_templates(templates: list | None, w) -> None:
    if not templates:
        w.write(LEVEL_0, "Volume Claims:\t<none>\n")
        return
    w.write(LEVEL_0, "Volume Claims:\n")
    for pvc in templates:
        m = meta(pvc)
        w.write(LEVEL_1, f"Name:\t{m.get('name', '')}\n")
        w.write(LEVEL_1, f"StorageClass:\t{persistent_volume_claim_class(pvc)}\n")
        print_labels_multiline(w, "Labels", m.get("labels"), initial_indent="  ")
        print_labels_multiline(w, "Annotations", m.get("annotations"), initial_indent="  ")
        requests = ((spec(pvc).get("resources") or {}).get("requests") or {})
        if "storage" in requests:
            from .gofmt import quantity
            q = quantity(requests["storage"])
            w.write(LEVEL_1, f"Capacity:\t{q if q is not None else requests['storage']}\n")
        else:
            w.write(LEVEL_1, "Capacity:\t<default>\n")
        modes = spec(pvc).get("accessModes") or []
        w.write(LEVEL_1, f"Access Modes:\t[{' '.join(modes)}]\n")
