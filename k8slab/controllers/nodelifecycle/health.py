"""Reading a node's health from its status and its Lease, and marking it Unknown when both stop.

Follows `pkg/controller/nodelifecycle/node_lifecycle_controller.go` (nodeHealthData,
tryUpdateNodeHealth): the controller keeps, per node, when it last saw a sign of life (a new
Ready heartbeat or a renewed Lease in kube-node-lease) on *its own* clock, so skew between the
kubelet's and the controller's clocks does not matter. When that probe time is older than the
grace period (nodeMonitorGracePeriod: 50 s today, 40 s in v1.11; nodeStartupGracePeriod 60 s
for a node that never reported), the Ready, MemoryPressure, DiskPressure and PIDPressure
conditions become Unknown: reason NodeStatusUnknown, message "Kubelet stopped posting node
status." (or NodeStatusNeverUpdated, "Kubelet never posted node status."), written with
UpdateStatus. NetworkUnavailable is left alone.

Differences from upstream: v1.11 did not touch PIDPressure; the book profile keeps that.
"""

from __future__ import annotations

from k8slab.api.copying import deep_copy

from dataclasses import dataclass

from ...api.names import parse_rfc3339, rfc3339

NODE_LEASE_NAMESPACE = "kube-node-lease"


@dataclass
class NodeHealth:
    probe_timestamp: float                   # Unix seconds, the controller's clock
    ready_transition_timestamp: float
    status: dict
    lease: dict | None = None


def get_condition(status: dict | None, ctype: str) -> dict | None:
    for c in (status or {}).get("conditions") or []:
        if c.get("type") == ctype:
            return c
    return None


def _renew_time(lease: dict | None) -> float:
    t = ((lease or {}).get("spec") or {}).get("renewTime")
    return parse_rfc3339(t) if t else 0.0


def try_update_node_health(ctl, node: dict):
    """(grace period, observed Ready condition, current Ready condition, node); may UpdateStatus.
    `node` is the informer's shared object: it is copied only when it has to change."""
    name = node["metadata"]["name"]
    health = ctl.node_health.get(name)
    now = ctl.now()
    status = node.get("status") or {}
    current = get_condition(status, "Ready")
    created = parse_rfc3339(node["metadata"]["creationTimestamp"])
    if current is None:
        observed = {"type": "Ready", "status": "Unknown",
                    "lastHeartbeatTime": node["metadata"]["creationTimestamp"],
                    "lastTransitionTime": node["metadata"]["creationTimestamp"]}
        grace = ctl.node_startup_grace_period
        if health is not None:
            health.status = status
        else:
            health = NodeHealth(created, created, status)
    else:
        observed = dict(current)
        grace = ctl.node_monitor_grace_period
    saved = get_condition(health.status, "Ready") if health is not None else None
    saved_lease = health.lease if health is not None else None
    if health is None:
        health = NodeHealth(now, now, status)
    elif saved is None and current is not None:
        health = NodeHealth(now, now, status)
    elif saved is not None and current is None:
        health = NodeHealth(now, now, status)
    elif saved is not None and current is not None and \
            saved.get("lastHeartbeatTime") != current.get("lastHeartbeatTime"):
        transition = now if saved.get("lastTransitionTime") != current.get("lastTransitionTime") \
            else health.ready_transition_timestamp
        health = NodeHealth(now, transition, status)
    lease = ctl.leases.get(NODE_LEASE_NAMESPACE, name)
    if lease is not None and (saved_lease is None or _renew_time(saved_lease) < _renew_time(lease)):
        health.lease = lease
        health.probe_timestamp = now
    ctl.node_health[name] = health

    if now > health.probe_timestamp + grace:
        node = deep_copy(node)
        status = node.setdefault("status", {})
        now_text = rfc3339(now)
        for ctype in ctl.condition_types_to_mark_unknown:
            cond = get_condition(status, ctype)
            if cond is None:
                status.setdefault("conditions", []).append({
                    "type": ctype, "status": "Unknown", "lastHeartbeatTime": node["metadata"]["creationTimestamp"],
                    "lastTransitionTime": now_text, "reason": "NodeStatusNeverUpdated",
                    "message": "Kubelet never posted node status."})
            elif cond.get("status") != "Unknown":
                cond.update(status="Unknown", reason="NodeStatusUnknown",
                            message="Kubelet stopped posting node status.", lastTransitionTime=now_text)
        current = get_condition(status, "Ready")
        if current != observed:
            from ..base import update_status
            update_status(ctl.client, {**node, "apiVersion": "v1", "kind": "Node"})
            ctl.node_health[name] = NodeHealth(health.probe_timestamp, now, status, lease)
        return grace, observed, get_condition(status, "Ready"), node
    return grace, observed, current, node
