"""Core group, pod-shaped resources: pods, podtemplates, replicationcontrollers.

Follows `pkg/printers/internalversion/printers.go`: `printPod` (the STATUS word kubectl shows --
`Init:0/1`, `PodInitializing`, `ContainerCreating`, `CrashLoopBackOff`, `Completed`, `Error`,
`Terminating`, `Unknown` -- and RESTARTS with `(5m ago)`), `printPodTemplate`,
`printReplicationController`.

Differences from upstream: a missing `spec.replicas` reads as its API default, 1.
"""

from __future__ import annotations

from .common import (AGE, CONTAINERS_WIDE, IMAGES_WIDE, NAME, Printer, age, column, dig,
                     format_labels, layout_container_cells, name_of, parse_time,
                     translate_timestamp_since)

# --- pods -----------------------------------------------------------------------------------------

POD_COLUMNS = (
    NAME,
    column("Ready", "string", "The aggregate readiness state of this pod for accepting traffic."),
    column("Status", "string", "The aggregate status of the containers in this pod."),
    column("Restarts", "string", "The number of times the containers in this pod have been "
           "restarted and when the last container in this pod has restarted."),
    AGE,
    column("IP", "string", "The pod's primary IP address (status.podIPs[0]).", priority=1),
    column("Node", "string", "The node the pod is bound to (spec.nodeName).", priority=1),
    column("Nominated Node", "string", "The node the scheduler nominated while preempting other "
           "pods for this one (status.nominatedNodeName).", priority=1),
    column("Readiness Gates", "string", "How many of the pod's extra readiness conditions "
           "(spec.readinessGates) are True.", priority=1),
)

NODE_UNREACHABLE_POD_REASON = "NodeLost"     # pkg/util/node.NodeUnreachablePodReason

_SUCCEEDED_CONDITIONS = [{"type": "Completed", "status": "True", "reason": "Succeeded",
                          "message": "The pod has completed successfully."}]
_FAILED_CONDITIONS = [{"type": "Completed", "status": "True", "reason": "Failed",
                       "message": "The pod failed."}]


def _is_restartable_init_container(container: dict | None) -> bool:
    """A sidecar: an init container with restartPolicy Always."""
    return container is not None and container.get("restartPolicy") == "Always"


def _last_termination(status: dict) -> float | None:
    return parse_time(dig(status, "lastState", "terminated", "finishedAt"))


def _later(current: float | None, candidate: float | None) -> float | None:
    if candidate is not None and (current is None or current < candidate):
        return candidate
    return current


def _condition_true(pod_status: dict, condition_type: str, *, first_only: bool) -> bool:
    for condition in pod_status.get("conditions") or []:
        if condition.get("type") != condition_type:
            continue
        if condition.get("status") == "True" or first_only:
            return condition.get("status") == "True"
    return False


def _terminated_word(terminated: dict, prefix: str) -> str:
    if terminated.get("reason"):
        return prefix + terminated["reason"]
    if terminated.get("signal"):
        return f"{prefix}Signal:{terminated['signal']}"
    return f"{prefix}ExitCode:{terminated.get('exitCode', 0)}"


