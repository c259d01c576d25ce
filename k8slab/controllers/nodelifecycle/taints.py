"""Taints and tolerations as the node controllers use them.

Follows `pkg/util/taints/taints.go` (TaintExists, TaintSetDiff, AddOrUpdateTaint),
`pkg/controller/controller_utils.go` (AddOrUpdateTaintOnNode, RemoveTaintOffNode: read the node,
change spec.taints, update, retry on conflict), `pkg/controller/util/node/controller_utils.go`
(SwapNodeControllerTaint: new taints get timeAdded), `k8s.io/api/core/v1/toleration.go`
(ToleratesTaint), `pkg/apis/core/v1/helper` (GetMatchingTolerations) and
`plugin/pkg/admission/defaulttolerationseconds` (the 300 s not-ready/unreachable tolerations).

Differences from upstream: node updates are read-modify-write PUTs with conflict retries (upstream
also uses PATCH for some).
"""

from __future__ import annotations

from k8slab.api.copying import deep_copy


from ...api.names import rfc3339
from ...apiserver.errors import APIError

TAINT_NOT_READY = "node.kubernetes.io/not-ready"
TAINT_UNREACHABLE = "node.kubernetes.io/unreachable"
TAINT_UNSCHEDULABLE = "node.kubernetes.io/unschedulable"
TAINT_MEMORY_PRESSURE = "node.kubernetes.io/memory-pressure"
TAINT_DISK_PRESSURE = "node.kubernetes.io/disk-pressure"
TAINT_NETWORK_UNAVAILABLE = "node.kubernetes.io/network-unavailable"
TAINT_PID_PRESSURE = "node.kubernetes.io/pid-pressure"
DEFAULT_TOLERATION_SECONDS = 300
MAX_RETRIES = 5


def match_taint(a: dict, b: dict) -> bool:
    return a.get("key") == b.get("key") and a.get("effect") == b.get("effect")


def taint_exists(taints: list[dict] | None, taint: dict) -> bool:
    return any(match_taint(t, taint) for t in taints or [])


def taint_set_diff(want: list[dict], have: list[dict]) -> tuple[list[dict], list[dict]]:
    """(taints to add, taints to remove), compared by key and effect."""
    return ([t for t in want if not taint_exists(have, t)], [t for t in have if not taint_exists(want, t)])


def _update_node_taints(client, node_name: str, change) -> None:
    for _ in range(MAX_RETRIES):
        node = client.get("v1", "Node", node_name)
        taints = deep_copy((node.get("spec") or {}).get("taints") or [])
        new = change(taints)
        if new is None:
            return
        node.setdefault("spec", {})["taints"] = new
        if not new:
            del node["spec"]["taints"]
        node["apiVersion"], node["kind"] = "v1", "Node"
        try:
            client.update(node)
            return
        except APIError as err:
            if err.code != 409:
                raise
    raise APIError(409, "Conflict", f"failed to update taints of node {node_name}")


def add_or_update_taints_on_node(client, node_name: str, taints: list[dict]) -> None:
    if not taints:
        return

    def change(current):
        updated = False
        for taint in taints:
            for i, t in enumerate(current):
                if match_taint(t, taint):
                    if t != taint:
                        current[i] = dict(taint)
                        updated = True
                    break
            else:
                current.append(dict(taint))
                updated = True
        return current if updated else None
    _update_node_taints(client, node_name, change)


def remove_taints_off_node(client, node_name: str, node: dict | None, taints: list[dict]) -> None:
    if not taints:
        return
    if node is not None and not any(taint_exists((node.get("spec") or {}).get("taints"), t) for t in taints):
        return                                  # the cached node has none of them

    def change(current):
        kept = [t for t in current if not taint_exists(taints, t)]
        return kept if len(kept) != len(current) else None
    try:
        _update_node_taints(client, node_name, change)
    except APIError as err:
        if err.code != 404:
            raise


def swap_node_controller_taint(client, now: float, add: list[dict], remove: list[dict], node: dict) -> bool:
    """SwapNodeControllerTaint: add (stamped with timeAdded), then remove; False on failure."""
    stamped = [{**t, "timeAdded": rfc3339(now)} for t in add]
    try:
        add_or_update_taints_on_node(client, node["metadata"]["name"], stamped)
        remove_taints_off_node(client, node["metadata"]["name"], node, remove)
    except APIError:
        return False
    return True


def tolerates_taint(tol: dict, taint: dict) -> bool:
    """Toleration.ToleratesTaint."""
    if tol.get("effect") and tol["effect"] != taint.get("effect"):
        return False
    if tol.get("key") and tol["key"] != taint.get("key"):
        return False
    op = tol.get("operator") or "Equal"
    if op == "Exists":
        return True
    if op == "Equal":
        return (tol.get("value") or "") == (taint.get("value") or "")
    return False


def get_matching_tolerations(taints: list[dict], tolerations: list[dict]) -> tuple[bool, list[dict]]:
    """(every taint tolerated, the toleration used for each)."""
    used = []
    for taint in taints:
        for tol in tolerations:
            if tolerates_taint(tol, taint):
                used.append(tol)
                break
        else:
            return False, []
    return True, used


def min_toleration_seconds(used: list[dict]) -> float:
    """getMinTolerationTime: 0 for none, -1 for forever."""
    if not used:
        return 0
    seconds = [t["tolerationSeconds"] for t in used if t.get("tolerationSeconds") is not None]
    if not seconds:
        return -1
    return max(0, min(seconds))


def with_default_tolerations(tolerations: list[dict] | None) -> list[dict]:
    """What the DefaultTolerationSeconds admission plugin adds to a pod: NoExecute tolerations of
    the not-ready and unreachable taints for 300 s, unless the pod tolerates them already."""
    out = list(tolerations or [])
    for key in (TAINT_NOT_READY, TAINT_UNREACHABLE):
        if any((not t.get("key") or t["key"] == key) and (not t.get("effect") or t["effect"] == "NoExecute")
               for t in out):
            continue
        out.append({"key": key, "operator": "Exists", "effect": "NoExecute",
                    "tolerationSeconds": DEFAULT_TOLERATION_SECONDS})
    return out
