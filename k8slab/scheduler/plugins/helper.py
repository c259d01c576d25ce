"""Helpers shared by plugins: toleration matching, node selectors, score normalization, and the
default spreading selector.

Follows `staging/src/k8s.io/api/core/v1/toleration.go` (ToleratesTaint),
`staging/src/k8s.io/component-helpers/scheduling/corev1/helpers.go` (FindMatchingUntoleratedTaint),
`staging/src/k8s.io/component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity.go`
(RequiredNodeAffinity: nodeSelector AND any of the required NodeSelectorTerms; operators In, NotIn,
Exists, DoesNotExist, Gt, Lt; matchFields on metadata.name), `pkg/scheduler/framework/plugins/helper/
normalize_score.go` (DefaultNormalizeScore) and `.../helper/spread.go` (DefaultSelector).

Differences from upstream: label values are not re-validated while matching.
"""

from __future__ import annotations

from ...api.selectors import matches_labels, selector_from_label_selector

TAINT_NODE_UNSCHEDULABLE = "node.kubernetes.io/unschedulable"


def tolerates(tol: dict, key: str, value: str, effect: str) -> bool:
    """Toleration.ToleratesTaint."""
    t_effect = tol.get("effect") or ""
    if t_effect and t_effect != effect:
        return False
    t_key = tol.get("key") or ""
    if t_key and t_key != key:
        return False
    op = tol.get("operator") or ""
    if op in ("", "Equal"):
        return (tol.get("value") or "") == value
    return op == "Exists"


def tolerations_tolerate(tolerations, key: str, value: str, effect: str) -> bool:
    return any(tolerates(t, key, value, effect) for t in tolerations)


def find_matching_untolerated_taint(taints, tolerations, effects=("NoSchedule", "NoExecute")):
    """The first taint (key, value, effect) with one of `effects` that no toleration tolerates."""
    for key, value, effect in taints:
        if effect in effects and not tolerations_tolerate(tolerations, key, value, effect):
            return key, value, effect
    return None


def _requirement_matches(req: dict, labels: dict) -> bool:
    op, key, values = req.get("operator"), req.get("key") or "", req.get("values") or []
    present = key in labels
    if op == "In":
        return present and labels[key] in values
    if op == "NotIn":
        return not present or labels[key] not in values
    if op == "Exists":
        return present
    if op == "DoesNotExist":
        return not present
    if op in ("Gt", "Lt"):
        if not present or len(values) != 1:
            return False
        try:
            have, want = int(labels[key]), int(values[0])
        except ValueError:
            return False
        return have > want if op == "Gt" else have < want
    return False


def _field_matches(req: dict, node_name: str) -> bool:
    if req.get("key") != "metadata.name":
        return False
    op, values = req.get("operator"), req.get("values") or []
    if op == "In":
        return node_name in values
    if op == "NotIn":
        return node_name not in values
    return False


def node_selector_term_matches(term: dict, labels: dict, node_name: str) -> bool:
    exprs, fields = term.get("matchExpressions") or [], term.get("matchFields") or []
    if not exprs and not fields:
        return False                      # an empty term matches no objects
    return (all(_requirement_matches(r, labels) for r in exprs)
            and all(_field_matches(r, node_name) for r in fields))


def node_selector_matches(selector: dict | None, labels: dict, node_name: str) -> bool:
    """A NodeSelector: its terms are ORed."""
    return any(node_selector_term_matches(t, labels, node_name)
               for t in (selector or {}).get("nodeSelectorTerms") or [])


class RequiredNodeAffinity:
    """nodeaffinity.GetRequiredNodeAffinity(pod): spec.nodeSelector AND required node affinity."""

    __slots__ = ("node_selector", "required")

    def __init__(self, pod: dict):
        spec = pod.get("spec") or {}
        self.node_selector = spec.get("nodeSelector") or {}
        na = (spec.get("affinity") or {}).get("nodeAffinity") or {}
        self.required = na.get("requiredDuringSchedulingIgnoredDuringExecution")

    @property
    def empty(self) -> bool:
        return not self.node_selector and self.required is None

    def match(self, labels: dict, node_name: str) -> bool:
        for k, v in self.node_selector.items():
            if labels.get(k) != v:
                return False
        return self.required is None or node_selector_matches(self.required, labels, node_name)


def default_normalize_score(max_priority: int, reverse: bool, scores: list) -> None:
    """Scale scores to [0, max_priority] by the highest one; reverse flips them (in place)."""
    max_count = max(scores, default=0)
    if max_count == 0:
        if reverse:
            scores[:] = [max_priority] * len(scores)
        return
    for i, s in enumerate(scores):
        s = max_priority * s // max_count
        scores[i] = max_priority - s if reverse else s


def default_selector(pod: dict, handle) -> list | None:
    """helper.DefaultSelector: the labels of Services and ReplicationControllers selecting the pod,
    ANDed with the selectors of its ReplicaSets and StatefulSets; [] when nothing selects it."""
    meta = pod["metadata"]
    ns, labels = meta.get("namespace"), meta.get("labels") or {}
    label_set: dict = {}
    for kind in ("services", "replicationcontrollers"):
        for obj in handle.lister(kind).list(ns):
            sel = (obj.get("spec") or {}).get("selector") or {}
            if sel and all(labels.get(k) == v for k, v in sel.items()):
                label_set.update(sel)
    reqs: list = [(k, "=", (v,)) for k, v in sorted(label_set.items())]
    for kind in ("replicasets", "statefulsets"):
        for obj in handle.lister(kind).list(ns):
            sel = selector_from_label_selector((obj.get("spec") or {}).get("selector"))
            if sel and matches_labels(sel, labels):
                reqs.extend(sel)
    return reqs