def pod_status_and_restarts(pod: dict, now: float) -> tuple[str, str, str]:
    """The READY, STATUS and RESTARTS cells of `printPod`."""
    spec, status = pod.get("spec") or {}, pod.get("status") or {}
    init_specs = spec.get("initContainers") or []
    init_by_name = {c.get("name"): c for c in init_specs}
    total = len(spec.get("containers") or []) + sum(map(_is_restartable_init_container, init_specs))
    ready = 0
    restarts, sidecar_restarts = 0, 0
    last_restart, last_sidecar_restart = None, None

    phase = status.get("phase") or ""
    reason = status.get("reason") or phase
    for condition in status.get("conditions") or []:
        if condition.get("type") == "PodScheduled" and condition.get("reason") == "SchedulingGated":
            reason = "SchedulingGated"

    # Init containers run in order: the first one not done decides the word (Init:1/2, Init:Error...).
    initializing = False
    for i, cs in enumerate(status.get("initContainerStatuses") or []):
        count = cs.get("restartCount") or 0
        restarts += count
        last_restart = _later(last_restart, _last_termination(cs))
        sidecar = _is_restartable_init_container(init_by_name.get(cs.get("name")))
        if sidecar:
            sidecar_restarts += count
            last_sidecar_restart = _later(last_sidecar_restart, _last_termination(cs))
        state = cs.get("state") or {}
        terminated, waiting = state.get("terminated"), state.get("waiting")
        if terminated is not None and (terminated.get("exitCode") or 0) == 0:
            continue
        if sidecar and cs.get("started"):
            ready += 1 if cs.get("ready") else 0
            continue
        if terminated is not None:
            reason = _terminated_word(terminated, "Init:")
        elif waiting is not None and waiting.get("reason") and waiting["reason"] != "PodInitializing":
            reason = "Init:" + waiting["reason"]
        else:
            reason = f"Init:{i}/{len(init_specs)}"
        initializing = True
        break

    if not initializing or _condition_true(status, "Initialized", first_only=True):
        restarts, last_restart = sidecar_restarts, last_sidecar_restart
        has_running = False
        # Walked last to first, so the first container with a waiting/terminated reason wins.
        for cs in reversed(status.get("containerStatuses") or []):
            restarts += cs.get("restartCount") or 0
            last_restart = _later(last_restart, _last_termination(cs))
            state = cs.get("state") or {}
            terminated, waiting = state.get("terminated"), state.get("waiting")
            if waiting is not None and waiting.get("reason"):
                reason = waiting["reason"]
            elif terminated is not None:
                reason = _terminated_word(terminated, "")
            elif cs.get("ready") and state.get("running") is not None:
                has_running = True
                ready += 1
        # A pod whose finished container said Completed is still Running if another one runs.
        if reason == "Completed" and has_running:
            reason = "Running" if _condition_true(status, "Ready", first_only=False) else "NotReady"

    deleting = bool(dig(pod, "metadata", "deletionTimestamp"))
    if deleting and status.get("reason") == NODE_UNREACHABLE_POD_REASON:
        reason = "Unknown"
    elif deleting and phase not in ("Succeeded", "Failed"):
        reason = "Terminating"

    restarts_text = str(restarts)
    if restarts != 0 and last_restart is not None:
        restarts_text = f"{restarts} ({translate_timestamp_since(last_restart, now)} ago)"
    return f"{ready}/{total}", reason, restarts_text


def _readiness_gates(pod: dict) -> str:
    gates = dig(pod, "spec", "readinessGates", default=[])
    if not gates:
        return "<none>"
    conditions = dig(pod, "status", "conditions", default=[])
    true_count = 0
    for gate in gates:
        for condition in conditions:
            if condition.get("type") == gate.get("conditionType"):
                true_count += condition.get("status") == "True"
                break
    return f"{true_count}/{len(gates)}"


def print_pod(pod: dict, now: float) -> list:
    ready, reason, restarts = pod_status_and_restarts(pod, now)
    status = pod.get("status") or {}
    pod_ip = dig(status, "podIPs", 0, "ip") or status.get("podIP") or "<none>"
    return [name_of(pod), ready, reason, restarts, age(pod, now),
            pod_ip,
            dig(pod, "spec", "nodeName") or "<none>",
            status.get("nominatedNodeName") or "<none>",
            _readiness_gates(pod)]


def pod_conditions(pod: dict) -> list:
    """Finished pods carry a `Completed` row condition (clients may dim such rows)."""
    phase = dig(pod, "status", "phase")
    if phase == "Succeeded":
        return _SUCCEEDED_CONDITIONS
    if phase == "Failed":
        return _FAILED_CONDITIONS
    return []


# --- podtemplates, replicationcontrollers ---------------------------------------------------------

POD_TEMPLATE_COLUMNS = (
    NAME,
    column("Containers", "string", "Names of each container in the template."),
    column("Images", "string", "Images referenced by each container in the template."),
    column("Pod Labels", "string", "The labels for the pod template."),
)


def print_pod_template(obj: dict, now: float) -> list:
    names, images = layout_container_cells(dig(obj, "template", "spec", "containers"))
    return [name_of(obj), names, images, format_labels(dig(obj, "template", "metadata", "labels"))]


REPLICATION_CONTROLLER_COLUMNS = (
    NAME,
    column("Desired", "integer", "Number of pods the controller wants (spec.replicas)."),
    column("Current", "integer", "Number of pods the controller currently has (status.replicas)."),
    column("Ready", "integer", "Number of those pods that are ready (status.readyReplicas)."),
    AGE,
    CONTAINERS_WIDE,
    IMAGES_WIDE,
    column("Selector", "string", "Label query the controller's pods must match (spec.selector).",
           priority=1),
)


def print_replication_controller(obj: dict, now: float) -> list:
    names, images = layout_container_cells(dig(obj, "spec", "template", "spec", "containers"))
    return [name_of(obj), dig(obj, "spec", "replicas", default=1),
            dig(obj, "status", "replicas", default=0), dig(obj, "status", "readyReplicas", default=0),
            age(obj, now), names, images, format_labels(dig(obj, "spec", "selector"))]


PRINTERS = {
    "pods": Printer(POD_COLUMNS, print_pod, pod_conditions),
    "podtemplates": Printer(POD_TEMPLATE_COLUMNS, print_pod_template),
    "replicationcontrollers": Printer(REPLICATION_CONTROLLER_COLUMNS, print_replication_controller),
}
