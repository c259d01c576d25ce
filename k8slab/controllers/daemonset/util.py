"""DaemonSet helpers: which nodes a daemon pod belongs on, and the pod template it gets.

Follows `pkg/controller/daemon/util/daemonset_util.go` (AddOrUpdateDaemonPodTolerations,
CreatePodTemplate, ReplaceDaemonSetPodNodeNameNodeAffinity, GetTargetNodeName, IsPodUpdated,
SurgeCount, UnavailableCount), `NodeShouldRunDaemonPod`/`predicates` of
`pkg/controller/daemon/daemon_controller.go`, and the matching rules of
`component-helpers/scheduling/corev1/nodeaffinity` and `v1/helper` (ToleratesTaint).

Since v1.12 the controller no longer picks a node by setting spec.nodeName: it gives each pod a
required node affinity on the field `metadata.name` of one node, and the scheduler binds it.
Daemon pods tolerate the node-problem taints (not-ready, unreachable for NoExecute; disk,
memory and PID pressure, unschedulable, and network-unavailable for host-network pods, for
NoSchedule), so a daemon keeps running where ordinary pods are evicted or refused.

Differences from upstream: node selector terms support matchExpressions and the
`metadata.name` matchField only (as upstream's fields selector does).
"""

from __future__ import annotations

from k8slab.api.copying import deep_copy


from ..base import scaled_value

DEFAULT_DAEMONSET_UNIQUE_LABEL_KEY = "controller-revision-hash"
DAEMONSET_TEMPLATE_GENERATION_KEY = "pod-template-generation"
TEMPLATE_GENERATION_ANNOTATION = "deprecated.daemonset.template.generation"

DAEMON_TOLERATIONS = [
    ("node.kubernetes.io/not-ready", "NoExecute", False),
    ("node.kubernetes.io/unreachable", "NoExecute", False),
    ("node.kubernetes.io/disk-pressure", "NoSchedule", False),
    ("node.kubernetes.io/memory-pressure", "NoSchedule", False),
    ("node.kubernetes.io/pid-pressure", "NoSchedule", False),
    ("node.kubernetes.io/unschedulable", "NoSchedule", False),
    ("node.kubernetes.io/network-unavailable", "NoSchedule", True),   # host network pods only
]


# ---- tolerations ------------------------------------------------------------------------------

def _match_toleration(a: dict, b: dict) -> bool:
    """MatchToleration: same key, effect, operator and value (the identity of a toleration)."""
    return all((a.get(k) or "") == (b.get(k) or "") for k in ("key", "effect", "operator", "value"))


def add_or_update_toleration(spec: dict, toleration: dict) -> bool:
    tolerations = spec.get("tolerations") or []
    for i, t in enumerate(tolerations):
        if _match_toleration(t, toleration):
            if t == toleration:
                return False
            tolerations[i] = toleration
            spec["tolerations"] = tolerations
            return True
    spec["tolerations"] = tolerations + [toleration]
    return True


def add_or_update_daemon_pod_tolerations(spec: dict) -> None:
    for key, effect, host_network_only in DAEMON_TOLERATIONS:
        if host_network_only and not spec.get("hostNetwork"):
            continue
        add_or_update_toleration(spec, {"key": key, "operator": "Exists", "effect": effect})


def tolerates_taint(toleration: dict, taint: dict) -> bool:
    if toleration.get("effect") and toleration["effect"] != taint.get("effect"):
        return False
    if toleration.get("key") and toleration["key"] != taint.get("key"):
        return False
    op = toleration.get("operator") or "Equal"
    if op == "Exists":
        return True
    return op == "Equal" and (toleration.get("value") or "") == (taint.get("value") or "")


def find_matching_untolerated_taint(taints: list[dict], tolerations: list[dict], effects) -> dict | None:
    for taint in taints:
        if taint.get("effect") not in effects:
            continue
        if not any(tolerates_taint(t, taint) for t in tolerations):
            return taint
    return None


# ---- node affinity ----------------------------------------------------------------------------

def _requirement_matches(req: dict, value: str | None, present: bool) -> bool:
    op, values = req.get("operator"), req.get("values") or []
    if op == "In":
        return present and value in values
    if op == "NotIn":
        return not present or value not in values
    if op == "Exists":
        return present
    if op == "DoesNotExist":
        return not present
    if op in ("Gt", "Lt") and present and len(values) == 1:
        try:
            have, want = int(value), int(values[0])
        except ValueError:
            return False
        return have > want if op == "Gt" else have < want
    return False


def _term_matches(term: dict, node: dict) -> bool:
    exprs, fields = term.get("matchExpressions") or [], term.get("matchFields") or []
    if not exprs and not fields:
        return False                    # an empty term matches no node
    labels = node["metadata"].get("labels") or {}
    for req in exprs:
        if not _requirement_matches(req, labels.get(req["key"]), req["key"] in labels):
            return False
    for req in fields:
        if req.get("key") != "metadata.name" or not _requirement_matches(req, node["metadata"]["name"], True):
            return False
    return True


def required_node_affinity_matches(pod_spec: dict, node: dict) -> bool:
    """nodeSelector labels, and any one of the required node affinity terms."""
    labels = node["metadata"].get("labels") or {}
    for k, v in (pod_spec.get("nodeSelector") or {}).items():
        if labels.get(k) != v:
            return False
    required = (((pod_spec.get("affinity") or {}).get("nodeAffinity") or {})
                .get("requiredDuringSchedulingIgnoredDuringExecution"))
    if required is None:
        return True
    return any(_term_matches(t, node) for t in required.get("nodeSelectorTerms") or [])


def node_should_run_daemon_pod(node: dict, ds: dict) -> tuple[bool, bool]:
    """(should run: a new daemon pod may be placed here, should continue running: an existing
    one may stay). A NoSchedule taint stops new pods only; NoExecute evicts them too."""
    spec = deep_copy(ds["spec"]["template"].get("spec") or {})
    add_or_update_daemon_pod_tolerations(spec)
    node_name = node["metadata"]["name"]
    if spec.get("nodeName") and spec["nodeName"] != node_name:
        return False, False
    if not required_node_affinity_matches(spec, node):
        return False, False
    taints = (node.get("spec") or {}).get("taints") or []
    tolerations = spec.get("tolerations") or []
    if find_matching_untolerated_taint(taints, tolerations, ("NoSchedule", "NoExecute")) is not None:
        untolerated_no_execute = find_matching_untolerated_taint(taints, tolerations, ("NoExecute",))
        return False, untolerated_no_execute is None
    return True, True


# ---- the daemon pod template ------------------------------------------------------------------

def get_template_generation(ds: dict) -> int | None:
    text = (ds["metadata"].get("annotations") or {}).get(TEMPLATE_GENERATION_ANNOTATION)
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def create_pod_template(template: dict, generation: int | None, hash_: str) -> dict:
    t = deep_copy(template)
    add_or_update_daemon_pod_tolerations(t.setdefault("spec", {}))
    labels = t.setdefault("metadata", {}).get("labels") or {}
    if generation is not None:
        labels[DAEMONSET_TEMPLATE_GENERATION_KEY] = str(generation)
    if hash_:
        labels[DEFAULT_DAEMONSET_UNIQUE_LABEL_KEY] = hash_
    t["metadata"]["labels"] = labels
    return t


def replace_daemon_set_pod_node_name_node_affinity(affinity: dict | None, node_name: str) -> dict:
    """Pin a daemon pod to one node through required node affinity on metadata.name."""
    term = {"matchFields": [{"key": "metadata.name", "operator": "In", "values": [node_name]}]}
    affinity = deep_copy(affinity) if affinity else {}
    node_affinity = affinity.get("nodeAffinity")
    if not node_affinity:
        affinity["nodeAffinity"] = {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [term]}}
        return affinity
    required = node_affinity.get("requiredDuringSchedulingIgnoredDuringExecution")
    if not required:
        node_affinity["requiredDuringSchedulingIgnoredDuringExecution"] = {"nodeSelectorTerms": [term]}
        return affinity
    required["nodeSelectorTerms"] = [term]     # the node name replaces any other term
    return affinity


def get_target_node_name(pod: dict) -> str | None:
    """The node a daemon pod is bound to, or pinned to by its metadata.name affinity."""
    if pod["spec"].get("nodeName"):
        return pod["spec"]["nodeName"]
    required = ((((pod["spec"].get("affinity") or {}).get("nodeAffinity") or {})
                 .get("requiredDuringSchedulingIgnoredDuringExecution")) or {})
    for term in required.get("nodeSelectorTerms") or []:
        for req in term.get("matchFields") or []:
            if req.get("key") == "metadata.name" and req.get("operator") == "In" and len(req.get("values") or []) == 1:
                return req["values"][0]
    return None


def is_pod_updated(pod: dict, hash_: str, generation: int | None) -> bool:
    labels = pod["metadata"].get("labels") or {}
    template_matches = generation is not None and labels.get(DAEMONSET_TEMPLATE_GENERATION_KEY) == str(generation)
    hash_matches = bool(hash_) and labels.get(DEFAULT_DAEMONSET_UNIQUE_LABEL_KEY) == hash_
    return hash_matches or template_matches


def _rolling(ds: dict) -> dict | None:
    us = ds["spec"].get("updateStrategy") or {}
    return us.get("rollingUpdate") if us.get("type", "RollingUpdate") == "RollingUpdate" else None


def surge_count(ds: dict, number_to_schedule: int) -> int:
    r = _rolling(ds)
    return 0 if r is None or r.get("maxSurge") is None else scaled_value(r["maxSurge"], number_to_schedule, True)


def unavailable_count(ds: dict, number_to_schedule: int) -> int:
    """Rounded up (unlike a Deployment's maxUnavailable)."""
    r = _rolling(ds)
    return 0 if r is None or r.get("maxUnavailable") is None else \
        scaled_value(r["maxUnavailable"], number_to_schedule, True)


def allows_surge(ds: dict) -> bool:
    r = _rolling(ds)
    return r is not None and r.get("maxSurge") is not None and scaled_value(r["maxSurge"], 1, True) != 0
